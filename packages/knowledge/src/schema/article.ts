import { z } from 'zod';

/** Characters allowed in an article id: they appear in URLs and in `articleId#anchor` citations. */
const ID_PATTERN = /^[\p{L}\p{N}][\p{L}\p{N}._\-/]*$/u;

/**
 * The frontmatter keys kotae knows. Any other key is kept as metadata and reported as a warning,
 * so a typo such as `titel` is visible.
 */
export const KNOWN_FRONTMATTER_KEYS = [
  'id',
  'title',
  'locale',
  'audience',
  'tags',
  'contexts',
  'owner',
  'reviewBy',
  'updated',
  'version',
] as const;

const dateLike = z.union([z.string().min(1), z.date().transform((d) => d.toISOString().slice(0, 10))]);

/**
 * An article's frontmatter: required `id` and `title`, the rest optional.
 *
 * @example
 * ```yaml
 * id: reset-password
 * title: Reset your password
 * locale: en
 * tags: [account, login]
 * contexts: [/settings/security, ERR_AUTH_EXPIRED]
 * ```
 */
export const ArticleFrontmatterSchema = z
  .object({
    id: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .pipe(z.string().regex(ID_PATTERN, 'must start with a letter or digit and contain only letters, digits, ".", "_", "-", "/"')),
    title: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .pipe(z.string().trim().min(1, 'must not be empty')),
    locale: z.string().min(2).optional(),
    audience: z.enum(['public', 'internal']).optional(),
    tags: z.array(z.union([z.string(), z.number()]).transform((v) => String(v))).optional(),
    contexts: z.array(z.union([z.string(), z.number()]).transform((v) => String(v))).optional(),
    owner: z.string().optional(),
    reviewBy: dateLike.optional(),
    updated: dateLike.optional(),
    version: z
      .union([z.string(), z.number()])
      .transform((v) => String(v))
      .optional(),
  })
  .loose();

/** The frontmatter of an article after validation (unknown keys kept). */
export type ArticleFrontmatter = z.infer<typeof ArticleFrontmatterSchema>;

/**
 * A loaded article: its frontmatter fields resolved (locale filled from the config default) and
 * its markdown body.
 */
export const ArticleSchema = z.object({
  id: z.string(),
  title: z.string(),
  locale: z.string(),
  audience: z.enum(['public', 'internal']),
  tags: z.array(z.string()),
  contexts: z.array(z.string()),
  owner: z.string().optional(),
  reviewBy: z.string().optional(),
  updated: z.string().optional(),
  version: z.string().optional(),
  /** Unknown frontmatter keys, kept as metadata. */
  meta: z.record(z.string(), z.unknown()),
  /** Path of the source file, relative to the content directory. */
  source: z.string(),
  /** The markdown body, without the frontmatter. */
  body: z.string(),
});

/** A loaded article. */
export type Article = z.infer<typeof ArticleSchema>;
