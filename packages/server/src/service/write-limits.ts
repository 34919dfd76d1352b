import type { Context, MiddlewareHandler } from 'hono';
import type { InteractionStore } from '../store/interaction-store.js';
import type { ClientIdentity } from './client-identity.js';
import type { LimitRule, LimitStore } from './limit-store.js';
import type { RateLimitOptions } from './rate-limiter.js';

const DAY_MS = 86_400_000;

/** A client's daily allowance of store growth (see {@link WriteLimitOptions.dailyQuota}). */
export interface DailyQuotaOptions {
  /** Bytes of records (interactions, feedback, escalations) a client may add to the store in a day. @default 5000000 */
  readonly bytes?: number | undefined;
  /** Records a client may add to the store in a day. @default 2000 */
  readonly records?: number | undefined;
}

/**
 * The limits on the service's writes, per client identity (see `AnswerServiceOptions.clientIdentity`)
 * and per interaction. Every allowance refills steadily (a token bucket), so a "day" is a
 * rolling 24 hours, not a calendar day.
 */
export interface WriteLimitOptions {
  /** `POST /v1/feedback` requests per client. @default { burst: 20, perMinute: 60 } */
  readonly feedback?: RateLimitOptions | undefined;
  /**
   * Feedback a client may record on one interaction in a day: the first verdict and its changes
   * (the latest one counts in every report). @default 5
   */
  readonly feedbackPerInteraction?: number | undefined;
  /** Feedback recorded on one interaction in a day, from all clients together. @default 20 */
  readonly feedbackPerInteractionTotal?: number | undefined;
  /** `POST /v1/escalations` requests per client. @default { burst: 3, perMinute: 0.5 } */
  readonly escalations?: RateLimitOptions | undefined;
  /**
   * Escalations of one conversation (its interactions' `conversationId`, or the interaction
   * alone without one) in a day, from all clients together. @default 3
   */
  readonly escalationsPerConversation?: number | undefined;
  /** Store growth per client in a day; `false` turns it off. @default { bytes: 5000000, records: 2000 } */
  readonly dailyQuota?: DailyQuotaOptions | false | undefined;
}

/** The `limit` a 429 names: which allowance ran out. */
export type LimitName =
  'answers' | 'feedback' | 'feedback-per-interaction' | 'escalations' | 'escalations-per-conversation' | 'daily-bytes' | 'daily-records';

/** The body of a 429. */
export interface LimitedBody {
  error: { code: 'rate_limited' | 'interaction_limit' | 'quota_exceeded'; message: string; limit: LimitName; retryAfter: number };
}

/** A limit that refused a request: its `limit` and the seconds to wait. */
interface Refusal {
  readonly limit: LimitName;
  readonly wait: number;
}

const CODES: Record<LimitName, LimitedBody['error']['code']> = {
  answers: 'rate_limited',
  feedback: 'rate_limited',
  escalations: 'rate_limited',
  'feedback-per-interaction': 'interaction_limit',
  'escalations-per-conversation': 'interaction_limit',
  'daily-bytes': 'quota_exceeded',
  'daily-records': 'quota_exceeded',
};

const MESSAGES: Record<LimitName, string> = {
  answers: 'too many questions',
  feedback: 'too much feedback',
  escalations: 'too many escalations',
  'feedback-per-interaction': 'this answer has had as much feedback as it can take for now',
  'escalations-per-conversation': 'this conversation has been escalated as often as it can be for now',
  'daily-bytes': 'this client has recorded as much as it may today',
  'daily-records': 'this client has recorded as much as it may today',
};

/** A bucket rule from a rate: `burst` at once, then `perMinute`. */
export function rateRule(rate: RateLimitOptions | undefined, defaults: { burst: number; perMinute: number }): LimitRule {
  const burst = rate?.burst ?? defaults.burst;
  const perMinute = rate?.perMinute ?? defaults.perMinute;
  return { capacity: burst, refillMs: (burst / perMinute) * 60_000 };
}

/**
 * The service's limits on its writes, checked by Hono middleware in front of the feedback and
 * escalation routes (and by the answer route through {@link ServiceLimits.admit}), so a route's
 * body knows nothing of them. A refusal is a 429 with `Retry-After` and a {@link LimitedBody}.
 */
export class ServiceLimits {
  readonly #store: LimitStore;
  readonly #identify: ClientIdentity;
  readonly #interactions: InteractionStore;
  readonly #answer: LimitRule | undefined;
  readonly #writes: WriteLimitOptions | undefined;
  readonly #feedback: LimitRule;
  readonly #escalations: LimitRule;
  readonly #bytes: LimitRule | undefined;
  readonly #records: LimitRule | undefined;

