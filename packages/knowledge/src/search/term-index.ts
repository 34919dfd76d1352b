/**
 * An index's terms, as sorted in its packed postings: exact lookups through a hash map, and the
 * terms within one edit of a Latin word (the only fuzzy matching kotae asks for), without a tree.
 *
 * MiniSearch keeps its terms in a radix tree (`SearchableMap`), whose fuzzy search the browser
 * would have to download, and whose nodes are scanned linearly (a Japanese index has thousands of
 * children at the root, one per first character). A term within one edit of an all-`[a-z]` word
 * has at most one UTF-16 code unit outside `[a-z]`: the all-`[a-z]` ones are found by binary
 * searches in their sorted list (at most 26 first letters, however many other first characters
 * the index has), the others by the word they leave once that code unit is taken out.
 *
 * @example
 * ```ts
 * const terms = new TermIndex(postings.terms, postings.postings);
 * terms.near('pasword', 1); // Map { 'password' => [position, 1], … }
 * ```
 */
export class TermIndex {
  readonly #terms: readonly string[];
  readonly #packed: readonly (readonly number[])[];
  readonly #position = new Map<string, number>();
  #near: NearIndex | undefined;

  /**
   * @param terms - every term, each once, sorted by UTF-16 code units (as `<` compares strings)
   * @param packed - the packed postings of `terms[i]` at `i` (see `SerializedPostings`)
   */
  constructor(terms: readonly string[], packed: readonly (readonly number[])[]) {
    this.#terms = terms;
    this.#packed = packed;
    for (let i = 0; i < terms.length; i++) this.#position.set(terms[i]!, i);
  }

  /** The position of `term` in the sorted terms, or undefined. */
  position(term: string): number | undefined {
    return this.#position.get(term);
  }

  /** The packed postings of the term at `position` (see `SerializedPostings.postings`). */
  packed(position: number): readonly number[] {
    return this.#packed[position]!;
  }

