import { InvalidOptionError } from '../errors.js';
import { seededRandom, shuffleInPlace } from './random.js';

/** The two parts of {@link splitHoldout}. */
export interface HoldoutSplit<T> {
  /** The examples to train on, in their original order. */
  readonly train: T[];
  /** The held-out examples to evaluate on, in their original order. */
  readonly test: T[];
}

/**
 * Splits labelled examples into a training part and a held-out part, stratified: each label puts
 * `fraction` of its examples (rounded, at least one when it has two or more) into `test`, chosen
 * at random with `seed`, so every label is evaluated in proportion. A label with a single example
 * stays in `train`. The same examples and seed always give the same split.
 *
 * @param examples - anything with a `label`
 * @param fraction - share held out, between 0 and 1 (0.2 for an 80/20 split)
 * @param seed - seed of the random choice @default 1
 * @example
 * ```ts
 * const { train, test } = splitHoldout(examples, 0.2, 42)
 * const report = evaluateClassifier(trainClassifier(train), test)
 * ```
 */
export function splitHoldout<T extends { readonly label: string }>(examples: readonly T[], fraction: number, seed = 1): HoldoutSplit<T> {
  if (!(fraction >= 0 && fraction <= 1))
    throw new InvalidOptionError('fraction', `splitHoldout: fraction must be between 0 and 1 (got ${fraction})`);
  const byLabel = new Map<string, number[]>();
  examples.forEach((e, i) => {
    const list = byLabel.get(e.label);
    if (list) list.push(i);
    else byLabel.set(e.label, [i]);
  });
  const random = seededRandom(seed);
  const held = new Set<number>();
  for (const label of [...byLabel.keys()].sort()) {
    const indices = byLabel.get(label)!;
    if (indices.length < 2 || fraction === 0) continue;
    const n = Math.min(indices.length - 1, Math.max(1, Math.round(indices.length * fraction)));
    for (const i of shuffleInPlace([...indices], random).slice(0, n)) held.add(i);
  }
  const train: T[] = [];
  const test: T[] = [];
  examples.forEach((e, i) => (held.has(i) ? test : train).push(e));
  return { train, test };
}
