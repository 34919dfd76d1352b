import type { SearchResult, StoredSection } from '../search/search-types.js';
import { makeSnippet } from '../search/snippet.js';
import { tokenize } from '../search/tokenizer.js';
import { passageScore, type ExtractiveOptions } from './extractive-answer.js';
import type { WeightedTerm } from './question.js';
import { questionIntent } from './question-intent.js';

/** Options of {@link answeringSections}. */
export interface AnsweringSectionsOptions {
  /** The question's weighted terms, as for {@link ExtractiveOptions.terms}. */
  readonly terms?: ExtractiveOptions['terms'];
  /** How many of the best results are looked at (the ones an extractive answer may quote). @default 3 */
  readonly depth?: number | undefined;
  /** Length of a replaced result's snippet, in characters. @default 160 */
  readonly snippetLength?: number | undefined;
}

/**
 * A section of the same article must answer this much better than the one search found to take
 * its place: search saw the headings and the whole article's words, and its choice stands unless
 * another part clearly answers what was asked.
 */
const SIBLING_SHARE = 0.8;

/**
 * The lead of an article (its text before the first heading) counts this share of its passage's
 * score against the article's other sections: it restates the question (`If you can't receive
 * your codes…`) and points on (`…in the steps below`), while the part that answers sits under a
 * heading after it.
 */
const LEAD_SHARE = 0.7;
/** …and this share against a question after steps, which a procedure under a heading answers. */
const STEPS_LEAD_SHARE = 0.5;

/**
 * The end of a section that points on to what follows it (`Follow these steps:`, `…try the steps
 * below.`, `次の手順をお試しください。`, `以下の方法で…`), rather than answering itself.
 */
const POINTS_ON =
  /(?:\b(?:follow(?:ing)?|these|the)\s+(?:steps|instructions)\b|\b(?:below|as follows|the following|here'?s how|here is how)\b)[^.!?:]{0,40}[.!?:]?\s*$|[:：]\s*$|(?:次の|以下の|下記の)[^。]{0,60}。?\s*$|(?:次の|以下の|下記の)(?:手順|方法|とおり|通り)[^。]*。[^。]{0,60}。\s*$/iu;

/** Whether a section ends pointing on to the section after it (see {@link POINTS_ON}). */
function pointsOn(section: StoredSection): boolean {
  return POINTS_ON.test(section.plain.trimEnd().slice(-240));
}

/**
 * The question's terms weighted by how rare they are among the article's sections (an inverse
 * document frequency within the article): a word every section holds (`password` in the
 * password article, the product's name) says nothing about which part answers, while the one
 * word only one section holds (`expired`, `balance`) points to it. A term in every section keeps
 * `log(1 + 1) / log(1 + n)` of its weight, one in a single section all of it.
 */
export function articleWeights(
  query: string,
  locale: string,
  sections: readonly StoredSection[],
  terms: readonly WeightedTerm[] | undefined,
): WeightedTerm[] {
  const words = terms ?? tokenize(query, locale).map((term) => ({ term, weight: 1 }));
  const n = sections.length;
  if (n < 2) return [...words];
  const sets = sections.map((s) => new Set(tokenize(`${s.headings.at(-1) ?? ''}\n${s.plain}`, s.locale || locale)));
  return words.map(({ term, weight }) => {
    let df = 0;
    for (const set of sets) if (set.has(term)) df++;
    return { term, weight: df === 0 ? weight : (weight * Math.log(1 + n / df)) / Math.log(1 + n) };
  });
}

/**
 * The search results with each of the best ones replaced, where another section of the same
 * article answers the question better, by that section: the part of the article a careful
 * support agent would quote.
 *
 * Search finds the right article, and within it the section whose words best match the question;
 * that is often the article's introduction, which restates the question (`If you forgot your
 * password…`) while the answer is under a heading after it (the steps, the timeline, the fee).
 * Each section of the article is scored as an extractive answer scores its passages (the
 * question's words, the kind of passage the question asks for: the procedure for `how do I…`, a
 * duration for `how long`, an amount for `how much`, a place for `where`, and the words of the
 * section's heading, each word weighted by how few of the article's sections hold it:
 * `articleWeights`); the lead counts less, a section that points on (`Follow these steps.`)
 * hands its score to the next, and a section replaces the one search chose when it scores 25%
 * better. The article's rank and score are kept (the results' order does
 * not change); the replaced result gets the new section's id, anchor, headings and a snippet of it.
 *
 * @param query - the question
 * @param results - the search results, best first
 * @param articleSections - the sections of an article, by article id (empty when unknown)
 * @example
 * ```ts
 * const sections = (articleId: string) => index.sections().filter((s) => s.articleId === articleId);
 * answeringSections('how do I reset my password', index.search('how do I reset my password'), sections)[0]?.id
 * // 'reset-password#steps' (search found the introduction, 'reset-password')
 * ```
 */
export function answeringSections(
  query: string,
  results: readonly SearchResult[],
  articleSections: (articleId: string) => readonly StoredSection[],
  options: AnsweringSectionsOptions = {},
): SearchResult[] {
  const depth = options.depth ?? 3;
  return results.map((result, rank) => {
    if (rank >= depth) return result;
    const sections = articleSections(result.articleId);
    const found = sections.find((s) => s.id === result.id);
    if (!found || sections.length < 2) return result;
    const peers = sections.filter((s) => s.audience === found.audience);
    // Facts (a time, an amount, a place) are often stated in the lead; procedures sit below it.
    const intent = questionIntent(query, result.locale);
    const leadShare = intent === 'steps' ? STEPS_LEAD_SHARE : intent === undefined ? LEAD_SHARE : 1;
    const extractive = { terms: articleWeights(query, result.locale, peers, options.terms) };
    // Each section's own score, then a section that ends pointing on (`Follow these steps.`,
    // `次の手順をお試しください。`) hands its score to the section after it: what it points to
    // answers, the pointer only says there is an answer.
    const raw = peers.map((section) => passageScore(query, result.locale, section, extractive));
    const scores = peers.map((section, i) => {
      // (Only to a section that has a passage of its own to quote.)
      const pointer = i > 0 && raw[i]! > 0 && pointsOn(peers[i - 1]!) ? raw[i - 1]! : 0;
      const own = pointsOn(section) && i + 1 < peers.length ? raw[i]! * LEAD_SHARE : raw[i]!;
      const share = (section === found || found.anchor === '' ? 1 : SIBLING_SHARE) * (section.anchor === '' ? leadShare : 1);
      return Math.max(own * share, pointer * (section === found || found.anchor === '' ? 1 : SIBLING_SHARE));
    });
    let best = found;
    let bestScore = scores[peers.indexOf(found)]!;
    peers.forEach((section, i) => {
      if (scores[i]! > bestScore) {
        best = section;
        bestScore = scores[i]!;
      }
    });
    if (best === found) return result;
    const snippet = makeSnippet(best.plain, new Set(result.terms), best.locale, options.snippetLength ?? 160);
    return {
      ...result,
      id: best.id,
      anchor: best.anchor,
      headings: best.headings,
      snippet: snippet.text,
      highlights: snippet.highlights,
    };
  });
}
