import assert from 'node:assert/strict';
import { cp, readFile, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { before, describe, it } from 'node:test';
import { fileURLToPath } from 'node:url';
import {
  buildSearchIndex,
  calibrateAnswerability,
  parseArticle,
  sampleRefusalTarget,
  tokenize,
  type LoadedBundle,
  type Section,
} from '../src/index.js';
import { answerabilityReference, assessAnswerability, DEFAULT_ANSWERABILITY_THRESHOLD, referenceFor, thresholdFor } from '../src/answer.js';
import { compileContent, readBundleDir, OUT_OF_SCOPE_EN, OUT_OF_SCOPE_JA } from '../src/node.js';
import { answerabilityFeatures, inverseDocumentFrequency } from '../src/answer/answerability-features.js';
import { answerabilityScore } from '../src/answer/answerability.js';
import { ManifestSchema } from '../src/schema/manifest.js';
import { manifestProblem } from '../src/bundle/check-manifest.js';
import { article, tempDir } from './support/content.js';

const EXAMPLES = fileURLToPath(new URL('../../../examples/knowledge', import.meta.url));

function sections(...articles: [id: string, title: string, body: string, locale?: string][]): Section[] {
  return articles.flatMap(
    ([id, title, body, locale = 'en']) => parseArticle(article(`id: ${id}\ntitle: ${title}\nlocale: ${locale}`, body), `${id}.md`).sections,
  );
}

const SHOP = buildSearchIndex(
  sections(
    [
      'password',
      'Reset your password',
      'If you forgot your password, open the sign-in page and choose "Forgot password". We email a reset link.\n',
    ],
    ['refund', 'Refund status', 'A refund reaches your account within 5 business days after we receive the return.\n'],
    [
      'address',
      'Change your shipping address',
      'You can change the shipping address of an order until it ships, from your account page.\n',
    ],
    ['account', 'Your account', 'Your account page shows your orders, your address and your payment methods.\n'],
    ['pw-ja', 'パスワードの再設定', 'パスワードを忘れた場合は、ログイン画面の「パスワードをお忘れの方」から再設定できます。\n', 'ja'],
    ['refund-ja', '返金の状況', '返品を受け取ってから5営業日以内に返金します。\n', 'ja'],
  ),
);

/** The question's terms as the tokenizer makes them (stemmed). */
const terms = (...words: string[]) => tokenize(words.join(' '), 'en').map((term) => ({ term, weight: 1 }));

describe('SearchIndex.statistics', () => {
  it('gives each term its document frequency, 0 for a word the index has never seen', () => {
    const stats = SHOP.statistics('en')!;
    assert.equal(stats.sections, 4);
    assert.equal(stats.documentFrequency('account'), 3);
    assert.equal(stats.documentFrequency('password'), 1);
    assert.equal(stats.documentFrequency('weather'), 0);
  });

  it('counts kanji and katakana grams apart from words', () => {
    const stats = SHOP.statistics('ja')!;
    assert.equal(stats.gramFrequency('返金'), 1);
    assert.equal(stats.gramFrequency('天気'), 0);
    assert.equal(SHOP.statistics('fr'), undefined);
  });
});

describe('answerabilityFeatures', () => {
  const stats = SHOP.statistics('en')!;
  const search = (q: string) => SHOP.search(q, { locale: 'en', limit: 5 });

  it('weighs words by IDF: a rare word matched counts more than a common one', () => {
    const rare = answerabilityFeatures(terms('password', 'weather'), search('password weather'), stats);
    const common = answerabilityFeatures(terms('account', 'weather'), search('account weather'), stats);
    assert.ok(rare.best > common.best, `${rare.best} > ${common.best}`);
    assert.equal(inverseDocumentFrequency(1, 4) > inverseDocumentFrequency(3, 4), true);
  });

  it('tells one section covering the question from words scattered over several', () => {
    const scattered = answerabilityFeatures(terms('refund', 'shipping'), search('refund shipping'), stats);
    assert.ok(scattered.union > scattered.best, `union ${scattered.union} > best ${scattered.best}`);
    const together = answerabilityFeatures(terms('forgot', 'password'), search('forgot password'), stats);
    assert.equal(together.best, 1);
  });

  it('counts the weight of words the knowledge has never seen', () => {
    const f = answerabilityFeatures(terms('weather', 'tomorrow'), search('weather tomorrow'), stats);
    assert.equal(f.unknown, 1);
    assert.equal(f.best, 0);
    assert.equal(answerabilityFeatures(terms('password'), search('password'), stats).unknown, 0);
  });

  it('counts a typo the search corrected as matched, not unknown', () => {
    const f = answerabilityFeatures(terms('pasword'), search('pasword'), stats);
    assert.equal(f.best, 1);
    assert.equal(f.unknown, 0);
  });

  it('matches a title, and has a margin of 1 with a single result', () => {
    const f = answerabilityFeatures(terms('refund', 'status'), search('refund status'), stats);
    assert.equal(f.title, 1);
    assert.ok(f.margin > 0 && f.margin <= 1);
    assert.ok(f.strength > 0 && f.strength < 1);
  });

  it('weighs a term by its given weight', () => {
    const half = answerabilityFeatures(
      [
        { term: 'password', weight: 1 },
        { term: 'refund', weight: 0.01 },
      ],
      search('password refund'),
      stats,
    );
    assert.ok(half.best > 0.9, String(half.best));
  });
});

describe('assessAnswerability', () => {
  it('scores an answerable question above an off-topic one, in English and Japanese', () => {
    const score = (q: string, locale: string) => assessAnswerability(q, SHOP.search(q, { locale, limit: 5 }), SHOP).score;
    assert.ok(score('How do I reset my password?', 'en') > score("What's the weather tomorrow?", 'en'));
    assert.ok(score('パスワードを忘れました', 'ja') > score('明日の天気は？', 'ja'));
  });

  it('counts a follow-up’s context only when the results hold one of the question’s own terms', () => {
    const context = terms('forgot', 'password').map((t) => ({ ...t, weight: 0.4 }));
    const results = SHOP.search('weather forgot password', { locale: 'en', limit: 5 });
    const offTopic = assessAnswerability('and the weather?', results, SHOP, terms('weather'), context);
    assert.equal(offTopic.score, assessAnswerability('and the weather?', results, SHOP, terms('weather')).score);
    assert.ok(
      offTopic.score < assessAnswerability('', results, SHOP, [...terms('weather'), ...context]).score,
      'history alone would lift it',
    );
    const own = terms('reset');
    const found = SHOP.search('and reset it?', { locale: 'en', limit: 5, related: context });
    const followUp = assessAnswerability('and reset it?', found, SHOP, own, context);
    assert.ok(followUp.score > assessAnswerability('and reset it?', found, SHOP, own).score);
    assert.equal(followUp.features.terms, 3);
  });

  it('never scores a follow-up lower for its context', () => {
    const results = SHOP.search('reset password', { locale: 'en', limit: 5 });
    const alone = assessAnswerability('', results, SHOP, terms('reset', 'password'));
    const withContext = assessAnswerability('', results, SHOP, terms('reset', 'password'), terms('shipping', 'weather'));
    assert.equal(withContext.score, alone.score);
  });

  it('is 0 without results or words', () => {
    assert.equal(assessAnswerability('zzzz', [], SHOP).score, 0);
    assert.equal(
      answerabilityScore(
        { best: 1, union: 1, unknown: 0, margin: 1, rare: 0, title: 1, strength: 0.9, terms: 0, cover: 1, domain: 1 },
        'en',
      ),
      0,
    );
  });
});

describe('cover and domain', () => {
  const BOARD = buildSearchIndex(
    sections(
      ['fb', 'How do I delete my Facebook account?', 'Open Settings, then Deactivation and deletion, and confirm.\n'],
      ['gh', 'Strikethrough text in GitHub markdown', 'Wrap the text in two tildes: ~~like this~~ renders struck through.\n'],
      ['dropbox', 'Remove Dropbox from an old computer', 'Unlink the computer from the Dropbox website under Security.\n'],
      ['gmail', 'Search Gmail for mails without a reply', 'Gmail search has no operator for unanswered mails; use a filter.\n'],
      // A knowledge of some size: a word's share of it is then small, as in a real help center.
      ...Array.from({ length: 36 }, (_, i): [string, string, string] => [`t${i}`, `Topic ${i}`, `Topic ${i} has its own page.\n`]),
    ),
  );
  const features = (q: string) => assessAnswerability(q, BOARD.search(q, { locale: 'en', limit: 5 }), BOARD).features;

  it('cover: a question that leaves out the rarest word of the best title covers less of it', () => {
    assert.ok(features('delete my facebook account').cover > features('delete my account').cover);
    assert.ok(features('delete my facebook account').cover > 0.5);
  });

  it('domain: words of the knowledge count up, generic support words ("account", "card") down', () => {
    assert.ok(features('strikethrough in github markdown').domain > features('delete my account').domain);
    assert.ok(features('strikethrough in github markdown').domain > 0);
  });

  it('a sample question is scored as one the sample never saw (its own words are left out of the background)', () => {
    const q = OUT_OF_SCOPE_EN.find((x) => /account/i.test(x))!;
    const results = BOARD.search(q, { locale: 'en', limit: 5 });
    const stats = BOARD.statistics('en')!;
    const own = tokenize(q, 'en').map((term) => ({ term, weight: 1 }));
    assert.ok(
      answerabilityFeatures(own, results, stats, q).domain >= answerabilityFeatures(own, results, stats, 'another question').domain,
    );
  });
});

describe('answerabilityReference', () => {
  it('is the mean and spread of each feature over the sample, terms as ln(1 + terms); none from fewer than 20 questions', () => {
    const base = { best: 0.5, union: 0.5, unknown: 0, margin: 0.5, rare: 0, title: 0, strength: 0.5, cover: 0, domain: 0 };
    const sample = Array.from({ length: 20 }, (_, i) => ({ ...base, strength: i % 2 === 0 ? 0.2 : 0.4, terms: 3 }));
    const r = answerabilityReference(sample)!;
    assert.equal(r.mean.strength, 0.3);
    assert.equal(r.spread.strength, 0.1);
    assert.equal(r.mean.terms, Math.round(Math.log(4) * 10_000) / 10_000);
    assert.equal(r.spread.best, 0);
    assert.equal(answerabilityReference(sample.slice(0, 19)), undefined);
  });

  it('scores the same features higher on a knowledge where off-topic questions score lower', () => {
    const f = { best: 0.6, union: 0.6, unknown: 0, margin: 0.5, rare: 0.3, title: 0.3, strength: 0.6, terms: 3, cover: 0.4, domain: 0.3 };
    const sample = (strength: number) =>
      Array.from({ length: 30 }, (_, i) => ({ ...f, strength: strength + (i % 3) / 20, title: 0, cover: 0 }));
    const low = answerabilityReference(sample(0.2));
    const high = answerabilityReference(sample(0.5));
    assert.ok(answerabilityScore(f, 'en', low) > answerabilityScore(f, 'en', high));
  });
});

describe('calibrateAnswerability', () => {
  it('puts the threshold in the middle of the gap between answerable and out-of-scope scores, in log-odds', () => {
    const answerable = Array.from({ length: 90 }, (_, i) => 0.5 + i / 200);
    const c = calibrateAnswerability(answerable, [0.01, 0.02, 0.03], { targetAnswered: 0.9 });
    assert.equal(c.source, 'eval-cases');
    assert.equal(c.answerable, 90);
    assert.equal(c.outOfScope, 3);
    assert.deepEqual([c.answered, c.refused], [1, 1]);
    // Every threshold from just above 0.03 to 0.5 answers and refuses all: the middle of that
    // range in log-odds, not its top edge.
    const logit = (p: number) => Math.log(p / (1 - p));
    const middle = 1 / (1 + Math.exp(-(logit(0.03 + 1e-6) + logit(0.5)) / 2));
    assert.equal(c.threshold, Math.round(middle * 10_000) / 10_000);
  });

  it('balances the shortfalls when the two kinds of questions overlap', () => {
    // Answerable scores 0.2 … 0.99, out-of-scope 0 … 0.49: answering 92% and refusing 90% cannot
    // both hold; the threshold misses each target by as little as the other.
    const answerable = Array.from({ length: 80 }, (_, i) => 0.2 + i / 100);
    const outOfScope = Array.from({ length: 50 }, (_, i) => i / 100);
    const c = calibrateAnswerability(answerable, outOfScope, { targetAnswered: 0.92, targetRefused: 0.9 });
    const shortfall = Math.max(0.92 - c.answered!, 0.9 - c.refused!);
    for (const p of c.curve) assert.ok(Math.max(0.92 - p.answered!, 0.9 - p.refused!) >= shortfall - 1e-9, JSON.stringify(p));
    assert.ok(c.threshold > 0.3 && c.threshold < 0.45, String(c.threshold));
  });

  it('aims higher on the English sample than on the Japanese one', () => {
    assert.equal(sampleRefusalTarget('en'), 0.96);
    assert.equal(sampleRefusalTarget('fr'), 0.96);
    assert.equal(sampleRefusalTarget('ja'), 0.92);
  });

  it('falls back on the sample alone, then on the default', () => {
    const sample = calibrateAnswerability(
      [],
      Array.from({ length: 10 }, (_, i) => i / 10),
    );
    assert.equal(sample.source, 'sample');
    assert.ok(sample.threshold >= DEFAULT_ANSWERABILITY_THRESHOLD);
    assert.equal(sample.answered, null);
    const none = calibrateAnswerability([], []);
    assert.deepEqual([none.source, none.threshold, none.refused], ['default', DEFAULT_ANSWERABILITY_THRESHOLD, null]);
  });

  it('uses a given threshold as it is and reports the curve around it', () => {
    const c = calibrateAnswerability([0.9, 0.2], [0.1, 0.6], { threshold: 0.55 });
    assert.equal(c.source, 'config');
    assert.equal(c.threshold, 0.55);
    assert.deepEqual([c.answered, c.refused], [0.5, 0.5]);
    assert.deepEqual(
      c.curve.map((p) => p.threshold),
      [0.1, 0.2, 0.3, 0.4, 0.5, 0.55, 0.6, 0.7, 0.8, 0.9],
    );
  });
});

describe('the generic out-of-scope sample', () => {
  it('holds a few hundred distinct questions in English and in Japanese', () => {
    for (const sample of [OUT_OF_SCOPE_EN, OUT_OF_SCOPE_JA]) {
      assert.ok(sample.length >= 200, String(sample.length));
      assert.equal(new Set(sample).size, sample.length);
    }
  });
});

describe('calibration at compile time', () => {
  let dir: string;
  let bundle: LoadedBundle;

  before(async () => {
    dir = join(await tempDir(), 'content');
    await cp(EXAMPLES, dir, { recursive: true });
    const out = join(await tempDir(), 'bundle');
    await compileContent(dir, { out });
    bundle = await readBundleDir(out);
  });

  it('stores a threshold and its figures per language in the manifest', () => {
    const a = bundle.manifest.answerability!;
    assert.equal(a.score, 'lexical-3');
    for (const language of ['en', 'ja']) {
      const c = a.languages[language]!;
      assert.equal(c.source, 'eval-cases');
      assert.ok(c.answerable > 0 && c.outOfScope >= 200, JSON.stringify(c));
      assert.ok(c.threshold > 0 && c.threshold < 1);
      assert.ok(c.curve.some((p) => p.threshold === c.threshold));
      // The sample's features on this bundle, which its scores are measured from.
      assert.ok(c.reference && c.reference.spread.strength > 0, JSON.stringify(c.reference));
      assert.deepEqual(referenceFor(a, language), c.reference);
    }
    assert.equal(referenceFor({ ...a, score: 'lexical-1' }, 'en'), undefined);
    assert.equal(ManifestSchema.safeParse(bundle.manifest).success, true);
    assert.equal(manifestProblem(bundle.manifest), undefined);
  });

  it('takes the operating point from kotae.config.json', async () => {
    const config = JSON.parse(await readFile(join(dir, 'kotae.config.json'), 'utf8')) as Record<string, unknown>;
    await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ ...config, answerability: { threshold: { ja: 0.99 } } }));
    const { bundle: encoded } = await compileContent(dir);
    const { en, ja } = encoded.manifest.answerability!.languages;
    assert.equal(ja!.source, 'config');
    assert.equal(ja!.threshold, 0.99);
    assert.equal(en!.source, 'eval-cases');
    await writeFile(join(dir, 'kotae.config.json'), JSON.stringify(config));
  });

  it('lets a bundle built before calibration fall back on the default threshold', () => {
    const { answerability: _, ...old } = bundle.manifest;
    assert.equal(ManifestSchema.safeParse(old).success, true);
    assert.equal(thresholdFor(undefined, 'en'), DEFAULT_ANSWERABILITY_THRESHOLD);
    assert.equal(
      thresholdFor({ score: 'another-score', languages: bundle.manifest.answerability!.languages }, 'en'),
      DEFAULT_ANSWERABILITY_THRESHOLD,
    );
  });
});