  constructor(options: {
    store: LimitStore;
    identify: ClientIdentity;
    interactions: InteractionStore;
    answers: RateLimitOptions | false;
    writes: WriteLimitOptions | false;
  }) {
    this.#store = options.store;
    this.#identify = options.identify;
    this.#interactions = options.interactions;
    this.#answer = options.answers === false ? undefined : rateRule(options.answers, { burst: 10, perMinute: 30 });
    this.#writes = options.writes === false ? undefined : options.writes;
    const writes = this.#writes ?? {};
    this.#feedback = rateRule(writes.feedback, { burst: 20, perMinute: 60 });
    this.#escalations = rateRule(writes.escalations, { burst: 3, perMinute: 0.5 });
    const quota = writes.dailyQuota === false ? undefined : (writes.dailyQuota ?? {});
    this.#bytes = this.#writes && quota ? { capacity: quota.bytes ?? 5_000_000, refillMs: DAY_MS } : undefined;
    this.#records = this.#writes && quota ? { capacity: quota.records ?? 2000, refillMs: DAY_MS } : undefined;
  }

  /** The request's client identity (cached on the context). */
  async identity(c: Context): Promise<string> {
    const known = c.get('kotaeClient' as never) as string | undefined;
    if (known) return known;
    const id = await this.#identify(c.req.raw, c.env);
    c.set('kotaeClient' as never, id as never);
    return id;
  }

  /**
   * Admits a question for `client`: the answer rate and the daily quota. Returns the 429 to send,
   * or undefined.
   */
  async admit(c: Context, client: string): Promise<Response | undefined> {
    const refusal =
      (this.#answer && (await this.#take('answers', `answers:${client}`, 1, this.#answer))) || (await this.#quotaFull(client));
    return refusal ? limited(c, refusal) : undefined;
  }

  /** Counts a record `client` added to the store against its daily quota. */
  async charge(client: string, bytes: number): Promise<void> {
    if (this.#bytes) await this.#store.charge(`daily-bytes:${client}`, bytes, this.#bytes);
    if (this.#records) await this.#store.charge(`daily-records:${client}`, 1, this.#records);
  }

  /** Middleware in front of `POST /v1/feedback`. */
  readonly feedback: MiddlewareHandler = async (c, next) => {
    if (!this.#writes) return next();
    const client = await this.identity(c);
    const id = await interactionIdOf(c);
    const refusal =
      (await this.#take('feedback', `feedback:${client}`, 1, this.#feedback)) ||
      (await this.#quotaFull(client)) ||
      (id !== undefined && (await this.#interactions.interaction(id))
        ? (await this.#take('feedback-per-interaction', `feedback:${client}:${id}`, 1, perDay(this.#writes.feedbackPerInteraction ?? 5))) ||
          (await this.#take('feedback-per-interaction', `feedback-all:${id}`, 1, perDay(this.#writes.feedbackPerInteractionTotal ?? 20)))
        : undefined);
    if (refusal) return limited(c, refusal);
    await next();
    if (c.res.status < 300) await this.charge(client, await recordBytes(c));
  };

  /** Middleware in front of `POST /v1/escalations`. */
  readonly escalations: MiddlewareHandler = async (c, next) => {
    if (!this.#writes) return next();
    const client = await this.identity(c);
    const id = await interactionIdOf(c);
    const interaction = id === undefined ? undefined : await this.#interactions.interaction(id);
    const conversation = interaction && (interaction.conversationId ?? interaction.id);
    const refusal =
      (await this.#take('escalations', `escalations:${client}`, 1, this.#escalations)) ||
      (await this.#quotaFull(client)) ||
      (conversation !== undefined
        ? await this.#take(
            'escalations-per-conversation',
            `escalations-conversation:${conversation}`,
            1,
            perDay(this.#writes.escalationsPerConversation ?? 3),
          )
        : undefined);
    if (refusal) return limited(c, refusal);
    await next();
    // A recorded escalation counts (delivery happens later, in the background).
    if (c.res.status < 300) await this.charge(client, await recordBytes(c));
  };

  async #quotaFull(client: string): Promise<Refusal | undefined> {
    return (
      (this.#bytes && (await this.#take('daily-bytes', `daily-bytes:${client}`, 0, this.#bytes))) ||
      (this.#records && (await this.#take('daily-records', `daily-records:${client}`, 0, this.#records))) ||
      undefined
    );
  }

  async #take(limit: LimitName, key: string, cost: number, rule: LimitRule): Promise<Refusal | undefined> {
    const wait = await this.#store.take(key, cost, rule);
    return wait > 0 ? { limit, wait } : undefined;
  }
}

function perDay(count: number): LimitRule {
  return { capacity: count, refillMs: DAY_MS };
}

/** The 429 for a refusal. */
function limited(c: Context, refusal: Refusal): Response {
  c.header('retry-after', String(refusal.wait));
  const body: LimitedBody = {
    error: {
      code: CODES[refusal.limit],
      message: `${MESSAGES[refusal.limit]}; try again in ${refusal.wait} s`,
      limit: refusal.limit,
      retryAfter: refusal.wait,
    },
  };
  return c.json(body, 429);
}

/** The body's `interactionId`, when it has one (the route itself answers a bad body). */
async function interactionIdOf(c: Context): Promise<string | undefined> {
  try {
    const body = JSON.parse(await c.req.text()) as { interactionId?: unknown };
    return typeof body.interactionId === 'string' && body.interactionId ? body.interactionId : undefined;
  } catch {
    return undefined;
  }
}

/** What a write adds to the store, about: the request body and a record's fixed fields. */
async function recordBytes(c: Context): Promise<number> {
  return new TextEncoder().encode(await c.req.text()).length + 200;
}
