import { BundleFormatError } from '../errors.js';

/**
 * Serialises a JSON value canonically (RFC 8785, JSON Canonicalization Scheme): object keys
 * sorted by UTF-16 code units, no whitespace, strings and numbers as ECMAScript's
 * `JSON.stringify` writes them. The same value always gives the same text, however the file that
 * held it was formatted, so a signature over this text covers exactly the value a reader parsed
 * (a duplicate key, extra spaces or a different key order change nothing a reader acts on, and
 * nothing the signature covers). Throws `BundleFormatError` for what JSON cannot hold
 * (non-finite numbers, `undefined`, functions).
 *
 * @example
 * ```ts
 * canonicalJson({ b: 1, a: [true, 'x'] }) // '{"a":[true,"x"],"b":1}'
 * ```
 */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value === 'boolean' || typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) throw new BundleFormatError('manifest.json', `${String(value)} cannot be signed (not a JSON number)`);
    return JSON.stringify(value);
  }
  if (Array.isArray(value)) return `[${value.map((v) => canonicalJson(v)).join(',')}]`;
  if (typeof value === 'object') {
    const record = value as Record<string, unknown>;
    const keys = Object.keys(record)
      .filter((k) => record[k] !== undefined)
      .sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${keys.map((k) => `${JSON.stringify(k)}:${canonicalJson(record[k])}`).join(',')}}`;
  }
  throw new BundleFormatError('manifest.json', `a ${typeof value} cannot be signed (not a JSON value)`);
}
