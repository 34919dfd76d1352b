/**
 * Text from a request body made safe to keep: control characters (other than tab and line breaks)
 * removed and lone UTF-16 surrogates replaced with U+FFFD. A question may hold either (JSON allows
 * `"\u0000"` and `"\ud800"`); neither means anything to a reader, PostgreSQL's `jsonb` refuses
 * both, and a stored record must never be the reason an answer fails.
 */

// eslint-disable-next-line no-control-regex -- removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g;
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

/**
 * `text` without control characters (tab, LF and CR stay) and with each lone surrogate replaced
 * by U+FFFD.
 *
 * @example
 * ```ts
 * cleanText('a\u0000b\ud800') // 'ab\ufffd'
 * ```
 */
export function cleanText(text: string): string {
  return text.replace(CONTROL, '').replace(LONE_SURROGATE, '\uFFFD');
}

/** A `JSON.parse` reviver that cleans every string value with {@link cleanText}. */
export function cleanStrings(_key: string, value: unknown): unknown {
  return typeof value === 'string' ? cleanText(value) : value;
}
