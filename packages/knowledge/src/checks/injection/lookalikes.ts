/**
 * Look-alike letters: Cyrillic, Greek and other letters that look like Latin ones, which an
 * attacker mixes into words (`іgnore` with a Cyrillic `і`) so that a filter reading the words
 * misses them while a model reads them as they look.
 */

/** Letters of other scripts that look like Latin letters, and the Latin letter each imitates. */
const LOOKALIKES: Readonly<Record<string, string>> = {
  // Cyrillic.
  а: 'a',
  в: 'b',
  е: 'e',
  ё: 'e',
  һ: 'h',
  і: 'i',
  ї: 'i',
  ј: 'j',
  к: 'k',
  ӏ: 'l',
  м: 'm',
  н: 'h',
  о: 'o',
  р: 'p',
  с: 'c',
  т: 't',
  у: 'y',
  х: 'x',
  ѕ: 's',
  ԁ: 'd',
  ԛ: 'q',
  ԝ: 'w',
  ү: 'y',
  А: 'A',
  В: 'B',
  Е: 'E',
  Н: 'H',
  І: 'I',
  Ј: 'J',
  К: 'K',
  М: 'M',
  О: 'O',
  Р: 'P',
  С: 'C',
  Т: 'T',
  У: 'Y',
  Х: 'X',
  Ѕ: 'S',
  Ԁ: 'D',
  Ү: 'Y',
  Ӏ: 'I',
  // Greek.
  α: 'a',
  ε: 'e',
  ι: 'i',
  κ: 'k',
  ν: 'v',
  ο: 'o',
  ρ: 'p',
  τ: 't',
  υ: 'u',
  χ: 'x',
  ϲ: 'c',
  ϳ: 'j',
  Α: 'A',
  Β: 'B',
  Ε: 'E',
  Ζ: 'Z',
  Η: 'H',
  Ι: 'I',
  Κ: 'K',
  Μ: 'M',
  Ν: 'N',
  Ο: 'O',
  Ρ: 'P',
  Τ: 'T',
  Υ: 'Y',
  Χ: 'X',
  // Armenian and Cherokee letters that are copies of Latin ones.
  օ: 'o',
  ս: 'u',
  ո: 'n',
  ց: 'g',
  հ: 'h',
  ք: 'q',
  Ꭺ: 'A',
  Ꭼ: 'E',
  Ꮋ: 'H',
  Ꭻ: 'J',
  Ꮶ: 'K',
  Ꮇ: 'M',
  Ꮲ: 'P',
  Ꮪ: 'S',
  Ꭲ: 'T',
  Ꮃ: 'W',
};

const LOOKALIKE_CLASS = new RegExp(`[${Object.keys(LOOKALIKES).join('')}]`, 'gu');

/**
 * Replaces look-alike letters with the Latin letters they imitate, in words that also have
 * Latin letters or consist only of look-alikes, so that rules over Latin words read them.
 *
 * @example
 * ```ts
 * foldLookalikes('іgnоrе') // 'ignore' (Cyrillic і, о, е)
 * ```
 */
export function foldLookalikes(text: string): string {
  if (!LOOKALIKE_CLASS.test(text)) return text;
  LOOKALIKE_CLASS.lastIndex = 0;
  return text.replace(WORD, (word) => {
    const mixed = /\p{Script=Latin}/u.test(word) || [...word].every((c) => c in LOOKALIKES);
    return mixed ? word.replace(LOOKALIKE_CLASS, (c) => LOOKALIKES[c] ?? c) : word;
  });
}

/** A word of the scripts look-alikes come from (a Japanese word next to it is another word). */
const WORD = /[\p{Script=Latin}\p{Script=Greek}\p{Script=Cyrillic}\p{Script=Armenian}\p{Script=Cherokee}\p{M}]+/gu;

/** A word that mixes Latin letters with look-alikes from another script. */
export interface MixedScriptWord {
  readonly start: number;
  readonly end: number;
  readonly word: string;
  /** The word as it reads, with its look-alikes replaced by the Latin letters they imitate. */
  readonly reads: string;
  /** The other script (`Cyrillic`, `Greek`, `Armenian`, `Cherokee`). */
  readonly script: string;
}

const SCRIPTS = ['Cyrillic', 'Greek', 'Armenian', 'Cherokee'] as const;
const SCRIPT_TESTS = SCRIPTS.map((script) => [script, new RegExp(`\\p{Script=${script}}`, 'u')] as const);

/**
 * Finds words that mix Latin letters with letters of Cyrillic, Greek, Armenian or Cherokee at
 * least one of which looks like a Latin letter (`pаssword` with a Cyrillic `а`). Japanese mixed
 * with Latin (`Windowsの設定`), full-width Latin, and Greek letters used as symbols (`10μm`,
 * `β版`) are not look-alikes: `μ` and `β` are not in the table.
 *
 * @example
 * ```ts
 * findMixedScriptWords('Plеase sign in') // [{ start: 0, end: 6, word: 'Plеase', reads: 'Please', script: 'Cyrillic' }]
 * ```
 */
export function findMixedScriptWords(text: string): MixedScriptWord[] {
  const found: MixedScriptWord[] = [];
  for (const m of text.matchAll(WORD)) {
    const word = m[0];
    if (word.length < 2 || !/\p{Script=Latin}/u.test(word)) continue;
    const other = SCRIPT_TESTS.find(([, test]) => test.test(word));
    if (other === undefined) continue;
    // A Greek letter before a Latin word is a symbol with a subscript (`τmax`, `αvβ3`), not a disguise.
    if (other[0] === 'Greek' && /^\p{Script=Greek}\p{Script=Latin}+$/u.test(word)) continue;
    const reads = word.replace(LOOKALIKE_CLASS, (c) => LOOKALIKES[c] ?? c);
    if (reads === word) continue;
    found.push({ start: m.index, end: m.index + word.length, word, reads, script: other[0] });
  }
  return found;
}
