import { APIError, APIUserAbortError } from 'openai';
import { ModelError } from '@kotae/knowledge/errors';

/** A code as a provider sends it (`invalid_api_key`, `ECONNREFUSED`), or undefined for anything else. */
function safeCode(value: unknown): string | undefined {
  return typeof value === 'string' && /^[A-Za-z0-9_.-]{1,64}$/.test(value) ? value : undefined;
}

/**
 * A failed model call reduced to what is safe to log and record: the HTTP status and the
 * provider's error code (`HTTP 401 invalid_api_key`), or the network error's code
 * (`ECONNREFUSED`). Never the provider's message or body, nor the original error as `cause`: a
 * provider or a proxy may echo the request in them, `Authorization` header and API key included.
 */
export function upstreamError(error: unknown): ModelError {
  if (error instanceof ModelError) return error;
  if (error instanceof APIUserAbortError) return new ModelError('network', 'the call was aborted');
  if (error instanceof APIError && error.status !== undefined) {
    const reason = error.status === 429 ? 'rate-limited' : 'http-error';
    const code = safeCode(error.code) ?? safeCode(error.type);
    return new ModelError(reason, `HTTP ${error.status}${code ? ` ${code}` : ''}`, {
      status: error.status,
      retryAfterMs: retryAfterMs(error.headers?.get('retry-after')),
    });
  }
  const cause = (error as { cause?: { code?: unknown } } | undefined)?.cause;
  const code = safeCode((error as { code?: unknown } | undefined)?.code) ?? safeCode(cause?.code);
  if (error instanceof APIError) return new ModelError('model-error', `the model API failed${code ? `: ${code}` : ''}`);
  return new ModelError('network', `the model API could not be reached${code ? `: ${code}` : ''}`);
}

/** A `Retry-After` header (seconds, or an HTTP date) in milliseconds from now. */
function retryAfterMs(value: string | null | undefined): number | undefined {
  if (!value) return undefined;
  if (/^\s*\d+\s*$/.test(value)) return Number(value) * 1000;
  const at = Date.parse(value);
  return Number.isNaN(at) ? undefined : Math.max(0, at - Date.now());
}

/** A model's in-stream error event reduced the same way: its code only. */
export function streamError(code: unknown): ModelError {
  return new ModelError('model-error', `the model sent an error event${safeCode(code) ? `: ${safeCode(code)}` : ''}`);
}
