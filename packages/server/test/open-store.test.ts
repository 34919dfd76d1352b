import assert from 'node:assert/strict';
import { mkdtemp, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, it } from 'node:test';
import { MissingPeerDependencyError } from '../src/index.js';
import { openInteractionStore, type PostgresModule } from '../src/node.js';
import { caught } from './support/content.js';

/**
 * A loader that imports `pg` the way the PostgreSQL store does, from a module outside any
 * node_modules tree: Node's own resolution fails, as it does where `pg` is not installed.
 */
async function loaderWithoutPg(): Promise<() => Promise<PostgresModule>> {
  const dir = await mkdtemp(join(tmpdir(), 'kotae-no-pg-'));
  const file = join(dir, 'postgres-store.mjs');
  await writeFile(file, "export { default as PostgresInteractionStore } from 'pg';\n");
  return () => import(pathToFileURL(file).href) as Promise<PostgresModule>;
}

describe('openInteractionStore without pg', () => {
  it('throws MissingPeerDependencyError naming pg and how to install it for a PostgreSQL URL', async () => {
    const loadPostgres = await loaderWithoutPg();
    const error = await caught<MissingPeerDependencyError>(() =>
      openInteractionStore('postgres://kotae@127.0.0.1:1/kotae', { loadPostgres }),
    );
    assert.ok(error instanceof MissingPeerDependencyError);
    assert.equal(error.packageName, 'pg');
    assert.equal(error.install, 'npm install pg');
    assert.match(error.message, /^a PostgreSQL interaction store needs the package "pg", which is not installed: run `npm install pg`/);
    assert.equal((error.cause as { code?: string }).code, 'ERR_MODULE_NOT_FOUND');
  });

  it('passes on any other failure to load the store', async () => {
    const broken = new Error('boom');
    const error = await caught<Error>(() =>
      openInteractionStore('postgresql://kotae@127.0.0.1:1/kotae', { loadPostgres: () => Promise.reject(broken) }),
    );
    assert.equal(error, broken);
  });
});
