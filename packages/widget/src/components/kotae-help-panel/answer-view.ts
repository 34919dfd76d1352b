import type { AnswerDone, AnswerSource } from '@kotae/knowledge';
import { html, nothing, type ReactiveController, type ReactiveControllerHost, type TemplateResult } from 'lit';
import { KotaeAnswerEvent, KotaeAskEvent, KotaeErrorEvent, KotaeFeedbackEvent } from '../../events/events.js';
import { format, type KotaeMessages } from '../../i18n/messages.js';
import { AnswerError, postFeedback, streamAnswer, type AnswerEvent, type AnswerRequest } from '../../internal/answer-client.js';
import type { renderMarkdown } from '../../render/render-markdown.js';
// The contact form posts to the same answer service: one lazy chunk for everything an `endpoint` brings.
import '../kotae-contact-form/kotae-contact-form.js';

/** What the answer view needs of the panel it is in. */
export interface AnswerHost extends ReactiveControllerHost, EventTarget {
  readonly renderRoot: HTMLElement | DocumentFragment;
  readonly messages: KotaeMessages;
  /** Base URL of the answer service. */
  readonly endpoint: string;
  /** The bundle's manifest URL and the extra image origins: images in answers follow the articles' rules. */
  readonly src: string;
  readonly imageOrigins: readonly string[];
  showArticle(articleId: string, query: string): Promise<void>;
}

/** Where an asked answer is. */
export type AnswerStatus = 'waiting' | 'streaming' | 'done' | 'stopped' | 'error';

/**
 * The markdown renderer (with the sanitizer, DOMPurify): loaded with the first question, not with
 * the Ask flow, so a panel where nobody asks never downloads it.
 */
let renderer: Promise<typeof renderMarkdown> | undefined;
const loadRenderer = () =>
  (renderer ??= import('../../render/render-markdown.js').then(
    (m) => m.renderMarkdown,
    (error: unknown) => {
      renderer = undefined; // offline for a moment: the next question tries again
      throw error;
    },
  ));

const lang = (locale: string) => locale.split(/[-_]/)[0]!.toLowerCase();

/** Sentence ends: an ASCII one before a space, a CJK one anywhere, a line break. */
const SPOKEN = /^[\s\S]*(?:[.!?](?=\s)|[。！？\n])/;

/**
 * The Ask flow of the panel (a lazy chunk, loaded on the first ask): posts the question to the
 * answer service and shows the answer as it streams — its markdown rendered again from the
 * whole text after every piece (`renderMarkdown()`: never sanitized fragments glued together),
 * `[n]` citations as buttons that open the cited article, the sources, a Stop button. Whole
 * sentences are announced in a polite live region as they complete, so a screen reader does not
 * re-read the answer on every piece; the answer itself is `aria-busy` while it streams.
 */
export class AnswerView implements ReactiveController {
  status: AnswerStatus = 'waiting';
  request: AnswerRequest | undefined;
  sources: AnswerSource[] = [];
  /** The numbers of the sources the answer cites, once its `citations` came. */
  cited: number[] | undefined;
  done: AnswerDone | undefined;
  error: Error | undefined;
  feedback: 'yes' | 'no' | undefined;

  readonly #host: AnswerHost;
  readonly #body = document.createElement('div');
  #text = '';
  #spoken: string[] = [];
  #spokenTo = 0;
  #abort: AbortController | undefined;

  constructor(host: AnswerHost) {
    this.#host = host;
    host.addController(this);
  }

  hostDisconnected(): void {
    this.#abort?.abort();
  }

