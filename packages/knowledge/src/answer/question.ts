import type { ConversationAct } from '../schema/interaction.js';
import { languageOf, normalizeText, tokenize } from '../search/tokenizer.js';
import { recognizeAct } from './conversation-acts.js';

/** A normalised term of a question and how much it weighs in retrieval. */
export interface WeightedTerm {
  /** The term as the index has it (tokenizer output: normalised, stemmed). */
  readonly term: string;
  /** 1 for the question's own terms; less for terms carried over from earlier turns. */
  readonly weight: number;
}

/** The writing system a question is mostly in, which decides its language first. */
export type QuestionScript = 'kana' | 'han' | 'hangul' | 'latin' | 'cyrillic' | 'other' | 'none';

/** One earlier turn, as the answer request's `history` has it. */
export interface QuestionTurn {
  readonly role: 'user' | 'assistant';
  readonly text: string;
}

/**
 * What {@link analyzeQuestion} found: made once per question and handed to retrieval,
 * answerability and composition, so none of them splits the question again.
 */
export interface QuestionAnalysis {
  /** The question, NFKC-normalised and trimmed (case kept). */
  readonly text: string;
  /** The language the question is written in (a primary subtag: `en`, `ja`); the answer is in it. */
  readonly language: string;
  /** The script that decided {@link QuestionAnalysis.language}. */
  readonly script: QuestionScript;
  /** The conversational act, or `undefined` for a question. */
  readonly act: ConversationAct | undefined;
  /** The question's own terms, in order, each once, weight 1 (tokenizer output for `language`). */
  readonly terms: readonly WeightedTerm[];
  /**
   * Terms of earlier user turns that a follow-up ("what about refunds?") is searched with, at
   * weights below 1, so the question's own terms dominate. Empty when the question stands alone.
   */
  readonly context: readonly WeightedTerm[];
  /** True when the question reads as a follow-up of the earlier turns and was given their context. */
  readonly followUp: boolean;
  /** The last earlier user question that was a question (not an act), if any. */
  readonly previousQuestion: string | undefined;
  /** The last earlier assistant answer, if any. */
  readonly previousAnswer: string | undefined;
}

/** Options of {@link analyzeQuestion}. */
export interface AnalyzeOptions {
  /** The page's locale: the tie-breaker for Latin-script questions and the UI language. */
  readonly pageLocale?: string | undefined;
  /** The locales the knowledge has (the bundle's); a Latin-script question prefers one of them. */
  readonly locales?: readonly string[] | undefined;
  /** Earlier turns, oldest first. */
  readonly history?: readonly QuestionTurn[] | undefined;
  /**
   * Tells Latin-script languages apart, for a knowledge written in two or more of them (see
   * {@link LatinLanguageDetector}). Without one, or when it has no answer, a Latin-script question
   * is in the page's language. The answer service supplies one (`@kotae/server`); the core ships
   * none, so the widget stays small. @default none
   */
  readonly latinDetector?: LatinLanguageDetector | undefined;
}

/**
 * Which of `candidates` (primary subtags of Latin-script languages, two or more: the
 * knowledge's) a Latin-script `text` is written in, or `undefined` when it cannot tell.
 * {@link detectLanguage} asks it only when the knowledge has two or more Latin-script languages,
 * and ignores an answer outside `candidates`.
 *
 * @example
 * ```ts
 * const detector: LatinLanguageDetector = (text, candidates) => (/\b(le|la|mon)\b/i.test(text) && candidates.includes('fr') ? 'fr' : undefined)
 * ```
 */
export type LatinLanguageDetector = (text: string, candidates: readonly string[]) => string | undefined;

/** Weight of the most recent earlier question's terms in a follow-up; older ones get half each turn. */
export const CONTEXT_WEIGHT = 0.4;
/** How many earlier user turns lend a follow-up their terms. */
const CONTEXT_TURNS = 2;
/** A question with at most this many terms of its own is elliptical ("what about refunds?"). */
const SHORT_QUESTION_TERMS = 3;

const LATIN_LANGUAGES = new Set([
  'en', 'fr', 'de', 'es', 'pt', 'it', 'nl', 'sv', 'da', 'no', 'nb', 'nn', 'fi', 'is', 'pl', 'cs', 'sk', 'sl', 'hr', 'bs', 'sr-latn',
  'ro', 'hu', 'tr', 'id', 'ms', 'vi', 'tl', 'ca', 'eu', 'gl', 'et', 'lv', 'lt', 'sq', 'af', 'sw', 'ga', 'cy',
]); // prettier-ignore

/** Words that open a follow-up, pointing back at what was asked before. */
const FOLLOW_UP_EN =
  /^(?:and|also|but|so|then|ok(?:ay)?,?|what about|how about|what if|and if|and what about|same for|same with|is it the same|does (?:that|this|it) (?:also )?apply|can i also|do i also|what else|or)\b|\b(?:it|that|this|those|these|them|there)\b[^a-z]*$/u;
const FOLLOW_UP_JA =
  /^(?:では|じゃあ|じゃ|それでは|それなら|それと|あと|また|ちなみに|なら|それ|その|この|あれ|同じ|もし)|(?:の場合|のとき|の時|だったら|なら|ならば|は)[はも]?[?？]?$|(?:も|は)(?:同じ|できますか|ですか)[?？]?$/u;

