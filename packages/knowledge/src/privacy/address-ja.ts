/**
 * Japanese addresses: a prefecture (都道府県), a municipality (市区町村郡), a town and a block
 * number (1-2-3, 1丁目2番3号, 123番地), optionally a room (101号室). A heuristic: a prefecture or a
 * municipality alone is coarse location and stays; it takes the block number to make an address.
 */
import type { Candidate } from './pii-types.js';

/** The 47 prefectures. */
export const PREFECTURE =
  '北海道|東京都|京都府|大阪府|(?:青森|岩手|宮城|秋田|山形|福島|茨城|栃木|群馬|埼玉|千葉|神奈川|新潟|富山|石川|福井|山梨|長野|岐阜|静岡|愛知|三重|滋賀|兵庫|奈良|和歌山|鳥取|島根|岡山|広島|山口|徳島|香川|愛媛|高知|福岡|佐賀|長崎|熊本|大分|宮崎|鹿児島|沖縄)県';

/** Letters of place names: kanji, kana, the iteration mark and the long-vowel mark. */
const NAME = String.raw`[\p{sc=Han}\p{sc=Hiragana}\p{sc=Katakana}々〆ー]`;
/** Place-name letters a municipality may start with when no prefecture anchors it (no hiragana: particles). */
const CITY_START = String.raw`[\p{sc=Han}\p{sc=Katakana}々ー]`;
const MUNICIPALITY = '[市区町村郡]';
/** 1-2-3, 1丁目2番3号, 2丁目, 123番地, 1の2; the markers may close the number. */
/** Sapporo-style grid towns (北1条西) have numbers inside the town name; the block comes after. */
const BLOCK = String.raw`\d{1,5}(?:(?:丁目|番地?|号|[-の])\s?\d{1,5})*(?:丁目|番地?|号)?`;
/**
 * A block whose first number has a marker. A bare number (山下町1) only counts right after a
 * town or village (町, 村) or a grid street (条): "…駅西方約2km" is no address.
 */
const STRICT_BLOCK = String.raw`\d{1,5}(?:丁目|番地?|-)(?:\s?\d{1,5}(?:丁目|番地?|号|[-の])?){0,3}`;
/** A building and room after the block: "サンプルビル 101号室", "3F" is too vague to chase. */
const ROOM = String.raw`(?:\s?[^\s、。,]{0,20}?\d{1,5}号室)?`;

const WITH_PREFECTURE = new RegExp(
  `(?:${PREFECTURE})\\s?${NAME}{0,12}?${MUNICIPALITY}\\s?(?:${NAME}|\\d{1,4}(?=[条線])){0,24}?\\s?(?:${STRICT_BLOCK}|(?<=[町村条])${BLOCK})(?![条線\\d])${ROOM}`,
  'gu',
);
/** Town letters without a prefecture anchor: no hiragana but the の/が/ケ of 丸の内, 霞が関, 自由が丘. */
const TOWN = String.raw`[\p{sc=Han}\p{sc=Katakana}々ーのがヶ]`;
const WITHOUT_PREFECTURE = new RegExp(`${CITY_START}{1,6}${MUNICIPALITY}${TOWN}{0,10}?${STRICT_BLOCK}${ROOM}`, 'gu');

/** Japanese addresses in `text` (already normalized). */
export function findJapaneseAddresses(text: string): Candidate[] {
  const found: Candidate[] = [];
  for (const pattern of [WITH_PREFECTURE, WITHOUT_PREFECTURE]) {
    for (const m of text.matchAll(pattern)) found.push({ type: 'ADDRESS', start: m.index, end: m.index + m[0].length });
  }
  return found;
}
