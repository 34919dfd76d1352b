import { EN_MESSAGES, JA_MESSAGES, type KotaeMessages } from './messages.js';

/** The UI languages the widget ships strings for. */
export const UI_LANGUAGES = { en: EN_MESSAGES, ja: JA_MESSAGES } as const;

/**
 * Picks the locale: the element's `locale`, else the nearest `lang` of the page, else the
 * browser's first language, else `en`.
 */
export function resolveLocale(element: Element, explicit: string | undefined): string {
  const fromPage = element.closest('[lang]')?.getAttribute('lang') || document.documentElement.lang;
  return explicit || fromPage || navigator.languages?.[0] || navigator.language || 'en';
}

/** The strings for a locale (its language, falling back to English), with the host's overrides. */
export function messagesFor(locale: string, overrides: Partial<KotaeMessages> | undefined): KotaeMessages {
  const language = locale.toLowerCase().split(/[-_]/)[0] as string;
  const base = language in UI_LANGUAGES ? UI_LANGUAGES[language as keyof typeof UI_LANGUAGES] : EN_MESSAGES;
  return overrides ? { ...base, ...overrides } : base;
}
