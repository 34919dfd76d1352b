/**
 * The console's review-workflow routes (browser-safe): flag an interaction as an eval case, set
 * its topic label, retrain the topic classifier and measure it on the reviewed labels, and erase a
 * conversation's or a user's records. Registered by `createConsoleApi` with its session guard and
 * audit log, like every other console route.
 */
import type { Context } from 'hono';
import { z } from 'zod';
import { evaluateClassifier, trainClassifier, type ClassifierReport, type LabelledExample, type TopicClassifier } from '@kotae/knowledge';
import { ClassifierInputError, InvalidOptionError } from '@kotae/knowledge/errors';
import type { AnnotationRecord } from '@kotae/knowledge';
import type { InteractionStore } from '../store/interaction-store.js';
import type { AuditEntry } from '../store/audit-log.js';
import { CaseExpectationSchema, evalCaseOf, reviewedCases, reviewedLabels, withReviewedLabels } from '../store/annotations.js';
import { eraseRecords } from '../store/erase-records.js';
import { randomToken, type ConsoleSession } from './console-sessions.js';
import type { ConsoleRoute } from './console-access.js';

/**
 * Where the console's topic classifier learns from, besides the reviewers' labels.
 *
 * @example
 * ```ts
 * createConsoleApi({ store, topics: { examples: async () => readLabelled('topics.jsonl'), onTrained: (c) => save(c) } })
 * ```
 */
export interface ConsoleTopicsOptions {
  /** The labelled examples (`kotae classify --train`) the reviewers' labels add to and correct. @default none: reviewers' labels only */
  readonly examples?: (() => Promise<readonly LabelledExample[]>) | undefined;
  /** Called with each classifier `POST /classifier/train` trains (for example to save it). */
  readonly onTrained?: ((classifier: TopicClassifier) => Promise<void>) | undefined;
}

/** The classifier the console trained last, and what it learned from. */
interface Trained {
  readonly classifier: TopicClassifier;
  readonly at: string;
  readonly examples: number;
  readonly reviewed: number;
  /** The interactions (and their labels) it was trained with. */
  readonly trainedOn: ReadonlyMap<string, string>;
}

type Env = { Variables: { session: ConsoleSession } };

/** What the routes need from `createConsoleApi`. */
export interface ReviewWorkflowDeps {
  readonly store: InteractionStore;
  readonly now: () => number;
  /** Registers a route of `CONSOLE_ACCESS` behind the guard of its role (and CSRF check for a write). */
  readonly route: (key: ConsoleRoute, handler: (c: Context<Env>) => Response | Promise<Response>) => void;
  readonly audit: (session: ConsoleSession, action: string, rest?: Partial<AuditEntry>) => Promise<void>;
  readonly topics?: ConsoleTopicsOptions | undefined;
}

const topicBody = z.strictObject({ topic: z.string().trim().min(1).max(200) });
const eraseBody = z
  .strictObject({
    conversationId: z.string().min(1).max(500).optional(),
    userHash: z.string().min(1).max(500).optional(),
  })
  .refine((b) => b.conversationId !== undefined || b.userHash !== undefined, { message: 'give a conversationId or a userHash' });

function issues(error: z.ZodError): string[] {
  return error.issues.map((i) => `${i.path.join('.') || 'body'}: ${i.message}`);
}

/**
 * Adds the review-workflow routes to the console API through its `route` (see `docs/console.md`,
 * "Review workflow"; each route's role is in `CONSOLE_ACCESS`):
 * `POST /interactions/:id/case`, `GET /cases`, `POST /interactions/:id/topic`, `GET /topics`,
 * `GET /classifier`, `POST /classifier/train` and `POST /erase`.
 */
