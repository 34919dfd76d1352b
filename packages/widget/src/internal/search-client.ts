import { KotaeBundleError } from '@kotae/knowledge';
import { kotaePolicy } from './trusted-types.js';
import type { WorkerRequest, WorkerResponse, WorkerResults } from './worker-protocol.js';

/** Distributes `Omit` over the request union. */
type RequestBody<T extends WorkerRequest['type']> = Omit<Extract<WorkerRequest, { type: T }>, 'id' | 'type'>;

/**
 * An error the worker reported, with the original error's class name kept in `name` and its
 * `code` when it was a `KotaeError` (`bundle-integrity`, `bundle-fetch-failed`…); else the code is
 * `search-worker-failed` (or `search-worker-stopped` when the worker was stopped). It is in the
 * `bundle` family: the worker's work is loading and searching the help bundle.
 */
export class SearchWorkerError extends KotaeBundleError {
  /** The original error's code, `search-worker-failed` or `search-worker-stopped`. */
  override readonly code: string;
  constructor(name: string, message: string, code = 'search-worker-failed') {
    super(message);
    this.name = name;
    this.code = code;
  }
}

/**
 * The page's side of the search worker: one request, one promise. The worker starts on the
 * first request, from the `search-worker.js` file next to this module.
 */
export class SearchClient {
  #worker: Worker | undefined;
  #next = 1;
  readonly #pending = new Map<number, { resolve(value: unknown): void; reject(error: Error): void }>();

  /** Sends one request to the worker. */
  request<T extends WorkerRequest['type']>(type: T, body: RequestBody<T>): Promise<WorkerResults[T]> {
    const worker = this.#start();
    const id = this.#next++;
    return new Promise<WorkerResults[T]>((resolve, reject) => {
      this.#pending.set(id, { resolve: resolve as (value: unknown) => void, reject });
      worker.postMessage({ ...body, type, id } as unknown as WorkerRequest);
    });
  }

  /** Stops the worker; pending requests reject. */
  terminate(): void {
    this.#worker?.terminate();
    this.#worker = undefined;
    for (const { reject } of this.#pending.values())
      reject(new SearchWorkerError('AbortError', 'search worker stopped', 'search-worker-stopped'));
    this.#pending.clear();
  }

  #start(): Worker {
    if (this.#worker) return this.#worker;
    const url = new URL('./search-worker.js', import.meta.url).href;
    const worker = new Worker(kotaePolicy().createScriptURL(url) as string, { type: 'module', name: 'kotae-search' });
    worker.addEventListener('message', (event: MessageEvent<WorkerResponse>) => {
      const reply = event.data;
      const pending = this.#pending.get(reply.id);
      if (!pending) return;
      this.#pending.delete(reply.id);
      if (reply.ok) pending.resolve(reply.value);
      else pending.reject(new SearchWorkerError(reply.name, reply.message, reply.code));
    });
    worker.addEventListener('error', (event) => {
      const error = new SearchWorkerError('WorkerError', event.message || 'the search worker failed to start');
      for (const { reject } of this.#pending.values()) reject(error);
      this.#pending.clear();
      // A failed worker answers nothing more: the next request starts a new one.
      worker.terminate();
      if (this.#worker === worker) this.#worker = undefined;
    });
    this.#worker = worker;
    return worker;
  }
}
