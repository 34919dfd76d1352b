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

/** Card numbers in `text` (already normalized): the longest valid run of whole groups in each digit run. */
export function findCards(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(DIGIT_RUN)) {
    const run = match[0];
    const digitCount = run.length - (run.match(/[ -]/g)?.length ?? 0);
    if (digitCount < 13) continue;
    const span = bestCardSpan(run);
    if (span) found.push({ type: 'CARD', start: match.index + span[0], end: match.index + span[1] });
  }
  return found;
}

/**
 * The longest sequence of whole groups of `run` that is a card number, as offsets into `run`.
 * "qty 3 4111 1111 1111 1111" must still find the card after the stray 3.
 */
function bestCardSpan(run: string): [number, number] | undefined {
  const groups = [...run.matchAll(/\d+/g)].map((m) => ({ start: m.index, end: m.index + m[0].length, digits: m[0] }));
  let best: [number, number] | undefined;
  let bestLength = 0;
  for (let i = 0; i < groups.length; i++) {
    let digits = '';
    for (let j = i; j < groups.length; j++) {
      digits += groups[j]!.digits;
      if (digits.length > 19) break;
      if (digits.length > bestLength && isCardNumber(digits)) {
        best = [groups[i]!.start, groups[j]!.end];
        bestLength = digits.length;
      }
    }
  }
  return best;
}
