import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { KotaeCloseEvent, KotaeOpenEvent } from '../../events/events.js';
import { messagesFor, resolveLocale } from '../../i18n/locale.js';
import type { KotaeMessages } from '../../i18n/messages.js';
import { hotkeyMatches, isTypingTarget, parseHotkey, type Hotkey } from '../../internal/hotkey.js';
import { PhoneViewport } from '../../internal/phone-viewport.js';
import type { KotaeHelpPanel } from '../kotae-help-panel/kotae-help-panel.js';
import { helpStyles, themeStyles } from './kotae-help.styles.js';

/** How the help is shown. */
export type KotaeHelpMode = 'floating' | 'inline';
/** Colour scheme: follow the host's `prefers-color-scheme`, or force one. */
export type KotaeHelpTheme = 'auto' | 'light' | 'dark';

/** Loads the panel (and with it nothing else: the worker and the sanitizer come later still). */
const loadPanel = (): Promise<unknown> => import('../kotae-help-panel/kotae-help-panel.js');

/**
 * @summary In-product help: search the knowledge bundle as you type, read the guidance, say
 * whether it helped, reach a human when it did not.
 *
 * The element itself is tiny; the panel, the search worker and the HTML sanitizer load on first
 * open (the panel also when the browser is idle). The bundle at `src` is fetched and its
 * SHA-256 hashes verified in a Web Worker (with `public-key`, after its Ed25519 signature). With an `endpoint`, the user can also ask the answer
 * service (the Ask flow, whose code loads only then): the answer streams in with citations.
 * Each time the panel is opened again, the manifest is revalidated with the server; when a new
 * version was published, it is loaded and verified, and replaces the old one.
 *
 * @event kotae-open - The panel opened.
 * @event kotae-close - The panel closed.
 * @event kotae-search - A search the user typed has results: `query`, `locale`, `resultCount`.
 * @event kotae-article - The user opened an article: `articleId`, `locale`, `query`.
 * @event kotae-feedback - "Did this solve your problem?" answered: `articleId` (empty under an answer), `helpful`, `locale`, `query`, `interactionId` (under an answer).
 * @event kotae-request-escalate - The user asked for a human: `query`, `articles`, `locale`, `interactionId` (from an answer). Cancelable; if not cancelled, `escalate-url` opens.
 * @event kotae-ask - The user asked the answer service a question: `query`, `locale`.
 * @event kotae-answer - An asked answer is complete: `interactionId`, `mode`, `grounded`, `query`, `locale`.
 * @event kotae-error - The bundle could not be loaded or verified (a bad or missing signature, an older manifest replayed, a hash mismatch; also a newly published version, on reopening: the old one stays in use), a search failed, no answer could be had or its feedback not posted: `error`, `phase`.
 *
 * @csspart launcher - The floating launcher button.
 * @csspart panel - The panel frame.
 * @csspart search - The search field.
 * @csspart results - The result list.
 * @csspart article - The article view.
 * @csspart answer - The asked answer (with an `endpoint`).
 * @csspart feedback - The "Did this solve your problem?" block.
 * @csspart contact - The "Contact support" button.
 * @csspart source-language - The badge naming the language of an answer's source written in another language than the page.
 *
 * @cssproperty --kotae-font-family - Font of the widget.
 * @cssproperty --kotae-font-size - Base font size. @default 1rem
 * @cssproperty --kotae-radius - Corner radius of the panel.
 * @cssproperty --kotae-offset - Distance of the launcher and panel from the viewport edge.
 * @cssproperty --kotae-z-index - Stacking order of the floating launcher and panel.
 * @cssproperty --kotae-panel-width - Width of the floating panel.
 * @cssproperty --kotae-panel-height - Height of the panel.
 * @cssproperty --kotae-color-bg - Background (light); `--kotae-color-bg-dark` in dark.
 * @cssproperty --kotae-color-fg - Text colour (light); `--kotae-color-fg-dark` in dark.
 * @cssproperty --kotae-color-muted - Secondary text (light); `--kotae-color-muted-dark` in dark.
 * @cssproperty --kotae-color-accent - Launcher and buttons (light); `--kotae-color-accent-dark` in dark.
 * @cssproperty --kotae-color-accent-fg - Text on the accent (light); `--kotae-color-accent-fg-dark` in dark.
 * @cssproperty --kotae-color-border - Borders (light); `--kotae-color-border-dark` in dark.
 * @cssproperty --kotae-color-surface - Hovered and active rows (light); `--kotae-color-surface-dark` in dark.
 * @cssproperty --kotae-color-mark - Highlighted search terms (light); `--kotae-color-mark-dark` in dark.
 * @cssproperty --kotae-color-focus - Focus ring (light); `--kotae-color-focus-dark` in dark.
 */
