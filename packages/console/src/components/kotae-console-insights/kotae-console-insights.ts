import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import type { InsightsReport, QuestionInsight, RateEstimate } from '@kotae/knowledge';
import type { ConsoleClient } from '../../internal/console-client.js';
import { message, type ConsoleLanguage, type MessageKey } from '../../i18n/messages.js';
import { formatShare } from '../../internal/format.js';
import { sharedStyles } from '../../internal/shared-styles.js';
import { styles } from './kotae-console-insights.styles.js';

/** The periods offered, in days. */
export const INSIGHT_PERIODS = [30, 7, 90] as const;

/**
 * The insights summary every role sees: questions, confirmed, assumed and reviewed resolution
 * (counted apart, never blended), escalations and refusals, the largest topics, the questions
 * kotae could not answer and the content gaps, over the last 7, 30 or 90 days.
 *
 * @summary The console's insights screen.
 */
export class KotaeConsoleInsights extends LitElement {
  /** Shadow styles; restyle through the `--kotae-console-*` custom properties. */
  static override styles = [sharedStyles, styles];

  /**
   * The console API client (`<kotae-console>` sets it).
   * @internal
   */
  @property({ attribute: false }) client: ConsoleClient | undefined;
  /** The UI language. */
  @property({ attribute: false }) language: ConsoleLanguage = 'en';
  /** Whether to offer the reviews' JSONL export (reviewers and admins). */
  @property({ type: Boolean, attribute: 'can-export' }) canExport = false;

  @state() private days: number = INSIGHT_PERIODS[0];
  @state() private report: InsightsReport | undefined;
  @state() private error = '';

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return message(this.language, key, values);
  }

  protected override willUpdate(changed: PropertyValues): void {
    if ((changed.has('client') || changed.has('days')) && this.client) void this.#load();
  }

  async #load(): Promise<void> {
    const result = await this.client!.insights(this.days);
    if (result.ok) {
      this.report = result.data;
      this.error = '';
    } else this.error = result.status === 403 ? this.t('forbidden') : result.error;
  }

  override render() {
    return html`
      <div class="head">
        <h1 tabindex="-1">${this.t('insightsTitle')}</h1>
        <label
          >${this.t('period')}
          <select @change=${(e: Event) => (this.days = Number((e.target as HTMLSelectElement).value))}>
            ${INSIGHT_PERIODS.map((d) => html`<option value=${String(d)} ?selected=${d === this.days}>${this.t('days', { days: d })}</option>`)}
          </select></label
        >
      </div>
      ${this.error ? html`<p class="error" role="alert">${this.error}</p>` : nothing}
      ${this.report ? this.#report(this.report) : this.error ? nothing : html`<p role="status">${this.t('loading')}</p>`}
    `;
  }

  #report(report: InsightsReport) {
    const overall = report.resolution.overall;
    const reviewed = report.resolution.reviewed;
    const share = (n: number) => formatShare(n, this.language);
    const tile = (label: MessageKey, rate: RateEstimate, detail?: string) =>
      html`<li class="card tile">
        <span class="label">${this.t(label)}</span>
        <span class="value">${share(rate.rate)}</span>
        <span class="muted detail">${detail ?? `${rate.count} / ${rate.total}`}</span>
        <span class="muted detail">${this.t('interval', { low: share(rate.low), high: share(rate.high) })}</span>
      </li>`;
    return html`
      <ul class="tiles">
        <li class="card tile">
          <span class="label">${this.t('questions')}</span>
          <span class="value">${overall.total}</span>
        </li>
        ${tile('confirmed', overall.confirmed)} ${tile('assumed', overall.assumed)}
        ${tile(
          'reviewedResolved',
          reviewed.resolved,
          this.t('reviewedOf', { count: reviewed.resolved.count, total: reviewed.total, coverage: share(reviewed.coverage.rate) }),
        )}
        ${tile('escalatedRate', overall.escalated)} ${tile('unanswered', overall.unanswered)}
      </ul>
      <p class="muted">${this.t('neverBlended')}</p>
      <div class="columns">
        <section class="card wide" aria-labelledby="topics-title">
          <h2 id="topics-title">${this.t('topicsTitle')}</h2>
          ${
            report.topics.length === 0
              ? html`<p class="muted">${this.t('nothingYet')}</p>`
              : html`<div class="scroll" tabindex="0">
                  <table>
                    <thead>
                      <tr>
                        <th scope="col">${this.t('topic')}</th>
                        <th scope="col" class="num">${this.t('questions')}</th>
                        <th scope="col" class="num">${this.t('confirmed')}</th>
                        <th scope="col" class="num">${this.t('escalatedRate')}</th>
                      </tr>
                    </thead>
                    <tbody>
                      ${report.topics.map(
                        (t) =>
                          html`<tr>
                            <th scope="row">${t.title}</th>
                            <td class="num">${t.total}</td>
                            <td class="num">${share(t.confirmed.rate)}</td>
                            <td class="num">${share(t.escalated.rate)}</td>
                          </tr>`,
                      )}
                    </tbody>
                  </table>
                </div>`
          }
        </section>
        <section class="card" aria-labelledby="unanswered-title">
          <h2 id="unanswered-title">${this.t('unansweredTitle')}</h2>
          ${this.#questions(report.unanswered)}
        </section>
        <section class="card" aria-labelledby="gaps-title">
          <h2 id="gaps-title">${this.t('gapsTitle')}</h2>
          ${this.#questions(report.contentGaps)}
        </section>
      </div>
      ${
        this.canExport && this.client
          ? html`<p><a href=${this.client.url('reviews.jsonl')} download="reviews.jsonl">${this.t('exportReviews')}</a></p>`
          : nothing
      }
    `;
  }

  #questions(list: readonly QuestionInsight[]) {
    if (list.length === 0) return html`<p class="muted">${this.t('nothingYet')}</p>`;
    return html`<ol class="questions">
      ${list.map((q) => html`<li><span class="stored">${q.query}</span> <span class="muted">${this.t('times', { count: q.count })}</span></li>`)}
    </ol>`;
  }
}

if (!customElements.get('kotae-console-insights')) customElements.define('kotae-console-insights', KotaeConsoleInsights);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-console-insights': KotaeConsoleInsights;
  }
}
