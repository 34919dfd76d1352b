import { Lexer, type Token, type Tokens } from 'marked';
import { cutRuns, HARD_BREAK, inlineRuns, renderRuns, runsText, sliceRuns, SOFT_BREAK, type Run } from './inline-runs.js';
import { sentenceRanges } from './sentence-split.js';

/** One sentence of a paragraph or list item: what it says (plain) and how it is shown (markdown). */
export interface BlockSentence {
  /** The sentence as a reader sees it, without markup. */
  readonly text: string;
  /** The sentence as safe markdown: text escaped, link targets, HTML and artefacts gone. */
  readonly markdown: string;
  /** A question the guidance asks itself (`Q. …`, an FAQ's question): matched, never quoted. */
  readonly question: boolean;
}

/** A paragraph (or a quoted one: the quote marker is gone, the words stay). */
export interface ParagraphBlock {
  readonly kind: 'paragraph';
  readonly sentences: readonly BlockSentence[];
  /** It ends with a colon: it introduces the block after it (`To reset it:` before the steps). */
  readonly intro: boolean;
}

/** One item of a list: its own sentences, then what is nested in it (lists, code, more paragraphs). */
export interface ListItem {
  readonly sentences: readonly BlockSentence[];
  readonly blocks: readonly Block[];
}

/** A numbered or bulleted list. */
export interface ListBlock {
  readonly kind: 'list';
  readonly ordered: boolean;
  /** The first item's number, for an ordered list. */
  readonly start: number;
  readonly items: readonly ListItem[];
}

/** A table, kept whole: shown as it is, or not at all. */
export interface TableBlock {
  readonly kind: 'table';
  /** The table as markdown, cells escaped. */
  readonly markdown: string;
  /** The plain text of each row (the header first), for matching. */
  readonly rows: readonly string[];
}

/** A code block, kept whole. */
export interface CodeBlock {
  readonly kind: 'code';
  /** The block fenced, with its language. */
  readonly markdown: string;
  readonly text: string;
}

/** A block of a section's structure, as an extractive answer composes from. */
export type Block = ParagraphBlock | ListBlock | TableBlock | CodeBlock;

/** Languages written without spaces between words: a line wrap inside them joins without one. */
const UNSPACED_CHAR = /[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}ー、。「」『』（）！？：]/u;

/** `Q.`, `A:`, `Ｑ：`, `Q1.`, `質問：`: a question or answer label at a line's start. */
const QA_PREFIX = /^\s*(?:(Q|Ｑ|質問|問)|(A|Ａ|回答|答))\s*[0-9０-９]*\s*[.．:：)）]\s*/u;
/** A quote marker left at a line's start (a lazy continuation line, or `>` typed as text). */
const QUOTE_PREFIX = /^\s*(?:>\s*)+/u;
/**
 * Reference and footnote marks: `[1]`, `[注 2]`, `[^note]`, `※1`, Wikipedia's `[要出典]`, with
 * the space before them. A bracketed word (`[Pull up Account]`, a button) stays.
 */
const REFERENCE = /[ \t]*(?:\[(?:\d{1,3}|注(?:釈)?\s*\d{1,3}|\^[^\]\s]{1,30}|要出典|要検証|要ページ番号|citation needed)\]|※\d{1,3})/gu;
/** A footnote definition paragraph (`[^1]: …`): never an answer. */
const FOOTNOTE_DEFINITION = /^\s*\[\^[^\]]+\]:/;
/** `…: > one > two` (or after a sentence end): a list flattened into a line with quote markers, read as the list it was. */
const FLATTENED_LIST = /[:：.。!?！？]\s*>\s+/u;

/**
 * The blocks of a section's markdown, in document order: paragraphs split into sentences (a line
 * wrap is not a sentence end), lists with their items and nesting, tables and code whole.
 * Headings, HTML blocks, images and link definitions are left out; quote markers, `Q.`/`A.`
 * labels and reference marks are removed from the text.
 *
 * @example
 * ```ts
 * parseBlocks('To reset it:\n\n1. Open Settings.\n2. Select Reset.', 'en').map((b) => b.kind) // ['paragraph', 'list']
 * ```
 */
export function parseBlocks(markdown: string, locale: string): Block[] {
  return blocksOf(Lexer.lex(markdown, { gfm: true }), locale);
}

