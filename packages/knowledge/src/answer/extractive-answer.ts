import { matchWeights } from '../answer/query-terms.js';
import type { WeightedTerm } from '../answer/question.js';
import { blockLength, joinSentences, renderBlock, renderList } from '../answer/render-blocks.js';
import type { Block, BlockSentence, ListBlock } from '../answer/section-blocks.js';
import { answerTypeOf, holdsAnswerType } from '../search/answer-type.js';
import { holdsIntent, questionIntent, type QuestionIntent } from './question-intent.js';
import { phraseGrams } from '../search/phrase-overlap.js';
import type { StoredSection } from '../search/search-types.js';
import { languageOf, normalizeText, tokenSpans } from '../search/tokenizer.js';
import { sectionUnits, segmentSentences, unitTerms, type SectionUnit, type SectionUnits } from './section-sentences.js';

/** Options of {@link extractiveAnswer}. */
export interface ExtractiveOptions {
  /** Most sentences of prose taken from one section (a list is given whole). @default 2 */
  readonly sentencesPerSource?: number | undefined;
  /**
   * Longest passage of prose, in characters, that a second sentence is still added to. The best
   * sentence is always given whole, however long: a sentence is never cut. @default 480
   */
  readonly maxPassageChars?: number | undefined;
  /** Most sources quoted; a source is quoted only when it matches the question. @default 2 */
  readonly maxSources?: number | undefined;
  /**
   * Longest list (in characters of markdown) given whole; a longer one gives only the items
   * that match, whole and with their own numbers. @default 1500
   */
  readonly maxListChars?: number | undefined;
  /** Longest table (in characters of markdown) shown; a longer one is left out. @default 1200 */
  readonly maxTableChars?: number | undefined;
  /**
   * The question's terms with their weights, as a question analysis makes them; when given,
   * `query` is not tokenized again. Without it every word of the question weighs 1.
   */
  readonly terms?: readonly WeightedTerm[] | undefined;
}

/** One source an extractive answer is cut from: its number and its section. */
export interface ExtractiveSource {
  readonly n: number;
  readonly section: StoredSection;
}

/**
 * A later source is quoted when its passage scores at least this share of the best passage's
 * score (and above 0): one that holds only a stray word of the question is left out.
 */
const SECOND_SOURCE_SHARE = 0.3;

/** A passage chosen from one section, before its citation mark. */
interface Passage {
  readonly markdown: string;
  readonly score: number;
}

/**
 * The extractive answer: from each source, the part of its section that answers the question,
 * composed from the section's markdown structure as a careful support agent would quote it, each
 * passage cited `[n]`.
 *
 * The unit that holds the most of the question's terms decides what is quoted: a sentence of
 * prose gives that sentence and the next best one (whole sentences, in document order); a
 * sentence in a list gives the whole list, in order, nested items with their parents (with the
 * sentence that introduces it, `To reset it:`); a row gives its whole table (or nothing, when
 * the table is too big); the guidance's own question (`Q. …`) gives its answer. Code blocks and
 * tables come whole or not at all. Nothing is cut mid-sentence, and quote markers, `Q.`/`A.`
 * labels, reference marks, HTML and link syntax never reach the answer. A section that matched
 * on its title alone gives its opening. At most {@link ExtractiveOptions.maxSources} sources,
 * each only when it matches; passages are separated by a blank line.
 *
 * Returns the answer's markdown as separate chunks (one per passage), so it can be streamed like
 * a model's answer.
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
  const maxSources = options.maxSources ?? 2;
  const chunks: string[] = [];
  let bestScore = 0;
  for (const { n, section } of sources) {
    if (chunks.length >= maxSources) break;
    const passage = sectionPassage(query, locale, section, options);
    if (!passage) continue;
    // A later source is quoted only when it matches about as well as the best: a careful agent
    // does not pad an answer with a passage on something else.
    if (chunks.length > 0 && (passage.score <= 0 || passage.score < bestScore * SECOND_SOURCE_SHARE)) continue;
    bestScore = Math.max(bestScore, passage.score);
    const cited = cite(passage.markdown, n);
    chunks.push(chunks.length === 0 ? cited : `\n\n${cited}`);
  }
  return chunks;
}

/**
 * Sentences of `text`, trimmed, none empty: a blank line ends a paragraph, a line break inside
 * one does not end a sentence, and neither do abbreviations (`e.g.`, `Mr.`), version numbers or
 * URLs.
 *
 * @example
 * ```ts
 * splitSentences('一つ目です。二つ目です！\nThird one, e.g. this. Fourth?', 'ja')
 * // ['一つ目です。', '二つ目です！', 'Third one, e.g. this.', 'Fourth?']
 * ```
 */
