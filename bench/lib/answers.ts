import { askCases, findAnswerArtefacts, passageEndings, scoreAnswer, summarizeAnswers, type AnswerMetrics } from '@kotae/knowledge';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler } from '@kotae/server';
import type { Dataset } from './datasets.js';
import { round3 } from './stats.js';

/** What `kotae eval --answers` (in-process, extractive) measures on one data set. */
export interface AnswersResult {
  readonly name: string;
  readonly metrics: AnswerMetrics;
  /**
   * Cases with `answers` phrases whose answer contains at least one of them. Datasets such as
   * JSQuAD list alternative answers (any one is right), where phrase recall (all of them)
   * undercounts; this is the fairer number there.
   */
  readonly anyPhraseRate: number | null;
  /** Wall time of asking every case through the handler (4 at a time), ms. Noisy on a shared machine. */
  readonly wallMs: number;
  /** How the answers (not refusals) are composed: see {@link AnswerShape}. */
  readonly shape: AnswerShape;
}

/**
 * How well-formed the answers are, whatever they say: every passage should end at a sentence
 * end or where a paragraph or list item of its source ends (never mid-sentence), and no answer
 * should carry markup or source artefacts (`Q.` labels, quote markers, heading marks, reference
 * numbers, HTML tags, link syntax). Counted over the answered cases.
 */
export interface AnswerShape {
  /** Answered cases (mode not `refusal`, no error). */
  readonly answers: number;
  /** Passages (one per citation mark) over all answers. */
  readonly passages: number;
  /** Share of answers all of whose passages end cleanly (see `passageEndings`), or `null` with no answers. */
  readonly cleanEndRate: number | null;
  /** Artefacts found in all answers together (see `findAnswerArtefacts`). */
  readonly artefacts: number;
  /** Up to 5 examples of each problem, for reading. */
  readonly examples: readonly string[];
}

/**
 * Asks every eval case of a data set through an in-process answer service with extractive
 * answers, as `kotae eval --answers` without a key does, and scores the answers.
 */
export async function measureAnswers(dataset: Dataset, log: (line: string) => void): Promise<AnswersResult> {
  const compiled = await compileContent(dataset.contentDir);
  const handler = createAnswerHandler({
    bundle: { manifest: compiled.bundle.manifest, index: compiled.index },
    rateLimit: false,
    limits: false,
  });
  const cases = dataset.cases.map((c) => ({ ...c, locale: c.locale ?? dataset.defaultLocale }));
  log(`${dataset.name}: asking ${cases.length} cases (extractive)`);
  const start = performance.now();
  const outcomes = await askCases(cases, { endpoint: 'http://kotae.bench', fetch: handler, concurrency: 4 });
  const wallMs = performance.now() - start;
  const results = cases.map((c, i) => scoreAnswer(c, outcomes[i]!));
  const sections = new Map(compiled.index.sections().map((sec) => [sec.id, sec.text]));
  let answers = 0;
  let passages = 0;
  let clean = 0;
  let artefacts = 0;
  const examples: string[] = [];
  outcomes.forEach((o, i) => {
    if (!('sources' in o) || o.done?.mode === 'refusal' || o.text === '') return;
    answers++;
    const endings = passageEndings(o.text, (n) => {
      const id = o.sources.find((src) => src.n === n)?.id;
      return id === undefined ? undefined : sections.get(id);
    });
    passages += endings.length;
    const unclean = endings.filter((e) => !e.clean);
    if (unclean.length === 0) clean++;
    else if (examples.length < 10) examples.push(`${cases[i]!.id}: ends mid-sentence: …${unclean[0]!.text.slice(-60)}`);
    const found = findAnswerArtefacts(o.text);
    artefacts += found.length;
    if (found.length > 0 && examples.length < 10)
      examples.push(`${cases[i]!.id}: ${found.map((a) => `${a.kind} ${JSON.stringify(a.match)}`).join(', ')}`);
  });
  for (const example of examples) log(`${dataset.name}: ${example}`);
  const shape: AnswerShape = {
    answers,
    passages,
    cleanEndRate: answers ? Math.round((clean / answers) * 10_000) / 10_000 : null,
    artefacts,
    examples,
  };
  const withPhrases = results.filter((r) => r.phraseRecall !== null);
  const anyHit = withPhrases.filter((r) => r.phraseRecall! > 0).length;
  return {
    name: dataset.name,
    metrics: summarizeAnswers(results),
    anyPhraseRate: withPhrases.length ? Math.round((anyHit / withPhrases.length) * 10_000) / 10_000 : null,
    wallMs: round3(wallMs),
    shape,
  };
}

/** The markdown table of the answer part. */
export function formatAnswers(results: readonly AnswersResult[]): string {
  const v = (x: number | null) => (x === null ? '–' : x.toFixed(4));
  const rows = results.map((r) => {
    const m = r.metrics;
    const f = m.refusal;
    return `| ${r.name} | ${m.cases} | ${v(m.citationValidity)} | ${v(f.accuracy)} | ${f.correctRefusals}/${f.missedRefusals}/${f.wrongRefusals}/${f.correctAnswers} | ${v(m.phraseRecall.mean)} | ${v(r.anyPhraseRate)} | ${v(m.grounding.rate)} | ${v(r.shape.cleanEndRate)} | ${r.shape.artefacts} | ${m.modes.error} | ${(r.wallMs / 1000).toFixed(1)} s |`;
  });
  return [
    '### Answers (extractive, in-process)',
    '',
    '| set | cases | citation validity | refusal accuracy | refusals ok/missed/wrong, answers ok | phrase recall | any phrase | grounding | clean ends | artefacts | errors | wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
