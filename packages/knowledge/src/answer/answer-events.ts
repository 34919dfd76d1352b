import type { AnswerMode, ConversationAct } from '../schema/interaction.js';

/**
 * The wire format of `POST /v1/answer`: a `text/event-stream` of these events, in this order:
 * one `sources`, any number of `delta`, one `citations`, one `done` — or an `error` at any point
 * (after which the stream ends). Every event has an `id:` (its index, from 0), so a client that
 * lost the connection re-sends the request with `Last-Event-ID` and gets the events after it.
 */
export interface AnswerEventMap {
  /** The retrieved sections the answer may cite, numbered from 1 in this order. */
  sources: { sources: AnswerSource[] };
  /**
   * The next piece of the answer's markdown text; the answer is the concatenation of every `text`.
   * With `reset: true`, first discard the text received so far: the model's answer failed midway
   * (or cited a source it was not given) and is replaced by the extractive one.
   */
  delta: { text: string; reset?: true };
  /** The sources the answer cites: `n` is the source's number, as in the `[n]` marks of the text. */
  citations: { citations: AnswerCitation[] };
  /** The answer is complete. */
  done: AnswerDone;
  /** The request failed; `code` is stable, `message` is for people. */
  error: { code: string; message: string };
}

/** A retrieved section, as the `sources` event lists it. */
export interface AnswerSource {
  /** 1-based number; the answer text cites it as `[n]`. */
  readonly n: number;
  /** Section id, `articleId#anchor` (or the bare article id for a lead section). */
  readonly id: string;
  readonly articleId: string;
  readonly anchor: string;
  readonly title: string;
  readonly snippet: string;
  /**
   * The locale the section is written in (it may differ from the page's and the question's).
   * Always sent by this version; optional for clients of older services.
   */
  readonly locale?: string;
}

/** One citation of the `citations` event. */
export interface AnswerCitation {
  readonly n: number;
  readonly id: string;
}

/** The `done` event. */
export interface AnswerDone {
  /** Give this to `POST /v1/feedback` and `POST /v1/escalations`. */
  readonly interactionId: string;
  readonly mode: AnswerMode;
  /** True when the answer cites at least one source (false for "I don't know"). */
  readonly grounded: boolean;
  /** Why the answer fell back to extractive, when `mode` is `fallback`. */
  readonly fallbackReason?: string;
  /** The language the question was written in, and the answer is in (`en`, `ja`). */
  readonly language?: string;
  /**
   * The conversational act the message was recognised as, when it was one: `handoff` (the user
   * asks for a person: open the contact path, there is no passage), `greeting`, `thanks`,
   * `goodbye` (a short reply, mode `act`), `not-resolved` ("that didn't work": the next-best
   * passage and the offer of a person, or mode `act` when there is none).
   */
  readonly act?: ConversationAct;
}

/** The name of an answer event. */
export type AnswerEventName = keyof AnswerEventMap;
