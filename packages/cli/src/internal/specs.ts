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
  'validate',
  'compile',
  'search',
  'eval',
  'redact',
  'serve',
  'classify',
  'store compact',
  'store erase',
] as const;

/** A command of the `kotae` binary. */
export type CommandName = (typeof COMMAND_NAMES)[number];

const json: OptionSpec = { type: 'boolean', description: 'print one JSON object on stdout instead of text' };
const help: OptionSpec = { type: 'boolean', short: 'h', description: 'show this help' };

/** Every command's specification, in the order `kotae --help` lists them. */
export const COMMANDS: Readonly<Record<CommandName, CommandSpec>> = {
  validate: {
    name: 'validate',
    summary: 'check a content directory: frontmatter, duplicate ids, empty sections, personal data, hidden text',
    usage: 'kotae validate <contentDir> [--strict] [--json]',
    positionals: [{ name: 'contentDir', description: 'directory with kotae.config.json (optional) and **/*.md articles' }],
    options: {
      strict: { type: 'boolean', description: 'warnings fail validation too' },
      json,
      help,
    },
    required: [],
    exit: [
      '0  no errors (and, with --strict, no warnings)',
      '1  errors (or warnings with --strict), or the directory is missing',
      '2  usage error',
    ],
    examples: ['kotae validate content', 'kotae validate content --strict --json'],
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
    summary: 'measure retrieval quality against eval cases (recall, MRR, nDCG) and calibrate refusals',
    usage: 'kotae eval <bundleDir> --cases <cases.jsonl> [--k <n>] [--min-mrr <x>] [--min-confidence <x>] [--json]',
    positionals: [{ name: 'bundleDir', description: 'directory written by kotae compile' }],
    options: {
      cases: { type: 'string', value: '<cases.jsonl>', description: 'eval cases, one JSON object per line (required)' },
      k: { type: 'string', value: '<n>', description: 'a case misses when no relevant article is in the top n (default: 10)' },
      'min-mrr': { type: 'string', value: '<x>', description: 'exit 1 when mrr@10 is below x (0 to 1)' },
      'min-confidence': {
        type: 'string',
        value: '<x>',
        description: "the answer service's refusal threshold to score (0 to 1, default 0.5)",
      },
      json,
      help,
    },
    required: ['cases'],
    exit: ['0  evaluated (and mrr@10 >= --min-mrr)', '1  mrr@10 below --min-mrr, a malformed case line, missing inputs', '2  usage error'],
    examples: ['kotae eval dist/kb --cases evals/cases.jsonl', 'kotae eval dist/kb --cases evals/cases.jsonl --min-mrr 0.8 --json'],
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
    usage: 'kotae serve <bundleDir> [--port 8787] [--host 127.0.0.1] [--store <dir>] [--page <dir>] [--precedents <dir>]',
    positionals: [{ name: 'bundleDir', description: 'a bundle directory written by kotae compile' }],
    options: {
      port: { type: 'string', short: 'p', value: '<n>', description: 'port to listen on; 0 picks a free one (default 8787)' },
      host: { type: 'string', value: '<addr>', description: 'interface to listen on (default 127.0.0.1)' },
      store: { type: 'string', value: '<dir>', description: 'record interactions in this JSONL store directory (default: in memory)' },
      page: { type: 'string', value: '<dir>', description: 'serve this directory at / (default: a page with the widget inline)' },
      precedents: {
        type: 'string',
        value: '<dir>',
        description: 'internal bundle of precedents (kotae compile --internal-out): model background, agent assist',
      },
      'min-confidence': {
        type: 'string',
        value: '<0..1>',
        description: 'answer "I don\'t know" below this retrieval confidence (default 0.5)',
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
      'OPENAI_API_KEY=sk-… KOTAE_MODEL=gpt-4.1-mini kotae serve dist/kb --store .kotae/interactions',
      'OPENAI_BASE_URL=http://127.0.0.1:11434/v1 OPENAI_API_KEY=local kotae serve dist/kb --port 0',
    ],
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
    positionals: [{ name: 'storeDir', description: 'an interaction store directory (kotae serve --store, JsonlInteractionStore)' }],
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
      '1  the store is missing, in use (locked) or damaged (see --quarantine)',
      '2  usage error',
    ],
    examples: [
      'kotae store compact .kotae/interactions --older-than 90d',
      'kotae store compact /srv/kotae/interactions --older-than 30d --json',
    ],
  },
  'store erase': {
    name: 'store erase',
    summary: "erase a conversation's or a user's records from an interaction store",
    usage:
      'kotae store erase <storeDir> [--conversation <id>] [--user <id>] [--user-hash <hash>] [--interaction <id>] [--secret-env <name>] [--quarantine] [--json]',
    positionals: [{ name: 'storeDir', description: 'an interaction store directory (kotae serve --store, JsonlInteractionStore)' }],
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
      '1  the store is missing, in use (locked) or damaged (see --quarantine)',
      '2  usage error (none of --conversation, --user, --user-hash, --interaction; --user without its secret)',
    ],
    examples: [
      'kotae store erase .kotae/interactions --conversation 5f0c2a…',
      'KOTAE_USER_HASH_SECRET=… kotae store erase /srv/kotae/interactions --user customer-1234 --json',
    ],
  },
};

/** Commands that are a group of actions (`kotae store compact`, `kotae store erase`), with what the group is for. */
export const COMMAND_GROUPS = {
  store: 'maintain an interaction store directory: retention (compact) and erasure (erase)',
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
