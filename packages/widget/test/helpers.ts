import { fixture, html, oneEvent, waitUntil } from '@open-wc/testing';
import '../dist/index.js';
import type { KotaeHelp } from '../dist/index.js';
import type { KotaeHelpPanel } from '../dist/components/kotae-help-panel/kotae-help-panel.js';

/** The example knowledge, really compiled by `kotae compile` (scripts/test-bundle.mjs). */
export const BUNDLE = new URL('../.tmp/bundle/manifest.json', import.meta.url).href;
/** The same bundle with one shard changed after hashing. */
export const TAMPERED = new URL('../.tmp/bundle-tampered/manifest.json', import.meta.url).href;
/**
 * A signed bundle whose manifest test/server/replay.mjs serves from v2 (newer) or v1 (older, also
 * validly signed): `POST /replay?version=v1` replays the older one at the same URL.
 */
export const SIGNED = new URL('../.tmp/signed/manifest.json', import.meta.url).href;
/** A signed bundle with a shard changed and its hash rewritten in the manifest (the signature left as it was). */
export const SIGNED_TAMPERED = new URL('../.tmp/signed-tampered/manifest.json', import.meta.url).href;
/** The public key the signed bundles were signed with (scripts/test-bundle.mjs). */
export async function publicKey(): Promise<string> {
  return (await fetch(new URL('../.tmp/public-key.txt', import.meta.url))).text();
}

export interface HelpOptions {
  readonly src?: string;
  readonly locale?: string;
  readonly context?: string;
  readonly mode?: 'floating' | 'inline';
  readonly escalateUrl?: string;
  readonly hotkey?: string;
  /** Base URL of the answer service (the Ask flow). */
  readonly endpoint?: string;
  /** Public keys the manifest must be signed by. */
  readonly publicKey?: string;
}

/** Renders a `<kotae-help>`. */
export async function renderHelp(options: HelpOptions = {}): Promise<KotaeHelp> {
  return fixture<KotaeHelp>(
    html`<kotae-help
      src=${options.src ?? BUNDLE}
      locale=${options.locale ?? 'en'}
      context=${options.context ?? ''}
      mode=${options.mode ?? 'floating'}
      escalate-url=${options.escalateUrl ?? ''}
      hotkey=${options.hotkey ?? ''}
      endpoint=${options.endpoint ?? ''}
      public-key=${options.publicKey ?? ''}
    ></kotae-help>`,
  );
}

/** The panel inside an open widget. */
export function panelOf(help: KotaeHelp): KotaeHelpPanel {
  const panel = help.shadowRoot!.querySelector('kotae-help-panel');
  if (!panel) throw new Error('the panel is not rendered');
  return panel;
}

/** A query inside the panel's shadow root. */
export function inPanel<T extends Element = HTMLElement>(help: KotaeHelp, selector: string): T | null {
  return panelOf(help).shadowRoot!.querySelector<T>(selector);
}

/** All matches inside the panel's shadow root. */
export function allInPanel<T extends Element = HTMLElement>(help: KotaeHelp, selector: string): T[] {
  return [...panelOf(help).shadowRoot!.querySelectorAll<T>(selector)];
}

/** Opens the widget and waits until the bundle is loaded (the search field and no loading message). */
export async function openReady(help: KotaeHelp): Promise<void> {
  await help.open();
  await waitUntil(() => panelOf(help).status !== 'loading', 'the bundle did not load', { timeout: 8000 });
  await panelOf(help).updateComplete;
}

/** Types into the search field the way a user does (input events) and waits for the results. */
export async function typeQuery(help: KotaeHelp, text: string): Promise<void> {
  const input = inPanel<HTMLInputElement>(help, 'input')!;
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await oneEvent(help, 'kotae-search');
  await panelOf(help).updateComplete;
}

/** Titles of the result groups, in order. */
export function resultTitles(help: KotaeHelp): string[] {
  return allInPanel(help, '[role="group"] > .title').map((t) => t.textContent ?? '');
}

/** Types a question and presses Enter with no row chosen, which asks it (with an endpoint). */
export async function askQuestion(help: KotaeHelp, text: string): Promise<void> {
  const input = inPanel<HTMLInputElement>(help, 'input')!;
  input.focus();
  input.value = text;
  input.dispatchEvent(new InputEvent('input', { bubbles: true, composed: true }));
  await panelOf(help).updateComplete;
  input.dispatchEvent(new KeyboardEvent('keydown', { key: 'Enter', bubbles: true, composed: true, cancelable: true }));
}
