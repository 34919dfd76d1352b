import { markdownToPlainText } from '../content/plain-text.js';
import type { LlmsConfig } from '../schema/llms-config.js';
import { articleMarkdown, type MarkdownSection } from './article-markdown.js';

/** What the agent files need of an article (a loaded `Article` has it all). */
export interface AgentArticle {
  readonly id: string;
  readonly title: string;
  readonly locale: string;
  readonly audience: 'public' | 'internal';
  readonly tags: readonly string[];
}

/** What the agent files need of a section (a loaded `Section` has it all). */
export interface AgentSection extends MarkdownSection {
  readonly articleId: string;
  readonly audience: 'public' | 'internal';
}

/** Options of {@link agentFiles}. */
export interface AgentFilesOptions extends LlmsConfig {
  /** The bundle id: the title of `llms.txt` when `title` is not set. */
  readonly id: string;
  /** The locale listed first. @default the first article's */
  readonly defaultLocale?: string | undefined;
}

/** The file `llms.txt`: the index an agent reads first (llmstxt.org). */
export const LLMS_TXT = 'llms.txt';
/** The file `llms-full.txt`: every public article's markdown in one file. */
export const LLMS_FULL_TXT = 'llms-full.txt';
/** The folder of the per-article markdown files: `articles/<locale>/<id>.md`. */
export const ARTICLES_DIR = 'articles';

/** The longest link description in `llms.txt`, in characters. */
const DESCRIPTION_CHARS = 160;

/**
 * The files an AI agent reads, by path relative to the bundle directory: `llms.txt` (title,
 * summary, and a link to each article's markdown, grouped by topic — the article's first tag —
 * and locale), `llms-full.txt` (every article's markdown, one after the other) and one
 * `articles/<locale>/<id>.md` per article (see {@link articleMarkdown}).
 *
 * Only public articles are in them: `audience: internal` articles and their sections are left
 * out here, whatever the caller passes, and precedents are never given to it.
 *
 * @example
 * ```ts
 * const files = agentFiles(content.articles, content.sections, { id: 'acme-help', title: 'Acme Help' })
 * files.get('llms.txt') // '# Acme Help\n\n> …'
 * ```
 */
export function agentFiles(
  articles: readonly AgentArticle[],
  sections: readonly AgentSection[],
  options: AgentFilesOptions,
): Map<string, string> {
  const byArticle = new Map<string, AgentSection[]>();
  for (const section of sections) {
    if (section.audience === 'internal') continue;
    let list = byArticle.get(section.articleId);
    if (!list) byArticle.set(section.articleId, (list = []));
    list.push(section);
  }
  const published = articles.filter((a) => a.audience !== 'internal' && byArticle.has(a.id));
  const locales = [...new Set(published.map((a) => a.locale))].sort(byFirst(options.defaultLocale ?? published[0]?.locale));
  const base = options.baseUrl === undefined ? '' : options.baseUrl.endsWith('/') ? options.baseUrl : `${options.baseUrl}/`;
  const files = new Map<string, string>();
  const groups = new Map<string, string[]>();
  const full: string[] = [];
  for (const locale of locales) {
    const inLocale = published.filter((a) => a.locale === locale);
    const topics = [...new Set(inLocale.map(topicOf))].sort(byLast(''));
    for (const topic of topics) {
      const heading = `${topic || 'Articles'}${locales.length > 1 ? ` (${locale})` : ''}`;
      for (const article of inLocale.filter((a) => topicOf(a) === topic)) {
        const own = byArticle.get(article.id)!;
        const path = articlePath(article.locale, article.id);
        const url = base + encodeURI(path);
        const markdown = articleMarkdown(article.title, own);
        files.set(path, markdown);
        const description = describe(own);
        let links = groups.get(heading);
        if (!links) groups.set(heading, (links = []));
        links.push(`- [${linkText(article.title)}](${url})${description ? `: ${description}` : ''}`);
        full.push(markdown.replace(/^(# .*\n)/, `$1\nSource: ${url}\n`));
      }
    }
  }
  const title = options.title ?? options.id;
  const summary =
    options.summary ??
    `The help articles of ${title}: ${published.length} ${published.length === 1 ? 'article' : 'articles'}${locales.length > 0 ? ` in ${locales.join(', ')}` : ''}.`;
  const index = [
    `# ${oneLine(title)}`,
    `> ${oneLine(summary)}`,
    `Each link is one article as markdown. [${LLMS_FULL_TXT}](${base}${LLMS_FULL_TXT}) has every article in one file.`,
    ...[...groups].map(([heading, links]) => `## ${heading}\n\n${links.join('\n')}`),
  ];
  files.set(LLMS_TXT, `${index.join('\n\n')}\n`);
  files.set(LLMS_FULL_TXT, full.join('\n---\n\n'));
  return files;
}

/**
 * Where an article's markdown is, relative to the bundle directory: `articles/<locale>/<id>.md`.
 * An id's `/` makes folders; a path segment of dots only (`..`) is prefixed with `_`, so no id
 * or locale can name a file outside `articles/`.
 *
 * @example
 * ```ts
 * articlePath('en', 'billing/refunds') // 'articles/en/billing/refunds.md'
 * ```
 */
export function articlePath(locale: string, id: string): string {
  const segments = id.split('/').map(safeSegment);
  return `${ARTICLES_DIR}/${safeSegment(locale.replaceAll('/', '_'))}/${segments.join('/')}.md`;
}

function safeSegment(segment: string): string {
  return segment === '' || /^\.+$/.test(segment) ? `_${segment}` : segment;
}

function topicOf(article: AgentArticle): string {
  return article.tags[0]?.trim() ?? '';
}

/** The first sentence of the article's first text, at most {@link DESCRIPTION_CHARS} characters. */
function describe(sections: readonly AgentSection[]): string {
  const text = oneLine(markdownToPlainText(sections.find((s) => s.text.trim())?.text ?? ''));
  const sentence = /^.+?(?:[.!?](?=\s|$)|[。！？])/u.exec(text)?.[0] ?? text;
  if (sentence.length <= DESCRIPTION_CHARS) return sentence;
  const cut = sentence.slice(0, DESCRIPTION_CHARS - 1);
  const space = cut.lastIndexOf(' ');
  return `${space > DESCRIPTION_CHARS / 2 ? cut.slice(0, space) : cut}…`;
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** A title as link text: brackets escaped. */
function linkText(title: string): string {
  return oneLine(title).replace(/([[\]\\])/g, '\\$1');
}

/** Sorts `first` before everything else, the rest alphabetically. */
function byFirst(first: string | undefined): (a: string, b: string) => number {
  return (a, b) => Number(b === first) - Number(a === first) || (a < b ? -1 : a > b ? 1 : 0);
}

/** Sorts `last` after everything else, the rest alphabetically. */
function byLast(last: string): (a: string, b: string) => number {
  return (a, b) => Number(a === last) - Number(b === last) || (a < b ? -1 : a > b ? 1 : 0);
}
