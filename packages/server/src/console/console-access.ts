/**
 * Who may call which console API route (browser-safe): the one access policy the API enforces,
 * its documentation and its tests are derived from.
 */
import type { ConsoleRole } from './console-sessions.js';

/**
 * Every route of the console API (under `<mount>/v1/console`) and the least role it needs;
 * `public` routes need no session (the sign-in steps). A role includes the ones below it:
 * `admin` ⊃ `reviewer` ⊃ `viewer`. Every route that is not a `GET` also needs the session's
 * CSRF token and writes an audit entry.
 *
 * @example
 * ```ts
 * CONSOLE_ACCESS['POST /interactions/:id/reviews'] // 'reviewer'
 * ```
 */
export const CONSOLE_ACCESS = {
  'GET /sign-in': 'public',
  'GET /oidc/login': 'public',
  'GET /oidc/callback': 'public',
  'GET /session': 'viewer',
  'DELETE /session': 'viewer',
  'GET /insights': 'viewer',
  'GET /queue': 'reviewer',
  'GET /interactions/:id': 'reviewer',
  'GET /conversations/:id': 'reviewer',
  'POST /interactions/:id/reviews': 'reviewer',
  'GET /reviews.jsonl': 'reviewer',
  'GET /audit': 'admin',
  'POST /interactions/:id/case': 'reviewer',
  'GET /cases': 'reviewer',
  'POST /interactions/:id/topic': 'reviewer',
  'GET /topics': 'reviewer',
  'GET /classifier': 'viewer',
  'POST /classifier/train': 'reviewer',
  'POST /erase': 'admin',
} as const satisfies Record<string, ConsoleRole | 'public'>;

/** A console API route as `<METHOD> <path>`; see {@link CONSOLE_ACCESS}. */
export type ConsoleRoute = keyof typeof CONSOLE_ACCESS;

/** How much each role may do: a role may call a route when its rank is at least the route's. */
const RANK: Record<ConsoleRole, number> = { viewer: 1, reviewer: 2, admin: 3 };

/**
 * Whether `role` (`undefined`: no session) may call `route`, by {@link CONSOLE_ACCESS}.
 *
 * @example
 * ```ts
 * consoleAllows('viewer', 'GET /queue') // false
 * consoleAllows(undefined, 'GET /oidc/login') // true
 * ```
 */
export function consoleAllows(role: ConsoleRole | undefined, route: ConsoleRoute): boolean {
  const least: ConsoleRole | 'public' = CONSOLE_ACCESS[route];
  if (least === 'public') return true;
  return role !== undefined && RANK[role] >= RANK[least];
}

/**
 * Whether `role` is at least `least` (a role includes the ones below it).
 *
 * @example
 * ```ts
 * roleAtLeast('admin', 'reviewer') // true
 * ```
 */
export function roleAtLeast(role: ConsoleRole, least: ConsoleRole): boolean {
  return RANK[role] >= RANK[least];
}
