import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import { setViewport } from '@web/test-runner-commands';
import { KotaeErrorEvent, KotaeEscalatedEvent, type KotaeHelp } from '../dist/index.js';
import type { KotaeContactForm } from '../dist/components/kotae-contact-form/kotae-contact-form.js';
import { askQuestion, inPanel, openReady, panelOf, renderHelp, typeQuery } from './helpers.js';

/**
 * The contact form against real HTTP on loopback (test/server/answer-endpoints.mjs): the real
 * answer service at /answer-service, and scripted escalation answers at /scripted/{down,flaky,ok}/….
 */
const SERVICE = '/answer-service';

function scripted(scenario: 'down' | 'flaky' | 'ok') {
  const token = Math.random().toString(36).slice(2, 10);
  return {
    endpoint: `/scripted/${scenario}/${token}`,
    posts: async () =>
      ((await (await fetch(`/scripted/log?token=${token}`)).json()) as { route: string; body: Record<string, unknown> }[]).filter(
        (e) => e.route === 'escalations',
      ),
  };
}

/** The form inside the panel, and a query inside its shadow root. */
const formOf = (help: KotaeHelp) => inPanel<KotaeContactForm>(help, 'kotae-contact-form');
const inForm = <T extends Element = HTMLElement>(help: KotaeHelp, selector: string) =>
  formOf(help)?.shadowRoot?.querySelector<T>(selector) ?? null;

function deepActive(): Element | null {
  let active: Element | null = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active;
}

/** Searches for something the example knowledge does not have, and opens the form from "Nothing found". */
async function openFromNothingFound(endpoint: string, locale = 'en'): Promise<KotaeHelp> {
  const help = await renderHelp({ endpoint, locale });
  await openReady(help);
  await typeQuery(help, 'xylophone zeppelin');
  inPanel<HTMLButtonElement>(help, '.contact')!.click();
  await waitUntil(() => inForm(help, 'h3'), 'the contact form did not open');
  await formOf(help)!.updateComplete;
  return help;
}

async function settled(help: KotaeHelp, state: string): Promise<void> {
  await waitUntil(() => formOf(help)?.state === state, `the form did not become ${state}`, { timeout: 8000 });
  await formOf(help)!.updateComplete;
}

