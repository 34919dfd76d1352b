import { tokenSpans } from '../search/tokenizer.js';
import { guessLocale } from './features.js';
import { seededRandom } from './random.js';
import type { TopicClassifier } from './topic-classifier.js';
import { TfidfVectorizer, type SparseVector } from './vectorizer.js';

/** A text to look for new topics in. */
export interface CandidateItem {
  readonly text: string;
  /** The text's locale. @default guessed: `ja` with kana or kanji, else `en` */
  readonly locale?: string | undefined;
}

/** Options of {@link findCandidateTopics}. */
export interface CandidateTopicOptions {
  /** Items the classifier labels with less confidence than this fit no topic well and are clustered. @default 0.5 */
  readonly minConfidence?: number | undefined;
  /** Smallest group reported as a candidate topic; smaller groups count as `unclustered`. @default 3 */
  readonly minSize?: number | undefined;
  /** Most candidate topics to look for (the number is chosen by silhouette, up to this). @default 20 */
  readonly maxTopics?: number | undefined;
  /** Typical examples listed per candidate. @default 3 */
  readonly examples?: number | undefined;
  /** Distinguishing terms listed per candidate. @default 8 */
  readonly terms?: number | undefined;
  /** Seed of the clustering. @default 1 */
  readonly seed?: number | undefined;
}

/** A group of low-confidence items that look alike: a topic the taxonomy may be missing, for a person to name. */
export interface CandidateTopic {
  /** Items in the group. */
  readonly size: number;
  /** Mean cosine similarity of its items to their centroid (0 to 1): how alike they are. */
  readonly cohesion: number;
  /** Words and word pairs that set the group apart from the other low-confidence items (or, for a group of all of them, its most weighty ones), most telling first. */
  readonly terms: string[];
  /** The items closest to the group's centroid: `index` is the item's position in the input. */
  readonly examples: { readonly index: number; readonly text: string; readonly similarity: number }[];
  /** Positions in the input of every item of the group. */
  readonly members: number[];
}

/** What {@link findCandidateTopics} found. */
export interface CandidateTopics {
  /** Items below `minConfidence`. */
  readonly lowConfidence: number;
  /** Low-confidence items in no candidate (a group smaller than `minSize`, or no usable words). */
  readonly unclustered: number;
  /** Candidate topics, largest first. */
  readonly candidates: CandidateTopic[];
}

/**
 * Finds candidate new topics: the items that fit no topic of the classifier well (confidence below
 * `minConfidence`) are clustered by spherical k-means over TF-IDF vectors (cosine similarity; the
 * number of clusters chosen by silhouette), and every group of at least `minSize` items is
 * reported with its size, its most typical items (closest to the centroid) and its distinguishing
 * terms. The vectors are of words and word pairs, with a vocabulary learned from the low-confidence
 * items themselves, not taken from the classifier: a new topic's words are, by definition, missing from the training examples. Groups
 * are never named: a person does that.
 *
 * @example
 * ```ts
 * const { candidates } = findCandidateTopics(classifier, items, { minConfidence: 0.4 })
 * for (const c of candidates) console.log(c.size, c.terms.join(', '), c.examples[0]?.text)
 * ```
 */
