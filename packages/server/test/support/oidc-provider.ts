/**
 * A real OpenID Connect provider on loopback for tests (`oidc-provider`, with its development
 * login and consent pages), and a tiny browser that follows redirects, keeps cookies per origin
 * and path, and submits the pages' forms — the authorization code flow driven by real HTTP.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { exportJWK, generateKeyPair, type JWK } from 'jose';
import Provider, { type ClientMetadata } from 'oidc-provider';

/** A running provider. */
export interface TestOidcProvider {
  /** The issuer identifier (`http://127.0.0.1:<port>`). */
  readonly issuer: string;
  /** Stops the provider. */
  close(): Promise<void>;
}

/** A private signing key (RS256), to share between providers (a provider of another issuer signing with the same key). */
export async function signingKey(): Promise<JWK> {
  const { privateKey } = await generateKeyPair('RS256', { extractable: true });
  return { ...(await exportJWK(privateKey)), kid: 'test-key', alg: 'RS256', use: 'sig' };
}

/**
 * Starts `oidc-provider` on 127.0.0.1. Every login name signs in (any password) as the account of
 * that name, with `email` `<login>@example.com` and the `roles` claim `roles[login]` (from the
 * userinfo endpoint, scope `profile`). PKCE is required; RP-initiated logout is on.
 */
