import { type SearchResult } from '@kotae/knowledge';
import { ConfigError } from '@kotae/knowledge/errors';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import {
  KotaeArticleEvent,
  KotaeErrorEvent,
  KotaeFeedbackEvent,
  KotaeRequestEscalateEvent,
  KotaeSearchEvent,
  type KotaeErrorPhase,
} from '../../events/events.js';
import { EN_MESSAGES, format, formatCount, type KotaeMessages } from '../../i18n/messages.js';
import { BundleUnavailableError } from '../../internal/errors.js';
import { highlightParts } from '../../internal/highlight.js';
import { readsAsQuestion } from '../../internal/question-form.js';
import { SearchClient } from '../../internal/search-client.js';
import { recordSequence, seenSequence } from '../../internal/seen-sequence.js';
import type { ArticleView, BundleInfo, Suggestion } from '../../internal/worker-protocol.js';
import type { AnswerView } from './answer-view.js';
import { panelStyles } from './kotae-help-panel.styles.js';

/** Loads the sanitizer (DOMPurify) on first need. */
const loadSanitizer = () => import('../../render/sanitize-html.js');
/** Loads the Ask flow (with the answer client and the markdown renderer): only with an `endpoint`. */
const loadAnswer = () => import('./answer-view.js');

/** One row of the list: a suggestion, a search result, or asking the answer service. */
type Option =
  | { readonly kind: 'suggestion'; readonly articleId: string; readonly title: string }
  | { readonly kind: 'result'; readonly articleId: string; readonly result: SearchResult }
  | { readonly kind: 'ask'; readonly articleId: '' };

/** How long typing must pause before `kotae-search` is fired, in ms. */
const SEARCH_EVENT_DELAY = 600;
const RESULT_LIMIT = 12;
const CJK = /[\u3040-\u30ff\u3400-\u9fff\uf900-\ufaff]/;

/**
 * @summary The inside of `<kotae-help>`: search field (combobox), results grouped by article,
 * article view with feedback and the path to a human, and with an `endpoint` the Ask flow (its
 * code loads on first need). Loaded on first open; not meant to be used on its own.
 *
 * @csspart search - The search field.
 * @csspart results - The result list.
 * @csspart article - The article view.
 * @csspart answer - The asked answer.
 * @csspart feedback - The "Did this solve your problem?" block.
 * @csspart contact - The "Contact support" button.
 * @csspart source-language - The badge naming the language of a source written in another language than the page.
 */
export class KotaeHelpPanel extends LitElement {
  // Lit's `static properties` rather than its decorators: the embed build then carries neither the
  // decorator functions nor tsc's `__decorate` helper (once per component), ~0.7 KB gzip less.
  // Each property's documentation stays on its field below. Internal state is `attribute: false`
  // (what Lit's `state: true` amounts to), which the custom-elements manifest understands.
  static override properties = {
    src: {},
    locale: {},
    context: {},
    messages: { attribute: false },
    escalateUrl: {},
    endpoint: {},
    imageOrigins: { attribute: false },
    publicKeys: { attribute: false },
    inline: { type: Boolean },
    onClose: { attribute: false },
    status: { reflect: true },
    query: { attribute: false },
    results: { attribute: false },
    searched: { attribute: false },
    strong: { attribute: false },
    suggestions: { attribute: false },
    active: { attribute: false },
    article: { attribute: false },
    articleBodies: { attribute: false },
    feedback: { attribute: false },
    contacted: { attribute: false },
    contactForm: { attribute: false },
    announcement: { attribute: false },
    answering: { attribute: false },
  };

  /** Shadow styles (theme and layout); restyle through `--kotae-*` properties and parts. */
  static override styles = panelStyles;

  /** Manifest URL of the bundle. */
  src = '';
  /** Resolved UI and search locale. */
  locale = 'en';
  /** Where the user is in the product. */
  context = '';
  /** Resolved UI strings. */
  messages: KotaeMessages = EN_MESSAGES;
  /** Where "Contact support" goes when the host does not cancel the event. */
  escalateUrl = '';
  /** Base URL of the answer service; without one there is no Ask flow. */
  endpoint = '';
  /** Extra origins article images may come from. */
  imageOrigins: readonly string[] = [];
  /** Ed25519 public keys the bundle's manifest must be signed by; empty: signatures not checked. */
  publicKeys: readonly string[] = [];
  /** Inline mode: no close button. */
  inline = false;
  /** Called by the close button. */
  onClose: (() => void) | undefined;

