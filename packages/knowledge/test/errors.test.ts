import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import * as knowledge from '../src/index.js';
import * as errors from '../src/errors.js';
import {
  KotaeBundleError,
  KotaeConfigError,
  KotaeContentError,
  KotaeError,
  KotaeInternalError,
  KotaeModelError,
  KotaeServiceError,
  KotaeStoreError,
  KotaeUsageError,
  type ErrorFamily,
} from '../src/index.js';
import {
  AnswerServiceError,
  BundleFormatError,
  BundleIntegrityError,
  BundleRollbackError,
  BundleSignatureError,
  BundleVersionError,
  ClassifierFormatError,
  ClassifierInputError,
  ConfigError,
  ContentError,
  ERROR_FAMILIES,
  InternalError,
  InvalidOptionError,
  JsonlError,
  PublishDowngradeError,
  PublishError,
  PublishLockedError,
  SigningKeyError,
  StoreChangedError,
  StoreClosedError,
  StoreConnectionError,
  StoreCorruptionError,
  StoreLockedError,
  StoreNotFoundError,
  StoreReadOnlyError,
  StoreRecordError,
  StoreSchemaVersionError,
  StoreWriteError,
  ModelError,
} from '../src/errors.js';
import { wilsonInterval } from '../src/insights/wilson.js';

/** One member of a family: a real instance, and what its code and message must be. */
interface Member {
  readonly error: KotaeError;
  readonly code: string;
  readonly message: string;
}

