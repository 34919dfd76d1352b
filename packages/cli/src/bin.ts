#!/usr/bin/env node
/**
 * The `kotae` binary. The only place that parses the command line, prints results and fatal
 * errors, and sets the exit status: 0 success, 1 failure (bad content, failed check, missing
 * input, internal error), 2 usage error. Commands themselves return data (see `./index.ts`).
 *
 * @packageDocumentation
 */

import { readFileSync } from 'node:fs';
import { ContentError, KotaeError, StoreCorruptionError, StoreLockedError, formatIssue } from '@kotae/knowledge';
import { cases } from './commands/cases.js';
import { classify } from './commands/classify.js';
import { compile } from './commands/compile.js';
import { diff } from './commands/diff.js';
import { evaluate } from './commands/eval.js';
import { init } from './commands/init.js';
import { insights } from './commands/insights.js';
import { redact } from './commands/redact.js';
import { publish } from './commands/publish.js';
import { rollback } from './commands/rollback.js';
import { search } from './commands/search.js';
import { serve } from './commands/serve.js';
import { storeCompact } from './commands/store-compact.js';
import { storeErase } from './commands/store-erase.js';
import { validate } from './commands/validate.js';
import { UsageError } from './errors.js';
import { day, fraction, parseCommandArgs, positiveInteger, type ParsedArgs } from './internal/args.js';
import { commandHelp, groupHelp, mainHelp, usageHint } from './internal/help.js';
import {
  compileJson,
  evalJson,
  formatCompile,
  formatEval,
  formatInit,
  formatJson,
  formatRedact,
  redactJson,
  formatSearch,
  formatValidate,
} from './internal/output.js';
import { formatFailedGates } from './internal/answer-output.js';
import { formatCases, formatInsights } from './internal/insights-output.js';
import { classifyJson, formatClassify } from './internal/classify-output.js';
import { progressReporter } from './internal/progress.js';
import { formatDiff, formatPublish, formatPublishStep, formatRollback } from './internal/publish-output.js';
import { COMMANDS, groupActions, isCommandGroup, isCommandName, type CommandName } from './internal/specs.js';
import { formatQuarantineNote, formatRemoved, formatStoreCompact, formatStoreErase } from './internal/store-output.js';
import { timeRange } from './internal/time-option.js';

const out = (text: string) => void process.stdout.write(text);
const err = (text: string) => void process.stderr.write(text);

async function main(argv: readonly string[]): Promise<number> {
  const [first, ...rest] = argv;
  if (first === undefined) throw new UsageError('missing command');
  if (first === '--help' || first === '-h') return print(mainHelp(packageVersion()));
  if (first === '--version' || first === '-v') return print(`${packageVersion()}\n`);
  if (first === 'help') {
    const topic = rest[0];
    if (topic === undefined) return print(mainHelp(packageVersion()));
    if (isCommandGroup(topic)) return print(rest[1] === undefined ? groupHelp(topic) : commandHelp(COMMANDS[groupCommand(topic, rest[1])]));
    if (!isCommandName(topic)) throw new UsageError(`unknown command ${JSON.stringify(topic)}`);
    return print(commandHelp(COMMANDS[topic]));
  }
  if (first.startsWith('-')) throw new UsageError(`unknown option ${JSON.stringify(first)}`);
  if (isCommandGroup(first)) {
    // `kotae store compact …`: the group's action names the command.
    const [action, ...words] = rest;
    if (action === '--help' || action === '-h') return print(groupHelp(first));
    return runCommand(groupCommand(first, action), words);
  }
  if (!isCommandName(first)) throw new UsageError(`unknown command ${JSON.stringify(first)}`);
  return runCommand(first, rest);
}

/** The command being run, for error hints that depend on it. */
let running: CommandName | undefined;

function runCommand(name: CommandName, words: readonly string[]): Promise<number> {
  running = name;
  const args = parseCommandArgs(COMMANDS[name], words);
  if (args.help) return Promise.resolve(print(commandHelp(COMMANDS[name])));
  return RUN[name](args);
}

