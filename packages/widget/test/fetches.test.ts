import { expect, oneEvent, waitUntil } from '@open-wc/testing';
import type { Manifest } from '@kotae/knowledge';
import { BUNDLE, inPanel, openReady, panelOf, renderHelp, typeQuery } from './helpers.js';

/** One request the dev server logged (test/server/fetch-log.mjs). */
interface Logged {
  readonly file: string;
  readonly status: number;
  readonly bytes: number;
}

let runs = 0;

/** A fresh URL for the test bundle, whose requests the dev server logs. */
function loggedBundle(): { src: string; log(): Promise<Logged[]> } {
  const run = `${Date.now()}-${++runs}`;
  return {
    src: `/fetch-log/${run}/manifest.json`,
    log: async () => (await (await fetch(`/fetch-log/${run}`)).json()) as Logged[],
  };
}

/** `role.locale` of each bundle file fetched (`manifest` for the manifest), in order. */
function kinds(log: readonly Logged[], manifest: Manifest): string[] {
  return log.map(({ file }) => {
    if (file === 'manifest.json') return 'manifest';
    const entry = manifest.files.find((f) => f.path === file);
    return entry ? `${entry.role}.${entry.locale}` : file;
  });
}

/** Whether the page has loaded the sanitizer (DOMPurify and the module that wraps it). */
function sanitizerLoaded(): boolean {
  return performance.getEntriesByType('resource').some((e) => /sanitize-html|dompurify/.test(e.name));
}

// The dev server serves every module on its own: the default buffer (250 entries) would fill up.
performance.setResourceTimingBufferSize(100_000);

const manifest = async () => (await (await fetch(BUNDLE)).json()) as Manifest;

describe('<kotae-help> fetches', () => {
  it('only the page locale’s shards at load, another locale’s when a question is written in it, the html and the sanitizer when an article is shown', async () => {
    const bundle = await manifest();
    const { src, log } = loggedBundle();
    const help = await renderHelp({ src, locale: 'en' });
    await openReady(help);
    const atLoad = await log();
    expect(kinds(atLoad, bundle).sort()).to.deep.equal(['index.en', 'manifest', 'sections.en']);
    // Each shard's whole body, as the manifest lists it: nothing of another locale, no html.
    const shardBytes = atLoad.filter((l) => l.file !== 'manifest.json').reduce((sum, l) => sum + l.bytes, 0);
    const english = bundle.files.filter((f) => f.locale === 'en' && f.role !== 'html').reduce((sum, f) => sum + f.bytes, 0);
    expect(shardBytes).to.equal(english);
    expect(shardBytes).to.be.lessThan(bundle.stats.bytes);
    expect(sanitizerLoaded()).to.equal(false);

    await typeQuery(help, 'forgot my password');
    expect(await log()).to.have.length(atLoad.length);

    await typeQuery(help, 'パスワードを忘れてログインできません');
    expect(
      kinds(await log(), bundle)
        .slice(atLoad.length)
        .sort(),
    ).to.deep.equal(['index.ja', 'sections.ja']);
    expect(sanitizerLoaded()).to.equal(false);

    const opened = oneEvent(help, 'kotae-article');
    inPanel(help, '[role="option"]')!.click();
    const { locale } = await opened;
    await panelOf(help).updateComplete;
    expect(kinds(await log(), bundle).slice(atLoad.length + 2)).to.deep.equal([`html.${locale}`]);
    await waitUntil(sanitizerLoaded, 'the sanitizer did not load with the article');
    expect((await log()).every((l) => l.status === 200)).to.equal(true);
  });

  it('inline, only the manifest until the search field gets focus', async () => {
    const bundle = await manifest();
    const { src, log } = loggedBundle();
    const help = await renderHelp({ src, locale: 'en', mode: 'inline' });
    await waitUntil(() => help.shadowRoot!.querySelector('kotae-help-panel')?.status === 'ready', 'the manifest did not load', {
      timeout: 8000,
    });
    expect(kinds(await log(), bundle)).to.deep.equal(['manifest']);
    inPanel<HTMLInputElement>(help, 'input')!.focus();
    await waitUntil(async () => (await log()).length === 3, 'focus did not fetch the shards', { timeout: 8000 });
    expect(kinds(await log(), bundle).sort()).to.deep.equal(['index.en', 'manifest', 'sections.en']);
    await typeQuery(help, 'forgot my password');
    expect(await log()).to.have.length(3);
  });

  it('only the Japanese shards for a Japanese page', async () => {
    const bundle = await manifest();
    const { src, log } = loggedBundle();
    const help = await renderHelp({ src, locale: 'ja' });
    await openReady(help);
    await typeQuery(help, 'パスワードを忘れてログインできません');
    expect(kinds(await log(), bundle).sort()).to.deep.equal(['index.ja', 'manifest', 'sections.ja']);
  });

  it('every locale’s shards for a page in a locale the bundle does not have, as its searches read them all', async () => {
    const bundle = await manifest();
    const { src, log } = loggedBundle();
    const help = await renderHelp({ src, locale: 'fr' });
    await openReady(help);
    const expected = ['manifest', ...bundle.locales.flatMap((l) => [`index.${l}`, `sections.${l}`])].sort();
    expect(kinds(await log(), bundle).sort()).to.deep.equal(expected);
  });
});