export function splitSentences(text: string, locale: string): string[] {
  return segmentSentences(text, locale);
}

/** The passage of `section` that answers `query`, and how well it does (see {@link extractiveAnswer}). */
function sectionPassage(query: string, locale: string, section: StoredSection, options: ExtractiveOptions): Passage | undefined {
  const sectionLocale = section.locale || locale;
  const text = section.headings.at(-1);
  const heading = text
    ? { terms: unitTerms(text, sectionLocale), normalized: normalizeText(text), title: section.anchor === '' }
    : undefined;
  return passageOf(sectionUnits(section), questionMatch(query, sectionLocale, options.terms), options, heading, sectionLocale);
}

/** A section's own heading, matched like a unit of it. */
interface HeadingText {
  readonly terms: ReadonlySet<string>;
  readonly normalized: string;
  /** It is the article's title (the section is the lead): it names the whole article, not a part. */
  readonly title: boolean;
}

/**
 * How well the best passage of `section` answers `query`, on the scale {@link extractiveAnswer}
 * compares sources on (0 when nothing in it matches): the sum of the question's term weights it
 * holds, more for a passage that restates the question, holds what the question asks for (a
 * time, an amount, a place), or is the procedure a `how do I…` question wants.
 */
export function passageScore(query: string, locale: string, section: StoredSection, options: ExtractiveOptions = {}): number {
  return sectionPassage(query, locale, section, options)?.score ?? 0;
}

