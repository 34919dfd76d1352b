import { expect, oneEvent } from '@open-wc/testing';
import { EN_MESSAGES, JA_MESSAGES, type KotaeHelp } from '../dist/index.js';
import { formatCount } from '../dist/i18n/messages.js';
import { readsAsQuestion } from '../dist/internal/question-form.js';
import { allInPanel, inPanel, openReady, panelOf, renderHelp, typeQuery } from './helpers.js';

/** The real answer service over the example knowledge (test/server/answer-endpoints.mjs). */
const SERVICE = '/answer-service';

/** The rows of the list, in order: `ask` or the result's article title. */
function rows(help: KotaeHelp): string[] {
  return allInPanel(help, '[role="option"]').map((o) =>
    o.querySelector('.ask') ? 'ask' : (o.closest('[role="group"]')?.querySelector(':scope > .title')?.textContent ?? ''),
  );
}

describe('Ask up front', function () {
  // The first test loads the bundle, the Ask code and axe: slow on a loaded machine.
  this.timeout(30000);

  it('reads questions and problems as questions, keywords as keywords, in English and Japanese', () => {
    for (const q of [
      'where is my refund?',
      'How do I cancel an order',
      'can I change my address',
      'I forgot my password',
      'checkout not working',
      'パスワードを忘れたらどうすればいいですか',
      '返品できますか。',
      '返金はいつ届く',
      'ログインできない',
      '住所を変更する方法',
      '注文をキャンセルしたい',
      '配送料は？',
    ]) {
      expect(readsAsQuestion(q), q).to.equal(true);
    }
    for (const q of ['refund', 'password reset', 'order status', 'shipping address', '返品', 'パスワード 再設定', '配送状況']) {
      expect(readsAsQuestion(q), q).to.equal(false);
    }
  });

  it('puts Ask first, with a hint, when the query reads as a question; Enter asks it', async () => {
    const help = await renderHelp({ endpoint: SERVICE });
    await openReady(help);
    await typeQuery(help, 'where is my refund?');
    const order = rows(help);
    expect(order[0]).to.equal('ask');
    expect(order.length).to.be.greaterThan(1);
    expect(inPanel(help, '[role="option"]:first-child .snippet')!.textContent).to.equal(EN_MESSAGES.askHint);
    const asked = oneEvent(help, 'kotae-ask');
    inPanel<HTMLInputElement>(help, 'input')!.dispatchEvent(
      new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }),
    );
    expect((await asked).query).to.equal('where is my refund?');
    await expect(help).shadowDom.to.be.accessible();
  });

  it('puts the results first for keywords a result matches, Ask last', async () => {
    const help = await renderHelp({ endpoint: SERVICE });
    await openReady(help);
    await typeQuery(help, 'refund');
    const order = rows(help);
    expect(order[0]).not.to.equal('ask');
    expect(order.at(-1)).to.equal('ask');
    expect(inPanel(help, '.ask-first')).to.equal(null);
  });

  it('puts Ask first when no result matches every word of the query', async () => {
    const help = await renderHelp({ endpoint: SERVICE });
    await openReady(help);
    await typeQuery(help, 'refund zebra ');
    const order = rows(help);
    expect(order[0]).to.equal('ask');
    expect(order.length, 'the results are still there, under Ask').to.be.greaterThan(1);
  });

  it('shows one line of each snippet, and the whole snippet of the row chosen with the arrow keys', async () => {
    const help = await renderHelp();
    await openReady(help);
    await typeQuery(help, 'refund');
    const snippets = allInPanel(help, '[role="group"] .snippet');
    expect(snippets.length).to.be.greaterThan(0);
    for (const s of snippets) {
      const lineHeight = parseFloat(getComputedStyle(s).lineHeight);
      expect(s.getBoundingClientRect().height, s.textContent ?? '').to.be.at.most(lineHeight * 1.5);
    }
    const input = inPanel<HTMLInputElement>(help, 'input')!;
    input.dispatchEvent(new KeyboardEvent('keydown', { key: 'ArrowDown', bubbles: true, composed: true, cancelable: true }));
    await panelOf(help).updateComplete;
    expect(getComputedStyle(inPanel(help, '[role="option"].active .snippet')!).webkitLineClamp).to.equal('none');
  });

  it('counts with the locale’s plural rules, in the live region too', async () => {
    expect(formatCount(EN_MESSAGES.resultsCount, 1, 'en')).to.equal('1 result');
    expect(formatCount(EN_MESSAGES.resultsCount, 2, 'en')).to.equal('2 results');
    expect(formatCount(EN_MESSAGES.resultsCount, 0, 'en')).to.equal('0 results');
    expect(formatCount(JA_MESSAGES.resultsCount, 1, 'ja')).to.equal('1件の結果');
    expect(formatCount('{n} hits', 1, 'en'), 'a host’s plain string still works').to.equal('1 hits');
    const help = await renderHelp();
    await openReady(help);
    await typeQuery(help, 'stain');
    const articles = allInPanel(help, '[role="group"]').length;
    expect(inPanel(help, '[role="status"]')!.textContent).to.equal(`${articles} ${articles === 1 ? 'result' : 'results'}`);
  });

  it('shows the article title once (the heading, not again from the markdown)', async () => {
    const help = await renderHelp();
    await openReady(help);
    await help.openArticle('reset-password');
    await panelOf(help).updateComplete;
    const title = inPanel(help, '.article h2')!.textContent;
    expect(title).to.equal('Reset your password');
    const headings = allInPanel(help, '.article h1, .article h2, .article h3').map((h) => h.textContent?.trim());
    expect(headings.filter((h) => h === title)).to.deep.equal([title]);
  });
});
