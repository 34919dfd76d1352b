import { parseDocument } from 'yaml';
import type { ContentIssue } from '../errors.js';

/** A markdown file split into its YAML frontmatter and its body. */
export interface SplitFrontmatter {
  /** The parsed frontmatter (an empty object when the file has none or it is broken). */
  readonly data: Record<string, unknown>;
  /** Line in the file of each top-level frontmatter key, for messages. */
  readonly keyLines: ReadonlyMap<string, number>;
  /** The markdown after the closing `---`. */
  readonly body: string;
  /** 1-based line of the file where `body` starts. */
  readonly bodyLine: number;
  /** Problems found (YAML syntax, a frontmatter that is not a mapping). */
  readonly issues: ContentIssue[];
}

const OPEN = /^---[ \t]*\r?\n/;
const CLOSE = /^(?:---|\.\.\.)[ \t]*$/m;

/**
 * Splits a markdown file into YAML frontmatter and body, and parses the frontmatter with the
 * `yaml` package's core schema (plain data only: no tags that construct objects or run code, no
 * timestamps, duplicate keys rejected).
 *
 * @param source - the file's text
 * @param file - the file's path, used in issues
 */
export function splitFrontmatter(source: string, file: string): SplitFrontmatter {
  const text = source.startsWith('\uFEFF') ? source.slice(1) : source;
  const open = OPEN.exec(text);
  if (!open) {
    return {
      data: {},
      keyLines: new Map(),
      body: text,
      bodyLine: 1,
      issues: [{ file, line: 1, severity: 'error', message: 'missing YAML frontmatter (the file must start with a "---" line)' }],
    };
  }
  const rest = text.slice(open[0].length);
  const close = CLOSE.exec(rest);
  if (!close) {
    return {
      data: {},
      keyLines: new Map(),
      body: '',
      bodyLine: 1,
      issues: [{ file, line: 1, severity: 'error', message: 'frontmatter is not closed (no "---" line after the opening one)' }],
    };
  }
  const yamlText = rest.slice(0, close.index);
  const afterClose = rest.slice(close.index + close[0].length).replace(/^\r?\n/, '');
  const yamlLines = countLines(yamlText);
  const bodyLine = 1 + 1 + yamlLines + 1;
  const issues: ContentIssue[] = [];
  // resolveKnownTags: false — otherwise `!!binary`, `!!set`, `!!omap`, `!!timestamp` construct
  // Buffer, Set, Map and Date objects even in the core schema. An unresolved tag (`!!js/function`,
  // `!custom`) is only a warning in `yaml`, which would let it through as a plain string: an error here.
  const doc = parseDocument(yamlText, { schema: 'core', uniqueKeys: true, prettyErrors: true, strict: true, resolveKnownTags: false });
  const tagErrors = doc.warnings.filter((w) => w.code === 'TAG_RESOLVE_FAILED');
  for (const error of [...doc.errors, ...tagErrors]) {
    const line = error.linePos?.[0].line;
    issues.push({
      file,
      line: line === undefined ? 2 : line + 1,
      severity: 'error',
      message: `invalid YAML frontmatter: ${firstLine(error.message)}`,
    });
  }
  const keyLines = new Map<string, number>();
  let data: Record<string, unknown> = {};
  if (doc.errors.length === 0 && tagErrors.length === 0) {
    let value: unknown;
    try {
      value = doc.toJS({ maxAliasCount: 50 });
    } catch (e) {
      // An alias bomb or an alias to an undefined anchor throws here, not in doc.errors.
      value = undefined;
      issues.push({ file, line: 2, severity: 'error', message: `invalid YAML frontmatter: ${firstLine((e as Error).message)}` });
    }
    if (issues.length > 0) {
      data = {};
    } else if (value === null || value === undefined) {
      data = {};
    } else if (typeof value !== 'object' || Array.isArray(value)) {
      issues.push({ file, line: 2, severity: 'error', message: 'frontmatter must be a YAML mapping of keys to values' });
    } else {
      data = value as Record<string, unknown>;
      const contents = doc.contents;
      if (contents && 'items' in contents && Array.isArray(contents.items)) {
        for (const pair of contents.items as { key?: { value?: unknown; range?: [number, number, number] } }[]) {
          const key = pair.key;
          if (key?.range) keyLines.set(String(key.value), 2 + countLines(yamlText.slice(0, key.range[0])));
        }
      }
    }
  }
  return { data, keyLines, body: afterClose, bodyLine, issues };
}

function countLines(text: string): number {
  let n = 0;
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) n++;
  return n;
}

function firstLine(message: string): string {
  // Drop yaml's own "at line N, column M:": N counts from the frontmatter, not the file, and the
  // issue already carries the file line.
  return message
    .split('\n')[0]!
    .trim()
    .replace(/ at line \d+, column \d+:?$/, '');
}
