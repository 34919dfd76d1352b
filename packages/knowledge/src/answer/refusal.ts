import { languageOf } from '../search/tokenizer.js';

const MESSAGES: Record<string, string> = {
  en: "I don't know — I couldn't find guidance that answers this. Contact support and a person will help you.",
  ja: '申し訳ありません。この質問に答えられるガイドが見つかりませんでした。サポートにお問い合わせいただければ、担当者がお手伝いします。',
};

/**
 * The "I don't know" answer, in the user's language (English when kotae has no message for it).
 * `messages` overrides or adds languages, keyed by language (`ja`) or full locale (`pt-BR`).
 */
export function refusalText(locale: string, messages: Readonly<Record<string, string>> = {}): string {
  return messages[locale] ?? messages[languageOf(locale)] ?? MESSAGES[languageOf(locale)] ?? MESSAGES['en']!;
}