export class KotaeHelp extends LitElement {
  // Lit's `static properties` rather than its decorators: the embed build then carries neither the
  // decorator functions nor tsc's `__decorate` helper (once per component), ~0.7 KB gzip less.
  // Each property's documentation stays on its field below. Internal state is `attribute: false`
  // (what Lit's `state: true` amounts to), which the custom-elements manifest understands.
  static override properties = {
    src: { reflect: true },
    endpoint: { reflect: true },
    locale: { reflect: true },
    context: { reflect: true },
    mode: { reflect: true },
    theme: { reflect: true },
    escalateUrl: { attribute: 'escalate-url', reflect: true },
    hotkey: { reflect: true },
    imageOrigins: { attribute: 'image-origins', reflect: true },
    publicKey: { attribute: 'public-key', reflect: true },
    messages: { attribute: false },
    isOpen: { type: Boolean, reflect: true, attribute: 'open' },
    panelReady: { attribute: false },
  };

  /** Shadow styles (theme and layout); restyle through `--kotae-*` properties and parts. */
  static override styles = [themeStyles, helpStyles];

  /** URL of the bundle's `manifest.json`. */
  src = '';
  /** Base URL of the answer service: `POST {endpoint}/v1/answer` and `/v1/feedback`. Without it there is no Ask flow (search only). */
  endpoint = '';
  /** UI and search locale. @default the page's `lang`, then the browser's language */
  locale = '';
  /** Where the user is in the product: a route (`/orders/42`), a feature key or an error code. */
  context = '';
  /** `floating` (launcher button + panel) or `inline` (the panel in the page). */
  mode: KotaeHelpMode = 'floating';
  /** `auto` follows the host's colour scheme. */
  theme: KotaeHelpTheme = 'auto';
  /** Where "Contact support" goes when the host does not cancel `kotae-request-escalate`. */
  escalateUrl = '';
  /** Keyboard shortcut that opens the panel, e.g. `/` or `mod+k`. Off unless set; ignored while the user types in a field. */
  hotkey = '';
  /** Space-separated origins images in articles may come from, besides the bundle's. */
  imageOrigins = '';
  /**
   * Ed25519 public keys (base64url, as `kotae keys new` prints; several space-separated during a
   * key rotation) the bundle's manifest must be signed by. When set, the signature is verified
   * before any hash in the manifest is trusted, and a manifest older (by its `sequence`) than
   * one this browser already verified at the same URL is refused: the panel shows its error state
   * and fires `kotae-error`. @default none: signatures are not checked
   */
  publicKey = '';
  /** Overrides of any UI string. */
  messages: Partial<KotaeMessages> | undefined;
  /** Whether the panel is open (always true inline); reflected as the `open` attribute. */
  isOpen = false;

  private panelReady = false;

  #hotkey: Hotkey | undefined;
  #idle: number | undefined;
  readonly #viewport = new PhoneViewport();

