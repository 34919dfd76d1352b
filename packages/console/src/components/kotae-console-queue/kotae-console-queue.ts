import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import {
  QUEUE_SIGNALS,
  QUEUE_SORTS,
  type ConsoleClient,
  type QueueItem,
  type QueueSignal,
  type QueueSort,
} from '../../internal/console-client.js';
import { message, type ConsoleLanguage, type MessageKey } from '../../i18n/messages.js';
import { formatShare, formatTime } from '../../internal/format.js';
import { sharedStyles } from '../../internal/shared-styles.js';
import { styles } from './kotae-console-queue.styles.js';

/** The random sample sizes offered, as shares of all traffic (the first is the store's default). */
export const SAMPLE_SHARES = [0.05, 0.01, 0.1, 0.25] as const;

/**
 * The review queue: interactions filtered by signal (thumbs-down, escalated, refused, low
 * answerability, flagged, random sample), optionally only those nobody reviewed, sorted, read a
 * page at a time by cursor ("More"). The filters live in the URL fragment, so a filtered queue
 * can be bookmarked and the back button returns to it.
 *
 * @summary The console's review queue screen.
 */
export class KotaeConsoleQueue extends LitElement {
  /** Shadow styles; restyle through the `--kotae-console-*` custom properties. */
  static override styles = [sharedStyles, styles];

  /**
   * The console API client (`<kotae-console>` sets it).
   * @internal
   */
  @property({ attribute: false }) client: ConsoleClient | undefined;
  /** The UI language. */
  @property({ attribute: false }) language: ConsoleLanguage = 'en';
  /** The filters, from the URL fragment (`signals`, `sort`, `unreviewed`, `sample`; `limit`, the page size). */
  @property({ attribute: false }) params = new URLSearchParams();

  @state() private items: QueueItem[] = [];
  @state() private next: string | undefined;
  @state() private busy = false;
  @state() private error = '';

