import type { AnswerMode, EscalationReason } from '@kotae/knowledge';

/**
 * What a destination receives for one escalation: the JSON body a webhook is sent, and what an
 * email says. Text the user wrote is redacted; `contact` is as the user typed it (support replies
 * to it). `conversation` is present only when the user agreed to attach it.
 */
export interface Escalation {
  /** The escalation's id: the same on every attempt, so a receiver can drop duplicates. */
  readonly id: string;
  /** When it was filed (ISO 8601). */
  readonly at: string;
  /** The answer it was filed from, when there was one. */
  readonly interactionId?: string | undefined;
  /** Why the user asked for a person. */
  readonly reason: EscalationReason;
  /** The page's locale. */
  readonly locale?: string | undefined;
  /** Where in the product the user was. */
  readonly context?: string | undefined;
  /** The question it is about, redacted. */
  readonly question?: string | undefined;
  /** What the user wrote to support, redacted. */
  readonly message?: string | undefined;
  /** How to reach the user. */
  readonly contact?: { readonly name?: string | undefined; readonly email?: string | undefined } | undefined;
  /** Ids of the articles the user opened. */
  readonly articles?: readonly string[] | undefined;
  /** The conversation, when the user agreed to attach it. */
  readonly conversation?:
    | {
        readonly question: string;
        readonly answer: string;
        readonly mode: AnswerMode;
        readonly sources: readonly string[];
        readonly citations: readonly string[];
      }
    | undefined;
}

/** What a destination answered when it accepted an escalation. */
export interface DeliveryReceipt {
  /** The HTTP status or SMTP reply code. */
  readonly status?: number | undefined;
  /** A ticket id or URL the destination returned. */
  readonly ticket?: string | undefined;
}

/**
 * Somewhere escalations are forwarded to: a webhook ({@link webhookDestination}), a support inbox
 * (`smtpDestination` from `@kotae/server/node`), or your own.
 *
 * @example
 * ```ts
 * const slack: EscalationDestination = {
 *   name: 'slack',
 *   describe: 'the #support channel',
 *   async deliver(escalation) {
 *     const response = await fetch(SLACK_URL, { method: 'POST', body: JSON.stringify({ text: escalation.message }) })
 *     if (!response.ok) throw new EscalationDeliveryError('slack', `HTTP ${response.status}`, { status: response.status })
 *     return { status: response.status }
 *   },
 * }
 * ```
 */
export interface EscalationDestination {
  /** Its name in the store's records and in logs; unique among a handler's destinations. */
  readonly name: string;
  /** Where it delivers, for people (a URL without credentials, an inbox). */
  readonly describe: string;
  /**
   * Delivers one escalation (`attempt` counts from 1). Resolves once the destination accepted it;
   * rejects with an `EscalationDeliveryError` (its `permanent` says whether a retry can help; any
   * other error is retried).
   */
  deliver(escalation: Escalation, attempt: number): Promise<DeliveryReceipt>;
}
