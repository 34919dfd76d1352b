import { languageOf, tokenize } from '../search/tokenizer.js';
import { OUT_OF_SCOPE_EN } from './out-of-scope/out-of-scope-en.js';
import { OUT_OF_SCOPE_JA } from './out-of-scope/out-of-scope-ja.js';

/**
 * How generic support questions speak: in how many questions of kotae's generic out-of-scope
 * sample (support questions about other products, assistant requests, general knowledge) each
 * word occurs. Words a knowledge base uses more often than generic questions do are the words of
 * its domain; words generic questions use more ("account", "card", "cancel") say little about
 * whether this knowledge answers.
 */
export interface SupportBackground {
  /** How many questions the sample has. */
  readonly questions: number;
  /**
   * In how many sample questions `term` occurs, not counting `query` itself when it is one of
   * them (a sample question scored at calibration is scored as a question the sample never saw).
   */
  frequency(term: string, query: string): number;
}

const SAMPLES: Readonly<Record<string, readonly string[]>> = { en: OUT_OF_SCOPE_EN, ja: OUT_OF_SCOPE_JA };
const built = new Map<string, SupportBackground>();

/**
 * The support background of a locale's language: the Japanese sample for Japanese, the English
 * one for every other language (its words rarely occur in another language's knowledge, which
 * then counts every matched word as typical of the knowledge). Built once per language.
 */
export function supportBackground(locale: string): SupportBackground {
  const language = languageOf(locale) === 'ja' ? 'ja' : 'en';
  let background = built.get(language);
  if (!background) {
    const sample = SAMPLES[language]!;
    const counts = new Map<string, number>();
    const own = new Map<string, ReadonlySet<string>>();
    for (const question of sample) {
      const terms = new Set(tokenize(question, language));
      own.set(question, terms);
      for (const t of terms) counts.set(t, (counts.get(t) ?? 0) + 1);
    }
    background = {
      questions: sample.length,
      frequency: (term, query) => (counts.get(term) ?? 0) - (own.get(query)?.has(term) ? 1 : 0),
    };
    built.set(language, background);
  }
  return background;
}
