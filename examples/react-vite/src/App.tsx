import { useState, type FormEvent, type MouseEvent } from 'react';
import type { KotaeHelp, KotaeRequestEscalateEvent } from '@kotae/widget';
import { HelpWidget } from './help/HelpWidget.js';
import { AddressPage } from './pages/AddressPage.js';
import { PaymentPage } from './pages/PaymentPage.js';
import { SecurityPage } from './pages/SecurityPage.js';
import { navigate, usePath } from './router.js';

const PAGES = [
  { path: '/account/address', label: 'Address', Page: AddressPage },
  { path: '/account/payment', label: 'Payment', Page: PaymentPage },
  { path: '/account/security', label: 'Security', Page: SecurityPage },
] as const;

/** One line of the help activity, as the app would send it to its analytics. */
interface Activity {
  readonly id: number;
  readonly text: string;
}

/** A support request the app opens itself when the user asks for a human. */
interface SupportRequest {
  readonly question: string;
  readonly interactionId: string | undefined;
  readonly articles: readonly string[];
  /** `sent` only once the answer service acknowledged it (202). */
  readonly status: 'editing' | 'sending' | 'sent' | 'failed';
}

/** The signed-in user: the app knows where support can reply. */
const USER = { name: 'Mio Tanaka', email: 'mio.tanaka@example.com' };

export function App() {
  const path = usePath();
  const page = PAGES.find((p) => p.path === path) ?? PAGES[0];
  const [activity, setActivity] = useState<Activity[]>([]);
  const [support, setSupport] = useState<SupportRequest | undefined>();
  const log = (text: string) => setActivity((list) => [{ id: (list[0]?.id ?? 0) + 1, text }, ...list]);

  const follow = (event: MouseEvent<HTMLAnchorElement>) => {
    event.preventDefault();
    navigate(event.currentTarget.pathname);
  };
  const escalate = (event: KotaeRequestEscalateEvent) => {
    // Our own contact form instead of the widget's: we know who the user is. The panel closes so
    // the form is not under it.
    event.preventDefault();
    void (event.target as KotaeHelp).close();
    setSupport({ question: event.query, interactionId: event.interactionId, articles: event.articles, status: 'editing' });
    log(`escalate ${event.query}`);
  };
  const send = async (event: FormEvent<HTMLFormElement>) => {
    event.preventDefault();
    if (!support) return;
    const message = String(new FormData(event.currentTarget).get('message') ?? '');
    setSupport({ ...support, status: 'sending' });
    // Recorded by the answer service before it answers 202, then forwarded to the support inbox.
    const response = await fetch('/api/kotae/v1/escalations', {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({
        message,
        contact: USER,
        ...(support.interactionId ? { interactionId: support.interactionId, attachConversation: true } : { question: support.question }),
        ...(support.articles.length ? { articles: support.articles } : {}),
      }),
    }).catch(() => undefined);
    setSupport({ ...support, status: response?.status === 202 ? 'sent' : 'failed' });
    log(`support request ${response?.status === 202 ? 'sent' : 'failed'}`);
  };

  return (
    <>
      <header className="top">
        <strong>ACME Store</strong>
        <span>Signed in as Mio Tanaka</span>
      </header>
      <div className="layout">
        <nav aria-label="Settings">
          <h2>Account settings</h2>
          <ul>
            {PAGES.map((p) => (
              <li key={p.path}>
                <a href={p.path} onClick={follow} aria-current={p === page ? 'page' : undefined}>
                  {p.label}
                </a>
              </li>
            ))}
          </ul>
        </nav>
        <main>
          <page.Page />
          {support && (
            <section className="support" aria-labelledby="support-title">
              <h2 id="support-title">Contact support</h2>
              {support.status === 'sent' ? (
                <p role="status">Sent. We will reply to {USER.email}.</p>
              ) : (
                <form onSubmit={(e) => void send(e)}>
                  <label htmlFor="support-message">Your message</label>
                  <textarea id="support-message" name="message" defaultValue={support.question} />
                  <p className="muted">We reply to {USER.email}; your question and the answer you got are attached.</p>
                  <button type="submit" disabled={support.status === 'sending'}>
                    {support.status === 'failed' ? 'Try again' : 'Send'}
                  </button>{' '}
                  <button type="button" onClick={() => setSupport(undefined)}>
                    Cancel
                  </button>
                  <p role="status">{support.status === 'failed' ? 'Not sent. Your message is still here.' : ''}</p>
                </form>
              )}
            </section>
          )}
          <section aria-labelledby="activity-title">
            <h2 id="activity-title">Help activity</h2>
            <ol id="activity" className="activity">
              {activity.map((a) => (
                <li key={a.id}>{a.text}</li>
              ))}
            </ol>
          </section>
        </main>
      </div>
      <HelpWidget
        context={page.path}
        onAsk={(event) => log(`ask ${event.locale} ${event.query}`)}
        onAnswer={(event) => log(`answer ${event.mode} grounded=${event.grounded} ${event.interactionId}`)}
        onRequestEscalate={escalate}
        onError={(event) => log(`error ${event.phase} ${event.error.name}: ${event.error.message}`)}
      />
    </>
  );
}
