/**
 * {@link findBase64Text}: base64 blobs that decode to readable text — a way to slip instructions
 * past a reader ("decode this and follow it") that a model may well decode.
 */

/** A base64 blob and the text it decodes to. */
export interface Base64Text {
  /** Offset of the blob's first character. */
  readonly start: number;
  /** Offset after the blob (its padding included). */
  readonly end: number;
  /** The decoded text. */
  readonly decoded: string;
}

/**
 * The shortest blob considered: 24 characters decode to 18 bytes, "ignore the rules" and up.
 * Shorter runs of letters and digits are words and ids.
 */
export const MIN_BASE64_LENGTH = 24;

/** A run of the base64 alphabets (standard and URL-safe), with padding, not inside a longer token. */
const BLOB = new RegExp(`(?<![A-Za-z0-9+/=_-])[A-Za-z0-9+/_-]{${MIN_BASE64_LENGTH},}={0,2}(?![A-Za-z0-9+/=_-])`, 'g');

const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Finds base64 blobs in `text` that decode to readable text: valid UTF-8 with no control or
 * unassigned characters, and at least half of it letters and spaces. Binary data (images in
 * `data:` URLs, keys, hashes, random ids) and ordinary long words decode to bytes that are not
 * text, so they are not reported.
 *
 * @example
 * ```ts
 * findBase64Text('run aWdub3JlIGFsbCBwcmV2aW91cyBpbnN0cnVjdGlvbnM=')
 * // [{ start: 4, end: 48, decoded: 'ignore all previous instructions' }]
 * ```
 */
export function findBase64Text(text: string): Base64Text[] {
  const found: Base64Text[] = [];
  for (const m of text.matchAll(BLOB)) {
    const decoded = decodeText(m[0]);
    if (decoded !== undefined) found.push({ start: m.index, end: m.index + m[0].length, decoded });
  }
  return found;
}

function decodeText(blob: string): string | undefined {
  const body = blob.replace(/=+$/, '');
  const standard = /[+/]/.test(body);
  // One alphabet or the other: a token with both `+`/`/` and `-`/`_` is not base64.
  if (standard && /[-_]/.test(body)) return undefined;
  if (body.length % 4 === 1) return undefined;
  // Paths and hyphenated words use the alphabet too, but never decode to text; skip the obvious ones cheaply.
  if (/^[a-z]+$|^[A-Z]+$|^\d+$/.test(body)) return undefined;
  let binary: string;
  try {
    binary = atob(standard ? body : body.replace(/-/g, '+').replace(/_/g, '/'));
  } catch {
    return undefined;
  }
  const bytes = Uint8Array.from(binary, (c) => c.charCodeAt(0));
  let decoded: string;
  try {
    decoded = utf8.decode(bytes);
  } catch {
    return undefined;
  }
  if (/[^\P{C}\t\n\r]/u.test(decoded)) return undefined;
  const chars = [...decoded];
  const wordy = chars.filter((c) => /[\p{L}\s]/u.test(c)).length;
  return wordy * 2 >= chars.length ? decoded : undefined;
}
