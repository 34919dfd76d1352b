/**
 * Names the caller knows (a customer-name field of a conversation or a ticket). Names are not
 * guessed from text: a heuristic would redact product names and miss most people.
 */
import { matchingText } from './normalize.js';
import type { Candidate } from './pii-types.js';

const LATIN = /[A-Za-z]/;
const SEPARATORS = /[\s・,]+/;

/**
 * Finds each name of `names` in `text` (already normalized): the full name with any spacing
 * between its parts, case-insensitively, and each part on its own (Latin parts of 3+ letters as
 * written, so "Will" does not take every "will"; Japanese parts of 2+ characters). Latin names
 * only match as whole words.
 */
export function findNames(text: string, names: readonly string[]): Candidate[] {
  const found: Candidate[] = [];
  for (const name of names) {
    const parts = matchingText(String(name)).text.trim().split(SEPARATORS).filter(Boolean);
    if (parts.length === 0 || parts.join('').length < 2) continue;
    // Case-insensitive through per-letter classes, not the `i` flag: with `u`, `i` makes V8
    // compute the case closure of the `\p{L}` boundaries at every compile (~0.1 ms per name per
    // text), which dominated redacting many short texts with names (conversation ingest).
    const patterns = [new RegExp(bounded(parts.map(caseless).join(String.raw`[\s・]*`), parts), 'gu')];
    if (parts.length > 1) {
      for (const part of parts) {
        if (LATIN.test(part) ? part.length >= 3 : part.length >= 2) patterns.push(new RegExp(bounded(escape(part), [part]), 'gu'));
      }
    }
    for (const pattern of patterns) {
      for (const m of text.matchAll(pattern)) {
        if (m[0].length > 0) found.push({ type: 'NAME', start: m.index, end: m.index + m[0].length });
      }
    }
  }
  return found;
}

function bounded(source: string, parts: readonly string[]): string {
  const before = LATIN.test(parts[0]!.at(0) ?? '') ? String.raw`(?<![\p{L}\p{N}])` : '';
  const after = LATIN.test(parts.at(-1)!.at(-1) ?? '') ? String.raw`(?![\p{L}\p{N}])` : '';
  return `${before}${source}${after}`;
}

/** `text` as a pattern matching it in any case: `Zoë` → `[zZ][oO][ëË]`. */
function caseless(text: string): string {
  let out = '';
  for (const ch of text) {
    const lower = ch.toLowerCase();
    const upper = ch.toUpperCase();
    out += lower === upper || [...lower].length !== 1 || [...upper].length !== 1 ? escape(ch) : `[${lower}${upper}]`;
  }
  return out;
}

function escape(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