export function addReviewWorkflowRoutes(deps: ReviewWorkflowDeps): void {
  const { store, now, route, audit } = deps;
  let trained: Trained | undefined;

  const annotate = async (session: ConsoleSession, interactionId: string, body: Pick<AnnotationRecord, 'type' | 'case' | 'topic'>) => {
    const annotation = {
      kind: 'annotation',
      interactionId,
      at: new Date(now()).toISOString(),
      id: randomToken().slice(0, 22),
      reviewer: session.user,
      ...body,
    } as AnnotationRecord;
    await store.append(annotation);
    return annotation;
  };

  const current = async (interactionId: string, type: AnnotationRecord['type']) =>
    (await store.thread({ interactionId })).filter((r): r is AnnotationRecord => r.kind === 'annotation' && r.type === type).at(-1);

  route('POST /interactions/:id/case', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id') ?? '';
    const parsed = CaseExpectationSchema.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid case', issues: issues(parsed.error) }, 400);
    const interaction = await store.interaction(id);
    if (interaction === undefined) return c.json({ error: `no interaction ${JSON.stringify(id)}` }, 404);
    let evalCase;
    try {
      evalCase = evalCaseOf(interaction, parsed.data);
    } catch (e) {
      if (e instanceof InvalidOptionError) return c.json({ error: e.message }, 400);
      throw e;
    }
    const before = await current(id, 'case');
    const annotation = await annotate(session, id, { type: 'case', case: evalCase });
    await audit(session, 'case.create', { target: id, ...(before === undefined ? {} : { before }), after: annotation });
    return c.json(annotation, 201);
  });

  route('GET /cases', async (c) => c.json({ cases: await reviewedCases(store) }));

  route('POST /interactions/:id/topic', async (c) => {
    const session = c.get('session');
    const id = c.req.param('id') ?? '';
    const parsed = topicBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid topic', issues: issues(parsed.error) }, 400);
    if ((await store.interaction(id)) === undefined) return c.json({ error: `no interaction ${JSON.stringify(id)}` }, 404);
    const before = await current(id, 'topic');
    const annotation = await annotate(session, id, { type: 'topic', topic: parsed.data.topic });
    await audit(session, 'topic.set', { target: id, ...(before === undefined ? {} : { before }), after: annotation });
    return c.json(annotation, 201);
  });

  route('GET /topics', async (c) => {
    const labels = await reviewedLabels(store);
    const model = trained?.classifier;
    return c.json({
      labels: labels.map((l) => ({
        ...l,
        ...(model === undefined ? {} : { predicted: model.classify(l.text, { locale: l.locale }).label }),
      })),
    });
  });

  route('GET /classifier', async (c) => {
    if (trained === undefined) return c.json({ trained: false, reviewedLabels: (await reviewedLabels(store)).length });
    const labels = await reviewedLabels(store);
    const all = labels.map(({ text, label, locale }) => ({ text, label, locale }));
    // Labels it never learned from (set after it was trained, or changed since): the honest measure.
    const unseen = labels
      .filter((l) => trained!.trainedOn.get(l.interactionId) !== l.label)
      .map(({ text, label, locale }) => ({ text, label, locale }));
    const report = (examples: LabelledExample[]): Pick<ClassifierReport, 'examples' | 'accuracy' | 'macroF1'> | undefined => {
      if (examples.length === 0) return undefined;
      const { examples: n, accuracy, macroF1 } = evaluateClassifier(trained!.classifier, examples);
      return { examples: n, accuracy: round4(accuracy), macroF1: round4(macroF1) };
    };
    return c.json({
      trained: true,
      trainedAt: trained.at,
      labels: trained.classifier.labels,
      examples: trained.examples,
      reviewedExamples: trained.reviewed,
      reviewedLabels: labels.length,
      accuracy: report(all) ?? null,
      unseenAccuracy: report(unseen) ?? null,
    });
  });

  route('POST /classifier/train', async (c) => {
    const session = c.get('session');
    const labels = await reviewedLabels(store);
    const base = (await deps.topics?.examples?.()) ?? [];
    let classifier: TopicClassifier;
    const examples = withReviewedLabels(base, labels);
    try {
      classifier = trainClassifier(examples);
    } catch (e) {
      if (e instanceof ClassifierInputError) return c.json({ error: e.message }, 409);
      throw e;
    }
    await deps.topics?.onTrained?.(classifier);
    trained = {
      classifier,
      at: new Date(now()).toISOString(),
      examples: examples.length,
      reviewed: labels.length,
      trainedOn: new Map(labels.map((l) => [l.interactionId, l.label])),
    };
    const after = { labels: classifier.labels.length, examples: examples.length, reviewedExamples: labels.length };
    await audit(session, 'classifier.train', { after });
    return c.json({ trainedAt: trained.at, ...after }, 201);
  });

  route('POST /erase', async (c) => {
    const session = c.get('session');
    const parsed = eraseBody.safeParse(await c.req.json().catch(() => undefined));
    if (!parsed.success) return c.json({ error: 'invalid erasure', issues: issues(parsed.error) }, 400);
    const { erased, result } = await eraseRecords(store, parsed.data);
    const target = parsed.data.conversationId ?? parsed.data.userHash!;
    // The audit entry names what was erased and how much, never the erased records themselves.
    await audit(session, 'records.erase', { target, after: { erased, removed: result.removed } });
    return c.json({ erased, removed: result.removed });
  });
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}
