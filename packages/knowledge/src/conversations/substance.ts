/**
 * Cheap text heuristics for picking the messages of a conversation that carry its substance: the
 * customer's problem and the agent's answer, not greetings, thanks, closings or questions asking
 * for the customer's details. Plain regular expressions, no segmenter: ingest runs them on every
 * message of exports of any size.
 */

/** English words that carry no problem or answer on their own: function words, greetings, acknowledgements. */
const EMPTY_WORDS = new Set(
  (
    'a an the and or but so if then than to of in on at by for with from as into about up out ' +
    'i im me my mine we us our you your yours he she it its they them their this that these those there here ' +
    'is am are was were be been being do does did have has had will would can could shall should may might must ' +
    'not no yes yeah yep yup ok okay k sure great cool perfect alright right fine awesome nice good well ' +
    'hi hello hey dear thanks thank thx ty please pls bye goodbye morning afternoon evening day welcome ' +
    'just what how who when where why which all any some very too also oh ah um uh hmm lol'
  ).split(' '),
);

/** Japanese and Chinese greetings and acknowledgements, removed before counting characters. */
const EMPTY_CJK =
  /(?:こんにちは|こんばんは|おはようございます|ありがとうございます|ありがとうございました|ありがとう|ございます|ございました|お願いいたします|お願いします|おねがいします|よろしく|宜しく|承知しました|承知いたしました|かしこまりました|了解しました|了解です|わかりました|分かりました|失礼いたします|失礼します|申し訳ございません|申し訳ありません|恐れ入ります|お世話になっております|お待たせしました|少々お待ちください|はい|いいえ|ええ|您好|你好|谢谢|好的|[、。！？!?…・「」『』（）()\s])/g;

