import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { StoredSection } from '../src/index.js';
import { findAnswerArtefacts } from '../src/index.js';
import { extractiveAnswer, splitSentences } from '../src/answer/extractive-answer.js';

const section = (id: string, locale: string, text: string): StoredSection => ({
  id,
  articleId: id,
  anchor: '',
  title: id,
  headings: [],
  locale,
  text,
  plain: text,
  tags: [],
  contexts: [],
  audience: 'public',
  line: 1,
});

const answer = (query: string, locale: string, text: string, n = 1) =>
  extractiveAnswer(query, locale, [{ n, section: section('s', locale, text) }]).join('');

describe('extractiveAnswer (markdown structure)', () => {
  it('does not end a sentence at a line wrap', () => {
    const text = 'If you forgot your password, you can set\na new password yourself from the sign-in page. Nothing else changes.';
    assert.equal(
      answer('forgot password', 'en', text),
      'If you forgot your password, you can set a new password yourself from the sign-in page. [1]',
    );
  });

  it('joins a wrapped Japanese sentence without a space', () => {
    assert.equal(
      answer('請求 取り消し', 'ja', '重複した請求は\n5 営業日以内に取り消します。'),
      '重複した請求は5 営業日以内に取り消します。 [1]',
    );
  });

  it('gives a procedure whole, in order, as a list with its nested items and its introduction', () => {
    const text =
      'To export your data:\n\n1. Open **Settings**.\n2. Choose what to export:\n   - Orders\n   - Contacts\n3. Select **Start export**.\n\nExports are CSV files.';
    assert.equal(
      answer('How do I export orders?', 'en', text),
      'To export your data:\n\n1. Open **Settings**.\n2. Choose what to export:\n   - Orders\n   - Contacts\n3. Select **Start export**. [1]',
    );
  });

  it("answers the guidance's own question with its answer, without the Q./A. labels", () => {
    const text =
      '**Q. Can I schedule a weekly export?**\nA. Not yet. Use the API meanwhile.\n\nQ：二重に請求されましたか？\nＡ：サポートにご連絡ください。';
    assert.equal(answer('schedule weekly export', 'en', text), 'Not yet. Use the API meanwhile. [1]');
    assert.equal(answer('二重に請求された', 'ja', text), 'サポートにご連絡ください。 [1]');
  });

  it('removes quote markers, reference numbers, HTML tags and link syntax, keeping link text', () => {
    const text = '> Refunds reach your card within 5 days.[1] See <b>the</b> [refund policy](https://x.test/refunds) ※2.';
    const out = answer('refund card', 'en', text);
    assert.equal(out, 'Refunds reach your card within 5 days. See the refund policy. [1]');
    assert.deepEqual(findAnswerArtefacts(out), []);
  });

  it('escapes what would be markup, so guidance cannot fake a citation or open a link', () => {
    assert.equal(
      answer('refund', 'en', 'Click \\[here\\](javascript:x) for a *refund* \\[3\\].'),
      'Click \\[here\\](javascript:x) for a *refund*. [1]',
    );
    assert.equal(answer('refund', 'en', 'A refund `[1]` of <5 days.'), 'A refund `[1]` of \\<5 days. [1]');
  });

  it('shows a small table whole when a row answers, and never half a table', () => {
    const text = 'Formats:\n\n| Format | Limit |\n| --- | --- |\n| CSV | 1,000,000 rows |\n| JSON | 100 MB |';
    assert.equal(
      answer('JSON limit', 'en', text),
      'Formats:\n\n| Format | Limit |\n| --- | --- |\n| CSV | 1,000,000 rows |\n| JSON | 100 MB |\n\n[1]',
    );
  });

  it('keeps a code block whole after the sentence that introduces it', () => {
    const text = 'Run this command to export:\n\n```sh\ncurl https://api.test/export\n```';
    assert.equal(answer('command export', 'en', text), 'Run this command to export:\n\n```sh\ncurl https://api.test/export\n```\n\n[1]');
  });

  it('quotes at most two sources, and a second one only when it matches too', () => {
    const a = section('a', 'en', 'Refunds take 5 days.');
    const b = section('b', 'en', 'A refund for a gift goes to the giver.');
    const c = section('c', 'en', 'Refunds to cards can take longer.');
    const d = section('d', 'en', 'We ship worldwide.');
    assert.equal(
      extractiveAnswer('refund', 'en', [
        { n: 1, section: a },
        { n: 2, section: b },
        { n: 3, section: c },
      ]).join(''),
      'Refunds take 5 days. [1]\n\nA refund for a gift goes to the giver. [2]',
    );
    assert.equal(
      extractiveAnswer('refund', 'en', [
        { n: 1, section: a },
        { n: 2, section: d },
      ]).join(''),
      'Refunds take 5 days. [1]',
    );
  });

  it('takes pre-analysed question terms with weights instead of tokenizing the question', () => {
    const text = 'Shipping is free. Returns are free too.';
    assert.equal(
      extractiveAnswer('anything', 'en', [{ n: 1, section: section('s', 'en', text) }], { terms: [{ term: 'return', weight: 2 }] }).join(
        '',
      ),
      'Returns are free too. [1]',
    );
  });
});

