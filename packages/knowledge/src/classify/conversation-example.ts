import type { Conversation } from '../schema/conversation.js';
import type { LabelledExample } from './classify-schema.js';

/**
 * The text a conversation is classified by: its customer's messages, one per line. The agent's
 * replies are left out: they are the answer, not the question, and their boilerplate (greetings,
 * identity checks) is alike across topics.
 *
 * @example
 * ```ts
 * conversationText({ …, messages: [{ role: 'customer', text: 'I was charged twice' }, { role: 'agent', text: 'Refunded.' }] }) // 'I was charged twice'
 * ```
 */
export function conversationText(conversation: Pick<Conversation, 'messages'>): string {
  return conversation.messages
    .filter((m) => m.role === 'customer')
    .map((m) => m.text)
    .join('\n');
}

/**
 * A conversation as a labelled example: its customer's messages (`conversationText`) and
 * its `topic`, in its locale. Undefined when it has no topic (or no customer message).
 *
 * @example
 * ```ts
 * const examples = conversations.flatMap((c) => conversationExample(c) ?? [])
 * ```
 */
export function conversationExample(conversation: Pick<Conversation, 'messages' | 'topic' | 'locale'>): LabelledExample | undefined {
  const text = conversationText(conversation);
  if (!conversation.topic || text.trim() === '') return undefined;
  return { text, label: conversation.topic, locale: conversation.locale };
}
