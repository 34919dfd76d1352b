/**
 * Every string the widget shows or announces. Hosts override any of them with the `messages`
 * property; `{n}` and `{query}` are replaced where a message takes them.
 */
export interface KotaeMessages {
  /** Launcher button label (floating mode). */
  readonly launcher: string;
  /** Panel heading. */
  readonly title: string;
  /** Close button label. */
  readonly close: string;
  /** Search field label and placeholder. */
  readonly searchLabel: string;
  readonly searchPlaceholder: string;
  /** Heading over contextual suggestions. */
  readonly suggested: string;
  /**
   * Live-region announcement of the result count (`{n}` articles found): one string, or a form
   * per plural category of the locale (`Intl.PluralRules`: `one`, `other`…; `other` is required).
   */
  readonly resultsCount: KotaePluralMessage;
  /** Shown when a search finds nothing (`{query}`). */
  readonly noResults: string;
  /** Shown while the bundle loads. */
  readonly loading: string;
  /** Shown when the bundle cannot be loaded or verified. */
  readonly loadError: string;
  /** Back-to-results button. */
  readonly back: string;
  /** The question under every article. */
  readonly feedbackQuestion: string;
  readonly feedbackYes: string;
  readonly feedbackNo: string;
  /** Shown after "Yes". */
  readonly feedbackThanks: string;
  /** Shown after "No", above the contact button. */
  readonly feedbackSorry: string;
  /** The escalation button. */
  readonly contactSupport: string;
  /** Shown after "Contact support" opened `escalate-url` in a new tab (without an `endpoint`, when the host did not cancel the event). */
  readonly contactStarted: string;
  /** The contact form's heading. */
  readonly contactTitle: string;
  /** The message field's label (prefilled with the question). */
  readonly contactMessage: string;
  /** The email field's label. */
  readonly contactEmail: string;
  /** Shown under the email field when it holds something that is not an address. */
  readonly contactEmailInvalid: string;
  /** The consent checkbox: attach the question and answer to the message. */
  readonly contactAttach: string;
  /** The send button. */
  readonly contactSend: string;
  /** Announced while sending. */
  readonly contactSending: string;
  /** The cancel button. */
  readonly contactCancel: string;
  /** Shown once the service acknowledged the message, with an email (`{email}`). */
  readonly contactSent: string;
  /** Shown once the service acknowledged the message, without an email. */
  readonly contactSentNoEmail: string;
  /** Shown when the message could not be sent (it stays in the form; the send button becomes `retry`). */
  readonly contactFailed: string;
  /** The option that asks the answer service the typed question (`{query}`); only with an `endpoint`. */
  readonly ask: string;
  /** Under the Ask option when it comes first (the query reads as a question, or no result is strong). */
  readonly askHint: string;
  /** Shown while the answer service has not answered yet. */
  readonly answering: string;
  /** Button that stops an answer while it streams. */
  readonly stop: string;
  /** Shown under an answer the user stopped. */
  readonly stopped: string;
  /** Heading over the articles an answer draws on. */
  readonly sources: string;
  /** Accessible name of a `[n]` citation in an answer: `{n}`, `{title}`. */
  readonly citation: string;
  /** The question under an asked answer. */
  readonly answerFeedbackQuestion: string;
  /** Shown when no answer could be had (network, service error). */
  readonly answerError: string;
  /** Shown when the answer service is busy: `{n}` seconds. */
  readonly rateLimited: string;
  /** Button that asks again after an error or a stop. */
  readonly retry: string;
  /** Back button of an article opened from an answer. */
  readonly backToAnswer: string;
}

/** A message with a form per plural category (`Intl.PluralRules`); `other` is required. */
export type KotaePluralMessage = string | (Readonly<Partial<Record<Intl.LDMLPluralRule, string>>> & { readonly other: string });

