import { LitElement, html, nothing, type PropertyValues } from 'lit';
import { property, state } from 'lit/decorators.js';
import { ConsoleClient, type SessionInfo } from '../../internal/console-client.js';
import { consoleLanguage, message, type ConsoleLanguage, type MessageKey } from '../../i18n/messages.js';
import { sharedStyles } from '../../internal/shared-styles.js';
import { styles } from './kotae-console.styles.js';
import '../kotae-console-queue/kotae-console-queue.js';
import '../kotae-console-conversation/kotae-console-conversation.js';
import '../kotae-console-insights/kotae-console-insights.js';

/** Where the console is: a screen and its parameters, from the URL's fragment. */
interface Route {
  readonly screen: 'queue' | 'interaction' | 'insights' | 'home';
  readonly id?: string | undefined;
  readonly params: URLSearchParams;
}

/** The console's screens by the URL fragment: `#/queue?…`, `#/interactions/<id>`, `#/insights`. */
function routeOf(hash: string): Route {
  const [path = '', query = ''] = hash.replace(/^#\/?/, '').split('?');
  const params = new URLSearchParams(query);
  if (path === 'queue') return { screen: 'queue', params };
  if (path === 'insights') return { screen: 'insights', params };
  const interaction = /^interactions\/(.+)$/.exec(path);
  if (interaction) return { screen: 'interaction', id: decodeURIComponent(interaction[1]!), params };
  return { screen: 'home', params };
}

const LANGUAGE_KEY = 'kotae-console-language';

/**
 * The review console: signs the user in (or says how to), then shows the review queue, a
 * conversation with its scorecard, or the insights summary, by the URL's fragment. Reviewers and
 * admins get every screen; viewers get the insights.
 *
 * @summary The kotae review console page.
 * @cssproperty --kotae-console-accent - Links, focus rings and the primary button.
 */
export class KotaeConsole extends LitElement {
  /** Shadow styles; restyle through the `--kotae-console-*` custom properties. */
  static override styles = [sharedStyles, styles];

  /** The console API's base URL, relative to the page (`../v1/console/` under `kotae serve`). */
  @property() api = '../v1/console/';
  /** Where the compiled articles are (`/kb/articles/`): cited sections open from there. */
  @property() articles = '/kb/articles/';
  /** The UI language; by default the one chosen before, else the browser's. */
  @property({ reflect: true }) override lang = '';

  @state() private session: SessionInfo | undefined;
  @state() private status: 'loading' | 'signed-in' | 'signed-out' | 'error' = 'loading';
  @state() private error = '';
  @state() private route: Route = routeOf(location.hash);
  @state() private farewell = false;

  #client = new ConsoleClient(new URL(this.api, location.href).href);
  #moved = false;
  readonly #onHash = () => {
    this.route = routeOf(location.hash);
    this.#moved = true;
  };

  override connectedCallback(): void {
    super.connectedCallback();
    window.addEventListener('hashchange', this.#onHash);
    if (this.lang === '') {
      let saved: string | null = null;
      try {
        saved = localStorage.getItem(LANGUAGE_KEY);
      } catch {
        // storage may be off: the browser's language then
      }
      this.lang = consoleLanguage(saved ?? navigator.language);
    }
  }

  override disconnectedCallback(): void {
    window.removeEventListener('hashchange', this.#onHash);
    super.disconnectedCallback();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    if (changed.has('api')) {
      this.#client = new ConsoleClient(new URL(this.api, location.href).href);
      void this.#load();
    }
    if (changed.has('lang')) document.documentElement.lang = this.language;
  }

  protected override async updated(): Promise<void> {
    if (!this.#moved) return;
    this.#moved = false;
    // A new screen: move focus to its heading, as a page load would, so screen readers announce it.
    const screen = this.renderRoot.querySelector('main > *') as LitElement | null;
    await screen?.updateComplete;
    (screen?.shadowRoot?.querySelector('h1') ?? this.renderRoot.querySelector('h1'))?.focus();
  }

  private get language(): ConsoleLanguage {
    return consoleLanguage(this.lang);
  }

  private t(key: MessageKey, values?: Record<string, string | number>): string {
    return message(this.language, key, values);
  }

  async #load(): Promise<void> {
    this.status = 'loading';
    const session = await this.#client.session();
    if (session.ok) {
      this.session = session.data;
      this.#client.csrf = session.data.csrf;
      this.status = 'signed-in';
    } else if (session.status === 401) {
      this.status = 'signed-out';
    } else {
      this.error = session.error;
      this.status = 'error';
    }
  }

  async #signOut(): Promise<void> {
    const result = await this.#client.signOut();
    if (result.ok || result.status === 401) {
      this.session = undefined;
      this.farewell = true;
      this.status = 'signed-out';
      this.#moved = true;
    }
  }

  #switchLanguage(): void {
    this.lang = this.language === 'ja' ? 'en' : 'ja';
    try {
      localStorage.setItem(LANGUAGE_KEY, this.lang);
    } catch {
      // not remembered
    }
  }

  override render() {
    return html`
      <header part="header">
        <span class="brand">${this.t('brand')}</span>
        ${this.status === 'signed-in' ? this.#nav() : nothing}
        <span class="tools">
          <button
            type="button"
            lang=${this.language === 'ja' ? 'en' : 'ja'}
            title=${this.t('languageLabel')}
            @click=${this.#switchLanguage}
          >
            ${this.t('language')}
          </button>
          ${
            this.session
              ? html`<span class="who">${this.t('signedInAs', { user: this.session.user, role: this.#roleName() })}</span>
                  <button type="button" @click=${this.#signOut}>${this.t('signOut')}</button>`
              : nothing
          }
        </span>
      </header>
      <main id="main" tabindex="-1" part="base">${this.#screen()}</main>
    `;
  }

  #roleName(): string {
    const role = this.session?.role ?? 'viewer';
    return this.t(role === 'admin' ? 'roleAdmin' : role === 'reviewer' ? 'roleReviewer' : 'roleViewer');
  }

  #reviewer(): boolean {
    return this.session?.role === 'reviewer' || this.session?.role === 'admin';
  }

  #nav() {
    const screen = this.#current();
    const link = (href: string, key: MessageKey, on: boolean) =>
      html`<li><a href=${href} aria-current=${on ? 'page' : 'false'}>${this.t(key)}</a></li>`;
    return html`<nav aria-label=${this.t('navLabel')}>
      <ul>
        ${this.#reviewer() ? link('#/queue', 'navQueue', screen !== 'insights') : nothing}
        ${link('#/insights', 'navInsights', screen === 'insights')}
      </ul>
    </nav>`;
  }

  /** The screen shown: home is the queue for reviewers, the insights for viewers. */
  #current(): Route['screen'] {
    const screen = this.route.screen;
    if (screen === 'home') return this.#reviewer() ? 'queue' : 'insights';
    if (!this.#reviewer() && screen !== 'insights') return 'insights';
    return screen;
  }

  #screen() {
    const language = this.language;
    if (this.status === 'loading') return html`<p role="status">${this.t('loading')}</p>`;
    if (this.status === 'error')
      return html`<section class="card narrow">
        <h1 tabindex="-1">${this.t('errorTitle')}</h1>
        <p class="error">${this.error}</p>
        <button type="button" @click=${() => void this.#load()}>${this.t('retry')}</button>
      </section>`;
    if (this.status === 'signed-out') return this.#signIn();
    switch (this.#current()) {
      case 'interaction':
        return html`<kotae-console-conversation
          .client=${this.#client}
          .criteria=${this.session?.criteria ?? []}
          .articles=${new URL(this.articles, location.href).href}
          .language=${language}
          interaction-id=${this.route.id ?? ''}
        ></kotae-console-conversation>`;
      case 'insights':
        return html`<kotae-console-insights
          .client=${this.#client}
          .language=${language}
          ?can-export=${this.#reviewer()}
        ></kotae-console-insights>`;
      default:
        return html`<kotae-console-queue .client=${this.#client} .language=${language} .params=${this.route.params}></kotae-console-queue>`;
    }
  }

  #signIn() {
    return html`<section class="card narrow" aria-labelledby="sign-in-title">
      ${this.farewell ? html`<p role="status" class="ok">${this.t('signedOut')}</p>` : nothing}
      <h1 id="sign-in-title" tabindex="-1">${this.t('signInTitle')}</h1>
      <p>${this.t('signInLead')}</p>
      <ol>
        <li>${this.#code(this.t('signInLink'))}</li>
        <li>${this.t('signInAsk')}</li>
      </ol>
      <p class="muted">${this.t('signInRoles')}</p>
      <p><a href="https://github.com/kotae-dev/kotae/blob/main/docs/console.md" rel="noreferrer">${this.t('signInDocs')}</a></p>
    </section>`;
  }

  /** A UI string with its `code` spans (between backquotes) as `<code>`. */
  #code(text: string) {
    return text.split('`').map((part, i) => (i % 2 === 1 ? html`<code>${part}</code>` : part));
  }
}

if (!customElements.get('kotae-console')) customElements.define('kotae-console', KotaeConsole);

declare global {
  interface HTMLElementTagNameMap {
    'kotae-console': KotaeConsole;
  }
}
