import { detectLanguage, type QuestionAnalysis, type QuestionTurn } from '@kotae/knowledge/answer';
import type { ModelAnswerOptions } from './model-answer.js';

/** Longest rewrite kept, in characters; a longer one is not a search query. */
const MAX_REWRITE_CHARS = 300;
/** How long a rewrite may take before the weighted rewrite is used instead, in milliseconds. */
const REWRITE_TIMEOUT_MS = 4000;
/** How many earlier turns the model sees. */
const REWRITE_TURNS = 4;

const INSTRUCTIONS = [
  "Rewrite the user's last message as one standalone search query for a help center, in the language of that message.",
  'Use the earlier turns only to fill in what the last message refers to or leaves out (the product, the task, the problem).',
  'Keep the words of the last message; add no facts; do not answer it.',
  'Reply with the query only, on one line, without quotes.',
].join('\n');

/**
 * Asks the model to rewrite a follow-up ("what about refunds?") as a standalone question, from the
 * earlier turns. Returns `undefined` on any failure, timeout or unusable reply: the weighted
 * rewrite (`QuestionAnalysis.context`) is used instead, so a model outage never stops an answer.
 * `history` must already be redacted.
 *
 * @example
 * ```ts
 * await rewriteFollowUp(question, history, model, signal) // 'How do I get a refund for a cancelled order?'
 * ```
 */
export async function rewriteFollowUp(
  question: QuestionAnalysis,
  history: readonly QuestionTurn[],
  model: ModelAnswerOptions,
  signal: AbortSignal,
): Promise<string | undefined> {
  const turns = history
    .slice(-REWRITE_TURNS)
    .map((t) => `${t.role === 'user' ? 'User' : 'Assistant'}: ${t.text.slice(0, 500)}`)
    .join('\n');
  // A rewrite is worth a call only when the model is known to work: it never takes a probe's turn.
  if (model.breaker && model.breaker.state !== 'closed') return undefined;
  try {
    const response = await model.client.responses.create(
      {
        model: model.model,
        instructions: INSTRUCTIONS,
        input: [{ role: 'user', content: `Earlier turns:\n${turns}\n\nLast message: ${question.text}` }],
        max_output_tokens: 100,
        store: false,
      },
      { signal: AbortSignal.any([signal, AbortSignal.timeout(Math.min(REWRITE_TIMEOUT_MS, model.timeoutMs))]), maxRetries: 0 },
    );
    const text = response.output_text.replace(/^["'「『]+|["'」』]+$/gu, '').trim();
    if (!text || text.length > MAX_REWRITE_CHARS || text.includes('\n')) return undefined;
    // A rewrite in another language would be searched in the wrong language first.
    if (detectLanguage(text, { pageLocale: question.language }).language !== question.language) return undefined;
    return text;
  } catch {
    return undefined;
  }
}
