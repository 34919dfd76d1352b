import assert from 'node:assert/strict';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import { findAnswerArtefacts, passageEndings, type SearchIndex, type StoredSection } from '../src/index.js';
import { compileContent } from '../src/node.js';
import { extractiveAnswer } from '../src/answer/extractive-answer.js';

const fixtures = join(dirname(fileURLToPath(import.meta.url)), '..', '..', '..', 'test', 'fixtures', 'extractive');

interface Case {
  readonly id: string;
  readonly query: string;
  readonly locale: string;
}

let compiled: Promise<{ index: SearchIndex; byId: Map<string, StoredSection>; cases: Case[] }> | undefined;
function load() {
  compiled ??= (async () => {
    const { index } = await compileContent(fixtures);
    const cases = (await readFile(join(fixtures, 'cases.jsonl'), 'utf8'))
      .trim()
      .split('\n')
      .map((line) => JSON.parse(line) as Case);
    return { index, byId: new Map(index.sections().map((s) => [s.id, s])), cases };
  })();
  return compiled;
}

/** Answers as the service does without a key: the search results as sources, the best first. */
async function ask(query: string, locale: string): Promise<{ text: string; sections: StoredSection[] }> {
  const { index, byId } = await load();
  // As the answer producer picks them: the results scoring close to the best.
  const results = index.search(query, { locale, limit: 5 }).filter((r, _, all) => r.score >= all[0]!.score * 0.6);
  const sections = results.map((r) => byId.get(r.id)!);
  const text = extractiveAnswer(
    query,
    results[0]?.locale ?? locale,
    sections.map((section, i) => ({ n: i + 1, section })),
  ).join('');
  return { text, sections };
}

describe('extractiveAnswer on real articles (test/fixtures/extractive)', () => {
  it('answers every fixture question without artefacts, every passage ending cleanly', async () => {
    const { cases } = await load();
    assert.ok(cases.length >= 20);
    for (const c of cases) {
      const { text, sections } = await ask(c.query, c.locale);
      assert.notEqual(text, '', c.id);
      assert.deepEqual(findAnswerArtefacts(text), [], `${c.id}: ${text}`);
      const endings = passageEndings(text, (n) => sections[n - 1]?.text);
      assert.ok(endings.length >= 1 && endings.length <= 2, `${c.id}: ${text}`);
      for (const e of endings) assert.ok(e.clean, `${c.id} ends mid-sentence: ${JSON.stringify(e.text)}`);
    }
  });

  it("gives the `kotae init` article's reset procedure whole, as a numbered list", async () => {
    const { text } = await ask('How do I reset my password?', 'en');
    assert.equal(
      text,
      [
        '1. On the sign-in page, select Forgot your password?.',
        '2. Enter the email address you use for your account and select **Send reset link**.',
        '3. Open the email from us and select **Choose a new password**. The link works once, for 30 minutes.',
        '4. Enter a new password of at least 12 characters. You are signed in on this device right away. [1]',
      ].join('\n'),
    );
  });

  it('answers a Japanese double-charge question with the answer of the FAQ, not its "Ｑ：" label', async () => {
    const { text } = await ask('二重に請求された', 'ja');
    assert.equal(
      text,
      'ご利用明細をご確認のうえ、注文番号をご用意してサポート窓口までご連絡ください。重複した請求は 5 営業日以内に取り消します。 [1]',
    );
  });

  it('keeps a nested Japanese list with its parent item', async () => {
    const { text } = await ask('返金状況の見方を教えて', 'ja');
    assert.match(
      text,
      /^1\. 「マイページ」→「注文履歴」を開き、対象の注文を選びます。\n2\. 「返金状況」に、次のいずれかが表示されます。\n {3}- 未処理：/,
    );
    assert.match(text, / {3}- 完了：当社での返金の手続きが終わりました。 \[1\]$/);
  });

  it("turns ABCD's flattened `: > a > b` sub-list into list items, without a raw `>`", async () => {
    const { byId } = await load();
    const steps = byId.get('abcd-account_access-reset_2fa#steps')!;
    const text = extractiveAnswer('they do not have their email address', 'en', [{ n: 1, section: steps }]).join('');
    assert.match(text, /\n {5}- Ask for their PIN number\n {5}- Tell them you are going to ask the security question/);
    assert.deepEqual(findAnswerArtefacts(text), []);
  });

  it('shows the formats table whole, citation after it', async () => {
    const { text } = await ask('Which export formats are available?', 'en');
    assert.equal(
      text,
      '| Format | Best for | Limit |\n| --- | --- | --- |\n| CSV | spreadsheets | 1,000,000 rows |\n| JSON | developers | 100 MB |\n\n[1]',
    );
  });

  it('quotes a JSQuAD paragraph in whole sentences that hold the answer', async () => {
    const { text } = await ask('梅雨前線が南西諸島に影響を及ぼし始めるのは通常何月ごろ？', 'ja');
    assert.match(text, /5月上旬には南西諸島も梅雨前線の影響を受け始める。/);
    assert.match(text, /。 \[1\]$/);
  });
});
