import type { ConversationAct } from '../schema/interaction.js';
import { languageOf } from '../search/tokenizer.js';

/** The pieces of text a conversational act is answered with, in one language. */
export interface ActTexts {
  /** The reply to a request for a person: the way to a person. */
  readonly handoff: string;
  readonly greeting: string;
  readonly thanks: string;
  readonly goodbye: string;
  /** "That didn't work" with nothing else to suggest: ask for details and offer a person. */
  readonly 'not-resolved': string;
  /** Before the next-best passage, after "that didn't work". */
  readonly notResolvedIntro: string;
  /** After the next-best passage: the offer of a person. */
  readonly offerPerson: string;
}

const TEXTS: Record<string, ActTexts> = {
  en: {
    handoff: 'Of course. A person from support can help you: use **Contact support** to reach them, and they will see this conversation.',
    greeting: 'Hello! What can I help you with? Ask a question in your own words.',
    thanks: "You're welcome! If anything else comes up, just ask.",
    goodbye: 'Thanks for stopping by. Goodbye!',
    'not-resolved':
      "I'm sorry that didn't help. Could you tell me more about what happened (an error message, the step where it stopped)? Or use **Contact support** and a person will help you.",
    notResolvedIntro: "I'm sorry that didn't help. This may be what you need:\n\n",
    offerPerson: "\n\nIf this doesn't solve it either, use **Contact support** and a person will help you.",
  },
  ja: {
    handoff:
      'かしこまりました。サポート担当者がお手伝いします。「**サポートに問い合わせる**」からご連絡ください。このやり取りも担当者に伝わります。',
    greeting: 'こんにちは！どのようなことでお困りですか？ご質問をそのままの言葉で入力してください。',
    thanks: 'どういたしまして。ほかにもお困りのことがあれば、いつでもお尋ねください。',
    goodbye: 'ご利用ありがとうございました。',
    'not-resolved':
      'お役に立てず申し訳ありません。どこで止まったか、表示されたエラーなど、もう少し詳しく教えていただけますか。「**サポートに問い合わせる**」から担当者にご相談いただくこともできます。',
    notResolvedIntro: 'お役に立てず申し訳ありません。こちらの方法もお試しください。\n\n',
    offerPerson: '\n\nそれでも解決しない場合は、「**サポートに問い合わせる**」から担当者にご相談ください。',
  },
};

/** Overrides of the act texts, by language (`ja`) or full locale (`pt-BR`); see {@link actText}. */
export type ActMessages = Readonly<Record<string, Partial<ActTexts>>>;

/**
 * A text of a conversational act's reply, in the asker's language (English when kotae has no
 * text for it). `messages` overrides or adds languages — for example, to give the way to a
 * person your product really has (a phone number, opening hours).
 *
 * @example
 * ```ts
 * actText('handoff', 'ja') // 'かしこまりました。サポート担当者がお手伝いします。…'
 * actText('handoff', 'en', { en: { handoff: 'Call us on 0120-000-000 (9:00–18:00).' } })
 * ```
 */
export function actText(key: ConversationAct | 'notResolvedIntro' | 'offerPerson', locale: string, messages: ActMessages = {}): string {
  return messages[locale]?.[key] ?? messages[languageOf(locale)]?.[key] ?? TEXTS[languageOf(locale)]?.[key] ?? TEXTS['en']![key];
}