describe('<kotae-contact-form>', () => {
  it('opens in the widget with the question prefilled, focuses its heading, and is accessible', async () => {
    const { endpoint } = scripted('ok');
    const help = await openFromNothingFound(endpoint);
    expect(inForm<HTMLTextAreaElement>(help, 'textarea')!.value).to.equal('xylophone zeppelin');
    expect(deepActive()).to.equal(inForm(help, 'h3'));
    expect(inForm(help, 'h3')!.textContent).to.equal('Write to support');
    expect(inForm(help, 'label[for="email"]')!.textContent).to.equal('Email for a reply (optional)');
    // No answer, no conversation to attach.
    expect(inForm(help, 'input[type="checkbox"]')).to.equal(null);
    await expect(help).to.be.accessible();
  });

  it('checks the email before sending: an error under the field, focus on it, nothing posted', async () => {
    const { endpoint, posts } = scripted('ok');
    const help = await openFromNothingFound(endpoint);
    inForm<HTMLInputElement>(help, '#email')!.value = 'not an address';
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    await waitUntil(() => inForm(help, '#email-error'), 'no email error');
    expect(inForm(help, '#email-error')!.textContent).to.equal('Enter an address like name@example.com, or none.');
    expect(inForm(help, '#email')!.getAttribute('aria-invalid')).to.equal('true');
    expect(inForm(help, '#email')!.getAttribute('aria-describedby')).to.equal('email-error');
    expect(deepActive()).to.equal(inForm(help, '#email'));
    expect(formOf(help)!.state).to.equal('editing');
    expect(await posts()).to.deep.equal([]);
    await expect(help).to.be.accessible();
  });

  it('says sent only after the service acknowledged it, and fires kotae-escalated', async () => {
    const { endpoint, posts } = scripted('ok');
    const help = await openFromNothingFound(endpoint);
    inForm<HTMLTextAreaElement>(help, 'textarea')!.value = 'I need a xylophone for my zeppelin';
    inForm<HTMLInputElement>(help, '#email')!.value = 'hanako@example.com';
    const escalated = oneEvent(help, 'kotae-escalated');
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    const event = await escalated;
    expect(event).to.be.instanceOf(KotaeEscalatedEvent);
    expect(event.escalationId).to.match(/^esc-/);
    await settled(help, 'sent');
    expect(inForm(help, '[role="status"]')!.textContent!.trim()).to.equal('Sent. Support will reply to hanako@example.com.');
    expect(deepActive()).to.equal(inForm(help, '[role="status"]'));
    expect((await posts()).map((p) => p.body)).to.deep.equal([
      {
        message: 'I need a xylophone for my zeppelin',
        question: 'xylophone zeppelin',
        contact: { email: 'hanako@example.com' },
        reason: 'no-results',
        locale: 'en',
      },
    ]);
    await expect(help).to.be.accessible();
  });

  it('says so when sending fails, keeps the text, and sends again on Try again', async () => {
    const { endpoint, posts } = scripted('flaky');
    const help = await openFromNothingFound(endpoint);
    inForm<HTMLTextAreaElement>(help, 'textarea')!.value = 'Please call me';
    const failed = oneEvent(help, 'kotae-error');
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    const error = await failed;
    expect(error).to.be.instanceOf(KotaeErrorEvent);
    expect([error.phase, error.error.message]).to.deep.equal(['escalate', 'the service is restarting']);
    await settled(help, 'failed');
    expect(inForm(help, '[role="status"]')!.textContent!.trim()).to.equal('Not sent. Your message is still here.');
    expect(inForm<HTMLTextAreaElement>(help, 'textarea')!.value).to.equal('Please call me');
    expect(inForm(help, 'button[type="submit"]')!.textContent).to.equal('Try again');
    await expect(help).to.be.accessible();
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    await settled(help, 'sent');
    expect(inForm(help, '[role="status"]')!.textContent!.trim()).to.equal('Sent. Support has your message.');
    expect((await posts()).map((p) => p.body['message'])).to.deep.equal(['Please call me', 'Please call me']);
  });

  it('never says sent when the service stays down', async () => {
    const { endpoint } = scripted('down');
    const help = await openFromNothingFound(endpoint);
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    await settled(help, 'failed');
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    await settled(help, 'failed');
    expect(panelOf(help).shadowRoot!.textContent).not.to.contain('Sent.');
  });

  it('Cancel closes the form and gives focus back to Contact support', async () => {
    const { endpoint } = scripted('ok');
    const help = await openFromNothingFound(endpoint);
    [...formOf(help)!.shadowRoot!.querySelectorAll<HTMLButtonElement>('button')].find((b) => b.textContent === 'Cancel')!.click();
    await waitUntil(() => !formOf(help), 'the form did not close');
    await panelOf(help).updateComplete;
    expect(deepActive()).to.equal(inPanel(help, '.contact'));
  });

  it('does not open when the host handles the escalation itself', async () => {
    const { endpoint } = scripted('ok');
    const help = await renderHelp({ endpoint });
    await openReady(help);
    await typeQuery(help, 'xylophone zeppelin');
    help.addEventListener('kotae-request-escalate', (e) => e.preventDefault(), { once: true });
    const asked = oneEvent(help, 'kotae-request-escalate');
    inPanel<HTMLButtonElement>(help, '.contact')!.click();
    await asked;
    await panelOf(help).updateComplete;
    expect(formOf(help)).to.equal(null);
  });

  it('files the escalation of an answer with the real service, attaching the conversation only with consent (ja)', async () => {
    const help = await renderHelp({ endpoint: SERVICE, locale: 'ja' });
    await openReady(help);
    const done = oneEvent(help, 'kotae-answer');
    await askQuestion(help, '株価の予想を教えて');
    const { interactionId } = await done;
    await waitUntil(() => inPanel(help, '.answer .contact'), 'no contact button');
    inPanel<HTMLButtonElement>(help, '.answer .contact')!.click();
    await waitUntil(() => inForm(help, 'h3'), 'the contact form did not open');
    await formOf(help)!.updateComplete;
    expect(inForm(help, 'h3')!.textContent).to.equal('サポートに連絡');
    expect(inForm<HTMLTextAreaElement>(help, 'textarea')!.value).to.equal('株価の予想を教えて');
    inForm<HTMLInputElement>(help, 'input[type="checkbox"]')!.click();
    await expect(help).to.be.accessible();
    inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
    await settled(help, 'sent');
    expect(inForm(help, '[role="status"]')!.textContent!.trim()).to.equal('送信しました。サポートが受け付けました。');
    const records = (await (await fetch('/answer-records')).json()) as Record<string, unknown>[];
    const filed = records.find((r) => r['kind'] === 'escalation' && r['interactionId'] === interactionId)!;
    expect([filed['stage'], filed['reason'], filed['attachConversation'], filed['message']]).to.deep.equal([
      'filed',
      'no-answer',
      true,
      '株価の予想を教えて',
    ]);
  });
  it('shows Send without scrolling in a desktop panel, under an answer and an email error', async () => {
    for (const [width, height] of [
      [1366, 657],
      [1280, 720],
      [1000, 800],
    ] as const) {
      await setViewport({ width, height });
      const help = await renderHelp({ endpoint: SERVICE });
      await openReady(help);
      const done = oneEvent(help, 'kotae-answer');
      await askQuestion(help, 'What is the capital of France?');
      await done;
      await waitUntil(() => inPanel(help, '.answer .contact'), 'no contact button');
      inPanel<HTMLButtonElement>(help, '.answer .contact')!.click();
      await waitUntil(() => inForm(help, 'h3'), 'the contact form did not open');
      inForm<HTMLInputElement>(help, '#email')!.value = 'hanako@example';
      inForm<HTMLButtonElement>(help, 'button[type="submit"]')!.click();
      await waitUntil(() => inForm(help, '#email-error'), 'no email error');
      // The panel's scroll area is where the user sees it: Send lies wholly inside it.
      const area = inPanel(help, '.body')!.getBoundingClientRect();
      const send = inForm(help, 'button[type="submit"]')!.getBoundingClientRect();
      expect(send.height, `${width}×${height}`).to.be.greaterThan(0);
      expect(
        send.top >= area.top && send.bottom <= area.bottom,
        `${width}×${height}: Send at ${send.top}–${send.bottom}, area ${area.top}–${area.bottom}`,
      ).to.equal(true);
      help.remove();
    }
    await setViewport({ width: 800, height: 600 });
  });
});