  /** Asks `request.query`; a question still streaming is abandoned. */
  async ask(request: AnswerRequest): Promise<void> {
    this.#abort?.abort();
    const abort = (this.#abort = new AbortController());
    this.request = request;
    this.status = 'waiting';
    this.sources = [];
    this.cited = this.done = this.error = this.feedback = undefined;
    this.#text = '';
    this.#spoken = [];
    this.#spokenTo = 0;
    this.#body.replaceChildren();
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new KotaeAskEvent(request.query, request.locale));
    try {
      this.#renderMarkdown = await loadRenderer();
      if (abort.signal.aborted) return;
      await streamAnswer(this.#host.endpoint, request, (event) => abort.signal.aborted || this.#on(event), abort.signal);
    } catch (error) {
      // Stopped, or a newer question took over: nothing failed.
      if (abort.signal.aborted) return;
      this.error = error instanceof Error ? error : new Error(String(error));
      this.#settle('error', this.#errorMessage());
      this.#host.dispatchEvent(new KotaeErrorEvent(this.error, 'answer'));
    }
  }

  /** Stops the answer while it streams (nothing otherwise); what came so far stays. */
  stop = (): void => {
    if (this.status !== 'waiting' && this.status !== 'streaming') return;
    this.#abort?.abort();
    this.#settle('stopped', this.#host.messages.stopped);
  };

  /** Answers "Did this solve your problem?": fires `kotae-feedback` and posts it to `/v1/feedback`. */
  async sendFeedback(helpful: boolean): Promise<void> {
    const { query, locale } = this.request!;
    const { interactionId } = this.done!;
    this.feedback = helpful ? 'yes' : 'no';
    this.#host.requestUpdate();
    this.#host.dispatchEvent(new KotaeFeedbackEvent('', helpful, locale, query, interactionId));
    try {
      await postFeedback(this.#host.endpoint, { interactionId, helpful, resolved: helpful });
    } catch (error) {
      this.#host.dispatchEvent(new KotaeErrorEvent(error as Error, 'feedback'));
    }
  }

  /** The answer's part of the panel: question, Stop, the text, sources, and how it ended. */
  render(): TemplateResult {
    const m = this.#host.messages;
    const streaming = this.status === 'waiting' || this.status === 'streaming';
    const cited = this.cited;
    const sources = this.done?.mode === 'refusal' ? [] : this.sources.filter((s) => !cited || cited.includes(s.n));
    // A source in another language than the page's says which, in the page's language.
    const page = this.request?.locale ?? 'en';
    const other = (locale: string | undefined) =>
      locale && lang(locale) !== lang(page) ? new Intl.DisplayNames([page], { type: 'language' }).of(lang(locale)) : undefined;
    return html`<h2 tabindex="-1">${this.request?.query}</h2>
      ${streaming ? html`<button class="stop" type="button" @click=${this.stop}>${m.stop}</button>` : nothing}
      ${this.status === 'waiting' ? html`<p class="empty">${m.answering}</p>` : nothing}
      <div class="text" aria-busy=${streaming ? 'true' : 'false'} @click=${this.#onCite}>${this.#body}</div>
      <div class="sr-only" aria-live="polite">${this.#spoken.map((sentence) => html`<p>${sentence}</p>`)}</div>
      ${
        this.status === 'stopped' || this.status === 'error'
          ? html`<p class="note">${this.status === 'error' ? this.#errorMessage() : m.stopped}</p>
              <button class="retry" type="button" @click=${() => void this.ask(this.request!)}>${m.retry}</button>`
          : nothing
      }
      ${
        sources.length > 0
          ? html`<h3 id="sources">${m.sources}</h3>
              <ol class="sources" aria-labelledby="sources">
                ${sources.map(
                  (s) =>
                    html`<li value=${s.n}>
                      <button
                        type="button"
                        lang=${s.locale ?? nothing}
                        @click=${() => void this.#host.showArticle(s.articleId, this.request!.query)}
                      >
                        ${s.title}
                      </button>
                      ${other(s.locale) ? html`<span class="lang" part="source-language">${other(s.locale)}</span>` : nothing}
                    </li>`,
                )}
              </ol>`
          : nothing
      }`;
  }

  #on(event: AnswerEvent): void {
    if (event.name === 'sources') this.sources = event.data.sources;
    else if (event.name === 'citations') this.cited = event.data.citations.map((c) => c.n);
    else if (event.name === 'delta') {
      // `reset`: the service replaces what it sent so far (a model's answer that failed midway
      // gives way to the extractive one). What was announced of it cannot be unsaid; from here on
      // the new text is announced.
      if (event.data.reset) {
        this.#text = '';
        this.#spoken = [];
        this.#spokenTo = 0;
      }
      this.#text += event.data.text;
      this.status = 'streaming';
      this.#render();
      this.#speak(false);
    } else if (event.name === 'done') {
      this.done = event.data;
      this.#settle('done');
      const { query, locale } = this.request!;
      this.#host.dispatchEvent(
        new KotaeAnswerEvent(event.data.interactionId, event.data.mode, event.data.grounded, query, locale, event.data.act),
      );
    }
    this.#host.requestUpdate();
  }

  /** The renderer, set before the first piece of an answer arrives. */
  #renderMarkdown: typeof renderMarkdown | undefined;

  /** Renders the whole text so far, afresh, and turns `[n]` of a known source into a citation button. */
  #render(): void {
    const fragment = this.#renderMarkdown!(this.#text, {
      baseUrl: new URL(this.#host.src, document.baseURI).href,
      imageOrigins: this.#host.imageOrigins,
    });
    const walker = document.createTreeWalker(fragment, NodeFilter.SHOW_TEXT);
    const texts: Text[] = [];
    while (walker.nextNode()) texts.push(walker.currentNode as Text);
    for (const text of texts) {
      if (text.parentElement?.closest('a, code')) continue;
      // `[2]`, and `[1, 3]` (how the service writes a mark citing several sources).
      const parts = text.data.split(/\[(\d{1,3}(?:, \d{1,3})*)\]/);
      if (parts.length > 1) text.replaceWith(...parts.flatMap((part, i) => (i % 2 ? part.split(', ').map((n) => this.#cite(+n)) : part)));
    }
    this.#body.replaceChildren(fragment);
  }

  #cite(n: number): Node | string {
    const source = this.sources.find((s) => s.n === n);
    if (!source) return `[${n}]`;
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'cite';
    button.value = source.articleId;
    button.textContent = `[${n}]`;
    button.setAttribute('aria-label', format(this.#host.messages.citation, { n, title: source.title }));
    return button;
  }

  #onCite = (event: Event): void => {
    const cite = (event.target as Element).closest('.cite') as HTMLButtonElement | null;
    if (cite) void this.#host.showArticle(cite.value, this.request!.query);
  };

  /** Announces the sentences completed since the last call (all of the rest when `final`). */
  #speak(final: boolean): void {
    const rest = (this.#body.textContent ?? '').slice(this.#spokenTo);
    const sentences = final ? rest : (SPOKEN.exec(rest)?.[0] ?? '');
    this.#spokenTo += sentences.length;
    if (sentences.trim()) this.#spoken = [...this.#spoken, sentences.trim()];
  }

  /** Ends the stream in `status`; says so (after the rest of the text), and keeps focus off a vanishing Stop button. */
  #settle(status: AnswerStatus, note?: string): void {
    const root = this.#host.renderRoot as ShadowRoot;
    const stopFocused = root.activeElement?.classList.contains('stop');
    this.status = status;
    this.#speak(true);
    if (note) this.#spoken = [...this.#spoken, note];
    this.#host.requestUpdate();
    if (stopFocused) {
      // The first of these there is (a selector list would take the first in document order: the heading).
      void this.#host.updateComplete.then(() =>
        ['.retry', '.choice', '.contact', '.answer h2']
          .map((selector) => root.querySelector<HTMLElement>(selector))
          .find(Boolean)
          ?.focus(),
      );
    }
  }

  #errorMessage(): string {
    const m = this.#host.messages;
    const e = this.error;
    return e instanceof AnswerError && e.status === 429 && e.retryAfter !== undefined
      ? format(m.rateLimited, { n: e.retryAfter })
      : m.answerError;
  }
}