const FAMILIES: Record<ErrorFamily, { readonly base: abstract new (...args: never[]) => KotaeError; readonly members: readonly Member[] }> =
  {
    content: {
      base: KotaeContentError,
      members: [
        {
          error: new ContentError([{ file: 'billing/refunds.md', line: 3, severity: 'error', message: 'missing "title"' }]),
          code: 'content-invalid',
          message: 'billing/refunds.md:3: missing "title"',
        },
        { error: new JsonlError('evals/cases.jsonl', 7, 'not JSON'), code: 'jsonl-invalid', message: 'evals/cases.jsonl:7: not JSON' },
        {
          error: new ClassifierInputError('only one label ("billing"): nothing to tell apart'),
          code: 'classifier-input-invalid',
          message: 'only one label ("billing"): nothing to tell apart',
        },
      ],
    },
    config: {
      base: KotaeConfigError,
      members: [
        {
          error: new ConfigError('unsupported interaction store URL "s3://bucket": use a directory, or a postgres:// URL'),
          code: 'config-invalid',
          message: 'unsupported interaction store URL "s3://bucket": use a directory, or a postgres:// URL',
        },
        {
          error: new SigningKeyError('signing.jwk', 'already exists; refusing to overwrite a key'),
          code: 'signing-key-invalid',
          message: 'signing.jwk: already exists; refusing to overwrite a key',
        },
      ],
    },
    bundle: {
      base: KotaeBundleError,
      members: [
        {
          error: new BundleVersionError(9, [1]),
          code: 'bundle-version-unsupported',
          message: 'unsupported bundle formatVersion 9 (this reader supports 1)',
        },
        {
          error: new BundleIntegrityError('index.en.json', 'aa', 'bb'),
          code: 'bundle-integrity',
          message: 'bundle file "index.en.json" has sha256 bb, manifest says aa',
        },
        { error: new BundleFormatError('manifest.json', 'not JSON'), code: 'bundle-format', message: 'manifest.json: not JSON' },
        {
          error: new BundleSignatureError('manifest.json', 'invalid', ['0123456789abcdef'], ['0123456789abcdef']),
          code: 'bundle-signature',
          message:
            'manifest.json has a signature by key "0123456789abcdef" that does not match its content (changed after signing); refusing to trust any hash in it',
        },
        {
          error: new BundleRollbackError('manifest.json', 'help', 5, 7),
          code: 'bundle-rollback',
          message: 'manifest.json: bundle "help" has sequence 5, older than 7 already seen; refusing a replayed older manifest',
        },
        {
          error: new ClassifierFormatError('topics.model.json', 'formatVersion 7 is not supported'),
          code: 'classifier-format',
          message: 'topics.model.json: formatVersion 7 is not supported',
        },
        {
          error: new PublishDowngradeError(
            'site/kb',
            'production',
            { version: '2', builtAt: '2026-02-01T00:00:00Z' },
            { version: '1', builtAt: '2026-01-01T00:00:00Z' },
          ),
          code: 'publish-downgrade',
          message:
            'site/kb: channel "production" serves version "2" built 2026-02-01T00:00:00Z; refusing to replace it with the older version "1" built 2026-01-01T00:00:00Z (pass --allow-downgrade to publish it anyway, or use kotae rollback)',
        },
        {
          error: new PublishLockedError('site/kb', 'site/kb/.lock', 42, 'held by pid 42'),
          code: 'publish-locked',
          message: 'publish target site/kb is locked: held by pid 42',
        },
        {
          error: new PublishError('site/kb', 'staging', 'no earlier version to roll back to'),
          code: 'publish-invalid',
          message: 'site/kb: channel "staging": no earlier version to roll back to',
        },
      ],
    },
    store: {
      base: KotaeStoreError,
      members: [
        {
          error: new StoreRecordError(['kind: Invalid input']),
          code: 'store-record-invalid',
          message: 'invalid store record: kind: Invalid input',
        },
        {
          error: new StoreCorruptionError('var/i/000001.jsonl', 4, 120, 'checksum mismatch'),
          code: 'store-corrupt',
          message: 'var/i/000001.jsonl:4: checksum mismatch (byte offset 120)',
        },
        {
          error: new StoreLockedError('var/i', 'var/i/LOCK', 7, 'host-a', 'held by pid 7 on host-a'),
          code: 'store-locked',
          message: 'interaction store var/i is locked: held by pid 7 on host-a',
        },
        { error: new StoreClosedError('var/i'), code: 'store-closed', message: 'interaction store var/i is closed' },
        {
          error: new StoreWriteError('var/i/000001.jsonl', new Error('ENOSPC: no space left on device')),
          code: 'store-write-failed',
          message: 'writing interaction store file var/i/000001.jsonl failed: ENOSPC: no space left on device',
        },
        {
          error: new StoreChangedError('var/i'),
          code: 'store-changed',
          message: 'interaction store var/i was compacted or erased while its records were being read; read them again',
        },
        {
          error: new StoreSchemaVersionError('postgres://kotae:***@db/kotae', 5, 3),
          code: 'store-schema-version',
          message:
            'interaction store postgres://kotae:***@db/kotae has schema version 5, newer than the 3 this version of kotae knows: upgrade kotae',
        },
        {
          error: new StoreConnectionError('postgres://kotae:***@db/kotae', new Error('connect ECONNREFUSED 127.0.0.1:5432')),
          code: 'store-connection-failed',
          message: 'cannot connect to interaction store postgres://kotae:***@db/kotae: connect ECONNREFUSED 127.0.0.1:5432',
        },
        {
          error: new StoreReadOnlyError('var/i', 'append'),
          code: 'store-read-only',
          message: 'interaction store var/i is open read-only: append is not allowed',
        },
        {
          error: new StoreNotFoundError('var/nothing'),
          code: 'store-not-found',
          message: 'interaction store var/nothing is not a directory',
        },
      ],
    },
    service: {
      base: KotaeServiceError,
      members: [
        {
          error: new AnswerServiceError('http://127.0.0.1:8787/api/kotae', 'nothing listens there'),
          code: 'answer-service-unavailable',
          message: 'http://127.0.0.1:8787/api/kotae: nothing listens there',
        },
      ],
    },
    model: {
      base: KotaeModelError,
      members: [
        {
          error: new ModelError('timeout', 'no answer within 20000 ms'),
          code: 'model-failed',
          message: 'model answer failed (timeout): no answer within 20000 ms',
        },
      ],
    },
    usage: {
      base: KotaeUsageError,
      members: [
        {
          error: new InvalidOptionError('fraction', 'splitHoldout: fraction must be between 0 and 1 (got 1.5)'),
          code: 'invalid-option',
          message: 'splitHoldout: fraction must be between 0 and 1 (got 1.5)',
        },
      ],
    },
    internal: {
      base: KotaeInternalError,
      members: [
        {
          error: new InternalError('index.json ended at byte 10, before 20'),
          code: 'internal',
          message: 'index.json ended at byte 10, before 20',
        },
      ],
    },
  };

