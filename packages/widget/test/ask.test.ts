import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import {
  KotaeAnswerEvent,
  KotaeAskEvent,
  KotaeErrorEvent,
  KotaeFeedbackEvent,
  KotaeRequestEscalateEvent,
  type KotaeHelp,
} from '../dist/index.js';
import { allInPanel, askQuestion, inPanel, openReady, panelOf, renderHelp } from './helpers.js';

/**
 * The Ask flow against real HTTP on loopback (test/server/answer-endpoints.mjs): the real answer
 * service over the example knowledge at /answer-service, and scripted streams at /scripted/….
 */
const SERVICE = '/answer-service';

// The page has loaded hundreds of modules by now; the default buffer of 250 resource timings
// would drop the ones the tests look for (which module the Ask code is loaded from, or not).
performance.setResourceTimingBufferSize(100_000);

/** A scripted endpoint of its own for one test: `/scripted/<scenario>/<token>`. */
function scripted(scenario: string): { endpoint: string; log: () => Promise<ScriptedRequest[]> } {
  const token = Math.random().toString(36).slice(2, 10);
  return {
    endpoint: `/scripted/${scenario}/${token}`,
    log: async () => (await fetch(`/scripted/log?token=${token}`)).json() as Promise<ScriptedRequest[]>,
  };
}

/** What the scripted endpoint saw of one request. */
interface ScriptedRequest {
  readonly route: string;
  readonly body: unknown;
  readonly lastEventId?: string;
  readonly clientLeft: boolean;
}

/** What the real service recorded (interactions and feedback). */
async function serviceRecords(): Promise<Array<Record<string, unknown>>> {
  return (await fetch('/answer-records')).json() as Promise<Array<Record<string, unknown>>>;
}

const answerText = (help: KotaeHelp) => inPanel(help, '.answer .text')!;
const paragraphs = (help: KotaeHelp) => allInPanel(help, '.answer .text p').map((p) => p.textContent?.trim());
const note = (help: KotaeHelp) => inPanel(help, '.answer .note')?.textContent;

/** The element that has focus, looking through shadow roots. */
function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Opens a widget on `endpoint`, asks `query` and waits until the answer is complete. */
async function answered(endpoint: string, query: string, locale = 'en'): Promise<{ help: KotaeHelp; done: KotaeAnswerEvent }> {
  const help = await renderHelp({ endpoint, locale });
  await openReady(help);
  const done = oneEvent(help, 'kotae-answer');
  await askQuestion(help, query);
  const event = await done;
  await panelOf(help).updateComplete;
  return { help, done: event };
}

