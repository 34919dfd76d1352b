import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';
import { describe, it } from 'node:test';
import { parseArticle, type Article } from '../src/index.js';
import { ContentError, formatIssue } from '../src/errors.js';
import { GUIDANCE_CODES } from '../src/checks/guidance-codes.js';
import { checkNearDuplicates, findNearDuplicates } from '../src/checks/near-duplicates.js';
import { findArticleLinks } from '../src/checks/article-links.js';
import { validateContent } from '../src/node.js';
import { article, caught, contentDir } from './support/content.js';

const FIXTURE = fileURLToPath(new URL('./fixtures/guidance/', import.meta.url));
const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge/', import.meta.url));
const NOW = new Date('2026-11-24T09:00:00Z');

/** Every finding the guidance fixture plants, formatted, in file order. */
const FIXTURE_FINDINGS = [
  'articles/en/card-declined.md:8: warning: reviewBy "2026-01-31" has passed (today is 2026-11-24): review article "card-declined" and move reviewBy forward [review-overdue]',
  'articles/en/card-declined.md:20: link "refunds.md" leads to no article (no article file "articles/en/refunds.md" in the content directory) [link-broken]',
  'articles/en/card-declined.md:20: link "reset-password.md#no-such-heading": article "reset-password" has no section "#no-such-heading" (its sections: steps, if-the-email-does-not-arrive) [link-anchor-missing]',
  'articles/en/card-declined.md:23: link "kotae:no-such-article" names no article (there is no article with id "no-such-article") [link-broken]',
  'articles/en/change-email.md:2: article "change-email" has no owner (guidance.requireOwner in kotae.config.json asks public articles for one) [owner-missing]',
  'articles/en/change-email.md:6: warning: context "/settings/profile" of article "change-email" is not in the product\'s context list (contexts.json) [context-unknown]',
  'articles/en/order-notes.md:8: reviewBy "next spring" is not a date (expected YYYY-MM-DD) [review-by-invalid]',
  'articles/en/reset-password.md:2: warning: article "reset-password" nearly duplicates "forgot-password" (articles/en/forgot-password.md): similarity 0.87 ≥ 0.85; merge them or make each answer its own question [near-duplicate]',
  'contexts.json:4: warning: context "/settings/billing" has no guidance (no article lists it in contexts) [context-uncovered]',
];

/** A loaded article, for the pure checks. */
function loaded(id: string, body: string, front = ''): Article {
  const parsed = parseArticle(article(`id: ${id}\ntitle: ${id}\n${front}`, body), `${id}.md`);
  assert.ok(parsed.article, `fixture article ${id} must parse`);
  return parsed.article;
}

