import { languageOf, tokenize } from '../search/tokenizer.js';
import type { StoredSection } from '../search/search-types.js';
import { cachedSegmenter, sectionSentences, segmentSentences } from './section-sentences.js';

/** Options of {@link extractiveAnswer}. */
export interface ExtractiveOptions {
  /** Most sentences taken from one section. @default 2 */
  readonly sentencesPerSource?: number | undefined;
  /** Longest sentence kept whole, in characters; longer ones are cut at a word boundary. @default 320 */
  readonly maxSentenceChars?: number | undefined;
}

/** One source an extractive answer is cut from: its number and its section. */
export interface ExtractiveSource {
  readonly n: number;
  readonly section: StoredSection;
}

/**
 * The extractive answer: from each source, the sentences that hold the most of the query's words
 * (in their original order), each passage cited `[n]`. One source gives a paragraph; several give
 * a list, best source first. Returns the answer's markdown as separate chunks (one per passage),
 * so it can be streamed like a model's answer.
 *
 * @example
 * ```ts
 * extractiveAnswer('How long do refunds take?', 'en', [{ n: 1, section }]).join('')
 * // 'Refunds reach your card within 5 business days. [1]'
 * ```
 */
export function extractiveAnswer(
  query: string,
  locale: string,
  sources: readonly ExtractiveSource[],
  options: ExtractiveOptions = {},
): string[] {
  const words = new Set(tokenize(query, locale));
  const perSource = options.sentencesPerSource ?? 2;
  const maxChars = options.maxSentenceChars ?? 320;
  const passages: string[] = [];
  for (const { n, section } of sources) {
    // Split and tokenized once per section, not per answer: the same sections answer many questions.
    const sentences = sectionSentences(section);
    if (sentences.length === 0) continue;
    const scored = sentences.map(({ text, terms }, index) => ({ text, index, score: overlap(terms, words) }));
    let chosen = scored.filter((s) => s.score > 0).sort((a, b) => b.score - a.score || a.index - b.index);
    // A section that matched on its title or headings alone: its opening is the best summary.
    if (chosen.length === 0) chosen = scored.slice(0, 1);
    const passage = chosen
      .slice(0, perSource)
      .sort((a, b) => a.index - b.index)
      .map((s) => clip(s.text, maxChars, section.locale))
      .join(joiner(section.locale));
    passages.push(`${escapeMarkdown(passage)} [${n}]`);
  }
  if (passages.length <= 1) return passages;
  return passages.map((p, i) => `${i === 0 ? '' : '\n'}- ${p}`);
}

/** Sentences of `text`, trimmed, without empty ones and without list bullets run together. */
export function splitSentences(text: string, locale: string): string[] {
  return segmentSentences(text, locale);
}

function overlap(terms: ReadonlySet<string>, words: ReadonlySet<string>): number {
  let hits = 0;
  for (const term of terms) if (words.has(term)) hits++;
  return hits;
}

function clip(sentence: string, maxChars: number, locale: string): string {
  if (sentence.length <= maxChars) return sentence;
  let end = 0;
  for (const { index, segment } of cachedSegmenter(locale, 'word').segment(sentence)) {
    if (index + segment.length > maxChars - 1) break;
    end = index + segment.length;
  }
  return `${sentence.slice(0, end || maxChars - 1).trimEnd()}…`;
}

function joiner(locale: string): string {
  return ['ja', 'zh', 'ko'].includes(languageOf(locale)) ? '' : ' ';
}

/** Passages are plain text; markdown syntax in them must stay text (and not open a link or list). */
function escapeMarkdown(text: string): string {
  return text.replace(/[\\`*_[\]<>#|~]/g, (c) => `\\${c}`);
}
