/**
 * `@kotae/knowledge/node`: the Node-only parts of the knowledge core — reading content
 * directories, validating and compiling them, streaming past conversations into precedents,
 * writing and reading bundles (public and internal) on disk, and the embedded (JSONL file)
 * interaction store.
 *
 * @packageDocumentation
 */

export { loadContent, type LoadedContent, type LoadContentOptions, type Progress } from './node/load-content.js';
export { loadConfig, CONFIG_FILE, type ResolvedConfig } from './node/load-config.js';
export { compileContent, type CompileOptions, type CompileResult } from './node/compile.js';
export { validateContent, type ValidateOptions, type ValidationReport } from './node/validate.js';
export { writeBundleDir, readBundleDir, MANIFEST_FILE } from './node/bundle-dir.js';
export { readJsonlFile } from './node/read-jsonl-file.js';
export {
  JsonlInteractionStore,
  type JsonlStoreOptions,
  type JsonlRecordsQuery,
  type JsonlMaintenanceResult,
  type StoreRecovery,
  type TruncatedTail,
  type QuarantinedLine,
} from './node/jsonl-store.js';
export {
  ingestConversations,
  CONVERSATIONS_DIR,
  MAX_ISSUES_PER_FILE,
  type ConversationStats,
  type IngestedConversations,
  type IngestOptions,
} from './node/conversations/ingest-conversations.js';
export { readPrecedentsDir } from './node/precedents-dir.js';
export { readClassifyInput, type ClassifyInput, type ReadClassifyInputOptions } from './node/classify-input.js';
