const LATIN = /^[a-z]+$/;
const LETTERS = 'abcdefghijklmnopqrstuvwxyz';

/**
 * An index's terms, as sorted in its packed postings: exact lookups through a hash map, and the
 * terms within one edit of a Latin word (the only fuzzy matching kotae asks for), without a tree.
 *
 * MiniSearch keeps its terms in a radix tree (`SearchableMap`), whose fuzzy search the browser
 * would have to download, and whose nodes are scanned linearly (a Japanese index has thousands of
 * children at the root, one per first character). A term within one edit of an all-`[a-z]` word
 * has at most one UTF-16 code unit outside `[a-z]`, so the all-`[a-z]` ones are found by trying
 * the word's few hundred one-letter edits in the hash map, and the others by the word they leave
 * once that code unit is taken out.
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
  /** Positions of the terms with exactly one code unit outside `[a-z]`, by the term without it. */
  #oneOther: Map<string, number[]> | undefined;

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
    if (maxDistance > 1 || maxDistance < 0 || !LATIN.test(term)) return undefined;
    const found = new Map<string, [number, number]>();
    if (maxDistance < 1) {
      const exact = this.#position.get(term);
      if (exact !== undefined) found.set(term, [exact, 0]);
      return found;
    }
    const oneOther = (this.#oneOther ??= byOneOther(this.#terms));
    const positions = new Set<number>();
    const add = (t: string) => {
      const i = this.#position.get(t);
      if (i !== undefined) positions.add(i);
    };
    // All-[a-z] terms: the term itself, and every deletion, substitution and insertion of a letter.
    add(term);
    for (let p = 0; p <= term.length; p++) {
      const head = term.slice(0, p);
      for (const letter of LETTERS) {
        add(head + letter + term.slice(p));
        if (p < term.length && letter !== term[p]) add(head + letter + term.slice(p + 1));
      }
      if (p < term.length) add(head + term.slice(p + 1));
    }
    // Terms with one other code unit after their first: that unit inserted into `term`, or put in
    // place of one of its letters (then the two differ at that place only).
    for (const i of oneOther.get(term) ?? []) if (isLatin(this.#terms[i]!, 0)) positions.add(i);
    for (let p = 0; p < term.length; p++) {
      for (const i of oneOther.get(term.slice(0, p) + term.slice(p + 1)) ?? []) {
        const t = this.#terms[i]!;
        if (isLatin(t, 0) && differences(t, term) === 1) positions.add(i);
      }
    }
    const exact = this.#position.get(term);
    for (const i of [...positions].sort((a, b) => a - b)) found.set(this.#terms[i]!, [i, i === exact ? 0 : 1]);
    // Terms whose first code unit is the other one: it replaced the first letter, or came before it.
    for (const rest of [term.slice(1), term]) {
      for (const i of oneOther.get(rest) ?? []) {
        if (!isLatin(this.#terms[i]!, 0)) found.set(this.#terms[i]!, [i, 1]);
      }
    }
    return found;
  }
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

/** The terms with exactly one code unit outside `[a-z]`, by the term without it, in sorted order. */
function byOneOther(terms: readonly string[]): Map<string, number[]> {
  const out = new Map<string, number[]>();
  terms.forEach((term, i) => {
    let other = -1;
    for (let j = 0; j < term.length; j++) {
      if (isLatin(term, j)) continue;
      if (other >= 0) return;
      other = j;
    }
    if (other < 0) return;
    const key = term.slice(0, other) + term.slice(other + 1);
    const list = out.get(key);
    if (list) list.push(i);
    else out.set(key, [i]);
  });
  return out;
}
