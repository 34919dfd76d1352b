import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import type { SearchResult, StoredSection } from '../src/index.js';
import { answeringSections, extractiveAnswer, holdsIntent, questionIntent } from '../src/answer.js';
import { articleWeights } from '../src/answer/answer-sections.js';

const section = (articleId: string, anchor: string, heading: string | undefined, text: string, locale = 'en'): StoredSection => ({
  id: anchor ? `${articleId}#${anchor}` : articleId,
  articleId,
  anchor,
  title: articleId,
  headings: heading ? [heading] : [],
  locale,
  text,
  plain: text.replace(/\*\*/g, ''),
  tags: [],
  contexts: [],
  audience: 'public',
  line: 1,
});

const result = (s: StoredSection, score = 1): SearchResult => ({
  id: s.id,
  articleId: s.articleId,
  anchor: s.anchor,
  title: s.title,
  headings: s.headings,
  locale: s.locale,
  score,
  snippet: s.plain.slice(0, 40),
  highlights: [],
  terms: [],
});

const article = (sections: readonly StoredSection[]) => (id: string) => sections.filter((s) => s.articleId === id);

describe('questionIntent', () => {
  it('tells a question after steps, a time, an amount and a place apart, in English and Japanese', () => {
    const cases: [string, string, string | undefined][] = [
      ['How do I change my email address?', 'en', 'steps'],
      ['I want to cancel my order', 'en', 'steps'],
      ['never got the email to reset my password', 'en', 'steps'],
      ['the app keeps crashing on my iphone', 'en', 'steps'],
      ['How long do refunds take?', 'en', 'time'],
      ['how many days do i have to send something back', 'en', 'time'],
      ['how much is shipping', 'en', 'amount'],
      ['where is my order?', 'en', 'place'],
      ['do you ship to Canada', 'en', undefined],
      ['登録メールアドレスを変えたい', 'ja', 'steps'],
      ['二段階認証ってどうやって設定するの？', 'ja', 'steps'],
      ['注文確認メールが来ない', 'ja', 'steps'],
      ['コンビニ払いの支払い期限はいつまで？', 'ja', 'time'],
      ['送料はいくらですか', 'ja', 'amount'],
      ['荷物は今どこにありますか', 'ja', 'place'],
      ['Comment changer mon mot de passe ?', 'fr', undefined],
    ];
    for (const [query, locale, intent] of cases) assert.equal(questionIntent(query, locale), intent, query);
  });

  it('finds a duration, an amount and a menu path in passages', () => {
    assert.equal(holdsIntent('The link works for 24 hours.', 'time'), true);
    assert.equal(holdsIntent('通常2営業日以内に終わります。', 'time'), true);
    assert.equal(holdsIntent('Standard shipping costs $5.99.', 'amount'), true);
    assert.equal(holdsIntent('送料は500円です。', 'amount'), true);
    assert.equal(holdsIntent('Go to Account > Orders.', 'place'), true);
    assert.equal(holdsIntent('「マイページ」→「注文履歴」を開きます。', 'place'), true);
    assert.equal(holdsIntent('We are sorry about that.', 'time'), false);
    assert.equal(holdsIntent('We are sorry about that.', 'amount'), false);
  });
});