/** The command of a group's action (`store` + `erase`), or a UsageError naming the actions. */
function groupCommand(group: Parameters<typeof groupActions>[0], action: string | undefined): CommandName {
  const actions = groupActions(group).join(' or ');
  if (action === undefined || action.startsWith('-')) throw new UsageError(`missing ${group} action (${actions})`, group);
  const name = `${group} ${action}`;
  if (!isCommandName(name)) throw new UsageError(`unknown ${group} action ${JSON.stringify(action)} (${actions})`, group);
  return name;
}

const RUN: Readonly<Record<CommandName, (args: ParsedArgs) => Promise<number>>> = {
  async init(args) {
    const result = await init({ dir: args.positionals.get('dir') });
    out(args.flags.has('json') ? formatJson(result) : formatInit(result));
    return 0;
  },

  async validate(args) {
    const progress = progressReporter(process.stderr);
    const result = await validate({
      contentDir: args.positionals.get('contentDir')!,
      strict: args.flags.has('strict'),
      now: day('validate', 'now', args.strings.get('now')),
      onProgress: progress.onProgress,
    }).finally(progress.finish);
    out(args.flags.has('json') ? formatJson(result) : formatValidate(result));
    return result.ok ? 0 : 1;
  },

  async compile(args) {
    const progress = progressReporter(process.stderr);
    const result = await compile({
      contentDir: args.positionals.get('contentDir')!,
      out: args.strings.get('out')!,
      internalOut: args.strings.get('internal-out'),
      strict: args.flags.has('strict'),
      onProgress: progress.onProgress,
    }).finally(progress.finish);
    for (const warning of result.warnings) err(`${formatIssue(warning)}\n`);
    out(args.flags.has('json') ? formatJson(compileJson(result)) : formatCompile(result));
    return 0;
  },

  async search(args) {
    const limit = args.strings.get('limit');
    const result = await search({
      bundleDir: args.positionals.get('bundleDir')!,
      query: args.positionals.get('query')!,
      locale: args.strings.get('locale'),
      limit: limit === undefined ? undefined : positiveInteger('search', 'limit', limit),
      context: args.strings.get('context'),
      prefix: args.flags.has('prefix'),
    });
    out(args.flags.has('json') ? formatJson(result) : formatSearch(result, { color: useColor() }));
    return 0;
  },

  async eval(args) {
    const endpoint = args.strings.get('endpoint');
    const inProcess = args.flags.has('answers');
    if (inProcess && endpoint !== undefined) throw new UsageError('--answers and --endpoint exclude each other', 'eval');
    const answerOption = ['min-phrase-recall', 'min-citation-validity', 'min-refusal-accuracy', 'grade', 'concurrency'].find(
      (o) => args.strings.has(o) || args.flags.has(o),
    );
    if (!inProcess && endpoint === undefined && answerOption !== undefined)
      throw new UsageError(`--${answerOption} needs --answers or --endpoint <url>`, 'eval');
    // URL.canParse, not URL.parse: the binary supports Node 20 before 20.18.
    if (endpoint !== undefined && !(URL.canParse(endpoint) && /^https?:$/.test(new URL(endpoint).protocol)))
      throw new UsageError(
        `invalid --endpoint ${JSON.stringify(endpoint)} (expected an http or https URL, such as http://127.0.0.1:8787/api/kotae)`,
        'eval',
      );
    const graderOption = ['min-kappa', 'min-labels'].find((o) => args.strings.has(o));
    if (graderOption !== undefined && !args.flags.has('grade')) throw new UsageError(`--${graderOption} needs --grade`, 'eval');
    const apiKey = process.env.OPENAI_API_KEY || undefined;
    const model = { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined };
    if (args.flags.has('grade') && !apiKey) throw new UsageError('--grade needs an OpenAI key in $OPENAI_API_KEY', 'eval');
    const optional = <T>(name: string, parse: (command: string, option: string, value: string) => T) => {
      const value = args.strings.get(name);
      return value === undefined ? undefined : parse('eval', name, value);
    };
    // Answers take seconds each with a model: a status line on a TTY, nothing in CI logs.
    const tty = process.stderr.isTTY === true;
    const result = await evaluate({
      bundleDir: args.positionals.get('bundleDir')!,
      casesFile: args.strings.get('cases')!,
      k: optional('k', positiveInteger),
      minMrr: optional('min-mrr', fraction),
      minConfidence: optional('min-confidence', fraction),
      answers: inProcess
        ? { kind: 'in-process', openai: apiKey ? { ...model, model: process.env.KOTAE_MODEL || undefined } : undefined }
        : endpoint === undefined
          ? undefined
          : { kind: 'endpoint', url: endpoint },
      concurrency: optional('concurrency', positiveInteger),
      minPhraseRecall: optional('min-phrase-recall', fraction),
      minCitationValidity: optional('min-citation-validity', fraction),
      minRefusalAccuracy: optional('min-refusal-accuracy', fraction),
      grader: args.flags.has('grade')
        ? {
            ...model,
            model: process.env.KOTAE_GRADER_MODEL || process.env.KOTAE_MODEL || undefined,
            minKappa: optional('min-kappa', fraction),
            minLabels: optional('min-labels', positiveInteger),
          }
        : undefined,
      onProgress: tty ? (done, total) => err(`\r\x1b[Kkotae: answered ${done}/${total}`) : undefined,
    }).finally(() => tty && err('\r\x1b[K'));
    out(args.flags.has('json') ? formatJson(evalJson(result)) : formatEval(result));
    if (result.passed) return 0;
    err(formatFailedGates(result.gates));
    return 1;
  },

  async redact(args) {
    const out = args.strings.get('out');
    const json = args.flags.has('json');
    // stdout carries either the redacted text or the JSON summary, never both.
    if (json && out === undefined) throw new UsageError('--json needs --out (stdout carries the JSON summary)', 'redact');
    const allow = args.strings
      .get('allow')
      ?.split(',')
      .map((v) => v.trim())
      .filter(Boolean);
    const result = await redact({ file: args.positionals.get('file')!, out, output: process.stdout, allow });
    if (json) process.stdout.write(formatJson(redactJson(result)));
    else err(formatRedact(result));
    return 0;
  },

  async serve(args) {
    const port = args.strings.get('port');
    const minConfidence = args.strings.get('min-confidence');
    const webhook = args.strings.get('escalation-webhook');
    const retentionDays = args.strings.get('retention-days');
    const apiKey = process.env.OPENAI_API_KEY || undefined;
    const server = await serve({
      bundleDir: args.positionals.get('bundleDir')!,
      channel: args.strings.get('channel'),
      onReload: (event) =>
        err(
          event.ok
            ? `kotae serve: now serving ${event.version} (was ${event.previous})\n`
            : `kotae serve: kept ${event.version}: the new manifest was rejected: ${event.error}\n`,
        ),
      port: port === undefined ? undefined : port.trim() === '0' ? 0 : positiveInteger('serve', 'port', port),
      host: args.strings.get('host'),
      store: args.strings.get('store'),
      page: args.strings.get('page'),
      precedents: args.strings.get('precedents'),
      agentToken: process.env.KOTAE_AGENT_TOKEN || undefined,
      retentionDays: retentionDays === undefined ? undefined : positiveInteger('serve', 'retention-days', retentionDays),
      openai: apiKey
        ? { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model: process.env.KOTAE_MODEL || undefined }
        : undefined,
      service: {
        ...(minConfidence === undefined ? {} : { minConfidence: fraction('serve', 'min-confidence', minConfidence) }),
        ...(webhook === undefined ? {} : { escalationWebhook: { url: webhook } }),
        onError: (error) => err(`kotae serve: ${error instanceof Error ? error.message : String(error)}\n`),
      },
    });
    out(`kotae serve: ${server.url}\n  answers: ${server.endpoint}/v1/answer (${server.mode})\n  interactions: ${server.storage}\n`);
    if (server.retention) {
      out(`  retention: ${server.retention.days} days (removed at start: ${formatRemoved(server.retention.removedAtStart)})\n`);
    }
    await new Promise<void>((resolve) => {
      process.once('SIGINT', resolve);
      process.once('SIGTERM', resolve);
    });
    await server.close();
    return 0;
  },

  async insights(args) {
    const now = new Date();
    const window = args.strings.get('repeat-window');
    const result = await insights({
      store: args.positionals.get('storeDir')!,
      ...timeRange('insights', args.strings.get('since'), args.strings.get('until'), now),
      bundleDir: args.strings.get('bundle'),
      out: args.strings.get('out'),
      repeatWindowHours: window === undefined ? undefined : positiveInteger('insights', 'repeat-window', window),
      topics: topicsFrom(args.strings.get('topics')),
      onProgress: (message) => err(`kotae insights: ${message}\n`),
      now,
    });
    if (args.flags.has('json')) {
      out(formatJson(result.report));
      if (result.out !== undefined) err(`kotae insights: wrote ${result.out}\n`);
    } else {
      out(formatInsights(result));
    }
    return 0;
  },

  async cases(args) {
    const result = await cases({
      store: args.positionals.get('storeDir')!,
      out: args.strings.get('out') ?? 'evals/from-interactions.jsonl',
      ...timeRange('cases', args.strings.get('since'), args.strings.get('until'), new Date()),
    });
    out(args.flags.has('json') ? formatJson(result) : formatCases(result));
    return 0;
  },

  async publish(args) {
    const keep = args.strings.get('keep');
    const result = await publish({
      bundleDir: args.positionals.get('bundleDir')!,
      to: args.strings.get('to')!,
      channel: args.strings.get('channel'),
      keep: keep === undefined ? undefined : positiveInteger('publish', 'keep', keep),
      allowDowngrade: args.flags.has('allow-downgrade'),
      onStep: (step) => err(formatPublishStep(step)),
    });
    out(args.flags.has('json') ? formatJson(result) : formatPublish(result));
    return 0;
  },

  async rollback(args) {
    const result = await rollback({ to: args.strings.get('to')!, channel: args.strings.get('channel') });
    out(args.flags.has('json') ? formatJson(result) : formatRollback(result));
    return 0;
  },

  async diff(args) {
    const result = await diff({ before: args.positionals.get('bundleA')!, after: args.positionals.get('bundleB')! });
    out(args.flags.has('json') ? formatJson(result) : formatDiff(result));
    return 0;
  },

  async classify(args) {
    const minConfidence = args.strings.get('min-confidence');
    let secondOpinion: { apiKey: string; baseURL?: string | undefined; model?: string | undefined } | undefined;
    if (args.flags.has('second-opinion')) {
      const apiKey = process.env.OPENAI_API_KEY || undefined;
      if (apiKey === undefined) throw new UsageError('--second-opinion needs an API key in $OPENAI_API_KEY', 'classify');
      secondOpinion = { apiKey, baseURL: process.env.OPENAI_BASE_URL || undefined, model: process.env.KOTAE_MODEL || undefined };
    }
    const result = await classify({
      train: args.strings.get('train'),
      model: args.strings.get('model'),
      saveModel: args.strings.get('save-model'),
      input: args.strings.get('input'),
      eval: args.strings.get('eval'),
      minConfidence: minConfidence === undefined ? undefined : fraction('classify', 'min-confidence', minConfidence),
      candidates: args.flags.has('candidates'),
      secondOpinion,
      onProgress: (message) => err(`kotae classify: ${message}\n`),
    });
    out(args.flags.has('json') ? classifyJson(result) : formatClassify(result));
    return 0;
  },

  async 'store compact'(args) {
    const result = await storeCompact({
      storeDir: args.positionals.get('storeDir')!,
      olderThanDays: days(args.strings.get('older-than')!),
      onCorrupt: args.flags.has('quarantine') ? 'quarantine' : 'fail',
    });
    if (result.undated > 0) err(`warning: ${result.undated} records have an "at" that is not a date; they were kept\n`);
    err(formatQuarantineNote(result.storeDir, result.quarantine, false));
    out(args.flags.has('json') ? formatJson(result) : formatStoreCompact(result));
    return 0;
  },

  async 'store erase'(args) {
    const user = args.strings.get('user');
    const secretEnv = args.strings.get('secret-env') ?? 'KOTAE_USER_HASH_SECRET';
    const secret = process.env[secretEnv] || undefined;
    if (user !== undefined && secret === undefined) {
      throw new UsageError(`--user needs the user hash secret in $${secretEnv} (the secret your app hashes user ids with)`, 'store erase');
    }
    const result = await storeErase({
      storeDir: args.positionals.get('storeDir')!,
      conversationId: args.strings.get('conversation'),
      userHash: args.strings.get('user-hash'),
      userId: user,
      userHashSecret: user === undefined ? undefined : secret,
      interactionId: args.strings.get('interaction'),
      onCorrupt: args.flags.has('quarantine') ? 'quarantine' : 'fail',
    });
    err(formatQuarantineNote(result.storeDir, result.quarantine, true));
    out(args.flags.has('json') ? formatJson(result) : formatStoreErase(result));
    return 0;
  },
};

