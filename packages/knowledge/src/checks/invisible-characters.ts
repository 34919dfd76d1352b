/**
 * Text no reader can see but a model reads: Unicode tag characters (ASCII spelled in U+E0020–
 * U+E007E, the "ASCII smuggling" of prompt injections) and runs of zero-width characters and
 * variation selectors (which can encode anything bit by bit).
 */

/** A stretch of invisible characters found in a text. */
export interface InvisibleRun {
  readonly kind: 'tag-characters' | 'zero-width';
  /** Offset of the first character (UTF-16 code units). */
  readonly start: number;
  /** Offset after the last character. */
  readonly end: number;
  /** How many characters (code points) the run has. */
  readonly length: number;
  /** For tag characters: the ASCII they spell. */
  readonly decoded?: string;
}

const TAG_RUN = /[\u{E0000}-\u{E007F}]+/gu;

/**
 * The one legitimate use of tag characters: an emoji subdivision flag (🏴 followed by a region and
 * subdivision code in tag letters and digits, then CANCEL TAG, UTS #51 ED-14a), such as the flag
 * of England, 🏴 + "gbeng" + U+E007F.
 */
const FLAG_TAGS = /^[\u{E0030}-\u{E0039}\u{E0061}-\u{E007A}]{3,6}\u{E007F}$/u;
const BLACK_FLAG = 0x1f3f4;

/**
 * Characters that take no space: zero-width space, joiners and marks (U+200B–U+200F), the word
 * joiner and invisible operators (U+2060–U+2064), deprecated format characters (U+206A–U+206F),
 * the zero-width no-break space (U+FEFF), the Mongolian vowel separator (U+180E), the combining
 * grapheme joiner (U+034F), soft hyphens (U+00AD), and variation selectors (U+FE00–U+FE0F,
 * U+E0100–U+E01EF). One of them alone is ordinary (a joiner inside an emoji, a soft hyphen, a
 * variation selector after a character); two or more in a row carry nothing a reader sees.
 */
// eslint-disable-next-line no-misleading-character-class -- the class lists invisible code points one by one, on purpose
const INVISIBLE_RUN = /[\u00AD\u034F\u180E\u200B-\u200F\u2060-\u2064\u206A-\u206F\uFEFF\uFE00-\uFE0F\u{E0100}-\u{E01EF}]{2,}/gu;

/** An emoji presentation selector before a zero-width joiner, as in 🏳️‍🌈: an ordinary emoji sequence. */
const EMOJI_SELECTOR_JOINER = /^[\uFE0E\uFE0F]\u200D$/;

/**
 * Finds Unicode tag characters (except those of emoji subdivision flags) and runs of two or more
 * invisible characters in `text`, in text order.
 *
 * @example
 * ```ts
 * findInvisibleRuns('ok\u{E0068}\u{E0069}') // [{ kind: 'tag-characters', start: 2, end: 6, length: 2, decoded: 'hi' }]
 * ```
 */
export function findInvisibleRuns(text: string): InvisibleRun[] {
  const runs: InvisibleRun[] = [];
  for (const m of text.matchAll(TAG_RUN)) {
    const before = m.index > 1 ? text.codePointAt(m.index - 2) : undefined;
    if (before === BLACK_FLAG && FLAG_TAGS.test(m[0])) continue;
    const chars = [...m[0]];
    const decoded = chars.map((c) => String.fromCharCode(c.codePointAt(0)! - 0xe0000)).join('');
    runs.push({ kind: 'tag-characters', start: m.index, end: m.index + m[0].length, length: chars.length, decoded });
  }
  for (const m of text.matchAll(INVISIBLE_RUN)) {
    if (EMOJI_SELECTOR_JOINER.test(m[0])) continue;
    runs.push({ kind: 'zero-width', start: m.index, end: m.index + m[0].length, length: [...m[0]].length });
  }
  return runs.sort((a, b) => a.start - b.start);
}
