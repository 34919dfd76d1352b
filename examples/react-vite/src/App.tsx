import { useState, type MouseEvent } from 'react';
import type { KotaeRequestEscalateEvent } from '@kotae/widget';
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
}

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
    // Our own contact form instead of the widget's escalate-url: we know who the user is.
    event.preventDefault();
    setSupport({ question: event.query, interactionId: event.interactionId, articles: event.articles });
    log(`escalate ${event.query}`);
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
              <p>
                We will reply by email about: <q>{support.question}</q>
              </p>
              {support.interactionId && <p className="muted">Answer reference: {support.interactionId}</p>}
              <button type="button" onClick={() => setSupport(undefined)}>
                Done
              </button>
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
