import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { maskLocation } from '../src/index.js';

describe('maskLocation', () => {
  it('masks the password of a URL and keeps the rest', () => {
    assert.equal(maskLocation('postgres://kotae:s3cret@db.internal:5432/kotae'), 'postgres://kotae:***@db.internal:5432/kotae');
    assert.equal(
      maskLocation('postgresql://kotae:p%40ss%2Fword@db/kotae?sslmode=require'),
      'postgresql://kotae:***@db/kotae?sslmode=require',
    );
    assert.equal(maskLocation('postgres://kotae@db/kotae'), 'postgres://kotae@db/kotae');
    assert.equal(maskLocation('postgres://db/kotae?user=kotae&password=s3cret'), 'postgres://db/kotae?user=kotae&password=***');
  });

  it('hides everything before the @ of a URL it cannot parse', () => {
    const masked = maskLocation('postgres://kotae:s3c ret[@host:99999/db');
    assert.doesNotMatch(masked, /s3c/);
    assert.equal(masked, 'postgres://***@host:99999/db');
  });

  it('returns a directory as it is', () => {
    assert.equal(maskLocation('var/interactions'), 'var/interactions');
    assert.equal(maskLocation('/srv/kotae:store@1'), '/srv/kotae:store@1');
  });
});
