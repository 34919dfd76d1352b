/**
 * Whether an article's `contexts` entry applies where the user is.
 *
 * An entry matches the user's context exactly (case-insensitive: feature keys and error codes),
 * or as a route pattern: `:name` matches one path segment, a trailing `*` matches the rest
 * (`/orders/:id` matches `/orders/42`; `/settings/*` matches `/settings/security/2fa`). Query
 * strings and fragments of the user's context are ignored.
 *
 * @example
 * ```ts
 * contextMatches('/orders/:id', '/orders/42?tab=items') // true
 * ```
 */
export function contextMatches(pattern: string, context: string): boolean {
  const p = pattern.trim().toLowerCase();
  const c = context
    .trim()
    .toLowerCase()
    .replace(/[?#].*$/, '');
  if (p === c) return true;
  if (!p.startsWith('/')) return false;
  const ps = p.split('/');
  const cs = c.replace(/\/+$/, '').split('/');
  for (let i = 0; i < ps.length; i++) {
    const seg = ps[i]!;
    if (seg === '*' && i === ps.length - 1) return cs.length >= ps.length - 1;
    if (i >= cs.length) return false;
    if (seg.startsWith(':') && cs[i] !== '') continue;
    if (seg !== cs[i]) return false;
  }
  return ps.length === cs.length;
}
