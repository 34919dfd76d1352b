import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import type { SearchResult } from '@kotae/knowledge';
import type { EvalCommandResult } from '../src/index.js';
import { formatCompile } from '../src/commands/compile.js';
import { MAX_MISSES_SHOWN, formatEval, formatMrrBelow } from '../src/commands/eval.js';
import { formatSearch } from '../src/commands/search.js';
import { formatValidate } from '../src/commands/validate.js';
import { highlight, humanBytes } from '../src/internal/format.js';

describe('highlight', () => {
  it('marks ranges with [[…]] without color', () => {
    assert.equal(
      highlight(
        'reset your password now',
        [
          { start: 11, end: 19 },
          { start: 0, end: 5 },
        ],
        false,
      ),
      '[[reset]] your [[password]] now',
    );
  });

  it('marks ranges in bold with color', () => {
    assert.equal(highlight('パスワードを忘れた', [{ start: 0, end: 5 }], true), '\x1b[1mパスワード\x1b[22mを忘れた');
  });

  it('never marks a character twice when ranges overlap', () => {
    assert.equal(
      highlight(
        'abcdef',
        [
          { start: 1, end: 4 },
          { start: 2, end: 5 },
        ],
        false,
      ),
      'a[[bcd]][[e]]f',
    );
  });
});

describe('humanBytes', () => {
  it('uses decimal units', () => {
    assert.deepEqual([812, 1000, 87_312, 4_200_000].map(humanBytes), ['812 B', '1.0 kB', '87.3 kB', '4.2 MB']);
  });
});

const NO_CONVERSATIONS = {
  files: 0,
  inputBytes: 0,
  read: 0,
  precedents: 0,
  dropped: 0,
  skipped: { outcome: 0, 'too-short': 0, 'no-problem': 0, 'no-resolution': 0, duplicate: 0 },
  badLines: 0,
  internalOut: undefined,
  bytes: 0,
};
/** Six hashed files, compressed about as JSON shards are. */
const PRECOMPRESSED = { files: 6, identity: 87_312, br: 21_310, gzip: 25_102 };
const NO_GUIDANCE = { articles: 0, sections: 0, out: undefined, bytes: 0 };

describe('formatCompile', () => {
  it('summarizes what was written', () => {
    const text = formatCompile({
      out: 'dist/kb',
      id: 'acme',
      version: 'abc123',
      articles: 1,
      sections: 3,
      locales: ['en', 'ja'],
      bytes: 87_312,
      ms: 52,
      precompressed: PRECOMPRESSED,
      warnings: [],
      conversations: NO_CONVERSATIONS,
      signed: null,
      guidance: NO_GUIDANCE,
    });
    assert.equal(
      text,
      [
        'Compiled 1 article (3 sections, locales en, ja) into dist/kb',
        '  bundle    acme abc123',
        '  size      87.3 kB (87,312 bytes)',
        '  served    21.3 kB brotli, 25.1 kB gzip (.br and .gz beside 6 hashed files)',
        '  time      52 ms',
        '  warnings  0',
        '',
      ].join('\n'),
    );
  });

  it('says who signed the manifest, and its sequence', () => {
    const text = formatCompile({
      out: 'dist/kb',
      id: 'acme',
      version: 'abc123',
      articles: 1,
      sections: 3,
      locales: ['en'],
      bytes: 900,
      ms: 5,
      precompressed: PRECOMPRESSED,
      warnings: [],
      conversations: NO_CONVERSATIONS,
      guidance: NO_GUIDANCE,
      signed: { keyIds: ['5b1c0e2d9a7f3c41'], sequence: 1796000000000 },
    });
    assert.equal(text.split('\n')[2], '  signed    by key 5b1c0e2d9a7f3c41, sequence 1796000000000');
  });

  it('says how many internal articles were kept out of the bundle, and where they went', () => {
    const base = {
      out: 'dist/kb',
      id: 'acme',
      version: 'abc123',
      articles: 20,
      sections: 80,
      locales: ['en'],
      bytes: 900,
      ms: 5,
      precompressed: PRECOMPRESSED,
      warnings: [],
      conversations: NO_CONVERSATIONS,
      signed: null,
    };
    const written = formatCompile({ ...base, guidance: { articles: 55, sections: 400, out: '.kotae/internal/guidance', bytes: 61_200 } });
    assert.deepEqual(written.split('\n').slice(6), [
      'Kept 55 internal articles (400 sections) out of the bundle, into .kotae/internal/guidance (61.2 kB)',
      '',
    ]);
    const counted = formatCompile({ ...base, guidance: { articles: 1, sections: 2, out: undefined, bytes: 0 } });
    assert.deepEqual(counted.split('\n').slice(6), [
      'Kept 1 internal article (2 sections) out of the bundle, not written (pass --internal-out <dir> to write them for agent assist)',
      '',
    ]);
  });

  it('adds what the conversations made, and where it went', () => {
    const base = {
      out: 'dist/kb',
      id: 'acme',
      version: 'abc123',
      articles: 1,
      sections: 3,
      locales: ['en'],
      bytes: 900,
      ms: 5,
      precompressed: PRECOMPRESSED,
      warnings: [],
      signed: null,
      guidance: NO_GUIDANCE,
    };
    const conversations = {
      ...NO_CONVERSATIONS,
      files: 2,
      inputBytes: 43_400,
      read: 50,
      precedents: 44,
      skipped: { ...NO_CONVERSATIONS.skipped, 'no-problem': 3, 'no-resolution': 3 },
      badLines: 1,
    };
    const written = formatCompile({ ...base, conversations: { ...conversations, internalOut: '.kotae/precedents', bytes: 27_429 } });
    assert.deepEqual(written.split('\n').slice(6), [
      'Read 50 conversations (2 files, 43.4 kB): 44 precedents into .kotae/precedents (27.4 kB)',
      '  skipped   6 (no-problem 3, no-resolution 3)',
      '  bad lines 1 (listed on stderr)',
      '',
    ]);
    const counted = formatCompile({
      ...base,
      conversations: { ...conversations, skipped: NO_CONVERSATIONS.skipped, badLines: 0, dropped: 6 },
    });
    assert.deepEqual(counted.split('\n').slice(6), [
      'Read 50 conversations (2 files, 43.4 kB): 44 precedents, not written (pass --internal-out <dir> to write them)',
      '  skipped   0',
      '  dropped   6 older precedents (over conversations.maxPrecedents)',
      '  bad lines 0',
      '',
    ]);
  });
});

