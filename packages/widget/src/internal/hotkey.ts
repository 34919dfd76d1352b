/** A parsed keyboard shortcut. */
export interface Hotkey {
  readonly key: string;
  readonly ctrl: boolean;
  readonly meta: boolean;
  readonly alt: boolean;
  readonly shift: boolean;
}

const isMac = (): boolean => /mac|iphone|ipad/i.test(navigator.platform || navigator.userAgent);

/**
 * Parses `mod+k`, `ctrl+shift+h`, `/` or `?`: modifiers joined by `+`, then the key. `mod` is
 * ⌘ on Apple platforms and Ctrl elsewhere.
 */
export function parseHotkey(spec: string): Hotkey {
  const parts = spec
    .toLowerCase()
    .split('+')
    .map((p) => p.trim());
  const key = parts.pop() || '+';
  const has = (name: string) => parts.includes(name);
  const mod = has('mod');
  return {
    key,
    ctrl: has('ctrl') || (mod && !isMac()),
    meta: has('meta') || has('cmd') || (mod && isMac()),
    alt: has('alt'),
    shift: has('shift'),
  };
}

/** Whether a keydown is the shortcut (Shift is ignored for printable keys such as `?`). */
export function hotkeyMatches(hotkey: Hotkey, event: KeyboardEvent): boolean {
  const printable = hotkey.key.length === 1 && !hotkey.ctrl && !hotkey.meta && !hotkey.alt;
  return (
    event.key.toLowerCase() === hotkey.key &&
    event.ctrlKey === hotkey.ctrl &&
    event.metaKey === hotkey.meta &&
    event.altKey === hotkey.alt &&
    (printable || event.shiftKey === hotkey.shift)
  );
}

/** Whether the user is typing in a field (where a shortcut must never fire). */
export function isTypingTarget(target: EventTarget | undefined): boolean {
  if (!(target instanceof HTMLElement)) return false;
  if (target.isContentEditable) return true;
  if (target instanceof HTMLTextAreaElement || target instanceof HTMLSelectElement) return true;
  if (target instanceof HTMLInputElement) {
    return !['button', 'checkbox', 'radio', 'reset', 'submit', 'image', 'range', 'color', 'file'].includes(target.type);
  }
  return false;
}
