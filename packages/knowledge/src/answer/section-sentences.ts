import { tokenize } from '../search/tokenizer.js';

/** One sentence of a section, and the distinct terms it holds (as {@link tokenize} makes them). */
export interface SectionSentence {
  readonly text: string;
  readonly terms: ReadonlySet<string>;
}

/** What a sentence split depends on; a `StoredSection` is one. */
interface SplittableSection {
  readonly plain: string;
  readonly locale: string;
}

interface CacheEntry {
  readonly plain: string;
  readonly locale: string;
  readonly sentences: readonly SectionSentence[];
}

/**
 * How many sections' sentences are kept. Answers come from the sections the questions of the
 * moment match, so a few hundred cover a help center's traffic; the oldest go first.
 */
const MAX_CACHED_SECTIONS = 1000;

const cache = new Map<SplittableSection, CacheEntry>();
const segmenters = new Map<string, Intl.Segmenter>();

/**
 * The `Intl.Segmenter` for a locale and granularity, made once: constructing one costs more than
 * segmenting a sentence with it, and an answer segments dozens.
 */
export function cachedSegmenter(locale: string, granularity: 'sentence' | 'word'): Intl.Segmenter {
  const key = `${granularity}\u0000${locale}`;
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    segmenter = new Intl.Segmenter(locale, { granularity });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}

/** Sentences of `text`, trimmed, without empty ones, never across a line break. */
export function segmentSentences(text: string, locale: string): string[] {
  const segmenter = cachedSegmenter(locale, 'sentence');
  const sentences: string[] = [];
  for (const line of text.split(/\n+/)) {
    for (const { segment } of segmenter.segment(line)) {
      const trimmed = segment.trim();
      if (trimmed) sentences.push(trimmed);
    }
  }
  return sentences;
}

/**
 * The sentences of a section's plain text with their terms, computed once per section and kept
 * for the next answer from it (at most {@link MAX_CACHED_SECTIONS} sections, least recently used
 * first out). A pure function of `plain` and `locale`, which a hit checks, so a changed or
 * replaced section is split again.
 */
export function sectionSentences(section: SplittableSection): readonly SectionSentence[] {
  const hit = cache.get(section);
  if (hit && hit.plain === section.plain && hit.locale === section.locale) {
    cache.delete(section);
    cache.set(section, hit);
    return hit.sentences;
  }
  const sentences = segmentSentences(section.plain, section.locale).map((text) => ({
    text,
    terms: new Set(tokenize(text, section.locale)),
  }));
  cache.delete(section);
  cache.set(section, { plain: section.plain, locale: section.locale, sentences });
  if (cache.size > MAX_CACHED_SECTIONS) cache.delete(cache.keys().next().value!);
  return sentences;
}
