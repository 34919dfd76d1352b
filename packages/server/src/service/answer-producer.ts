import { ModelError } from '@kotae/knowledge/errors';
import type { AnswerMode, InteractionRecord } from '@kotae/knowledge';
import type { SearchIndex } from '@kotae/knowledge';
import type { SearchResult, StoredSection } from '@kotae/knowledge';
import type { AnswerCitation, AnswerSource } from '@kotae/knowledge';
import type { AnswerLog } from './answer-log.js';
import type { AnswerRequest } from '@kotae/knowledge/answer';
import { checkCitations, normalizeCitationMarks, pendingMarkStart } from '@kotae/knowledge/answer';
import { type BundleAnswerability } from '@kotae/knowledge';
import { assessAnswerability, referenceFor, thresholdFor } from '@kotae/knowledge/answer';
import { answeringSections, extractiveAnswer, type ExtractiveSource } from '@kotae/knowledge/answer';
import { streamModelAnswer, type ModelAnswerOptions } from '../model/model-answer.js';
import { answerPrompt, DECLINE_MARK } from '@kotae/knowledge/answer';
import type { PrecedentIndex } from '@kotae/knowledge';
import { refusalText } from '@kotae/knowledge/answer';
import { rewriteFollowUp } from '../model/follow-up-rewrite.js';
import { languageOf, tokenize } from '@kotae/knowledge';
import { actText, type ActMessages, type QuestionAnalysis, type WeightedTerm } from '@kotae/knowledge/answer';

/** Everything one answer needs; built by the service per request. */
export interface AnswerJob {
  readonly interactionId: string;
  readonly request: AnswerRequest;
  /** The question, NFKC-normalized, trimmed and redacted (with placeholders such as `[EMAIL]`): what is stored and what a model sees. */
  readonly query: string;
  /** The redacted question without its placeholders: what is searched. Personal data never steers retrieval. */
  readonly searchQuery: string;
  /** The page's locale (a preference: the tie-breaker between languages, and the UI language). */
  readonly locale: string;
  /** The question, analysed once: its language (searched first, and answered in), act and terms. */
  readonly question: QuestionAnalysis;
  readonly index: SearchIndex;
  readonly section: (id: string) => StoredSection | undefined;
  /** The sections of an article, in document order (empty for an unknown id). */
  readonly articleSections: (articleId: string) => readonly StoredSection[];
  /** The precedents (past conversations), when the service has them. */
  readonly precedents: PrecedentIndex | undefined;
  readonly maxSources: number;
  /** The refusal threshold the operator set (`minConfidence`), overriding the bundle's. */
  readonly minConfidence: number | undefined;
  /** The bundle's calibrated refusal thresholds (its manifest's `answerability`). */
  readonly answerability: BundleAnswerability | undefined;
  /** Whether the model rewrites follow-ups as standalone questions before retrieval. */
  readonly rewriteFollowUps: boolean;
  /** The model, or `undefined` for extractive answers. */
  readonly model: ModelAnswerOptions | undefined;
  readonly redact: (text: string) => string;
  readonly product: string | undefined;
  readonly refusalMessages: Readonly<Record<string, string>>;
  /** Overrides of the replies to conversational acts. */
  readonly actMessages: ActMessages;
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
  const question = job.question;
  const language = question.language;
  const act = agent ? undefined : question.act;
  let mode: AnswerMode;
  let answer = '';
  let fallbackReason: string | undefined;
  const flags: string[] = [];
  const emit = (text: string) => {
    answer += text;
    log.push('delta', { text });
  };

  // A request for a person, a greeting, thanks, goodbye: answered as what they are, with no
  // passage and no model. "That didn't work" searches again for the previous question, without
  // the sources already given.
  let retrieval: Retrieval = { results: [], confidence: 0, threshold: thresholdOf(job, language) };
  let searched = searchedText(job.searchQuery, question);
  let rewrite: string | undefined;
  if (act === 'not-resolved' && question.previousQuestion !== undefined) {
    searched = searchedText(question.previousQuestion, undefined);
    const given = (r: SearchResult) => alreadyGiven(job, r, question.previousAnswer);
    retrieval = retrieve(job, searched, question, { exclude: given, related: false });
  } else if (act === undefined) {
    // A follow-up: the model (when there is one) rewrites it as a standalone question; without
    // one, or when it fails, the earlier turns' terms are added at a lower weight.
    if (question.followUp && job.model && job.rewriteFollowUps) {
      const history = (job.request.history ?? []).map((turn) => ({ role: turn.role, text: job.redact(turn.text) }));
      rewrite = await rewriteFollowUp(question, history, job.model, signal);
      if (rewrite !== undefined) searched = searchedText(rewrite, undefined);
    }
    retrieval = retrieve(job, searched, question, { related: rewrite === undefined });
  }
  let results = retrieval.results;
  const confidence = retrieval.confidence;
  // Without a model the answer quotes the guidance: the part of each found article that answers
  // (its steps, its timeline) is the source, rather than the introduction search matched.
  if (!job.model && results.length > 0)
    results = answeringSections(searched.text, results, job.articleSections, {
      terms: extractiveTerms(searched, results, retrieval.related),
    });
  // Agent assist also gets the best two precedents as sources, after the articles (an agent wants
  // to see how similar cases went, even when an article ranks higher); end users never see them.
  if (agent && job.precedents) results = [...results, ...job.precedents.search(job.searchQuery, { locale: retrieval.locale, limit: 2 })];
  const sources: AnswerSource[] = results.map((r, i) => ({
    n: i + 1,
    id: r.id,
    articleId: r.articleId,
    anchor: r.anchor,
    title: r.title,
    snippet: r.snippet,
    locale: r.locale,
  }));
  log.push('sources', { sources });
  const firstEventMs = job.now() - job.startedAt;

