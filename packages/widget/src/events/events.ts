/**
 * The events `<kotae-help>` fires for its host. All bubble and are composed, so the host hears
 * them on the element (or any ancestor). Each has one class, so `instanceof` and the
 * `HTMLElementEventMap` augmentation below give listeners typed details.
 */

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

/** Fired when the user answers "Did this solve your problem?". */
export class KotaeFeedbackEvent extends Event {
  static readonly type = 'kotae-feedback';
  constructor(
    readonly articleId: string,
    readonly helpful: boolean,
    readonly locale: string,
    readonly query: string,
  ) {
    super(KotaeFeedbackEvent.type, init);
  }
}

/**
 * Fired when the user asks for a human. Cancelable: call `preventDefault()` to open your own
 * contact flow; otherwise the widget opens `escalate-url` (if set) in a new tab.
 */
export class KotaeRequestEscalateEvent extends Event {
  static readonly type = 'kotae-request-escalate';
  constructor(
    /** What the user searched for last. */
    readonly query: string,
    /** Ids of the articles the user opened, in order. */
    readonly articles: readonly string[],
    readonly locale: string,
  ) {
    super(KotaeRequestEscalateEvent.type, { ...init, cancelable: true });
  }
}

/** What was going on when a {@link KotaeErrorEvent} happened. */
export type KotaeErrorPhase = 'load' | 'search' | 'article';

/** Fired when the bundle cannot be loaded or verified, or a search fails. The widget shows an error state. */
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
    'kotae-error': KotaeErrorEvent;
  }
}