describe('formatValidate', () => {
  it('prints each issue and a summary line', () => {
    const text = formatValidate({
      ok: false,
      errors: 1,
      warnings: 1,
      articles: 2,
      issues: [
        { file: 'a.md', line: 3, severity: 'error', message: 'frontmatter "title" is required' },
        { file: 'b.md', line: 9, severity: 'warning', message: 'empty section "Setup"' },
      ],
    });
    assert.equal(text, 'a.md:3: frontmatter "title" is required\nb.md:9: warning: empty section "Setup"\n1 error, 1 warning, 2 articles\n');
  });
});

describe('formatSearch', () => {
  const result: SearchResult = {
    id: 'reset#steps',
    articleId: 'reset',
    anchor: 'steps',
    title: 'Reset your password',
    headings: ['Reset your password', 'Steps'],
    locale: 'en',
    score: 12.345,
    snippet: 'Open Settings and choose Reset password.',
    highlights: [{ start: 25, end: 30 }],
    terms: ['reset'],
  };

  it('numbers the results with title, reference, score and snippet', () => {
    assert.equal(
      formatSearch(
        { query: 'reset', results: [result, { ...result, id: 'reset#', anchor: '', headings: ['Reset your password'] }] },
        { color: false },
      ),
      [
        '1. Reset your password › Steps',
        '   reset#steps  score 12.35',
        '   Open Settings and choose [[Reset]] password.',
        '',
        '2. Reset your password',
        '   reset  score 12.35',
        '   Open Settings and choose [[Reset]] password.',
        '',
      ].join('\n'),
    );
  });

  it('says when nothing matched', () => {
    assert.equal(formatSearch({ query: 'zzz', results: [] }, { color: false }), 'No results for "zzz".\n');
  });
});

describe('formatEval', () => {
  const base: EvalCommandResult = {
    cases: 30,
    retrieval: { 'recall@1': 0.5, 'recall@5': 0.8, 'recall@10': 0.9, 'mrr@10': 0.6123, 'ndcg@10': 0.7 },
    misses: [],
    k: 10,
    minMrr: 0.85,
    passed: false,
    gates: [{ metric: 'mrr@10', value: 0.6123, threshold: 0.85, passed: false }],
    answers: undefined,
    answerability: undefined,
    refusal: { threshold: 0.5, answerable: 30, refuse: 2, answeredRate: 0.9333, refusedRate: 0.5, suggested: 0.6 },
  };

  it('prints a metrics table', () => {
    assert.equal(
      formatEval(base),
      [
        '30 cases evaluated',
        '',
        'metric     value',
        'recall@1   0.5000',
        'recall@5   0.8000',
        'recall@10  0.9000',
        'mrr@10     0.6123',
        'ndcg@10    0.7000',
        '',
        'refusal threshold 0.5: answers 93.3% of 30 answerable cases',
        '  refuses 50.0% of 2 refuse: true cases. Suggested: 0.6',
        '',
        'bundle calibration: none (built before calibration; the service uses the default threshold). Recompile it.',
        '',
        'No misses: every case found a relevant article in the top 10.',
        '',
      ].join('\n'),
    );
  });

  it("prints the bundle's calibration and its trade-off curve per language", () => {
    const point = (threshold: number, answered: number, refused: number) => ({ threshold, answered, refused });
    const lines = formatEval({
      ...base,
      answerability: {
        score: 'lexical-3',
        languages: {
          ja: {
            threshold: 0.4,
            source: 'eval-cases',
            answerable: 10,
            outOfScope: 240,
            answered: 0.9,
            refused: 0.925,
            curve: [point(0.2, 1, 0.8), point(0.4, 0.9, 0.925)],
          },
        },
      },
    }).split('\n');
    assert.ok(
      lines.includes(
        'bundle calibration (ja, eval-cases): threshold 0.4; answers 90.0% of 10 answerable, refuses 92.5% of 240 out-of-scope questions',
      ),
    );
    assert.ok(lines.includes('  threshold    0.20   0.40'));
    assert.ok(lines.includes('  answered   100.0%  90.0%'));
    assert.ok(lines.includes('  refused     80.0%  92.5%'));
  });

  it(`lists at most ${MAX_MISSES_SHOWN} misses`, () => {
    const misses = Array.from({ length: 25 }, (_, i) => ({ id: `c${i}`, query: `question ${i}`, relevant: ['a'], got: ['b', 'c'] }));
    const lines = formatEval({ ...base, misses }).split('\n');
    assert.ok(lines.includes('25 misses (no relevant article in the top 10, showing the first 20):'));
    assert.equal(lines.filter((l) => l.startsWith('  c')).length, 20);
    assert.ok(lines.includes('  c0: "question 0"'));
    assert.ok(lines.includes('    relevant a; got b, c'));
  });

  it('explains a failed --min-mrr gate', () => {
    assert.equal(formatMrrBelow(base), 'mrr@10 0.6123 is below --min-mrr 0.85\n');
  });
});
