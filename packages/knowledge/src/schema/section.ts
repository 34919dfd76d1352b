import { z } from 'zod';

/**
 * A section: an article split at its headings. The unit of search and of citation
 * (`articleId#anchor`).
 */
export const SectionSchema = z.object({
  /** `articleId#anchor`; the lead section (text before the first heading) has an empty anchor and the id `articleId`. */
  id: z.string(),
  articleId: z.string(),
  /** Stable anchor derived from the heading text (unique within the article). */
  anchor: z.string(),
  /** The article title. */
  title: z.string(),
  /** The heading path from the article's top to this section (excluding the title itself). */
  headings: z.array(z.string()),
  /** The section's markdown text, without its heading line. */
  text: z.string(),
  locale: z.string(),
  audience: z.enum(['public', 'internal']),
  tags: z.array(z.string()),
  contexts: z.array(z.string()),
  /** 1-based line in the source file where the section starts. */
  line: z.number().int().positive(),
});

/** A section of an article. */
export type Section = z.infer<typeof SectionSchema>;
