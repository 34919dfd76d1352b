// The review console's elements: <kotae-console> is the page; the others are its screens.
export { KotaeConsole } from './components/kotae-console/kotae-console.js';
export { KotaeConsoleQueue, SAMPLE_SHARES } from './components/kotae-console-queue/kotae-console-queue.js';
export { KotaeConsoleConversation } from './components/kotae-console-conversation/kotae-console-conversation.js';
export { KotaeConsoleScorecard, KotaeConsoleReviewedEvent } from './components/kotae-console-scorecard/kotae-console-scorecard.js';
export { KotaeConsoleInsights, INSIGHT_PERIODS } from './components/kotae-console-insights/kotae-console-insights.js';
export { CONSOLE_LANGUAGES, type ConsoleLanguage } from './i18n/messages.js';
