import { languageOf, normalizeText, type TokenSpan } from './tokenizer.js';

/**
 * How much the phrase overlap can raise a score: a section whose best sentence holds every
 * character trigram of the query scores `1 + PHRASE_WEIGHT` times its BM25 score.
 */
export const PHRASE_WEIGHT = 0.5;

/** How many of the best sections the phrase overlap reorders (the rest keep their BM25 order). */
export const PHRASE_DEPTH = 30;

/**
 * At most this many trigrams (those of the first ~100 characters): a question is shorter, and a
 * pasted page would otherwise make the rerank slower than the search.
 */
export const MAX_PHRASE_GRAMS = 100;

/** Languages written without spaces between words: their trigrams run across words. */
const UNSPACED = new Set(['ja', 'zh']);
const HIRAGANA_ONLY = /^[\p{Script=Hiragana}ー]+$/u;
const SEPARATOR = /[\s\p{P}\p{S}]/u;
const SENTENCE_END = /[.!?。！？\n]+/u;

/**
 * The character trigrams of a query that {@link phraseOverlap} looks for in a section.
 *
 * Bag-of-words BM25 cannot see that a section says what the question says, in the same order
 * (`梅雨の期間` against a section that has 梅雨 and 期間 in different sentences), nor that two
 * forms of a word are one (`mails` / `emails`, `backup` / `back up`, `strikethrough` /
 * `striked through`). Character trigrams see both, at the price of being too weak to search
 * with: so they only reorder the sections BM25 found.
 *
 * In Japanese and Chinese, trigrams of the whole query, across words and particles (so `の期間`
 * and `が降ら` count), except those of hiragana only (`ている`), which any text has. In other
 * languages, trigrams inside the query's words after stop words are dropped, unstemmed.
 *
 * @param query - the query as typed
 * @param spans - the query's token spans (`tokenSpans` for the index's locale)
 * @param locale - the index's locale
 */
export function phraseGrams(query: string, spans: readonly TokenSpan[], locale: string): string[] {
  const grams = new Set<string>();
  if (UNSPACED.has(languageOf(locale))) {
    const chars = [...normalizeText(query)];
    for (let i = 0; i + 3 <= chars.length && grams.size < MAX_PHRASE_GRAMS; i++) {
      const gram = chars[i]! + chars[i + 1]! + chars[i + 2]!;
      if (!SEPARATOR.test(gram) && !HIRAGANA_ONLY.test(gram)) grams.add(gram);
    }
  } else {
    for (const { word } of spans) {
      const chars = [...word];
      for (let i = 0; i + 3 <= chars.length && grams.size < MAX_PHRASE_GRAMS; i++) grams.add(chars[i]! + chars[i + 1]! + chars[i + 2]!);
    }
  }
  return [...grams];
}

/** What {@link phraseOverlap} found in a section. */
export interface PhraseOverlap {
  /** The share of the query's grams found together in one sentence (the title's in every one), 0 to 1. */
  readonly share: number;
  /** The sentences holding the most of them (ties included; none when the section has none). */
  readonly sentences: readonly string[];
}

const NONE: PhraseOverlap = { share: 0, sentences: [] };

/**
 * The share of `grams` found together in one sentence of a section: how closely the section's
 * best sentence follows the query; and which sentences those are. The title is the context of
 * every sentence, so its grams count for each of them.
 *
 * @param normalized - the section's text after `normalizeText`
 * @param title - the section's title after `normalizeText`
 * @param grams - from {@link phraseGrams}
 */
export function phraseOverlap(normalized: string, title: string, grams: readonly string[]): PhraseOverlap {
  if (grams.length === 0) return NONE;
  // Look only for the grams the section has at all; most sections have few of them.
  const present = grams.filter((g) => normalized.includes(g) || title.includes(g));
  if (present.length === 0) return NONE;
  const inTitle = present.filter((g) => title.includes(g));
  const rest = present.filter((g) => !title.includes(g));
  let best = 0;
  let sentences: string[] = [];
  for (const sentence of normalized.split(SENTENCE_END)) {
    let found = 0;
    for (const g of rest) if (sentence.includes(g)) found++;
    if (found > best) {
      best = found;
      sentences = [sentence];
    } else if (found === best && found > 0) {
      sentences.push(sentence);
    }
  }
  return { share: (inTitle.length + best) / grams.length, sentences };
}
