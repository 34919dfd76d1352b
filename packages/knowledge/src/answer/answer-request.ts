import { z } from 'zod';
import { ESCALATION_REASONS } from '../schema/interaction.js';

/** The limits the answer service enforces on every request. */
export const REQUEST_LIMITS = {
  /** Largest request body, in bytes. Larger bodies get 413. */
  bodyBytes: 8 * 1024,
  /** Longest question, in characters after NFKC normalization. Longer questions get 400. */
  queryChars: 2000,
  /** Most history turns a request may send. */
  historyTurns: 12,
  /** Longest history turn, in characters. */
  historyTurnChars: 2000,
} as const;

/** One earlier turn of the conversation, as the client remembers it. */
export const HistoryTurnSchema = z.object({
  role: z.enum(['user', 'assistant']),
  text: z.string().max(REQUEST_LIMITS.historyTurnChars),
});

/** The body of `POST /v1/answer`. */
export const AnswerRequestSchema = z.strictObject({
  /** The question, in the user's own words. */
  query: z.string(),
  /** The user's locale (`ja`, `en-US`); the bundle's locale of the same language is searched. */
  locale: z.string().min(2).max(35).optional(),
  /** Where in the product the user asks (a route, feature key or error code). */
  context: z.string().max(200).optional(),
  /** Earlier turns, oldest first; only the last few reach the model. */
  history: z.array(HistoryTurnSchema).max(REQUEST_LIMITS.historyTurns).optional(),
  /** A conversation (session) id, so a conversation's records can be found and erased. */
  conversationId: z.string().min(1).max(100).optional(),
  /**
   * `agent`: agent assist, a draft reply for a support agent, which may cite precedents (past
   * conversations). Only requests the service's `authorizeAgent` accepts may ask for it. @default 'user'
   */
  audience: z.enum(['user', 'agent']).optional(),
});

/** The body of `POST /v1/feedback`. */
export const FeedbackRequestSchema = z.strictObject({
  interactionId: z.string().min(1).max(100),
  /** Was the answer helpful? */
  helpful: z.boolean(),
  /** "Did this solve your problem?" */
  resolved: z.boolean().optional(),
  /** What was wrong, in the user's words (redacted before it is stored). */
  reason: z.string().max(1000).optional(),
});

/** What the widget and the server accept as an email address: something@something.tld, no spaces. */
const EMAIL_PATTERN = /^[^\s@]+@[^\s@]+\.[^\s@.]+$/u;

/** The body of `POST /v1/escalations`. */
export const EscalationRequestSchema = z.strictObject({
  /** The answer the user escalated from (`done.interactionId`); absent from an article or an empty search. */
  interactionId: z.string().min(1).max(100).optional(),
  /** What the user searched for or asked, when there is no `interactionId` (redacted before it is stored). */
  question: z.string().max(1000).optional(),
  /** What the user wants to tell support (redacted before it is stored and forwarded). */
  message: z.string().max(4000).optional(),
  /** How support can reach the user: kept as given, since a reply needs it. */
  contact: z
    .strictObject({
      name: z.string().max(200).optional(),
      email: z.string().max(320).regex(EMAIL_PATTERN, 'not an email address').optional(),
    })
    .optional(),
  /** The user agreed to attach the conversation (question, answer, sources) to what support receives. @default false */
  attachConversation: z.boolean().optional(),
  /** Why the user asks for a person, as the page saw it; the service judges it itself when there is an `interactionId`. */
  reason: z.enum(ESCALATION_REASONS).optional(),
  /** Ids of the articles the user opened (at most 20). */
  articles: z.array(z.string().min(1).max(200)).max(20).optional(),
  /** The page's locale. */
  locale: z.string().min(2).max(35).optional(),
  /** Where in the product the user was. */
  context: z.string().max(500).optional(),
});

/** A parsed `POST /v1/answer` body. */
export type AnswerRequest = z.infer<typeof AnswerRequestSchema>;
/** A parsed `POST /v1/feedback` body. */
export type FeedbackRequest = z.infer<typeof FeedbackRequestSchema>;
/** A parsed `POST /v1/escalations` body. */
export type EscalationRequest = z.infer<typeof EscalationRequestSchema>;
/** An earlier turn of a conversation. */
export type HistoryTurn = z.infer<typeof HistoryTurnSchema>;