/** `--older-than 90d`: a whole number of days, at least 1. */
function days(value: string): number {
  const match = /^\s*(\d+)d\s*$/.exec(value);
  const n = match ? Number(match[1]) : NaN;
  if (!Number.isSafeInteger(n) || n < 1) {
    throw new UsageError(`invalid --older-than ${JSON.stringify(value)} (expected a number of days, such as 90d)`, 'store compact');
  }
  return n;
}

function print(text: string): number {
  out(text);
  return 0;
}

/** Prints a fatal error the way its kind deserves and returns the exit status. */
function report(error: unknown): number {
  if (error instanceof UsageError) {
    const command = error.command;
    const spec =
      command === undefined ? undefined : isCommandName(command) ? COMMANDS[command] : isCommandGroup(command) ? command : undefined;
    err(`kotae: ${error.message}\n${usageHint(spec)}`);
    return 2;
  }
  if (error instanceof StoreCorruptionError && (running === 'store compact' || running === 'store erase')) {
    err(`${error.message}\nkotae: to move damaged lines aside and go on, run kotae ${running} again with --quarantine\n`);
    return 1;
  }
  if (error instanceof StoreLockedError) {
    err(`${error.message}\nkotae: the store is in use: stop the process that has it open (kotae serve, your app), then run this again\n`);
    return 1;
  }
  if (error instanceof ContentError) {
    for (const issue of error.issues) err(`${formatIssue(issue)}\n`);
    return 1;
  }
  if (error instanceof KotaeError) {
    err(`${error.message}\n`);
    return 1;
  }
  const debug = process.env.KOTAE_DEBUG === '1';
  // Permissions, a file where a directory should be, a full disk: the environment, not a bug.
  if (isSystemError(error)) {
    err(`kotae: ${error.message}\n`);
  } else {
    err(`kotae: internal error: ${error instanceof Error ? error.message : String(error)}\n`);
  }
  if (debug && error instanceof Error && error.stack) err(`${error.stack}\n`);
  return 1;
}

function isSystemError(error: unknown): error is NodeJS.ErrnoException {
  return error instanceof Error && typeof (error as NodeJS.ErrnoException).syscall === 'string';
}

function useColor(): boolean {
  return process.stdout.isTTY === true && !process.env.NO_COLOR;
}

function packageVersion(): string {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  return pkg.version;
}

// `kotae search … | head` closes stdout early: that is the reader's choice, not a failure.
process.stdout.on('error', (error: NodeJS.ErrnoException) => {
  if (error.code === 'EPIPE') process.exit(process.exitCode ?? 0);
  throw error;
});

main(process.argv.slice(2)).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.exitCode = report(error);
  },
);

/** `--topics <file>`: a saved model (`*.model.json`, from `kotae classify --save-model`) or labelled examples to train on. */
function topicsFrom(file: string | undefined): { train?: string; model?: string } | undefined {
  if (file === undefined) return undefined;
  return /\.model\.json$/i.test(file) ? { model: file } : { train: file };
}
