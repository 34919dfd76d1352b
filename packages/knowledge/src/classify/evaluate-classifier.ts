import type { LabelledExample } from './classify-schema.js';
import type { TopicClassifier } from './topic-classifier.js';

/** How one label did in {@link evaluateClassifier}. */
export interface LabelReport {
  readonly label: string;
  /** Of the texts classified as this label, the share that had it (0 when none were). */
  readonly precision: number;
  /** Of the texts that had this label, the share classified as it (0 when none had it). */
  readonly recall: number;
  /** Harmonic mean of precision and recall. */
  readonly f1: number;
  /** Texts that had this label. */
  readonly support: number;
  /** The labels its texts were wrongly classified as, most often first. */
  readonly confusedWith: { readonly label: string; readonly count: number }[];
}

/** What {@link evaluateClassifier} measured. Rates are between 0 and 1, rounded to 4 decimals. */
export interface ClassifierReport {
  /** Examples evaluated. */
  readonly examples: number;
  /** Share of examples classified as their label. */
  readonly accuracy: number;
  /** Mean F1 over the labels (each label counts alike, however many examples it has). */
  readonly macroF1: number;
  /** Every label of the examples or of the predictions, worst F1 first. */
  readonly perLabel: LabelReport[];
}

/**
 * Classifies labelled examples and compares with their labels: accuracy, macro-averaged F1, and
 * per label its precision, recall, F1, support and the labels it was confused with. Macro-F1 is
 * over the labels that occur in the examples or the predictions (as scikit-learn computes it).
 * Anything with a `classify(text)` of the same shape can be evaluated, not only a
 * {@link TopicClassifier}.
 *
 * @example
 * ```ts
 * const { accuracy, macroF1, perLabel } = evaluateClassifier(classifier, heldOut)
 * for (const l of perLabel.slice(0, 5)) console.log(l.label, l.f1, l.confusedWith[0]?.label)
 * ```
 */
export function evaluateClassifier(classifier: Pick<TopicClassifier, 'classify'>, labelled: readonly LabelledExample[]): ClassifierReport {
  const truth = new Map<string, number>();
  const predicted = new Map<string, number>();
  const correct = new Map<string, number>();
  const confusion = new Map<string, Map<string, number>>();
  let right = 0;
  for (const example of labelled) {
    const { label } = classifier.classify(example.text, { locale: example.locale, alternatives: 0 });
    truth.set(example.label, (truth.get(example.label) ?? 0) + 1);
    predicted.set(label, (predicted.get(label) ?? 0) + 1);
    if (label === example.label) {
      right++;
      correct.set(label, (correct.get(label) ?? 0) + 1);
    } else {
      const row = confusion.get(example.label) ?? new Map<string, number>();
      row.set(label, (row.get(label) ?? 0) + 1);
      confusion.set(example.label, row);
    }
  }
  const labels = [...new Set([...truth.keys(), ...predicted.keys()])].sort();
  let f1Sum = 0;
  const perLabel: LabelReport[] = labels.map((label) => {
    const tp = correct.get(label) ?? 0;
    const support = truth.get(label) ?? 0;
    const guessed = predicted.get(label) ?? 0;
    const precision = guessed === 0 ? 0 : tp / guessed;
    const recall = support === 0 ? 0 : tp / support;
    const f1 = precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
    f1Sum += f1;
    const confusedWith = [...(confusion.get(label) ?? [])]
      .map(([other, count]) => ({ label: other, count }))
      .sort((a, b) => b.count - a.count || (a.label < b.label ? -1 : 1));
    return { label, precision: round4(precision), recall: round4(recall), f1: round4(f1), support, confusedWith };
  });
  const macroF1 = labels.length === 0 ? 0 : f1Sum / labels.length;
  perLabel.sort((a, b) => a.f1 - b.f1 || (a.label < b.label ? -1 : 1));
  return {
    examples: labelled.length,
    accuracy: round4(labelled.length === 0 ? 0 : right / labelled.length),
    macroF1: round4(macroF1),
    perLabel,
  };
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
