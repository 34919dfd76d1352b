import { parseBlocks, type Block, type BlockSentence } from '../answer/section-blocks.js';
import { gramKey } from '../answer/query-terms.js';
import { sentenceRanges } from '../answer/sentence-split.js';
import { cjkGrams, languageOf, normalizeText, tokenize } from '../search/tokenizer.js';

/** Where a matchable unit of a section is: a paragraph's sentence, a sentence in a list, a table row. */
export type UnitPlace =
  | { readonly kind: 'sentence'; readonly block: number; readonly sentence: number; readonly question: boolean }
  | { readonly kind: 'item'; readonly block: number; readonly item: number }
  | { readonly kind: 'table'; readonly block: number };

/** One matchable unit of a section and the distinct terms it holds (as {@link tokenize} makes them). */
export interface SectionUnit {
  readonly place: UnitPlace;
  readonly text: string;
  /** The text after `normalizeText`, for phrase matching. */
  readonly normalized: string;
  readonly terms: ReadonlySet<string>;
}

/** A section's structure ({@link parseBlocks}) and its matchable units, in document order. */
export interface SectionUnits {
  readonly blocks: readonly Block[];
  readonly units: readonly SectionUnit[];
}

/** What a parse depends on; a `StoredSection` is one. */
interface ParsableSection {
  readonly text: string;
  readonly locale: string;
}

interface CacheEntry {
  readonly text: string;
  readonly locale: string;
  readonly units: SectionUnits;
}

/**
 * How many sections' structures are kept. Answers come from the sections the questions of the
 * moment match, so a few hundred cover a help center's traffic; the oldest go first.
 */
const MAX_CACHED_SECTIONS = 1000;

const cache = new Map<ParsableSection, CacheEntry>();

/**
 * Sentences of plain `text`, trimmed, none empty: a blank line ends a paragraph, a single line
 * break does not end a sentence (it is a wrap), and abbreviations, initials and URLs do not
 * either (see {@link sentenceRanges}).
 */
export function segmentSentences(text: string, locale: string): string[] {
  const sentences: string[] = [];
  for (const paragraph of text.split(/\n\s*\n/)) {
    const joined = paragraph.replace(/\s*\n\s*/g, (m, at: number) =>
      UNSPACED.test(paragraph[at - 1] ?? '') && UNSPACED.test(paragraph[at + m.length] ?? '') ? '' : ' ',
    );
    for (const [start, end] of sentenceRanges(joined, locale)) sentences.push(joined.slice(start, end));
  }
  return sentences;
}

const UNSPACED = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」『』（）！？：]/u;

/**
 * The structure of a section's markdown and its matchable units with their terms, computed once
 * per section and kept for the next answer from it (at most {@link MAX_CACHED_SECTIONS} sections,
 * least recently used first out). A pure function of `text` and `locale`, which a hit checks, so a
 * changed or replaced section is parsed again.
 */
export function sectionUnits(section: ParsableSection): SectionUnits {
  const hit = cache.get(section);
  if (hit && hit.text === section.text && hit.locale === section.locale) {
    cache.delete(section);
    cache.set(section, hit);
    return hit.units;
  }
  const blocks = parseBlocks(section.text, section.locale);
  const units: SectionUnit[] = [];
  const add = (place: UnitPlace, text: string) => {
    units.push({ place, text, normalized: normalizeText(text), terms: unitTerms(text, section.locale) });
  };
  blocks.forEach((block, b) => {
    if (block.kind === 'paragraph')
      block.sentences.forEach((s, i) => add({ kind: 'sentence', block: b, sentence: i, question: s.question }, s.text));
    else if (block.kind === 'list')
      block.items.forEach((item, i) => forEachSentence(item, (s) => add({ kind: 'item', block: b, item: i }, s.text)));
    else if (block.kind === 'table') for (const row of block.rows) add({ kind: 'table', block: b }, row);
  });
  const result = { blocks, units };
  cache.delete(section);
  cache.set(section, { text: section.text, locale: section.locale, units: result });
  if (cache.size > MAX_CACHED_SECTIONS) cache.delete(cache.keys().next().value!);
  return result;
}

/**
 * The distinct terms of a piece of a section as answers match them: its words (as {@link tokenize}
 * makes them) and, in Japanese and Chinese, its kanji and katakana grams, as the index has them,
 * so a question word segmented differently from the guidance (`何季` / `雨季`) still meets it.
 */
export function unitTerms(text: string, locale: string): Set<string> {
  const terms = new Set(tokenize(text, locale));
  if (languageOf(locale) === 'ja' || languageOf(locale) === 'zh') for (const g of cjkGrams(text)) terms.add(gramKey(g));
  return terms;
}

function forEachSentence(item: { sentences: readonly BlockSentence[]; blocks: readonly Block[] }, f: (s: BlockSentence) => void): void {
  for (const s of item.sentences) f(s);
  for (const block of item.blocks) {
    if (block.kind === 'paragraph') for (const s of block.sentences) f(s);
    else if (block.kind === 'list') for (const nested of block.items) forEachSentence(nested, f);
  }
}
