/** What a masked secret is replaced with. */
export const MASK = '***';

// A bearer token as an Authorization header or a log line shows it, and the shapes of common API
// keys (OpenAI `sk-…`, `sk-proj-…`), wherever they appear: a key the service was not told about
// (a proxy's, another provider's) is masked too.
const BEARER = /\b(bearer\s+)[A-Za-z0-9\-._~+/]{8,}=*/gi;
const KEY_SHAPES = /\bsk-[A-Za-z0-9_-]{16,}/g;

/**
 * Masks secrets in a text: every occurrence of each of `secrets` (the configured API key, a
 * token), every bearer token (`Bearer abc…`) and every string shaped like an OpenAI API key
 * (`sk-…`). For everything the service and the CLI print, log or store.
 *
 * @example
 * ```ts
 * maskSecrets('401: bad key sk-test-1234 (Authorization: Bearer sk-test-1234)', ['sk-test-1234']);
 * // '401: bad key *** (Authorization: Bearer ***)'
 * ```
 */
export function maskSecrets(text: string, secrets: readonly (string | undefined)[] = []): string {
  let masked = text;
  for (const secret of secrets) if (secret && secret.length >= 4) masked = masked.split(secret).join(MASK);
  return masked.replace(BEARER, `$1${MASK}`).replace(KEY_SHAPES, MASK);
}

/** `value` with {@link maskSecrets} applied to every string in it (arrays and plain objects, deeply). */
export function maskSecretsDeep<T>(value: T, secrets: readonly (string | undefined)[] = []): T {
  if (typeof value === 'string') return maskSecrets(value, secrets) as T;
  if (Array.isArray(value)) return value.map((item: unknown) => maskSecretsDeep(item, secrets)) as T;
  if (value && typeof value === 'object' && Object.getPrototypeOf(value) === Object.prototype) {
    const out: Record<string, unknown> = {};
    for (const [key, item] of Object.entries(value)) out[key] = maskSecretsDeep(item, secrets);
    return out as T;
  }
  return value;
}
