import assert from 'node:assert/strict';
import { request } from 'node:http';
import { readdir, readFile, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { brotliDecompressSync, gunzipSync } from 'node:zlib';
import { parseManifest } from '@kotae/knowledge';
import { compile, serve, type RunningServer } from '../src/index.js';
import { acceptedEncodings, isHashedName } from '../src/internal/static-files.js';
import { FIXTURES, removeTempDirs, tempDir } from './helpers.js';

after(removeTempDirs);

/** One raw HTTP exchange on loopback: node's client never decodes, so the bytes are the wire's. */
function get(
  url: string,
  headers: Record<string, string> = {},
  method = 'GET',
): Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: Buffer }> {
  return new Promise((done, fail) => {
    const req = request(url, { method, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (c: Buffer) => chunks.push(c));
      res.on('end', () => done({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }));
      res.on('error', fail);
    });
    req.on('error', fail);
    req.end();
  });
}

describe('kotae compile: precompressed files', () => {
  it('writes .br and .gz beside every hashed file, which decompress to it, and none for the manifest', async () => {
    const out = join(await tempDir(), 'kb');
    const result = await compile({ contentDir: join(FIXTURES, 'stackfaq'), out });
    const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    const names = await readdir(out);
    assert.ok(!names.includes('manifest.json.br') && !names.includes('manifest.json.gz'));
    assert.equal(result.precompressed.files, manifest.files.length);
    let identity = 0;
    for (const file of manifest.files) {
      const original = await readFile(join(out, file.path));
      identity += original.length;
      assert.deepEqual(brotliDecompressSync(await readFile(join(out, `${file.path}.br`))), original);
      assert.deepEqual(gunzipSync(await readFile(join(out, `${file.path}.gz`))), original);
    }
    assert.equal(result.precompressed.identity, identity);
    assert.ok(result.precompressed.br < identity && result.precompressed.gzip < identity);
  });
});

describe('kotae serve: static bundle files', () => {
  let server: RunningServer;
  let out: string;
  let shard: string;
  before(async () => {
    out = join(await tempDir(), 'kb');
    await compile({ contentDir: join(FIXTURES, 'stackfaq'), out });
    const manifest = parseManifest(await readFile(join(out, 'manifest.json'), 'utf8'));
    shard = manifest.files[0]!.path;
    server = await serve({ bundleDir: out, port: 0 });
  });
  after(() => server.close());

  it('sends the Brotli file to a client that takes br, with the original type and the sent length', async () => {
    const res = await get(new URL(`kb/${shard}`, server.url).href, { 'Accept-Encoding': 'gzip, deflate, br' });
    assert.equal(res.status, 200);
    assert.equal(res.headers['content-encoding'], 'br');
    assert.equal(res.headers['content-type'], 'application/json; charset=utf-8');
    assert.equal(res.headers.vary, 'Accept-Encoding');
    assert.equal(res.headers['cache-control'], 'public, max-age=31536000, immutable');
    assert.equal(Number(res.headers['content-length']), (await stat(join(out, `${shard}.br`))).size);
    assert.deepEqual(brotliDecompressSync(res.body), await readFile(join(out, shard)));
  });

  it('sends gzip when br is not taken, and the file as it is without Accept-Encoding', async () => {
    const gz = await get(new URL(`kb/${shard}`, server.url).href, { 'Accept-Encoding': 'gzip, br;q=0' });
    assert.equal(gz.headers['content-encoding'], 'gzip');
    assert.deepEqual(gunzipSync(gz.body), await readFile(join(out, shard)));
    const plain = await get(new URL(`kb/${shard}`, server.url).href);
    assert.equal(plain.headers['content-encoding'], undefined);
    assert.equal(plain.headers.vary, 'Accept-Encoding');
    assert.equal(Number(plain.headers['content-length']), (await stat(join(out, shard))).size);
    assert.deepEqual(plain.body, await readFile(join(out, shard)));
  });

  it('serves the manifest with no-cache and an ETag, and answers 304 to If-None-Match', async () => {
    const url = new URL('kb/manifest.json', server.url).href;
    const first = await get(url, { 'Accept-Encoding': 'br' });
    assert.equal(first.status, 200);
    assert.equal(first.headers['cache-control'], 'no-cache');
    assert.equal(first.headers['content-encoding'], undefined);
    const etag = first.headers.etag as string;
    assert.match(etag, /^"[\w-]+"$/);
    assert.deepEqual(first.body, await readFile(join(out, 'manifest.json')));
    const again = await get(url, { 'If-None-Match': etag });
    assert.equal(again.status, 304);
    assert.equal(again.body.length, 0);
    assert.equal(again.headers.etag, etag);
    const head = await get(url, {}, 'HEAD');
    assert.equal(head.status, 200);
    assert.equal(Number(head.headers['content-length']), first.body.length);
  });

  it('does not serve hidden files, the publish history or paths outside the bundle', async () => {
    for (const path of ['kb/.lock', 'kb/history/production/1-x.json', 'kb/..%2F..%2Fetc%2Fpasswd', 'kb/missing.json']) {
      assert.equal((await get(new URL(path, server.url).href)).status, 404, path);
    }
  });
});

describe('acceptedEncodings', () => {
  it('reads q-values and the wildcard', () => {
    assert.deepEqual([...acceptedEncodings('gzip, deflate, br')].sort(), ['br', 'deflate', 'gzip']);
    assert.deepEqual([...acceptedEncodings('br;q=0, gzip;q=0.5')], ['gzip']);
    assert.deepEqual([...acceptedEncodings('*;q=0.1, gzip;q=0')], ['br']);
    assert.deepEqual([...acceptedEncodings('identity')], ['identity']);
  });
});

describe('isHashedName', () => {
  it('takes a hex run of 8 or more between separators as a content hash', () => {
    assert.equal(isHashedName('index.en.7d44cb91f0e781ac.json'), true);
    assert.equal(isHashedName('shards/en/t-3fa9c0d1e2b4.bin'), true);
    assert.equal(isHashedName('manifest.json'), false);
    assert.equal(isHashedName('kotae-help.js'), false);
    assert.equal(isHashedName('llms-full.txt'), false);
  });
});
