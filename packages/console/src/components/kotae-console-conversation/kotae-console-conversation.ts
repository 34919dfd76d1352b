import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { EscalationRecord, FeedbackRecord, InteractionRecord, ReviewRecord } from '@kotae/knowledge';
import type { ConsoleClient, InteractionDetail } from '../../internal/console-client.js';
import { criterionName, message, type ConsoleLanguage, type MessageKey } from '../../i18n/messages.js';
import { formatTime, sectionOf, splitSection } from '../../internal/format.js';
import { sharedStyles } from '../../internal/shared-styles.js';
import { styles } from './kotae-console-conversation.styles.js';
import '../kotae-console-scorecard/kotae-console-scorecard.js';

/** A cited section opened in place: loading, its text, or missing from the bundle. */
type Opened = { readonly state: 'loading' } | { readonly state: 'shown'; readonly text: string } | { readonly state: 'missing' };

/**
 * One interaction as a reviewer needs it: the question, the answer exactly as the user saw it
 * (redacted as stored), its sources and citations (each cited section opens in place, from the
 * compiled articles), answerability and mode, the user's feedback and escalations, the other
 * questions of the same conversation, earlier reviews, and the scorecard.
 *
 * @summary The console's conversation screen.
 * @slot actions - More actions on the interaction, beside the scorecard.
 */
export class KotaeConsoleConversation extends LitElement {
  /** Shadow styles; restyle through the `--kotae-console-*` custom properties. */
  static override styles = [sharedStyles, styles];

  /**
   * The console API client (`<kotae-console>` sets it).
   * @internal
   */
  @property({ attribute: false }) client: ConsoleClient | undefined;
  /** The scorecard's criteria (from the session). */
  @property({ attribute: false }) criteria: readonly string[] = [];
  /** Where the compiled articles are (an absolute URL ending in `/`). */
  @property({ attribute: false }) articles = '';
  /** The UI language. */
  @property({ attribute: false }) language: ConsoleLanguage = 'en';
  /** The interaction shown. */
  @property({ attribute: 'interaction-id' }) interactionId = '';

