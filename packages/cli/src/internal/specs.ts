/** One option of a command. */
export interface OptionSpec {
  readonly type: 'string' | 'boolean';
  readonly short?: string;
  /** Placeholder of the value in help, e.g. `<dir>` (string options). */
  readonly value?: string;
  readonly description: string;
}

/** One positional argument of a command. */
export interface PositionalSpec {
  readonly name: string;
  readonly description: string;
  /** Takes every remaining argument, joined with spaces (the search query). */
  readonly rest?: boolean;
  /** May be left out (`kotae init` without a directory); only the last positional. */
  readonly optional?: boolean;
}

/** A command's command line: what `kotae <name> --help` shows and what the parser accepts. */
export interface CommandSpec {
  readonly name: CommandName;
  readonly summary: string;
  readonly usage: string;
  readonly positionals: readonly PositionalSpec[];
  readonly options: Readonly<Record<string, OptionSpec>>;
  /** Options that must be given. */
  readonly required: readonly string[];
  readonly exit: readonly string[];
  readonly examples: readonly string[];
}

/** The commands of the `kotae` binary. A command of a group (`store compact`) is named by two words. */
export const COMMAND_NAMES = [
  'init',
  'validate',
  'compile',
  'search',
  'eval',
  'redact',
  'serve',
  'insights',
  'cases',
  'classify',
  'publish',
  'rollback',
  'diff',
  'store compact',
  'store erase',
] as const;

/** A command of the `kotae` binary. */
export type CommandName = (typeof COMMAND_NAMES)[number];

