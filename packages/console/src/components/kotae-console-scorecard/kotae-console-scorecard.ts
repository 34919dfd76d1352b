import { LitElement, html, nothing } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { ReviewRecord, ReviewVerdict } from '@kotae/knowledge';
import { VERDICTS, type ConsoleClient } from '../../internal/console-client.js';
import { criterionName, message, type ConsoleLanguage, type MessageKey } from '../../i18n/messages.js';
import { sharedStyles } from '../../internal/shared-styles.js';
import { styles } from './kotae-console-scorecard.styles.js';

/** Fired when a review was saved; `review` is the record as stored. */
export class KotaeConsoleReviewedEvent extends Event {
  /** The review as the server stored it (note and correction redacted). */
  readonly review: ReviewRecord;
  constructor(review: ReviewRecord) {
    super('kotae-console-reviewed', { bubbles: true, composed: true });
    this.review = review;
  }
}

/**
 * The scorecard a reviewer fills in for one interaction: resolved or not, the verdict (correct,
 * partly, wrong, should have refused), a 1–5 score per configured criterion, a note and the answer
 * that should have been given. Posted with the session's CSRF token.
 *
 * @summary The console's review form.
 * @event kotae-console-reviewed - A review was saved ({@link KotaeConsoleReviewedEvent}).
 */
export class KotaeConsoleScorecard extends LitElement {
  /** Shadow styles; restyle through the `--kotae-console-*` custom properties. */
  static override styles = [sharedStyles, styles];

  /**
   * The console API client (`<kotae-console>` sets it).
   * @internal
   */
  @property({ attribute: false }) client: ConsoleClient | undefined;
  /** The criteria scored 1–5. */
  @property({ attribute: false }) criteria: readonly string[] = [];
  /** The UI language. */
  @property({ attribute: false }) language: ConsoleLanguage = 'en';
  /** The interaction reviewed. */
  @property({ attribute: 'interaction-id' }) interactionId = '';

  @state() private status: 'idle' | 'saving' | 'saved' | 'missing' | 'failed' = 'idle';
  @state() private error = '';

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return message(this.language, key, values);
  }

  async #submit(event: SubmitEvent): Promise<void> {
    event.preventDefault();
    const form = event.target as HTMLFormElement;
    const data = new FormData(form);
    const resolved = data.get('resolved');
    const verdict = data.get('verdict') as ReviewVerdict | null;
    if (resolved === null || verdict === null) {
      this.status = 'missing';
      await this.updateComplete;
      form.querySelector<HTMLInputElement>(resolved === null ? 'input[name=resolved]' : 'input[name=verdict]')?.focus();
      return;
    }
    const scores: Record<string, number> = {};
    for (const criterion of this.criteria) {
      const score = data.get(`score-${criterion}`);
      if (score !== null) scores[criterion] = Number(score);
    }
    const note = String(data.get('note') ?? '').trim();
    const correction = String(data.get('correction') ?? '').trim();
    this.status = 'saving';
    const result = await this.client!.review(this.interactionId, {
      resolved: resolved === 'yes',
      verdict,
      scores,
      ...(note === '' ? {} : { note }),
      ...(correction === '' ? {} : { correction }),
    });
    if (!result.ok) {
      this.status = 'failed';
      this.error = result.status === 403 ? `${this.t('forbidden')} (${result.error})` : result.error;
      return;
    }
    form.reset();
    this.status = 'saved';
    this.dispatchEvent(new KotaeConsoleReviewedEvent(result.data));
  }

  override render() {
    const radios = (name: string, options: readonly { value: string; label: string }[]) =>
      options.map(
        (o) =>
          html`<label class="option"
            ><input type="radio" name=${name} value=${o.value} @change=${() => (this.status = 'idle')} /> ${o.label}</label
          >`,
      );
    return html`<section class="card" aria-labelledby="scorecard-title">
      <h2 id="scorecard-title">${this.t('scorecardTitle')}</h2>
      <form novalidate @submit=${this.#submit}>
        <fieldset>
          <legend>${this.t('resolvedQ')}</legend>
          <div class="options">
            ${radios('resolved', [
              { value: 'yes', label: this.t('yes') },
              { value: 'no', label: this.t('no') },
            ])}
          </div>
        </fieldset>
        <fieldset>
          <legend>${this.t('verdictQ')}</legend>
          <div class="options verdicts">
            ${radios(
              'verdict',
              VERDICTS.map((v) => ({ value: v, label: this.t(`verdict.${v}`) })),
            )}
          </div>
        </fieldset>
        <fieldset class="criteria">
          <legend>${this.t('criteriaTitle')}</legend>
          ${this.criteria.map(
            (criterion) =>
              html`<fieldset class="criterion">
                <legend>${criterionName(this.language, criterion)}</legend>
                <div class="scale">
                  ${[1, 2, 3, 4, 5].map(
                    (n) =>
                      html`<label class="score"
                        ><input type="radio" name=${`score-${criterion}`} value=${String(n)} /><span>${n}</span></label
                      >`,
                  )}
                </div>
              </fieldset>`,
          )}
        </fieldset>
        <label class="block" for="note">${this.t('note')}</label>
        <textarea id="note" name="note" rows="3" maxlength="4000" aria-describedby="note-hint"></textarea>
        <p id="note-hint" class="muted hint">${this.t('noteHint')}</p>
        <label class="block" for="correction">${this.t('correction')}</label>
        <textarea id="correction" name="correction" rows="4" maxlength="8000" aria-describedby="correction-hint"></textarea>
        <p id="correction-hint" class="muted hint">${this.t('correctionHint')}</p>
        <div class="submit">
          <button class="primary" type="submit" ?disabled=${this.status === 'saving'}>
            ${this.status === 'saving' ? this.t('saving') : this.t('save')}
          </button>
          <span role="status" class=${this.status === 'saved' ? 'ok' : ''}>${this.status === 'saved' ? this.t('saved') : nothing}</span>
        </div>
        ${this.status === 'missing' ? html`<p role="alert" class="error">${this.t('missing')}</p>` : nothing}
        ${this.status === 'failed' ? html`<p role="alert" class="error">${this.error}</p>` : nothing}
      </form>
    </section>`;
  }
}

if (!customElements.get('kotae-console-scorecard')) customElements.define('kotae-console-scorecard', KotaeConsoleScorecard);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-console-scorecard': KotaeConsoleScorecard;
  }
  interface HTMLElementEventMap {
    'kotae-console-reviewed': KotaeConsoleReviewedEvent;
  }
}
