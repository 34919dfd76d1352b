import { useSyncExternalStore } from 'react';

// A router in a dozen lines, so the example needs no router library: the current path is the
// page's location, and navigating pushes a history entry. The help widget's `context` is this path.

const listeners = new Set<() => void>();
const notify = () => listeners.forEach((listener) => listener());
window.addEventListener('popstate', notify);

/** The current path (`/account/payment`); re-renders the caller when it changes. */
export function usePath(): string {
  return useSyncExternalStore(
    (listener) => {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    () => window.location.pathname,
  );
}

/** Goes to `path` without reloading the page. */
export function navigate(path: string): void {
  if (path === window.location.pathname) return;
  window.history.pushState(null, '', path);
  notify();
}
