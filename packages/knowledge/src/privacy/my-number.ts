/**
 * My Number (個人番号), Japan's 12-digit individual number. Only numbers whose check digit is
 * right are redacted: an arbitrary 12-digit order number passes by chance one time in ten or so,
 * where a "12 digits" rule would redact them all.
 */
import type { Candidate } from './pii-types.js';

/** 12 digits, optionally as 4-4-4 with spaces or hyphens, not part of a longer number or id. */
const MY_NUMBER = /(?<![\w.,/-])\d{4}([ -]?)\d{4}\1\d{4}(?![\w]|[-.,/]\d)/g;

/**
 * The check digit of the first 11 digits of a My Number, as the ordinance defines it
 * (総務省令第八十五号 第五条): with Pn the n-th digit counted from the right and Qn = n + 1 for
 * n ≤ 6, n − 5 for n ≥ 7, the check digit is 11 − (Σ Pn·Qn mod 11), or 0 when the remainder is ≤ 1.
 *
 * @example
 * ```ts
 * myNumberCheckDigit('12345678901') // 8
 * ```
 */
export function myNumberCheckDigit(first11: string): number {
  let sum = 0;
  for (let n = 1; n <= 11; n++) {
    const p = first11.charCodeAt(11 - n) - 48;
    const q = n <= 6 ? n + 1 : n - 5;
    sum += p * q;
  }
  const remainder = sum % 11;
  return remainder <= 1 ? 0 : 11 - remainder;
}

/**
 * True when `digits` is 12 digits with a valid My Number check digit.
 *
 * @example
 * ```ts
 * isMyNumber('123456789018') // true
 * isMyNumber('123456789012') // false
 * ```
 */
export function isMyNumber(digits: string): boolean {
  return /^\d{12}$/.test(digits) && myNumberCheckDigit(digits.slice(0, 11)) === digits.charCodeAt(11) - 48;
}

/** My Numbers in `text` (already normalized). */
export function findMyNumbers(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(MY_NUMBER)) {
    if (isMyNumber(match[0].replace(/[ -]/g, ''))) {
      found.push({ type: 'MY_NUMBER', start: match.index, end: match.index + match[0].length });
    }
  }
  return found;
}
