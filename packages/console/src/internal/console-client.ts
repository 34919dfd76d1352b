/**
 * The console API as the UI calls it: JSON over `fetch` with the session cookie, the CSRF token on
 * every write. Failures come back as values (a status and a message), never as exceptions, so each
 * screen can show them.
 */
import type { InsightsReport, InteractionRecord, ReviewRecord, ReviewVerdict, StoreRecord } from '@kotae/knowledge';

/** The queue's filters (as in `@kotae/server`'s `REVIEW_SIGNALS`). */
export const QUEUE_SIGNALS = ['thumbs-down', 'escalated', 'refused', 'low-answerability', 'flagged', 'sample'] as const;
/** Why an interaction is in the queue. */
export type QueueSignal = (typeof QUEUE_SIGNALS)[number];
/** The queue's orders. */
export const QUEUE_SORTS = ['newest', 'oldest', 'lowest-score'] as const;
/** An order of the queue. */
export type QueueSort = (typeof QUEUE_SORTS)[number];
/** The verdicts of a scorecard. */
export const VERDICTS: readonly ReviewVerdict[] = ['correct', 'partly', 'wrong', 'should-have-refused'];

/** The signed-in user (`GET /session`). */
export interface SessionInfo {
  readonly user: string;
  readonly role: 'viewer' | 'reviewer' | 'admin';
  readonly csrf: string;
  readonly expires: string;
  readonly criteria: readonly string[];
}

/** One queue row. */
export interface QueueItem {
  readonly interaction: InteractionRecord;
  readonly signals: readonly QueueSignal[];
  readonly reviews: number;
}

/** One queue page. */
export interface QueuePage {
  readonly items: readonly QueueItem[];
  readonly next?: string | undefined;
}

/** An interaction and every record of its conversation. */
export interface InteractionDetail {
  readonly interaction: InteractionRecord;
  readonly records: readonly StoreRecord[];
}

/** What a scorecard posts. */
export interface ReviewInput {
  readonly resolved: boolean;
  readonly verdict: ReviewVerdict;
  readonly scores: Record<string, number>;
  readonly note?: string;
  readonly correction?: string;
}

/** A call's outcome: the data, or the HTTP status (0: the network failed) and the server's message. */
export type Result<T> = { readonly ok: true; readonly data: T } | { readonly ok: false; readonly status: number; readonly error: string };

/** The console API client of one console page. */
export class ConsoleClient {
  /** The API's base URL, ending in `/`. */
  readonly base: string;
  /** The session's CSRF token, sent with every write. */
  csrf = '';

  constructor(base: string) {
    this.base = base.endsWith('/') ? base : `${base}/`;
  }

  /** The URL of an API path with its query. */
  url(path: string, query: Record<string, string | undefined> = {}): string {
    const url = new URL(path, this.base);
    for (const [name, value] of Object.entries(query)) if (value !== undefined && value !== '') url.searchParams.set(name, value);
    return url.href;
  }

  session(): Promise<Result<SessionInfo>> {
    return this.#call<SessionInfo>('GET', 'session');
  }
  signOut(): Promise<Result<null>> {
    return this.#call<null>('DELETE', 'session');
  }
  queue(query: Record<string, string | undefined>): Promise<Result<QueuePage>> {
    return this.#call<QueuePage>('GET', 'queue', query);
  }
  interaction(id: string): Promise<Result<InteractionDetail>> {
    return this.#call<InteractionDetail>('GET', `interactions/${encodeURIComponent(id)}`);
  }
  review(id: string, review: ReviewInput): Promise<Result<ReviewRecord>> {
    return this.#call<ReviewRecord>('POST', `interactions/${encodeURIComponent(id)}/reviews`, {}, review);
  }
  insights(days: number): Promise<Result<InsightsReport>> {
    return this.#call<InsightsReport>('GET', 'insights', { days: String(days) });
  }

  async #call<T>(method: string, path: string, query: Record<string, string | undefined> = {}, body?: unknown): Promise<Result<T>> {
    const headers: Record<string, string> = { accept: 'application/json' };
    if (method !== 'GET') headers['x-kotae-csrf'] = this.csrf;
    if (body !== undefined) headers['content-type'] = 'application/json';
    let response: Response;
    try {
      response = await fetch(this.url(path, query), {
        method,
        headers,
        credentials: 'same-origin',
        ...(body === undefined ? {} : { body: JSON.stringify(body) }),
      });
    } catch (e) {
      return { ok: false, status: 0, error: e instanceof Error ? e.message : String(e) };
    }
    if (response.status === 204) return { ok: true, data: null as T };
    const json = (await response.json().catch(() => undefined)) as unknown;
    if (!response.ok) {
      const error = typeof json === 'object' && json !== null && 'error' in json ? String(json.error) : response.statusText;
      return { ok: false, status: response.status, error };
    }
    return { ok: true, data: json as T };
  }
}
