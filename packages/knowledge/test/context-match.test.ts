import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import fc from 'fast-check';
import { contextMatches } from '../src/index.js';

describe('contextMatches', () => {
  it('matches feature keys and error codes exactly, ignoring case', () => {
    assert.equal(contextMatches('ERR_AUTH_EXPIRED', 'err_auth_expired'), true);
    assert.equal(contextMatches('billing', ' billing '), true);
    assert.equal(contextMatches('ERR_AUTH', 'ERR_AUTH_EXPIRED'), false);
    assert.equal(contextMatches('billing', '/billing'), false);
  });

  it('matches a route exactly, ignoring a trailing slash', () => {
    assert.equal(contextMatches('/settings/security', '/settings/security'), true);
    assert.equal(contextMatches('/settings/security', '/Settings/Security/'), true);
    assert.equal(contextMatches('/settings/security', '/settings'), false);
    assert.equal(contextMatches('/settings/security', '/settings/security/2fa'), false);
  });

  it('lets ":param" match exactly one non-empty segment', () => {
    assert.equal(contextMatches('/orders/:id', '/orders/42'), true);
    assert.equal(contextMatches('/orders/:id', '/orders/42/'), true);
    assert.equal(contextMatches('/orders/:id/items', '/orders/42/items'), true);
    assert.equal(contextMatches('/orders/:id', '/orders'), false);
    assert.equal(contextMatches('/orders/:id', '/orders/'), false);
    assert.equal(contextMatches('/orders/:id', '/orders/42/items'), false);
    assert.equal(contextMatches('/orders/:id/items', '/orders/42/refunds'), false);
  });

  it('lets a trailing "*" match the rest of the path, including nothing', () => {
    assert.equal(contextMatches('/settings/*', '/settings/security/2fa'), true);
    assert.equal(contextMatches('/settings/*', '/settings/security'), true);
    assert.equal(contextMatches('/settings/*', '/settings'), true);
    assert.equal(contextMatches('/settings/*', '/settingsx'), false);
    assert.equal(contextMatches('/settings/*', '/account/settings'), false);
  });

  it('ignores the query string and fragment of the context', () => {
    assert.equal(contextMatches('/orders/:id', '/orders/42?tab=items'), true);
    assert.equal(contextMatches('/settings/security', '/settings/security#2fa'), true);
    assert.equal(contextMatches('/settings/*', '/settings?x=/y/z'), true);
    assert.equal(contextMatches('/search', '/search?q=/orders/1'), true);
    assert.equal(contextMatches('/orders/:id', '/orders?id=42'), false);
  });

  it('matches every route against itself and its own query strings', () => {
    const segment = fc.stringMatching(/^[a-z0-9_-]{1,8}$/);
    fc.assert(
      fc.property(fc.array(segment, { minLength: 1, maxLength: 5 }), fc.string(), (segments, query) => {
        const route = `/${segments.join('/')}`;
        assert.equal(contextMatches(route, route), true);
        assert.equal(contextMatches(route, `${route}?${query}`), true);
        assert.equal(contextMatches(`${route}/*`, `${route}/anything/below`), true);
        assert.equal(contextMatches(`/${segments.map(() => ':p').join('/')}`, route), true);
      }),
    );
  });
});
