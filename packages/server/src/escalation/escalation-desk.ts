import type { EscalationRecord, InteractionRecord } from '@kotae/knowledge';
import { EscalationDeliveryError } from '../errors.js';
import type { InteractionStore } from '../store/interaction-store.js';
import type { Escalation, EscalationDestination } from './escalation-destination.js';

/** How failed deliveries are retried. */
export interface EscalationRetryOptions {
  /** Attempts per destination before the escalation is dead-lettered for it. @default 8 */
  readonly attempts?: number | undefined;
  /** Wait before the second attempt, in milliseconds; each further wait doubles. @default 1000 */
  readonly initialDelayMs?: number | undefined;
  /** Longest wait between two attempts, in milliseconds. @default 300000 */
  readonly maxDelayMs?: number | undefined;
}

/** Options of the answer service's escalations (`AnswerServiceOptions.escalations`). */
export interface EscalationOptions {
  /**
   * Where escalations are forwarded after they are recorded: {@link webhookDestination},
   * `smtpDestination` (`@kotae/server/node`), your own. Without any, escalations are recorded in
   * the store only (and the host page's `kotae-request-escalate` handler is the way to a person).
   * @default []
   */
  readonly destinations?: readonly EscalationDestination[] | undefined;
  /** Retries of a failed delivery, with exponential backoff. */
  readonly retry?: EscalationRetryOptions | undefined;
  /**
   * On start, escalations filed this recently whose delivery had not finished (the process
   * stopped while retrying) are delivered again, from the store's records. `0` turns it off.
   * @default 86400000 (one day)
   */
  readonly resumeWithinMs?: number | undefined;
}

interface Pending {
  readonly record: EscalationRecord;
  readonly destination: EscalationDestination;
  attempt: number;
}

/**
 * Records escalations and forwards them: the `filed` record is appended (durably) before anything
 * else, then each destination is tried in the background; every attempt appends a `delivery`
 * record, and the last failed one is marked `deadLetter`. Delivery is at least once: after a
 * restart, unfinished deliveries resume from the store, so a destination may see an escalation
 * twice (same `id`).
 */
export class EscalationDesk {
  readonly destinations: readonly EscalationDestination[];
  readonly #store: InteractionStore;
  readonly #now: () => number;
  readonly #onError: (error: unknown) => void;
  readonly #attempts: number;
  readonly #initialDelay: number;
  readonly #maxDelay: number;
  readonly #timers = new Set<ReturnType<typeof setTimeout>>();
  readonly #running = new Set<Promise<void>>();
  #idle: (() => void)[] = [];
  #closed = false;

  constructor(store: InteractionStore, options: EscalationOptions, now: () => number, onError: (error: unknown) => void) {
    this.#store = store;
    this.destinations = options.destinations ?? [];
    const names = new Set<string>();
    for (const d of this.destinations) {
      if (names.has(d.name)) throw new EscalationDeliveryError(d.name, 'two escalation destinations have this name', { permanent: true });
      names.add(d.name);
    }
    this.#now = now;
    this.#onError = onError;
    this.#attempts = Math.max(1, options.retry?.attempts ?? 8);
    this.#initialDelay = options.retry?.initialDelayMs ?? 1000;
    this.#maxDelay = options.retry?.maxDelayMs ?? 300_000;
  }

  /** Appends the `filed` record (durable when this resolves), then starts delivering it. */
  async file(record: EscalationRecord): Promise<void> {
    await this.#store.append(record);
    for (const destination of this.destinations)
      if (record.destinations?.includes(destination.name)) this.#schedule({ record, destination, attempt: 1 }, 0);
  }

