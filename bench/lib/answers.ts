import { askCases, scoreAnswer, summarizeAnswers, type AnswerMetrics } from '@kotae/knowledge';
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
}

/**
 * Asks every eval case of a data set through an in-process answer service with extractive
 * answers, as `kotae eval --answers` without a key does, and scores the answers.
 */
export async function measureAnswers(dataset: Dataset, log: (line: string) => void): Promise<AnswersResult> {
  const compiled = await compileContent(dataset.contentDir);
  const handler = createAnswerHandler({ bundle: { manifest: compiled.bundle.manifest, index: compiled.index }, rateLimit: false });
  const cases = dataset.cases.map((c) => ({ ...c, locale: c.locale ?? dataset.defaultLocale }));
  log(`${dataset.name}: asking ${cases.length} cases (extractive)`);
  const start = performance.now();
  const outcomes = await askCases(cases, { endpoint: 'http://kotae.bench', fetch: handler, concurrency: 4 });
  const wallMs = performance.now() - start;
  const results = cases.map((c, i) => scoreAnswer(c, outcomes[i]!));
  const withPhrases = results.filter((r) => r.phraseRecall !== null);
  const anyHit = withPhrases.filter((r) => r.phraseRecall! > 0).length;
  return {
    name: dataset.name,
    metrics: summarizeAnswers(results),
    anyPhraseRate: withPhrases.length ? Math.round((anyHit / withPhrases.length) * 10_000) / 10_000 : null,
    wallMs: round3(wallMs),
  };
}

/** The markdown table of the answer part. */
export function formatAnswers(results: readonly AnswersResult[]): string {
  const v = (x: number | null) => (x === null ? '–' : x.toFixed(4));
  const rows = results.map((r) => {
    const m = r.metrics;
    const f = m.refusal;
    return `| ${r.name} | ${m.cases} | ${v(m.citationValidity)} | ${v(f.accuracy)} | ${f.correctRefusals}/${f.missedRefusals}/${f.wrongRefusals}/${f.correctAnswers} | ${v(m.phraseRecall.mean)} | ${v(r.anyPhraseRate)} | ${v(m.grounding.rate)} | ${m.modes.error} | ${(r.wallMs / 1000).toFixed(1)} s |`;
  });
  return [
    '### Answers (extractive, in-process)',
    '',
    '| set | cases | citation validity | refusal accuracy | refusals ok/missed/wrong, answers ok | phrase recall | any phrase | grounding | errors | wall |',
    '| --- | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: | ---: |',
    ...rows,
  ].join('\n');
}
