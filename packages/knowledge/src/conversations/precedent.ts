/**
 * {@link makePrecedent}: turns a past support conversation into a precedent — the customer's
 * problem and how an agent resolved it, redacted — as an internal section for search.
 */
import { redact } from '../privacy/redact.js';
import type { Conversation, ConversationMessage } from '../schema/conversation.js';
import type { StoredSection } from '../search/search-types.js';
import {
  agentSubstance,
  asksForName,
  namesAddressed,
  namesGiven,
  scrubIdentifiers,
  sentences,
  substance,
  SUBSTANTIVE_WORDS,
} from './substance.js';

/** The tag every precedent carries (its topic, when it has one, is its second tag). */
export const PRECEDENT_TAG = 'precedent';

/** Precedent ids are `precedent-<conversation id>`. */
export const PRECEDENT_ID_PREFIX = 'precedent-';

/** Why a conversation made no precedent. */
export const SKIP_REASONS = {
  /** Its outcome is not in `include` (by default: escalated and abandoned conversations). */
  outcome: 'outcome',
  /** Fewer customer and agent messages than `minMessages`. */
  tooShort: 'too-short',
  /** No customer message says enough to state a problem (only greetings, names, ids). */
  noProblem: 'no-problem',
  /** No agent (or bot) message says enough to be an answer (only greetings, questions, closings). */
  noResolution: 'no-resolution',
  /** Its id was already used by an earlier conversation. */
  duplicate: 'duplicate',
} as const;

/** Why a conversation made no precedent (see `SKIP_REASONS`). */
export type SkipReason = (typeof SKIP_REASONS)[keyof typeof SKIP_REASONS];

/** Outcomes `include` can list; `unknown` stands for conversations without an outcome. */
export type IncludedOutcome = NonNullable<Conversation['outcome']> | 'unknown';

/** Options of {@link makePrecedent}. */
export interface MakePrecedentOptions {
  /** Outcomes that make precedents. @default ["resolved", "unknown"] */
  readonly include?: readonly IncludedOutcome[] | undefined;
  /** Fewest customer and agent messages (together). @default 2 */
  readonly minMessages?: number | undefined;
  /** Values redaction keeps (your own support number or address; see `RedactOptions.allow`). @default [] */
  readonly allow?: readonly string[] | undefined;
  /** Line of the conversation in its source file, kept as the section's `line`. @default 1 */
  readonly line?: number | undefined;
}

/** What {@link makePrecedent} made of a conversation: a precedent, or why not. */
export type PrecedentResult =
  { readonly precedent: StoredSection; readonly skipped?: undefined } | { readonly precedent?: undefined; readonly skipped: SkipReason };

/** Most customer messages in a problem statement, and most agent replies in a resolution. */
const MAX_PROBLEM_MESSAGES = 3;
const MAX_REPLIES = 3;
/** Length limits in characters (after redaction): precedents are guidance, not transcripts. */
const MAX_MESSAGE_CHARS = 300;
const MAX_PROBLEM_CHARS = 500;
const MAX_TITLE_CHARS = 80;

const LABEL = { customer: 'Customer', agent: 'Agent', bot: 'Bot' } as const;

/**
 * Turns a conversation into a precedent: an `audience: "internal"` section whose text is the
 * customer's problem (their first messages of substance, up to three) and how it was resolved
 * (the agent's key replies, up to three: the longest statements, later ones preferred, without
 * greetings, closings or requests for the customer's details), as plain text:
 *
 * ```text
 * Customer: I need to return an item. I got the wrong size.
 *
 * Agent: Because it has been more than 90 days we cannot accept the return.
 * ```
 *
 * Every message is redacted with {@link redact} before anything is cut from it, with the
 * conversation's `names`, the names the customer gave and the names people are addressed by (see
 * `namesGiven`, `namesAddressed`: a best effort, names are otherwise not recognizable), and its identifiers (usernames, order numbers, one-time
 * passwords: tokens mixing letters and digits, runs of six or more digits) become `[ID]`.
 * System messages are never used. The section's id is
 * `precedent-<id>` (characters other than letters, digits, `.`, `_`, `-`, `/` become `_`), its
 * tags `precedent` and the topic, its title the start of the problem.
 *
 * Returns `{ skipped }` with the reason when the conversation makes no precedent.
 *
 * @example
 * ```ts
 * const { precedent, skipped } = makePrecedent(conversation, { allow: ['0120-123-456'] })
 * ```
 */