  get #launcherButton(): HTMLButtonElement | null {
    return this.renderRoot.querySelector('.launcher');
  }

  get #panelElement(): KotaeHelpPanel | null {
    return this.renderRoot.querySelector('kotae-help-panel');
  }

  /** Opens the panel and moves focus into it. */
  async open(): Promise<void> {
    // Opened again after a close: a new version of the bundle may have been published meanwhile.
    const reopened = !this.isOpen && this.panelReady;
    if (!this.isOpen) {
      this.isOpen = true;
      this.dispatchEvent(new KotaeOpenEvent());
    }
    await this.#panel();
    this.#panelElement?.focusSearch();
    if (reopened) void this.#panelElement?.refresh();
  }

  /** Closes the panel and gives focus back to the launcher. */
  async close(): Promise<void> {
    if (!this.isOpen || this.mode === 'inline') return;
    this.isOpen = false;
    this.dispatchEvent(new KotaeCloseEvent());
    await this.updateComplete;
    this.#launcherButton?.focus();
  }

  /** Opens the panel and searches for `query`, as if the user had typed it. */
  async search(query: string): Promise<void> {
    await this.open();
    await this.#panelElement?.runSearch(query);
  }

  /** Opens the panel on an article. */
  async openArticle(articleId: string): Promise<void> {
    await this.open();
    await this.#panelElement?.showArticle(articleId, '');
  }

  override connectedCallback(): void {
    super.connectedCallback();
    document.addEventListener('keydown', this.#onDocumentKeydown);
    if (this.mode === 'inline') this.isOpen = true;
    else this.#idle = requestIdle(() => void loadPanel());
    // Moved in the page: follow the viewport again (the first time, `updated` starts it).
    if (this.hasUpdated && this.mode !== 'inline') {
      this.#viewport.connect(this);
      this.#viewport.open = this.isOpen;
    }
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    document.removeEventListener('keydown', this.#onDocumentKeydown);
    if (this.#idle !== undefined) cancelIdle(this.#idle);
    this.#viewport.disconnect();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('hotkey')) this.#hotkey = this.hotkey ? parseHotkey(this.hotkey) : undefined;
    if (changed.has('mode') && this.mode === 'inline') this.isOpen = true;
    if (changed.has('isOpen') && this.isOpen) void this.#panel();
  }

  protected override updated(changed: PropertyValues<this>): void {
    // The floating launcher and panel stay on the visual viewport; on a phone the page behind the open panel does not scroll.
    if (changed.has('mode')) {
      if (this.mode === 'inline') this.#viewport.disconnect();
      else this.#viewport.connect(this);
    }
    if (changed.has('isOpen')) this.#viewport.open = this.isOpen && this.mode !== 'inline';
  }

  protected override render() {
    const locale = resolveLocale(this, this.locale);
    const messages = messagesFor(locale, this.messages);
    const floating = this.mode !== 'inline';
    return html`
      ${
        floating
          ? html`<button
              class="launcher"
              part="launcher"
              type="button"
              aria-expanded=${this.isOpen ? 'true' : 'false'}
              aria-controls="panel"
              @click=${() => (this.isOpen ? this.close() : this.open())}
            >
              ${messages.launcher}
            </button>`
          : nothing
      }
      <div
        id="panel"
        class="frame"
        part="panel"
        role=${floating ? 'dialog' : 'region'}
        aria-label=${messages.title}
        ?hidden=${!this.isOpen}
        @keydown=${this.#onPanelKeydown}
      >
        ${
          // Once created, the panel stays (hidden with the frame when closed): its worker, index
          // and the user's search survive closing and reopening.
          this.panelReady
            ? html`<kotae-help-panel
                exportparts="search, results, article, answer, feedback, contact, source-language"
                .src=${this.src}
                .locale=${locale}
                .context=${this.context}
                .messages=${messages}
                .escalateUrl=${this.escalateUrl}
                .endpoint=${this.endpoint}
                .imageOrigins=${this.imageOrigins.split(/\s+/).filter(Boolean)}
                .publicKeys=${this.publicKey.split(/[\s,]+/).filter(Boolean)}
                .inline=${!floating}
                .onClose=${() => void this.close()}
              ></kotae-help-panel>`
            : this.isOpen
              ? html`<p class="status" role="status">${messages.loading}</p>`
              : nothing
        }
      </div>
    `;
  }

  async #panel(): Promise<void> {
    if (!this.panelReady) {
      await loadPanel();
      this.panelReady = true;
    }
    await this.updateComplete;
    await this.#panelElement?.updateComplete;
  }

  #onPanelKeydown = (event: KeyboardEvent): void => {
    if (event.key === 'Escape' && this.mode !== 'inline') {
      event.stopPropagation();
      void this.close();
    }
  };

  #onDocumentKeydown = (event: KeyboardEvent): void => {
    if (!this.#hotkey || this.isOpen || event.defaultPrevented) return;
    if (isTypingTarget(event.composedPath()[0])) return;
    if (!hotkeyMatches(this.#hotkey, event)) return;
    event.preventDefault();
    void this.open();
  };
}

function requestIdle(callback: () => void): number {
  return typeof requestIdleCallback === 'function' ? requestIdleCallback(callback, { timeout: 4000 }) : window.setTimeout(callback, 2000);
}

function cancelIdle(handle: number): void {
  if (typeof cancelIdleCallback === 'function') cancelIdleCallback(handle);
  else window.clearTimeout(handle);
}

if (!customElements.get('kotae-help')) customElements.define('kotae-help', KotaeHelp);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-help': KotaeHelp;
  }
}
