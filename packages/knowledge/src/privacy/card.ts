/**
 * Payment card numbers: 13–19 digits, optionally grouped with spaces or hyphens, word-bounded and
 * Luhn-valid.
 */
import type { Candidate } from './pii-types.js';

/**
 * A run of digits in groups separated by one space or hyphen. Word-bounded: a digit run glued to
 * letters, to a hyphenated id (`ORD-…`, a UUID's last group) or to a decimal point is not a card.
 */
const DIGIT_RUN = /(?<![\w.,/-])\d+(?:[ -]\d+)*(?![\w]|[-.,/]\d)/g;

/**
 * True when `digits` passes the Luhn (mod 10) check every card number carries.
 *
 * @example
 * ```ts
 * luhnValid('4111111111111111') // true
 * luhnValid('4111111111111112') // false
 * ```
 */
export function luhnValid(digits: string): boolean {
  if (!/^\d+$/.test(digits)) return false;
  let sum = 0;
  for (let i = 0; i < digits.length; i++) {
    let d = digits.charCodeAt(digits.length - 1 - i) - 48;
    if (i % 2 === 1) {
      d *= 2;
      if (d > 9) d -= 9;
    }
    sum += d;
  }
  return sum % 10 === 0;
}

/**
 * True when `digits` looks like a card number: Luhn-valid and 13–19 digits. Every Luhn-valid
 * 16-digit number counts (the common length, and a leaked card is worse than a redacted id); the
 * rarer lengths must also start like a real issuer (Visa 4, Amex 34/37, Diners 30/36/38/39, JCB 35,
 * Discover/UnionPay 6, Maestro 5) because 13- and 14-digit timestamps and ISBN-13s (978…) are
 * common in support text and one in ten of them passes Luhn.
 */
export function isCardNumber(digits: string): boolean {
  if (digits.length < 13 || digits.length > 19 || !luhnValid(digits)) return false;
  if (digits.length === 16) return true;
  return /^(?:4|3[0456789]|5|6)/.test(digits);
}

/** Card numbers in `text` (already normalized): in each digit run, the longest valid groups, left to right. */
export function findCards(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    if (run.length < 13) continue;
    for (const [start, end] of cardSpans(run)) found.push({ type: 'CARD', start: match.index + start, end: match.index + end });
  }
  return found;
}

/**
 * The card numbers in a run of digit groups, as offsets into `run`: from each group, the longest
 * sequence of whole groups that is a card number. "qty 3 4111 1111 1111 1111" must still find the
 * card after the stray 3, and two cards separated by a space are two cards.
 */
function cardSpans(run: string): Array<[number, number]> {
  const groups = [...run.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  const spans: Array<[number, number]> = [];
  let i = 0;
  while (i < groups.length) {
    let digits = '';
    let last = -1;
    // A card does not start in the middle of a hyphenated number (the 4567 of 123-4567).
    const separator = run[groups[i]!.end];
    for (let j = i; j < groups.length && run[groups[i]!.start - 1] !== '-'; j++) {
      // Cards are printed in groups of 4 (Amex and Diners 4-6-5/4-6-4), with one kind of
      // separator; a UUID's 8-4-4 is not a card, nor are "2026-11-24 1234 …" joined.
      if (j > i && groups[j - 1]!.digits.length !== 4 && groups[j - 1]!.digits.length !== 6) break;
      if (j > i && run[groups[j]!.start - 1] !== separator) break;
      digits += groups[j]!.digits;
      if (digits.length > 19) break;
      if (isCardNumber(digits)) last = j;
    }
    if (last < 0) {
      i++;
      continue;
    }
    spans.push([groups[i]!.start, groups[last]!.end]);
    i = last + 1;
  }
  return spans;
}
