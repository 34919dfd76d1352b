import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { emulateMedia, sendKeys, setViewport } from '@web/test-runner-commands';
import {
  KotaeArticleEvent,
  KotaeErrorEvent,
  KotaeFeedbackEvent,
  KotaeOpenEvent,
  KotaeRequestEscalateEvent,
  KotaeSearchEvent,
  type KotaeHelp,
} from '../dist/index.js';
import { TAMPERED, allInPanel, inPanel, openReady, panelOf, renderHelp, resultTitles, typeQuery } from './helpers.js';

/** The element that has focus, looking through shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

function launcher(help: KotaeHelp): HTMLButtonElement {
  return help.shadowRoot!.querySelector<HTMLButtonElement>('.launcher')!;
}

describe('<kotae-help>', () => {
  it('renders only a launcher until it is opened', async () => {
    const help = await renderHelp();
    expect(launcher(help).textContent?.trim()).to.equal('Help');
    expect(launcher(help).getAttribute('aria-expanded')).to.equal('false');
    expect(help.shadowRoot!.querySelector('kotae-help-panel')).to.equal(null);
    await expect(help).to.be.accessible();
  });

  it('opens, fires kotae-open and moves focus into the search field', async () => {
    const help = await renderHelp();
    const opened = oneEvent(help, 'kotae-open');
    await openReady(help);
    expect(await opened).to.be.instanceOf(KotaeOpenEvent);
    expect(help.hasAttribute('open')).to.equal(true);
    expect(launcher(help).getAttribute('aria-expanded')).to.equal('true');
    expect(deepActive()).to.equal(inPanel(help, 'input'));
    await expect(help).to.be.accessible();
  });

  it('finds the right article in English as the user types, with highlighted snippets', async () => {
    const help = await renderHelp();
    await openReady(help);
    const searched = oneEvent(help, 'kotae-search');
    await typeQuery(help, 'forgot my password');
    const event = await searched;
    expect(event).to.be.instanceOf(KotaeSearchEvent);
    expect(event.query).to.equal('forgot my password');
    expect(event.resultCount).to.be.greaterThan(0);
    expect(resultTitles(help)[0]).to.equal('Reset your password');
    expect(allInPanel(help, '[role="option"] mark').length).to.be.greaterThan(0);
    expect(inPanel(help, '[role="status"]')!.textContent).to.match(/^\d+ results$/);
    await expect(help).to.be.accessible();
  });

  it('finds the right article in Japanese', async () => {
    const help = await renderHelp({ locale: 'ja' });
    await openReady(help);
    await typeQuery(help, 'パスワードを忘れてログインできません');
    expect(resultTitles(help)[0]).to.equal('パスワードの再設定');
    expect(inPanel(help, '[role="status"]')!.textContent).to.match(/^\d+件の結果$/);
    expect(inPanel(help, 'input')!.getAttribute('aria-label')).to.equal('ヘルプを検索');
    await expect(help).to.be.accessible();
  });

  it('searches the Japanese guidance when the query is Japanese, whatever the UI locale', async () => {
    const help = await renderHelp({ locale: 'en' });
    await openReady(help);
    await typeQuery(help, '注文をキャンセルしたい');
    expect(resultTitles(help)[0]).to.equal('注文のキャンセル');
  });

  it('shows an article rendered from markdown and fires kotae-article', async () => {
    const help = await renderHelp();
    await openReady(help);
    await typeQuery(help, 'forgot my password');
    const opened = oneEvent(help, 'kotae-article');
    inPanel(help, '[role="option"]')!.click();
    const event = await opened;
    expect(event).to.be.instanceOf(KotaeArticleEvent);
    expect(event.articleId).to.equal('reset-password');
    expect(event.query).to.equal('forgot my password');
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.article h2')!.textContent).to.equal('Reset your password');
    expect(allInPanel(help, '.article p').length).to.be.greaterThan(1);
    expect(deepActive()).to.equal(inPanel(help, '.article h2'));
    await expect(help).to.be.accessible();
  });

  it('asks whether the article solved the problem and offers a human after "No"', async () => {
    const help = await renderHelp({ escalateUrl: 'https://support.example.com/new' });
    await help.openArticle('cancel-order');
    await waitUntil(() => inPanel(help, '.feedback'), 'no feedback block');
    expect(inPanel(help, '#feedback-question')!.textContent).to.equal('Did this solve your problem?');
    expect(inPanel(help, '.contact')).to.equal(null);
    const feedback = oneEvent(help, 'kotae-feedback');
    allInPanel<HTMLButtonElement>(help, '.choice')[1]!.click();
    const event = await feedback;
    expect(event).to.be.instanceOf(KotaeFeedbackEvent);
    expect([event.articleId, event.helpful]).to.deep.equal(['cancel-order', false]);
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.contact')!.textContent?.trim()).to.equal('Contact support');
    await expect(help).to.be.accessible();
  });

  it('says thanks after "Yes" and offers no escalation', async () => {
    const help = await renderHelp();
    await help.openArticle('cancel-order');
    await waitUntil(() => inPanel(help, '.feedback'), 'no feedback block');
    const feedback = oneEvent(help, 'kotae-feedback');
    allInPanel<HTMLButtonElement>(help, '.choice')[0]!.click();
    expect((await feedback).helpful).to.equal(true);
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.feedback [role="status"]')!.textContent).to.equal('Thanks for letting us know.');
    expect(inPanel(help, '.contact')).to.equal(null);
  });

  it('offers Contact support when nothing is found, and the host can cancel the escalation', async () => {
    const help = await renderHelp({ escalateUrl: 'https://support.example.com/new' });
    await openReady(help);
    await typeQuery(help, 'xylophone zeppelin');
    expect(inPanel(help, '.empty')!.textContent).to.equal('Nothing found for “xylophone zeppelin”.');
    const opened: string[] = [];
    const realOpen = window.open;
    window.open = ((url: string) => {
      opened.push(url);
      return null;
    }) as typeof window.open;
    try {
      help.addEventListener('kotae-request-escalate', (e) => e.preventDefault(), { once: true });
      const cancelled = oneEvent(help, 'kotae-request-escalate');
      inPanel<HTMLButtonElement>(help, '.contact')!.click();
      const event = await cancelled;
      expect(event).to.be.instanceOf(KotaeRequestEscalateEvent);
      expect(event.cancelable).to.equal(true);
      expect([event.query, event.articles, event.locale]).to.deep.equal(['xylophone zeppelin', [], 'en']);
      expect(opened).to.deep.equal([]);

      const escalated = oneEvent(help, 'kotae-request-escalate');
      inPanel<HTMLButtonElement>(help, '.contact')!.click();
      await escalated;
      expect(opened).to.deep.equal(['https://support.example.com/new']);
      await panelOf(help).updateComplete;
      expect(inPanel(help, 'p[role="status"]')!.textContent).to.equal('Support page opened in a new tab.');
    } finally {
      window.open = realOpen;
    }
    await expect(help).to.be.accessible();
  });

  it('lists the articles the user read in the escalation', async () => {
    const help = await renderHelp();
    await help.openArticle('reset-password');
    await help.openArticle('cancel-order');
    await waitUntil(() => inPanel(help, '.feedback'), 'no feedback block');
    allInPanel<HTMLButtonElement>(help, '.choice')[1]!.click();
    await panelOf(help).updateComplete;
    const escalated = oneEvent(help, 'kotae-request-escalate');
    help.addEventListener('kotae-request-escalate', (e) => e.preventDefault(), { once: true });
    inPanel<HTMLButtonElement>(help, '.contact')!.click();
    expect((await escalated).articles).to.deep.equal(['reset-password', 'cancel-order']);
  });

  it('suggests the articles for the user’s context before they type', async () => {
    const help = await renderHelp({ context: '/orders/42' });
    await openReady(help);
    await waitUntil(() => allInPanel(help, '[role="option"]').length > 0, 'no suggestions');
    const titles = allInPanel(help, '[role="option"] .title').map((t) => t.textContent);
    expect(titles).to.have.members([
      'Charged twice for one order',
      'Get a receipt or invoice',
      "When you'll get your refund",
      'Cancel an order',
      'Change an order you already placed',
    ]);
    expect(inPanel(help, '#suggested')!.textContent).to.equal('Suggested for this page');
    await expect(help).to.be.accessible();
  });

  it('suggests again when the host changes its context after the bundle loaded (a single-page app’s route)', async () => {
    const help = await renderHelp({ context: '/account/security' });
    await openReady(help);
    await waitUntil(() => allInPanel(help, '[role="option"]').length > 0, 'no suggestions');
    expect(allInPanel(help, '[role="option"] .title').map((t) => t.textContent)).to.deep.equal([
      "Can't get your verification code",
      'Turn on two-step verification',
    ]);
    help.context = '/account/payment';
    await waitUntil(
      () => allInPanel(help, '[role="option"] .title')[0]?.textContent === 'Charged twice for one order',
      'the suggestions did not follow the context',
    );
    expect(allInPanel(help, '[role="option"] .title').map((t) => t.textContent)).to.deep.equal([
      'Charged twice for one order',
      'Add, change or remove a payment method',
      "A charge you don't recognize",
    ]);
    help.context = '';
    await waitUntil(() => allInPanel(help, '[role="option"]').length === 0, 'the suggestions stayed without a context');
    await expect(help).to.be.accessible();
  });

  it('shows an error state and fires kotae-error for a tampered bundle', async () => {
    const help = await renderHelp({ src: TAMPERED });
    const failed = oneEvent(help, 'kotae-error');
    await help.open();
    const event = await failed;
    expect(event).to.be.instanceOf(KotaeErrorEvent);
    expect(event.phase).to.equal('load');
    expect(event.error.name).to.equal('BundleIntegrityError');
    expect(event.error.message).to.match(
      /^bundle file "sections\.en\.[0-9a-f]{16}\.json" has sha256 [0-9a-f]{64}, manifest says [0-9a-f]{64}$/,
    );
    await panelOf(help).updateComplete;
    expect(panelOf(help).status).to.equal('error');
    expect(inPanel(help, '.error')!.textContent).to.equal('Help could not be loaded. Please try again later.');
    await expect(help).to.be.accessible();
  });

  it('shows an error state for a bundle that is not there', async () => {
    const help = await renderHelp({ src: '/nowhere/manifest.json' });
    const failed = oneEvent(help, 'kotae-error');
    await help.open();
    expect((await failed).error.message).to.equal('/nowhere/manifest.json: HTTP 404');
  });

  it('is usable with the keyboard only, from the launcher back to the launcher', async () => {
    const help = await renderHelp();
    launcher(help).focus();
    await sendKeys({ press: 'Enter' });
    await waitUntil(() => help.shadowRoot!.querySelector('kotae-help-panel')?.status === 'ready', 'did not open');
    await waitUntil(() => deepActive() === inPanel(help, 'input'), 'focus did not move into the panel');
    const searched = oneEvent(help, 'kotae-search');
    await sendKeys({ type: 'cancel my order' });
    await searched;
    await sendKeys({ press: 'ArrowDown' });
    await panelOf(help).updateComplete;
    const input = inPanel(help, 'input')!;
    expect(input.getAttribute('aria-activedescendant')).to.equal('option-0');
    expect(inPanel(help, '#option-0')!.getAttribute('aria-selected')).to.equal('true');
    const article = oneEvent(help, 'kotae-article');
    await sendKeys({ press: 'Enter' });
    expect((await article).articleId).to.equal('cancel-order');
    await waitUntil(() => deepActive() === inPanel(help, '.article h2'), 'focus did not move to the article');
    await sendKeys({ press: 'Escape' });
    await waitUntil(() => !help.isOpen, 'Escape did not close');
    expect(deepActive()).to.equal(launcher(help));
  });

  it('opens with its hotkey only when one is set, and never while the user types elsewhere', async () => {
    const field = document.createElement('input');
    document.body.append(field);
    try {
      const plain = await renderHelp();
      document.body.focus();
      await sendKeys({ press: '/' });
      expect(plain.isOpen).to.equal(false);

      const help = await renderHelp({ hotkey: '/' });
      field.focus();
      await sendKeys({ press: '/' });
      expect(help.isOpen).to.equal(false);
      field.blur();
      await sendKeys({ press: '/' });
      await waitUntil(() => help.isOpen, 'the hotkey did not open the panel');
    } finally {
      field.remove();
    }
  });

  it('runs inline, without a launcher', async () => {
    const help = await renderHelp({ mode: 'inline' });
    // As long as openReady waits: the panel's module and the manifest load first, on a busy machine too.
    await waitUntil(() => help.shadowRoot!.querySelector('kotae-help-panel')?.status === 'ready', 'did not load', { timeout: 8000 });
    expect(launcher(help)).to.equal(null);
    expect(help.shadowRoot!.querySelector('[part="panel"]')!.getAttribute('role')).to.equal('region');
    await expect(help).to.be.accessible();
  });

  it('picks its language from the page and lets the host override any string', async () => {
    document.documentElement.lang = 'ja';
    try {
      const help = await renderHelp({ locale: '' });
      expect(launcher(help).textContent?.trim()).to.equal('ヘルプ');
      help.messages = { launcher: 'サポート' };
      await help.updateComplete;
      expect(launcher(help).textContent?.trim()).to.equal('サポート');
    } finally {
      document.documentElement.lang = '';
    }
  });

  it('search() and openArticle() drive the panel from the host', async () => {
    const help = await renderHelp();
    await help.search('promo code');
    await waitUntil(() => resultTitles(help).length > 0, 'no results');
    expect(resultTitles(help)[0]).to.equal('Promo code not working');
    await help.close();
    expect(help.isOpen).to.equal(false);
  });

  for (const [width, height, what] of [
    [320, 640, '320 px wide'],
    [640, 400, '200% zoom of a 1280×800 window'],
  ] as const) {
    it(`fits a ${what} viewport`, async () => {
      await setViewport({ width, height });
      try {
        const help = await renderHelp();
        await openReady(help);
        await typeQuery(help, 'refund');
        const frame = help.shadowRoot!.querySelector('[part="panel"]')!.getBoundingClientRect();
        expect(frame.left).to.be.at.least(0);
        expect(frame.right).to.be.at.most(width);
        expect(frame.top).to.be.at.least(0);
        expect(frame.bottom).to.be.at.most(height);
        const input = inPanel(help, 'input')!.getBoundingClientRect();
        expect(input.width).to.be.greaterThan(100);
        expect(document.documentElement.scrollWidth).to.be.at.most(width);
      } finally {
        await setViewport({ width: 800, height: 600 });
      }
    });
  }

  it('keeps the search and the loaded bundle when closed and reopened', async () => {
    const help = await renderHelp();
    await openReady(help);
    await typeQuery(help, 'refund');
    const panel = panelOf(help);
    const before = resultTitles(help);
    await help.close();
    await help.open();
    expect(panelOf(help)).to.equal(panel);
    expect(inPanel<HTMLInputElement>(help, 'input')!.value).to.equal('refund');
    expect(resultTitles(help)).to.deep.equal(before);
    // The same panel keeps its search worker, so the bundle is not fetched and verified again.
    expect(panelOf(help).status).to.equal('ready');
  });

  it('follows the host’s colour scheme unless its theme says otherwise', async () => {
    const background = (help: KotaeHelp) => getComputedStyle(help.shadowRoot!.querySelector('[part="panel"]')!).backgroundColor;
    try {
      await emulateMedia({ colorScheme: 'dark' });
      const auto = await renderHelp();
      await auto.open();
      expect(background(auto)).to.equal('rgb(29, 31, 36)');
      auto.theme = 'light';
      await auto.updateComplete;
      expect(background(auto)).to.equal('rgb(255, 255, 255)');
      await emulateMedia({ colorScheme: 'light' });
      auto.theme = 'auto';
      await auto.updateComplete;
      expect(background(auto)).to.equal('rgb(255, 255, 255)');
      auto.theme = 'dark';
      await auto.updateComplete;
      expect(background(auto)).to.equal('rgb(29, 31, 36)');
      auto.style.setProperty('--kotae-color-bg-dark', 'rgb(1, 2, 3)');
      expect(background(auto)).to.equal('rgb(1, 2, 3)');
    } finally {
      await emulateMedia({ colorScheme: 'light' });
    }
  });

  it('reads no cookies and no storage of the host page', async () => {
    const touched: string[] = [];
    const spy = (target: object, name: string) => {
      const original = Object.getOwnPropertyDescriptor(target, name)!;
      Object.defineProperty(target, name, {
        configurable: true,
        get() {
          touched.push(name);
          return original.get!.call(this);
        },
      });
      return () => Object.defineProperty(target, name, original);
    };
    const restore = [
      spy(Document.prototype, 'cookie'),
      spy(window, 'localStorage'),
      spy(window, 'sessionStorage'),
      spy(window, 'indexedDB'),
    ];
    try {
      const help = await renderHelp({ context: '/orders/42' });
      await openReady(help);
      await typeQuery(help, 'refund');
      inPanel(help, '[role="option"]')!.click();
      await waitUntil(() => inPanel(help, '.feedback'), 'no article');
      allInPanel<HTMLButtonElement>(help, '.choice')[0]!.click();
      await help.close();
    } finally {
      for (const undo of restore) undo();
    }
    expect(touched).to.deep.equal([]);
  });

  it('can be loaded twice without throwing', async () => {
    await import(/* @vite-ignore */ `../dist/index.js?again`);
    expect(customElements.get('kotae-help')).to.not.equal(undefined);
  });
});