/**
 * Analyses a question once: the language it is written in, the conversational act it is (if
 * any), its normalised terms, and — for a follow-up — the terms of the earlier turns it leans on.
 *
 * The language comes from the script first: kana (or kanji) is Japanese, Hangul Korean; a
 * Latin-script question is in the language `latinDetector` finds among the knowledge's
 * Latin-script languages when it has two or more of them, else in the page's language when that
 * is written in Latin script, otherwise in a Latin-script locale of the knowledge, otherwise
 * English. (A detector is asked only to choose among the knowledge's own languages: telling any
 * Latin-script language from any other by a few words is unreliable, choosing between two is not.)
 *
 * A follow-up is a question with few terms of its own, or one that opens or ends by pointing
 * back ("what about…", "…それは？", 返品の場合は？): it is searched with the terms of the last
 * `CONTEXT_TURNS` user questions at {@link CONTEXT_WEIGHT} and below, so the current terms
 * dominate and no model is needed.
 *
 * @example
 * ```ts
 * const q = analyzeQuestion('what about refunds?', {
 *   pageLocale: 'ja',
 *   history: [{ role: 'user', text: 'How do I cancel my order?' }, { role: 'assistant', text: '…' }],
 * });
 * q.language // 'en'
 * q.terms // [{ term: 'refund', weight: 1 }]
 * q.context // [{ term: 'cancel', weight: 0.4 }, { term: 'order', weight: 0.4 }]
 * ```
 */
export function analyzeQuestion(question: string, options: AnalyzeOptions = {}): QuestionAnalysis {
  const text = question.normalize('NFKC').trim();
  const { language, script } = detectLanguage(text, options);
  const normalized = normalizeText(text);
  const act = recognizeAct(normalized, language);
  const terms = unique(tokenize(text, language)).map((term) => ({ term, weight: 1 }));
  const history = options.history ?? [];
  const userTurns = history.filter((t) => t.role === 'user').map((t) => t.text.normalize('NFKC').trim());
  const questions = userTurns.filter((t) => t && recognizeAct(normalizeText(t), detectLanguage(t, options).language) === undefined);
  const previousQuestion = questions.at(-1);
  const previousAnswer = history.filter((t) => t.role === 'assistant').at(-1)?.text;
  const followUp =
    act === undefined &&
    questions.length > 0 &&
    (terms.length <= SHORT_QUESTION_TERMS || (language === 'ja' ? FOLLOW_UP_JA : FOLLOW_UP_EN).test(language === 'ja' ? text : normalized));
  const context: WeightedTerm[] = [];
  if (followUp) {
    const own = new Set(terms.map((t) => t.term));
    let weight = CONTEXT_WEIGHT;
    for (const turn of questions.slice(-CONTEXT_TURNS).reverse()) {
      for (const term of unique(tokenize(turn, language))) {
        if (own.has(term) || context.some((c) => c.term === term)) continue;
        context.push({ term, weight });
      }
      weight /= 2;
    }
  }
  return { text, language, script, act, terms, context, followUp, previousQuestion, previousAnswer };
}

/**
 * The language a text is written in, by script (see {@link analyzeQuestion}).
 *
 * @example
 * ```ts
 * detectLanguage('パスワードを忘れた', { pageLocale: 'en' }) // { language: 'ja', script: 'kana' }
 * detectLanguage('I forgot my password', { pageLocale: 'ja' }) // { language: 'en', script: 'latin' }
 * ```
 */
export function detectLanguage(text: string, options: AnalyzeOptions = {}): { language: string; script: QuestionScript } {
  const page = options.pageLocale ? languageOf(options.pageLocale) : undefined;
  const known = (options.locales ?? []).map(languageOf);
  const count = (pattern: RegExp) => text.match(pattern)?.length ?? 0;
  const kana = count(/[\p{Script=Hiragana}\p{Script=Katakana}]/gu);
  const han = count(/\p{Script=Han}/gu);
  const hangul = count(/\p{Script=Hangul}/gu);
  const latin = count(/\p{Script=Latin}/gu);
  const cyrillic = count(/\p{Script=Cyrillic}/gu);
  // Kana are only Japanese: one is enough, even among English product names ("iPhoneで").
  if (kana > 0) return { language: 'ja', script: 'kana' };
  const best = Math.max(han, hangul, latin, cyrillic);
  if (best === 0) return { language: page ?? known[0] ?? 'en', script: text.match(/\p{L}/u) ? 'other' : 'none' };
  if (han === best) return { language: page === 'zh' || (!known.includes('ja') && known.includes('zh')) ? 'zh' : 'ja', script: 'han' };
  if (hangul === best) return { language: 'ko', script: 'hangul' };
  if (cyrillic === best) return { language: page && !LATIN_LANGUAGES.has(page) && page !== 'ja' ? page : 'ru', script: 'cyrillic' };
  const latinKnown = latinLanguagesOf(known);
  if (options.latinDetector && latinKnown.length >= 2) {
    const detected = options.latinDetector(text, latinKnown);
    if (detected !== undefined && latinKnown.includes(detected)) return { language: detected, script: 'latin' };
  }
  const latinLanguage = page && LATIN_LANGUAGES.has(page) ? page : (latinKnown[0] ?? 'en');
  return { language: latinLanguage, script: 'latin' };
}

/**
 * The Latin-script languages among `locales` (primary subtags, each once, in order): the ones a
 * {@link LatinLanguageDetector} chooses among.
 *
 * @example
 * ```ts
 * latinLanguagesOf(['en-US', 'ja', 'fr', 'en-GB']) // ['en', 'fr']
 * ```
 */
export function latinLanguagesOf(locales: readonly string[]): string[] {
  return [...new Set(locales.map(languageOf).filter((l) => LATIN_LANGUAGES.has(l)))];
}

/** All of `analysis`'s weighted terms: the question's own, then the context's. */
export function weightedTerms(analysis: QuestionAnalysis): WeightedTerm[] {
  return [...analysis.terms, ...analysis.context];
}

function unique(terms: readonly string[]): string[] {
  return [...new Set(terms)];
}
