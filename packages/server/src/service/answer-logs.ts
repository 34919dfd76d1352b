import { AnswerLog } from './answer-log.js';

/**
 * The answer logs a service keeps for resuming: each for `ttlMs` after it was created, and at
 * most `max` of them (the oldest go first). In memory, per process: a resume must reach the
 * instance that produced the answer (sticky sessions), or it gets `410 resume_unavailable`.
 */
export class AnswerLogs {
  readonly #logs = new Map<string, { log: AnswerLog; expires: number }>();
  readonly #ttlMs: number;
  readonly #max: number;
  readonly #now: () => number;

  constructor(options: { ttlMs: number; max: number; now?: () => number }) {
    this.#ttlMs = options.ttlMs;
    this.#max = options.max;
    this.#now = options.now ?? Date.now;
  }

  /** A new log for `interactionId`. */
  create(interactionId: string): AnswerLog {
    this.#sweep();
    const log = new AnswerLog(interactionId);
    this.#logs.set(interactionId, { log, expires: this.#now() + this.#ttlMs });
    while (this.#logs.size > this.#max) this.#logs.delete(this.#logs.keys().next().value!);
    return log;
  }

  /** The log of `interactionId`, while it is kept. */
  get(interactionId: string): AnswerLog | undefined {
    const entry = this.#logs.get(interactionId);
    if (!entry || entry.expires < this.#now()) return undefined;
    return entry.log;
  }

  #sweep(): void {
    const now = this.#now();
    for (const [id, entry] of this.#logs) {
      if (entry.expires >= now) break;
      this.#logs.delete(id);
    }
  }
}
