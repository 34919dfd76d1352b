const segmenters = new Map<string, Intl.Segmenter>();

/**
 * The `Intl.Segmenter` for a locale and granularity, made once: constructing one costs more than
 * segmenting a paragraph with it. A locale the runtime does not know falls back to `en`.
 */
export function cachedSegmenter(locale: string, granularity: 'word' | 'sentence'): Intl.Segmenter {
  const key = `${granularity}:${locale}`;
  let segmenter = segmenters.get(key);
  if (!segmenter) {
    let resolved: string;
    try {
      resolved = Intl.Segmenter.supportedLocalesOf([locale])[0] ?? 'en';
    } catch {
      resolved = 'en';
    }
    segmenter = new Intl.Segmenter(resolved, { granularity });
    segmenters.set(key, segmenter);
  }
  return segmenter;
}
