import { languageOf, normalizeText } from '../search/tokenizer.js';

/**
 * What kind of passage answers a support question, as a careful agent reads it: the steps to
 * follow (`how do I…`, `I want to…`, a problem to fix), a time or duration (`when`, `how long`),
 * an amount (`how much`, a price or a fee), or a place (`where`: a page, a menu path).
 */
export type QuestionIntent = 'steps' | 'time' | 'amount' | 'place';

// English: the question words decide; a stated problem ("can't", "never got", "keeps crashing")
// asks for what to do about it.
const EN_TIME =
  /\b(?:when|how (?:long|soon|fast|quickly)|how many (?:days|hours|weeks|months|minutes|business days)|what time|by what date|until)\b/u;
const EN_AMOUNT = /\b(?:how much|cost|costs|price|prices|pricing|fee|fees|charge for|pay for shipping)\b/u;
const EN_PLACE = /\bwhere\b/u;
const EN_HOW_TO =
  /\b(?:how (?:do|can|should|would|could) (?:i|we|you)|how to|(?:i|we) (?:want|need|would like|'d like) to|i wanna|steps? to|way to|can (?:i|you)(?: still)?|could (?:i|you)|help me)\b|^(?:stop|cancel|change|delete|remove|update|reset|add|turn|get|send|use)\b/u;
/** A question that opens by asking how to do something asks for steps, whatever it goes on to name. */
const EN_HOW_TO_FIRST = /^(?:how (?:do|can|should|could) (?:i|we)|how to)\b/u;
const EN_PROBLEM =
  /\b(?:can'?t|cannot|couldn'?t|won'?t|doesn'?t|don'?t|didn'?t|isn'?t|never (?:got|get|arrived|came|showed)|not (?:working|arriving|showing|loading)|keeps? (?:crashing|failing|saying|telling|freezing)|error|broken|stuck|missing|locked)\b/u;

// Japanese: question words and the endings that state a wish (…たい) or a problem (…ない).
const JA_TIME =
  /いつ|何日|何時間|何週間|何か月|何ヶ月|何営業日|どのくらい(?:で|かかる|の期間)|どれくらい(?:で|かかる)|期限|期間|いつまで|日数/u;
const JA_AMOUNT = /いくら|料金|送料|手数料|値段|価格|何円|費用|代金はいくら|会費|年会費|月額/u;
const JA_PLACE = /どこ/u;
const JA_HOW_TO =
  /どうやって|どうすれば|どうしたら|どうする|方法|手順|やり方|仕方|には[?？]?$|教えて|たい(?:です|のです|んです)?(?:が|けど|けれど|か)?[。.?？!！]*$|できますか/u;
const JA_PROBLEM =
  /できない|できません|られない|られません|ない[。.?？!！]*$|ないです|ません[。.?？!！]*$|ません(?:が|けど)|エラー|落ちる|止まる|届かない|来ない|こない|戻ってこない|戻らない|消えた/u;

/**
 * The kind of passage a question asks for, from its wording (English and Japanese; undefined in
 * other languages, or when the wording does not say).
 *
 * A time (`when`, `how long`, `いつ`, `何日`) or an amount (`how much`, `送料`) is asked for
 * before a place (`where`, `どこ`), and all three before steps: "how long do I have to return
 * it" wants the number of days, not the return procedure. Steps are asked for by `how do I…`,
 * a wish (`I want to…`, `…したい`), or a problem (`can't`, `never got`, `…できない`,
 * `…が来ない`): an agent answers a stated problem with what to do about it.
 *
 * @example
 * ```ts
 * questionIntent('How long do refunds take?', 'en') // 'time'
 * questionIntent('登録メールアドレスを変えたい', 'ja') // 'steps'
 * questionIntent('where is my order?', 'en') // 'place'
 * ```
 */
export function questionIntent(query: string, locale: string): QuestionIntent | undefined {
  const language = languageOf(locale);
  const q = normalizeText(query).replace(/[’‘`]/gu, "'").trim();
  if (language === 'ja') {
    if (JA_TIME.test(q)) return 'time';
    if (JA_AMOUNT.test(q)) return 'amount';
    if (JA_PLACE.test(q)) return 'place';
    if (JA_HOW_TO.test(q) || JA_PROBLEM.test(q)) return 'steps';
    return undefined;
  }
  if (language !== 'en') return undefined;
  // `how do I check how much is left…` asks for the steps to find the amount out.
  if (EN_HOW_TO_FIRST.test(q)) return 'steps';
  if (EN_TIME.test(q)) return 'time';
  if (EN_AMOUNT.test(q)) return 'amount';
  if (EN_PLACE.test(q)) return 'place';
  if (EN_HOW_TO.test(q) || EN_PROBLEM.test(q)) return 'steps';
  return undefined;
}

/** A duration or a point in time with a number: `24 hours`, `3–10 business days`, `30分`, `5営業日以内`, `翌月`. */
const TIME_TEXT =
  /\d+(?:\s*[-–〜~]\s*\d+)?\s*(?:business\s+|working\s+|calendar\s+)?(?:minutes?|hours?|days?|weeks?|months?|years?|mins?|hrs?)\b|\b(?:right away|same day|next day|immediately|within a day|tomorrow)\b|\d+(?:\s*[-–〜~]\s*\d+)?\s*(?:分|時間|日|営業日|週間|か月|ヶ月|カ月|年)|翌日|翌月|翌々月|当日|すぐに|即日/iu;
/** An amount of money, or its absence: `$5.99`, `500円`, `¥500`, `free`, `無料`. */
const AMOUNT_TEXT = /[$€£¥￥]\s*\d|\d[\d,]*(?:\.\d+)?\s*(?:円|ドル|yen|dollars?|usd|jpy)\b|\d[\d,]*\s*円|\bfree\b|無料/iu;
/** A place in the product: a menu path, a page or button named in bold or quotes with a verb of going there. */
const PLACE_TEXT =
  /[\p{L}\p{N})*]\s*(?:\\?>|→)\s*[\p{L}\p{N}(*「]|」\s*(?:→|＞|>)|\b(?:go to|open|under|select|tap|click)\b|を開き|から(?:確認|選|開)|に表示/iu;

/**
 * Whether a passage's text holds what a question of `intent` asks for: a time or duration, an
 * amount, or a place (a menu path, a page to open). Steps are a matter of structure (a list),
 * not of words, so they are not tested here.
 *
 * @param text - the passage's markdown or plain text (normalized or not)
 * @example
 * ```ts
 * holdsIntent('The link works for 24 hours.', 'time') // true
 * holdsIntent('Go to **Account** > **Orders**.', 'place') // true
 * ```
 */
export function holdsIntent(text: string, intent: QuestionIntent): boolean {
  switch (intent) {
    case 'time':
      return TIME_TEXT.test(text);
    case 'amount':
      return AMOUNT_TEXT.test(text);
    case 'place':
      return PLACE_TEXT.test(text);
    case 'steps':
      return false;
  }
}