describe('splitSentences', () => {
  it('does not end sentences at abbreviations, version numbers, URLs or line wraps', () => {
    assert.deepEqual(splitSentences('Ask Mr. Smith, e.g. by phone.\nInstall v1.2.3 from https://x.test/a.b?c=1. Done!', 'en'), [
      'Ask Mr. Smith, e.g. by phone.',
      'Install v1.2.3 from https://x.test/a.b?c=1.',
      'Done!',
    ]);
  });
});

// ---- Property tests over generated markdown ----

/** Sentences with a unique marker word each, so the test can tell whether one came out whole. */
const EN_WORDS = ['refund', 'account', 'export', 'password', 'order', 'card', 'settings', 'invoice'];
const JA_WORDS = ['返金', '注文', '請求', '設定', '配送', '住所'];

interface Generated {
  readonly markdown: string;
  /** Every sentence, list item text and table row the markdown holds, as plain text. */
  readonly units: readonly string[];
  readonly query: string;
  readonly locale: string;
}

const sentenceArb = (id: () => number) =>
  fc
    .record({
      ja: fc.boolean(),
      word: fc.integer({ min: 0, max: 7 }),
      extra: fc.constantFrom('', ' e.g. the form', ' with v2.1', ' at https://x.test/a.b', ' for Mr. Sato'),
      end: fc.constantFrom('.', '!', '?'),
    })
    .map(({ ja, word, extra, end }) => {
      const n = id();
      if (ja)
        return {
          text: `${JA_WORDS[word % JA_WORDS.length]}の件${n}番について確認します${end === '.' ? '。' : end === '!' ? '！' : '？'}`,
          ja,
        };
      return { text: `Check the ${EN_WORDS[word]} item${n}${extra} now${end}`, ja };
    });

/** Wraps a paragraph at random widths, as editors do (never inside a word). */
function wrap(text: string, width: number): string {
  const words = text.split(' ');
  const lines: string[] = [];
  let line = '';
  for (const w of words) {
    if (line && line.length + w.length > width) {
      lines.push(line);
      line = w;
    } else line = line ? `${line} ${w}` : w;
  }
  if (line) lines.push(line);
  return lines.join('\n');
}