  const answered = results.length > 0 && confidence >= retrieval.threshold;
  const modelCalled = job.model !== undefined && (answered || (question.followUp && job.rewriteFollowUps && act === undefined));
  const notResolved = act === 'not-resolved';
  if (act !== undefined && !(notResolved && answered)) {
    mode = 'act';
    emit(actText(act, language, job.actMessages));
  } else if (!answered) {
    mode = 'refusal';
    emit(refusalText(language, job.refusalMessages));
  } else {
    if (notResolved) emit(actText('notResolvedIntro', language, job.actMessages));
    const intro = answer;
    if (!job.model) {
      mode = 'extractive';
      for (const chunk of extractive(searched, results, job, retrieval.related)) emit(chunk);
    } else {
      try {
        answer = intro + (await streamModel(job, job.model, results, log, signal));
        mode = 'openai';
      } catch (error) {
        if (!(error instanceof ModelError)) throw error;
        if (log.length > 1) log.push('delta', { text: '', reset: true });
        answer = '';
        if (error.reason === 'uncited' || error.reason === 'declined') {
          flags.push(error.reason);
          // The model said the sources do not answer (or found nothing in them to cite): that is
          // its "I don't know", and an uncited answer must not be shown. Say so plainly, with the
          // way to a person, rather than quote passages it rejected.
          mode = 'refusal';
          emit(refusalText(language, job.refusalMessages));
        } else {
          job.onError(error);
          mode = 'fallback';
          fallbackReason = error.reason;
          if (error.reason === 'invalid-citation') flags.push('citation-check-failed');
          emit(intro);
          for (const chunk of extractive(searched, results, job, retrieval.related)) emit(chunk);
        }
      }
    }
    if (notResolved && mode !== 'refusal') emit(actText('offerPerson', language, job.actMessages));
  }
  const aborted = signal.aborted;
  const cited = mode === 'refusal' || mode === 'act' ? [] : checkCitations(answer, sources.length).cited;
  const citations: AnswerCitation[] = cited.map((n) => ({ n, id: sources[n - 1]!.id }));
  if (!aborted) log.push('citations', { citations });
  return {
    kind: 'interaction',
    id: job.interactionId,
    at: new Date(job.now()).toISOString(),
    query: job.query,
    locale: job.locale,
    language,
    ...(act === undefined ? {} : { act }),
    ...(rewrite === undefined ? {} : { rewrite: job.redact(rewrite) }),
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

/** What retrieval found, how sure it is, and in which locale it searched. */
interface Retrieval {
  readonly results: SearchResult[];
  readonly confidence: number;
  /** The refusal threshold that applies to these results (their language's, or the operator's). */
  readonly threshold: number;
  /** The locale searched (`undefined`: every locale). */
  readonly locale?: string | undefined;
  /** Whether the search was given the follow-up's context terms. */
  readonly related?: boolean | undefined;
}

/**
 * The text a search is for and its terms, tokenized once per language searched: the question's
 * own analysis in its language (with the follow-up's context terms), and otherwise the text
 * tokenized for the other language (a rewrite, the previous question, a search in another
 * language of the bundle), with no context.
 */
interface SearchedText {
  readonly text: string;
  terms(language: string): readonly WeightedTerm[];
  context(language: string): readonly WeightedTerm[];
}

/** The {@link SearchedText} of `text`; `question` is its analysis when `text` is the question itself. */
function searchedText(text: string, question: QuestionAnalysis | undefined): SearchedText {
  const tokenized = new Map<string, readonly WeightedTerm[]>();
  return {
    text,
    terms(language) {
      const lang = languageOf(language);
      if (question && lang === question.language) return question.terms;
      let terms = tokenized.get(lang);
      if (!terms) {
        terms = [...new Set(tokenize(text, lang))].map((term) => ({ term, weight: 1 }));
        tokenized.set(lang, terms);
      }
      return terms;
    },
    context(language) {
      return question && languageOf(language) === question.language ? question.context : [];
    },
  };
}

/**
 * Retrieval in the asker's language first: the bundle's locales of the question's language; when
 * they give no good answer (nothing, or below the confidence threshold), each other language of
 * the bundle, the page's first. The first good answer wins; with none, the asker's language's
 * results stand (and are refused). A follow-up is searched with its earlier turns' terms.
 */
function retrieve(
  job: AnswerJob,
  searched: SearchedText,
  question: QuestionAnalysis,
  options: { exclude?: (r: SearchResult) => boolean; related: boolean },
): Retrieval {
  const languages = [...new Set(job.index.locales.map(languageOf))];
  const page = languageOf(job.locale);
  const order = languages.includes(question.language)
    ? [question.language, ...languages.filter((l) => l !== question.language).sort((a, b) => Number(b === page) - Number(a === page))]
    : [undefined];
  let first: Retrieval | undefined;
  for (const locale of order) {
    let results = job.index.search(searched.text, {
      locale,
      context: job.request.context,
      limit: job.maxSources + (options.exclude ? job.maxSources : 0),
      // Agent assist may draw on `audience: internal` guidance; an end user's question never does.
      ...(job.request.audience === 'agent' ? { includeInternal: true } : {}),
      ...(options.related && question.context.length > 0 ? { related: question.context } : {}),
    });
    if (options.exclude) results = results.filter((r) => !options.exclude!(r));
    results = results.slice(0, job.maxSources);
    const language = results[0]?.locale ?? locale ?? question.language;
    const context = options.related ? searched.context(language) : [];
    const found: Retrieval = {
      results,
      confidence: assessAnswerability(
        searched.text,
        results,
        job.index,
        searched.terms(language),
        context,
        referenceFor(job.answerability, language),
      ).score,
      threshold: thresholdOf(job, language),
      locale,
      related: options.related,
    };
    first ??= found;
    if (results.length > 0 && found.confidence >= found.threshold) return found;
  }
  return first!;
}

/**
 * The refusal threshold for an answer in `locale`: the operator's `minConfidence` when set, else
 * the one `kotae compile` calibrated for that language (the manifest's `answerability`).
 */
function thresholdOf(job: AnswerJob, locale: string): number {
  return job.minConfidence ?? thresholdFor(job.answerability, locale);
}

/**
 * Whether the previous answer was drawn from this section: most of its words are the section's.
 * History carries only text, so this is how "that didn't work" skips what the user already tried.
 */
function alreadyGiven(job: AnswerJob, result: SearchResult, previousAnswer: string | undefined): boolean {
  if (!previousAnswer) return false;
  const section = job.section(result.id);
  if (!section) return false;
  const answerTerms = new Set(tokenize(previousAnswer, result.locale));
  if (answerTerms.size === 0) return false;
  const sectionTerms = new Set(tokenize(`${section.title} ${section.plain}`, result.locale));
  let shared = 0;
  for (const t of answerTerms) if (sectionTerms.has(t)) shared++;
  return shared / answerTerms.size >= GIVEN_SHARE;
}

/** Share of a previous answer's words found in a section for the section to count as already given. */
const GIVEN_SHARE = 0.6;

/** Pushes `done` for a stored interaction and closes the log. */
export function finishAnswer(log: AnswerLog, record: InteractionRecord): void {
  log.push('done', {
    interactionId: record.id,
    mode: record.mode,
    grounded: record.citations.length > 0,
    ...(record.language === undefined ? {} : { language: record.language }),
    ...(record.act === undefined ? {} : { act: record.act }),
    ...(record.fallbackReason === undefined ? {} : { fallbackReason: record.fallbackReason }),
  });
  log.close();
}

/** The extractive answer to `searched` from `results` (not empty), matched on its terms (and context) in the results' language. */
function extractive(searched: SearchedText, results: readonly SearchResult[], job: AnswerJob, related: boolean | undefined): string[] {
  const locale = results[0]!.locale;
  return extractiveAnswer(searched.text, locale, extractiveSources(results, job), { terms: extractiveTerms(searched, results, related) });
}

/** The terms an extractive answer from `results` (not empty) matches: the question's (and the follow-up's context) in the results' language. */
function extractiveTerms(searched: SearchedText, results: readonly SearchResult[], related: boolean | undefined): WeightedTerm[] {
  const locale = results[0]!.locale;
  return [...searched.terms(locale), ...(related ? searched.context(locale) : [])];
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
 * know" (the model found nothing to cite), never shown as it is. An answer that starts with
 * `DECLINE_MARK` (the model says the sources do not answer) stops the model at once and becomes the
 * refusal; the start of every answer is held back until it cannot be that mark.
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
    !agent && job.precedents ? job.precedents.search(job.searchQuery, { locale: results[0]?.locale, limit: 2 }).map((p) => p.text) : [];
  const prompt = answerPrompt(job.query, job.question.language, sections, history, job.product, {
    audience: agent ? 'agent' : 'user',
    background,
  });
  const upstream = new AbortController();
  const onAbort = () => upstream.abort(signal.reason);
  signal.addEventListener('abort', onAbort, { once: true });
  let raw = '';
  let sent = '';
  // Until the answer's start is known not to be DECLINE_MARK, nothing is released.
  let opening = true;
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
      if (opening) {
        const start = raw.trimStart();
        if (start.startsWith(DECLINE_MARK)) throw new ModelError('declined', 'the model said the sources do not answer the question');
        if (DECLINE_MARK.startsWith(start)) continue;
        opening = false;
      }
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
