/**
 * {@link findArticleLinks} and {@link checkArticleLinks}: links between articles, and to their
 * sections, must lead somewhere.
 */
import { Lexer, walkTokens, type Token, type Tokens } from 'marked';
import type { ArticleLocation } from '../content/article.js';
import type { ContentIssue } from '../errors.js';
import type { Article } from '../schema/article.js';
import type { Section } from '../schema/section.js';
import { GUIDANCE_CODES } from './guidance-codes.js';

/** A markdown link in an article body, with the file line it is on. */
export interface ArticleLink {
  /** The link's destination as written (reference links resolved). */
  readonly href: string;
  /** 1-based line in the file. */
  readonly line: number;
}

/**
 * Lists the links of a markdown body (inline and reference links; not images, not links inside
 * code), with their file lines.
 *
 * @param markdown - the body after the frontmatter
 * @param firstLine - the file line where the body starts
 * @example
 * ```ts
 * findArticleLinks('See [refunds](refunds.md#how-long).', 5) // [{ href: 'refunds.md#how-long', line: 5 }]
 * ```
 */
export function findArticleLinks(markdown: string, firstLine = 1): ArticleLink[] {
  const links: ArticleLink[] = [];
  let line = firstLine;
  for (const token of Lexer.lex(markdown, { gfm: true }) as Token[]) {
    let cursor = 0;
    walkTokens([token], (inner) => {
      if (inner.type !== 'link') return;
      const link = inner as Tokens.Link;
      const at = token.raw.indexOf(link.raw, cursor);
      const offset = at === -1 ? cursor : at;
      links.push({ href: link.href, line: line + countNewlines(token.raw.slice(0, offset)) });
      if (at !== -1) cursor = at + link.raw.length;
    });
    line += countNewlines(token.raw);
  }
  return links;
}

/**
 * Links by article object: `loadContent` with a `ContentCache` gives the same object for a file
 * that did not change, so a watcher checking again after each save lexes only what changed.
 */
const linksByArticle = new WeakMap<Article, { readonly firstLine: number; readonly links: readonly ArticleLink[] }>();

function linksOf(article: Article, firstLine: number): readonly ArticleLink[] {
  const known = linksByArticle.get(article);
  if (known?.firstLine === firstLine) return known.links;
  const links = findArticleLinks(article.body, firstLine);
  linksByArticle.set(article, { firstLine, links });
  return links;
}

/**
 * Checks that links between articles resolve: a relative path to a `.md` file
 * (`../billing/refunds.md`, `refunds.md#how-long`), a `kotae:` link naming an article id
 * (`kotae:refunds`, `kotae:refunds#how-long`) or an anchor in the same article (`#how-long`)
 * must name an article kotae loaded (error `link-broken`) and, with an anchor, one of the section
 * anchors the compiler gives that article's headings (error `link-anchor-missing`). Web links
 * (`https:`, `mailto:`, `tel:`), product routes (`/settings`) and other files are not checked.
 *
 * @param sections - the compiled sections of the articles: their anchors are the valid targets
 * @param locations - where each article's body starts, by article id (for lines)
 * @example
 * ```ts
 * const content = await loadContent('content')
 * checkArticleLinks(content.articles, content.sections, content.locations)
 * ```
 */
export function checkArticleLinks(
  articles: readonly Article[],
  sections: readonly Section[],
  locations: ReadonlyMap<string, ArticleLocation>,
): ContentIssue[] {
  const bySource = new Map(articles.map((a) => [a.source, a]));
  const byId = new Map(articles.map((a) => [a.id, a]));
  const anchors = new Map<string, string[]>();
  for (const section of sections) {
    if (section.anchor === '') continue;
    const list = anchors.get(section.articleId) ?? [];
    list.push(section.anchor);
    anchors.set(section.articleId, list);
  }
  const issues: ContentIssue[] = [];
  for (const article of articles) {
    for (const link of linksOf(article, locations.get(article.id)?.bodyLine ?? 1)) {
      const target = resolveTarget(link.href, article);
      if (target === undefined) continue;
      const issue = (code: string, message: string): ContentIssue => ({
        file: article.source,
        line: link.line,
        severity: 'error',
        code,
        message,
      });
      const found = target.kind === 'id' ? byId.get(target.id) : bySource.get(target.path);
      if (!found) {
        issues.push(
          issue(
            GUIDANCE_CODES.linkBroken,
            target.kind === 'id'
              ? `link ${JSON.stringify(link.href)} names no article (there is no article with id "${target.id}")`
              : `link ${JSON.stringify(link.href)} leads to no article (no article file "${target.path}" in the content directory)`,
          ),
        );
        continue;
      }
      if (target.anchor === '') continue;
      const known = anchors.get(found.id) ?? [];
      if (!known.includes(target.anchor)) {
        const listed =
          known.length === 0
            ? 'it has no headed sections'
            : `its sections: ${known.slice(0, 8).join(', ')}${known.length > 8 ? ', …' : ''}`;
        issues.push(
          issue(
            GUIDANCE_CODES.linkAnchorMissing,
            `link ${JSON.stringify(link.href)}: article "${found.id}" has no section "#${target.anchor}" (${listed})`,
          ),
        );
      }
    }
  }
  return issues;
}

type Target = { kind: 'id'; id: string; anchor: string } | { kind: 'path'; path: string; anchor: string };

/** What a link points to among the articles, or undefined when it is not a link between articles. */
function resolveTarget(href: string, from: Article): Target | undefined {
  const hash = href.indexOf('#');
  const rawPath = hash === -1 ? href : href.slice(0, hash);
  const anchor = hash === -1 ? '' : decode(href.slice(hash + 1));
  if (/^kotae:/i.test(rawPath)) return { kind: 'id', id: decode(rawPath.slice('kotae:'.length)), anchor };
  if (rawPath === '') return hash === -1 ? undefined : { kind: 'id', id: from.id, anchor };
  // Web links, mail, phone, scheme-relative links: not ours to check (no network in validate).
  if (/^[a-z][a-z0-9+.-]*:/i.test(rawPath) || rawPath.startsWith('//')) return undefined;
  const path = decode(rawPath.replace(/[?].*$/, ''));
  if (!path.toLowerCase().endsWith('.md')) return undefined;
  const base = path.startsWith('/') ? [] : from.source.split('/').slice(0, -1);
  return { kind: 'path', path: joinPosix(base, path), anchor };
}

/** `base` (directory segments) joined with a relative path; `..` above the root stays at the root. */
function joinPosix(base: readonly string[], path: string): string {
  const parts = [...base];
  for (const segment of path.split('/')) {
    if (segment === '' || segment === '.') continue;
    if (segment === '..') parts.pop();
    else parts.push(segment);
  }
  return parts.join('/');
}

function decode(text: string): string {
  try {
    return decodeURIComponent(text);
  } catch {
    return text;
  }
}

function countNewlines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}
