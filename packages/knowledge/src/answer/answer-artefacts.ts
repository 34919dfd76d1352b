/** A kind of markup or source artefact that must never reach an answer a user reads. */
export type AnswerArtefactKind = 'qa-label' | 'quote-marker' | 'heading-mark' | 'reference-mark' | 'html-tag' | 'link-syntax';

/** One artefact found in an answer, and the text it was found in. */
export interface AnswerArtefact {
  readonly kind: AnswerArtefactKind;
  /** The offending text as a reader sees it. */
  readonly match: string;
}

const PATTERNS: readonly (readonly [AnswerArtefactKind, RegExp])[] = [
  // A question or answer label where a line (or a list item's text) starts: `Q. `, `A:`, `Ｑ：`, `Q1.`
  [
    'qa-label',
    /^(?:\s*(?:[-+*]|\d+[.)]))?\s*(?:Q|A|Ｑ|Ａ)\s*[0-9０-９]*\s*[.．:：)）](?=\s|\p{Script=Han}|\p{Script=Hiragana}|\p{Script=Katakana}|$)/gmu,
  ],
  // A quote marker shown as text: `>` opening a line (or a list item's text), or opening a
  // flattened list after a colon or a sentence end (`items: > one > two`). A `>` between words
  // (`Settings > Labs`, a menu path) is the guidance's own text.
  ['quote-marker', /^(?:\s*(?:[-+*]|\d+[.)]))?\s*>|(?<=[:：.。!?！？]\s*)>(?=\s)/gmu],
  // A heading mark opening a line.
  ['heading-mark', /^\s*#{1,6}(?=\s)/gmu],
  // Reference and footnote marks: `[1]`, `[注 2]`, `[^a]`, `※1`, `[要出典]`.
  ['reference-mark', /\[(?:\d{1,3}|注(?:釈)?\s*\d{1,3}|\^[^\]\s]{1,30}|要出典|要検証)\]|※\d{1,3}/gu],
  ['html-tag', /<\/?[a-zA-Z][a-zA-Z0-9-]*(?:\s[^<>]*)?\/?>/g],
  // `[text](target)` or a bare `](`: link syntax a renderer did not turn into a link.
  ['link-syntax', /\]\([^)\s]*\)?/g],
];

/**
 * The artefacts in an answer's markdown as a user would read it: question labels (`Q.`), quote
 * markers, heading marks, reference numbers (`[1]`, `※1`), HTML tags and link syntax. The
 * answer's own citation marks (`[n]` after a passage) are not artefacts and are set aside first;
 * markdown escapes are read as the characters they show.
 *
 * Used by the tests and the bench to hold extractive answers to "no artefacts"; it works on any
 * answer text, a model's included.
 *
 * @example
 * ```ts
 * findAnswerArtefacts('Q. [1]').map((a) => a.kind) // ['qa-label']
 * findAnswerArtefacts('Refunds take 5 days. [1]') // []
 * ```
 */
export function findAnswerArtefacts(markdown: string): AnswerArtefact[] {
  // Citation marks are unescaped `[n]`; brackets from the guidance arrive escaped (`\[1\]`).
  const shown = markdown
    .replace(/(?<!\\)\[\d{1,3}\]/g, '')
    // Fenced code blocks and code spans show their content as code: not artefacts.
    .replace(/^ *(`{3,}|~{3,})[^\n]*\n[\s\S]*?^ *\1[^\S\n]*$/gm, '')
    .replace(/\\([\\`*_{}[\]()#+\-.!|~<>])/g, '$1')
    .replace(/`+[^`]*`+/g, '');
  const found: AnswerArtefact[] = [];
  for (const [kind, pattern] of PATTERNS) for (const m of shown.matchAll(pattern)) found.push({ kind, match: m[0].trim() });
  return found;
}