export async function startOidcProvider(options: {
  readonly clients: readonly ClientMetadata[];
  readonly key: JWK;
  readonly roles?: Readonly<Record<string, string | readonly string[]>>;
}): Promise<TestOidcProvider> {
  const server: Server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const issuer = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  const provider = new Provider(issuer, {
    clients: [...options.clients],
    jwks: { keys: [options.key] },
    cookies: { keys: ['kotae-test-cookie-key'] },
    claims: { openid: ['sub'], email: ['email', 'email_verified'], profile: ['preferred_username', 'roles'] },
    findAccount: (_ctx, sub) => ({
      accountId: sub,
      claims: () => ({ sub, email: `${sub}@example.com`, email_verified: true, preferred_username: sub, roles: options.roles?.[sub] }),
    }),
    features: { devInteractions: { enabled: true }, rpInitiatedLogout: { enabled: true } },
    pkce: { required: () => true },
  });
  // The development pages warn on stderr; quiet them for the test's output.
  provider.on('server_error', (_ctx, error) => console.error('oidc-provider:', error));
  server.on('request', provider.callback());
  return {
    issuer,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

interface Cookie {
  readonly name: string;
  readonly value: string;
  readonly path: string;
}

/** One response on the way, with the URL it answered. */
export interface Hop {
  readonly url: string;
  readonly status: number;
  readonly location: string | undefined;
  readonly setCookies: readonly string[];
}

/** A minimal browser: cookies per origin and path, redirects followed, forms submitted. */
export class TestBrowser {
  readonly #jar = new Map<string, Cookie[]>();
  /** Every response seen, in order. */
  readonly hops: Hop[] = [];

  /** The value of cookie `name` this browser holds for `url`'s origin and path. */
  cookie(url: string, name: string): string | undefined {
    return this.#cookies(new URL(url)).find((c) => c.name === name)?.value;
  }

  /** The `Cookie` header for `url`. */
  cookieHeader(url: string): string {
    return this.#cookies(new URL(url))
      .map((c) => `${c.name}=${c.value}`)
      .join('; ');
  }

  /**
   * Requests `url` and follows redirects until a response that is not one, or until `stop(url)`
   * says the next URL is not to be visited (its address is returned as `stoppedAt`).
   */
  async go(
    url: string,
    init: { method?: string; body?: URLSearchParams; headers?: Record<string, string> } = {},
    stop: (next: URL) => boolean = () => false,
  ): Promise<{ response: Response; text: string; url: string; stoppedAt?: string }> {
    let current = new URL(url);
    let method = init.method ?? 'GET';
    let body: URLSearchParams | undefined = init.body;
    for (let i = 0; i < 20; i++) {
      const response = await fetch(current, {
        method,
        redirect: 'manual',
        headers: {
          ...init.headers,
          ...(this.cookieHeader(current.href) ? { cookie: this.cookieHeader(current.href) } : {}),
          ...(body ? { 'content-type': 'application/x-www-form-urlencoded' } : {}),
        },
        ...(body ? { body } : {}),
      });
      this.#store(current, response.headers.getSetCookie());
      const location = response.headers.get('location') ?? undefined;
      this.hops.push({ url: current.href, status: response.status, location, setCookies: response.headers.getSetCookie() });
      if (response.status < 300 || response.status >= 400 || location === undefined)
        return { response, text: await response.text(), url: current.href };
      await response.body?.cancel();
      const next = new URL(location, current);
      if (stop(next)) return { response, text: '', url: current.href, stoppedAt: next.href };
      current = next;
      method = 'GET';
      body = undefined;
    }
    throw new Error(`too many redirects from ${url}`);
  }

  /** Submits the page's first form: its hidden fields, then `fields`. */
  submit(page: { text: string; url: string }, fields: Record<string, string>, stop?: (next: URL) => boolean) {
    const form = /<form[^>]*action="([^"]*)"[^>]*>([\s\S]*?)<\/form>/.exec(page.text);
    if (!form) throw new Error(`no form on ${page.url}: ${page.text.slice(0, 300)}`);
    const body = new URLSearchParams();
    for (const input of form[2]!.matchAll(/<input[^>]*type="hidden"[^>]*>/g)) {
      const name = /name="([^"]*)"/.exec(input[0])?.[1];
      const value = /value="([^"]*)"/.exec(input[0])?.[1] ?? '';
      if (name) body.set(name, unescape(value));
    }
    for (const [k, v] of Object.entries(fields)) body.set(k, v);
    return this.go(new URL(unescape(form[1]!), page.url).href, { method: 'POST', body }, stop);
  }

  #cookies(url: URL): Cookie[] {
    return (this.#jar.get(url.origin) ?? []).filter(
      (c) => url.pathname === c.path || url.pathname.startsWith(c.path.endsWith('/') ? c.path : `${c.path}/`),
    );
  }

  #store(url: URL, setCookies: string[]): void {
    let cookies = this.#jar.get(url.origin) ?? [];
    for (const line of setCookies) {
      const [pair, ...attributes] = line.split(';').map((s) => s.trim());
      const eq = pair!.indexOf('=');
      const name = pair!.slice(0, eq);
      const value = pair!.slice(eq + 1);
      const attr = (n: string) => attributes.find((a) => a.toLowerCase().startsWith(`${n}=`))?.slice(n.length + 1);
      const path = attr('path') ?? '/';
      const expires = attr('expires');
      const gone = attr('max-age') === '0' || value === '' || (expires !== undefined && Date.parse(expires) <= Date.now());
      cookies = cookies.filter((c) => !(c.name === name && c.path === path));
      if (!gone) cookies.push({ name, value, path });
    }
    this.#jar.set(url.origin, cookies);
  }
}

function unescape(html: string): string {
  return html
    .replace(/&amp;/g, '&')
    .replace(/&quot;/g, '"')
    .replace(/&#x2F;/g, '/')
    .replace(/&#39;/g, "'")
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>');
}

/**
 * Signs in at the provider's development pages once the browser got there: the login form (any
 * password) if it is shown, then the consent form if it is shown, until a redirect that `stop` catches.
 */
export async function signInAtProvider(
  browser: TestBrowser,
  page: { text: string; url: string; stoppedAt?: string },
  login: string,
  stop: (next: URL) => boolean,
): Promise<{ text: string; url: string; response: Response; stoppedAt?: string }> {
  let current: { text: string; url: string; response?: Response; stoppedAt?: string } = page;
  for (let i = 0; i < 4 && current.stoppedAt === undefined; i++) {
    if (/name="login"/.test(current.text)) current = await browser.submit(current, { login, password: 'any' }, stop);
    else if (/name="prompt" value="consent"/.test(current.text)) current = await browser.submit(current, {}, stop);
    else break;
  }
  return current as { text: string; url: string; response: Response; stoppedAt?: string };
}
