/**
 * {@link redact}: replaces personal data in text with typed placeholders before it is indexed,
 * stored or sent to a model.
 */
import { findEnglishAddresses } from './address-en.js';
import { findJapaneseAddresses } from './address-ja.js';
import { findCards } from './card.js';
import { findEmails } from './email.js';
import { findMyNumbers } from './my-number.js';
import { findNames } from './name.js';
import { canonicalValue, matchingText } from './normalize.js';
import { PII_TYPES, PLACEHOLDER_PATTERN, placeholder, type Candidate, type PiiType } from './pii-types.js';
import { findPhones } from './phone.js';
import { findPostalCodes } from './postal.js';
import { findUrlTokens } from './url-token.js';

/** Options of {@link redact}. */
export interface RedactOptions {
  /**
   * Values that stay as written: the company's own support number or address, a public
   * example email. Compared after normalization (NFKC, case, spaces, hyphens, dots and
   * parentheses ignored, `+81` read as `0`), so `0120-123-456` also allows `０１２０１２３４５６`.
   * @default []
   */
  readonly allow?: readonly string[] | undefined;
  /**
   * Names to redact as `[NAME]`, typically from a known field (the customer's name on a
   * conversation). Matched as a whole with any spacing, and part by part. Names are never
   * guessed from the text.
   * @default []
   */
  readonly names?: readonly string[] | undefined;
  /**
   * The kinds of personal data to redact.
   * @default every type in `PII_TYPES`
   */
  readonly types?: readonly PiiType[] | undefined;
}

/** One value {@link redact} replaced, as offsets into the input (UTF-16 code units). */
export interface RedactedSpan {
  readonly type: PiiType;
  /** Offset in the input of the first replaced code unit. */
  readonly start: number;
  /** Offset in the input after the last replaced code unit. */
  readonly end: number;
}

/** What {@link redact} returns. */
export interface Redaction {
  /** The input with each value replaced by its placeholder; everything else as written. */
  readonly text: string;
  /** The replaced values in input order, as offsets into the input (never the values themselves). */
  readonly found: RedactedSpan[];
}

type Detector = (text: string, options: RedactOptions) => Candidate[];

/**
 * The detectors, most specific first: where two candidates overlap, the one found by an earlier
 * detector wins (a URL's token before the email inside it, a card before the phone-shaped
 * digits inside it, an address before a name that is also a town).
 */
const DETECTORS: readonly Detector[] = [
  findUrlTokens,
  findEmails,
  findCards,
  findMyNumbers,
  findPhones,
  findPostalCodes,
  findJapaneseAddresses,
  findEnglishAddresses,
  (text, options) => findNames(text, options.names ?? []),
];

/**
 * Replaces personal data in `text` with typed placeholders: `[EMAIL]`, `[PHONE]`, `[CARD]`,
 * `[MY_NUMBER]`, `[POSTAL]`, `[ADDRESS]`, `[URL_TOKEN]` and `[NAME]`.
 *
 * Matching runs on an NFKC-normalized view of the text (full-width digits and letters, the
 * many dashes and a long-vowel mark between digits all count as their ASCII forms), but only the
 * matched values are replaced: the rest of the text is returned exactly as written, and the
 * offsets in `found` are offsets into the input. Card numbers must pass Luhn and My Numbers
 * their check digit, so ids and order numbers survive; phones, postal codes and addresses are
 * heuristics (see the privacy guide for what they catch and miss).
 *
 * Redaction is idempotent (`redact(redact(x).text).text === redact(x).text`: placeholders never
 * match again) and never throws, whatever the input.
 *
 * @example
 * ```ts
 * redact('Call 090-1234-5678 or mail taro@example.jp', { allow: ['0120-000-000'] }).text
 * // 'Call [PHONE] or mail [EMAIL]'
 * redact('カード番号は４１１１ １１１１ １１１１ １１１１です').text
 * // 'カード番号は[CARD]です'
 * ```
 */