const CJK = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]/u;
const CJK_RUN = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}ー]+/gu;
const LATIN_WORD = /^\p{L}[\p{L}'’-]*$/u;
/** Tokens that are identifiers rather than words: digits, emails, URLs, placeholders. */
const NOT_A_WORD = /[\d@[\]]|:\/\//;

/**
 * How many words of substance a message has: Latin-script words of two or more letters that are
 * not greetings or function words (tokens with digits, `@`, URLs and redaction placeholders are
 * identifiers, not words), plus, for Japanese, Chinese and Korean text, one word per two
 * characters once greetings and punctuation are removed.
 *
 * @example
 * ```ts
 * substance('Hi! I need to return an item.')  // 3: need, return, item
 * substance('Crystal Minh')                    // 2: not yet a problem statement
 * ```
 */
export function substance(text: string): number {
  let words = 0;
  for (const token of text.split(/\s+/)) {
    if (token === '' || NOT_A_WORD.test(token)) continue;
    const word = token.replace(/^[^\p{L}]+|[^\p{L}]+$/gu, '').toLowerCase();
    if (word.length >= 2 && LATIN_WORD.test(word) && !CJK.test(word) && !EMPTY_WORDS.has(word)) words++;
  }
  if (CJK.test(text)) {
    const rest = text.replace(EMPTY_CJK, ' ');
    let chars = 0;
    for (const run of rest.match(CJK_RUN) ?? []) chars += run.length;
    words += Math.floor(chars / 2);
  }
  return words;
}

/** A message needs this much {@link substance} to count as saying something. */
export const SUBSTANTIVE_WORDS = 3;

const CLOSING =
  /\b(?:anything else|something else|else (?:i|we) can (?:help|do)|have a (?:nice|great|good|wonderful|lovely) (?:day|evening|night|weekend|one)|thank(?:s| you) for (?:contacting|reaching|shopping|choosing|your patience|waiting|calling|chatting)|is there anything|glad (?:i|we) could help|happy to help|take care)\b|(?:他に|ほかに).{0,12}(?:ございますか|ありますか|でしょうか)|またのご利用|お問い合わせいただき/iu;

/** The customer's details an agent asks for to look them up. */
const DETAILS =
  /\b(?:full name|name|e-?mail|email address|user ?name|account(?: id| number)?|order(?: id| number)?|phone(?: number)?|address|zip(?: code)?|postal code|membership(?: level)?|password|pin|date of birth|card number)\b|お名前|氏名|メールアドレス|電話番号|注文番号|ご住所|会員番号|生年月日/iu;
/** A sentence that asks for something: a question, or a request. */
const REQUEST =
  /[?？]\s*$|\b(?:please|provide|give me|share|confirm|verify|tell me|send me|enter|may i|can i|could i|could you|can you|would you|need)\b|教えて|お願い|ください|いただけ/iu;

const QUESTION = /[?？]\s*$/;

/**
 * Splits a message into sentences (after `.`, `!`, `?` and their full-width forms, or line
 * breaks), keeping each sentence's punctuation.
 */
export function sentences(text: string): string[] {
  return text
    .split(/(?<=[.!?。！？])\s+|(?<=[。！？])|\n+/u)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

/**
 * The part of an agent's message that can answer someone else's problem: its sentences without
 * closings ("anything else I can help you with?") and without requests for the customer's details
 * ("may I have your order ID?"), with how much it weighs. Questions count half: an answer states.
 */
export function agentSubstance(text: string): { text: string; weight: number } {
  const kept: string[] = [];
  let weight = 0;
  for (const sentence of sentences(text)) {
    if (CLOSING.test(sentence) || (DETAILS.test(sentence) && REQUEST.test(sentence))) continue;
    const words = substance(sentence);
    if (words === 0) continue;
    kept.push(sentence);
    weight += QUESTION.test(sentence) ? words / 2 : words;
  }
  return { text: kept.reduce((out, s) => (out === '' ? s : /[。！？]$/u.test(out) ? out + s : `${out} ${s}`), ''), weight };
}

/** True when an agent's message asks for the customer's name (the next reply is likely one). */
export function asksForName(text: string): boolean {
  return /\b(?:your|full)\s+name\b|\bwho am i (?:speaking|talking) (?:with|to)\b|お名前|氏名/iu.test(text);
}

const NAME = String.raw`\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+){0,2}`;
/** "My name is Chloe Zhang", "Name: Joseph Banter", "This is Crystal", "I'm Taro Yamada". */
const INTRODUCTION = new RegExp(
  String.raw`(?:\b[Mm]y (?:full )?[Nn]ame(?: is|'s|’s|:)|\b[Nn]ame:|\b[Tt]his is|\bI am|\bI'm|\bI’m)[ \t]+(${NAME})`,
  'gu',
);
/** A reply that starts with a name: "Crystal Minh", "Crystal Minh, I don't know my account ID". */
const LEADING_NAME = new RegExp(String.raw`^(${NAME})(?:[,.!;]|$)`, 'u');
/** "my name is albert sanders": two or three lowercase words after the strongest introduction. */
const MY_NAME_LOWERCASE = /\b[Mm]y name is\s+(\p{Ll}[\p{L}'’-]+\s+\p{Ll}[\p{L}'’-]+)/gu;
/** Words that are not names, though a reply may start with them capitalized ("Great!", "Name: …"). */
const NOT_NAMES = new Set([
  'name',
  'username',
  'email',
  'mail',
  'order',
  'account',
  'sorry',
  'id',
  'number',
  'phone',
  'address',
  'password',
  'code',
]);
/** A sentence that is a lowercase name: "it's chloe zhang". */
const LOWERCASE_NAME = /^(?:it'?s|it is|i'?m|i am|this is|my name is|name:?)\s+(\p{Ll}[\p{L}'’-]+(?:\s+\p{Ll}[\p{L}'’-]+){0,2})[.!]?$/iu;
/** "山田太郎と申します", "山田です". */
const JAPANESE_NAME =
  /^([\p{Script=Han}\p{Script=Katakana}ー]{2,5}(?:[\s\u3000][\p{Script=Han}\p{Script=Katakana}ー]{1,5})?)(?:と申します|です|といいます)?[。.！!]?$/u;
const MOUSHIMASU = /([\p{Script=Han}\p{Script=Katakana}ー]{2,5}(?:[\s\u3000][\p{Script=Han}\p{Script=Katakana}ー]{1,5})?)と申します/gu;

/**
 * Names a customer gave: introduced ("my name is …", "Name: …", "I'm …", "…と申します"), or —
 * right after an agent asked for a name — a reply that starts with capitalized words, a sentence
 * like "it's chloe zhang", or a few kanji or katakana. Redaction then replaces them wherever they
 * appear in the conversation, whole and part by part. A best effort: names given any other way
 * are missed, and a capitalized phrase after "I'm" may be taken for a name (it is then redacted
 * too, which costs a word of the precedent, not privacy).
 */
export function namesGiven(text: string, afterNameQuestion: boolean): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(INTRODUCTION)) names.push(m[1]!);
  for (const m of text.matchAll(MY_NAME_LOWERCASE)) names.push(m[1]!);
  for (const m of text.matchAll(MOUSHIMASU)) names.push(m[1]!);
  if (afterNameQuestion) {
    const reply = text.trim();
    const leading = LEADING_NAME.exec(reply) ?? JAPANESE_NAME.exec(reply);
    if (leading) names.push(leading[1]!);
    for (const sentence of sentences(reply)) {
      const lower = LOWERCASE_NAME.exec(sentence);
      if (lower) names.push(lower[1]!);
    }
  }
  return [...new Set(names.map((n) => n.trim()))].filter(isNameLike);
}

