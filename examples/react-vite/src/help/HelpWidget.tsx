import { useEffect, useRef } from 'react';
import type { KotaeAnswerEvent, KotaeAskEvent, KotaeErrorEvent, KotaeHelp, KotaeRequestEscalateEvent } from '@kotae/widget';

/** What the app does with the widget's events; every handler gets the widget's own typed event. */
export interface HelpWidgetHandlers {
  onAsk?: (event: KotaeAskEvent) => void;
  onAnswer?: (event: KotaeAnswerEvent) => void;
  /** "Contact support": the app calls `event.preventDefault()` to run its own contact flow. */
  onRequestEscalate?: (event: KotaeRequestEscalateEvent) => void;
  onError?: (event: KotaeErrorEvent) => void;
}

/**
 * `<kotae-help>` for this app: the bundle and the answer service are on the app's own origin, and
 * the context is the current route, so the guidance for the page the user is on comes first.
 */
export function HelpWidget({ context, ...handlers }: { context: string } & HelpWidgetHandlers) {
  const ref = useRef<KotaeHelp>(null);
  // The latest handlers, so the listeners are added once and never see stale props.
  const latest = useRef(handlers);
  latest.current = handlers;

  useEffect(() => {
    const help = ref.current;
    if (!help) return;
    // `addEventListener('kotae-ask', …)` is typed through the widget's HTMLElementEventMap.
    const onAsk = (event: KotaeAskEvent) => latest.current.onAsk?.(event);
    const onAnswer = (event: KotaeAnswerEvent) => latest.current.onAnswer?.(event);
    const onEscalate = (event: KotaeRequestEscalateEvent) => latest.current.onRequestEscalate?.(event);
    const onError = (event: KotaeErrorEvent) => latest.current.onError?.(event);
    help.addEventListener('kotae-ask', onAsk);
    help.addEventListener('kotae-answer', onAnswer);
    help.addEventListener('kotae-request-escalate', onEscalate);
    help.addEventListener('kotae-error', onError);
    return () => {
      help.removeEventListener('kotae-ask', onAsk);
      help.removeEventListener('kotae-answer', onAnswer);
      help.removeEventListener('kotae-request-escalate', onEscalate);
      help.removeEventListener('kotae-error', onError);
    };
  }, []);

  // escalate-url is the fallback for when the app does not handle "Contact support" itself.
  return <kotae-help ref={ref} src="/kb/manifest.json" endpoint="/api/kotae" context={context} escalate-url="/support" />;
}
