import { ModelError } from '../errors.js';
import type { AnswerMode, InteractionRecord } from '../schema/interaction.js';
import type { SearchIndex } from '../search/search-index.js';
import type { SearchResult, StoredSection } from '../search/search-types.js';
import type { AnswerCitation, AnswerSource } from './answer-events.js';
import type { AnswerLog } from './answer-log.js';
import type { AnswerRequest } from './answer-request.js';
import { checkCitations, normalizeCitationMarks, pendingMarkStart } from './citations.js';
import { assessAnswerability, thresholdFor } from '../answer/answerability.js';
import type { BundleAnswerability } from '../schema/answerability.js';
import { extractiveAnswer, type ExtractiveSource } from './extractive-answer.js';
import { streamModelAnswer, type ModelAnswerOptions } from './model-answer.js';
import { answerPrompt } from './prompt.js';
import type { PrecedentIndex } from '../conversations/precedent-index.js';
import { refusalText } from './refusal.js';

/** Everything one answer needs; built by the service per request. */
export interface AnswerJob {
  readonly interactionId: string;
  readonly request: AnswerRequest;
  /** The question, NFKC-normalized, trimmed and redacted (with placeholders such as `[EMAIL]`): what is stored and what a model sees. */
  readonly query: string;
  /** The redacted question without its placeholders: what is searched. Personal data never steers retrieval. */
  readonly searchQuery: string;
  /** The locale to answer in. */
  readonly locale: string;
  /** The locale to search, or `undefined` to search every locale of the bundle. */
  readonly searchLocale: string | undefined;
  readonly index: SearchIndex;
  readonly section: (id: string) => StoredSection | undefined;
  /** The precedents (past conversations), when the service has them. */
  readonly precedents: PrecedentIndex | undefined;
  readonly maxSources: number;
  /** The refusal threshold the operator set (`minConfidence`), overriding the bundle's. */
  readonly minConfidence: number | undefined;
  /** The bundle's calibrated refusal thresholds (its manifest's `answerability`). */
  readonly answerability: BundleAnswerability | undefined;
  /** The model, or `undefined` for extractive answers. */
  readonly model: ModelAnswerOptions | undefined;
  readonly redact: (text: string) => string;
  readonly product: string | undefined;
  readonly refusalMessages: Readonly<Record<string, string>>;
  readonly startedAt: number;
  readonly now: () => number;
  readonly onError: (error: unknown) => void;
}

/**
 * Produces one answer into `log`: `sources`, then `delta`s, then `citations` and `done`. The
 * interaction is returned for the store, and `done` is pushed only by {@link finishAnswer} once the
 * store has it. When `signal` aborts (the client went away), the answer stops where it is and the
 * record says `aborted`.
 */
export async function produceAnswer(job: AnswerJob, log: AnswerLog, signal: AbortSignal): Promise<InteractionRecord> {
  const agent = job.request.audience === 'agent';
  const articles = job.index.search(job.searchQuery, {
    locale: job.searchLocale,
    context: job.request.context,
    limit: job.maxSources,
  });
  let results: SearchResult[] = articles;
  // Agent assist also gets the best two precedents as sources, after the articles (an agent wants
  // to see how similar cases went, even when an article ranks higher); end users never see them.
  if (agent && job.precedents) results = [...results, ...job.precedents.search(job.searchQuery, { locale: job.searchLocale, limit: 2 })];
  const sources: AnswerSource[] = results.map((r, i) => ({
    n: i + 1,
    id: r.id,
    articleId: r.articleId,
    anchor: r.anchor,
    title: r.title,
    snippet: r.snippet,
  }));
  log.push('sources', { sources });
  const firstEventMs = job.now() - job.startedAt;
  // Whether the articles answer the question at all (precedents never make it answerable), against
  // the operator's threshold or the one calibrated for the bundle in this language.
  const confidence = assessAnswerability(job.searchQuery, articles, job.index).score;
  const minConfidence = job.minConfidence ?? thresholdFor(job.answerability, articles[0]?.locale ?? job.locale);

  let mode: AnswerMode;
  let answer = '';
  let fallbackReason: string | undefined;
  const flags: string[] = [];
  const emit = (text: string) => {
    answer += text;
    log.push('delta', { text });
  };
  const modelCalled = job.model !== undefined && results.length > 0 && confidence >= minConfidence;
  if (results.length === 0 || confidence < minConfidence) {
    mode = 'refusal';
    emit(refusalText(job.locale, job.refusalMessages));
  } else if (!job.model) {
    mode = 'extractive';
    for (const chunk of extractiveAnswer(job.searchQuery, results[0]!.locale, extractiveSources(results, job))) emit(chunk);
  } else {
    try {
      answer = await streamModel(job, job.model, results, log, signal);
      mode = 'openai';
    } catch (error) {
      if (!(error instanceof ModelError)) throw error;
      if (log.length > 1) log.push('delta', { text: '', reset: true });
      answer = '';
      if (error.reason === 'uncited') {
        flags.push('uncited');
        // The model found nothing in the sources to cite: that is its "I don't know", and an
        // uncited answer must not be shown. Say so plainly rather than quote passages it rejected.
        mode = 'refusal';
        emit(refusalText(job.locale, job.refusalMessages));
      } else {
        job.onError(error);
        mode = 'fallback';
        fallbackReason = error.reason;
        if (error.reason === 'invalid-citation') flags.push('citation-check-failed');
        for (const chunk of extractiveAnswer(job.searchQuery, results[0]!.locale, extractiveSources(results, job))) emit(chunk);
      }
    }
  }
  const aborted = signal.aborted;
  const cited = mode === 'refusal' ? [] : checkCitations(answer, sources.length).cited;
  const citations: AnswerCitation[] = cited.map((n) => ({ n, id: sources[n - 1]!.id }));
  if (!aborted) log.push('citations', { citations });
  return {
    kind: 'interaction',
    id: job.interactionId,
    at: new Date(job.now()).toISOString(),
    query: job.query,
    locale: job.locale,
    ...(job.request.context === undefined ? {} : { context: job.request.context }),
    ...(job.request.conversationId === undefined ? {} : { conversationId: job.request.conversationId }),
    sourceIds: sources.map((s) => s.id),
    topScore: confidence,
    mode,
    ...(fallbackReason === undefined ? {} : { fallbackReason }),
    answer: job.redact(answer),
    citations: citations.map((c) => c.id),
    latency: { firstEventMs, totalMs: job.now() - job.startedAt },
    ...(modelCalled ? { model: job.model!.model } : {}),
    ...(aborted ? { aborted: true } : {}),
    ...(job.request.audience === 'agent' ? { audience: 'agent' as const } : {}),
    ...(flags.length > 0 ? { flags } : {}),
  };
}