function blocksOf(tokens: readonly Token[], locale: string): Block[] {
  const blocks: Block[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'paragraph':
      case 'text': {
        if (FOOTNOTE_DEFINITION.test(token.raw)) break;
        const runs = inlineRuns(token.tokens ?? [{ type: 'text', raw: token.raw, text: token.text } as Token]);
        pushParagraph(blocks, runs, locale);
        break;
      }
      case 'blockquote':
        blocks.push(...blocksOf(token.tokens ?? [], locale));
        break;
      case 'list':
        blocks.push(listBlock(token as Tokens.List, locale));
        break;
      case 'code': {
        const text = (token as Tokens.Code).text;
        const longest = Math.max(2, ...[...text.matchAll(/`+/g)].map((m) => m[0].length));
        const fence = '`'.repeat(longest + 1);
        const lang = ((token as Tokens.Code).lang ?? '').split(/\s/)[0] ?? '';
        blocks.push({ kind: 'code', markdown: `${fence}${lang}\n${text}\n${fence}`, text });
        break;
      }
      case 'table':
        blocks.push(tableBlock(token as Tokens.Table));
        break;
      default:
        // headings (a section's own sub-headings, as in a list item), html, hr, space, def
        break;
    }
  }
  return blocks;
}

function listBlock(token: Tokens.List, locale: string): ListBlock {
  const start = typeof token.start === 'number' ? token.start : 1;
  const items = token.items.map((item): ListItem => {
    const tokens = item.tokens ?? [];
    const first = tokens[0];
    let sentences: BlockSentence[] = [];
    let rest = tokens;
    if (first && (first.type === 'text' || first.type === 'paragraph')) {
      const own: Block[] = [];
      pushParagraph(own, inlineRuns(first.tokens ?? [{ type: 'text', raw: first.raw, text: first.text } as Token]), locale);
      // The item's own text, and a flattened sub-list (`…: > a > b`) as its nested list.
      sentences = own.flatMap((b) => (b.kind === 'paragraph' ? [...b.sentences] : []));
      rest = tokens.slice(1);
      const nested = own.filter((b) => b.kind !== 'paragraph');
      return { sentences, blocks: [...nested, ...blocksOf(rest, locale)] };
    }
    return { sentences, blocks: blocksOf(rest, locale) };
  });
  return { kind: 'list', ordered: token.ordered, start, items };
}

function tableBlock(token: Tokens.Table): TableBlock {
  const cell = (c: Tokens.TableCell) =>
    runsText(inlineRuns(c.tokens))
      .replace(/[\n\u2028]+/g, ' ')
      .trim();
  const cellMd = (c: Tokens.TableCell) =>
    renderRuns(inlineRuns(c.tokens).map((r) => ({ ...r, text: r.text.replace(/[\n\u2028]+/g, ' ') }))).trim();
  const header = token.header.map(cellMd);
  const lines = [
    `| ${header.join(' | ')} |`,
    `| ${header.map(() => '---').join(' | ')} |`,
    ...token.rows.map((row) => `| ${row.map(cellMd).join(' | ')} |`),
  ];
  const rows = [token.header.map(cell).join(' '), ...token.rows.map((row) => row.map(cell).join(' '))];
  return { kind: 'table', markdown: lines.join('\n'), rows };
}

/** A paragraph's runs as one or more blocks: its sentences, and a flattened list as a list after it. */
function pushParagraph(blocks: Block[], runs: readonly Run[], locale: string): void {
  const { sentences, flattened } = paragraphSentences(runs, locale);
  if (sentences.length > 0) {
    const last = sentences.at(-1)!;
    blocks.push({ kind: 'paragraph', sentences, intro: flattened.length > 0 || /[:：]\s*$/u.test(last.text) });
  }
  if (flattened.length > 0)
    blocks.push({ kind: 'list', ordered: false, start: 1, items: flattened.map((s) => ({ sentences: s, blocks: [] })) });
}

/** A run of lines with one role: the guidance's own question, or anything else. */
interface Chunk {
  runs: Run[];
  question: boolean;
}

function paragraphSentences(runs: readonly Run[], locale: string): { sentences: BlockSentence[]; flattened: BlockSentence[][] } {
  // Lines, at soft and hard breaks; a hard break ends a chunk (lines that lack periods, such as an
  // address, are not run together), and so does a change between question and answer.
  const text = runsText(runs);
  const chunks: Chunk[] = [];
  let current: Chunk | undefined;
  let inQuestion = false;
  let lineStart = 0;
  for (let i = 0; i <= text.length; i++) {
    const c = text[i];
    if (i < text.length && c !== SOFT_BREAK && c !== HARD_BREAK) continue;
    let line = sliceRuns(runs, lineStart, i);
    const lineText = runsText(line);
    const cuts: [number, number][] = [];
    const quote = QUOTE_PREFIX.exec(lineText);
    let from = quote ? quote[0].length : 0;
    if (quote) cuts.push([0, from]);
    const qa = QA_PREFIX.exec(lineText.slice(from));
    let role: 'q' | 'a' | undefined;
    if (qa) {
      role = qa[1] ? 'q' : 'a';
      cuts.push([from, from + qa[0].length]);
      from += qa[0].length;
    }
    // (Not inside code: `[1]` there is code, not a reference.)
    for (const m of lineText.matchAll(REFERENCE))
      if (m.index >= from && !inCode(line, m.index, m.index + m[0].length)) cuts.push([m.index, m.index + m[0].length]);
    line = cutRuns(line, mergeRanges(cuts));
    // An FAQ's question set in bold on a line of its own (`**Can I share it?**`) is the guidance
    // asking itself, like `Q.`; the line after it is its answer.
    const bold = role === undefined && isBoldQuestion(line);
    const question: boolean = bold || (role === 'q' ? true : role === 'a' ? false : inQuestion);
    inQuestion = bold ? false : question;
    if (!current || current.question !== question || (lineStart > 0 && text[lineStart - 1] === HARD_BREAK)) {
      current = { runs: [], question };
      chunks.push(current);
    } else if (current.runs.length > 0) {
      const before = runsText(current.runs).slice(-1);
      const after = runsText(line).slice(0, 1);
      if (!UNSPACED_CHAR.test(before) && !UNSPACED_CHAR.test(after)) current.runs.push({ text: ' ', style: 'text' });
    }
    current.runs.push(...line);
    lineStart = i + 1;
  }
  const sentences: BlockSentence[] = [];
  const flattened: BlockSentence[][] = [];
  for (const chunk of chunks) {
    let chunkRuns = chunk.runs;
    const chunkText = runsText(chunkRuns);
    const flat = chunk.question ? null : FLATTENED_LIST.exec(chunkText);
    if (flat) {
      // `…items: > Ask for the PIN > Ask the security question`: the part after the colon is a list.
      const after = chunkText.slice(flat.index + flat[0].length);
      let at = flat.index + flat[0].length;
      for (const piece of after.split(/\s+>\s+/u)) {
        const item = sentencesOf(sliceRuns(chunkRuns, at, at + piece.length), locale, false);
        if (item.length > 0) flattened.push(item);
        at += piece.length + (/\s+>\s+/u.exec(chunkText.slice(at + piece.length))?.[0].length ?? 0);
      }
      chunkRuns = sliceRuns(chunkRuns, 0, flat.index + 1);
    }
    sentences.push(...sentencesOf(chunkRuns, locale, chunk.question));
  }
  return { sentences, flattened };
}

function sentencesOf(runs: readonly Run[], locale: string, question: boolean): BlockSentence[] {
  const source = collapseSpaces(runs);
  const text = runsText(source);
  const out: BlockSentence[] = [];
  for (const [start, end] of sentenceRanges(text, locale)) {
    const sentenceText = text.slice(start, end);
    if (!/[\p{L}\p{N}]/u.test(sentenceText)) continue;
    out.push({ text: sentenceText, markdown: renderRuns(sliceRuns(source, start, end)).trim(), question });
  }
  return out;
}

/** Runs with every whitespace run one space, also across run edges. */
function collapseSpaces(runs: readonly Run[]): Run[] {
  const out: Run[] = [];
  let afterSpace = true;
  for (const run of runs) {
    let text = run.text.replace(/\s+/g, ' ');
    if (afterSpace && text.startsWith(' ')) text = text.slice(1);
    if (text === '') continue;
    out.push({ text, style: run.style });
    afterSpace = text.endsWith(' ');
  }
  return out;
}

/** A line that is all bold and ends with a question mark: `**Do member prices stack?**`. */
function isBoldQuestion(line: readonly Run[]): boolean {
  const text = runsText(line).trim();
  if (!/[?？]$/u.test(text)) return false;
  return line.every((run) => run.style === 'strong' || run.text.trim() === '');
}

/** Whether any of `[start, end)` lies in a code span. */
function inCode(runs: readonly Run[], start: number, end: number): boolean {
  let at = 0;
  for (const run of runs) {
    const next = at + run.text.length;
    if (run.style === 'code' && next > start && at < end) return true;
    at = next;
  }
  return false;
}

function mergeRanges(ranges: [number, number][]): [number, number][] {
  const sorted = ranges.filter(([a, b]) => b > a).sort((a, b) => a[0] - b[0]);
  const out: [number, number][] = [];
  for (const r of sorted) {
    const last = out.at(-1);
    if (last && r[0] <= last[1]) last[1] = Math.max(last[1], r[1]);
    else out.push([r[0], r[1]]);
  }
  return out;
}
