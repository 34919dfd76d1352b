import { languageOf, normalizeText } from './tokenizer.js';

/**
 * What a question asks for, when its wording says so: a time (`いつ`), a number (a year, an
 * amount, a count) or a name (what something is called, what something is).
 */
export type AnswerType = 'time' | 'number' | 'name';

/**
 * How much finding what the question asks for raises a score: a section whose best sentence (see
 * {@link phraseOverlap}) holds an answer of the question's type scores `1 + ANSWER_TYPE_WEIGHT`
 * times as much. Tuned on the JSQuAD dev set (0.25 to 0.5 rank alike).
 */
export const ANSWER_TYPE_WEIGHT = 0.3;

/** Counters (助数詞) and units that make `何…` ask for a number: 何年, 何人, 何条, 何キロ. */
const COUNTER =
  '年|月|日|時|分|秒|世紀|歳|才|人|名|個|回|度|倍|割|条|番|位|代|期|件|冊|本|枚|台|頭|匹|社|校|階|%|パーセント|キロ|メートル|センチ|トン|円|ドル';
const TIME_QUESTION = /いつ/u;
const NUMBER_QUESTION = new RegExp(
  `何(?:${COUNTER})|なん(?:ねん|にん|かい|ばい)|どのくらい|どれくらい|どのぐらい|どれぐらい|どれほど|いくつ|いくら` +
    // a question that ends on a measured noun: `第二次世界大戦の終わった年は？`
    '|(?:年|年代|日付|人口|人数|期間|面積|高さ|長さ|距離|割合)は[?？。]*$',
  'u',
);
/** Verbs of naming after `と`: `何と呼ぶ` asks, `…と呼ばれる` answers. */
const SAY = 'いう|言う|いい|言い|いわ|言わ|呼ば|呼ぶ|呼び|呼ん|称|名付|命名';
/** Words for another name, in questions and answers alike. */
const NAME_WORDS = '別名|別称|異名|愛称|通称|略称|正式名称';
// `何という`, `何と呼ぶ`, the words for a name, and `Xとは？` (what X is)
const NAME_QUESTION = new RegExp(`(?:何|なん)(?:と|て)(?:${SAY})|${NAME_WORDS}|名称は|名前は|英訳|呼び名|とは[?？。]*$`, 'u');

/** Arabic numerals (NFKC makes full-width ones ASCII), or kanji numerals before a counter. */
const NUMBER = new RegExp(`[0-9]+(?:[.,][0-9]+)*|[〇一二三四五六七八九十百千万億]+(?=${COUNTER})`, 'gu');
/** Times without a number: eras, periods and parts of them (`江戸時代`, `梅雨の末期`, `戦後`). */
const TIME = /時代|末期|初期|中期|前半|後半|世紀|戦後|戦前|元年|明治|大正|昭和|平成|令和|江戸|室町|鎌倉|平安|奈良/gu;
/** How Japanese text names things: `…と呼ばれる`, `…という`, quotes, a gloss in parentheses. */
const NAMING = new RegExp(`と(?:${SAY})|[「『(（]|${NAME_WORDS}|または`, 'u');

/**
 * The type of answer a question asks for, from its question words (Japanese only; undefined when
 * the wording does not say, or in other languages).
 *
 * Questions restate a sentence of the answer with the answer replaced by a question word
 * (`梅雨前線が…影響を及ぼし始めるのは通常何月ごろ？` for `…5月中旬…`). When several sections
 * restate the question alike, the one whose matching sentence also holds something of the asked
 * type (a number for `何年` or `どのくらい`, a time for `いつ`, a naming for `何という` or
 * `正式名称`) is the likelier answer.
 *
 * @example
 * ```ts
 * answerTypeOf('中国では梅雨を何という？', 'ja') // 'name'
 * answerTypeOf('労働基本権は憲法何条か。', 'ja') // 'number'
 * answerTypeOf('豪雨となりやすいのは梅雨のいつごろか？', 'ja') // 'time'
 * ```
 */
export function answerTypeOf(query: string, locale: string): AnswerType | undefined {
  if (languageOf(locale) !== 'ja') return undefined;
  const q = normalizeText(query);
  if (TIME_QUESTION.test(q)) return 'time';
  if (NUMBER_QUESTION.test(q)) return 'number';
  if (NAME_QUESTION.test(q)) return 'name';
  return undefined;
}

/**
 * Whether a sentence holds an answer of `type` to `query` (both normalized, `normalizeText`):
 * a number (or, for a time, an era or period) that the question does not already state, or a
 * naming construction.
 *
 * @example
 * ```ts
 * holdsAnswerType('梅雨前線は5月中旬に北上する', 'number', '梅雨前線が北上するのは何月？') // true
 * holdsAnswerType('1910年に亡くなった', 'number', '1910年に亡くなったのは何歳？') // false
 * ```
 */
export function holdsAnswerType(sentence: string, type: AnswerType, query: string): boolean {
  if (type === 'name') return NAMING.test(sentence);
  for (const [number] of sentence.matchAll(NUMBER)) if (!query.includes(number)) return true;
  if (type === 'time') for (const [time] of sentence.matchAll(TIME)) if (!query.includes(time)) return true;
  return false;
}
