/** Line and column of offsets in a text, for messages that point into a file. */

/** A 1-based line and column; the column counts UTF-16 code units, as editors' problem matchers do. */
export interface TextPosition {
  readonly line: number;
  readonly column: number;
}

/**
 * Returns a function that maps an offset in `text` to its line and column. Line starts are found
 * once, so mapping many offsets of a large file stays cheap.
 */
export function positionsIn(text: string): (offset: number) => TextPosition {
  const starts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
  return (offset) => {
    let lo = 0;
    let hi = starts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (starts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return { line: lo + 1, column: offset - starts[lo]! + 1 };
  };
}
