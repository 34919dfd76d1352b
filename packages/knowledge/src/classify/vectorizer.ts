import { textFeatures, type FeatureOptions } from './features.js';

/** A sparse vector: parallel arrays of feature indices (ascending) and values. */
export interface SparseVector {
  readonly indices: Int32Array;
  readonly values: Float32Array;
}

/**
 * Turns texts into L2-normalized TF-IDF vectors over a vocabulary learned from training texts:
 * sublinear term frequency (1 + ln tf) times smoothed IDF (ln((1 + n) / (1 + df)) + 1), features
 * seen in fewer than `minDf` training texts dropped. Features unknown to the vocabulary are
 * ignored, so any text maps to a (possibly empty) vector. A {@link TopicClassifier} has one as
 * its `vectorizer`.
 *
 * @example
 * ```ts
 * const docs = texts.map((t) => textFeatures(t, 'en', { wordBigrams: true, charNgrams: [] }))
 * const vectorizer = TfidfVectorizer.fit(docs, { wordBigrams: true, charNgrams: [] }, 2)
 * const vector = vectorizer.vectorize(docs[0]!) // { indices: Int32Array […], values: Float32Array […] }
 * ```
 */
export class TfidfVectorizer {
  readonly features: FeatureOptions;
  readonly terms: readonly string[];
  readonly idf: Float32Array;
  readonly #index: Map<string, number>;

  /** A vectorizer over a known vocabulary (as a saved classifier has it); see {@link TfidfVectorizer.fit} to learn one. */
  constructor(features: FeatureOptions, terms: readonly string[], idf: Float32Array) {
    this.features = features;
    this.terms = terms;
    this.idf = idf;
    this.#index = new Map(terms.map((t, i) => [t, i]));
  }

  /** Learns the vocabulary and IDF of `docs` (their feature lists, see {@link featuresOf}). */
  static fit(docs: readonly (readonly string[])[], features: FeatureOptions, minDf: number): TfidfVectorizer {
    const df = new Map<string, number>();
    for (const doc of docs) for (const f of new Set(doc)) df.set(f, (df.get(f) ?? 0) + 1);
    const terms = [...df].filter(([, n]) => n >= minDf).map(([t]) => t);
    terms.sort();
    const n = docs.length;
    const idf = new Float32Array(terms.length);
    terms.forEach((t, i) => (idf[i] = Math.log((1 + n) / (1 + df.get(t)!)) + 1));
    return new TfidfVectorizer(features, terms, idf);
  }

  /** The number of features (the vectors' dimension). */
  get size(): number {
    return this.terms.length;
  }

  /** The index of a feature, or undefined when it is not in the vocabulary. */
  indexOf(term: string): number | undefined {
    return this.#index.get(term);
  }

  /** The features of a text, as {@link textFeatures} extracts them with this vectorizer's options. */
  featuresOf(text: string, locale: string): string[] {
    return textFeatures(text, locale, this.features);
  }

  /** The TF-IDF vector of a text's features. */
  vectorize(features: readonly string[]): SparseVector {
    const counts = new Map<number, number>();
    for (const f of features) {
      const i = this.#index.get(f);
      if (i !== undefined) counts.set(i, (counts.get(i) ?? 0) + 1);
    }
    const indices = Int32Array.from(counts.keys()).sort();
    const values = new Float32Array(indices.length);
    let norm = 0;
    for (let k = 0; k < indices.length; k++) {
      const i = indices[k]!;
      const v = (1 + Math.log(counts.get(i)!)) * this.idf[i]!;
      values[k] = v;
      norm += v * v;
    }
    if (norm > 0) {
      const scale = 1 / Math.sqrt(norm);
      for (let k = 0; k < values.length; k++) values[k]! *= scale;
    }
    return { indices, values };
  }
}
