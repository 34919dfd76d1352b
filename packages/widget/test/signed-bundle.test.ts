import { expect, oneEvent } from '@open-wc/testing';
import { KotaeErrorEvent, type KotaeHelp } from '../dist/index.js';
import { SIGNED, SIGNED_TAMPERED, BUNDLE, inPanel, openReady, panelOf, publicKey, renderHelp, resultTitles, typeQuery } from './helpers.js';

/** Serves the older (v1) or newer (v2) signed manifest at SIGNED's URL. */
async function serveVersion(version: 'v1' | 'v2'): Promise<void> {
  expect((await fetch(`/replay?version=${version}`, { method: 'POST' })).ok).to.equal(true);
}

/** Opens the widget and returns the kotae-error it fires while loading. */
async function loadError(help: KotaeHelp): Promise<KotaeErrorEvent> {
  const failed = oneEvent(help, 'kotae-error');
  await help.open();
  return failed;
}

async function expectErrorState(help: KotaeHelp): Promise<void> {
  await panelOf(help).updateComplete;
  expect(panelOf(help).status).to.equal('error');
  expect(inPanel(help, '.error')!.textContent).to.equal('Help could not be loaded. Please try again later.');
  await expect(help).to.be.accessible();
}

describe('<kotae-help public-key>', () => {
  beforeEach(async () => {
    localStorage.clear();
    await serveVersion('v2');
  });

  it('verifies a signed bundle with WebCrypto Ed25519 and searches it', async () => {
    const help = await renderHelp({ src: SIGNED, publicKey: await publicKey() });
    await openReady(help);
    expect(panelOf(help).status).to.equal('ready');
    await typeQuery(help, 'refund');
    expect(resultTitles(help).length).to.be.greaterThan(0);
    // The verified sequence is remembered for this manifest URL.
    expect(Number(localStorage.getItem(`kotae:sequence:${SIGNED}`))).to.equal(Date.parse('2026-02-01T00:00:00Z'));
  });

  it('rejects a tampered shard whose hash was rewritten in the manifest, and shows the error state', async () => {
    const help = await renderHelp({ src: SIGNED_TAMPERED, publicKey: await publicKey() });
    const event = await loadError(help);
    expect(event).to.be.instanceOf(KotaeErrorEvent);
    expect(event.phase).to.equal('load');
    expect(event.error.name).to.equal('BundleSignatureError');
    expect((event.error as Error & { code: string }).code).to.equal('bundle-signature');
    expect(event.error.message).to.match(
      /^manifest\.json has a signature by key "[0-9a-f]{16}" that does not match its content \(changed after signing\); refusing to trust any hash in it$/,
    );
    await expectErrorState(help);
  });

  it('loads the same tampered bundle without a key: the hashes alone cannot catch it', async () => {
    const help = await renderHelp({ src: SIGNED_TAMPERED });
    await openReady(help);
    expect(panelOf(help).status).to.equal('ready');
    // The index shard is untouched, so "refund" still finds the section; what it shows is the tampered text.
    await typeQuery(help, 'refund');
    expect(inPanel(help, '[role="listbox"]')!.textContent).to.match(/refunt/);
  });

  it('rejects an unsigned bundle and one signed by another key', async () => {
    const unsigned = await loadError(await renderHelp({ src: BUNDLE, publicKey: await publicKey() }));
    expect(unsigned.error.message).to.match(/is not signed, and public keys are configured/);
    const other = await loadError(await renderHelp({ src: SIGNED, publicKey: 'MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4' }));
    expect((other.error as Error & { code: string }).code).to.equal('bundle-signature');
    expect(other.error.message).to.match(/is signed by key "[0-9a-f]{16}", none of the configured keys/);
  });

  it('accepts any of several keys during a rotation', async () => {
    const help = await renderHelp({ src: SIGNED, publicKey: `MNG_DZ7bU8bwgJ8Sn8Bg6tvjQF-mzIz0WRH1Vw6EZp4 ${await publicKey()}` });
    await openReady(help);
    expect(panelOf(help).status).to.equal('ready');
  });

  it('refuses an older signed manifest replayed at the same URL: on reopening, and on the next page load', async () => {
    const key = await publicKey();
    const help = await renderHelp({ src: SIGNED, publicKey: key });
    await openReady(help);
    await serveVersion('v1');

    // Reopened: the worker revalidates, finds v1, refuses it, and keeps v2 in use.
    await help.close();
    const refused = oneEvent(help, 'kotae-error');
    await help.open();
    const event = await refused;
    expect(event.phase).to.equal('load');
    expect(event.error.name).to.equal('BundleRollbackError');
    expect(event.error.message).to.equal(
      `manifest.json: bundle "acme-help" has sequence ${Date.parse('2026-01-01T00:00:00Z')}, older than ${Date.parse('2026-02-01T00:00:00Z')} already seen; refusing a replayed older manifest`,
    );
    expect(panelOf(help).status).to.equal('ready');
    await typeQuery(help, 'refund');
    expect(resultTitles(help).length).to.be.greaterThan(0);

    // A new page (a new widget, a new worker) remembers the sequence it verified.
    const next = await renderHelp({ src: SIGNED, publicKey: key });
    const replay = await loadError(next);
    expect((replay.error as Error & { code: string }).code).to.equal('bundle-rollback');
    await expectErrorState(next);
  });
});