describe('Ask', () => {
  // First in the file, so that nothing has loaded the Ask code yet.
  it('has no Ask option and loads no Ask code without an endpoint', async () => {
    const help = await renderHelp();
    await openReady(help);
    let asked = false;
    help.addEventListener('kotae-ask', () => (asked = true));
    await askQuestion(help, 'where is my refund');
    await waitUntil(() => allInPanel(help, '[role="option"]').length > 0, 'no results');
    expect(inPanel(help, '.ask')).to.equal(null);
    expect(allInPanel(help, '[role="option"] .title').some((o) => /^Ask “/.test(o.textContent ?? ''))).to.equal(false);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(asked).to.equal(false);
    expect(inPanel(help, '.answer')).to.equal(null);
    const loaded = performance.getEntriesByType('resource').map((r) => r.name);
    expect(loaded.filter((name) => /answer-view|mini-markdown|answer-client/.test(name))).to.deep.equal([]);
  });

  it('offers to ask the typed question, and shows the service’s answer with its sources and citations', async () => {
    const help = await renderHelp({ endpoint: SERVICE });
    await openReady(help);
    const input = inPanel<HTMLInputElement>(help, 'input')!;
    input.value = 'how do I return an item and get a refund';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await panelOf(help).updateComplete;
    const option = inPanel(help, '[role="option"] .ask')!;
    expect(option.textContent).to.equal('Ask “how do I return an item and get a refund”');
    await expect(help).to.be.accessible();

    const asked = oneEvent(help, 'kotae-ask');
    const done = oneEvent(help, 'kotae-answer');
    option.click();
    const ask = await asked;
    expect(ask).to.be.instanceOf(KotaeAskEvent);
    expect([ask.query, ask.locale]).to.deep.equal(['how do I return an item and get a refund', 'en']);
    const answer = await done;
    expect(answer).to.be.instanceOf(KotaeAnswerEvent);
    expect([answer.mode, answer.grounded, answer.query]).to.deep.equal(['extractive', true, 'how do I return an item and get a refund']);
    expect(answer.interactionId).to.match(/^[0-9a-f-]{36}$/);
    // The Ask code is its own module, loaded once there is an endpoint.
    expect(performance.getEntriesByType('resource').some((r) => /\/answer-view\.js(\?|$)/.test(r.name))).to.equal(true);
    await panelOf(help).updateComplete;

    expect(inPanel(help, '.answer h2')!.textContent).to.equal('how do I return an item and get a refund');
    // Two passages (at most two sources), two deltas: each passage ends citing its source. A
    // how-do-I question gets the steps: checking a refund, then starting the return.
    expect(allInPanel(help, '.answer .text .cite').map((c) => c.textContent)).to.deep.equal(['[1]', '[2]']);
    const items = allInPanel(help, '.answer .text li');
    expect(items[0]!.textContent).to.match(/^Go to Orders and open the order\./);
    expect(answerText(help).getAttribute('aria-busy')).to.equal('false');
    expect(allInPanel(help, '.answer .sources button').map((b) => b.textContent?.trim())).to.deep.equal([
      "When you'll get your refund",
      'Return an item',
    ]);
    expect(inPanel(help, '.cite')!.getAttribute('aria-label')).to.equal("Source 1: When you'll get your refund");
    expect(inPanel(help, '.answer .stop')).to.equal(null);
    expect(inPanel(help, '.answer .feedback #feedback-question')!.textContent).to.equal('Did this solve your problem?');
    // The whole answer was announced, sentence by sentence, in a polite live region.
    const spoken = allInPanel(help, '.answer [aria-live="polite"] p').map((p) => p.textContent);
    expect(spoken.join(' ')).to.contain('Go to Orders and open the order.');
    await expect(help).to.be.accessible();
  });

  it('opens the cited article from [n], and Back returns to the answer', async () => {
    const { help } = await answered(SERVICE, 'how do I return an item and get a refund');
    const opened = oneEvent(help, 'kotae-article');
    allInPanel<HTMLButtonElement>(help, '.cite')[1]!.click();
    const article = await opened;
    expect([article.articleId, article.query]).to.deep.equal(['return-an-item', 'how do I return an item and get a refund']);
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.article h2')!.textContent).to.equal('Return an item');
    expect(inPanel(help, '.article .back')!.textContent).to.equal('← Back to the answer');
    await expect(help).to.be.accessible();
    inPanel<HTMLButtonElement>(help, '.article .back')!.click();
    await waitUntil(() => inPanel(help, '.answer'), 'not back at the answer');
    expect(allInPanel(help, '.answer .text li')).to.have.length(11);
    await waitUntil(() => deepActive() === inPanel(help, '.answer h2'), 'focus did not return to the answer');
  });

  it('opens a source from the list under the answer', async () => {
    const { help } = await answered(SERVICE, 'how do I return an item and get a refund');
    const opened = oneEvent(help, 'kotae-article');
    allInPanel<HTMLButtonElement>(help, '.answer .sources button')[0]!.click();
    expect((await opened).articleId).to.equal('refund-timing');
  });

  it('posts "Yes" to /v1/feedback, where the service records it', async () => {
    const { help, done } = await answered(SERVICE, 'How do I cancel my order?');
    const sent = oneEvent(help, 'kotae-feedback');
    allInPanel<HTMLButtonElement>(help, '.answer .choice')[0]!.click();
    const event = await sent;
    expect(event).to.be.instanceOf(KotaeFeedbackEvent);
    expect([event.articleId, event.helpful, event.query, event.interactionId]).to.deep.equal([
      '',
      true,
      'How do I cancel my order?',
      done.interactionId,
    ]);
    let feedback: Record<string, unknown> | undefined;
    await waitUntil(async () => {
      feedback = (await serviceRecords()).find((r) => r.kind === 'feedback' && r.interactionId === done.interactionId);
      return feedback;
    }, 'the service recorded no feedback');
    expect({ ...feedback, at: undefined }).to.deep.equal({
      kind: 'feedback',
      interactionId: done.interactionId,
      at: undefined,
      helpful: true,
      resolved: true,
    });
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.answer .feedback [role="status"]')!.textContent).to.equal('Thanks for letting us know.');
    await expect(help).to.be.accessible();
  });

  it('posts "No" to /v1/feedback and offers a human', async () => {
    const { help, done } = await answered(SERVICE, 'How do I cancel my order?');
    allInPanel<HTMLButtonElement>(help, '.answer .choice')[1]!.click();
    await waitUntil(async () => (await serviceRecords()).some((r) => r.kind === 'feedback' && r.interactionId === done.interactionId));
    const feedback = (await serviceRecords()).find((r) => r.kind === 'feedback' && r.interactionId === done.interactionId)!;
    expect([feedback.helpful, feedback.resolved]).to.deep.equal([false, false]);
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.answer .contact')!.textContent?.trim()).to.equal('Contact support');
    await expect(help).to.be.accessible();
  });

  it('says it does not know, without sources or feedback, and the escalation carries the interaction and the question', async () => {
    const { help, done } = await answered(SERVICE, 'What is the capital of France?');
    expect([done.mode, done.grounded]).to.deep.equal(['refusal', false]);
    expect(paragraphs(help)).to.deep.equal([
      "I don't know — I couldn't find guidance that answers this. Contact support and a person will help you.",
    ]);
    expect(inPanel(help, '.answer .sources')).to.equal(null);
    expect(inPanel(help, '.answer .feedback')).to.equal(null);
    await expect(help).to.be.accessible();
    help.addEventListener('kotae-request-escalate', (e) => e.preventDefault(), { once: true });
    const escalated = oneEvent(help, 'kotae-request-escalate');
    inPanel<HTMLButtonElement>(help, '.answer .contact')!.click();
    const event = await escalated;
    expect(event).to.be.instanceOf(KotaeRequestEscalateEvent);
    expect([event.query, event.interactionId, event.locale]).to.deep.equal(['What is the capital of France?', done.interactionId, 'en']);
    // The service has the interaction the host would give to POST /v1/escalations.
    const records = await serviceRecords();
    expect(records.find((r) => r.kind === 'interaction' && r.id === done.interactionId)).to.include({ mode: 'refusal' });
  });

  it('answers in Japanese with Japanese UI strings', async () => {
    const help = await renderHelp({ endpoint: SERVICE, locale: 'ja' });
    await openReady(help);
    const input = inPanel<HTMLInputElement>(help, 'input')!;
    input.value = '注文をキャンセルしたい';
    input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
    await panelOf(help).updateComplete;
    expect(inPanel(help, '.ask')!.textContent).to.equal('「注文をキャンセルしたい」を質問する');
    const done = oneEvent(help, 'kotae-answer');
    await askQuestion(help, '注文をキャンセルしたい');
    expect((await done).locale).to.equal('ja');
    await panelOf(help).updateComplete;
    // Each procedure comes whole, in order, as a list, citing its source at the end: the
    // cancellation steps, then the second source's (changing a size by cancelling and reordering).
    const steps = allInPanel(help, '.answer .text li').map((li) => li.textContent);
    expect(steps).to.have.length(6);
    expect(steps[0]).to.match(/^「マイページ」→「注文履歴」を開き、/);
    expect(steps[2]).to.match(/\[1\]$/);
    expect(steps[5]).to.match(/\[2\]$/);
    expect(inPanel(help, '.answer h3')!.textContent).to.equal('参照した記事');
    expect(inPanel(help, '.cite')!.getAttribute('aria-label')).to.equal('出典1: 注文のキャンセル');
    expect(inPanel(help, '.answer')!.getAttribute('lang')).to.equal('ja');
    await expect(help).to.be.accessible();
  });

  for (const [query, locale] of [
    ['I want to talk to a human', 'en'],
    ['担当者と話したい', 'ja'],
  ] as const) {
    it(`opens the way to support instead of a passage when asked for a person ("${query}")`, async () => {
      const { help, done } = await answered(SERVICE, query, locale);
      expect([done.mode, done.act, done.grounded]).to.deep.equal(['act', 'handoff', false]);
      // The service's short reply, and the contact button: no passage, no sources, no "did this solve it?".
      expect(inPanel(help, '.answer .cite')).to.equal(null);
      expect(inPanel(help, '.answer .sources')).to.equal(null);
      expect(inPanel(help, '.answer .feedback')).to.equal(null);
      const contact = inPanel<HTMLButtonElement>(help, '.answer .contact')!;
      expect(contact.textContent).to.equal(locale === 'ja' ? 'サポートに問い合わせる' : 'Contact support');
      await expect(help).to.be.accessible();
      help.addEventListener('kotae-request-escalate', (e) => e.preventDefault(), { once: true });
      const escalated = oneEvent(help, 'kotae-request-escalate');
      contact.click();
      const event = await escalated;
      expect([event.query, event.interactionId]).to.deep.equal([query, done.interactionId]);
      const records = await serviceRecords();
      expect(records.find((r) => r.kind === 'interaction' && r.id === done.interactionId)).to.include({ mode: 'act', act: 'handoff' });
    });
  }

  it('answers an English question on a Japanese page from the English article, badged with its language', async () => {
    const { help, done } = await answered(SERVICE, 'I forgot my password and cannot sign in', 'ja');
    expect([done.mode, done.locale]).to.deep.equal(['extractive', 'ja']);
    expect(inPanel(help, '.answer')!.getAttribute('lang')).to.equal('en');
    const source = inPanel(help, '.answer .sources li')!;
    expect(source.querySelector('button')!.getAttribute('lang')).to.equal('en');
    expect(source.querySelector('.lang')!.textContent).to.equal('英語');
    await expect(help).to.be.accessible();
  });

  it('badges no source that is in the page’s language', async () => {
    const { help } = await answered(SERVICE, 'where is my refund', 'en');
    expect(inPanel(help, '.answer .sources li')).to.not.equal(null);
    expect(inPanel(help, '.answer .sources .lang')).to.equal(null);
  });

  it('resumes a dropped stream with the last event id as received, and shows the text exactly once', async () => {
    const { endpoint, log } = scripted('drop');
    const { help, done } = await answered(endpoint, 'how long do refunds take');
    expect(done.mode).to.equal('openai');
    expect(paragraphs(help)).to.deep.equal(['Refunds reach your card within 5 business days [1].', 'To cancel an order instead, see [2].']);
    expect(inPanel(help, '.answer .text strong')!.textContent).to.equal('5 business days');
    expect(allInPanel(help, '.cite').map((c) => (c as HTMLButtonElement).value)).to.deep.equal(['refund-timing', 'cancel-order']);
    const requests = await log();
    expect(requests.map((r) => [r.route, r.lastEventId])).to.deep.equal([
      ['answer', undefined],
      // The id of the last complete event, byte for byte (a numeric reading would lose the 0).
      ['answer', `q_${endpoint.split('/').at(-1)}-A.02`],
    ]);
    expect(requests[1]!.body).to.deep.equal(requests[0]!.body);
    expect(requests[0]!.body).to.deep.equal({ query: 'how long do refunds take', locale: 'en' });
  });

  it('streams into a busy answer with Stop; Stop aborts, the server sees the client leave, the text stays', async () => {
    const { endpoint, log } = scripted('slow');
    const help = await renderHelp({ endpoint });
    await openReady(help);
    await askQuestion(help, 'how long do refunds take');
    await waitUntil(() => paragraphs(help)[0] === 'Refunds reach your card', 'the first delta did not show');
    expect(answerText(help).getAttribute('aria-busy')).to.equal('true');
    const stop = inPanel<HTMLButtonElement>(help, '.answer .stop')!;
    expect(stop.textContent).to.equal('Stop');
    await expect(help).to.be.accessible();
    let answered = false;
    help.addEventListener('kotae-answer', () => (answered = true));
    stop.focus();
    stop.click();
    await panelOf(help).updateComplete;
    expect(note(help)).to.equal('Answer stopped.');
    expect(inPanel(help, '.answer .stop')).to.equal(null);
    expect(paragraphs(help)).to.deep.equal(['Refunds reach your card']);
    expect(answerText(help).getAttribute('aria-busy')).to.equal('false');
    // Focus does not fall to the page with the Stop button gone.
    await waitUntil(() => deepActive() === inPanel(help, '.answer .retry'), 'focus did not move to Retry');
    await waitUntil(async () => (await log())[0]?.clientLeft, 'the server did not see the client leave');
    expect(answered).to.equal(false);
    await expect(help).to.be.accessible();
  });

  it('stops a streaming answer the user leaves', async () => {
    const { endpoint, log } = scripted('slow');
    const help = await renderHelp({ endpoint });
    await openReady(help);
    let answered = false;
    help.addEventListener('kotae-answer', () => (answered = true));
    await askQuestion(help, 'how long do refunds take');
    await waitUntil(() => paragraphs(help)[0] === 'Refunds reach your card', 'the first delta did not show');
    inPanel<HTMLButtonElement>(help, '.answer .back')!.click();
    await waitUntil(() => inPanel(help, '.answer') === null, 'still on the answer');
    await waitUntil(async () => (await log())[0]?.clientLeft, 'the server did not see the client leave');
    expect(answered).to.equal(false);
  });

  it('shows an error event as an error, fires kotae-error, and Retry asks again', async () => {
    const { endpoint, log } = scripted('error');
    const help = await renderHelp({ endpoint });
    await openReady(help);
    const failed = oneEvent(help, 'kotae-error');
    await askQuestion(help, 'how long do refunds take');
    const event = await failed;
    expect(event).to.be.instanceOf(KotaeErrorEvent);
    expect(event.phase).to.equal('answer');
    expect([event.error.name, event.error.message]).to.deep.equal(['AnswerError', 'the answer could not be completed']);
    await panelOf(help).updateComplete;
    expect(note(help)).to.equal('No answer could be had right now.');
    expect(inPanel(help, '.answer .contact')!.textContent?.trim()).to.equal('Contact support');
    expect(inPanel(help, '.answer .feedback')).to.equal(null);
    await expect(help).to.be.accessible();
    const again = oneEvent(help, 'kotae-ask');
    const failedAgain = oneEvent(help, 'kotae-error');
    inPanel<HTMLButtonElement>(help, '.answer .retry')!.click();
    expect((await again).query).to.equal('how long do refunds take');
    await failedAgain;
    expect((await log()).filter((r) => r.route === 'answer')).to.have.length(2);
  });

  it('tells the user how long to wait after a 429', async () => {
    const { endpoint } = scripted('rate');
    const help = await renderHelp({ endpoint });
    await openReady(help);
    const failed = oneEvent(help, 'kotae-error');
    await askQuestion(help, 'how long do refunds take');
    const error = (await failed).error as Error & { status?: number; retryAfter?: number; code?: string };
    expect([error.code, error.status, error.retryAfter]).to.deep.equal(['rate_limited', 429, 7]);
    await panelOf(help).updateComplete;
    expect(note(help)).to.equal('Too many questions right now. Try again in 7 s.');
    expect(inPanel(help, '.answer .retry')).not.to.equal(null);
    await expect(help).to.be.accessible();
  });

  it('replaces the text so far on a reset delta', async () => {
    const { endpoint } = scripted('reset');
    const { help, done } = await answered(endpoint, 'how long do refunds take');
    expect(done.mode).to.equal('fallback');
    expect(paragraphs(help)).to.deep.equal(['Refunds reach your card within 5 business days. [1]']);
    expect(answerText(help).textContent).not.to.contain('thirty');
    // Only what the final answer cites is listed.
    expect(allInPanel(help, '.answer .sources button').map((b) => b.textContent?.trim())).to.deep.equal(["When you'll get your refund"]);
    const spoken = allInPanel(help, '.answer [aria-live="polite"] p').map((p) => p.textContent);
    expect(spoken.join(' ')).not.to.contain('thirty');
    await expect(help).to.be.accessible();
  });

  it('asks with the keyboard: Enter with no row chosen, and focus moves to the answer', async () => {
    const help = await renderHelp({ endpoint: SERVICE });
    await openReady(help);
    const done = oneEvent(help, 'kotae-answer');
    await askQuestion(help, 'How do I cancel my order?');
    await done;
    await waitUntil(() => deepActive() === inPanel(help, '.answer h2'), 'focus did not move to the answer');
    inPanel<HTMLButtonElement>(help, '.answer .back')!.click();
    await waitUntil(() => deepActive() === inPanel(help, 'input'), 'Back did not return to the search');
    expect(inPanel(help, '.answer')).to.equal(null);
  });
});
