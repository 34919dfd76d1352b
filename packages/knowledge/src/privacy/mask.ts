/**
 * {@link maskPii}: a form of a personal value that says what and where it is without leaking it,
 * for messages and logs.
 */
import type { PiiType } from './pii-types.js';

/** How many trailing digits of a number stay visible, as on receipts and card statements. */
const VISIBLE_DIGITS = 4;

/**
 * Masks a personal value for a message. Numbers (cards, My Numbers, phones) keep their separators
 * and their last four digits, every other digit becomes `*` (`****-****-****-1111`); an email
 * keeps the first character of its local part and its domain (`t***@example.com`); any other
 * type becomes its placeholder, since addresses and names have no safe part to show.
 *
 * @example
 * ```ts
 * maskPii('CARD', '4111 1111 1111 1111') // '**** **** **** 1111'
 * maskPii('EMAIL', 'taro@example.jp')    // 't***@example.jp'
 * ```
 */
export function maskPii(type: PiiType, value: string): string {
  switch (type) {
    case 'CARD':
    case 'MY_NUMBER':
    case 'PHONE':
      return maskDigits(value);
    case 'EMAIL': {
      const at = value.lastIndexOf('@') >= 0 ? value.lastIndexOf('@') : value.lastIndexOf('＠');
      if (at <= 0) return '***';
      const first = String.fromCodePoint(value.codePointAt(0)!);
      return `${first}***${value.slice(at)}`;
    }
    default:
      return `[${type}]`;
  }
}

/** Every digit (ASCII or full width) but the last four becomes `*`. */
function maskDigits(value: string): string {
  const chars = [...value];
  let keep = VISIBLE_DIGITS;
  for (let i = chars.length - 1; i >= 0; i--) {
    if (!/\p{Nd}/u.test(chars[i]!)) continue;
    if (keep > 0) keep--;
    else chars[i] = '*';
  }
  return chars.join('');
}
