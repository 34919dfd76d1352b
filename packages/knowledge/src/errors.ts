/**
 * `@kotae/knowledge/errors`: every typed error of kotae, by name.
 *
 * Every error thrown by kotae's packages is a {@link KotaeError} with a stable `code` and a
 * `family` (content, config, bundle, store, service, model, usage, internal); each family has a
 * base class a caller catches as a group. `KotaeError` and the family bases are also exported by
 * `@kotae/knowledge`; import a specific class (to catch one case, or to read its fields) from
 * here. The subclasses carry the data a caller needs to report the problem (the file, the line,
 * the offending value) as readonly fields, so a CLI or a service never has to parse a message.
 * One file per family lives in `errors/`; this module gathers them.
 *
 * @packageDocumentation
 */

export {
  ERROR_FAMILIES,
  KotaeError,
  KotaeContentError,
  KotaeConfigError,
  KotaeBundleError,
  KotaeStoreError,
  KotaeServiceError,
  KotaeModelError,
  KotaeUsageError,
  KotaeInternalError,
  type ErrorFamily,
} from './errors/kotae-error.js';
export { ContentError, JsonlError, ClassifierInputError, formatIssue, type ContentIssue } from './errors/content.js';
export { ConfigError, SigningKeyError } from './errors/config.js';
export {
  BundleVersionError,
  BundleIntegrityError,
  BundleFormatError,
  BundleSignatureError,
  BundleRollbackError,
  ClassifierFormatError,
  PublishDowngradeError,
  PublishLockedError,
  PublishError,
  type PublishedVersion,
  type SignatureProblem,
} from './errors/bundle.js';
export {
  StoreRecordError,
  StoreCorruptionError,
  StoreLockedError,
  StoreClosedError,
  StoreWriteError,
  StoreChangedError,
  StoreSchemaVersionError,
  StoreConnectionError,
  StoreReadOnlyError,
  StoreNotFoundError,
} from './errors/store.js';
export { AnswerServiceError } from './errors/service.js';
export { ModelError, type ModelFailure } from './errors/model.js';
export { InvalidOptionError } from './errors/usage.js';
export { InternalError } from './errors/internal.js';