const generatedArb: fc.Arbitrary<Generated> = fc
  .tuple(
    fc.array(
      fc.record({
        kind: fc.constantFrom('paragraph', 'quote', 'qa', 'list', 'ordered', 'table', 'code'),
        count: fc.integer({ min: 1, max: 4 }),
        nested: fc.boolean(),
        width: fc.integer({ min: 20, max: 90 }),
        ref: fc.boolean(),
      }),
      { minLength: 1, maxLength: 6 },
    ),
    fc.infiniteStream(
      sentenceArb(
        (() => {
          let i = 0;
          return () => ++i;
        })(),
      ),
    ),
    fc.integer({ min: 0, max: 7 }),
    fc.boolean(),
  )
  .map(([blocks, stream, q, ja]) => {
    const units: string[] = [];
    const parts: string[] = [];
    const next = () => stream.next().value as { text: string; ja: boolean };
    for (const b of blocks) {
      if (b.kind === 'paragraph' || b.kind === 'quote' || b.kind === 'qa') {
        const sentences = Array.from({ length: b.count }, next).map((s) => s.text);
        units.push(...sentences);
        let text = wrap(sentences.join(' '), b.width) + (b.ref ? '[1]' : '');
        if (b.kind === 'quote') text = text.replace(/^/gm, '> ');
        if (b.kind === 'qa') text = `**Q. What about topic${units.length}?**\nA. ${text}`;
        parts.push(text);
      } else if (b.kind === 'list' || b.kind === 'ordered') {
        const lines: string[] = [];
        for (let i = 0; i < b.count; i++) {
          const item = next().text;
          units.push(item);
          lines.push(`${b.kind === 'ordered' ? `${i + 1}.` : '-'} ${item}`);
          if (b.nested && i === 0) {
            const child = next().text;
            units.push(child);
            lines.push(`${b.kind === 'ordered' ? '   ' : '  '}- ${child}`);
          }
        }
        parts.push(lines.join('\n'));
      } else if (b.kind === 'table') {
        const rows = Array.from({ length: b.count }, next).map((s) => s.text);
        units.push(...rows);
        parts.push(['| Topic |', '| --- |', ...rows.map((r) => `| ${r} |`)].join('\n'));
      } else {
        const line = next().text;
        units.push(line);
        parts.push(`Run this:\n\n\`\`\`\n${line}\n\`\`\``);
        units.push('Run this:');
      }
    }
    const query = ja ? `${JA_WORDS[q % JA_WORDS.length]}について` : `How do I change my ${EN_WORDS[q]}?`;
    return { markdown: parts.join('\n\n'), units, query, locale: ja ? 'ja' : 'en' };
  });

/** The answer as a reader sees it: citation marks, list markers, escapes and table pipes gone. */
function shown(answerText: string): string {
  return answerText
    .replace(/(?<!\\)\[\d+\]/g, '')
    .replace(/^\s*(?:[-*]|\d+\.)\s+/gm, '')
    .replace(/^\|\s*---.*$/gm, '')
    .replace(/\\(.)/g, '$1');
}

describe('extractiveAnswer (properties over generated markdown)', () => {
  it('ends at a sentence or list-item end, holds no artefact, and cites only its sources', () => {
    fc.assert(
      fc.property(generatedArb, fc.integer({ min: 1, max: 9 }), (g, n) => {
        const out = extractiveAnswer(g.query, g.locale, [{ n, section: section('s', g.locale, g.markdown) }]).join('');
        if (out === '') return;
        assert.deepEqual(findAnswerArtefacts(out), [], out);
        const marks = [...out.matchAll(/(?<!\\)\[(\d+)\]/g)].map((m) => Number(m[1]));
        assert.deepEqual([...new Set(marks)], [n]);
        // Before its mark, the passage's last line ends a sentence, an item, a row or a code fence.
        const last = shown(out.replace(/\s*(?<!\\)\[\d+\]\s*$/, ''))
          .trimEnd()
          .split('\n')
          .at(-1)!
          .trim();
        assert.ok(
          /[.!?。！？:]$/.test(last) || last === '```' || /\|$/.test(last) || g.units.some((u) => u.endsWith(last)),
          `ends mid-sentence: ${JSON.stringify(last)} in ${JSON.stringify(out)}`,
        );
      }),
      { numRuns: 300 },
    );
  });

  it('never gives half a sentence, half a list item or half a table row', () => {
    fc.assert(
      fc.property(generatedArb, (g) => {
        const out = shown(extractiveAnswer(g.query, g.locale, [{ n: 1, section: section('s', g.locale, g.markdown) }]).join(''));
        // Every generated unit whose marker (item<n> / <n>番) appears is there whole.
        for (const unit of g.units) {
          const marker = /item\d+|件\d+番/.exec(unit)?.[0];
          if (!marker) continue;
          const re = new RegExp(`${marker}(?!\\d)`);
          if (re.test(out) && !/^(?:\*\*)?Q\./.test(unit))
            assert.ok(out.includes(unit.replace(/\[1\]/g, '')), `${JSON.stringify(unit)} is cut in ${JSON.stringify(out)}`);
        }
      }),
      { numRuns: 300 },
    );
  });
});
