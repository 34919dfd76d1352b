/**
 * Single invisible characters that change what a text says without showing: bidirectional
 * controls (which reorder what is displayed, as "Trojan Source" does) and zero-width characters
 * inside words (which split a word so a filter misses it, or carry bits).
 */

/** An invisible control character found in a text. */
export interface InvisibleControl {
  readonly kind: 'bidi-control' | 'zero-width-in-word';
  /** Offset of the character. */
  readonly start: number;
  /** Offset after it. */
  readonly end: number;
  /** Its code point, as `U+202E`. */
  readonly codePoint: string;
  /** Its Unicode name, shortened (`RIGHT-TO-LEFT OVERRIDE`). */
  readonly name: string;
}

const NAMES: Readonly<Record<number, string>> = {
  0x061c: 'ARABIC LETTER MARK',
  0x200b: 'ZERO WIDTH SPACE',
  0x200c: 'ZERO WIDTH NON-JOINER',
  0x200d: 'ZERO WIDTH JOINER',
  0x200e: 'LEFT-TO-RIGHT MARK',
  0x200f: 'RIGHT-TO-LEFT MARK',
  0x202a: 'LEFT-TO-RIGHT EMBEDDING',
  0x202b: 'RIGHT-TO-LEFT EMBEDDING',
  0x202c: 'POP DIRECTIONAL FORMATTING',
  0x202d: 'LEFT-TO-RIGHT OVERRIDE',
  0x202e: 'RIGHT-TO-LEFT OVERRIDE',
  0x2060: 'WORD JOINER',
  0x2066: 'LEFT-TO-RIGHT ISOLATE',
  0x2067: 'RIGHT-TO-LEFT ISOLATE',
  0x2068: 'FIRST STRONG ISOLATE',
  0x2069: 'POP DIRECTIONAL ISOLATE',
  0x180e: 'MONGOLIAN VOWEL SEPARATOR',
  0xfeff: 'ZERO WIDTH NO-BREAK SPACE',
};

/** Embeddings, overrides and isolates: they reorder text, and guidance in English or Japanese never needs them. */
const BIDI = /[\u202A-\u202E\u2066-\u2069]/g;
/** Directional marks, ordinary only next to right-to-left text. */
const MARKS = /[\u200E\u200F\u061C]/g;
const RTL = /[\p{Script=Hebrew}\p{Script=Arabic}\p{Script=Syriac}\p{Script=Thaana}\p{Script=Nko}]/u;
/** Zero-width characters that are never part of a word. */
const ZERO_WIDTH = /[\u200B\u2060\uFEFF\u180E]/g;
/** Joiners, ordinary in emoji and in scripts that shape letters (Arabic, Persian, Indic), not inside Latin, Cyrillic, Greek or Japanese words. */
const JOINERS = /[\u200C\u200D]/g;
const SPLITTABLE =
  /[\p{Script=Latin}\p{Script=Cyrillic}\p{Script=Greek}\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}\p{Nd}]/u;
const LETTER = /[\p{L}\p{N}\p{M}]/u;

/**
 * Finds bidirectional embeddings, overrides and isolates (always), directional marks on lines
 * without right-to-left text, and zero-width characters between two letters or digits of a word
 * (joiners only inside Latin, Cyrillic, Greek, CJK or Hangul words, where they do nothing). Runs
 * of two or more invisible characters are `findInvisibleRuns`' to report; a run's characters
 * are skipped here.
 *
 * @example
 * ```ts
 * findInvisibleControls('pass\u200Bword') // [{ kind: 'zero-width-in-word', start: 4, end: 5, codePoint: 'U+200B', name: 'ZERO WIDTH SPACE' }]
 * ```
 */
export function findInvisibleControls(text: string): InvisibleControl[] {
  const found: InvisibleControl[] = [];
  const add = (kind: InvisibleControl['kind'], at: number) => {
    const code = text.charCodeAt(at);
    found.push({
      kind,
      start: at,
      end: at + 1,
      codePoint: `U+${code.toString(16).toUpperCase().padStart(4, '0')}`,
      name: NAMES[code] ?? 'FORMAT CHARACTER',
    });
  };
  for (const m of text.matchAll(BIDI)) add('bidi-control', m.index);
  for (const m of text.matchAll(MARKS)) {
    if (!RTL.test(lineAround(text, m.index))) add('bidi-control', m.index);
  }
  for (const m of text.matchAll(ZERO_WIDTH)) {
    // A byte-order mark at the start of the file is an encoding artefact.
    if (m.index === 0 && m[0] === '\uFEFF') continue;
    if (between(text, m.index, LETTER)) add('zero-width-in-word', m.index);
  }
  for (const m of text.matchAll(JOINERS)) {
    if (between(text, m.index, SPLITTABLE)) add('zero-width-in-word', m.index);
  }
  return found.sort((a, b) => a.start - b.start);
}

/** Whether the characters just before and after `at` (one UTF-16 unit wide) both match `test`. */
function between(text: string, at: number, test: RegExp): boolean {
  const before = charBefore(text, at);
  const after = String.fromCodePoint(text.codePointAt(at + 1) ?? 0x20);
  return before !== undefined && test.test(before) && test.test(after);
}

function charBefore(text: string, at: number): string | undefined {
  if (at === 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) return text.slice(at - 2, at);
  return text[at - 1];
}

function lineAround(text: string, at: number): string {
  const start = text.lastIndexOf('\n', at) + 1;
  const end = text.indexOf('\n', at);
  return text.slice(start, end < 0 ? text.length : end);
}

/**
 * Removes what {@link findInvisibleControls} reports, and every bidirectional embedding,
 * override and isolate: the text a model reads, as a reader sees it.
 *
 * @example
 * ```ts
 * removeInvisibleControls('pass\u200Bword \u202Eabc') // 'password abc'
 * ```
 */
export function removeInvisibleControls(text: string): string {
  const found = findInvisibleControls(text);
  if (found.length === 0) return text;
  let out = '';
  let at = 0;
  for (const c of found) {
    out += text.slice(at, c.start);
    at = c.end;
  }
  return out + text.slice(at);
}
