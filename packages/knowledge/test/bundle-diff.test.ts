import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { buildSearchIndex, diffBundles, encodeBundle, readBundle, type LoadedBundle } from '../src/index.js';
import { CORPUS, sectionsOf } from './support/corpus.js';

/** Encodes and reads back a bundle of `files`, as a reader of a bundle directory gets it. */
async function loaded(files: Record<string, string>, at: string): Promise<LoadedBundle> {
  const bundle = await encodeBundle(buildSearchIndex(sectionsOf(files)), {
    id: 'kb',
    defaultLocale: 'en',
    articles: Object.keys(files).length,
    now: () => new Date(at),
  });
  return readBundle(JSON.stringify(bundle.manifest), async (path) => bundle.files.get(path)!);
}

describe('diffBundles', () => {
  it('lists added, removed and changed articles by id, with titles and the sections that changed', async () => {
    const before = await loaded(CORPUS, '2026-01-01T00:00:00Z');
    const { 'en/passage.md': _removed, ...kept } = CORPUS;
    const after = await loaded(
      {
        ...kept,
        // Title changed, a section's text changed, a section added.
        'en/reset-password.md': CORPUS['en/reset-password.md']!.replace('title: Reset your password', 'title: Reset a password')
          .replace('twelve characters', 'sixteen characters')
          .concat('\n## Two-factor codes\n\nCodes expire after a minute.\n'),
        // Only a blank line before the text: the same content on another line is not a change.
        'en/billing.md': CORPUS['en/billing.md']!.replace('---\nDownload', '---\n\nDownload'),
        // Tags changed.
        'ja/invoice.md': CORPUS['ja/invoice.md']!.replace('locale: ja', 'locale: ja\ntags: [請求]'),
        'en/gift-cards.md': '---\nid: gift-cards\ntitle: Gift cards\n---\nRedeem a gift card at checkout.\n',
      },
      '2026-01-02T00:00:00Z',
    );
    const diff = diffBundles(before, after);
    assert.deepEqual(diff.from, { id: 'kb', version: before.manifest.version, builtAt: '2026-01-01T00:00:00.000Z' });
    assert.deepEqual(diff.to, { id: 'kb', version: after.manifest.version, builtAt: '2026-01-02T00:00:00.000Z' });
    assert.deepEqual(diff.added, [{ id: 'gift-cards', locale: 'en', title: 'Gift cards' }]);
    assert.deepEqual(diff.removed, [{ id: 'passage', locale: 'en', title: 'Passage planning' }]);
    assert.deepEqual(diff.changed, [
      {
        id: 'ja-invoice',
        locale: 'ja',
        title: '請求書のダウンロード',
        fields: ['tags'],
        sections: { added: [], removed: [], changed: [] },
      },
      {
        id: 'reset-password',
        locale: 'en',
        title: 'Reset a password',
        previousTitle: 'Reset your password',
        fields: [],
        sections: { added: ['two-factor-codes'], removed: [], changed: ['password-rules'] },
      },
    ]);
    assert.equal(diff.unchanged, 5);
  });

  it('finds nothing between a bundle and itself', async () => {
    const a = await loaded(CORPUS, '2026-01-01T00:00:00Z');
    const b = await loaded(CORPUS, '2026-03-01T00:00:00Z');
    const diff = diffBundles(a, b);
    assert.deepEqual([diff.added, diff.removed, diff.changed, diff.unchanged], [[], [], [], 8]);
  });
});