  /**
   * Terms within `maxDistance` edits (Levenshtein, over UTF-16 code units) of `term`, with their
   * position and distance. Undefined unless `term` is all `[a-z]` and `maxDistance` is 0 or 1:
   * kotae asks for no other fuzzy matching.
   *
   * The order is the sorted order, except that terms whose first code unit is outside `[a-z]`
   * come last: those with it in place of the first letter, then those with it before. That is the
   * order the radix tree kotae used before gave them in, and the scores of a query term's fuzzy
   * matches add up in it, so it is kept: the same floating-point sums, the same results.
   */
  near(term: string, maxDistance: number): Map<string, [number, number]> | undefined {
    if (maxDistance > 1 || maxDistance < 0 || term === '' || !isAllLatin(term)) return undefined;
    const found = new Map<string, [number, number]>();
    const exact = this.#position.get(term);
    if (maxDistance < 1) {
      if (exact !== undefined) found.set(term, [exact, 0]);
      return found;
    }
    const { latin, positions, oneOther } = (this.#near ??= nearIndex(this.#terms));
    const matches = new Set<number>();
    for (const i of withinOneEdit(latin, term)) matches.add(positions[i]!);
    // Terms with one other code unit after their first: that unit inserted into `term`, or put in
    // place of one of its letters (then the two differ at that place only).
    for (const i of oneOther.get(term) ?? []) if (isLatin(this.#terms[i]!, 0)) matches.add(i);
    for (let p = 0; p < term.length; p++) {
      for (const i of oneOther.get(term.slice(0, p) + term.slice(p + 1)) ?? []) {
        const t = this.#terms[i]!;
        if (isLatin(t, 0) && differences(t, term) === 1) matches.add(i);
      }
    }
    for (const i of [...matches].sort((a, b) => a - b)) found.set(this.#terms[i]!, [i, i === exact ? 0 : 1]);
    // Terms whose first code unit is the other one: it replaced the first letter, or came before it.
    for (const rest of [term.slice(1), term]) {
      for (const i of oneOther.get(rest) ?? []) {
        if (!isLatin(this.#terms[i]!, 0)) found.set(this.#terms[i]!, [i, 1]);
      }
    }
    return found;
  }
}

/** What {@link TermIndex.near} searches, made from the terms on its first call. */
interface NearIndex {
  /** The all-`[a-z]` terms, sorted, and the position of each among all terms. */
  readonly latin: readonly string[];
  readonly positions: readonly number[];
  /** The positions of the terms with exactly one code unit outside `[a-z]`, by the term without it. */
  readonly oneOther: ReadonlyMap<string, readonly number[]>;
}

function nearIndex(terms: readonly string[]): NearIndex {
  const latin: string[] = [];
  const positions: number[] = [];
  const oneOther = new Map<string, number[]>();
  terms.forEach((term, i) => {
    let other = -1;
    for (let j = 0; j < term.length; j++) {
      if (isLatin(term, j)) continue;
      if (other >= 0) return;
      other = j;
    }
    if (other < 0) {
      latin.push(term);
      positions.push(i);
      return;
    }
    const key = term.slice(0, other) + term.slice(other + 1);
    const list = oneOther.get(key);
    if (list) list.push(i);
    else oneOther.set(key, [i]);
  });
  return { latin, positions, oneOther };
}

/**
 * The indexes of the `words` (sorted, unique) within one edit of `term`, in no particular order.
 *
 * Walks down the words that start with longer and longer prefixes of `term`. A word that first
 * differs from `term` at `p` (its character there is `c`) is within one edit exactly when the rest
 * of it, after `p`, is the rest of `term` after `p` (`c` replaced a character), from `p` (`c` was
 * inserted) or, when `c` is the next character of `term`, after `p + 1` (one was deleted); the
 * words that start alike are sorted by that rest, so each is one binary search. A word that is a
 * prefix of `term` is within one edit when at most one character shorter.
 */
function withinOneEdit(words: readonly string[], term: string): number[] {
  const out: number[] = [];
  // words[lo, hi) start with term[0, p); the one equal to it, if any, comes first.
  let lo = 0;
  let hi = words.length;
  for (let p = 0; p <= term.length && lo < hi; p++) {
    let at = lo;
    if (words[at]!.length === p) {
      if (term.length - p <= 1) out.push(at);
      at++;
    }
    const next = p < term.length ? term.charCodeAt(p) : -1;
    let nextLo = hi;
    let nextHi = hi;
    while (at < hi) {
      const c = words[at]!.charCodeAt(p);
      const end = groupEnd(words, at, hi, p, c);
      if (c === next) {
        nextLo = at;
        nextHi = end;
      } else {
        const replaced = p < term.length ? findRest(words, at, end, p + 1, term, p + 1) : -1;
        const inserted = findRest(words, at, end, p + 1, term, p);
        const deleted = c === term.charCodeAt(p + 1) ? findRest(words, at, end, p + 1, term, p + 2) : -1;
        for (const i of [replaced, inserted, deleted]) if (i >= 0) out.push(i);
      }
      at = end;
    }
    lo = nextLo;
    hi = nextHi;
  }
  return out;
}

/** The end of the words from `at` (before `hi`) whose character at `p` is `c`. */
function groupEnd(words: readonly string[], at: number, hi: number, p: number, c: number): number {
  let lo = at + 1;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (words[mid]!.charCodeAt(p) > c) hi = mid;
    else lo = mid + 1;
  }
  return lo;
}

/**
 * The index of the word in `words[lo, hi)` (which share their first `from` code units, so are
 * sorted by the rest) whose rest from `from` is `term` from `at`, or -1.
 */
function findRest(words: readonly string[], lo: number, hi: number, from: number, term: string, at: number): number {
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    const order = compareFrom(words[mid]!, from, term, at);
    if (order === 0) return mid;
    if (order < 0) lo = mid + 1;
    else hi = mid;
  }
  return -1;
}

/** How `a` from `i` compares with `b` from `j`, by UTF-16 code units (as `<` compares strings). */
function compareFrom(a: string, i: number, b: string, j: number): number {
  for (; i < a.length && j < b.length; i++, j++) {
    const d = a.charCodeAt(i) - b.charCodeAt(j);
    if (d !== 0) return d;
  }
  return a.length - i - (b.length - j);
}

function isAllLatin(text: string): boolean {
  for (let i = 0; i < text.length; i++) if (!isLatin(text, i)) return false;
  return true;
}

function isLatin(text: string, at: number): boolean {
  const c = text.charCodeAt(at);
  return c >= 0x61 && c <= 0x7a;
}

/** The number of places where two strings of equal length differ (in UTF-16 code units). */
function differences(a: string, b: string): number {
  let n = 0;
  for (let i = 0; i < a.length; i++) if (a.charCodeAt(i) !== b.charCodeAt(i)) n++;
  return n;
}