  #generation = 0;

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return message(this.language, key, values);
  }

  private get signals(): QueueSignal[] {
    const wanted = (this.params.get('signals') ?? '').split(',');
    return QUEUE_SIGNALS.filter((s) => wanted.includes(s));
  }
  private get sort(): QueueSort {
    const sort = this.params.get('sort');
    return (QUEUE_SORTS as readonly string[]).includes(sort ?? '') ? (sort as QueueSort) : 'newest';
  }
  private get unreviewed(): boolean {
    return this.params.get('unreviewed') === 'true';
  }
  private get sampleShare(): number {
    const share = Number(this.params.get('sample'));
    return (SAMPLE_SHARES as readonly number[]).includes(share) ? share : SAMPLE_SHARES[0];
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('params') || changed.has('client')) && this.client) void this.#read(undefined);
  }

  async #read(cursor: string | undefined): Promise<void> {
    const client = this.client;
    if (!client) return;
    const generation = ++this.#generation;
    this.busy = true;
    const page = await client.queue({
      signals: this.signals.join(','),
      sort: this.sort,
      unreviewed: this.unreviewed ? 'true' : undefined,
      sampleShare: String(this.sampleShare),
      limit: this.params.get('limit') ?? undefined,
      cursor,
    });
    if (generation !== this.#generation) return;
    this.busy = false;
    if (!page.ok) {
      this.error = page.status === 403 ? this.t('forbidden') : page.error;
      return;
    }
    this.error = '';
    this.items = cursor === undefined ? [...page.data.items] : [...this.items, ...page.data.items];
    this.next = page.data.next;
  }

  async #more(): Promise<void> {
    const first = this.items.length;
    await this.#read(this.next);
    await this.updateComplete;
    // Keyboard users continue where the new rows start.
    this.renderRoot.querySelectorAll<HTMLAnchorElement>('ol.items a')[first]?.focus();
  }

  /** Writes the filters into the URL fragment (the console re-reads the queue from there). */
  #set(change: (params: URLSearchParams) => void): void {
    const params = new URLSearchParams(this.params);
    change(params);
    for (const [name, value] of [...params]) if (value === '') params.delete(name);
    const query = params.toString();
    history.replaceState(null, '', `#/queue${query === '' ? '' : `?${query}`}`);
    this.params = params;
  }

  #toggle(signal: QueueSignal, on: boolean): void {
    const signals = new Set(this.signals);
    if (on) signals.add(signal);
    else signals.delete(signal);
    this.#set((p) => p.set('signals', QUEUE_SIGNALS.filter((s) => signals.has(s)).join(',')));
  }

  override render() {
    const share = formatShare(this.sampleShare, this.language);
    return html`
      <h1 tabindex="-1">${this.t('queueTitle')}</h1>
      <form class="card filters" @submit=${(e: Event) => e.preventDefault()}>
        <fieldset>
          <legend>${this.t('filters')}</legend>
          <div class="signals">
            ${QUEUE_SIGNALS.map(
              (signal) =>
                html`<label class="check"
                  ><input
                    type="checkbox"
                    name="signal"
                    value=${signal}
                    .checked=${this.signals.includes(signal)}
                    @change=${(e: Event) => this.#toggle(signal, (e.target as HTMLInputElement).checked)}
                  />
                  ${this.t(`signal.${signal}`)}${signal === 'sample' ? html` <span class="muted">(${share})</span>` : nothing}</label
                >`,
            )}
          </div>
          <p class="muted hint" id="sample-note">${this.t('sampleNote', { share })} ${this.t('allWhenNone')}</p>
        </fieldset>
        <div class="row">
          <label class="check"
            ><input
              type="checkbox"
              name="unreviewed"
              .checked=${this.unreviewed}
              @change=${(e: Event) => this.#set((p) => p.set('unreviewed', (e.target as HTMLInputElement).checked ? 'true' : ''))}
            />
            ${this.t('unreviewed')}</label
          >
          <label
            >${this.t('sampleShare')}
            <select
              name="sample"
              aria-describedby="sample-note"
              @change=${(e: Event) => this.#set((p) => p.set('sample', (e.target as HTMLSelectElement).value))}
            >
              ${SAMPLE_SHARES.map(
                (s) => html`<option value=${String(s)} ?selected=${s === this.sampleShare}>${formatShare(s, this.language)}</option>`,
              )}
            </select></label
          >
          <label
            >${this.t('sort')}
            <select name="sort" @change=${(e: Event) => this.#set((p) => p.set('sort', (e.target as HTMLSelectElement).value))}>
              ${QUEUE_SORTS.map((s) => html`<option value=${s} ?selected=${s === this.sort}>${this.t(`sort.${s}`)}</option>`)}
            </select></label
          >
        </div>
      </form>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      <p role="status" class="count">
        ${
          this.busy && this.items.length === 0
            ? this.t('loading')
            : this.error
              ? nothing
              : this.items.length === 0
                ? this.t('none')
                : this.t(this.next ? 'showingMore' : 'showing', { count: this.items.length })
        }
      </p>
      <ol class="items">
        ${this.items.map((item) => this.#row(item))}
      </ol>
      ${this.next ? html`<button type="button" class="more" ?disabled=${this.busy} @click=${this.#more}>${this.t('more')}</button>` : nothing}
    `;
  }

  #row(item: QueueItem) {
    const i = item.interaction;
    return html`<li class="card item">
      <a class="question stored" href=${`#/interactions/${encodeURIComponent(i.id)}`}>${i.query || '—'}</a>
      <p class="answer muted">${i.answer.length > 300 ? `${i.answer.slice(0, 300)}…` : i.answer}</p>
      <div class="meta">
        <span><time datetime=${i.at}>${formatTime(i.at, this.language)}</time></span>
        <span>${this.t(`mode.${i.mode}`)}</span>
        <span>${this.t('answerability')} ${i.topScore.toFixed(2)}</span>
        <span
          >${item.reviews === 0 ? this.t('notReviewed') : item.reviews === 1 ? this.t('reviewsOne') : this.t('reviews', { count: item.reviews })}</span
        >
      </div>
      ${
        item.signals.length > 0
          ? html`<ul class="chips">
              ${item.signals.map((s) => html`<li class=${`chip ${s}`}>${this.t(`signal.${s}`)}</li>`)}
            </ul>`
          : nothing
      }
    </li>`;
  }
}

if (!customElements.get('kotae-console-queue')) customElements.define('kotae-console-queue', KotaeConsoleQueue);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-console-queue': KotaeConsoleQueue;
  }
}