  @state() private detail: InteractionDetail | undefined;
  @state() private error = '';
  @state() private opened = new Map<string, Opened>();

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return message(this.language, key, values);
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if ((changed.has('interactionId') || changed.has('client')) && this.client && this.interactionId) void this.#load();
  }

  async #load(): Promise<void> {
    const result = await this.client!.interaction(this.interactionId);
    if (result.ok) {
      this.detail = result.data;
      this.error = '';
      this.opened = new Map();
    } else {
      this.detail = undefined;
      this.error = result.status === 404 ? this.t('notFound') : result.status === 403 ? this.t('forbidden') : result.error;
    }
  }

  async #open(id: string): Promise<void> {
    if (this.opened.has(id)) {
      const next = new Map(this.opened);
      next.delete(id);
      this.opened = next;
      return;
    }
    const set = (value: Opened) => (this.opened = new Map(this.opened).set(id, value));
    set({ state: 'loading' });
    const interaction = this.detail!.interaction;
    const { article, anchor } = splitSection(id);
    const path = article.split('/').map(encodeURIComponent).join('/');
    for (const locale of new Set([interaction.language, interaction.locale, interaction.locale.split('-')[0]])) {
      if (!locale) continue;
      const response = await fetch(new URL(`${encodeURIComponent(locale)}/${path}.md`, this.articles)).catch(() => undefined);
      if (!response?.ok) continue;
      const text = sectionOf(await response.text(), anchor);
      if (text !== undefined) return void set({ state: 'shown', text });
    }
    set({ state: 'missing' });
  }

  override render() {
    const i = this.detail?.interaction;
    // One heading for every state, so the focus a navigation put on it stays there when the data comes.
    return html`
      <p><a href="#/queue">← ${this.t('back')}</a></p>
      <p class="eyebrow muted">${this.t('question')}</p>
      <h1 tabindex="-1" class="stored">${this.error ? this.t('notFound') : i ? i.query || '—' : this.t('loading')}</h1>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : i ? this.#body(this.detail!) : nothing}
    `;
  }

  #body(detail: InteractionDetail) {
    const i = detail.interaction;
    const records = detail.records;
    const mine = <T extends { interactionId: string }>(r: T) => r.interactionId === i.id;
    const feedback = records.filter((r): r is FeedbackRecord & { kind: 'feedback' } => r.kind === 'feedback').filter(mine);
    const escalations = records
      .filter((r): r is EscalationRecord & { kind: 'escalation' } => r.kind === 'escalation' && r.stage !== 'delivery')
      .filter(mine);
    const reviews = records.filter((r): r is ReviewRecord & { kind: 'review' } => r.kind === 'review').filter(mine);
    const conversation = records
      .filter((r): r is InteractionRecord & { kind: 'interaction' } => r.kind === 'interaction')
      .sort((a, b) => a.at.localeCompare(b.at));
    return html`
      <div class="layout">
        <div class="main">
          <section class="card" aria-labelledby="answer-title">
            <h2 id="answer-title">${this.t('answerTitle')}</h2>
            <div class="answer stored">${i.answer}</div>
            ${i.aborted ? html`<p class="muted">${this.t('aborted')}</p>` : nothing}
            <p class="muted small">${this.t('redactedNote')}</p>
          </section>
          <section class="card" aria-labelledby="sources-title">
            <h2 id="sources-title">${this.t('sourcesTitle')}</h2>
            ${this.#sources(i)}
          </section>
          <section class="card" aria-labelledby="feedback-title">
            <h2 id="feedback-title">${this.t('feedbackTitle')}</h2>
            ${this.#outcome(feedback, escalations)}
          </section>
          <section class="card" aria-labelledby="related-title">
            <h2 id="related-title">${this.t('relatedTitle')}</h2>
            ${this.#related(i, conversation)}
          </section>
          <section class="card" aria-labelledby="reviews-title">
            <h2 id="reviews-title">${this.t('reviewsTitle')}</h2>
            ${this.#reviews(reviews)}
          </section>
        </div>
        <div class="side">
          <section class="card" aria-labelledby="facts-title">
            <h2 id="facts-title" class="visually-hidden">${this.t('conversation')}</h2>
            ${this.#facts(i)}
          </section>
          <kotae-console-scorecard
            .client=${this.client}
            .criteria=${this.criteria}
            .language=${this.language}
            interaction-id=${i.id}
            @kotae-console-reviewed=${() => void this.#load()}
          ></kotae-console-scorecard>
          <!-- Flag as an eval case, label the topic and erase come here (issue 19, parts 5, 6 and 8). -->
          <slot name="actions"></slot>
        </div>
      </div>
    `;
  }

  #facts(i: InteractionRecord) {
    const row = (key: MessageKey, value: unknown) =>
      value === undefined || value === ''
        ? nothing
        : html`<div>
            <dt>${this.t(key)}</dt>
            <dd>${value}</dd>
          </div>`;
    return html`<dl class="facts">
      ${row('asked', html`<time datetime=${i.at}>${formatTime(i.at, this.language)}</time>`)}
      ${row('mode', html`<span class=${`chip ${i.mode === 'refusal' ? 'refused' : ''}`}>${this.t(`mode.${i.mode}`)}</span>`)}
      ${row('answerability', i.topScore.toFixed(2))} ${row('locale', i.language ?? i.locale)} ${row('context', i.context)}
      ${row('rewrite', i.rewrite)} ${row('fallbackReason', i.fallbackReason)} ${row('model', i.model)}
      ${row('flags', i.flags?.length ? html`${i.flags.map((f) => html`<span class="chip flagged">${f}</span> `)}` : undefined)}
      ${row('conversation', i.conversationId)}
    </dl>`;
  }

  #sources(i: InteractionRecord) {
    const ids = [...new Set([...i.citations, ...i.sourceIds])];
    if (ids.length === 0) return html`<p class="muted">${this.t('noSources')}</p>`;
    return html`<ol class="sources">
      ${ids.map((id, n) => {
        const cited = i.citations.includes(id);
        // The answer's [n] markers number its citations in order.
        const marker = cited ? `[${i.citations.indexOf(id) + 1}] ` : '';
        const opened = this.opened.get(id);
        const panel = `section-${n}`;
        return html`<li>
          <div class="source">
            <code>${marker}${id}</code>
            <span class=${`chip ${cited ? 'cited' : ''}`}>${this.t(cited ? 'cited' : 'notCited')}</span>
            <button type="button" aria-expanded=${opened ? 'true' : 'false'} aria-controls=${panel} @click=${() => void this.#open(id)}>
              ${this.t(opened ? 'closeSection' : 'openSection')}
            </button>
          </div>
          <div id=${panel} class="section" ?hidden=${!opened}>
            ${
              opened?.state === 'loading'
                ? html`<p role="status">${this.t('loading')}</p>`
                : opened?.state === 'missing'
                  ? html`<p class="muted">${this.t('sectionMissing')}</p>`
                  : opened?.state === 'shown'
                    ? html`<blockquote class="stored">${opened.text}</blockquote>`
                    : nothing
            }
          </div>
        </li>`;
      })}
    </ol>`;
  }

  #outcome(feedback: readonly FeedbackRecord[], escalations: readonly EscalationRecord[]) {
    if (feedback.length === 0 && escalations.length === 0) return html`<p class="muted">${this.t('noFeedback')}</p>`;
    return html`<ul class="events">
      ${feedback.map(
        (f) =>
          html`<li>
            <span class=${`chip ${f.helpful ? 'correct' : 'thumbs-down'}`}>${this.t(f.helpful ? 'helpful' : 'notHelpful')}</span>
            ${f.resolved === undefined ? nothing : html`<span>${this.t(f.resolved ? 'solved' : 'notSolved')}</span>`}
            <time class="muted" datetime=${f.at}>${formatTime(f.at, this.language)}</time>
            ${f.reason ? html`<p class="stored">${f.reason}</p>` : nothing}
          </li>`,
      )}
      ${escalations.map(
        (e) =>
          html`<li>
            <span class="chip escalated">${this.t('escalatedOn')}</span>
            ${e.reason ? html`<span>${this.t(`reason.${e.reason}`)}</span>` : nothing}
            <time class="muted" datetime=${e.at}>${formatTime(e.at, this.language)}</time>
            ${e.message ? html`<p class="stored">${e.message}</p>` : nothing}
          </li>`,
      )}
    </ul>`;
  }

  #related(i: InteractionRecord, conversation: readonly InteractionRecord[]) {
    if (conversation.length <= 1) return html`<p class="muted">${this.t('relatedNone')}</p>`;
    return html`<ol class="related">
      ${conversation.map((other) =>
        other.id === i.id
          ? html`<li aria-current="true"><span class="stored">${other.query}</span> <span class="muted">(${this.t('thisOne')})</span></li>`
          : html`<li>
              <a class="stored" href=${`#/interactions/${encodeURIComponent(other.id)}`}>${other.query || '—'}</a>
              <span class="muted">${this.t(`mode.${other.mode}`)}</span>
            </li>`,
      )}
    </ol>`;
  }

  #reviews(reviews: readonly ReviewRecord[]) {
    if (reviews.length === 0) return html`<p class="muted">${this.t('noReviews')}</p>`;
    return html`<ol class="reviews">
      ${[...reviews].reverse().map(
        (r) =>
          html`<li>
            <div>
              <span class=${`chip ${r.verdict}`}>${this.t(`verdict.${r.verdict}`)}</span>
              <span class=${`chip ${r.resolved ? 'correct' : 'wrong'}`}>${this.t(r.resolved ? 'resolved' : 'unresolved')}</span>
              <span class="muted"
                >${this.t('by', { reviewer: r.reviewer })} · <time datetime=${r.at}>${formatTime(r.at, this.language)}</time></span
              >
            </div>
            ${
              Object.keys(r.scores).length > 0
                ? html`<dl class="scores">
                    ${Object.entries(r.scores).map(
                      ([name, score]) =>
                        html`<div>
                          <dt>${this.#criterion(name)}</dt>
                          <dd>${score}/5</dd>
                        </div>`,
                    )}
                  </dl>`
                : nothing
            }
            ${r.note ? html`<p class="stored">${r.note}</p>` : nothing}
            ${
              r.correction
                ? html`<p class="muted small">${this.t('correction')}</p>
                    <blockquote class="stored">${r.correction}</blockquote>`
                : nothing
            }
          </li>`,
      )}
    </ol>`;
  }

  #criterion(name: string): string {
    return criterionName(this.language, name);
  }
}

if (!customElements.get('kotae-console-conversation')) customElements.define('kotae-console-conversation', KotaeConsoleConversation);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-console-conversation': KotaeConsoleConversation;
  }
}