  /** Whether the bundle is loading, ready or failed (reflected, read-only). */
  status: 'loading' | 'ready' | 'error' = 'loading';
  private query = '';
  private results: SearchResult[] = [];
  private searched = false;
  /** Whether a result of the search matched every term of the query. */
  private strong = false;
  private suggestions: Suggestion[] = [];
  private active = -1;
  private article: ArticleView | undefined;
  private articleBodies: HTMLElement[] = [];
  private feedback: 'yes' | 'no' | undefined;
  private contacted = false;
  /** The open contact form's question, answer and reason (with an `endpoint`). */
  private contactForm: { question: string; interactionId: string | undefined; reason: string | undefined } | undefined;
  private announcement = '';
  /** Whether the asked answer is shown (under an article opened from it, too). */
  private answering = false;

  readonly #client = new SearchClient();
  #bundle: BundleInfo | undefined;
  #seq = 0;
  #typing: number | undefined;
  #eventTimer: number | undefined;
  readonly #seen: string[] = [];
  #answer: AnswerView | undefined;

  get #input(): HTMLInputElement | null {
    return this.renderRoot.querySelector('input');
  }

  get #articleHeading(): HTMLElement | null {
    return this.renderRoot.querySelector('.article h2');
  }

  /** Moves focus to the search field. */
  focusSearch(): void {
    this.#input?.focus();
  }

  /** Searches for `query` now and shows the results. */
  async runSearch(query: string): Promise<void> {
    this.query = query;
    this.article = undefined;
    await this.#search(query, false);
  }

  /** Shows an article; `query` is the search that led there. */
  async showArticle(articleId: string, query: string): Promise<void> {
    try {
      await this.#ready();
      const article = await this.#client.request('article', { articleId, locale: this.locale });
      if (!article) return;
      const { sanitizeHtml } = await loadSanitizer();
      const base = new URL(this.src, document.baseURI).href;
      this.articleBodies = article.sections.map((section) => {
        const body = document.createElement('div');
        body.append(sanitizeHtml(section.html, { baseUrl: base, imageOrigins: this.imageOrigins }));
        // Code and tables scroll sideways inside the panel (never the page): reachable by keyboard too.
        for (const wide of body.querySelectorAll('pre, table')) wide.setAttribute('tabindex', '0');
        return body;
      });
      this.article = article;
      this.feedback = undefined;
      this.contacted = false;
      this.contactForm = undefined;
      if (!this.#seen.includes(articleId)) this.#seen.push(articleId);
      this.dispatchEvent(new KotaeArticleEvent(articleId, article.locale, query));
      await this.updateComplete;
      this.#articleHeading?.focus();
    } catch (error) {
      this.#fail(error, 'article');
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#client.terminate();
    window.clearTimeout(this.#typing);
    window.clearTimeout(this.#eventTimer);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if (changed.has('src')) void this.#load();
    // The host moved (a single-page app's route): suggest for the new place once the bundle is in.
    else if (changed.has('context') && this.status === 'ready') void this.#suggest().catch((error) => this.#fail(error, 'search'));
    // Leaving an answer (Back, or typing a new search) stops it: nobody reads it any more.
    if (changed.has('answering') && !this.answering) this.#answer?.stop();
  }

  protected override render(): TemplateResult {
    const m = this.messages;
    const options = this.#options();
    const expanded = options.length > 0 && this.article === undefined && !this.answering;
    return html`
      <div class="head">
        <input
          part="search"
          type="search"
          role="combobox"
          aria-label=${m.searchLabel}
          placeholder=${m.searchPlaceholder}
          aria-autocomplete="list"
          aria-controls="results"
          aria-expanded=${expanded ? 'true' : 'false'}
          aria-activedescendant=${expanded && this.active >= 0 ? `option-${this.active}` : nothing}
          autocomplete="off"
          spellcheck="false"
          enterkeyhint="search"
          .value=${this.query}
          @input=${this.#onInput}
          @focus=${this.#onFocus}
          @keydown=${this.#onKeydown}
        />
        ${
          this.inline
            ? nothing
            : html`<button class="close" type="button" aria-label=${m.close} @click=${() => this.onClose?.()}>✕</button>`
        }
      </div>
      <div class="sr-only" role="status" aria-live="polite" aria-atomic="true">${this.announcement}</div>
      <div class="body" role="region" aria-label=${this.article?.title ?? (this.answering ? this.query : m.searchLabel)} tabindex="0">
        ${
          this.article
            ? this.#renderArticle(this.article)
            : this.answering && this.#answer
              ? this.#renderAnswer(this.#answer)
              : this.#renderList(options)
        }
      </div>
    `;
  }

  #renderList(options: readonly Option[]): TemplateResult {
    const m = this.messages;
    if (this.status === 'loading') return html`<p class="empty">${m.loading}</p>`;
    if (this.status === 'error')
      return html`<p class="error">${m.loadError}</p>
        ${this.#contact()}`;
    const showingSuggestions = this.query.trim() === '';
    let index = 0;
    const option = (o: Option, content: TemplateResult) => {
      const i = index++;
      return html`<div
        role="option"
        id=${`option-${i}`}
        class=${i === this.active ? 'active' : ''}
        aria-selected=${i === this.active ? 'true' : 'false'}
        @click=${() => this.#choose(o)}
      >
        ${content}
      </div>`;
    };
    if (showingSuggestions) {
      return html`<p class="label" id="suggested" ?hidden=${options.length === 0}>${m.suggested}</p>
        <div id="results" part="results" role="listbox" aria-labelledby="suggested">
          ${options.map((o) => option(o, html`<span class="title">${o.kind === 'suggestion' ? o.title : ''}</span>`))}
        </div>`;
    }
    const groups = new Map<string, Option[]>();
    for (const o of options) if (o.kind === 'result') groups.set(o.articleId, [...(groups.get(o.articleId) ?? []), o]);
    const ask = options.find((o) => o.kind === 'ask');
    const askFirst = ask !== undefined && options[0] === ask;
    const nothingFound = this.searched && groups.size === 0;
    // Called where the row goes: option() numbers the rows in the order it renders them.
    const askOption = () =>
      ask
        ? option(
            ask,
            html`<span class="title ask">${format(m.ask, { query: this.query.trim() })}</span>${
                askFirst ? html`<span class="snippet">${m.askHint}</span>` : nothing
              }`,
          )
        : nothing;
    return html`${nothingFound ? html`<p class="empty">${format(m.noResults, { query: this.query.trim() })}</p>` : nothing}
    ${
      groups.size > 0 || ask
        ? html`<div id="results" part="results" role="listbox" aria-label=${m.searchLabel} class=${askFirst ? 'ask-first' : ''}>
            ${askFirst ? askOption() : nothing}
            ${[...groups.values()].map((group, g) => {
              const title = group[0]!.kind === 'result' ? group[0]!.result.title : '';
              return html`<div role="group" aria-labelledby=${`group-${g}`}>
                <span class="title" id=${`group-${g}`} role="presentation">${title}</span>
                ${group.map((o) => (o.kind === 'result' ? option(o, this.#renderResult(o.result)) : nothing))}
              </div>`;
            })}
            ${askFirst ? nothing : askOption()}
          </div>`
        : nothing
    }
    ${nothingFound ? this.#contact() : nothing}`;
  }

  #renderResult(result: SearchResult): TemplateResult {
    const where = result.headings.at(-1);
    return html`${where && where !== result.title ? html`<span class="where">${where}</span>` : nothing}
      <span class="snippet"
        >${highlightParts(result.snippet, result.highlights).map((p) => (p.mark ? html`<mark>${p.text}</mark>` : p.text))}</span
      >`;
  }

  #renderArticle(article: ArticleView): TemplateResult {
    const m = this.messages;
    return html`<div class="article" part="article" lang=${article.locale}>
      <button class="back" type="button" @click=${this.#back}>← ${this.answering ? m.backToAnswer : m.back}</button>
      <h2 tabindex="-1">${article.title}</h2>
      ${article.sections.map((section, i) => {
        // The article's own title (its markdown `# h1`) is the heading above: shown once.
        const heading = section.headings.at(-1);
        return html`<section>
          ${heading && heading !== article.title ? html`<h3>${heading}</h3>` : nothing}${this.articleBodies[i]}
        </section>`;
      })}
      ${this.#feedbackBlock(m.feedbackQuestion, this.feedback, (helpful) => this.#articleFeedback(helpful))}
    </div>`;
  }

  #renderAnswer(answer: AnswerView): TemplateResult {
    const m = this.messages;
    const done = answer.status === 'done';
    const refused = answer.done?.mode === 'refusal';
    // The user asked for a person: the way to one, not a passage or "did this solve it?".
    const handoff = answer.done?.act === 'handoff';
    const act = answer.done?.mode === 'act';
    return html`<div class="article answer" part="answer" lang=${answer.done?.language ?? answer.request?.locale ?? nothing}>
      <button class="back" type="button" @click=${this.#back}>← ${m.back}</button>
      ${answer.render()}
      ${done && !refused && !act ? this.#feedbackBlock(m.answerFeedbackQuestion, answer.feedback, (helpful) => void answer.sendFeedback(helpful)) : nothing}
      ${refused || handoff || answer.done?.act === 'not-resolved' || answer.status === 'error' ? this.#contact() : nothing}
    </div>`;
  }

  /** "Did this solve your problem?", its answer, and after "No" the way to a human. */
  #feedbackBlock(question: string, value: 'yes' | 'no' | undefined, choose: (helpful: boolean) => void): TemplateResult {
    const m = this.messages;
    const choice = (helpful: boolean, label: string) =>
      html`<button
        class="choice"
        type="button"
        aria-pressed=${value === (helpful ? 'yes' : 'no') ? 'true' : 'false'}
        @click=${() => choose(helpful)}
      >
        ${label}
      </button>`;
    return html`<div class="feedback" part="feedback" role="group" aria-labelledby="feedback-question">
      <p id="feedback-question">${question}</p>
      <div class="choices">${choice(true, m.feedbackYes)} ${choice(false, m.feedbackNo)}</div>
      ${value === 'yes' ? html`<p role="status">${m.feedbackThanks}</p>` : nothing}
      ${
        value === 'no'
          ? html`<p>${m.feedbackSorry}</p>
              ${this.#contact()}`
          : nothing
      }
    </div>`;
  }

  #contact(): TemplateResult {
    const m = this.messages;
    const form = this.contactForm;
    if (form)
      return html`<kotae-contact-form
        .endpoint=${this.endpoint}
        .messages=${m}
        .question=${form.question}
        .interactionId=${form.interactionId}
        .reason=${form.reason}
        .articles=${this.#seen}
        .locale=${this.locale}
        .context=${this.context}
        .onClose=${this.#closeContactForm}
      ></kotae-contact-form>`;
    return html`<button class="contact" part="contact" type="button" @click=${this.#escalate}>${m.contactSupport}</button>
      ${this.contacted ? html`<p role="status">${m.contactStarted}</p>` : nothing}`;
  }

  #options(): Option[] {
    if (this.query.trim() === '') {
      return this.suggestions.map((s) => ({ kind: 'suggestion', articleId: s.articleId, title: s.title }));
    }
    // Group by article, keeping the order in which articles first appear.
    const order = [...new Set(this.results.map((r) => r.articleId))];
    const options: Option[] = order.flatMap((articleId) =>
      this.results.filter((r) => r.articleId === articleId).map((result) => ({ kind: 'result' as const, articleId, result })),
    );
    // Ask leads when the query reads as a question or nothing found answers it well; else it follows the results.
    if (this.endpoint) {
      if (this.#askFirst()) options.unshift({ kind: 'ask', articleId: '' });
      else options.push({ kind: 'ask', articleId: '' });
    }
    return options;
  }

  #askFirst(): boolean {
    return this.searched && (!this.strong || readsAsQuestion(this.query));
  }

  /** Loads the bundle; `retry` loads it again after a failed load. */
  async #load(retry = false): Promise<void> {
    this.status = 'loading';
    try {
      if (!this.src) throw new ConfigError('<kotae-help> needs a src: the URL of the bundle manifest');
      const manifestUrl = new URL(this.src, document.baseURI).href;
      // Inline, the panel is on screen before anyone asks anything: the shards wait for the search field's focus.
      this.#bundle = await this.#client.request('load', { ...this.#trust(manifestUrl), refresh: retry, prefetch: !this.inline });
      recordSequence(manifestUrl, this.#bundle.signedBy === undefined ? undefined : this.#bundle.sequence);
      this.status = 'ready';
      await this.#suggest();
      if (this.query.trim() !== '') await this.#search(this.query, false);
      // The Ask flow's code is small and wanted soon; the sanitizer (DOMPurify) waits until an
      // article or an answer is shown.
      if (this.endpoint) void loadAnswer();
    } catch (error) {
      this.#fail(error, 'load');
    }
  }

  /**
   * Checks for a newly published bundle (the host calls it when the panel is opened again): the
   * worker revalidates the manifest and, only when its version changed, loads and verifies the
   * new bundle; the suggestions and the search on screen are then run again. A bundle that failed
   * to load is loaded again. A new version that fails to verify is not used: the one in use stays,
   * and a `kotae-error` event (phase `load`) reports it.
   */
  async refresh(): Promise<void> {
    if (this.status === 'loading') return;
    if (this.status === 'error') return this.#load(true);
    try {
      const manifestUrl = new URL(this.src, document.baseURI).href;
      const info = await this.#client.request('load', { ...this.#trust(manifestUrl), refresh: true });
      if (!info.changed) return;
      recordSequence(manifestUrl, info.signedBy === undefined ? undefined : info.sequence);
      this.#bundle = info;
      await this.#suggest();
      if (this.query.trim() !== '') await this.#search(this.query, false);
    } catch (error) {
      this.dispatchEvent(new KotaeErrorEvent(error instanceof Error ? error : new Error(String(error)), 'load'));
    }
  }

  /** Suggestions for the current context (none without one); again whenever the host changes it. */
  async #suggest(): Promise<void> {
    const context = this.context;
    const suggestions = context
      ? await this.#client.request('suggest', { context, locale: this.#searchLocale('') ?? this.locale, limit: 5 })
      : [];
    // A newer context (a single-page app's next route) may have asked meanwhile: keep only its answer.
    if (context !== this.context) return;
    this.suggestions = suggestions;
    if (this.query.trim() === '' && suggestions.length > 0) {
      this.announcement = `${this.messages.suggested}: ${formatCount(this.messages.resultsCount, suggestions.length, this.locale)}`;
    }
  }

  async #ready(): Promise<void> {
    if (this.status === 'ready') return;
    if (this.status === 'error') throw new BundleUnavailableError();
    await this.#client.request('load', this.#trust(new URL(this.src, document.baseURI).href));
  }

  /** The manifest URL with what the worker must check it against: the keys and the highest sequence verified here. */
  #trust(manifestUrl: string): { manifestUrl: string; locale: string; publicKeys: readonly string[]; minSequence: number | undefined } {
    const publicKeys = [...this.publicKeys];
    return { manifestUrl, locale: this.locale, publicKeys, minSequence: publicKeys.length > 0 ? seenSequence(manifestUrl) : undefined };
  }

  /** The bundle locale to search for a query: the query's script, then the UI locale's language. */
  #searchLocale(query: string): string | undefined {
    const locales = this.#bundle?.locales ?? [];
    const language = (l: string) => l.toLowerCase().split(/[-_]/)[0];
    if (CJK.test(query)) {
      const ja = locales.find((l) => language(l) === 'ja');
      if (ja) return ja;
    }
    return locales.find((l) => language(l) === language(this.locale));
  }

  async #search(query: string, fromUser: boolean): Promise<void> {
    const seq = ++this.#seq;
    window.clearTimeout(this.#eventTimer);
    if (query.trim() === '') {
      this.results = [];
      this.searched = false;
      this.active = -1;
      this.announcement = '';
      return;
    }
    try {
      await this.#ready();
      const locale = this.#searchLocale(query);
      const { results, strong } = await this.#client.request('search', {
        query,
        locale: locale ?? this.locale,
        context: this.context || undefined,
        prefix: !/\s$/.test(query),
        limit: RESULT_LIMIT,
      });
      if (seq !== this.#seq) return;
      this.results = results;
      this.strong = strong;
      this.searched = true;
      this.active = -1;
      const articles = new Set(results.map((r) => r.articleId)).size;
      this.announcement =
        articles === 0
          ? format(this.messages.noResults, { query: query.trim() })
          : formatCount(this.messages.resultsCount, articles, this.locale);
      if (fromUser) {
        this.#eventTimer = window.setTimeout(
          () => this.dispatchEvent(new KotaeSearchEvent(query.trim(), locale ?? this.locale, articles)),
          SEARCH_EVENT_DELAY,
        );
      }
    } catch (error) {
      if (seq === this.#seq) this.#fail(error, 'search');
    }
  }

  /** Inline: the first focus on the search field fetches the shards a search will need, while the user types. */
  #onFocus = (): void => {
    if (!this.inline || this.#prefetched || this.status !== 'ready') return;
    this.#prefetched = true;
    // A failure shows with the search that needs the shards: here it only allows another try.
    this.#client.request('prefetch', { locale: this.#searchLocale('') ?? this.locale }).catch(() => (this.#prefetched = false));
  };

  #prefetched = false;

  #onInput = (event: Event): void => {
    this.query = (event.target as HTMLInputElement).value;
    this.article = undefined;
    this.answering = false;
    this.contactForm = undefined;
    window.clearTimeout(this.#typing);
    this.#typing = window.setTimeout(() => void this.#search(this.query, true), 80);
  };

  #onKeydown = (event: KeyboardEvent): void => {
    // Under an article or an answer the list is not shown: nothing to move through or choose.
    const options = this.article || this.answering ? [] : this.#options();
    if (event.key === 'ArrowDown' || event.key === 'ArrowUp') {
      if (options.length === 0) return;
      event.preventDefault();
      const step = event.key === 'ArrowDown' ? 1 : -1;
      this.active = (this.active + step + options.length + (this.active < 0 && step < 0 ? 1 : 0)) % options.length;
      void this.updateComplete.then(() => this.renderRoot.querySelector('[role="option"].active')?.scrollIntoView({ block: 'nearest' }));
    } else if (event.key === 'Enter') {
      // Enter with no row chosen asks the typed question (first or last option), when there is an endpoint.
      const chosen = options[this.active] ?? options.find((o) => o.kind === 'ask');
      if (chosen) {
        event.preventDefault();
        this.#choose(chosen);
      }
    }
  };

  #choose(option: Option): void {
    if (option.kind === 'ask') void this.#ask();
    else void this.showArticle(option.articleId, option.kind === 'result' ? this.query.trim() : '');
  }

  /** Asks the answer service the typed question and shows the answer view. */
  async #ask(): Promise<void> {
    const query = this.query.trim();
    try {
      const { AnswerView } = await loadAnswer();
      this.#answer ??= new AnswerView(this);
      this.article = undefined;
      this.answering = true;
      // The page's locale: the service reads the question's language itself and answers in it.
      void this.#answer.ask({ query, locale: this.locale, context: this.context || undefined });
      await this.updateComplete;
      this.#articleHeading?.focus();
    } catch (error) {
      this.#fail(error, 'answer');
    }
  }

  /** Back from an article (to the answer it was opened from, or the results) or from the answer. */
  #back = async (): Promise<void> => {
    const toAnswer = this.article !== undefined && this.answering;
    this.article = undefined;
    this.answering = toAnswer;
    this.contactForm = undefined;
    await this.updateComplete;
    if (toAnswer) this.#articleHeading?.focus();
    else this.focusSearch();
  };

  #articleFeedback(helpful: boolean): void {
    if (!this.article) return;
    this.feedback = helpful ? 'yes' : 'no';
    this.dispatchEvent(new KotaeFeedbackEvent(this.article.articleId, helpful, this.article.locale, this.query.trim()));
  }

  #escalate = async (): Promise<void> => {
    const answer = this.answering ? this.#answer : undefined;
    const event = new KotaeRequestEscalateEvent(
      answer?.request?.query ?? this.query.trim(),
      [...this.#seen],
      this.locale,
      answer?.done?.interactionId,
    );
    this.dispatchEvent(event);
    if (event.defaultPrevented) return;
    if (this.endpoint) {
      // The in-widget form: it says "sent" only once the answer service acknowledged the message.
      await loadAnswer(); // defines <kotae-contact-form> too
      const feedback = this.article ? this.feedback : answer?.feedback;
      this.contactForm = {
        question: event.query,
        interactionId: event.interactionId,
        reason:
          feedback === 'no'
            ? 'not-helpful'
            : !this.article && !answer && this.searched && this.results.length === 0
              ? 'no-results'
              : undefined,
      };
      await this.updateComplete;
      // The whole form in view when it fits (Send included), then its first field focused (which
      // scrolls back up only when the form is taller than the panel).
      const form = this.renderRoot.querySelector('kotae-contact-form');
      form?.scrollIntoView({ block: 'end' });
      form?.focus();
    } else if (this.escalateUrl) {
      window.open(new URL(this.escalateUrl, document.baseURI).href, '_blank', 'noopener,noreferrer');
      this.contacted = true;
    }
  };

  #closeContactForm = async (): Promise<void> => {
    this.contactForm = undefined;
    await this.updateComplete;
    this.renderRoot.querySelector<HTMLElement>('.contact')?.focus();
  };

  #fail(error: unknown, phase: KotaeErrorPhase): void {
    const e = error instanceof Error ? error : new Error(String(error));
    if (phase === 'load') this.status = 'error';
    this.announcement = this.messages.loadError;
    this.dispatchEvent(new KotaeErrorEvent(e, phase));
  }
}

if (!customElements.get('kotae-help-panel')) customElements.define('kotae-help-panel', KotaeHelpPanel);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-help-panel': KotaeHelpPanel;
  }
}
