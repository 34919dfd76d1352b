/**
 * The text the detectors search: NFKC per code point, dashes unified, with a map back to the
 * input so that only the personal data itself is replaced and the rest of the input is kept as
 * written (full-width letters, halfwidth kana and all).
 */

/** Dash-like characters people (and IMEs) type between digits; all of them mean `-` here. */
const DASHES = /[\u2010-\u2015\u2212\u2043\uFE58\uFE63\uFF0D]/;

/** A katakana long-vowel mark between digits is a hyphen typed with a Japanese IME (03ー1234ー5678). */
const LONG_VOWEL_BETWEEN_DIGITS = /(?<=\d\s?)[\u30FC\uFF70](?=\s?\d)/g;

/** The normalized text and, for each of its UTF-16 units, where it came from in the input. */
export interface MatchingText {
  /** The normalized text. */
  readonly text: string;
  /** `from[i]`: offset in the input of the code point that produced unit `i`. */
  readonly from: readonly number[];
  /** `to[i]`: offset in the input just after that code point. */
  readonly to: readonly number[];
}

/**
 * Normalizes `input` for matching. Each code point is normalized on its own (not the string as a
 * whole) so every output unit maps to exactly one input code point; the only cost is that a
 * halfwidth voiced mark stays a separate combining mark, which no detector cares about.
 */
export function matchingText(input: string): MatchingText {
  let text = '';
  const from: number[] = [];
  const to: number[] = [];
  for (let i = 0; i < input.length;) {
    const cp = input.codePointAt(i)!;
    const width = cp > 0xffff ? 2 : 1;
    const char = input.slice(i, i + width);
    let normalized = cp < 0x80 ? char : char.normalize('NFKC');
    if (DASHES.test(normalized)) normalized = '-';
    for (let k = 0; k < normalized.length; k++) {
      from.push(i);
      to.push(i + width);
    }
    text += normalized;
    i += width;
  }
  return { text: text.replace(LONG_VOWEL_BETWEEN_DIGITS, '-'), from, to };
}

/**
 * The canonical form of a value for comparisons (allow-list, names): normalized as above, lower
 * case, without spaces, dashes, dots or parentheses, and `+81` written as the domestic `0`.
 */
export function canonicalValue(value: string): string {
  return matchingText(value)
    .text.toLowerCase()
    .replace(/[\s\-().ー]/g, '')
    .replace(/^\+81(?:0)?/, '0');
}
