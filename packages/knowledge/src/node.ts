/**
 * `@kotae/knowledge/node`: the Node-only parts of the knowledge core — reading content
 * directories, validating and compiling them, streaming past conversations into precedents,
 * writing and reading bundles (public and internal) on disk. The interaction stores (JSONL file,
 * PostgreSQL) are in `@kotae/server/node` and `@kotae/server/postgres`.
 *
 * @packageDocumentation
 */

export { loadContent, ContentCache, type LoadedContent, type LoadContentOptions, type Progress } from './node/load-content.js';
export { loadConfig, CONFIG_FILE, type ResolvedConfig } from './node/load-config.js';
export { compileContent, GUIDANCE_DIR, type CompileOptions, type CompileResult } from './node/compile.js';
export { calibrateBundle, type BundleCalibration } from './node/calibrate-bundle.js';
export { OUT_OF_SCOPE_EN } from './answer/out-of-scope/out-of-scope-en.js';
export { OUT_OF_SCOPE_JA } from './answer/out-of-scope/out-of-scope-ja.js';
export { validateContent, type ValidateOptions, type ValidationReport } from './node/validate.js';
export { loadContextList } from './node/load-context-list.js';
export { writeAgentFiles, type WrittenAgentFiles } from './node/write-agent-files.js';
export { writeBundleDir, readBundleDir, MANIFEST_FILE, type ReadBundleDirOptions } from './node/bundle-dir.js';
export { writeSigningKeyFile, readSigningKeyFile, assertKeyOutside, type WrittenSigningKey } from './node/signing-key-file.js';
export { watchBundleDir, type BundleWatcher, type WatchBundleOptions } from './node/bundle-watcher.js';
export { publishBundle, DEFAULT_KEEP, type PublishOptions, type PublishResult, type PublishStep } from './node/publish-bundle.js';
export { rollbackBundle, type RollbackOptions, type RollbackResult } from './node/rollback-bundle.js';
export { channelManifestFile, DEFAULT_CHANNEL, HISTORY_DIR, PUBLISH_LOCK_FILE } from './node/publish-layout.js';
export { readJsonlFile } from './node/read-jsonl-file.js';
export { acquireDirLock, type DirLock, type LockedErrorFactory } from './node/dir-lock.js';
export {
  ingestConversations,
  CONVERSATIONS_DIR,
  MAX_ISSUES_PER_FILE,
  type ConversationStats,
  type IngestedConversations,
  type IngestOptions,
} from './node/conversations/ingest-conversations.js';
export { readGuidanceDir, readPrecedentsDir } from './node/precedents-dir.js';
export { readClassifyInput, type ClassifyInput, type ReadClassifyInputOptions } from './node/classify-input.js';