const HONORIFIC_EN = /\b(?:Mr|Mrs|Ms|Miss|Mx|Dr)\.?[ \t]+(\p{Lu}[\p{L}'’-]+(?:[ \t]+\p{Lu}[\p{L}'’-]+)?)/gu;
const HONORIFIC_JA = /([\p{Script=Han}\p{Script=Katakana}ー]{1,5})(?:様|さま|さん|殿)/gu;
/** Words that take 様 or さん and are not names: お客様, 皆様, 奥様… */
const NOT_NAMES_JA = new Set([
  '客',
  'お客',
  '皆',
  '奥',
  '神',
  '王',
  '殿',
  '仏',
  '子',
  '皆々',
  '各位',
  '担当',
  '担当者',
  '店長',
  '先生',
  '親御',
]);

/**
 * Names someone is addressed by: "Mr. Sanders", "Ms Zhang", "山田様", "ヤマダさん". Agents address
 * customers this way, so these are names even when the customer's own message gave them in a form
 * that could not be split (`山田太郎` gives no family name on its own).
 */
export function namesAddressed(text: string): string[] {
  const names: string[] = [];
  for (const m of text.matchAll(HONORIFIC_EN)) names.push(m[1]!);
  for (const m of text.matchAll(HONORIFIC_JA)) if (!NOT_NAMES_JA.has(m[1]!)) names.push(m[1]!);
  return names.filter(isNameLike);
}

/** False for phrases with a greeting, function word or field name in them ("Great", "Name", "not showing"). */
function isNameLike(name: string): boolean {
  if (name.length < 2) return false;
  return name
    .toLowerCase()
    .split(/\s+/)
    .every((word) => !EMPTY_WORDS.has(word.replace(/['’]s$/, '')) && !NOT_NAMES.has(word));
}

/**
 * Identifiers in a message: tokens that mix Latin letters and digits (usernames like `cminh730`,
 * one-time passwords, order and tracking numbers) and runs of six or more digits, optionally
 * grouped by spaces or hyphens (account numbers, card numbers that fail the Luhn check), except
 * dates. Redaction keeps labelled ids on purpose (they help in a support log); a precedent is
 * guidance for other cases, where an identifier only identifies.
 */
const IDENTIFIER =
  /(?<![A-Za-z0-9_])(?:(?=[A-Za-z_-]*[0-9])(?=[0-9_-]*[A-Za-z])[A-Za-z0-9_-]{5,}|[0-9](?:[ -]?[0-9]){5,})(?![A-Za-z0-9_])/g;
const DATE = /^\d{4}-\d{1,2}-\d{1,2}$/;

/**
 * Street addresses as customers type them, lowercase ("6496 lincoln ave jacksonville ny 17178"),
 * which `redact` leaves alone (it needs capitalized street names, so that ordinary sentences are
 * not taken for addresses). Looser here, with a house number of two or more digits and only the
 * street types that are rarely ordinary words; in a precedent, a false positive costs a phrase.
 */
const LOWERCASE_ADDRESS =
  /(?<![\w.,-])\d{2,6}[ \t]+(?:[a-z][a-z'.-]*[ \t]+){1,3}(?:street|st|avenue|ave|road|rd|boulevard|blvd|lane|ln|drive|dr|parkway|pkwy|highway|hwy|terrace)\b\.?(?:(?:[ \t,]+[a-z][a-z.]*){1,4}[ \t,]+\d{5}(?:-\d{4})?)?/gi;

/**
 * Replaces identifiers (see {@link IDENTIFIER}) with `[ID]`, and lowercase street addresses with
 * `[ADDRESS]`; `allow`ed values (your own support number) stay, compared without punctuation and
 * case.
 */
export function scrubIdentifiers(text: string, allow: readonly string[] = []): string {
  const allowed = new Set(allow.map(canonical));
  return text
    .replace(LOWERCASE_ADDRESS, (match) => (allowed.has(canonical(match)) ? match : '[ADDRESS]'))
    .replace(IDENTIFIER, (token) => (DATE.test(token) || allowed.has(canonical(token)) ? token : '[ID]'));
}

function canonical(value: string): string {
  return value
    .normalize('NFKC')
    .replace(/[^\p{L}\p{N}]/gu, '')
    .toLowerCase();
}
