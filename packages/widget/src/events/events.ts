/**
 * The events `<kotae-help>` fires for its host. All bubble and are composed, so the host hears
 * them on the element (or any ancestor). Each has one class, so `instanceof` and the
 * `HTMLElementEventMap` augmentation below give listeners typed details.
 */

import type { AnswerMode, ConversationAct } from '@kotae/knowledge';

const init = { bubbles: true, composed: true } as const;

/** Fired when the help panel opens. */
export class KotaeOpenEvent extends Event {
  static readonly type = 'kotae-open';
  constructor() {
    super(KotaeOpenEvent.type, init);
  }
}

/** Fired when the help panel closes. */
export class KotaeCloseEvent extends Event {
  static readonly type = 'kotae-close';
  constructor() {
    super(KotaeCloseEvent.type, init);
  }
}

/** Fired when a search the user typed has its results (once typing pauses, not on every key). */
export class KotaeSearchEvent extends Event {
  static readonly type = 'kotae-search';
  constructor(
    readonly query: string,
    readonly locale: string,
    readonly resultCount: number,
  ) {
    super(KotaeSearchEvent.type, init);
  }
}

/** Fired when the user opens an article. */
export class KotaeArticleEvent extends Event {
  static readonly type = 'kotae-article';
  constructor(
    readonly articleId: string,
    readonly locale: string,
    /** The search that led there, empty for a suggestion or `openArticle()`. */
    readonly query: string,
  ) {
    super(KotaeArticleEvent.type, init);
  }
}

/** Fired when the user answers "Did this solve your problem?" under an article or an asked answer. */
export class KotaeFeedbackEvent extends Event {
  static readonly type = 'kotae-feedback';
  constructor(
    /** The article, or empty under an asked answer. */
    readonly articleId: string,
    readonly helpful: boolean,
    readonly locale: string,
    readonly query: string,
    /** The answer service's interaction, under an asked answer (the widget also posted it to `/v1/feedback`). */
    readonly interactionId?: string,
  ) {
    super(KotaeFeedbackEvent.type, init);
  }
}

/**
 * Fired when the user asks for a human. Cancelable: call `preventDefault()` to open your own
 * contact flow; otherwise, with an `endpoint`, the widget opens its contact form (which posts to
 * `POST /v1/escalations`), and without one it opens `escalate-url` (if set) in a new tab.
 */
export class KotaeRequestEscalateEvent extends Event {
  static readonly type = 'kotae-request-escalate';
  constructor(
    /** What the user searched for last, or the question they asked. */
    readonly query: string,
    /** Ids of the articles the user opened, in order. */
    readonly articles: readonly string[],
    readonly locale: string,
    /**
     * The answer service's interaction when the user asks for a human from an asked answer
     * (give it to `POST /v1/escalations`); absent otherwise.
     */
    readonly interactionId?: string,
  ) {
    super(KotaeRequestEscalateEvent.type, { ...init, cancelable: true });
  }
}

/**
 * Fired when the answer service acknowledged a message the user sent with the contact form (it
 * is recorded, and forwarded to the destinations the service has).
 */
export class KotaeEscalatedEvent extends Event {
  static readonly type = 'kotae-escalated';
  constructor(
    /** The escalation's id (`POST /v1/escalations` answered it). */
    readonly escalationId: string,
    /** The interaction it was filed from, if any. */
    readonly interactionId: string | undefined,
  ) {
    super(KotaeEscalatedEvent.type, init);
  }
}

/** Fired when the user asks the answer service a question (`endpoint` set). */
export class KotaeAskEvent extends Event {
  static readonly type = 'kotae-ask';
  constructor(
    readonly query: string,
    readonly locale: string,
  ) {
    super(KotaeAskEvent.type, init);
  }
}

/** Fired when an asked answer is complete (not when it was stopped or failed). */
export class KotaeAnswerEvent extends Event {
  static readonly type = 'kotae-answer';
  constructor(
    /** The answer service's id of this ask: give it to `/v1/feedback` and `/v1/escalations`. */
    readonly interactionId: string,
    /** How it was answered: `openai`, `extractive`, `fallback`, `refusal` ("I don't know"), or `act` (a reply to a conversational act). */
    readonly mode: AnswerMode,
    /** Whether the answer cites the guidance (false for "I don't know"). */
    readonly grounded: boolean,
    readonly query: string,
    readonly locale: string,
    /**
     * The conversational act the service recognised, when it was one: `handoff` (the user asked
     * for a person; the widget shows the way to support instead of a passage), `greeting`,
     * `thanks`, `goodbye`, `not-resolved`.
     */
    readonly act?: ConversationAct,
  ) {
    super(KotaeAnswerEvent.type, init);
  }
}

/** What was going on when a {@link KotaeErrorEvent} happened. */
export type KotaeErrorPhase = 'load' | 'search' | 'article' | 'answer' | 'feedback' | 'escalate';

/**
 * Fired when the bundle cannot be loaded or verified, a search fails, an answer cannot be had or
 * answer feedback cannot be posted. The widget shows an error state.
 */
export class KotaeErrorEvent extends Event {
  static readonly type = 'kotae-error';
  constructor(
    readonly error: Error,
    readonly phase: KotaeErrorPhase,
  ) {
    super(KotaeErrorEvent.type, init);
  }
}

declare global {
  interface HTMLElementEventMap {
    'kotae-open': KotaeOpenEvent;
    'kotae-close': KotaeCloseEvent;
    'kotae-search': KotaeSearchEvent;
    'kotae-article': KotaeArticleEvent;
    'kotae-feedback': KotaeFeedbackEvent;
    'kotae-request-escalate': KotaeRequestEscalateEvent;
    'kotae-escalated': KotaeEscalatedEvent;
    'kotae-error': KotaeErrorEvent;
    'kotae-ask': KotaeAskEvent;
    'kotae-answer': KotaeAnswerEvent;
  }
}
