/**
 * `@kotae/cli`: the `kotae` command's commands as plain async functions.
 *
 * Each command takes an options object and returns data; none prints its results or exits, so
 * they can run inside scripts, build tools and tests. The `kotae` binary (`dist/bin.js`) adds the
 * command-line parsing, the human and `--json` output and the exit codes.
 *
 * @example
 * ```ts
 * import { compile, evaluate } from '@kotae/cli'
 * await compile({ contentDir: 'content', out: 'dist/kb' })
 * const report = await evaluate({ bundleDir: 'dist/kb', casesFile: 'evals/cases.jsonl' })
 * ```
 *
 * @packageDocumentation
 */

// Errors
export { UsageError, PathError, InitConflictError } from './errors.js';

// Commands
export { init, type InitCommandOptions, type InitCommandResult } from './commands/init.js';
export { validate, type ValidateCommandOptions, type ValidateCommandResult } from './commands/validate.js';
export { compile, type CompileCommandOptions, type CompileCommandResult } from './commands/compile.js';
export { search, type SearchCommandOptions, type SearchCommandResult } from './commands/search.js';
export { evaluate, type EvalCommandOptions, type EvalCommandResult, type EvalGate } from './commands/eval.js';
export type { AnswerEvalReport, GradedCaseResult, GraderReport, GraderSettings } from './internal/eval-answers.js';
export { redact, type RedactCommandOptions, type RedactCommandResult, type RedactSink } from './commands/redact.js';
export {
  serve,
  ANSWER_ENDPOINT,
  type ServeCommandOptions,
  type ServeEscalations,
  type ServeObserveOptions,
  type ServeLogFormat,
  type RunningServer,
  type ReloadEvent,
} from './commands/serve.js';
export { dev, type DevCommandOptions, type RunningDevServer, type DevBuildEvent } from './commands/dev.js';
export { publish, type PublishCommandOptions, type PublishCommandResult } from './commands/publish.js';
export { rollback, type RollbackCommandOptions, type RollbackCommandResult } from './commands/rollback.js';
export { diff, type DiffCommandOptions, type DiffCommandResult } from './commands/diff.js';
export { keysNew, type KeysNewCommandOptions, type KeysNewCommandResult } from './commands/keys-new.js';
export {
  storeCompact,
  type StoreCompactCommandOptions,
  type StoreCompactCommandResult,
  type MaintenanceFiles,
  type QuarantineCounts,
} from './commands/store-compact.js';
export { storeErase, type StoreEraseCommandOptions, type StoreEraseCommandResult } from './commands/store-erase.js';
export { insights, type InsightsCommandOptions, type InsightsCommandResult } from './commands/insights.js';
export { cases, type CasesCommandOptions, type CasesCommandResult } from './commands/cases.js';
export {
  classify,
  type ClassifyCommandOptions,
  type ClassifyCommandResult,
  type ClassifyItemsResult,
  type ClassifyEvalResult,
  type ClassifyTrainResult,
  type ClassifiedItem,
  type ClassifierSource,
  type ClassifierFrom,
} from './commands/classify.js';
export { STRICT_CSP } from './strict-csp.js';