  /**
   * Delivers again what the store says is unfinished: `filed` records at most `withinMs` old with
   * a destination that has neither accepted them nor been given up on. Resolves with how many
   * deliveries it restarted.
   */
  async resume(withinMs: number): Promise<number> {
    const since = new Date(this.#now() - withinMs).toISOString();
    const filed = new Map<string, EscalationRecord>();
    const tries = new Map<string, { attempts: number; done: boolean }>();
    for await (const r of this.#store.records({ since })) {
      if (r.kind !== 'escalation' || r.id === undefined) continue;
      if (r.stage === 'filed') filed.set(r.id, r);
      else if (r.stage === 'delivery' && r.destination !== undefined) {
        const key = `${r.id} ${r.destination}`;
        const t = tries.get(key) ?? { attempts: 0, done: false };
        t.attempts = Math.max(t.attempts, r.attempt ?? 1);
        t.done ||= r.delivered || r.deadLetter === true;
        tries.set(key, t);
      }
    }
    let restarted = 0;
    for (const record of filed.values())
      for (const destination of this.destinations) {
        if (!record.destinations?.includes(destination.name)) continue;
        const t = tries.get(`${record.id} ${destination.name}`);
        if (t?.done) continue;
        this.#schedule({ record, destination, attempt: (t?.attempts ?? 0) + 1 }, 0);
        restarted++;
      }
    return restarted;
  }

  /** Resolves once no delivery is running or waiting for a retry (tests, a graceful shutdown). */
  idle(): Promise<void> {
    if (this.#timers.size === 0 && this.#running.size === 0) return Promise.resolve();
    return new Promise((resolve) => this.#idle.push(resolve));
  }

  /** Stops retrying (what is waiting stays unfinished in the store, for `resume`). */
  close(): void {
    this.#closed = true;
    for (const timer of this.#timers) clearTimeout(timer);
    this.#timers.clear();
    this.#settle();
  }

  #schedule(pending: Pending, delayMs: number): void {
    if (this.#closed) return;
    const timer = setTimeout(() => {
      this.#timers.delete(timer);
      const run = this.#attempt(pending).catch(this.#onError);
      this.#running.add(run);
      void run.finally(() => {
        this.#running.delete(run);
        this.#settle();
      });
    }, delayMs);
    // A retry waiting for minutes must not keep a finished process alive; resume picks it up.
    (timer as { unref?: () => void }).unref?.();
    this.#timers.add(timer);
  }

  async #attempt(pending: Pending): Promise<void> {
    const { record, destination, attempt } = pending;
    const interaction = record.interactionId === record.id ? undefined : await this.#store.interaction(record.interactionId);
    const base = {
      kind: 'escalation',
      id: record.id,
      interactionId: record.interactionId,
      stage: 'delivery',
      destination: destination.name,
      attempt,
    } as const;
    try {
      const receipt = await destination.deliver(escalationOf(record, interaction), attempt);
      await this.#store.append({ ...base, at: new Date(this.#now()).toISOString(), delivered: true, ...receipt });
    } catch (error) {
      const failure =
        error instanceof EscalationDeliveryError ? error : new EscalationDeliveryError(destination.name, String(error), { cause: error });
      const dead = failure.permanent || attempt >= this.#attempts;
      this.#onError(failure);
      await this.#store.append({
        ...base,
        at: new Date(this.#now()).toISOString(),
        delivered: false,
        error: failure.message,
        ...(failure.status === undefined ? {} : { status: failure.status }),
        ...(dead ? { deadLetter: true } : {}),
      });
      if (!dead)
        this.#schedule({ record, destination, attempt: attempt + 1 }, Math.min(this.#maxDelay, this.#initialDelay * 2 ** (attempt - 1)));
    }
  }

  #settle(): void {
    if (this.#timers.size > 0 || this.#running.size > 0) return;
    const waiting = this.#idle;
    this.#idle = [];
    for (const resolve of waiting) resolve();
  }
}

/** What destinations receive, from the `filed` record and (with consent) its interaction. */
export function escalationOf(record: EscalationRecord, interaction: InteractionRecord | undefined): Escalation {
  return {
    id: record.id ?? record.interactionId,
    at: record.at,
    ...(interaction ? { interactionId: interaction.id } : {}),
    reason: record.reason ?? 'other',
    locale: record.locale,
    context: record.context,
    question: record.question,
    message: record.message,
    contact: record.contact,
    articles: record.articles,
    ...(interaction && record.attachConversation
      ? {
          conversation: {
            question: interaction.query,
            answer: interaction.answer,
            mode: interaction.mode,
            sources: interaction.sourceIds,
            citations: interaction.citations,
          },
        }
      : {}),
  };
}
