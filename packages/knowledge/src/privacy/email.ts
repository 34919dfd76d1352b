/** Email addresses. */
import type { Candidate } from './pii-types.js';

/**
 * A local part, `@`, and a domain with a top-level label of letters. Starts only at the start of
 * a token (so scanning a long run of letters stays linear) and stops before a trailing dot.
 */
const EMAIL = /(?<![\w.%+-])[\w.%+-]+@[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}(?![\w-]|\.[A-Za-z0-9])/g;

/** Email addresses in `text` (already normalized). */
export function findEmails(text: string): Candidate[] {
  return [...text.matchAll(EMAIL)].map((m) => ({ type: 'EMAIL' as const, start: m.index, end: m.index + m[0].length }));
}
