import { z } from 'zod';
import { EvalCaseSchema } from './eval-case.js';

/**
 * How an answer was produced.
 *
 * - `openai`: a model wrote it from the numbered sources, and its citations passed the check.
 * - `extractive`: the best-matching passages, trimmed to the sentences that match (no model).
 * - `fallback`: extractive because the model failed (error, timeout, stall, bad citations).
 * - `refusal`: "I don't know": retrieval was below the confidence threshold (no model was called),
 *   or the model's answer cited no source.
 * - `act`: the message was a conversational act (see `ConversationActSchema`) answered as
 *   such: a short reply or the way to a person, with no passage and no model call.
 */
export const AnswerModeSchema = z.enum(['openai', 'extractive', 'fallback', 'refusal', 'act']);

/**
 * A conversational act recognised in a message before retrieval (see `analyzeQuestion`).
 *
 * - `handoff`: the user asks for a person ("talk to a human", 担当者と話したい): the answer is the
 *   way to a person, never a passage.
 * - `greeting`: "hi", こんにちは, with no question in it.
 * - `thanks`: "thanks", ありがとう, with no question in it.
 * - `goodbye`: "bye", 以上です.
 * - `not-resolved`: "that didn't work", うまくいかない, after an answer: a follow-up that uses
 *   the previous answer and offers a person.
 */
export const ConversationActSchema = z.enum(['handoff', 'greeting', 'thanks', 'goodbye', 'not-resolved']);

/** A conversational act; see `ConversationActSchema`. */
export type ConversationAct = z.infer<typeof ConversationActSchema>;

/** How an answer was produced; see `AnswerModeSchema`. */
export type AnswerMode = z.infer<typeof AnswerModeSchema>;

/**
 * One ask, as the interaction store keeps it. Every text field is redacted before it is stored.
 */
export const InteractionRecordSchema = z.object({
  kind: z.literal('interaction'),
  /** The interaction id the `done` event gave the client. */
  id: z.string().min(1),
  /** When the answer finished (ISO 8601). */
  at: z.string(),
  /** The question, redacted. */
  query: z.string(),
  /** The page's locale (the request's `locale`, or the bundle's first). */
  locale: z.string(),
  /** The language the question was written in (`en`, `ja`), which the answer is in; absent in older records. */
  language: z.string().optional(),
  /** The conversational act the message was recognised as; absent for a question. */
  act: ConversationActSchema.optional(),
  /** The standalone question a model rewrote a follow-up into, which was searched (redacted). */
  rewrite: z.string().optional(),
  /** Where in the product the user asked (a route, feature key or error code). */
  context: z.string().optional(),
  /** A conversation (session) id the client sent, so a whole conversation can be erased. */
  conversationId: z.string().optional(),
  /** A hash of the host's user id, never the id itself, so a user's records can be erased. */
  userHash: z.string().optional(),
  /** The retrieved section ids, best first. */
  sourceIds: z.array(z.string()),
  /** The answerability score the refusal threshold was compared with (0 to 1; see `assessAnswerability`). */
  topScore: z.number(),
  mode: AnswerModeSchema,
  /** Why the answer fell back to extractive, when `mode` is `fallback`. */
  fallbackReason: z.string().optional(),
  /** The answer text, redacted. */
  answer: z.string(),
  /** The section ids the answer cites. */
  citations: z.array(z.string()),
  /** Milliseconds from request to the first event and to `done`. */
  latency: z.object({ firstEventMs: z.number(), totalMs: z.number() }),
  /** The model, when one was asked. */
  model: z.string().optional(),
  /** True when the client went away before the answer finished. */
  aborted: z.boolean().optional(),
  /** `agent` for an agent-assist draft (not an end user's question); absent for end users. */
  audience: z.literal('agent').optional(),
  /**
   * What the service knows went wrong with this answer, for review (`kotae cases` picks flagged
   * interactions): `citation-check-failed` (the model cited a source it was not given, so the
   * answer fell back to extractive), `uncited` (the model's answer cited nothing, so it became
   * "I don't know"), `declined` (the model said the sources do not answer the question, so it
   * became the refusal with the way to a person). Absent when nothing did; other values may be added.
   */
  flags: z.array(z.string().min(1)).optional(),
});

