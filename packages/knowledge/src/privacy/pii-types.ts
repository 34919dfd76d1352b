/**
 * The kinds of personal data {@link redact} replaces, and the placeholder each one becomes.
 *
 * A placeholder is the type in square brackets (`[EMAIL]`); it contains no digit and no `@`, so
 * no detector can match it again, which is what makes redaction idempotent.
 */
export const PII_TYPES = ['URL_TOKEN', 'EMAIL', 'CARD', 'MY_NUMBER', 'PHONE', 'POSTAL', 'ADDRESS', 'NAME'] as const;

/** One kind of personal data: `EMAIL`, `PHONE`, `CARD`, `MY_NUMBER`, `POSTAL`, `ADDRESS`, `URL_TOKEN`, `NAME`. */
export type PiiType = (typeof PII_TYPES)[number];

/**
 * The placeholder that replaces a value of `type`.
 *
 * @example
 * ```ts
 * placeholder('EMAIL') // '[EMAIL]'
 * ```
 */
export function placeholder(type: PiiType): string {
  return `[${type}]`;
}

/** Matches any placeholder; detectors skip these spans so a second pass finds nothing new. */
export const PLACEHOLDER_PATTERN = new RegExp(`\\[(?:${PII_TYPES.join('|')})\\]`, 'g');

/** A value a detector found, as offsets into the text it searched. */
export interface Candidate {
  readonly type: PiiType;
  /** Offset of the first UTF-16 unit. */
  readonly start: number;
  /** Offset after the last UTF-16 unit. */
  readonly end: number;
}