export function findCandidateTopics(
  classifier: TopicClassifier,
  items: readonly CandidateItem[],
  options: CandidateTopicOptions = {},
): CandidateTopics {
  const minConfidence = options.minConfidence ?? 0.5;
  const minSize = Math.max(1, options.minSize ?? 3);
  const low: number[] = [];
  items.forEach((item, i) => {
    if (classifier.classify(item.text, { locale: item.locale, alternatives: 0 }).confidence < minConfidence) low.push(i);
  });
  // Words and word pairs only: character n-grams, which help the classifier, make every text look
  // a little like every other and drown the topical likeness clustering needs (silhouettes fell
  // from 0.1–0.2 to 0.02–0.04 on Banking77).
  const features = { wordBigrams: true, charNgrams: [] };
  const locales = low.map((i) => items[i]!.locale ?? guessLocale(items[i]!.text));
  const docs = low.map((i, n) => new TfidfVectorizer(features, [], new Float32Array(0)).featuresOf(items[i]!.text, locales[n]!));
  const vectorizer = TfidfVectorizer.fit(docs, features, 2);
  const usable: number[] = [];
  const usableLocales: string[] = [];
  const vectors: SparseVector[] = [];
  docs.forEach((doc, n) => {
    const v = vectorizer.vectorize(doc);
    if (v.indices.length > 0) {
      usable.push(low[n]!);
      usableLocales.push(locales[n]!);
      vectors.push(v);
    }
  });
  const maxK = Math.min(options.maxTopics ?? 20, Math.floor(vectors.length / minSize));
  const assignment = maxK >= 1 ? bestClustering(vectors, vectorizer.size, maxK, options.seed ?? 1) : [];
  const k = assignment.length === 0 ? 0 : Math.max(...assignment) + 1;
  const display = surfaceForms(
    usable.map((i) => items[i]!),
    usableLocales,
  );
  const total = meanVector(vectors, vectorizer.size).map((x) => x * vectors.length);
  const candidates: CandidateTopic[] = [];
  for (let c = 0; c < k; c++) {
    const members = assignment.flatMap((a, n) => (a === c ? [n] : []));
    if (members.length < minSize) continue;
    const centroid = meanVector(
      members.map((n) => vectors[n]!),
      vectorizer.size,
    );
    const norm = Math.sqrt(centroid.reduce((sum, x) => sum + x * x, 0)) || 1;
    const similarities = members.map((n) => dot(vectors[n]!, centroid) / norm);
    const ranked = members.map((n, m) => ({ n, similarity: similarities[m]! })).sort((a, b) => b.similarity - a.similarity || a.n - b.n);
    candidates.push({
      size: members.length,
      cohesion: round3(similarities.reduce((s, x) => s + x, 0) / members.length),
      terms: topTerms(vectorizer, centroid, othersMean(total, centroid, members.length, vectors.length), display, options.terms ?? 8),
      examples: ranked.slice(0, options.examples ?? 3).map(({ n, similarity }) => ({
        index: usable[n]!,
        text: items[usable[n]!]!.text,
        similarity: round3(similarity),
      })),
      members: members.map((n) => usable[n]!),
    });
  }
  candidates.sort((a, b) => b.size - a.size || b.cohesion - a.cohesion);
  const clustered = candidates.reduce((s, c) => s + c.size, 0);
  return { lowConfidence: low.length, unclustered: low.length - clustered, candidates };
}

/** The clustering (a cluster number per vector) with the best silhouette over k = 1…maxK (k = 1 when no split beats 0.05). */
function bestClustering(vectors: readonly SparseVector[], dims: number, maxK: number, seed: number): number[] {
  let best = vectors.map(() => 0);
  if (maxK < 2) return best;
  const sample = sampleIndices(vectors.length, 400, seed);
  const sims = sample.map((a) => sample.map((b) => sparseDot(vectors[a]!, vectors[b]!)));
  let bestScore = 0.05;
  for (let k = 2; k <= maxK; k++) {
    const assignment = sphericalKMeans(vectors, dims, k, seed);
    const score = silhouette(
      sims,
      sample.map((i) => assignment[i]!),
    );
    if (score > bestScore) {
      bestScore = score;
      best = assignment;
    }
  }
  return best;
}

/** Spherical k-means (cosine), k-means++ seeding, at most 30 iterations. */
function sphericalKMeans(vectors: readonly SparseVector[], dims: number, k: number, seed: number): number[] {
  const random = seededRandom(seed * 7919 + k);
  const centroids: Float64Array[] = [];
  const first = Math.floor(random() * vectors.length);
  centroids.push(dense(vectors[first]!, dims));
  const nearest = vectors.map((v) => 1 - dot(v, centroids[0]!));
  while (centroids.length < k) {
    const total = nearest.reduce((s, d) => s + Math.max(0, d) ** 2, 0);
    let pick: number;
    if (total > 0) {
      let r = random() * total;
      for (pick = 0; pick < vectors.length - 1; pick++) {
        r -= Math.max(0, nearest[pick]!) ** 2;
        if (r <= 0) break;
      }
    } else {
      pick = Math.floor(random() * vectors.length);
    }
    const c = dense(vectors[pick]!, dims);
    centroids.push(c);
    vectors.forEach((v, n) => (nearest[n] = Math.min(nearest[n]!, 1 - dot(v, c))));
  }
  let assignment = vectors.map(() => -1);
  for (let iteration = 0; iteration < 30; iteration++) {
    const next = vectors.map((v) => {
      let best = 0;
      let bestSim = -Infinity;
      centroids.forEach((c, j) => {
        const s = dot(v, c);
        if (s > bestSim) {
          bestSim = s;
          best = j;
        }
      });
      return best;
    });
    if (next.every((a, n) => a === assignment[n])) break;
    assignment = next;
    for (const c of centroids) c.fill(0);
    vectors.forEach((v, n) => {
      const c = centroids[assignment[n]!]!;
      for (let t = 0; t < v.indices.length; t++) c[v.indices[t]!]! += v.values[t]!;
    });
    for (const c of centroids) {
      const norm = Math.sqrt(c.reduce((s, x) => s + x * x, 0));
      if (norm > 0) for (let t = 0; t < c.length; t++) c[t]! /= norm;
    }
  }
  // Renumber by first appearance so equal clusterings look equal.
  const order = new Map<number, number>();
  return assignment.map((a) => {
    if (!order.has(a)) order.set(a, order.size);
    return order.get(a)!;
  });
}

