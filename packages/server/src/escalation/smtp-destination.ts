import { createTransport } from 'nodemailer';
import { EscalationDeliveryError } from '../errors.js';
import type { DeliveryReceipt, Escalation, EscalationDestination } from './escalation-destination.js';

/** Options of {@link smtpDestination}. */
export interface SmtpDestinationOptions {
  /**
   * The mail server: `smtp://user:pass@host:587` (STARTTLS when the server offers it) or
   * `smtps://…:465` (TLS from the start). Credentials may be URL-encoded in it.
   */
  readonly url: string;
  /** The support inbox the escalations are sent to (one address, or several separated by commas). */
  readonly to: string;
  /** The sender. @default 'kotae <kotae@localhost>' */
  readonly from?: string | undefined;
  /** Subject prefix. @default '[kotae]' */
  readonly subjectPrefix?: string | undefined;
  /** Give up on one attempt after this long, in milliseconds. @default 15000 */
  readonly timeoutMs?: number | undefined;
  /** Require TLS (STARTTLS on `smtp://`); a server without it fails. @default false */
  readonly requireTls?: boolean | undefined;
}

/**
 * A destination that emails each escalation to a support inbox over SMTP (nodemailer): a plain-text
 * message with the user's message, why they asked, the question and, when they agreed, the answer
 * they were given; `Reply-To` is the user's address when they gave one, so the inbox replies to the
 * user. A 5xx reply from the server is a permanent failure; a 4xx or an unreachable server is retried.
 *
 * @example
 * ```ts
 * import { smtpDestination } from '@kotae/server/node'
 * createAnswerHandler({
 *   bundle,
 *   escalations: { destinations: [smtpDestination({ url: process.env.SMTP_URL!, to: 'support@example.com' })] },
 * })
 * ```
 */
export function smtpDestination(options: SmtpDestinationOptions): EscalationDestination {
  const url = new URL(options.url);
  const shown = `${url.protocol}//${url.hostname}${url.port ? `:${url.port}` : ''}`;
  const timeout = options.timeoutMs ?? 15_000;
  const transport = createTransport({
    url: options.url,
    connectionTimeout: timeout,
    greetingTimeout: timeout,
    socketTimeout: timeout,
    requireTLS: options.requireTls ?? false,
  } as Parameters<typeof createTransport>[0]);
  return {
    name: 'email',
    describe: `email to ${options.to} through ${shown}`,
    async deliver(escalation: Escalation): Promise<DeliveryReceipt> {
      try {
        const info = (await transport.sendMail({
          from: options.from ?? 'kotae <kotae@localhost>',
          to: options.to,
          ...(escalation.contact?.email ? { replyTo: escalation.contact.email } : {}),
          subject: `${options.subjectPrefix ?? '[kotae]'} ${subjectOf(escalation)}`,
          text: escalationText(escalation),
          headers: { 'X-Kotae-Escalation-Id': escalation.id },
          messageId: `<${escalation.id}@kotae>`,
        })) as { response?: string };
        const code = Number.parseInt(info.response ?? '', 10);
        return Number.isNaN(code) ? {} : { status: code };
      } catch (error) {
        const code = (error as { responseCode?: number }).responseCode;
        throw new EscalationDeliveryError('email', `${shown}: ${error instanceof Error ? error.message : String(error)}`, {
          status: code,
          permanent: code !== undefined && code >= 500,
          cause: error,
        });
      }
    },
  };
}

function subjectOf(escalation: Escalation): string {
  const about = (escalation.question ?? escalation.message ?? '').replace(/\s+/g, ' ').trim();
  return `Help request: ${about.length > 80 ? `${about.slice(0, 79)}…` : about || '(no message)'}`;
}

/** The plain-text body of an escalation email. */
export function escalationText(e: Escalation): string {
  const lines = [
    e.message ? `${e.message}\n` : '(The user wrote no message.)\n',
    `From: ${[e.contact?.name, e.contact?.email].filter(Boolean).join(' ') || '(no contact given: reply through your product)'}`,
    `Reason: ${e.reason}`,
    ...(e.question ? [`Question: ${e.question}`] : []),
    ...(e.context ? [`Where: ${e.context}`] : []),
    ...(e.locale ? [`Language: ${e.locale}`] : []),
    ...(e.articles?.length ? [`Articles read: ${e.articles.join(', ')}`] : []),
    `Escalation: ${e.id} (${e.at})${e.interactionId ? `, interaction ${e.interactionId}` : ''}`,
  ];
  if (e.conversation)
    lines.push(
      '',
      "--- The conversation (attached with the user's consent) ---",
      `Question: ${e.conversation.question}`,
      `Answer (${e.conversation.mode}):`,
      e.conversation.answer,
      ...(e.conversation.citations.length ? [`Cited: ${e.conversation.citations.join(', ')}`] : []),
    );
  else lines.push('', 'The user did not attach the conversation.');
  return `${lines.join('\n')}\n`;
}