describe('validateContent living-guidance checks', () => {
  it('reports every planted finding with file, line, code and the quoted value, in file order', async () => {
    const report = await validateContent(FIXTURE, { now: NOW });
    assert.deepEqual(report.issues.map(formatIssue), FIXTURE_FINDINGS);
    assert.deepEqual(
      report.issues.map((i) => i.code),
      [
        'review-overdue',
        'link-broken',
        'link-anchor-missing',
        'link-broken',
        'owner-missing',
        'context-unknown',
        'review-by-invalid',
        'near-duplicate',
        'context-uncovered',
      ],
    );
    assert.deepEqual([report.ok, report.errors, report.warnings, report.articles], [false, 5, 4, 6]);
    assert.deepEqual(report.coverage, { file: 'contexts.json', total: 4, covered: 3, uncovered: ['/settings/billing'] });
  });

  it('makes a passed review date an error with strict', async () => {
    const report = await validateContent(FIXTURE, { now: NOW, strict: true });
    const overdue = report.issues.filter((i) => i.code === GUIDANCE_CODES.reviewOverdue);
    assert.deepEqual(
      overdue.map((i) => [i.file, i.line, i.severity]),
      [['articles/en/card-declined.md', 8, 'error']],
    );
    assert.deepEqual([report.ok, report.errors, report.warnings], [false, 6, 3]);
  });

  it('does not report a review date of today or later, and reads the clock it is given', async () => {
    const dir = await contentDir({
      'a.md': article('id: a\ntitle: A\nreviewBy: 2026-11-24'),
      'b.md': article('id: b\ntitle: B\nreviewBy: 2026-02-30'),
    });
    const today = await validateContent(dir, { now: new Date('2026-11-24T23:59:59Z') });
    assert.deepEqual(today.issues.map(formatIssue), [
      'b.md:4: reviewBy "2026-02-30" is not a date (expected YYYY-MM-DD) [review-by-invalid]',
    ]);
    const tomorrow = await validateContent(dir, { now: new Date('2026-11-25T00:00:00Z') });
    assert.equal(tomorrow.issues[0]!.code, GUIDANCE_CODES.reviewOverdue);
    assert.equal(tomorrow.issues[0]!.file, 'a.md');
  });

  it('asks every article for an owner with requireOwner: true, and none without it', async () => {
    const files = {
      'pub.md': article('id: pub\ntitle: Pub\nowner: team'),
      'int.md': article('id: int\ntitle: Int\naudience: internal\nowner: "  "'),
    };
    const all = await contentDir({ ...files, 'kotae.config.json': JSON.stringify({ guidance: { requireOwner: true } }) });
    assert.deepEqual((await validateContent(all, { now: NOW })).issues.map(formatIssue), [
      'int.md:5: article "int" has no owner (guidance.requireOwner in kotae.config.json asks every article for one) [owner-missing]',
    ]);
    assert.deepEqual((await validateContent(await contentDir(files), { now: NOW })).issues, []);
  });

  it('throws a ContentError naming a missing or malformed context list', async () => {
    const config = JSON.stringify({ guidance: { contexts: 'product/contexts.json' } });
    const missing = await contentDir({ 'a.md': article('id: a\ntitle: A'), 'kotae.config.json': config });
    const e1 = await caught<ContentError>(() => validateContent(missing));
    assert.ok(e1 instanceof ContentError);
    assert.equal(
      e1.message,
      'product/contexts.json: context list not found (guidance.contexts in kotae.config.json names "product/contexts.json")',
    );
    const bad = await contentDir({
      'a.md': article('id: a\ntitle: A'),
      'kotae.config.json': config,
      'product/contexts.json': '[\n  "/a",\n  42\n]\n',
    });
    const e2 = await caught<ContentError>(() => validateContent(bad));
    assert.ok(e2 instanceof ContentError);
    assert.equal(
      e2.message,
      'product/contexts.json:3: context 42 is not a route, feature key or error code (expected a non-empty string or {"key": "…"})',
    );
    const notList = await contentDir({
      'a.md': article('id: a\ntitle: A'),
      'kotae.config.json': config,
      'product/contexts.json': '{"routes": []}',
    });
    const e3 = await caught<ContentError>(() => validateContent(notList));
    assert.equal(
      e3.message,
      'product/contexts.json:1: not a context list (expected an array of contexts, or an object with a "contexts" array)',
    );
  });

  it('matches route patterns both ways when checking contexts', async () => {
    const dir = await contentDir({
      'kotae.config.json': JSON.stringify({ guidance: { contexts: 'contexts.json' } }),
      'contexts.json': JSON.stringify(['/orders/42', '/settings/*', 'ERR_X']),
      'a.md': article('id: a\ntitle: A\ncontexts: ["/orders/:id", "/settings/security", "err_x"]'),
    });
    const report = await validateContent(dir);
    assert.deepEqual(report.issues, []);
    assert.deepEqual(report.coverage, { file: 'contexts.json', total: 3, covered: 3, uncovered: [] });
  });

  it('leaves out near-duplicates in a distinct group, and honours the threshold', async () => {
    const body = 'To return an item, open the order, choose Return, print the label and drop the parcel at any post office.\n';
    const files = { 'a.md': article('id: a\ntitle: Return an item', body), 'b.md': article('id: b\ntitle: Return an item', body) };
    const plain = await validateContent(await contentDir(files));
    assert.deepEqual(
      plain.issues.map((i) => [i.file, i.line, i.code]),
      [['b.md', 2, 'near-duplicate']],
    );
    assert.match(plain.issues[0]!.message, /similarity 1\.00 ≥ 0\.85/);
    const distinct = await contentDir({ ...files, 'kotae.config.json': JSON.stringify({ guidance: { distinct: [['b', 'a']] } }) });
    assert.deepEqual((await validateContent(distinct)).issues, []);
  });

  it('passes the example content with no findings, strict', async () => {
    const report = await validateContent(EXAMPLES, { strict: true, now: NOW });
    assert.deepEqual(report.issues, []);
    assert.equal(report.ok, true);
  });
});

