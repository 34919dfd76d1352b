/**
 * Rollback protection across page loads: the highest manifest `sequence` this browser verified,
 * per manifest URL, in `localStorage`. Keyed by URL, not bundle id, so a staging channel's newer
 * manifest on the same origin never blocks the production one. Where storage is unavailable
 * (blocked, a sandboxed frame) the worker still refuses an older manifest within the page's life.
 */

const PREFIX = 'kotae:sequence:';

/** The highest sequence verified for this manifest URL, or `undefined`. */
export function seenSequence(manifestUrl: string): number | undefined {
  try {
    const value = Number(localStorage.getItem(PREFIX + manifestUrl) ?? Number.NaN);
    return Number.isSafeInteger(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Remembers a verified sequence when it is higher than the one kept. */
export function recordSequence(manifestUrl: string, sequence: number | undefined): void {
  if (sequence === undefined || sequence <= (seenSequence(manifestUrl) ?? -1)) return;
  try {
    localStorage.setItem(PREFIX + manifestUrl, String(sequence));
  } catch {
    // Storage full or blocked: the in-page check still holds.
  }
}
