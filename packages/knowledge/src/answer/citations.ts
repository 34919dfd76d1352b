/**
 * Citation marks in answer text: `[1]`, `[1, 3]`, `[1][2]`, and the full-width `［1］` some models
 * write in Japanese. Only numbers inside brackets count; `[link](url)` and `[^1]` are not marks.
 */
const MARK = /[[［]\s*([0-9０-９]+(?:\s*[,、，]\s*[0-9０-９]+)*)\s*[\]］](?!\()/g;

/** What an answer cites and whether it may. */
export interface CitationCheck {
  /** The source numbers cited, in order of first citation, each once. */
  readonly cited: number[];
  /** Cited numbers that are not a given source (0, or more than the number of sources). */
  readonly invalid: number[];
}

/**
 * Finds the citation marks in `text` and checks them against the `sourceCount` sources the answer
 * was given (numbered from 1).
 *
 * @example
 * ```ts
 * checkCitations('Refunds take 5 days [1][3].', 2) // { cited: [1, 3], invalid: [3] }
 * ```
 */
export function checkCitations(text: string, sourceCount: number): CitationCheck {
  const cited: number[] = [];
  const invalid: number[] = [];
  for (const match of text.matchAll(MARK)) {
    for (const digits of match[1]!.split(/[,、，]/)) {
      const n = Number(digits.trim().normalize('NFKC'));
      if (cited.includes(n)) continue;
      cited.push(n);
      if (!(n >= 1 && n <= sourceCount)) invalid.push(n);
    }
  }
  return { cited, invalid };
}

/** Rewrites full-width citation marks (`［１］`) as `[1]`, so clients link one form. */
export function normalizeCitationMarks(text: string): string {
  return text.replace(MARK, (_mark, list: string) => `[${list.normalize('NFKC').replace(/\s*[,、，]\s*/g, ', ')}]`);
}

/**
 * Where the part of streamed `text` that must be held back begins: a citation mark the next chunk
 * may complete (`… [1` ), or a complete one at the very end, which a following `(` would turn into
 * a link. Returns `text.length` when nothing needs holding back.
 */
export function pendingMarkStart(text: string): number {
  const open = Math.max(text.lastIndexOf('['), text.lastIndexOf('［'));
  if (open < 0 || text.length - open > 24) return text.length;
  return /^[[［][\s0-9０-９,、，]*[\]］]?$/.test(text.slice(open)) ? open : text.length;
}