export function makePrecedent(conversation: Conversation, options: MakePrecedentOptions = {}): PrecedentResult {
  const include = options.include ?? ['resolved', 'unknown'];
  if (!include.includes(conversation.outcome ?? 'unknown')) return { skipped: SKIP_REASONS.outcome };
  const messages = conversation.messages.filter((m) => m.role !== 'system' && m.text.trim() !== '');
  const humans = messages.filter((m) => m.role === 'customer' || m.role === 'agent').length;
  if (humans < (options.minMessages ?? 2)) return { skipped: SKIP_REASONS.tooShort };

  const allow = options.allow ?? [];
  const names = [...new Set([...(conversation.names ?? []), ...customerNames(messages)])];
  // Messages are chosen on their raw text (cheap), redacted together, then checked again: a
  // message of names and ids says nothing once they are placeholders. A few spare candidates
  // stand in for those that drop out.
  const problemCandidates = messages
    .filter((m) => m.role === 'customer' && substance(m.text) >= SUBSTANTIVE_WORDS)
    .slice(0, MAX_PROBLEM_MESSAGES + 2);
  if (problemCandidates.length === 0) return { skipped: SKIP_REASONS.noProblem };
  const replyCandidates = keyReplies(messages, MAX_REPLIES + 1);
  if (replyCandidates.length === 0) return { skipped: SKIP_REASONS.noResolution };
  const cleaned = cleanAll([...problemCandidates.map((m) => m.text), ...replyCandidates.map((r) => r.text)], names, allow);
  const problem = cleaned
    .slice(0, problemCandidates.length)
    .filter((text) => substance(text) >= SUBSTANTIVE_WORDS)
    .slice(0, MAX_PROBLEM_MESSAGES)
    .map((text) => truncate(text, MAX_MESSAGE_CHARS));
  if (problem.length === 0) return { skipped: SKIP_REASONS.noProblem };
  const kept: { at: number; line: string }[] = [];
  for (const [i, reply] of replyCandidates.entries()) {
    // The whole message was redacted; now drop its closings and questions (a value may span sentences).
    const statement = agentSubstance(cleaned[problemCandidates.length + i]!);
    if (statement.weight >= SUBSTANTIVE_WORDS && kept.length < MAX_REPLIES) {
      kept.push({ at: reply.at, line: `${LABEL[reply.role]}: ${truncate(statement.text, MAX_MESSAGE_CHARS)}` });
    }
  }
  if (kept.length === 0) return { skipped: SKIP_REASONS.noResolution };
  const replies = kept.sort((a, b) => a.at - b.at).map((r) => r.line);
  const problemText = truncate(problem.join(' '), MAX_PROBLEM_CHARS);
  const lines = [`${LABEL.customer}: ${problemText}`, ...replies];
  const text = lines.join('\n\n');
  const topic = conversation.topic?.trim() ? redact(oneLine(conversation.topic), { allow, names }).text : undefined;
  const id = precedentId(conversation.id);
  return {
    precedent: {
      id,
      articleId: id,
      anchor: '',
      title: titleOf(problemText),
      headings: [],
      text,
      plain: text,
      locale: conversation.locale,
      audience: 'internal',
      tags: topic ? [PRECEDENT_TAG, topic] : [PRECEDENT_TAG],
      contexts: [],
      line: options.line ?? 1,
    },
  };
}

/** The precedent id of a conversation id: `precedent-<id>`, with unsafe characters as `_`. */
export function precedentId(conversationId: string): string {
  return PRECEDENT_ID_PREFIX + conversationId.replace(/[^\p{L}\p{N}._\-/]/gu, '_');
}

/** True when a section (or search result) is a precedent. */
export function isPrecedent(section: { readonly articleId: string; readonly tags?: readonly string[] }): boolean {
  return section.articleId.startsWith(PRECEDENT_ID_PREFIX) && (section.tags === undefined || section.tags.includes(PRECEDENT_TAG));
}

/** A precedent's text taken apart: the customer's problem and the replies that resolved it. */
export interface PrecedentParts {
  /** The customer's problem, in their (redacted) words. */
  readonly problem: string;
  /** The agent's (or bot's) key replies, in conversation order. */
  readonly resolution: string[];
}