/** Pushes `done` for a stored interaction and closes the log. */
export function finishAnswer(log: AnswerLog, record: InteractionRecord): void {
  log.push('done', {
    interactionId: record.id,
    mode: record.mode,
    grounded: record.citations.length > 0,
    ...(record.fallbackReason === undefined ? {} : { fallbackReason: record.fallbackReason }),
  });
  log.close();
}

/** The sources an extractive answer quotes: the best, and the next ones that score close to it (at most 3). */
function extractiveSources(results: readonly SearchResult[], job: AnswerJob): ExtractiveSource[] {
  const top = results[0]!.score;
  const sources: ExtractiveSource[] = [];
  results.forEach((r, i) => {
    const section = job.section(r.id);
    if (section && sources.length < 3 && r.score >= top * 0.6) sources.push({ n: i + 1, section });
  });
  return sources;
}

/**
 * Streams the model's answer into the log, checking citations as they arrive: text is released up
 * to any citation mark still being written, and a mark naming a source the model was not given
 * stops the model at once. An answer that ends citing nothing is not grounded: it becomes "I don't
 * know" (the model found nothing to cite), never shown as it is.
 */
async function streamModel(
  job: AnswerJob,
  model: ModelAnswerOptions,
  results: readonly SearchResult[],
  log: AnswerLog,
  signal: AbortSignal,
): Promise<string> {
  const sections = results.map((r) => job.section(r.id)).filter((s): s is StoredSection => s !== undefined);
  const history = (job.request.history ?? []).map((turn) => ({ role: turn.role, text: job.redact(turn.text) }));
  const agent = job.request.audience === 'agent';
  // End users' answers may be informed by precedents, as background the model must not cite.
  const background =
    !agent && job.precedents ? job.precedents.search(job.searchQuery, { locale: job.searchLocale, limit: 2 }).map((p) => p.text) : [];
  const prompt = answerPrompt(job.query, job.locale, sections, history, job.product, { audience: agent ? 'agent' : 'user', background });
  const upstream = new AbortController();
  const onAbort = () => upstream.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let raw = '';
  let sent = '';
  const release = (upTo: number) => {
    const ready = normalizeCitationMarks(raw.slice(0, upTo));
    const invalid = checkCitations(ready, sections.length).invalid;
    if (invalid.length > 0)
      throw new ModelError('invalid-citation', `the answer cites [${invalid.join('], [')}] but was given ${sections.length} sources`);
    if (!ready.startsWith(sent)) throw new ModelError('model-error', 'the answer text could not be streamed consistently');
    const text = ready.slice(sent.length);
    if (text) log.push('delta', { text });
    sent = ready;
  };
  try {
    for await (const delta of streamModelAnswer(prompt, model, upstream.signal)) {
      raw += delta;
      release(pendingMarkStart(raw));
    }
    if (signal.aborted) return sent;
    release(raw.length);
  } catch (error) {
    upstream.abort(error);
    throw error;
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
  if (checkCitations(sent, sections.length).cited.length === 0) throw new ModelError('uncited', 'the answer cites no source');
  return sent;
}
