import { readdir, readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ANSWERABILITY_SCORE, answerabilityReference, answerabilityScore, assessAnswerability } from '../answer/answerability.js';
import type { AnswerabilityFeatures } from '../answer/answerability-features.js';
import { calibrateAnswerability, sampleRefusalTarget } from '../answer/answerability-calibration.js';
import { OUT_OF_SCOPE_EN } from '../answer/out-of-scope/out-of-scope-en.js';
import { OUT_OF_SCOPE_JA } from '../answer/out-of-scope/out-of-scope-ja.js';
import { parseJsonl } from '../content/jsonl.js';
import { JsonlError, type ContentIssue } from '../errors.js';
import type { AnswerabilityCalibration, BundleAnswerability } from '../schema/answerability.js';
import type { AnswerabilityConfig } from '../schema/answerability-config.js';
import { EvalCaseSchema, type EvalCase } from '../schema/eval-case.js';
import type { SearchIndex } from '../search/search-index.js';
import { languageOf } from '../search/tokenizer.js';

/** kotae's generic out-of-scope questions by language (see `OUT_OF_SCOPE_EN`). */
const SAMPLES: Readonly<Record<string, readonly string[]>> = { en: OUT_OF_SCOPE_EN, ja: OUT_OF_SCOPE_JA };

/** How many sections the answer service retrieves by default: questions are scored on as many. */
const SOURCES = 5;

/** What {@link calibrateBundle} found. */
export interface BundleCalibration {
  readonly answerability: BundleAnswerability;
  /** Eval files that could not be read (warnings: the compile goes on without their cases). */
  readonly issues: ContentIssue[];
}

/**
 * Calibrates a bundle's refusal thresholds at compile time, one per language of its locales: its
 * eval cases (`evals/*.jsonl` in the content directory) with `relevant` articles are answerable,
 * its `refuse: true` cases and kotae's generic out-of-scope sample for the language (English and
 * Japanese ship with kotae) are out of scope; each is searched as the answer service searches and
 * scored with `assessAnswerability`, measured from the sample's own features on this bundle (the
 * `reference` stored with the calibration), and `calibrateAnswerability` chooses the threshold. A
 * threshold in `config.threshold` is used instead, and scored the same way.
 *
 * @example
 * ```ts
 * const { answerability } = await calibrateBundle(index, 'content', 'en', config.file?.answerability)
 * answerability.languages.en?.threshold // 0.52
 * ```
 */
export async function calibrateBundle(
  index: SearchIndex,
  contentDir: string,
  defaultLocale: string,
  config: AnswerabilityConfig | undefined,
): Promise<BundleCalibration> {
  const { cases, issues } = await readEvalCases(contentDir);
  const languages: Record<string, AnswerabilityCalibration> = {};
  for (const locale of index.locales) {
    const language = languageOf(locale);
    if (languages[language]) continue;
    const localeOf = (c: EvalCase) => c.locale ?? defaultLocale;
    const mine = cases.filter((c) => languageOf(localeOf(c)) === language);
    const features = (query: string, caseLocale: string, context?: string) =>
      assessAnswerability(query, index.search(query, { locale: caseLocale, context, limit: SOURCES }), index).features;
    // The sample's features on this knowledge are the reference every score is measured from.
    const sample = (SAMPLES[language] ?? []).map((q) => features(q, locale));
    const reference = answerabilityReference(sample);
    const score = (f: AnswerabilityFeatures) => answerabilityScore(f, language, reference);
    const answerable = mine
      .filter((c) => c.refuse !== true && (c.relevant?.length ?? 0) > 0)
      .map((c) => score(features(c.query, localeOf(c), c.context)));
    const outOfScope = [
      ...mine.filter((c) => c.refuse === true).map((c) => score(features(c.query, localeOf(c), c.context))),
      ...sample.map(score),
    ];
    const threshold = config?.threshold;
    const override = typeof threshold === 'number' ? threshold : threshold?.[language];
    const calibration = calibrateAnswerability(answerable, outOfScope, {
      targetAnswered: config?.targetAnswered,
      targetRefused: sampleRefusalTarget(language),
      threshold: override,
    });
    languages[language] = reference ? { ...calibration, reference } : calibration;
  }
  return { answerability: { score: ANSWERABILITY_SCORE, languages }, issues };
}

/** Every eval case of `evals/*.jsonl`; unreadable files become warnings. */
async function readEvalCases(contentDir: string): Promise<{ cases: EvalCase[]; issues: ContentIssue[] }> {
  const dir = join(contentDir, 'evals');
  const names = await readdir(dir).catch(() => [] as string[]);
  const cases: EvalCase[] = [];
  const issues: ContentIssue[] = [];
  for (const name of names.filter((n) => n.endsWith('.jsonl')).sort()) {
    const file = `evals/${name}`;
    try {
      cases.push(...parseJsonl(await readFile(join(dir, name), 'utf8'), file, EvalCaseSchema));
    } catch (error) {
      if (!(error instanceof JsonlError)) throw error;
      issues.push({
        file,
        line: error.line,
        severity: 'warning',
        message: `eval cases not used to calibrate the refusal threshold: ${error.message.slice(file.length + String(error.line).length + 3)}`,
      });
    }
  }
  return { cases, issues };
}
