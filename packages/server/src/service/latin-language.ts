import type { LatinLanguageDetector } from '@kotae/knowledge/answer';

/**
 * The Latin-script languages `tinyld`'s light model knows (its other ten are in other scripts,
 * which kotae tells apart by script alone).
 */
const KNOWN = new Set(['fr', 'en', 'de', 'es', 'pt', 'it', 'nl', 'sv', 'fi', 'no', 'hu', 'ro', 'pl', 'tr']);

let loading: Promise<LatinLanguageDetector> | undefined;

/**
 * The answer service's Latin-script language detector: `tinyld`'s light model (character n-gram
 * profiles of 24 languages, 14 of them in Latin script; 69 KB, 34 KB gzip, no dependencies),
 * asked to choose only among the knowledge's own languages it knows. Loaded once, on the first
 * question to a knowledge with two or more Latin-script languages: a service whose knowledge is,
 * say, English and Japanese never loads it. Server-side only: the widget, whose first load must
 * stay under 12 KB gzip, searches in the page's language.
 *
 * Measured on short support questions (`bench`-style, StackFAQ rephrasings and Banking77 messages,
 * 2,349 English questions): choosing between English and French, German or Spanish it keeps
 * 98.9–99.5% of English questions English and finds 29 of 30 written support questions in the
 * other language; `eld` was more accurate (99.8–100%) but weighs 285 KB gzip and 36 MB of heap,
 * `franc-min` 55 KB gzip and kept only 81–84% of English questions English.
 *
 * @example
 * ```ts
 * const detect = await latinLanguageDetector()
 * detect('Où est ma commande ?', ['en', 'fr']) // 'fr'
 * ```
 */
export function latinLanguageDetector(): Promise<LatinLanguageDetector> {
  loading ??= import('tinyld/light').then(({ detect }) => (text: string, candidates: readonly string[]) => {
    const only = candidates.filter((c) => KNOWN.has(c));
    if (only.length < 2) return undefined;
    const found = detect(text, { only });
    return only.includes(found) ? found : undefined;
  });
  return loading;
}
