/**
 * Phone numbers: Japanese (landlines such as 03-xxxx-xxxx, 090/080/070 mobiles, 050 IP phones,
 * 0120/0800 toll-free, +81 forms) and international ones written with a `+` or in the North
 * American 3-3-4 shape. Heuristic by design: a candidate must have the digit count and grouping
 * of a real number, so dates (2026-11-24), prices (¥12,000), versions (1.2.3) and most order
 * numbers do not qualify.
 */
import type { Candidate } from './pii-types.js';

/** A group of digits, or an area code in parentheses. */
const GROUP = String.raw`(?:\(\d{1,5}\)|\d+)`;
/** Between groups: one space, dot or hyphen; nothing is needed next to a parenthesis (03(1234)5678). */
const SEPARATOR = String.raw`(?:[ .-]|(?<=\))|(?=\())`;
/** "TEL090-…" and "FAX:03-…": the letters of a label may touch the number. */
const AFTER_LABEL = String.raw`(?<=(?:[Tt][Ee][Ll]|[Ff][Aa][Xx])\.?:?)`;
/** Up to seven groups, optionally after a `+`, not glued to letters or to a longer number. */
const PHONE_LIKE = new RegExp(String.raw`(?:(?<![\w.,/+-])|${AFTER_LABEL})\+?${GROUP}(?:${SEPARATOR}${GROUP}){0,6}(?![\w]|[-.,/]\d)`, 'g');
/** The groups of a candidate, each with its leading `+` if any. */
const GROUP_TOKEN = /\+?(?:\(\d{1,5}\)|\d+)/g;

/** Phone numbers in `text` (already normalized). */
export function findPhones(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const match of text.matchAll(PHONE_LIKE)) {
    const run = match[0];
    if (run.replace(/\D/g, '').length < 8) continue;
    // A run may join a phone number to a neighbour ("2026-11-24 03-1234-5678"): try every window
    // of whole groups, longest first, and keep the windows that are phone numbers.
    const groups = [...run.matchAll(GROUP_TOKEN)].map((m) => ({ start: m.index, end: m.index + m[0].length }));
    let from = 0;
    while (from < groups.length) {
      let matched = false;
      for (let to = groups.length - 1; to >= from; to--) {
        const window = run.slice(groups[from]!.start, groups[to]!.end);
        const start = match.index + groups[from]!.start;
        const phoneShaped = isPhoneNumber(window) || (afterPhoneLabel(text, start) && isLabelledPhoneNumber(window));
        if (phoneShaped && !afterIdLabel(text, start)) {
          found.push({ type: 'PHONE', start: match.index + groups[from]!.start, end: match.index + groups[to]!.end });
          from = to + 1;
          matched = true;
          break;
        }
      }
      if (!matched) from++;
    }
  }
  return found;
}

/** "Order ID: 0258746938": a number labelled as an id is one, whatever its shape. */
const ID_LABEL =
  /(?:order|account|acct|invoice|ticket|tracking|member|customer|case|ref(?:erence)?)\s*(?:id|no\.?|number|#)?\s*[:#]?\s*$|\bid\s*[:#]?\s*$|(?:注文|受付|会員|伝票|問い合わせ|お問合せ)(?:番号|ID)?\s*[:]?\s*$/i;

/** "phone is 116-048-7515", "電話：…": a label makes a number a phone even in an unusual shape. */
const PHONE_LABEL = /(?:phone|tel|telephone|mobile|cell|fax|電話|携帯|TEL)(?:\s*(?:number|no\.?|番号))?\s*(?:is|:|#|は)?\s*$/i;

function afterPhoneLabel(text: string, start: number): boolean {
  return PHONE_LABEL.test(text.slice(Math.max(0, start - 24), start));
}

/** After a phone label: 10 or 11 digits in at most four groups, whatever the leading digits. */
function isLabelledPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  return !candidate.startsWith('+') && (digits.length === 10 || digits.length === 11) && (candidate.match(/\d+/g) ?? []).length <= 4;
}

function afterIdLabel(text: string, start: number): boolean {
  return ID_LABEL.test(text.slice(Math.max(0, start - 24), start));
}

/**
 * True when `candidate` (digits in groups, as found in text) has the shape of a phone number.
 *
 * @example
 * ```ts
 * isPhoneNumber('03-1234-5678')      // true
 * isPhoneNumber('+1 (555) 123-4567') // true
 * isPhoneNumber('2026-11-24')        // false
 * ```
 */
export function isPhoneNumber(candidate: string): boolean {
  const digits = candidate.replace(/\D/g, '');
  const groups: readonly string[] = candidate.match(/\d+/g) ?? [];
  const separators: readonly string[] = candidate.match(/[ .-]/g) ?? [];
  // 1.234.567 and 1-2 3.4 are numbers and versions, not how people write phone numbers.
  if (separators.includes('.') && separators.some((s) => s !== '.')) return false;
  if (candidate.startsWith('+')) return isInternational(digits, groups);
  if (digits.startsWith('0')) return isJapaneseDomestic(digits, groups);
  return isNorthAmerican(digits, groups);
}

function isInternational(digits: string, groups: readonly string[]): boolean {
  if (digits.startsWith('81')) {
    // +81 drops the domestic leading 0, though people often keep it as (0).
    const national = digits.slice(2).replace(/^0/, '');
    return national.length === 9 || national.length === 10;
  }
  // +1 is the North American plan: exactly ten digits after it.
  if (digits.startsWith('1')) return digits.length === 11;
  // E.164 allows at most 15 digits; short runs after a + need grouping to look like a number.
  return digits.length >= 8 && digits.length <= 15 && (groups.length >= 2 || digits.length >= 10);
}

function isJapaneseDomestic(digits: string, groups: readonly string[]): boolean {
  // 00… is an international call prefix or a zero-padded id, and ids come in many groups.
  if (digits[1] === '0' || groups.length > 3) return false;
  if (groups.length > 1) {
    const first = groups[0]!;
    const last = groups.at(-1)!;
    if (first.length < 2 || first.length > 5 || last.length < 3 || last.length > 4) return false;
  }
  if (digits.length === 10) return true;
  // 11 digits: mobiles (070/080/090), IP phones (050) and toll-free 0800.
  return digits.length === 11 && /^0(?:[5789]0|800)/.test(digits);
}

function isNorthAmerican(digits: string, groups: readonly string[]): boolean {
  // Bare 10-digit runs are too often ids: require the written 3-3-4 shape (optionally 1-3-3-4).
  const parts = groups.length === 4 && groups[0] === '1' ? groups.slice(1) : groups;
  if (parts.length !== 3 || digits.length - (parts === groups ? 0 : 1) !== 10) return false;
  const [area, exchange, line] = parts as [string, string, string];
  // Area codes never start with 0 or 1; exchanges don't either, but the 555-123-4567 of every
  // example does, and people copy examples, so the exchange is not checked.
  return area.length === 3 && exchange.length === 3 && line.length === 4 && /^[2-9]/.test(area);
}