const json: OptionSpec = { type: 'boolean', description: 'print one JSON object on stdout instead of text' };
const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Every command's specification, in the order `kotae --help` lists them. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  init: {
    name: 'init',
    summary: 'start a content repository: config, example articles (en, ja), eval cases, contexts, CI workflow',
    usage: 'kotae init [dir] [--json]',
    positionals: [{ name: 'dir', description: 'where to write it (default: the current directory); created when missing', optional: true }],
    options: { json, help },
    required: [],
    exit: [
      '0  files written',
      '1  some of the files already exist (all are listed; nothing is written), or dir is a file',
      '2  usage error',
    ],
    examples: ['kotae init help', 'kotae init', 'npx @kotae/cli init help --json'],
  },
  validate: {
    name: 'validate',
    summary:
      'check content: frontmatter, duplicate ids, personal data, hidden text, owners, review dates, links, near-duplicates, contexts',
    usage: 'kotae validate <contentDir> [--strict] [--now <YYYY-MM-DD>] [--json]',
    positionals: [{ name: 'contentDir', description: 'directory with kotae.config.json (optional) and **/*.md articles' }],
    options: {
      strict: { type: 'boolean', description: 'warnings fail validation too (a passed reviewBy becomes an error)' },
      now: { type: 'string', value: '<YYYY-MM-DD>', description: 'the day to check review dates against (default: today, UTC)' },
      json,
      help,
    },
    required: [],
    exit: [
      '0  no errors (and, with --strict, no warnings)',
      '1  errors (or warnings with --strict), or the directory is missing',
      '2  usage error',
    ],
    examples: ['kotae validate content', 'kotae validate content --strict --json', 'kotae validate content --now 2027-01-01'],
  },
  compile: {
    name: 'compile',
    summary: 'compile a content directory into a search bundle',
    usage: 'kotae compile <contentDir> --out <bundleDir> [--internal-out <dir>] [--strict] [--json]',
    positionals: [
      { name: 'contentDir', description: 'directory with kotae.config.json (optional), **/*.md articles and conversations/ (optional)' },
    ],
    options: {
      out: { type: 'string', short: 'o', value: '<bundleDir>', description: 'write the bundle here (required)' },
      'internal-out': {
        type: 'string',
        value: '<dir>',
        description: 'write precedents made from conversations/ here: a separate bundle for the answer service, never published',
      },
      strict: { type: 'boolean', description: 'warnings (bad conversation lines too) are errors: nothing is written' },
      json,
      help,
    },
    required: ['out'],
    exit: ['0  bundle written', '1  content errors (or warnings with --strict), or the directory is missing', '2  usage error'],
    examples: [
      'kotae compile content --out dist/kb',
      'kotae compile content -o dist/kb --strict --json',
      'kotae compile content -o dist/kb --internal-out .kotae/precedents',
    ],
  },
  search: {
    name: 'search',
    summary: 'search a compiled bundle, as the help widget does',
    usage: 'kotae search <bundleDir> <query> [--locale <locale>] [--limit <n>] [--context <key>] [--prefix] [--json]',
    positionals: [
      { name: 'bundleDir', description: 'directory written by kotae compile' },
      { name: 'query', description: 'what to search for (quote it; several words are joined)', rest: true },
    ],
    options: {
      locale: { type: 'string', value: '<locale>', description: 'locale of the query, e.g. ja (default: every locale)' },
      limit: { type: 'string', value: '<n>', description: 'at most n results (default: 10)' },
      context: {
        type: 'string',
        value: '<key>',
        description: 'where the user is (route, feature key, error code); boosts matching articles',
      },
      prefix: { type: 'boolean', description: 'treat the last word as a prefix (search as you type)' },
      json,
      help,
    },
    required: [],
    exit: ['0  searched (also when nothing matched)', '1  missing or invalid bundle', '2  usage error'],
    examples: ['kotae search dist/kb "reset password"', 'kotae search dist/kb "パスワード" --locale ja --limit 3 --json'],
  },
  eval: {
    name: 'eval',
    summary: 'measure retrieval (recall, MRR, nDCG) and, with --answers or --endpoint, answers (citations, refusals, phrases)',
    usage:
      'kotae eval <bundleDir> --cases <cases.jsonl> [--k <n>] [--min-mrr <x>] [--min-confidence <x>] [--answers | --endpoint <url>] [--concurrency <n>] [--min-phrase-recall <x>] [--min-citation-validity <x>] [--min-refusal-accuracy <x>] [--grade [--min-kappa <x>] [--min-labels <n>]] [--json]',
    positionals: [{ name: 'bundleDir', description: 'directory written by kotae compile' }],
    options: {
      cases: { type: 'string', value: '<cases.jsonl>', description: 'eval cases, one JSON object per line (required)' },
      k: { type: 'string', value: '<n>', description: 'a case misses when no relevant article is in the top n (default: 10)' },
      'min-mrr': { type: 'string', value: '<x>', description: 'exit 1 when mrr@10 is below x (0 to 1)' },
      'min-confidence': {
        type: 'string',
        value: '<x>',
        description:
          "the answer service's refusal threshold (an answerability score) to score, and the in-process service's (0 to 1, default: the bundle's calibrated one)",
      },
      answers: {
        type: 'boolean',
        description:
          'also evaluate answers, from an answer service made in this process as kotae serve makes it (extractive without OPENAI_API_KEY)',
      },
      endpoint: {
        type: 'string',
        value: '<url>',
        description: 'also evaluate answers, asking the answer service at this URL (such as http://127.0.0.1:8787/api/kotae)',
      },
      concurrency: { type: 'string', value: '<n>', description: 'questions asked at once (default: 4)' },
      'min-phrase-recall': { type: 'string', value: '<x>', description: 'exit 1 when the mean answer phrase recall is below x (0 to 1)' },
      'min-citation-validity': {
        type: 'string',
        value: '<x>',
        description: 'exit 1 when the share of answers with only valid citations is below x (0 to 1)',
      },
      'min-refusal-accuracy': {
        type: 'string',
        value: '<x>',
        description: 'exit 1 when the share of cases refused or answered as they should be is below x (0 to 1)',
      },
      grade: {
        type: 'boolean',
        description: 'grade answers with an LLM (needs OPENAI_API_KEY; model from KOTAE_GRADER_MODEL or KOTAE_MODEL)',
      },
      'min-kappa': {
        type: 'string',
        value: '<x>',
        description: "trust the grader only at this Cohen's kappa with the grade labels (default: 0.6)",
      },
      'min-labels': {
        type: 'string',
        value: '<n>',
        description: 'trust the grader only with this many labelled cases graded (default: 20)',
      },
      json,
      help,
    },
    required: ['cases'],
    exit: [
      '0  evaluated, and every threshold given is met (with answers: every case got a complete answer)',
      '1  a threshold not met, an answer that failed, a malformed case line, missing inputs, an unreachable --endpoint',
      '2  usage error',
    ],
    examples: [
      'kotae eval dist/kb --cases evals/cases.jsonl',
      'kotae eval dist/kb --cases evals/cases.jsonl --min-mrr 0.8 --json',
      'kotae eval dist/kb --cases evals/cases.jsonl --answers --min-citation-validity 1 --min-refusal-accuracy 0.9 --min-phrase-recall 0.7',
      'kotae eval dist/kb --cases evals/cases.jsonl --endpoint http://127.0.0.1:8787/api/kotae',
    ],
  },
  redact: {
    name: 'redact',
    summary: 'replace personal data in a text file with [EMAIL], [PHONE], [CARD]… placeholders',
    usage: 'kotae redact <file> [--out <file>] [--allow <values>] [--json]',
    positionals: [{ name: 'file', description: 'a text file (chat logs, exports, JSONL), read line by line as UTF-8' }],
    options: {
      out: { type: 'string', short: 'o', value: '<file>', description: 'write the redacted text here (default: stdout)' },
      allow: { type: 'string', value: '<values>', description: 'comma-separated values to keep, e.g. your own support number or email' },
      json: { type: 'boolean', description: 'print the counts as one JSON object on stdout (needs --out)' },
      help,
    },
    required: [],
    exit: [
      '0  redacted (also when nothing was found)',
      '1  the file is missing or unreadable, or the output cannot be written',
      '2  usage error',
    ],
    examples: [
      'kotae redact chats.txt > chats.redacted.txt',
      'kotae redact export.jsonl -o export.redacted.jsonl --allow 0120-123-456,support@example.com --json',
    ],
  },
  serve: {
    name: 'serve',
    summary: 'run the answer service with the bundle, the widget and a page on localhost',
    usage:
      'kotae serve <bundleDir> [--channel <name>] [--port 8787] [--host 127.0.0.1] [--store <dir|url>] [--page <dir>] [--precedents <dir>]',
    positionals: [
      {
        name: 'bundleDir',
        description: 'a bundle directory (kotae compile) or a publish target (kotae publish); new versions are picked up live',
      },
    ],
    options: {
      channel: {
        type: 'string',
        value: '<name>',
        description: 'the channel of a publish target to serve (default production: manifest.json)',
      },
      port: { type: 'string', short: 'p', value: '<n>', description: 'port to listen on; 0 picks a free one (default 8787)' },
      host: { type: 'string', value: '<addr>', description: 'interface to listen on (default 127.0.0.1)' },
      store: {
        type: 'string',
        value: '<dir|url>',
        description: 'record interactions in this JSONL store directory, or in PostgreSQL at a postgres:// URL (default: in memory)',
      },
      page: { type: 'string', value: '<dir>', description: 'serve this directory at / (default: a page with the widget inline)' },
      precedents: {
        type: 'string',
        value: '<dir>',
        description: 'internal bundle of precedents (kotae compile --internal-out): model background, agent assist',
      },
      'min-confidence': {
        type: 'string',
        value: '<0..1>',
        description:
          'answer "I don\'t know" below this answerability score, for every language (0 to 1, default: the bundle\'s calibrated threshold)',
      },
      'escalation-webhook': { type: 'string', value: '<url>', description: 'POST escalated transcripts to this URL' },
      'retention-days': {
        type: 'string',
        value: '<n>',
        description: 'remove records older than n days from the store at start and every 24 hours',
      },
      help,
    },
    required: [],
    exit: ['0  stopped by SIGINT or SIGTERM', '1  the bundle is missing or unreadable, or the port is taken', '2  usage error'],
    examples: [
      'kotae serve dist/kb',
      'kotae serve site/kb --channel staging',
      'OPENAI_API_KEY=sk-… KOTAE_MODEL=gpt-4.1-mini kotae serve dist/kb --store .kotae/interactions',
      'OPENAI_BASE_URL=http://127.0.0.1:11434/v1 OPENAI_API_KEY=local kotae serve dist/kb --port 0',
      'kotae serve dist/kb --host 0.0.0.0 --store "$KOTAE_STORE_URL"   # postgres://kotae:…@db.internal/kotae',
    ],
  },
  insights: {
    name: 'insights',
    summary: 'report what people asked and what came of it: resolution rates, unanswered questions, content gaps, topics (HTML + JSON)',
    usage:
      'kotae insights <storeDir> [--since 30d] [--until <when>] [--out <report.html>] [--bundle <bundleDir>] [--topics <file>] [--json]',
    positionals: [
      { name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store); read while in use' },
    ],
    options: {
      since: {
        type: 'string',
        value: '<when>',
        description: 'only questions since then: a span back from now (30d, 12h, 2w) or a date (2026-05-01)',
      },
      until: { type: 'string', value: '<when>', description: 'only questions before then (same forms as --since)' },
      out: { type: 'string', short: 'o', value: '<report.html>', description: 'write the report as one self-contained HTML file' },
      bundle: { type: 'string', value: '<bundleDir>', description: 'a compiled bundle: article titles instead of ids' },
      topics: {
        type: 'string',
        value: '<file>',
        description:
          'topics from a classifier: labelled examples to train on ({text, label} JSONL, conversations with topic), or a *.model.json saved by kotae classify --save-model (default: the article each answer cited)',
      },
      'repeat-window': {
        type: 'string',
        value: '<hours>',
        description: 'a repeat question on the same topic within this many hours means "not solved" (default 24)',
      },
      json: { type: 'boolean', description: 'print the report as one JSON object on stdout instead of a summary' },
      help,
    },
    required: [],
    exit: ['0  report made', '1  the store or bundle is missing or damaged, or the report cannot be written', '2  usage error'],
    examples: [
      'kotae insights .kotae/interactions --out insights.html --bundle dist/kb',
      'kotae insights /srv/kotae/interactions --since 30d --json > insights.json',
    ],
  },
  cases: {
    name: 'cases',
    summary: 'turn thumbs-down, escalated, unanswered and flagged interactions into eval cases to review',
    usage: 'kotae cases <storeDir> [--out evals/from-interactions.jsonl] [--since <when>] [--until <when>] [--json]',
    positionals: [
      { name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store); read while in use' },
    ],
    options: {
      out: {
        type: 'string',
        short: 'o',
        value: '<cases.jsonl>',
        description: 'append new cases to this file; its cases are kept (default evals/from-interactions.jsonl)',
      },
      since: { type: 'string', value: '<when>', description: 'only interactions since then: 30d, 12h, 2w or a date (2026-05-01)' },
      until: { type: 'string', value: '<when>', description: 'only interactions before then (same forms as --since)' },
      json,
      help,
    },
    required: [],
    exit: [
      '0  cases written (also when none were new)',
      '1  the store is missing or damaged, or the cases file has a malformed line',
      '2  usage error',
    ],
    examples: ['kotae cases .kotae/interactions', 'kotae cases /srv/kotae/interactions --since 7d --out evals/review.jsonl --json'],
  },
  publish: {
    name: 'publish',
    summary: 'publish a compiled bundle to a channel of a directory: shards first, the manifest swapped atomically',
    usage: 'kotae publish <bundleDir> --to <dir> [--channel production|staging] [--keep <n>] [--allow-downgrade] [--json]',
    positionals: [{ name: 'bundleDir', description: 'a bundle directory written by kotae compile' }],
    options: {
      to: { type: 'string', value: '<dir>', description: 'the publish target (created when missing), served as /kb/ (required)' },
      channel: {
        type: 'string',
        value: '<name>',
        description: 'channel to publish to (default production: <dir>/manifest.json; others: <dir>/manifest.<name>.json)',
      },
      keep: { type: 'string', value: '<n>', description: 'versions kept per channel for rollback, the current one included (default 5)' },
      'allow-downgrade': { type: 'boolean', description: 'publish a bundle built before the one the channel serves' },
      json,
      help,
    },
    required: ['to'],
    exit: [
      '0  published (or the channel already served this version)',
      '1  the bundle is missing or does not verify, an older version (see --allow-downgrade), the target is locked',
      '2  usage error',
    ],
    examples: [
      'kotae publish dist/kb --to site/kb',
      'kotae publish dist/kb --to site/kb --channel staging --json',
      'kotae publish old/kb --to site/kb --allow-downgrade',
    ],
  },
  rollback: {
    name: 'rollback',
    summary: "put a channel's previous published version back (atomically)",
    usage: 'kotae rollback --to <dir> [--channel <name>] [--json]',
    positionals: [],
    options: {
      to: { type: 'string', value: '<dir>', description: 'the publish target (required)' },
      channel: { type: 'string', value: '<name>', description: 'channel to roll back (default production)' },
      json,
      help,
    },
    required: ['to'],
    exit: ['0  rolled back', '1  no earlier version kept, a file of it missing or damaged, the target missing or locked', '2  usage error'],
    examples: ['kotae rollback --to site/kb', 'kotae rollback --to site/kb --channel staging --json'],
  },
  diff: {
    name: 'diff',
    summary: 'list the articles added, removed and changed between two bundles',
    usage: 'kotae diff <bundleA> <bundleB> [--json]',
    positionals: [
      { name: 'bundleA', description: 'the bundle before (a bundle directory, or a publish target: its production channel)' },
      { name: 'bundleB', description: 'the bundle after' },
    ],
    options: { json, help },
    required: [],
    exit: ['0  compared (also when they differ)', '1  a bundle is missing or unreadable', '2  usage error'],
    examples: ['kotae diff site/kb dist/kb', 'kotae diff site/kb dist/kb --json'],
  },
  classify: {
    name: 'classify',
    summary: 'classify texts into topics learned from labelled examples; evaluate; find candidate new topics',
    usage:
      'kotae classify (--train <labelled.jsonl> | --model <file>) (--input <items.jsonl> | --eval <labelled.jsonl>) [--min-confidence <x>] [--candidates] [--second-opinion] [--save-model <file>] [--json]',
    positionals: [],
    options: {
      train: {
        type: 'string',
        value: '<file>',
        description: 'labelled examples to train on: {text, label} JSONL, or conversations (JSONL or CSV) with a topic',
      },
      model: { type: 'string', value: '<file>', description: 'use a model saved with --save-model instead of training' },
      'save-model': { type: 'string', value: '<file>', description: 'save the trained model (JSON) here' },
      input: {
        type: 'string',
        value: '<file>',
        description: 'texts to classify: {text} JSONL, conversations (JSONL or CSV), interaction records ({query}) or a store directory',
      },
      eval: {
        type: 'string',
        value: '<file>',
        description: 'labelled examples to measure accuracy and macro-F1 on (same formats as --train)',
      },
      'min-confidence': {
        type: 'string',
        value: '<x>',
        description: 'items below this confidence fit no topic well (0 to 1, default 0.5)',
      },
      candidates: { type: 'boolean', description: 'cluster the low-confidence items into candidate new topics (with --input)' },
      'second-opinion': {
        type: 'boolean',
        description:
          'ask an OpenAI model to label the low-confidence items too, redacted (needs OPENAI_API_KEY; KOTAE_MODEL, OPENAI_BASE_URL)',
      },
      json: {
        type: 'boolean',
        description: 'with --input, JSON Lines (an object per item, candidate and disagreement, then a summary); else one JSON object',
      },
      help,
    },
    required: [],
    exit: [
      '0  classified, evaluated or saved',
      '1  a malformed input line (file:line), a missing file, an unreadable model, or the model API refused the key',
      '2  usage error',
    ],
    examples: [
      'kotae classify --train labelled.jsonl --eval held-out.jsonl',
      'kotae classify --train labelled.jsonl --save-model topics.model.json',
      'kotae classify --model topics.model.json --input tickets.jsonl --candidates --json > topics.jsonl',
      'OPENAI_API_KEY=sk-… kotae classify --model topics.model.json --input .kotae/interactions --second-opinion',
    ],
  },
  'store compact': {
    name: 'store compact',
    summary: 'drop interaction records older than a number of days (retention)',
    usage: 'kotae store compact <storeDir> --older-than <days>d [--quarantine] [--json]',
    positionals: [{ name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store)' }],
    options: {
      'older-than': {
        type: 'string',
        value: '<days>d',
        description: 'remove records from before this many days ago, e.g. 90d (required)',
      },
      quarantine: {
        type: 'boolean',
        description: 'move damaged lines into <segment>.corrupt.jsonl and go on, instead of stopping',
      },
      json,
      help,
    },
    required: ['older-than'],
    exit: [
      '0  compacted (also when nothing was old enough)',
      '1  the store is missing, in use (locked), damaged (see --quarantine) or unreachable',
      '2  usage error',
    ],
    examples: [
      'kotae store compact .kotae/interactions --older-than 90d',
      'kotae store compact /srv/kotae/interactions --older-than 30d --json',
      'kotae store compact "$KOTAE_STORE_URL" --older-than 90d',
    ],
  },
  'store erase': {
    name: 'store erase',
    summary: "erase a conversation's or a user's records from an interaction store",
    usage:
      'kotae store erase <storeDir> [--conversation <id>] [--user <id>] [--user-hash <hash>] [--interaction <id>] [--secret-env <name>] [--quarantine] [--json]',
    positionals: [{ name: 'storeDir', description: 'an interaction store: a directory or a postgres:// URL (kotae serve --store)' }],
    options: {
      conversation: { type: 'string', value: '<id>', description: 'erase every interaction of this conversation id' },
      user: {
        type: 'string',
        value: '<id>',
        description: 'erase every interaction of this user: the id is hashed with the secret in --secret-env, as the host does',
      },
      'user-hash': {
        type: 'string',
        value: '<hash>',
        description: 'erase every interaction with this userHash (hex, as hashUserId returns it)',
      },
      interaction: { type: 'string', value: '<id>', description: 'erase this interaction' },
      'secret-env': {
        type: 'string',
        value: '<name>',
        description: 'environment variable holding the user hash secret, for --user (default KOTAE_USER_HASH_SECRET)',
      },
      quarantine: {
        type: 'boolean',
        description: 'move damaged lines into <segment>.corrupt.jsonl and go on, instead of stopping',
      },
      json,
      help,
    },
    required: [],
    exit: [
      '0  erased (also when nothing matched)',
      '1  the store is missing, in use (locked), damaged (see --quarantine) or unreachable',
      '2  usage error (none of --conversation, --user, --user-hash, --interaction; --user without its secret)',
    ],
    examples: [
      'kotae store erase .kotae/interactions --conversation 5f0c2a…',
      'KOTAE_USER_HASH_SECRET=… kotae store erase /srv/kotae/interactions --user customer-1234 --json',
      'kotae store erase "$KOTAE_STORE_URL" --conversation 5f0c2a…',
    ],
  },
};

/** Commands that are a group of actions (`kotae store compact`, `kotae store erase`), with what the group is for. */
export const COMMAND_GROUPS = {
  store: 'maintain an interaction store (a directory or a postgres:// URL): retention (compact) and erasure (erase)',
} as const;

/** A group of commands. */
export type CommandGroup = keyof typeof COMMAND_GROUPS;

/** True when `name` is a group of commands, such as `store`. */
export function isCommandGroup(name: string): name is CommandGroup {
  return Object.hasOwn(COMMAND_GROUPS, name);
}

/** The actions of a group: `['compact', 'erase']` for `store`. */
export function groupActions(group: CommandGroup): string[] {
  return COMMAND_NAMES.filter((name) => name.startsWith(`${group} `)).map((name) => name.slice(group.length + 1));
}

/** True when `name` is a command of the `kotae` binary. */
export function isCommandName(name: string): name is CommandName {
  return (COMMAND_NAMES as readonly string[]).includes(name);
}
