import { z } from 'zod';

/** One message of a past support conversation. */
export const ConversationMessageSchema = z.object({
  role: z.enum(['customer', 'agent', 'bot', 'system']),
  text: z.string(),
  at: z.string().optional(),
});

/**
 * A past support conversation (one JSON object per line of `conversations/**\/*.jsonl`).
 * Resolved conversations (and those without an outcome) become precedents: redacted, indexed as
 * internal guidance in a separate bundle, never shown to end users.
 *
 * @example
 * ```json
 * {"id": "c-1042", "channel": "chat", "locale": "en", "outcome": "resolved", "topic": "billing/refund",
 *  "messages": [{"role": "customer", "text": "I was charged twice"}, {"role": "agent", "text": "I refunded the second charge."}]}
 * ```
 */
export const ConversationSchema = z.object({
  id: z.string().min(1),
  channel: z.enum(['chat', 'email', 'voice', 'in-product']),
  locale: z.string().min(2),
  messages: z.array(ConversationMessageSchema).min(1),
  outcome: z.enum(['resolved', 'escalated', 'abandoned']).optional(),
  topic: z.string().optional(),
  csat: z.number().optional(),
  createdAt: z.string().optional(),
  /**
   * Names of the people in the conversation (the customer's, from a field of the ticket): each is
   * redacted as `[NAME]` wherever it appears, whole or part by part (see `RedactOptions.names`).
   */
  names: z.array(z.string()).optional(),
});

/** A past support conversation. */
export type Conversation = z.infer<typeof ConversationSchema>;

/** A message of a conversation. */
export type ConversationMessage = z.infer<typeof ConversationMessageSchema>;
