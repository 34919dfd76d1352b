import { cjkGrams, tokenize } from '../search/tokenizer.js';

/** A group of near-identical questions. */
export interface QueryGroup<T> {
  /**
   * The group's most frequent wording (wordings differing only in case, spaces and punctuation
   * count as one; the shortest among equally frequent ones), as first asked.
   */
  readonly query: string;
  /** How many questions are in the group. */
  readonly count: number;
  /** The grouped items, in the order they were given. */
  readonly items: readonly T[];
}

/** Options of `groupNearDuplicates`. */
export interface GroupOptions<T = unknown> {
  /**
   * How alike two questions' terms must be to share a group: the Jaccard similarity of their term
   * sets (stemmed words without stop words; kanji and katakana bigrams for Japanese), from 0 to 1.
   *
   * @default 0.6
   */
  readonly similarity?: number | undefined;
  /**
   * How many questions an item stands for (a wording counted in a database, say): the groups'
   * counts and the choice of each group's wording add these up. Items must then come in the order
   * of their first question.
   *
   * @default 1 per item
   */
  readonly weight?: ((item: T) => number) | undefined;
}

/** Placeholders left by redaction (`[EMAIL]`, `[PHONE]`…) say nothing about the question's topic. */
const PLACEHOLDER = /\[[A-Z_]+\]/g;

/**
 * The terms two questions are compared by: the search tokenizer's terms (so `passwords` and
 * `password` match, stop words and particles are ignored) plus CJK bigrams, without the
 * placeholders of redacted personal data.
 */
export function queryTerms(query: string, locale: string): Set<string> {
  const text = query.replace(PLACEHOLDER, ' ');
  const terms = new Set(tokenize(text, locale));
  for (const gram of cjkGrams(text)) if (gram.length === 2) terms.add(gram);
  if (terms.size === 0) {
    // Only stop words ("how?"): compare the normalized text itself.
    const bare = text
      .normalize('NFKC')
      .toLowerCase()
      .replace(/[\p{P}\p{S}\s]+/gu, ' ')
      .trim();
    if (bare) terms.add(bare);
  }
  return terms;
}

/** The Jaccard similarity of two term sets (shared terms over all terms), from 0 to 1. */
export function jaccard(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  if (a.size === 0 && b.size === 0) return 1;
  let shared = 0;
  const [small, large] = a.size <= b.size ? [a, b] : [b, a];
  for (const term of small) if (large.has(term)) shared++;
  return shared / (a.size + b.size - shared);
}

interface Building<T> {
  readonly terms: Set<string>;
  readonly items: T[];
  /** The questions the items stand for. */
  count: number;
  /** Normalized wording → its first raw form and how often it came. */
  readonly wordings: Map<string, { text: string; count: number }>;
}

/** Wordings that differ only in case, spacing and punctuation are one wording. */
function wordingKey(query: string): string {
  return query
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[\p{P}\s]+/gu, ' ')
    .trim();
}

/**
 * Groups near-identical questions ("how do I reset my password", "How to reset password?",
 * "reset my passwords") so a report counts a question once with its count, not as many rows.
 *
 * Greedy and order-independent enough for reports: each question joins the first group (largest
 * first) whose first question's terms it shares at least `similarity` of, or starts a new group.
 * Groups come back largest first (ties: earliest first).
 *
 * @param items - what to group (interactions, say)
 * @param text - the question of an item and its locale
 * @example
 * ```ts
 * const groups = groupNearDuplicates(refusals, (r) => ({ query: r.query, locale: r.locale }))
 * groups[0] // { query: 'how do i cancel', count: 12, items: [...] }
 * ```
 */
export function groupNearDuplicates<T>(
  items: Iterable<T>,
  text: (item: T) => { query: string; locale: string },
  options: GroupOptions<T> = {},
): QueryGroup<T>[] {
  const threshold = options.similarity ?? 0.6;
  const weight = options.weight ?? (() => 1);
  const groups: Building<T>[] = [];
  const exact = new Map<string, Building<T>>();
  for (const item of items) {
    const { query, locale } = text(item);
    const wording = wordingKey(query);
    const key = `${locale}\u0000${wording}`;
    let group = exact.get(key);
    if (!group) {
      const terms = queryTerms(query, locale);
      group = groups.find((g) => jaccard(g.terms, terms) >= threshold);
      if (!group) {
        group = { terms, items: [], count: 0, wordings: new Map() };
        groups.push(group);
      }
      exact.set(key, group);
    }
    const n = weight(item);
    group.items.push(item);
    group.count += n;
    const seen = group.wordings.get(wording);
    if (seen) seen.count += n;
    else group.wordings.set(wording, { text: query.trim(), count: n });
  }
  return groups
    .map((g, order) => ({ g, order }))
    .sort((a, b) => b.g.count - a.g.count || a.order - b.order)
    .map(({ g }) => ({ query: representative(g.wordings), count: g.count, items: g.items }));
}

function representative(wordings: ReadonlyMap<string, { text: string; count: number }>): string {
  let best = '';
  let bestCount = -1;
  for (const { text, count } of wordings.values()) {
    if (count > bestCount || (count === bestCount && text.length < best.length)) {
      best = text;
      bestCount = count;
    }
  }
  return best;
}
