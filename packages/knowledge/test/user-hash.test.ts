import assert from 'node:assert/strict';
import { createHmac } from 'node:crypto';
import { describe, it } from 'node:test';
import { hashUserId, KotaeError } from '../src/index.js';
import { caught } from './support/content.js';

describe('hashUserId', () => {
  it('is HMAC-SHA-256 in lowercase hex (RFC 4231, test case 1)', async () => {
    const key = new Uint8Array(20).fill(0x0b);
    assert.equal(await hashUserId('Hi There', key), 'b0344c61d8db38535ca8afceaf0bf12b881dc200c9833da726e9376c2e32cff7');
  });

  it('keys with the UTF-8 bytes of a string secret and hashes the id as given, as node:crypto does', async () => {
    const secret = 'ひみつ-0123456789abcdef';
    for (const id of ['user-7', 'taro@example.jp', ' user-7', 'USER-7', '山田太郎', '\u{1F600}']) {
      assert.equal(await hashUserId(id, secret), createHmac('sha256', secret).update(id, 'utf8').digest('hex'), id);
    }
    assert.notEqual(await hashUserId('user-7', secret), await hashUserId('user-7', `${secret}!`));
  });

  it('rejects an empty id and a secret under 16 bytes', async () => {
    const empty = await caught(() => hashUserId('', 'x'.repeat(32)));
    assert.ok(empty instanceof KotaeError);
    assert.equal(empty.message, 'hashUserId: userId must be a non-empty string');
    const short = await caught<Error>(() => hashUserId('user-7', 'fifteen-bytes!!'));
    assert.equal(short.message, 'hashUserId: the secret must be at least 16 bytes (got 15 bytes)');
    assert.equal(await hashUserId('user-7', 'sixteen-bytes!!!').then((h) => h.length), 64);
    const bytes = await caught<Error>(() => hashUserId('user-7', new Uint8Array(8)));
    assert.equal(bytes.message, 'hashUserId: the secret must be at least 16 bytes (got 8 bytes)');
  });
});