describe('answeringSections', () => {
  const lead = section(
    'email-change',
    '',
    undefined,
    'If you want to change your email address, you can change it from your account. Follow the steps below.',
  );
  const steps = section(
    'email-change',
    'steps',
    'Steps',
    '1. Go to **Account** > **Profile**.\n2. Next to **Email**, select **Edit**.\n3. Enter the new email address and select **Send confirmation**.',
  );
  const notes = section('email-change', 'good-to-know', 'Good to know', 'Your orders stay on your account.');

  it('quotes the procedure of the article for a how-to question, not the introduction search found', () => {
    const sections = article([lead, steps, notes]);
    const [chosen] = answeringSections('How do I change my email address?', [result(lead, 3)], sections);
    assert.equal(chosen!.id, 'email-change#steps');
    assert.deepEqual(chosen!.headings, ['Steps']);
    assert.equal(chosen!.score, 3);
    const text = extractiveAnswer('How do I change my email address?', 'en', [{ n: 1, section: steps }]).join('');
    assert.match(text, /^1\. Go to \*\*Account\*\*/);
    assert.match(text, /Send confirmation\*\*\. \[1\]$/);
  });

  it('keeps the section search found when the question does not ask for steps and it answers', () => {
    const sections = article([lead, steps, notes]);
    const [chosen] = answeringSections('will my orders stay on my account', [result(notes)], sections);
    assert.equal(chosen!.id, 'email-change#good-to-know');
  });

  it('quotes the section with the time a when-question asks for', () => {
    const intro = section('refunds', '', undefined, 'We refund returns and cancelled orders to the way you paid.');
    const timing = section('refunds', 'timing', 'Timing', 'A refund to a card shows up within 3–10 business days.');
    const [chosen] = answeringSections('how long does a refund to my card take', [result(intro)], article([intro, timing]));
    assert.equal(chosen!.id, 'refunds#timing');
  });

  it('keeps the order, scores and articles of the results, and only picks sections of the same article', () => {
    const word = fc.constantFrom('order', 'refund', 'email', 'password', 'card', 'return', 'cancel', 'ship', 'code', 'account');
    const sentence = fc.array(word, { minLength: 2, maxLength: 8 }).map((w) => `${w.join(' ')}.`);
    const block = fc.oneof(
      sentence,
      fc.array(sentence, { minLength: 1, maxLength: 4 }).map((items) => items.map((s, i) => `${i + 1}. ${s}`).join('\n')),
      fc.array(sentence, { minLength: 1, maxLength: 4 }).map((items) => items.map((s) => `- ${s}`).join('\n')),
    );
    const articleArb = fc.array(fc.array(block, { minLength: 1, maxLength: 3 }), { minLength: 1, maxLength: 4 });
    const question = fc.tuple(
      fc.constantFrom('How do I', 'How long does it take to', 'I want to', 'where can I', ''),
      fc.array(word, { minLength: 1, maxLength: 4 }),
    );
    fc.assert(
      fc.property(fc.array(articleArb, { minLength: 1, maxLength: 4 }), question, (articles, [opening, words]) => {
        const all = articles.flatMap((parts, a) =>
          parts.map((blocks, i) => section(`a${a}`, i === 0 ? '' : `s${i}`, i === 0 ? undefined : `Part ${i}`, blocks.join('\n\n'))),
        );
        const results = articles.map((parts, a) =>
          result(
            all.find((s) => s.articleId === `a${a}` && s.anchor === (parts.length > 1 ? 's1' : ''))!,
            10 - a,
          ),
        );
        const query = `${opening} ${words.join(' ')}`.trim();
        const chosen = answeringSections(query, results, article(all));
        assert.equal(chosen.length, results.length);
        chosen.forEach((c, i) => {
          assert.equal(c.articleId, results[i]!.articleId);
          assert.equal(c.score, results[i]!.score);
          assert.ok(all.some((s) => s.id === c.id && s.articleId === c.articleId));
        });
      }),
      { numRuns: 200 },
    );
  });
});

describe('extractiveAnswer (questions in bold)', () => {
  it("matches an FAQ's bold question line and quotes its answer, never the question", () => {
    const s = section(
      'faq',
      'questions',
      'Questions',
      '**Can I share my membership?**\nBenefits apply to orders from your account only.\n\n**Do member prices stack with promo codes?**\nYes, unless the code says otherwise.',
    );
    assert.equal(
      extractiveAnswer('can I share my membership', 'en', [{ n: 1, section: s }]).join(''),
      'Benefits apply to orders from your account only. [1]',
    );
    assert.equal(
      extractiveAnswer('do member prices stack with promo codes', 'en', [{ n: 1, section: s }]).join(''),
      'Yes, unless the code says otherwise. [1]',
    );
  });
});

