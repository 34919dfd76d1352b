/**
 * `@kotae/widget`: `<kotae-help>`, the in-product help widget.
 *
 * Importing this module defines `<kotae-help>` (once, even if loaded twice). The panel, the
 * search worker and the sanitizer are separate modules loaded on first open; the Ask flow (with
 * the answers' markdown renderer) is another, loaded only with an `endpoint`.
 *
 * @packageDocumentation
 */

// The element
export { KotaeHelp, type KotaeHelpMode, type KotaeHelpTheme } from './components/kotae-help/kotae-help.js';

// Events
export {
  KotaeOpenEvent,
  KotaeCloseEvent,
  KotaeSearchEvent,
  KotaeArticleEvent,
  KotaeFeedbackEvent,
  KotaeRequestEscalateEvent,
  KotaeEscalatedEvent,
  KotaeErrorEvent,
  KotaeAskEvent,
  KotaeAnswerEvent,
  type KotaeErrorPhase,
} from './events/events.js';

// UI strings
export { EN_MESSAGES, JA_MESSAGES, type KotaeMessages, type KotaePluralMessage } from './i18n/messages.js';

// Trusted Types
export { POLICY_NAME } from './internal/trusted-types.js';

/** The widget package's version, for diagnostics in the host page. */
export const WIDGET_VERSION = '0.1.0';
