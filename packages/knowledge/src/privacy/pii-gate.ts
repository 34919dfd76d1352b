/**
 * {@link findGatedPii}: the personal data that must never be published in a bundle, for the PII
 * gate of `kotae validate` and `kotae compile`.
 */
import { positionsIn } from '../internal/text-position.js';
import { maskPii } from './mask.js';
import type { PiiType } from './pii-types.js';
import { redact } from './redact.js';
import { isDocumentationEmail } from './reserved-domains.js';

/**
 * The kinds of personal data the gate stops: the ones with a checkable structure (Luhn, the My
 * Number check digit) or an unmistakable shape (emails, phone numbers). Postal codes, addresses
 * and names are heuristics or need context; guidance legitimately contains a company's address.
 */
export const GATED_PII_TYPES = ['CARD', 'MY_NUMBER', 'EMAIL', 'PHONE'] as const satisfies readonly PiiType[];

/** A kind of personal data the gate stops. */
export type GatedPiiType = (typeof GATED_PII_TYPES)[number];

/** Options of {@link findGatedPii}. */
export interface PiiGateOptions {
  /**
   * Values that may be published: the company's own support number and address. Compared after
   * normalization, as {@link redact}'s `allow` is (`0120-000-000` also allows `０１２００００００`).
   * @default []
   */
  readonly allow?: readonly string[] | undefined;
}

/** One value the gate stops, with where it is and a masked form that is safe to print. */
export interface PiiGateFinding {
  readonly type: GatedPiiType;
  /** Offset of the value in the text (UTF-16 code units). */
  readonly start: number;
  /** Offset after the value. */
  readonly end: number;
  /** 1-based line of the value's start. */
  readonly line: number;
  /** 1-based column of the value's start, in UTF-16 code units. */
  readonly column: number;
  /** The value with most of it hidden (`****-****-****-1111`, `t***@example.com`): never the value itself. */
  readonly masked: string;
}

/**
 * Finds the personal data in `text` that the PII gate stops: Luhn-valid card numbers, My Numbers
 * with a valid check digit, emails and phone numbers, found by the same detectors as
 * {@link redact}. Values in `allow` pass, and so do emails at domains reserved for documentation
 * by RFC 2606 (`example.com`, `example.net`, `example.org`, `.example`, `.test`, `.invalid`,
 * `.localhost`), which can never reach a person.
 *
 * @example
 * ```ts
 * findGatedPii('Call 0120-000-000 or 090-1234-5678', { allow: ['0120-000-000'] })
 * // [{ type: 'PHONE', start: 21, end: 34, line: 1, column: 22, masked: '***-****-5678' }]
 * ```
 */
export function findGatedPii(text: string, options: PiiGateOptions = {}): PiiGateFinding[] {
  const { found } = redact(text, { types: GATED_PII_TYPES, allow: options.allow });
  if (found.length === 0) return [];
  const position = positionsIn(text);
  const findings: PiiGateFinding[] = [];
  for (const span of found) {
    const type = span.type as GatedPiiType;
    const value = text.slice(span.start, span.end);
    if (type === 'EMAIL' && isDocumentationEmail(value.normalize('NFKC'))) continue;
    findings.push({ type, start: span.start, end: span.end, ...position(span.start), masked: maskPii(type, value) });
  }
  return findings;
}