export function redact(text: string, options: RedactOptions = {}): Redaction {
  const input = typeof text === 'string' ? text : text == null ? '' : String(text);
  let { text: output, found } = redactOnce(input, options);
  // A value can hide behind a neighbour that is itself redacted ("…1-1-1https://…?token=x": the
  // URL starts mid-word until the address before it becomes [ADDRESS]). Passes until nothing new
  // is found make redaction idempotent by construction; a second pass finds nothing in practice.
  for (let pass = 0; pass < MAX_EXTRA_PASSES && found.length > 0; pass++) {
    const again = redactOnce(output, options);
    if (again.found.length === 0) break;
    found = [...found, ...again.found.map((span) => toInput(span, found))].sort((a, b) => a.start - b.start);
    output = again.text;
  }
  return { text: output, found };
}

const MAX_EXTRA_PASSES = 3;

/**
 * Maps a span of a redacted text back to the input, given the spans that redaction replaced.
 * Later passes never touch placeholders, so the span lies in text copied from the input.
 */
function toInput(span: RedactedSpan, replaced: readonly RedactedSpan[]): RedactedSpan {
  let shift = 0;
  for (const r of replaced) {
    const placeholderStart = r.start - shift;
    if (placeholderStart >= span.start) break;
    shift += r.end - r.start - placeholder(r.type).length;
  }
  return { type: span.type, start: span.start + shift, end: span.end + shift };
}

function redactOnce(input: string, options: RedactOptions): Redaction {
  const view = matchingText(input);
  const taken: Candidate[] = [...view.text.matchAll(PLACEHOLDER_PATTERN)].map((m) => ({
    type: 'NAME',
    start: m.index,
    end: m.index + m[0].length,
  }));
  const wanted = new Set<PiiType>(options.types ?? PII_TYPES);
  const allowed = new Set((options.allow ?? []).map((value) => canonicalValue(String(value))));
  const accepted: Candidate[] = [];
  for (const detect of DETECTORS) {
    const candidates = detect(view.text, options).sort((a, b) => b.end - b.start - (a.end - a.start));
    for (const candidate of candidates) {
      if (!wanted.has(candidate.type) || candidate.end <= candidate.start) continue;
      if (overlapsAny(candidate, taken) || overlapsAny(candidate, accepted)) continue;
      if (allowed.size > 0 && allowed.has(canonicalValue(view.text.slice(candidate.start, candidate.end)))) {
        // An allowed value stays as written, whole: no later detector may take a part of it (the
        // last 12 digits of an allowed card can pass the My Number check).
        taken.push(candidate);
        continue;
      }
      accepted.push(candidate);
    }
  }
  accepted.sort((a, b) => a.start - b.start);

  let output = '';
  let at = 0;
  const found: RedactedSpan[] = [];
  for (const { type, start, end } of accepted) {
    const from = view.from[start]!;
    const to = view.to[end - 1]!;
    // Two values can share one input character when it expands to several (㌔ → キロ): the
    // earlier placeholder grows to cover both.
    const previous = found.at(-1);
    if (previous && from < at) {
      if (to > at) found[found.length - 1] = { ...previous, end: to };
      at = Math.max(at, to);
      continue;
    }
    output += input.slice(at, from) + placeholder(type);
    found.push({ type, start: from, end: to });
    at = to;
  }
  return { text: output + input.slice(at), found };
}

/**
 * Counts of redacted values per type, for summaries.
 *
 * @example
 * ```ts
 * countByType(redact(text).found) // { EMAIL: 2, PHONE: 1 }
 * ```
 */
export function countByType(found: readonly RedactedSpan[]): Partial<Record<PiiType, number>> {
  const counts: Partial<Record<PiiType, number>> = {};
  for (const { type } of found) counts[type] = (counts[type] ?? 0) + 1;
  return counts;
}

function overlapsAny(candidate: Candidate, spans: readonly Candidate[]): boolean {
  return spans.some((s) => candidate.start < s.end && s.start < candidate.end);
}
