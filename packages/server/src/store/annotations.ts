/**
 * Reviewers' annotations of interactions (browser-safe): the eval case an interaction should
 * become (flag → test case) and its topic label. The console writes them as `annotation` records;
 * `kotae cases --reviewed` exports the cases and `kotae classify --reviewed` trains on the labels,
 * both through the functions here, so the console and the CLI read a store the same way.
 */
import { z } from 'zod';
import {
  EvalCaseSchema,
  redact,
  type AnnotationRecord,
  type EvalCase,
  type InteractionRecord,
  type LabelledExample,
} from '@kotae/knowledge';
import { InvalidOptionError } from '@kotae/knowledge/errors';
import type { InteractionStore } from './interaction-store.js';

/**
 * What a reviewer says the eval case of an interaction expects: article ids, answer phrases, or
 * that the right answer is "I don't know" (`refuse`), and optionally a better-worded question.
 */
export const CaseExpectationSchema = z.strictObject({
  /** Article ids any of which answers the question. */
  relevant: z.array(z.string().min(1).max(300)).max(20).optional(),
  /** Phrases a correct answer contains. */
  answers: z.array(z.string().min(1).max(500)).max(20).optional(),
  /** True when the right answer is "I don't know" (no article answers it). */
  refuse: z.boolean().optional(),
  /** The question as the case should ask it (redacted); default the interaction's standalone question. */
  query: z.string().min(1).max(2000).optional(),
});

/** What a reviewer says the eval case of an interaction expects; see {@link CaseExpectationSchema}. */
export type CaseExpectation = z.infer<typeof CaseExpectationSchema>;

/** The id of the eval case made from an interaction: `review-<interaction id>`. */
export function reviewCaseId(interactionId: string): string {
  return `review-${interactionId}`;
}

/**
 * The eval case a reviewer's expectation makes of `interaction`, validated with `EvalCaseSchema`:
 * its question (the model's standalone rewrite of a follow-up when there is one, else the
 * question as stored; a `query` given is redacted), the language it was asked in, its context, and
 * `source` naming the interaction with the reason `reviewed`.
 *
 * @throws `InvalidOptionError` when the expectation sets none of `relevant`, `answers` and
 *   `refuse: true`, or sets `refuse: true` beside `relevant` or `answers`.
 * @example
 * ```ts
 * const c = evalCaseOf(interaction, { relevant: ['reset-password'], answers: ['reset link'] })
 * ```
 */
export function evalCaseOf(interaction: InteractionRecord, expectation: CaseExpectation): EvalCase {
  const relevant = expectation.relevant ?? [];
  const answers = expectation.answers ?? [];
  const refuse = expectation.refuse === true;
  if (!refuse && relevant.length === 0 && answers.length === 0) {
    throw new InvalidOptionError('case', 'case: give "relevant" article ids, "answers" phrases or "refuse": true');
  }
  if (refuse && (relevant.length > 0 || answers.length > 0)) {
    throw new InvalidOptionError('case', 'case: a "refuse": true case has no "relevant" articles or "answers" phrases');
  }
  const query = expectation.query === undefined ? (interaction.rewrite ?? interaction.query) : redact(expectation.query).text;
  return EvalCaseSchema.parse({
    id: reviewCaseId(interaction.id),
    query,
    locale: interaction.language ?? interaction.locale,
    ...(interaction.context === undefined ? {} : { context: interaction.context }),
    ...(relevant.length > 0 ? { relevant } : {}),
    ...(answers.length > 0 ? { answers: answers.map((a) => redact(a).text) } : {}),
    ...(refuse ? { refuse: true } : {}),
    source: { interactionIds: [interaction.id], reasons: ['reviewed'] },
  });
}

/** A reviewer's current eval case of an interaction. */
export interface ReviewedCase {
  readonly interactionId: string;
  readonly reviewer: string;
  readonly at: string;
  readonly case: EvalCase;
}

/** A reviewer's current topic label of an interaction, with the text it labels. */
export interface ReviewedLabel {
  readonly interactionId: string;
  readonly reviewer: string;
  readonly at: string;
  readonly label: string;
  /** The interaction's standalone question (as `evalCaseOf` takes it). */
  readonly text: string;
  readonly locale?: string | undefined;
}

/** The latest annotation of `type` of each interaction, in the order interactions were first annotated. */
async function latest(records: AsyncIterable<unknown>, type: AnnotationRecord['type']): Promise<AnnotationRecord[]> {
  const found = new Map<string, AnnotationRecord>();
  for await (const record of records as AsyncIterable<{ kind: string }>) {
    if (record.kind !== 'annotation') continue;
    const annotation = record as AnnotationRecord;
    if (annotation.type === type) found.set(annotation.interactionId, annotation);
  }
  return [...found.values()];
}

/**
 * Every interaction's current reviewer-written eval case (its latest `case` annotation), in the
 * order they were first written. Reads the store once; holds only the annotations.
 *
 * @example
 * ```ts
 * for (const { case: c } of await reviewedCases(store)) console.log(c.id, c.query)
 * ```
 */
export async function reviewedCases(store: Pick<InteractionStore, 'records'>): Promise<ReviewedCase[]> {
  return (await latest(store.records(), 'case')).map((a) => ({
    interactionId: a.interactionId,
    reviewer: a.reviewer,
    at: a.at,
    case: a.case!,
  }));
}

/**
 * Every interaction's current topic label (its latest `topic` annotation) with the interaction's
 * text, for training and measuring a topic classifier. Labels of erased interactions are gone with
 * them; a label whose interaction is missing is skipped.
 *
 * @example
 * ```ts
 * const examples = (await reviewedLabels(store)).map(({ text, label, locale }) => ({ text, label, locale }))
 * ```
 */
export async function reviewedLabels(store: Pick<InteractionStore, 'records' | 'interaction'>): Promise<ReviewedLabel[]> {
  const labels: ReviewedLabel[] = [];
  for (const a of await latest(store.records(), 'topic')) {
    const interaction = await store.interaction(a.interactionId);
    if (interaction === undefined) continue;
    labels.push({
      interactionId: a.interactionId,
      reviewer: a.reviewer,
      at: a.at,
      label: a.topic!,
      text: interaction.rewrite ?? interaction.query,
      locale: interaction.language ?? interaction.locale,
    });
  }
  return labels;
}

/**
 * Training examples with the reviewers' labels: the given examples, less those whose text a
 * reviewer labelled (a correction wins), then the reviewed labels.
 *
 * @example
 * ```ts
 * const classifier = trainClassifier(withReviewedLabels(base, await reviewedLabels(store)))
 * ```
 */
export function withReviewedLabels(examples: readonly LabelledExample[], labels: readonly ReviewedLabel[]): LabelledExample[] {
  const key = (text: string) => text.normalize('NFKC').toLowerCase().replace(/\s+/g, ' ').trim();
  const corrected = new Set(labels.map((l) => key(l.text)));
  return [
    ...examples.filter((e) => !corrected.has(key(e.text))),
    ...labels.map((l) => ({ text: l.text, label: l.label, ...(l.locale === undefined ? {} : { locale: l.locale }) })),
  ];
}
