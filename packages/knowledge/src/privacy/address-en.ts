/**
 * English street addresses: a house number, one to four capitalized street-name words, a street
 * type (Street, St, Ave, Road…), then optionally a unit (Apt 4B, Suite 200) and "City, ST 12345".
 * Capitalization is what keeps "3 items on the way" from being an address.
 */
import type { Candidate } from './pii-types.js';

const STREET_TYPE =
  'Street|St|Avenue|Ave|Road|Rd|Boulevard|Blvd|Lane|Ln|Drive|Dr|Court|Ct|Way|Place|Pl|Terrace|Ter|Parkway|Pkwy|Highway|Hwy|Circle|Cir|Square|Sq|Trail|Trl|Crescent|Close|Alley';
const WORD = String.raw`(?:[A-Z][A-Za-z'.-]*|\d{1,3}(?:st|nd|rd|th))`;
/** A trailing direction, as in "1600 Pennsylvania Ave NW". */
const DIRECTION = String.raw`(?:[ \t]+(?:N|S|E|W|NE|NW|SE|SW)\b\.?)?`;
const UNIT = String.raw`(?:,?[ \t]*(?:Apt|Apartment|Suite|Ste|Unit|Floor|Fl|#)\.?[ \t]*#?[A-Za-z0-9-]{1,6})?`;
const CITY_STATE_ZIP = String.raw`(?:,?[ \t]*[A-Z][A-Za-z.]*(?:[ \t][A-Z][A-Za-z.]*){0,2},?[ \t]+[A-Z]{2}[ \t]+\d{5}(?:-\d{4})?)?`;

const STREET_ADDRESS = new RegExp(
  String.raw`(?<![\w.,-])\d{1,6}[A-Za-z]?(?:-\d{1,4})?[ \t]+(?:${WORD}[ \t]+){1,4}(?:${STREET_TYPE})\b(?:\.(?=[, \t]))?${DIRECTION}${UNIT}${CITY_STATE_ZIP}`,
  'g',
);

/** English street addresses in `text` (already normalized). */
export function findEnglishAddresses(text: string): Candidate[] {
  return [...text.matchAll(STREET_ADDRESS)].map((m) => ({ type: 'ADDRESS' as const, start: m.index, end: m.index + m[0].length }));
}