/** The citation after the passage's last line; on a line of its own after a table or code block. */
function cite(markdown: string, n: number): string {
  const lastLine = markdown.slice(markdown.lastIndexOf('\n') + 1);
  if (/^\s*(?:\||```|~~~)/.test(lastLine)) return `${markdown}\n\n[${n}]`;
  return `${markdown} [${n}]`;
}

/** What a unit of a section is matched against: the question's terms, its phrase and the kind of answer it asks for. */
interface QuestionMatch {
  readonly weights: ReadonlyMap<string, number>;
  /** The question's character trigrams ({@link phraseGrams}): a sentence that restates the question holds many. */
  readonly grams: readonly string[];
  /** Sum of the word weights, the most a unit can score on terms. */
  readonly total: number;
  readonly type: ReturnType<typeof answerTypeOf>;
  /** The kind of passage the question asks for (steps, a time, an amount, a place). */
  readonly intent: QuestionIntent | undefined;
  /** The question says something is not so (`I don't have…`, `…がない`): a heading that does too matches it ({@link isNegated}). */
  readonly negated: boolean;
  readonly normalized: string;
}

const matches = new Map<string, QuestionMatch>();

function questionMatch(query: string, locale: string, terms: readonly WeightedTerm[] | undefined): QuestionMatch {
  const key = `${locale}\u0000${query}`;
  const hit = terms === undefined ? matches.get(key) : undefined;
  if (hit) return hit;
  const weights = matchWeights(query, locale, terms);
  let total = 0;
  for (const [term, w] of weights) if (!term.startsWith('\u0000')) total += w;
  const q = query.slice(0, 2000);
  const match = {
    weights,
    grams: phraseGrams(q, tokenSpans(q, locale), locale),
    total,
    type: answerTypeOf(q, locale),
    intent: questionIntent(q, locale),
    negated: isNegated(q, locale),
    normalized: normalizeText(q),
  };
  if (terms === undefined) {
    if (matches.size > 100) matches.clear();
    matches.set(key, match);
  }
  return match;
}

/**
 * How much a sentence that restates the question (holds all of its trigrams) scores on top of its
 * terms, as a share of the question's total term weight. The same signal that reorders search
 * results (see `phraseOverlap`): the answer usually sits in the sentence that says what the
 * question says.
 */
const PHRASE_BONUS = 1;
/** A sentence holding the kind of answer the question asks for (a number, a time, a name) scores this much more. */
const ANSWER_TYPE_BONUS = 0.2;
/** …and this much (in word weights) even when it holds none of the question's words. */
const ANSWER_TYPE_WORDS = 1;
/** A unit holding the time, amount or place a support question asks for scores this much more… */
const INTENT_BONUS = 0.5;
/** …and this much (in word weights). */
const INTENT_WORDS = 1;
/**
 * A list that matches a question asking for steps (how to do something, what to do about a
 * problem) scores this much more, and {@link STEPS_WORDS} on top: an agent answers `how do I…`
 * with the procedure, not with the sentence that says there is one.
 */
const STEPS_BONUS = 1;
/** The share of the words a bulleted list's other items add to its best item's score. */
const BULLETS_SHARE = 0.5;
const STEPS_WORDS = 1;
/**
 * Question words in a section's own heading count this share of their weight for every unit of
 * the section: a sentence under `Your account is temporarily locked` is about a locked account,
 * whether or not it says so again.
 */
const HEADING_SHARE = 0.5;

/** How much a section's heading adds to its units, and how much of the question it holds (0 to 1). */
interface HeadingMatch {
  readonly score: number;
  readonly covers: number;
}

/**
 * What a section's heading adds to every unit under it: its score on the question, times a share
 * from {@link HEADING_SHARE} up to all of it as the heading holds more of the question's words.
 * A heading that says what the question says (`It says "Refunded" but I don't see it`) names the
 * part that answers. A negation counts as a word both hold when the question and the heading both
 * have one: `No backup codes?` meets `I don't have the backup codes`, `…がない場合` meets
 * `…もありません`.
 */
function headingMatch(heading: HeadingText, match: QuestionMatch, locale: string): HeadingMatch {
  let score = scorePhrase(heading.terms, heading.normalized, match);
  if (heading.title) return { score: HEADING_SHARE * score, covers: 0 };
  let held = 0;
  let total = match.total;
  for (const [term, w] of match.weights) if (!term.startsWith('\u0000') && heading.terms.has(term)) held += w;
  if (score > 0 && match.negated && isNegated(heading.normalized, locale)) {
    score += NEGATION_WORDS;
    held += NEGATION_WORDS;
    total += NEGATION_WORDS;
  }
  const covers = total > 0 ? Math.min(1, held / total) : 0;
  return { score: score * (HEADING_SHARE + (1 - HEADING_SHARE) * covers), covers };
}

/** The weight of a negation both the question and a heading hold. */
const NEGATION_WORDS = 1;
/**
 * A stated problem (a question after steps that says something is not so) whose words a
 * section's heading mostly holds (this share or more) is answered by that section as well as by a
 * procedure: `the page says my account is locked` by
 * the part headed `Your account is temporarily locked`, not by the article's general check-list.
 */
const HEADING_NAMES_IT = 0.5;

const EN_NEGATION =
  /\b(?:no|not|never|none|without|can'?t|cannot|couldn'?t|don'?t|doesn'?t|didn'?t|isn'?t|aren'?t|won'?t|haven'?t|hasn'?t|wasn'?t|dont|didnt|doesnt|cant|wont|isnt|havent)\b/u;
const JA_NEGATION = /ない|ません|なし|無い|できず/u;

/** Whether `text` says something is not so (English and Japanese; false in other languages). */
function isNegated(text: string, locale: string): boolean {
  const language = languageOf(locale);
  if (language === 'ja') return JA_NEGATION.test(text);
  if (language === 'en') return EN_NEGATION.test(text.toLowerCase().replace(/[’‘`]/gu, "'"));
  return false;
}

function scoreUnit(unit: SectionUnit, match: QuestionMatch): number {
  return scoreText(unit.terms, unit.normalized, match);
}

/** The question's terms `terms` holds, plus the bonus for restating its phrase. */
function scorePhrase(terms: ReadonlySet<string>, normalized: string, match: QuestionMatch): number {
  let score = scoreTerms(terms, match.weights);
  if (score > 0 && match.grams.length > 0) {
    let found = 0;
    for (const g of match.grams) if (normalized.includes(g)) found++;
    score += (PHRASE_BONUS * match.total * found) / match.grams.length;
  }
  return score;
}

function scoreText(terms: ReadonlySet<string>, normalized: string, match: QuestionMatch): number {
  let score = scorePhrase(terms, normalized, match);
  // A sentence holding what the question asks for counts even without its words: the subject is
  // often only in the title (`天治はいつからいつまでか` against `1124年から1126年までの期間を指す。`).
  if (match.type && holdsAnswerType(normalized, match.type, match.normalized)) score = score * (1 + ANSWER_TYPE_BONUS) + ANSWER_TYPE_WORDS;
  // A support question's kind (a time, an amount, a place) counts the same way, where the
  // wording-based answer type does not already say it: `how long…` meets `within 10 business days`.
  else if (!match.type && match.intent && match.intent !== 'steps' && score > 0 && holdsIntent(normalized, match.intent))
    score = score * (1 + INTENT_BONUS) + INTENT_WORDS;
  return score;
}

function scoreTerms(terms: ReadonlySet<string>, weights: ReadonlyMap<string, number>): number {
  let score = 0;
  for (const [term, weight] of weights) if (terms.has(term)) score += weight;
  return score;
}

/** Whether sentence `sentence` of block `block` is the last of an introduction followed by a list. */
function isIntroOfList(blocks: readonly Block[], block: number, sentence: number): boolean {
  const b = blocks[block];
  return b?.kind === 'paragraph' && b.intro && sentence === b.sentences.length - 1 && blocks[block + 1]?.kind === 'list';
}

/** The sentence introducing the list at `block`, if one does. */
function introUnit(units: readonly SectionUnit[], blocks: readonly Block[], block: number): SectionUnit | undefined {
  const prev = blocks[block - 1];
  if (!prev || prev.kind !== 'paragraph' || !prev.intro) return undefined;
  const last = prev.sentences.length - 1;
  return units.find((u) => u.place.kind === 'sentence' && u.place.block === block - 1 && u.place.sentence === last);
}

function passageOf(
  section: SectionUnits,
  match: QuestionMatch,
  options: ExtractiveOptions,
  heading: HeadingText | undefined,
  locale: string,
): Passage | undefined {
  const { blocks, units } = section;
  const named = heading ? headingMatch(heading, match, locale) : { score: 0, covers: 0 };
  const headingScore = named.score;
  const maxTable = options.maxTableChars ?? 1200;
  const scored = units
    .map((unit, index) => ({ unit, index, score: scoreUnit(unit, match) }))
    .filter(({ unit }) => unit.place.kind !== 'table' || blockLength(blocks[unit.place.block]!) <= maxTable);
  // A list is matched as a whole: the terms of all its items (and of the sentence introducing it)
  // count together, so a procedure whose steps between them hold the question wins over a
  // sentence that holds only part of it.
  const lists = new Map<number, { terms: Set<string>; text: string }>();
  for (const { unit } of scored) {
    if (unit.place.kind !== 'item') continue;
    let list = lists.get(unit.place.block);
    if (!list) {
      const intro = introUnit(units, blocks, unit.place.block);
      list = { terms: new Set(intro?.terms), text: intro?.normalized ?? '' };
      lists.set(unit.place.block, list);
    }
    for (const t of unit.terms) list.terms.add(t);
    list.text += `\n${unit.normalized}`;
  }
  // A question after one fact (a time, an amount, a place) is answered by the item that holds
  // it: a list is then as good as its best item, whole procedures count for questions after steps.
  const fact = match.intent !== undefined && match.intent !== 'steps';
  const bestItem = new Map<number, number>();
  if (fact)
    for (const s of scored)
      if (s.unit.place.kind === 'item') bestItem.set(s.unit.place.block, Math.max(bestItem.get(s.unit.place.block) ?? 0, s.score));
  if (!fact)
    for (const s of scored)
      if (s.unit.place.kind === 'item') bestItem.set(s.unit.place.block, Math.max(bestItem.get(s.unit.place.block) ?? 0, s.score));
  const procedures = new Set<number>();
  const listScores = new Map(
    [...lists].map(([block, list]) => {
      const best = bestItem.get(block) ?? 0;
      if (fact) return [block, best];
      const whole = scoreText(list.terms, list.text, match);
      // A numbered list is a procedure: its steps answer together, and a question after steps
      // wants it whole. A bulleted one is a set of separate tips or conditions: it is as good as
      // its best item, and the words its other items hold count only in part, so a long
      // check-list does not outscore the one sentence that answers.
      const ordered = (blocks[block] as ListBlock).ordered;
      const score = ordered ? whole : best + BULLETS_SHARE * Math.max(0, whole - best);
      const procedure = ordered && match.intent === 'steps';
      if (procedure) procedures.add(block);
      return [block, procedure && score > 0 ? score * (1 + STEPS_BONUS) + STEPS_WORDS : score];
    }),
  );
  for (const s of scored) {
    const { place } = s.unit;
    if (place.kind === 'item' && s.score > 0) s.score = listScores.get(place.block)!;
    // The sentence that introduces a list stands for the list.
    if (place.kind === 'sentence' && s.score > 0 && isIntroOfList(blocks, place.block, place.sentence)) {
      s.score = Math.max(s.score, listScores.get(place.block + 1) ?? 0);
    }
  }
  // A section whose heading names what a question after steps asks about answers it as a
  // procedure does (its lists already count as one).
  if (match.intent === 'steps' && match.negated && named.covers >= HEADING_NAMES_IT)
    for (const s of scored) {
      const { place } = s.unit;
      const inProcedure =
        place.kind === 'item'
          ? procedures.has(place.block)
          : place.kind === 'sentence' && isIntroOfList(blocks, place.block, place.sentence) && procedures.has(place.block + 1);
      if (s.score > 0 && !inProcedure) s.score = s.score * (1 + STEPS_BONUS) + STEPS_WORDS;
    }
  if (headingScore > 0) for (const s of scored) if (s.score > 0) s.score += headingScore;
  let best: (typeof scored)[number] | undefined;
  for (const s of scored) if (s.score > 0 && (!best || s.score > best.score)) best = s;
  if (!best) {
    // Matched on its title or headings alone: its opening, scored by its heading.
    const opening = openingOf(blocks, options);
    return opening === undefined ? undefined : { markdown: opening, score: headingScore };
  }
  let place = best.unit.place;
  if (place.kind === 'sentence' && isIntroOfList(blocks, place.block, place.sentence))
    place = { kind: 'item', block: place.block + 1, item: 0 };
  const parts: string[] = [];
  if (place.kind === 'item' || place.kind === 'table') {
    const intro = introBefore(blocks, place.block);
    if (intro) parts.push(intro);
    const block = blocks[place.block]!;
    if (block.kind === 'list') {
      const maxList = options.maxListChars ?? 1500;
      if (blockLength(block) <= maxList) parts.push(renderBlock(block).join('\n'));
      else {
        // Too long to give whole: the items that match best, each whole, with their own numbers.
        const at = place.block;
        const items = new Set<number>();
        let top = 0;
        for (const { unit } of scored)
          if (unit.place.kind === 'item' && unit.place.block === at) top = Math.max(top, scoreUnit(unit, match));
        for (const { unit } of scored)
          if (unit.place.kind === 'item' && unit.place.block === at && scoreUnit(unit, match) >= top) items.add(unit.place.item);
        parts.push(
          renderList(
            block,
            '',
            [...items].sort((a, b) => a - b),
          ).join('\n'),
        );
      }
    } else parts.push(renderBlock(block).join('\n'));
    return { markdown: parts.join('\n\n'), score: best.score };
  }
  if (place.question) {
    const answer = answerAfterQuestion(blocks, place.block, place.sentence, options);
    if (answer) return { markdown: answer, score: best.score };
  }
  // Prose: the best sentence, and the next best one while the passage stays short, in order.
  const perSource = options.sentencesPerSource ?? 2;
  const maxChars = options.maxPassageChars ?? 480;
  const prose = scored.filter((s) => s.unit.place.kind === 'sentence' && !s.unit.place.question && s.score > 0);
  const chosen = [best];
  let length = best.unit.text.length;
  for (const s of [...prose].sort((a, b) => b.score - a.score || a.index - b.index)) {
    if (chosen.length >= perSource) break;
    if (s === best || length + s.unit.text.length > maxChars) continue;
    chosen.push(s);
    length += s.unit.text.length;
  }
  chosen.sort((a, b) => a.index - b.index);
  // Under a heading that names the question, a short paragraph is quoted whole rather than cut:
  // the whole section is about what was asked, and its last sentence is often the condition or the
  // next step (`If 10 business days have passed, contact support`).
  const paragraph = (best.unit.place as SentencePlace).block;
  const whole = named.covers >= HEADING_NAMES_IT ? paragraphUnits(scored, paragraph) : [];
  if (
    perSource >= 2 &&
    chosen.every((c) => (c.unit.place as SentencePlace).block === paragraph) &&
    whole.length > chosen.length &&
    whole.length <= perSource + 1 &&
    whole.reduce((n, u) => n + u.unit.text.length, 0) <= maxChars
  )
    chosen.splice(0, chosen.length, ...whole);
  return {
    markdown: renderProse(
      blocks,
      chosen.map((c) => c.unit.place as SentencePlace),
      options,
    ),
    score: best.score,
  };
}

type SentencePlace = { kind: 'sentence'; block: number; sentence: number };

/** The units of paragraph `block` that are quoted (not the guidance's own questions), in order. */
function paragraphUnits<T extends { unit: SectionUnit; index: number }>(scored: readonly T[], block: number): T[] {
  return scored.filter((s) => s.unit.place.kind === 'sentence' && s.unit.place.block === block && !s.unit.place.question);
}

/** Chosen sentences, a paragraph per block; an introduction (`…:`) brings the block it introduces. */
function renderProse(blocks: readonly Block[], places: readonly SentencePlace[], options: ExtractiveOptions): string {
  const paragraphs: string[] = [];
  let i = 0;
  while (i < places.length) {
    const block = places[i]!.block;
    const sentences: BlockSentence[] = [];
    let last = -1;
    for (; i < places.length && places[i]!.block === block; i++) {
      const paragraph = blocks[block] as Extract<Block, { kind: 'paragraph' }>;
      sentences.push(paragraph.sentences[places[i]!.sentence]!);
      last = places[i]!.sentence;
    }
    paragraphs.push(joinSentences(sentences));
    const paragraph = blocks[block] as Extract<Block, { kind: 'paragraph' }>;
    if (paragraph.intro && last === paragraph.sentences.length - 1) {
      const next = introduced(blocks, block, options);
      if (next) paragraphs.push(next);
    }
  }
  return paragraphs.join('\n\n');
}

/** The block an introduction at `block` introduces, rendered, when it can be shown whole. */
function introduced(blocks: readonly Block[], block: number, options: ExtractiveOptions): string | undefined {
  const next = blocks[block + 1];
  if (!next || next.kind === 'paragraph') return undefined;
  const limit =
    next.kind === 'table'
      ? (options.maxTableChars ?? 1200)
      : next.kind === 'list'
        ? (options.maxListChars ?? 1500)
        : (options.maxListChars ?? 1500);
  if (blockLength(next) > limit) return undefined;
  return renderBlock(next).join('\n');
}

/** The sentence before a list or table that introduces it (`To reset it:`), if there is one. */
function introBefore(blocks: readonly Block[], block: number): string | undefined {
  const prev = blocks[block - 1];
  if (!prev || prev.kind !== 'paragraph' || !prev.intro) return undefined;
  const last = prev.sentences.at(-1);
  return last && !last.question ? joinSentences([last]) : undefined;
}

/** The answer the guidance gives to its own question: the sentences after it, or the next block. */
function answerAfterQuestion(blocks: readonly Block[], block: number, sentence: number, options: ExtractiveOptions): string | undefined {
  const paragraph = blocks[block] as Extract<Block, { kind: 'paragraph' }>;
  const after: BlockSentence[] = [];
  for (const s of paragraph.sentences.slice(sentence + 1)) {
    if (s.question) {
      if (after.length > 0) break;
      continue;
    }
    after.push(s);
    if (after.length >= (options.sentencesPerSource ?? 2)) break;
  }
  if (after.length > 0) return joinSentences(after);
  const next = blocks[block + 1];
  if (!next) return undefined;
  if (next.kind === 'paragraph') {
    const answer = next.sentences.filter((s) => !s.question).slice(0, options.sentencesPerSource ?? 2);
    return answer.length > 0 ? joinSentences(answer) : undefined;
  }
  return introduced(blocks, block, options);
}

/** A section's opening, for a section that matched on its title or headings alone. */
function openingOf(blocks: readonly Block[], options: ExtractiveOptions): string | undefined {
  for (let b = 0; b < blocks.length; b++) {
    const block = blocks[b]!;
    if (block.kind === 'paragraph') {
      const first = block.sentences.findIndex((s) => !s.question);
      if (first < 0) continue;
      return renderProse(blocks, [{ kind: 'sentence', block: b, sentence: first }], options);
    }
    if (block.kind === 'list' && blockLength(block) <= (options.maxListChars ?? 1500)) return renderBlock(block).join('\n');
    if (block.kind === 'list') return renderList(block as ListBlock, '', [0]).join('\n');
  }
  return undefined;
}