/** A user's verdict on an answer. */
export const FeedbackRecordSchema = z.object({
  kind: z.literal('feedback'),
  interactionId: z.string().min(1),
  at: z.string(),
  helpful: z.boolean(),
  /** "Did this solve your problem?" — a confirmed resolution when true. */
  resolved: z.boolean().optional(),
  /** A reason the user gave, redacted. */
  reason: z.string().optional(),
});

/** Why a user asked for a person, as the answer service judged it when the escalation was filed. */
export const ESCALATION_REASONS = ['no-answer', 'not-helpful', 'asked-for-person', 'not-resolved', 'no-results', 'other'] as const;

/**
 * A hand-off to a person, and what came of it. An escalation is stored as one `filed` record
 * (written before `POST /v1/escalations` is acknowledged) followed by one `delivery` record per
 * attempt to forward it to a destination (a webhook, an email inbox). Records written before
 * stages existed carry no `stage`: one record per webhook attempt, filed and delivered at once.
 */
export const EscalationRecordSchema = z.object({
  kind: z.literal('escalation'),
  /**
   * The interaction the user escalated from; an escalation filed without an answer (from an
   * article or an empty search) names its own `id` here.
   */
  interactionId: z.string().min(1),
  at: z.string(),
  /** The escalation's id (the same on its `filed` record and every `delivery` record). */
  id: z.string().min(1).optional(),
  /** `filed`: the escalation as the user sent it; `delivery`: one attempt to forward it. Absent on old records. */
  stage: z.enum(['filed', 'delivery']).optional(),
  /** Why the user asked for a person (`filed`). */
  reason: z.enum(ESCALATION_REASONS).optional(),
  /** The question it is about, redacted (`filed`). */
  question: z.string().optional(),
  /** What the user wrote to support, redacted (`filed`). */
  message: z.string().optional(),
  /**
   * How support can reach the user, as the user typed it (`filed`): the one value kept unredacted,
   * because a reply needs it. `kotae store erase --interaction` removes it with the escalation.
   */
  contact: z.object({ name: z.string().optional(), email: z.string().optional() }).optional(),
  /** Whether the user agreed to attach the conversation (question, answer, sources) to what support receives (`filed`). */
  attachConversation: z.boolean().optional(),
  /** Articles the user had opened (`filed`). */
  articles: z.array(z.string()).optional(),
  locale: z.string().optional(),
  /** Where in the product the user was (`filed`). */
  context: z.string().optional(),
  /** The destinations it is forwarded to, by name (`filed`; empty when the host page handles it). */
  destinations: z.array(z.string()).optional(),
  /** The destination of this attempt (`delivery`). */
  destination: z.string().optional(),
  /** This attempt's number, from 1 (`delivery`). */
  attempt: z.number().int().optional(),
  /** Whether the destination accepted it (2xx, or the mail server's 250); `false` on a `filed` record. */
  delivered: z.boolean(),
  /** The destination's status (HTTP status, SMTP reply code), when it answered. */
  status: z.number().optional(),
  /** Why delivery failed, when it did. */
  error: z.string().optional(),
  /** A ticket id or URL the destination returned, when it did. */
  ticket: z.string().optional(),
  /** Delivery to this destination was given up after this attempt: the dead-letter record (`delivery`). */
  deadLetter: z.boolean().optional(),
});

/** What a reviewer judged an answer to be (see `ReviewRecordSchema`). */
export const REVIEW_VERDICTS = ['correct', 'partly', 'wrong', 'should-have-refused'] as const;

/**
 * A reviewer's scorecard for one interaction, written from the review console. An interaction
 * may be reviewed more than once; every review is kept (the latest is the current judgement).
 * Erasing the interaction erases its reviews.
 */
