/**
 * Japanese postal codes: always after the postal mark (〒123-4567), otherwise only where the
 * context says so, because 123-4567 alone is as likely a local phone number or an id.
 */
import type { Candidate } from './pii-types.js';
import { PREFECTURE } from './address-ja.js';

const MARKED = /〒\s?\d{3}-?\d{4}(?![\w]|-\d)/g;
const UNMARKED = /(?<![\w.,/+-])\d{3}-?\d{4}(?![\w]|[-.,/]\d)/g;
/** A label right before the code: 郵便番号, postal code, zip (only spaces or a colon between). */
const LABEL_BEFORE = /(?:郵便番号|postal\s?code|post\s?code|zip(?:\s?code)?)\s?[:]?\s?$/i;
/** A prefecture right after the code, as in an address line. */
const PREFECTURE_AFTER = new RegExp(`^\\s?(?:${PREFECTURE})`);

/** Postal codes in `text` (already normalized). */
export function findPostalCodes(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const m of text.matchAll(MARKED)) found.push({ type: 'POSTAL', start: m.index, end: m.index + m[0].length });
  for (const m of text.matchAll(UNMARKED)) {
    const end = m.index + m[0].length;
    const labelled = LABEL_BEFORE.test(text.slice(Math.max(0, m.index - 20), m.index));
    const hyphenated = m[0].includes('-');
    if (labelled || (hyphenated && PREFECTURE_AFTER.test(text.slice(end, end + 6)))) {
      found.push({ type: 'POSTAL', start: m.index, end });
    }
  }
  return found;
}