describe('answeringSections (rarer words, pointers, headings)', () => {
  it('weighs the question words every section shares less than the one a single section holds', () => {
    const en = [
      section('reset', '', undefined, 'Reset your password from the sign-in page.'),
      section('reset', 'steps', 'Steps', 'Select Forgot password and open the reset email.'),
      section('reset', 'expired', 'If the link has expired', 'Start again: only the newest password reset link works.'),
    ];
    const weights = new Map(articleWeights('my password reset link expired', 'en', en, undefined).map((t) => [t.term, t.weight]));
    assert.ok(weights.get('password')! < weights.get('expir')!, JSON.stringify([...weights]));
    assert.equal(weights.get('expir'), 1);
    const ja = [
      section('ja-login', '', undefined, 'ログインできない原因を確認します。', 'ja'),
      section('ja-login', 'lock', 'ロックされた', 'ログインを5回間違えるとロックされます。', 'ja'),
      section('ja-login', 'cookie', '画面が変わらない', 'ログインには Cookie が必要です。', 'ja'),
    ];
    const jaWeights = new Map(articleWeights('ロックされてログインできない', 'ja', ja, undefined).map((t) => [t.term, t.weight]));
    assert.ok(jaWeights.get('ログイン')! < jaWeights.get('ロック')!, JSON.stringify([...jaWeights]));
  });

  it('quotes what a section that points on (`follow these steps`) points to, in English and Japanese', () => {
    const enLead = section('app', '', undefined, 'If the app keeps crashing or stays blank, follow these steps.');
    const enSteps = section('app', 'steps', 'Steps', '1. Close the app and open it again.\n2. Update the app to the newest version.');
    const [en] = answeringSections('the app keeps crashing', [result(enLead)], article([enLead, enSteps]));
    assert.equal(en!.id, 'app#steps');
    const jaLead = section(
      'ja-app',
      '',
      undefined,
      'アプリが途中で終了する、画面が真っ白になる場合は、次の手順をお試しください。手順ごとに動くか確認してください。',
      'ja',
    );
    const jaSteps = section(
      'ja-app',
      'steps',
      '手順',
      '1. アプリを終了して、もう一度開きます。\n2. アプリを最新版にアップデートします。',
      'ja',
    );
    const [ja] = answeringSections('アプリがすぐ終了する', [result(jaLead)], article([jaLead, jaSteps]));
    assert.equal(ja!.id, 'ja-app#steps');
  });

  it('quotes the section whose heading says what the question says, over a general check-list', () => {
    const basics = section(
      'sign-in',
      'basics',
      'Check the basics',
      '1. Check the email address on your account.\n2. Check that Caps Lock is off.\n3. Use the Continue with Google button if you signed up with Google.',
    );
    const refunded = section(
      'sign-in',
      'refunded',
      'It says Refunded but I do not see the money',
      'Refunds on cards often show as a separate credit. If 10 business days have passed, contact support.',
    );
    const [en] = answeringSections('it says refunded but I do not see the money', [result(basics)], article([basics, refunded]));
    assert.equal(en!.id, 'sign-in#refunded');
    const checks = section(
      'ja-login',
      'checks',
      'まず確認すること',
      '1. ご登録のメールアドレスでログインしているか確認します。\n2. Caps Lock を確認します。\n3. Google でログインボタンをご利用ください。',
      'ja',
    );
    const locked = section(
      'ja-login',
      'locked',
      'アカウントが一時的にロックされていますと表示される',
      'パスワードを5回続けて間違えると、30分間ログインできなくなります。',
      'ja',
    );
    const [ja] = answeringSections('アカウントがロックされたと表示されてログインできない', [result(checks)], article([checks, locked]));
    assert.equal(ja!.id, 'ja-login#locked');
  });

  it('scores a bulleted list by its best item, so a long check-list does not outscore the sentence that answers', () => {
    const text = [
      'Most codes from our emails last 7 days; an expired code cannot be used again.',
      '',
      '- Codes cannot be used for gift cards or membership fees.',
      '- Codes cannot be used for orders you already placed; cancel the order and order again with the code.',
      '- Codes cannot be used for clearance items unless the offer says so.',
    ].join('\n');
    const answer = extractiveAnswer('my discount code expired, can I still use it for my order?', 'en', [
      { n: 1, section: section('promo', 'codes', 'Promo codes', text) },
    ]).join('');
    assert.match(answer, /7 days/);
    const ja = [
      'メールでお送りするクーポンの有効期限は7日間です。期限切れのクーポンは使えません。',
      '',
      '- ギフトカードの購入にはクーポンを使えません。',
      '- 確定したご注文にはクーポンを使えません。',
      '- セール品にはクーポンを使えません。',
    ].join('\n');
    const jaAnswer = extractiveAnswer('期限切れのクーポンはまだ使えますか', 'ja', [
      { n: 1, section: section('ja-promo', 'codes', 'クーポン', ja, 'ja') },
    ]).join('');
    assert.match(jaAnswer, /7日間/);
  });

  it('does not take the word for shipping as an amount', () => {
    assert.equal(holdsIntent('複数の倉庫から発送する場合でも、送料は1回分です。', 'amount'), false);
    assert.equal(holdsIntent('通常配送の送料は550円です。', 'amount'), true);
  });
});

describe('extractiveAnswer (a section whose heading names the question)', () => {
  it('quotes its short paragraph whole, in English and Japanese', () => {
    const en = section(
      'refunds',
      'not-seen',
      'It says Refunded but I do not see it',
      'Refunds on cards often show as a separate credit. Check your statement for a credit from us. If 10 business days have passed, contact support.',
    );
    const enAnswer = extractiveAnswer('it says refunded but I do not see the money', 'en', [{ n: 1, section: en }]).join('');
    assert.match(enAnswer, /separate credit.*10 business days have passed, contact support\. \[1\]$/);
    const ja = section(
      'ja-delivery',
      'missing',
      '配達完了なのに荷物がない',
      '配達完了になっていても、多くは翌日までに見つかります。宅配ボックスや玄関まわりを確認してください。2日たっても見つからない場合はご連絡ください。',
      'ja',
    );
    const jaAnswer = extractiveAnswer('配達完了になってるのに荷物がない', 'ja', [{ n: 1, section: ja }]).join('');
    assert.match(jaAnswer, /翌日までに見つかります。宅配ボックス.*ご連絡ください。 \[1\]$/);
  });

  it('still quotes only what answers from a section whose heading does not name the question', () => {
    const other = section('refunds', 'general', 'General', 'Refunds go to your card. Shipping is free. Returns take a week.');
    assert.equal(extractiveAnswer('do refunds go to my card', 'en', [{ n: 1, section: other }]).join(''), 'Refunds go to your card. [1]');
  });
});