/**
 * Takes a precedent's text apart (see {@link makePrecedent} for its shape).
 *
 * @example
 * ```ts
 * const { problem, resolution } = precedentParts(section.text)
 * ```
 */
export function precedentParts(text: string): PrecedentParts {
  let problem = '';
  const resolution: string[] = [];
  for (const paragraph of text.split('\n\n')) {
    const colon = paragraph.indexOf(': ');
    const label = colon < 0 ? '' : paragraph.slice(0, colon);
    const body = colon < 0 ? paragraph : paragraph.slice(colon + 2);
    if (label === LABEL.customer && problem === '') problem = body;
    else resolution.push(body);
  }
  return { problem, resolution };
}

/**
 * Redacts messages (each made one line) and scrubs their identifiers, in one `redact` call: it
 * compiles a pattern per name, so one call per conversation instead of one per message. The
 * messages are joined with a separator no detector matches across; should a value ever span one,
 * each message is redacted on its own instead.
 */
function cleanAll(texts: readonly string[], names: readonly string[], allow: readonly string[]): string[] {
  const lines = texts.map((t) => oneLine(t.replaceAll(SEPARATOR_CHAR, ' ')));
  const folded = lines.join(' ').normalize('NFKC').toLowerCase();
  // Only the names with a part in these messages.
  const present = names.filter((name) =>
    name
      .normalize('NFKC')
      .toLowerCase()
      .split(/[\s・,]+/)
      .some((part) => part !== '' && folded.includes(part)),
  );
  const options = { allow, names: present };
  const joined = redact(lines.join(SEPARATOR), options).text.split(SEPARATOR);
  const redacted = joined.length === lines.length ? joined : lines.map((line) => redact(line, options).text);
  return redacted.map((text) => scrubIdentifiers(text, allow));
}

/** A control character (not whitespace, not a word character, no detector's): joins messages for {@link cleanAll}. */
const SEPARATOR_CHAR = '\u0001';
const SEPARATOR = ` ${SEPARATOR_CHAR} `;

/**
 * The agent's key replies (the bot's, when no agent said anything of substance): at most `max`,
 * best first (longest statements, later ones preferred), each with its place in the conversation.
 */
function keyReplies(messages: readonly ConversationMessage[], max: number): { role: 'agent' | 'bot'; text: string; at: number }[] {
  for (const role of ['agent', 'bot'] as const) {
    const scored: { at: number; text: string; score: number }[] = [];
    messages.forEach((m, at) => {
      if (m.role !== role) return;
      const { weight } = agentSubstance(m.text);
      // Later replies weigh more: the resolution comes after the questions.
      if (weight >= SUBSTANTIVE_WORDS) scored.push({ at, text: m.text, score: weight * (0.5 + at / messages.length) });
    });
    if (scored.length === 0) continue;
    scored.sort((a, b) => b.score - a.score || a.at - b.at);
    return scored.slice(0, max).map((s) => ({ role, text: s.text, at: s.at }));
  }
  return [];
}

/** Names the customer gave in the conversation, and names anyone was addressed by (see {@link namesGiven}, {@link namesAddressed}). */
function customerNames(messages: readonly ConversationMessage[]): string[] {
  const names: string[] = [];
  let asked = false;
  for (const m of messages) {
    names.push(...namesAddressed(m.text));
    if (m.role === 'customer') names.push(...namesGiven(m.text, asked));
    else asked = asksForName(m.text);
  }
  return names;
}

function titleOf(problem: string): string {
  const first = sentences(problem).find((s) => substance(s) >= 2) ?? problem;
  return truncate(first, MAX_TITLE_CHARS);
}

function oneLine(text: string): string {
  return text.replace(/\s+/g, ' ').trim();
}

/** Cuts text to at most `max` characters, at a space when one is near, never inside a surrogate pair. */
function truncate(text: string, max: number): string {
  if (text.length <= max) return text;
  let cut = max - 1;
  const space = text.lastIndexOf(' ', cut);
  if (space > max * 0.7) cut = space;
  else if (/[\uD800-\uDBFF]/.test(text[cut - 1] ?? '')) cut--;
  return `${text.slice(0, cut).trimEnd()}…`;
}