describe('KotaeError families', () => {
  it('has one base class per family, and no other family', () => {
    assert.deepEqual(Object.keys(FAMILIES), [...ERROR_FAMILIES]);
    assert.deepEqual(ERROR_FAMILIES, ['content', 'config', 'bundle', 'store', 'service', 'model', 'usage', 'internal']);
  });

  for (const family of ERROR_FAMILIES) {
    const { base, members } = FAMILIES[family];
    describe(`the ${family} family (${base.name})`, () => {
      it(`catches each of its members with one instanceof ${base.name}`, () => {
        for (const { error } of members) {
          try {
            throw error;
          } catch (e) {
            assert.ok(e instanceof base, `${error.name} is a ${base.name}`);
            assert.ok(e instanceof KotaeError && e instanceof Error, `${error.name} is a KotaeError`);
          }
          const others = ERROR_FAMILIES.filter((f) => f !== family).map((f) => FAMILIES[f].base);
          assert.deepEqual(
            others.filter((other) => error instanceof other).map((other) => other.name),
            [],
            `${error.name} is in no other family`,
          );
        }
      });

      it('gives each member a stable code, its family and its class name as plain own properties', () => {
        for (const { error, code } of members) {
          assert.equal(error.code, code, error.name);
          assert.equal(error.family, family, error.name);
          assert.equal(error.name, error.constructor.name);
          assert.deepEqual(
            {
              code: Object.getOwnPropertyDescriptor(error, 'code')?.value,
              family: Object.getOwnPropertyDescriptor(error, 'family')?.value,
            },
            { code, family },
          );
          // A JSON log line or a worker message carries them.
          assert.deepEqual(JSON.parse(JSON.stringify(error)).family, family);
        }
      });

      it('says in the message what failed, quoting the value', () => {
        for (const { error, message } of members) assert.equal(error.message, message);
      });
    });
  }

  it('exports KotaeError and the family bases from @kotae/knowledge, every class from @kotae/knowledge/errors', () => {
    const bases = Object.values(FAMILIES).map((f) => f.base);
    const fromIndex = Object.values(knowledge).filter(
      (value) => value === KotaeError || (typeof value === 'function' && value.prototype instanceof KotaeError),
    );
    assert.deepEqual(new Set(fromIndex), new Set([KotaeError, ...bases]));
    for (const value of fromIndex)
      assert.ok((Object.values(errors) as unknown[]).includes(value), `${(value as { name: string }).name} is in /errors too`);
  });

  it('covers every error class @kotae/knowledge/errors exports, each with its own code', () => {
    const exported = Object.entries(errors)
      .filter(([, value]) => typeof value === 'function' && value.prototype instanceof KotaeError)
      .filter(([, value]) => !Object.values(FAMILIES).some((f) => f.base === value))
      .map(([name]) => name)
      .sort();
    const tested = ERROR_FAMILIES.flatMap((f) => FAMILIES[f].members.map((m) => m.error.name));
    assert.deepEqual(tested.slice().sort(), exported);
    const codes = ERROR_FAMILIES.flatMap((f) => FAMILIES[f].members.map((m) => m.code));
    assert.equal(new Set(codes).size, codes.length, 'codes are unique');
    for (const code of codes) assert.match(code, /^[a-z]+(-[a-z]+)*$/);
  });

  it('keeps a KotaeError thrown directly in the internal family, with the code kotae-error', () => {
    const error = new KotaeError('something went wrong', { cause: 'why' });
    assert.deepEqual(
      [error.name, error.code, error.family, error.message, error.cause],
      ['KotaeError', 'kotae-error', 'internal', 'something went wrong', 'why'],
    );
    assert.ok(!(error instanceof KotaeInternalError), 'the root is not a member of a family');
  });

  it('throws members of the right family from real calls', async () => {
    assert.throws(() => knowledge.splitHoldout([], 2), KotaeUsageError);
    assert.throws(() => wilsonInterval(3, 2), { code: 'invalid-option', family: 'usage', option: 'successes' });
    assert.throws(() => knowledge.parseManifest(new TextEncoder().encode('{')), KotaeBundleError);
    await assert.rejects(knowledge.hashUserId('u1', 'short'), { code: 'config-invalid', family: 'config' });
    await assert.rejects(knowledge.hashUserId('', 'a secret of sixteen bytes or more'), {
      code: 'invalid-option',
      family: 'usage',
      option: 'userId',
    });
    assert.throws(() => knowledge.trainClassifier([]), KotaeContentError);
  });
});