/** English UI strings. */
export const EN_MESSAGES: KotaeMessages = {
  launcher: 'Help',
  title: 'Help',
  close: 'Close help',
  searchLabel: 'Search help',
  searchPlaceholder: 'Describe your problem',
  suggested: 'Suggested for this page',
  resultsCount: { one: '{n} result', other: '{n} results' },
  noResults: 'Nothing found for “{query}”.',
  loading: 'Loading help…',
  loadError: 'Help could not be loaded. Please try again later.',
  back: 'Back to results',
  feedbackQuestion: 'Did this solve your problem?',
  feedbackYes: 'Yes',
  feedbackNo: 'No',
  feedbackThanks: 'Thanks for letting us know.',
  feedbackSorry: 'Sorry this did not help.',
  contactSupport: 'Contact support',
  contactStarted: 'Support page opened in a new tab.',
  contactTitle: 'Write to support',
  contactMessage: 'Message',
  contactEmail: 'Email for a reply (optional)',
  contactEmailInvalid: 'Enter an address like name@example.com, or none.',
  contactAttach: 'Attach my question and its answer',
  contactSend: 'Send',
  contactSending: 'Sending…',
  contactCancel: 'Cancel',
  contactSent: 'Sent. Support will reply to {email}.',
  contactSentNoEmail: 'Sent. Support has your message.',
  contactFailed: 'Not sent. Your message is still here.',
  ask: 'Ask “{query}”',
  askHint: 'Get an answer written from the help articles, with its sources.',
  answering: 'Writing an answer…',
  stop: 'Stop',
  stopped: 'Answer stopped.',
  sources: 'Sources',
  citation: 'Source {n}: {title}',
  answerFeedbackQuestion: 'Did this solve your problem?',
  answerError: 'No answer could be had right now.',
  rateLimited: 'Too many questions right now. Try again in {n} s.',
  retry: 'Try again',
  backToAnswer: 'Back to the answer',
};

/** Japanese UI strings. */
export const JA_MESSAGES: KotaeMessages = {
  launcher: 'ヘルプ',
  title: 'ヘルプ',
  close: 'ヘルプを閉じる',
  searchLabel: 'ヘルプを検索',
  searchPlaceholder: 'お困りのことを入力してください',
  suggested: 'このページのおすすめ',
  resultsCount: '{n}件の結果',
  noResults: '「{query}」に一致する記事は見つかりませんでした。',
  loading: 'ヘルプを読み込んでいます…',
  loadError: 'ヘルプを読み込めませんでした。しばらくしてからもう一度お試しください。',
  back: '検索結果に戻る',
  feedbackQuestion: 'この記事で問題は解決しましたか？',
  feedbackYes: 'はい',
  feedbackNo: 'いいえ',
  feedbackThanks: 'ご回答ありがとうございます。',
  feedbackSorry: 'お役に立てず申し訳ありません。',
  contactSupport: 'サポートに問い合わせる',
  contactStarted: 'サポートページを新しいタブで開きました。',
  contactTitle: 'サポートに連絡',
  contactMessage: 'メッセージ',
  contactEmail: '返信先メール（任意）',
  contactEmailInvalid: '例: name@example.com（空欄も可）',
  contactAttach: '質問と回答を添付する',
  contactSend: '送信',
  contactSending: '送信しています…',
  contactCancel: 'キャンセル',
  contactSent: '送信しました。{email} 宛てに返信します。',
  contactSentNoEmail: '送信しました。サポートが受け付けました。',
  contactFailed: '送信できませんでした。内容はそのまま残っています。',
  ask: '「{query}」を質問する',
  askHint: 'ヘルプ記事をもとに、出典付きで回答します。',
  answering: '回答を作成しています…',
  stop: '停止',
  stopped: '回答を停止しました。',
  sources: '参照した記事',
  citation: '出典{n}: {title}',
  answerFeedbackQuestion: 'この回答で問題は解決しましたか？',
  answerError: '現在、回答を取得できません。',
  rateLimited: '質問が集中しています。{n}秒後にもう一度お試しください。',
  retry: 'もう一度試す',
  backToAnswer: '回答に戻る',
};

/** Fills `{n}` into the form of `message` for `n` in `locale` (its plural category, by `Intl.PluralRules`). */
export function formatCount(message: KotaePluralMessage, n: number, locale: string): string {
  const form = typeof message === 'string' ? message : (message[new Intl.PluralRules(locale).select(n)] ?? message.other);
  return format(form, { n });
}

/** Fills `{name}` placeholders. */
export function format(message: string, values: Readonly<Record<string, string | number>>): string {
  return message.replace(/\{(\w+)\}/g, (all, name: string) => (name in values ? String(values[name]) : all));
}
