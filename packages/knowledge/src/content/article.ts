import type { ContentIssue } from '../errors.js';
import { ArticleFrontmatterSchema, KNOWN_FRONTMATTER_KEYS, type Article } from '../schema/article.js';
import type { Section } from '../schema/section.js';
import { toModelText } from '../checks/injection/model-text.js';
import { splitFrontmatter } from './frontmatter.js';
import { splitSections } from './sections.js';

/** What parsing one markdown file produced. */
export interface ParsedArticle {
  /** The article, or undefined when its frontmatter has errors. */
  readonly article: Article | undefined;
  /** Its non-empty sections, in document order. */
  readonly sections: Section[];
  /** Errors and warnings, each with file and line. */
  readonly issues: ContentIssue[];
  /** Line of the `id` key in the frontmatter, for messages about the id. */
  readonly idLine?: number | undefined;
  /** Line of each top-level frontmatter key (`owner`, `reviewBy`, `contexts`…), for messages. */
  readonly keyLines?: ReadonlyMap<string, number> | undefined;
  /** The file line where the body starts, so positions in `article.body` map to file lines. */
  readonly bodyLine?: number | undefined;
}

/** Where an article's frontmatter keys and body are in its file, for checks that report lines. */
export interface ArticleLocation {
  /** Line of each top-level frontmatter key. */
  readonly keyLines: ReadonlyMap<string, number>;
  /** The file line where the body starts. */
  readonly bodyLine: number;
}

/** Options for {@link parseArticle}. */
export interface ParseArticleOptions {
  /** Locale of an article without `locale` in its frontmatter. @default "en" */
  readonly defaultLocale?: string;
}

const KNOWN = new Set<string>(KNOWN_FRONTMATTER_KEYS);

/**
 * Parses one markdown article: frontmatter validated against `ArticleFrontmatterSchema`,
 * body split into sections. Never throws on bad content: every problem becomes an issue naming
 * the file and line, so a validator can report all of them at once.
 *
 * @param source - the file's text
 * @param file - the path used in issues and as the article's `source`
 * @example
 * ```ts
 * const { article, sections, issues } = parseArticle('---\nid: a\ntitle: A\n---\nHello', 'a.md')
 * ```
 */
export function parseArticle(source: string, file: string, options: ParseArticleOptions = {}): ParsedArticle {
  const front = splitFrontmatter(source, file);
  const issues: ContentIssue[] = [...front.issues];
  if (front.issues.some((i) => i.severity === 'error')) return { article: undefined, sections: [], issues };

  const idLine = front.keyLines.get('id');
  const parsed = ArticleFrontmatterSchema.safeParse(front.data);
  if (!parsed.success) {
    for (const issue of parsed.error.issues) {
      const key = String(issue.path[0] ?? '');
      const value = key ? front.data[key] : undefined;
      const message =
        value === undefined && key
          ? `frontmatter "${key}" is required`
          : `frontmatter "${issue.path.join('.') || key}" ${issue.message}${value === undefined ? '' : ` (got ${JSON.stringify(value)})`}`;
      issues.push({ file, line: front.keyLines.get(key) ?? 1, severity: 'error', message });
    }
    return { article: undefined, sections: [], issues, idLine };
  }
  const fm = parsed.data;
  const meta: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(front.data)) {
    if (KNOWN.has(key)) continue;
    // defineProperty, not assignment: a `__proto__` key must stay data, not become meta's prototype.
    Object.defineProperty(meta, key, { value, enumerable: true, writable: true, configurable: true });
    issues.push({
      file,
      line: front.keyLines.get(key) ?? 1,
      severity: 'warning',
      message: `unknown frontmatter key "${key}" (known keys: ${KNOWN_FRONTMATTER_KEYS.join(', ')})`,
    });
  }
  const article: Article = {
    id: fm.id,
    title: fm.title,
    locale: fm.locale ?? options.defaultLocale ?? 'en',
    audience: fm.audience ?? 'public',
    tags: fm.tags ?? [],
    contexts: fm.contexts ?? [],
    ...(fm.owner === undefined ? {} : { owner: fm.owner }),
    ...(fm.reviewBy === undefined ? {} : { reviewBy: fm.reviewBy }),
    ...(fm.updated === undefined ? {} : { updated: fm.updated }),
    ...(fm.version === undefined ? {} : { version: fm.version }),
    meta,
    source: file,
    body: front.body,
  };

  const raw = splitSections(front.body, front.bodyLine);
  const sections: Section[] = [];
  raw.forEach((s, i) => {
    // What a model reads is what readers see: comments, hidden elements, titles and invisible characters go.
    const text = toModelText(s.markdown).trim();
    if (text === '') {
      const next = raw[i + 1];
      const hasChildren = next !== undefined && next.depth > s.depth;
      if (s.depth > 0 && !hasChildren) {
        issues.push({ file, line: s.line, severity: 'warning', message: `empty section "${s.headings.at(-1) ?? ''}"` });
      }
      return;
    }
    sections.push({
      id: s.anchor === '' ? article.id : `${article.id}#${s.anchor}`,
      articleId: article.id,
      anchor: s.anchor,
      title: article.title,
      headings: [...s.headings],
      text,
      locale: article.locale,
      audience: article.audience,
      tags: article.tags,
      contexts: article.contexts,
      line: s.line,
    });
  });
  if (sections.length === 0) {
    issues.push({ file, line: front.bodyLine, severity: 'warning', message: `article "${article.id}" has no text` });
  }
  return { article, sections, issues, idLine, keyLines: front.keyLines, bodyLine: front.bodyLine };
}
