import type { AnswerLog } from './answer-log.js';

/** What {@link AnswerEventStore.read} finds of an answer. */
export interface StoredAnswerEvents {
  /** The encoded events from the sequence number asked for on, in order. */
  readonly events: readonly string[];
  /** Whether the answer is complete (no event will follow these). */
  readonly closed: boolean;
}

/**
 * Where the events of recent answers are kept for every instance of the service, so that a client
 * that lost its connection can resume (`Last-Event-ID`) on any instance, not only the one that
 * produces the answer. `PostgresInteractionStore.answerEvents()` is one.
 */
export interface AnswerEventStore {
  /**
   * Adds the encoded events `from`, `from + 1`, … of an answer (an event already there is left as
   * it is) and, when `closed`, marks the answer complete, in one step: a reader never sees
   * `closed` without every event. The answer is kept for `ttlMs` from its first write.
   */
  write(interactionId: string, from: number, events: readonly string[], closed: boolean, ttlMs: number): Promise<void>;
  /**
   * The events of an answer from `from` on, and whether it is complete, or `undefined` when the
   * answer is unknown or expired. Records that someone is reading it (see {@link lastRead}).
   */
  read(interactionId: string, from: number): Promise<StoredAnswerEvents | undefined>;
  /** Milliseconds since {@link read} was last called for the answer, or `undefined` if never. */
  lastRead(interactionId: string): Promise<number | undefined>;
}

/**
 * Copies a log's events to the shared store as they come: one write at a time, each with every
 * event pushed since the last one (and the close, when it has come).
 */
export function mirrorLog(log: AnswerLog, events: AnswerEventStore, ttlMs: number, onError: (error: unknown) => void): void {
  let written = 0;
  let writing = false;
  let done = false;
  const flush = async () => {
    writing = true;
    try {
      while (!done) {
        const batch = log.slice(written);
        const closed = log.closed;
        if (batch.length === 0 && !closed) break;
        await events.write(log.interactionId, written, batch, closed, ttlMs);
        written += batch.length;
        if (closed) done = true;
      }
    } catch (error) {
      // A resume elsewhere then finds the answer incomplete; this instance's own readers are not affected.
      done = true;
      onError(error);
    } finally {
      writing = false;
    }
  };
  log.onChange = () => {
    if (!writing && !done) void flush();
  };
}

/** Options of {@link remoteStream}. */
export interface RemoteStreamOptions {
  /** How often the shared store is asked for more, in milliseconds. */
  readonly pollMs: number;
  /**
   * Give up when nothing new has come for this long (the instance producing the answer is gone):
   * the stream then ends with an `error` event `answer_lost`.
   */
  readonly staleMs: number;
  /** Stops reading (the client went away). */
  readonly signal: AbortSignal;
}

/**
 * The events of an answer produced by another instance, read from the shared store from `from`
 * on until it is complete: `first` is what the first read found (the caller has checked that the
 * answer is known).
 */
export async function* remoteStream(
  events: AnswerEventStore,
  interactionId: string,
  from: number,
  first: StoredAnswerEvents,
  options: RemoteStreamOptions,
): AsyncGenerator<string> {
  let next = from;
  let found: StoredAnswerEvents | undefined = first;
  let lastNews = Date.now();
  while (!options.signal.aborted) {
    if (!found) {
      yield lost();
      return;
    }
    if (found.events.length > 0) {
      next += found.events.length;
      lastNews = Date.now();
      yield found.events.join('');
    }
    if (found.closed) return;
    if (Date.now() - lastNews > options.staleMs) {
      yield lost();
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, options.pollMs));
    if (options.signal.aborted) return;
    found = await events.read(interactionId, next);
  }
}

/** The last event of an answer whose producer went away: no id, so the client keeps its last one. */
function lost(): string {
  return `event: error\ndata: ${JSON.stringify({ code: 'answer_lost', message: 'the answer was interrupted; ask again' })}\n\n`;
}