describe('findNearDuplicates', () => {
  const reset = loaded('reset', 'Select Forgot password on the sign-in page, enter your email and open the reset link within 30 minutes.');
  const reset2 = loaded(
    'reset2',
    'On the sign-in page select Forgot password, enter your email, then open the reset link within 30 minutes.',
  );
  const email = loaded(
    'email',
    'Go to Settings, select Edit next to your email address, type the new address and confirm the code we send.',
  );
  const ja = loaded(
    'ja',
    'Select Forgot password on the sign-in page, enter your email and open the reset link within 30 minutes.',
    'locale: ja',
  );

  it('reports a reworded copy and not an article on a neighbouring topic, within one locale', () => {
    const pairs = findNearDuplicates([reset, email, reset2, ja]);
    assert.deepEqual(
      pairs.map((p) => [p.first.id, p.second.id]),
      [['reset', 'reset2']],
    );
    assert.ok(pairs[0]!.similarity > 0.85 && pairs[0]!.similarity <= 1);
    assert.deepEqual(findNearDuplicates([reset, email]), []);
  });

  it('compares Japanese by words', () => {
    const a = loaded('a', 'ログイン画面で「パスワードをお忘れの方」を選び、メールのリンクから新しいパスワードを設定します。', 'locale: ja');
    const b = loaded(
      'b',
      'ログイン画面の「パスワードをお忘れの方」を選択し、届いたメールのリンクで新しいパスワードを設定してください。',
      'locale: ja',
    );
    const c = loaded('c', '注文履歴から対象の注文を開き、「キャンセル」を選択すると注文を取り消せます。', 'locale: ja');
    assert.deepEqual(
      findNearDuplicates([a, b, c], 0.7).map((p) => [p.first.id, p.second.id]),
      [['a', 'b']],
    );
  });

  it('reports each pair once, on the later article', () => {
    const issues = checkNearDuplicates([reset, reset2], { threshold: 0.5, idLines: new Map([['reset2', 7]]) });
    assert.deepEqual(
      issues.map((i) => [i.file, i.line, i.severity, i.code]),
      [['reset2.md', 7, 'warning', 'near-duplicate']],
    );
  });
});

describe('findArticleLinks', () => {
  it('lists inline and reference links with their file lines, not links in code or images', () => {
    const body = [
      'Intro with [one](a.md).', // 10
      '',
      '- item [two](b.md#x) and [three][ref]', // 12
      '',
      '```',
      '[code](c.md)',
      '```',
      '![image](d.md)', // 17
      '',
      'Text `[span](e.md)` and',
      'a [wrapped', // 20
      'link](f.md).',
      '',
      '[ref]: kotae:g',
    ].join('\n');
    assert.deepEqual(findArticleLinks(body, 10), [
      { href: 'a.md', line: 10 },
      { href: 'b.md#x', line: 12 },
      { href: 'kotae:g', line: 12 },
      { href: 'f.md', line: 20 },
    ]);
  });
});
