import type { AnswerEventMap, AnswerEventName } from '@kotae/knowledge';
import { encodeEvent, eventId } from './sse.js';

type Listener = () => void;

/**
 * The encoded events of one answer, kept while it is written and for a while after, so that a
 * client whose connection dropped can resume with `Last-Event-ID` and read exactly the bytes it
 * missed. An answer is produced once, into its log; every connection (the first and any resumed
 * one) only reads the log. The producer learns through {@link AnswerLog.readers} when nobody is
 * reading any more.
 */
export class AnswerLog {
  readonly interactionId: string;
  readonly #events: string[] = [];
  readonly #listeners = new Set<Listener>();
  #closed = false;
  #readers = 0;
  #onIdle: (() => void) | undefined;
  #onChange: (() => void) | undefined;

  constructor(interactionId: string) {
    this.interactionId = interactionId;
  }

  /** Appends an event; readers waiting for more are woken. Ignored once the log is closed. */
  push<K extends AnswerEventName>(event: K, data: AnswerEventMap[K]): void {
    if (this.#closed) return;
    this.#events.push(encodeEvent(eventId(this.interactionId, this.#events.length), event, data));
    this.#wake();
  }

  /** Marks the answer complete (or abandoned): readers get what there is, then their stream ends. */
  close(): void {
    this.#closed = true;
    this.#wake();
  }

  /** Whether the answer is complete. */
  get closed(): boolean {
    return this.#closed;
  }

  /** How many events the log holds. */
  get length(): number {
    return this.#events.length;
  }

  /** How many connections are reading the log now. */
  get readers(): number {
    return this.#readers;
  }

  /** Called whenever the last reader goes away before the log is closed. */
  set onIdle(callback: (() => void) | undefined) {
    this.#onIdle = callback;
  }

  /** Called after every event pushed and when the log closes (for a copy in a shared store). */
  set onChange(callback: (() => void) | undefined) {
    this.#onChange = callback;
  }

  /** The encoded events from `from` on, as they are now. */
  slice(from: number): readonly string[] {
    return this.#events.slice(from);
  }

  /**
   * The encoded events from `from` (a sequence number) on, waiting for new ones until the log is
   * closed or `signal` aborts. The events already written come as one string (a stream then
   * writes them to the socket at once, not one write per event).
   */
  async *read(from: number, signal: AbortSignal): AsyncGenerator<string> {
    this.#readers++;
    try {
      let next = from;
      while (!signal.aborted) {
        if (next < this.#events.length) {
          const end = this.#events.length;
          const batch = next + 1 === end ? this.#events[next]! : this.#events.slice(next, end).join('');
          next = end;
          yield batch;
          continue;
        }
        if (this.#closed) return;
        await new Promise<void>((resolve) => {
          const done = () => {
            this.#listeners.delete(done);
            signal.removeEventListener('abort', done);
            resolve();
          };
          this.#listeners.add(done);
          signal.addEventListener('abort', done, { once: true });
        });
      }
    } finally {
      this.#readers--;
      if (this.#readers === 0 && !this.#closed) this.#onIdle?.();
    }
  }

  #wake(): void {
    for (const listener of [...this.#listeners]) listener();
    this.#onChange?.();
  }
}
