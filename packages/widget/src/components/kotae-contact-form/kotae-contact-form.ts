import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { KotaeErrorEvent, KotaeEscalatedEvent } from '../../events/events.js';
import { EN_MESSAGES, format, type KotaeMessages } from '../../i18n/messages.js';
import { postEscalation } from '../../internal/answer-client.js';
import { contactFormStyles } from './kotae-contact-form.styles.js';

/** What the service accepts as an email address (the same pattern as `POST /v1/escalations`). */
const EMAIL = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/u;

/** Where the form is: being filled in, waiting for the service, acknowledged, or refused. */
export type ContactFormState = 'editing' | 'sending' | 'sent' | 'failed';

/**
 * @summary The contact form `<kotae-help>` opens for "Contact support" when it has an `endpoint`
 * (and the host did not cancel `kotae-request-escalate`): a message prefilled with the question,
 * an optional email (checked), and consent to attach the conversation. It posts to
 * `POST {endpoint}/v1/escalations` and says "sent" only once the service acknowledged it; on a
 * failure it says so, keeps what the user wrote and lets them send again. Loaded on first need.
 *
 * @event kotae-escalated - The service acknowledged the message: `escalationId`, `interactionId`.
 * @event kotae-error - The message could not be sent (phase `escalate`, an `AnswerError` with the service's `code` and `status`); the form shows it too.
 * @csspart base - The form (and, once sent, the confirmation).
 */
export class KotaeContactForm extends LitElement {
  static override properties = {
    endpoint: {},
    messages: { attribute: false },
    question: {},
    interactionId: {},
    articles: { attribute: false },
    locale: {},
    context: {},
    reason: {},
    onClose: { attribute: false },
    state: { reflect: true },
    invalid: { attribute: false },
  };

  static override styles = contactFormStyles;

  /** Base URL of the answer service. */
  endpoint = '';
  /** UI strings. */
  messages: KotaeMessages = EN_MESSAGES;
  /** The question the user asked or searched for: the message starts with it. */
  question = '';
  /** The answer escalated from, when there is one (then the consent checkbox is offered). */
  interactionId: string | undefined;
  /** Ids of the articles the user opened. */
  articles: readonly string[] = [];
  /** The page's locale. */
  locale = '';
  /** Where in the product the user is. */
  context = '';
  /** Why the user asks for a person, as the panel saw it (`no-results`, `not-helpful`…). */
  reason: string | undefined;
  /** Called by Cancel. */
  onClose: (() => void) | undefined;
  /** Where the form is (reflected, read-only). */
  state: ContactFormState = 'editing';
  /** The address the message was sent with, for the confirmation. */
  private email = '';
  private invalid = false;

  /** Moves focus to the form's heading, or once sent to the confirmation (the panel calls it when it opens the form). */
  override focus(): void {
    this.renderRoot.querySelector<HTMLElement>('[tabindex]')?.focus();
  }

  protected override render(): TemplateResult {
    const m = this.messages;
    if (this.state === 'sent')
      return html`<p part="base" role="status" tabindex="-1">
        ${this.email ? format(m.contactSent, { email: this.email }) : m.contactSentNoEmail}
      </p>`;
    const sending = this.state === 'sending';
    return html`<form part="base" novalidate aria-labelledby="title" @submit=${this.#submit}>
      <h3 id="title" tabindex="-1">${m.contactTitle}</h3>
      <label for="message">${m.contactMessage}</label>
      <textarea id="message" maxlength="4000" .value=${this.question}></textarea>
      <label for="email">${m.contactEmail}</label>
      <input
        id="email"
        type="email"
        autocomplete="email"
        aria-invalid=${this.invalid ? 'true' : 'false'}
        aria-describedby=${this.invalid ? 'email-error' : nothing}
      />
      ${this.invalid ? html`<p class="error" id="email-error">${m.contactEmailInvalid}</p>` : nothing}
      ${this.interactionId ? html`<label><input type="checkbox" /> ${m.contactAttach}</label>` : nothing}
      <div class="actions">
        <button type="submit" ?disabled=${sending}>${this.state === 'failed' ? m.retry : m.contactSend}</button>
        <button type="button" @click=${() => this.onClose?.()}>${m.contactCancel}</button>
      </div>
      <p role="status" class=${this.state === 'failed' ? 'error' : ''}>
        ${sending ? m.contactSending : this.state === 'failed' ? m.contactFailed : ''}
      </p>
    </form>`;
  }

  #submit = async (event: Event): Promise<void> => {
    event.preventDefault();
    if (this.state === 'sending') return;
    // The fields keep what the user typed while the form is on screen (also after a failure).
    const [text, mail, consent] = this.renderRoot.querySelectorAll('textarea, input');
    const message = (text as HTMLTextAreaElement).value.trim();
    this.email = (mail as HTMLInputElement).value.trim();
    this.invalid = !!this.email && !EMAIL.test(this.email);
    if (this.invalid) {
      await this.updateComplete;
      // The error line pushed Send down: keep it in view, then focus the field to correct.
      this.renderRoot.querySelector('.actions')?.scrollIntoView({ block: 'nearest' });
      this.renderRoot.querySelector<HTMLElement>('#email')?.focus();
      return;
    }
    this.state = 'sending';
    try {
      // JSON leaves out the undefined fields.
      const body = await postEscalation(this.endpoint, {
        message: message || undefined,
        interactionId: this.interactionId,
        attachConversation: (consent as HTMLInputElement | undefined)?.checked,
        question: this.interactionId ? undefined : this.question,
        contact: this.email ? { email: this.email } : undefined,
        reason: this.reason,
        articles: this.articles.length ? this.articles.slice(-20) : undefined,
        locale: this.locale || undefined,
        context: this.context || undefined,
      });
      this.state = 'sent';
      this.dispatchEvent(new KotaeEscalatedEvent(body.id, this.interactionId));
      await this.updateComplete;
      this.focus();
    } catch (error) {
      this.state = 'failed';
      this.dispatchEvent(new KotaeErrorEvent(error as Error, 'escalate'));
    }
  };
}

if (!customElements.get('kotae-contact-form')) customElements.define('kotae-contact-form', KotaeContactForm);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-contact-form': KotaeContactForm;
  }
}