export const ReviewRecordSchema = z.object({
  kind: z.literal('review'),
  /** The interaction reviewed. */
  interactionId: z.string().min(1),
  /** When the review was recorded (ISO 8601). */
  at: z.string(),
  /** The review's own id. */
  id: z.string().min(1),
  /** Who reviewed: the console user's name (an email address, an OpenID subject). */
  reviewer: z.string().min(1),
  /** Whether the user's problem was solved, as the reviewer judges it: the *reviewed* resolution. */
  resolved: z.boolean(),
  /** How good the answer was: `correct`, `partly` (correct but incomplete), `wrong`, `should-have-refused`. */
  verdict: z.enum(REVIEW_VERDICTS),
  /** Scores by criterion (the team's rubric, by default `accuracy`, `completeness`, `tone`, `followed-policy`), each 1 to 5. */
  scores: z.record(z.string().min(1), z.number().int().min(1).max(5)),
  /** What the reviewer wrote about it, redacted. */
  note: z.string().optional(),
  /** The answer that should have been given (an eval case's expected answer), redacted. */
  correction: z.string().optional(),
});

/**
 * What a reviewer adds to an interaction besides a scorecard (see `AnnotationRecordSchema`):
 * `case`, the eval case it should become; `topic`, the topic it is about.
 */
export const ANNOTATION_TYPES = ['case', 'topic'] as const;

/**
 * A reviewer's annotation of one interaction, written from the review console: the eval case the
 * interaction should become (flag → test case; `kotae cases --reviewed` exports them), or its
 * topic label (training data for `kotae classify`). The latest annotation of each type is the
 * current one; every one is kept. Erasing the interaction erases its annotations.
 *
 * @example
 * ```json
 * {"kind": "annotation", "type": "topic", "interactionId": "i-1", "at": "2026-05-01T10:00:00Z", "id": "a-1", "reviewer": "ana@example.com", "topic": "billing"}
 * ```
 */
export const AnnotationRecordSchema = z
  .object({
    kind: z.literal('annotation'),
    /** The interaction annotated. */
    interactionId: z.string().min(1),
    /** When (ISO 8601). */
    at: z.string(),
    /** The annotation's own id. */
    id: z.string().min(1),
    /** Who: the console user's name. */
    reviewer: z.string().min(1),
    /** What it is: `case` (with `case`) or `topic` (with `topic`). */
    type: z.enum(ANNOTATION_TYPES),
    /** The eval case (type `case`), valid by `EvalCaseSchema`; its question is the interaction's, redacted. */
    case: EvalCaseSchema.optional(),
    /** The topic label (type `topic`). */
    topic: z.string().min(1).max(200).optional(),
  })
  .refine((a) => (a.type === 'case' ? a.case !== undefined && a.topic === undefined : a.topic !== undefined && a.case === undefined), {
    message: 'an annotation of type "case" carries "case", one of type "topic" carries "topic"',
  });

/**
 * Anything the interaction store keeps: an interaction, feedback on one, an escalation of one, a
 * review of one, or an annotation of one.
 */
export const StoreRecordSchema = z.discriminatedUnion('kind', [
  InteractionRecordSchema,
  FeedbackRecordSchema,
  EscalationRecordSchema,
  ReviewRecordSchema,
  AnnotationRecordSchema,
]);

/** One ask, as stored. */
export type InteractionRecord = z.infer<typeof InteractionRecordSchema>;
/** Feedback on an interaction, as stored. */
export type FeedbackRecord = z.infer<typeof FeedbackRecordSchema>;
/** An escalation of an interaction, as stored. */
export type EscalationRecord = z.infer<typeof EscalationRecordSchema>;
/** A reviewer's scorecard for an interaction, as stored. */
export type ReviewRecord = z.infer<typeof ReviewRecordSchema>;
/** A reviewer's annotation of an interaction (an eval case or a topic label), as stored. */
export type AnnotationRecord = z.infer<typeof AnnotationRecordSchema>;
/** What a reviewer annotated an interaction with (see `ANNOTATION_TYPES`). */
export type AnnotationType = (typeof ANNOTATION_TYPES)[number];
/** What a reviewer judged an answer to be (see `REVIEW_VERDICTS`). */
export type ReviewVerdict = (typeof REVIEW_VERDICTS)[number];
/** Why a user asked for a person (see `ESCALATION_REASONS`). */
export type EscalationReason = (typeof ESCALATION_REASONS)[number];
/** Any stored record. */
export type StoreRecord = z.infer<typeof StoreRecordSchema>;
