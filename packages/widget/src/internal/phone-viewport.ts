/** Where the floating panel takes the whole screen: the same width as the styles' media query. */
export const PHONE = '(max-width: 30rem)';

/**
 * Keeps the floating launcher and panel on what the user sees, whatever the host page does: the
 * visual viewport's box (`--_vx`, `--_vy`, `--_vw`, `--_vh` on the host, in px, from the layout
 * viewport's top left, which fixed positions are relative to) follows pinch zoom, the on-screen
 * keyboard (which shrinks the visual viewport, not always the layout one) and a host page wider
 * than the screen (whose layout viewport then grows past it: `inset: 0`, `right` or `100vw` would
 * put the panel's edge and the launcher off-screen). On a phone the page behind the open panel
 * does not scroll.
 *
 * Both through constructable style sheets, which a strict CSP allows (no `style` attribute is
 * written, on the widget or on the page): one adopted by the widget's shadow root, one by the
 * document while the panel is open on a phone (`html { overflow: hidden }`), removed on close, so
 * the page's scroll position and its own styles come back as they were.
 */
export class PhoneViewport {
  readonly #box = new CSSStyleSheet();
  readonly #lock = new CSSStyleSheet();
  readonly #phone = matchMedia(PHONE);
  #host: Element | undefined;
  #open = false;
  #locked = false;

  constructor() {
    this.#lock.replaceSync('html{overflow:hidden!important;overscroll-behavior:none}');
  }

  /** Starts following the viewport (a floating widget in the page). */
  connect(host: Element & { readonly shadowRoot: ShadowRoot | null }): void {
    if (this.#host || !host.shadowRoot) return;
    this.#host = host;
    host.shadowRoot.adoptedStyleSheets = [...host.shadowRoot.adoptedStyleSheets, this.#box];
    for (const type of ['resize', 'scroll']) visualViewport?.addEventListener(type, this.#update);
    this.#phone.addEventListener('change', this.#update);
    this.#update();
  }

  /** Stops following it, and gives the page its scrolling back. */
  disconnect(): void {
    const root = this.#host?.shadowRoot;
    this.#host = undefined;
    for (const type of ['resize', 'scroll']) visualViewport?.removeEventListener(type, this.#update);
    this.#phone.removeEventListener('change', this.#update);
    if (root) root.adoptedStyleSheets = root.adoptedStyleSheets.filter((sheet) => sheet !== this.#box);
    this.#lockPage(false);
  }

  /** The panel opened or closed: on a phone the page behind an open panel does not scroll. */
  set open(open: boolean) {
    this.#open = open;
    this.#update();
  }

  #update = (): void => {
    const v = visualViewport;
    const host = this.#host;
    if (v && host) this.#box.replaceSync(`:host{--_vx:${v.offsetLeft}px;--_vy:${v.offsetTop}px;--_vw:${v.width}px;--_vh:${v.height}px}`);
    this.#lockPage(Boolean(host) && this.#open && this.#phone.matches);
  };

  #lockPage(lock: boolean): void {
    // Only on a change: setting the document's sheets restyles the whole page.
    if (lock === this.#locked) return;
    this.#locked = lock;
    const sheets = document.adoptedStyleSheets.filter((sheet) => sheet !== this.#lock);
    document.adoptedStyleSheets = lock ? [...sheets, this.#lock] : sheets;
  }
}
