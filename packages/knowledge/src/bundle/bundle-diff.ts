import type { LoadedBundle } from './bundle-reader.js';
import type { StoredSection } from '../search/search-types.js';

/** An article of a bundle, as {@link diffBundles} reports it. */
export interface DiffArticle {
  /** The article id (`articleId`). */
  readonly id: string;
  readonly locale: string;
  readonly title: string;
}

/** The sections of a changed article that were added, removed or changed, by anchor (`''` is the lead). */
export interface DiffSections {
  readonly added: readonly string[];
  readonly removed: readonly string[];
  readonly changed: readonly string[];
}

/** An article in both bundles whose content differs. */
export interface ChangedArticle extends DiffArticle {
  /** The title in the first bundle, when it changed. */
  readonly previousTitle?: string;
  /** Article fields other than sections that changed (`tags`, `contexts`, `audience`). */
  readonly fields: readonly string[];
  readonly sections: DiffSections;
}

/** What changed between two bundles: articles added, removed and changed, each sorted by id and locale. */
export interface BundleDiff {
  readonly from: { readonly id: string; readonly version: string; readonly builtAt: string };
  readonly to: { readonly id: string; readonly version: string; readonly builtAt: string };
  readonly added: readonly DiffArticle[];
  readonly removed: readonly DiffArticle[];
  readonly changed: readonly ChangedArticle[];
  /** Articles in both bundles with the same content. */
  readonly unchanged: number;
}

type Article = { readonly id: string; readonly locale: string; readonly sections: readonly StoredSection[] };

/**
 * Compares two bundles article by article: an article (its id, in one locale) is added or
 * removed when only one bundle has it, and changed when its content differs — its title, any
 * section's heading path, text, tags, contexts or audience (a section that only moved to another
 * line of its file is not a change). For a changed article it names the sections added, removed
 * and changed, by anchor.
 *
 * @example
 * ```ts
 * const diff = diffBundles(await readBundleDir('site/kb'), await readBundleDir('dist/kb'))
 * for (const a of diff.changed) console.log(a.id, a.sections.changed)
 * ```
 */
export function diffBundles(before: LoadedBundle, after: LoadedBundle): BundleDiff {
  const a = articlesOf(before);
  const b = articlesOf(after);
  const added: DiffArticle[] = [];
  const removed: DiffArticle[] = [];
  const changed: ChangedArticle[] = [];
  let unchanged = 0;
  for (const [key, article] of b) if (!a.has(key)) added.push(summary(article));
  for (const [key, old] of a) {
    const now = b.get(key);
    if (!now) {
      removed.push(summary(old));
      continue;
    }
    const change = compare(old, now);
    if (change) changed.push(change);
    else unchanged++;
  }
  const order = (x: DiffArticle, y: DiffArticle) => cmp(x.id, y.id) || cmp(x.locale, y.locale);
  return {
    from: { id: before.manifest.id, version: before.manifest.version, builtAt: before.manifest.builtAt },
    to: { id: after.manifest.id, version: after.manifest.version, builtAt: after.manifest.builtAt },
    added: added.sort(order),
    removed: removed.sort(order),
    changed: changed.sort(order),
    unchanged,
  };
}

function articlesOf(bundle: LoadedBundle): Map<string, Article> {
  const out = new Map<string, { id: string; locale: string; sections: StoredSection[] }>();
  for (const section of bundle.index.sections()) {
    const key = `${section.locale}\u0000${section.articleId}`;
    let article = out.get(key);
    if (!article) out.set(key, (article = { id: section.articleId, locale: section.locale, sections: [] }));
    article.sections.push(section);
  }
  return out;
}

function summary(article: Article): DiffArticle {
  return { id: article.id, locale: article.locale, title: article.sections[0]?.title ?? '' };
}

/** What makes a section's content: everything but where it is in its file. */
function content(s: StoredSection): string {
  return JSON.stringify([s.headings, s.text]);
}

function compare(old: Article, now: Article): ChangedArticle | undefined {
  const before = new Map(old.sections.map((s) => [s.anchor, s]));
  const after = new Map(now.sections.map((s) => [s.anchor, s]));
  const sections = {
    added: [...after.keys()].filter((k) => !before.has(k)),
    removed: [...before.keys()].filter((k) => !after.has(k)),
    changed: [...after.keys()].filter((k) => before.has(k) && content(before.get(k)!) !== content(after.get(k)!)),
  };
  const first = (a: Article) => a.sections[0];
  const fields = (['tags', 'contexts', 'audience'] as const).filter(
    (f) => JSON.stringify(first(old)?.[f]) !== JSON.stringify(first(now)?.[f]),
  );
  const oldTitle = first(old)?.title ?? '';
  const title = first(now)?.title ?? '';
  const order = (a: Article) => a.sections.map((s) => s.anchor).join('\n');
  const same =
    sections.added.length + sections.removed.length + sections.changed.length + fields.length === 0 &&
    oldTitle === title &&
    order(old) === order(now);
  if (same) return undefined;
  return {
    id: now.id,
    locale: now.locale,
    title,
    ...(oldTitle !== title ? { previousTitle: oldTitle } : {}),
    fields: order(old) !== order(now) && sections.added.length + sections.removed.length === 0 ? [...fields, 'order'] : fields,
    sections,
  };
}

function cmp(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}