/** Mean silhouette (cosine distance) of a clustering, from the pairwise similarities of a sample. */
function silhouette(sims: readonly (readonly number[])[], labels: readonly number[]): number {
  let total = 0;
  for (let i = 0; i < labels.length; i++) {
    const sums = new Map<number, { d: number; n: number }>();
    for (let j = 0; j < labels.length; j++) {
      if (i === j) continue;
      const s = sums.get(labels[j]!) ?? { d: 0, n: 0 };
      s.d += 1 - sims[i]![j]!;
      s.n++;
      sums.set(labels[j]!, s);
    }
    const own = sums.get(labels[i]!);
    if (!own) continue; // a cluster of one scores 0
    const a = own.d / own.n;
    let b = Infinity;
    for (const [label, s] of sums) if (label !== labels[i]) b = Math.min(b, s.d / s.n);
    if (b === Infinity) continue;
    total += (b - a) / Math.max(a, b);
  }
  return labels.length === 0 ? 0 : total / labels.length;
}

function sampleIndices(n: number, max: number, seed: number): number[] {
  const all = Array.from({ length: n }, (_, i) => i);
  if (n <= max) return all;
  const random = seededRandom(seed);
  for (let i = 0; i < max; i++) {
    const j = i + Math.floor(random() * (n - i));
    [all[i], all[j]] = [all[j]!, all[i]!];
  }
  return all.slice(0, max).sort((a, b) => a - b);
}

function dense(v: SparseVector, dims: number): Float64Array {
  const out = new Float64Array(dims);
  for (let t = 0; t < v.indices.length; t++) out[v.indices[t]!] = v.values[t]!;
  return out;
}

function dot(v: SparseVector, c: ArrayLike<number>): number {
  let s = 0;
  for (let t = 0; t < v.indices.length; t++) s += v.values[t]! * c[v.indices[t]!]!;
  return s;
}

function sparseDot(a: SparseVector, b: SparseVector): number {
  let s = 0;
  let i = 0;
  let j = 0;
  while (i < a.indices.length && j < b.indices.length) {
    const x = a.indices[i]!;
    const y = b.indices[j]!;
    if (x === y) s += a.values[i++]! * b.values[j++]!;
    else if (x < y) i++;
    else j++;
  }
  return s;
}

function meanVector(vectors: readonly SparseVector[], dims: number): Float64Array {
  const out = new Float64Array(dims);
  for (const v of vectors) for (let t = 0; t < v.indices.length; t++) out[v.indices[t]!]! += v.values[t]!;
  if (vectors.length > 0) for (let t = 0; t < dims; t++) out[t]! /= vectors.length;
  return out;
}

/** The mean vector of the items outside a group (zeros when the group is every item). */
function othersMean(total: Float64Array, centroid: Float64Array, size: number, all: number): Float64Array {
  const others = all - size;
  return others === 0 ? new Float64Array(total.length) : total.map((t, i) => (t - centroid[i]! * size) / others);
}

/** The word features (terms and term pairs) whose mean weight in the group most exceeds their mean weight outside it, as people wrote them. */
function topTerms(
  vectorizer: TfidfVectorizer,
  centroid: Float64Array,
  others: Float64Array,
  display: (term: string) => string,
  count: number,
): string[] {
  const scored: { term: string; score: number }[] = [];
  vectorizer.terms.forEach((term, i) => {
    if (!term.startsWith('w:') && !term.startsWith('b:')) return;
    const score = centroid[i]! - others[i]!;
    if (score > 0) scored.push({ term, score });
  });
  scored.sort((a, b) => b.score - a.score || (a.term < b.term ? -1 : 1));
  const out: string[] = [];
  for (const { term } of scored) {
    const words = term.slice(2).split(' ').map(display).join(' ');
    if (!out.includes(words)) out.push(words);
    if (out.length >= count) break;
  }
  return out;
}

/** Maps a stemmed term to the word form it was most often written as in these items (`charg` → `charged`). */
function surfaceForms(items: readonly CandidateItem[], locales: readonly string[]): (term: string) => string {
  const forms = new Map<string, Map<string, number>>();
  items.forEach((item, n) => {
    for (const { term, word } of tokenSpans(item.text, locales[n]!)) {
      const counts = forms.get(term) ?? new Map<string, number>();
      counts.set(word, (counts.get(word) ?? 0) + 1);
      forms.set(term, counts);
    }
  });
  return (term) => {
    const counts = forms.get(term);
    if (!counts) return term;
    return [...counts].sort((a, b) => b[1] - a[1] || (a[0] < b[0] ? -1 : 1))[0]![0];
  };
}

function round3(x: number): number {
  return Math.round(x * 1000) / 1000;
}
