import assert from 'node:assert/strict';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, it } from 'node:test';
import type { LoadedBundle } from '@kotae/knowledge';
import { analyzeQuestion } from '@kotae/knowledge/answer';
import { compileContent } from '@kotae/knowledge/node';
import { createAnswerHandler, latinLanguageDetector, MemoryInteractionStore, type AnswerServiceOptions } from '../src/index.js';
import { readEvents, serveHandler } from './support/sse-client.js';

// A help center written in English and in French: a Latin-script question is searched in the
// language it is written in, whatever the page's locale (the real tinyld detector, over HTTP).

const ARTICLES: Record<string, string> = {
  'en/reset-password.md': `---\nid: reset-password\ntitle: Reset your password\nlocale: en\n---\n\nIf you forgot your password, choose **Forgot password** on the sign-in page. We email you a link to choose a new password; the link expires after 24 hours.\n`,
  'en/delivery-time.md': `---\nid: delivery-time\ntitle: When will my order arrive?\nlocale: en\n---\n\nStandard delivery takes 3 to 5 business days. You can follow your parcel from the order page with its tracking number.\n`,
  'en/refunds.md': `---\nid: refunds\ntitle: When will I get my refund?\nlocale: en\n---\n\nWe refund a returned item within 10 days of receiving it, to the payment method you used for the order.\n`,
  'fr/reset-password.md': `---\nid: fr-reset-password\ntitle: Réinitialiser votre mot de passe\nlocale: fr\n---\n\nSi vous avez oublié votre mot de passe, choisissez **Mot de passe oublié** sur la page de connexion. Nous vous envoyons un lien pour en choisir un nouveau ; le lien expire au bout de 24 heures.\n`,
  'fr/delivery-time.md': `---\nid: fr-delivery-time\ntitle: Quand ma commande arrivera-t-elle ?\nlocale: fr\n---\n\nLa livraison standard prend de 3 à 5 jours ouvrés. Vous pouvez suivre votre colis depuis la page de la commande grâce à son numéro de suivi.\n`,
  'fr/refunds.md': `---\nid: fr-refunds\ntitle: Quand serai-je remboursé ?\nlocale: fr\n---\n\nNous remboursons un article retourné dans les 10 jours suivant sa réception, sur le moyen de paiement utilisé pour la commande.\n`,
};

let dir: string;
let bundle: LoadedBundle;
const servers: { close(): Promise<void> }[] = [];

before(async () => {
  dir = await mkdtemp(join(tmpdir(), 'kotae-latin-'));
  for (const [file, text] of Object.entries(ARTICLES)) {
    await mkdir(join(dir, 'articles', file, '..'), { recursive: true });
    await writeFile(join(dir, 'articles', file), text);
  }
  await writeFile(join(dir, 'kotae.config.json'), JSON.stringify({ id: 'bilingual', defaultLocale: 'en' }));
  const compiled = await compileContent(dir);
  bundle = { manifest: compiled.bundle.manifest, index: compiled.index };
});
after(async () => {
  await Promise.all(servers.map((s) => s.close()));
  await rm(dir, { recursive: true, force: true });
});

async function ask(query: string, locale: string, options: Partial<AnswerServiceOptions> = {}) {
  const server = await serveHandler(createAnswerHandler({ bundle, store: new MemoryInteractionStore(), rateLimit: false, ...options }));
  servers.push(server);
  const response = await fetch(`${server.url}/v1/answer`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ query, locale }),
  });
  const { events } = await readEvents(response);
  const sources = (events.find((e) => e.event === 'sources')!.data as { sources: { articleId: string; locale?: string }[] }).sources;
  const done = events.find((e) => e.event === 'done')!.data as { language?: string; mode: string };
  return { language: done.language, first: sources[0] };
}

describe('latinLanguageDetector', () => {
  it('tells short support questions apart among the knowledge’s Latin-script languages', async () => {
    const detect = await latinLanguageDetector();
    assert.equal(detect('Où est ma commande ?', ['en', 'fr']), 'fr');
    assert.equal(detect('where is my order', ['en', 'fr']), 'en');
    assert.equal(detect('Wie setze ich mein Passwort zurück?', ['en', 'de']), 'de');
    assert.equal(detect('¿Dónde está mi pedido?', ['en', 'es', 'fr']), 'es');
  });

  it('has no answer with fewer than two languages it knows, and analyzeQuestion then keeps the page’s', async () => {
    const detect = await latinLanguageDetector();
    assert.equal(detect('Où est ma commande ?', ['fr', 'xx']), undefined);
    const q = analyzeQuestion('Où est ma commande ?', { pageLocale: 'en', locales: ['en', 'ja'], latinDetector: detect });
    assert.equal(q.language, 'en');
  });
});

describe('POST /v1/answer on an English and French knowledge', () => {
  it('answers a French question on an English page from the French article, and the reverse', async () => {
    const fr = await ask("J'ai oublié mon mot de passe, comment le réinitialiser ?", 'en');
    assert.deepEqual([fr.language, fr.first?.articleId, fr.first?.locale], ['fr', 'fr-reset-password', 'fr']);
    const en = await ask('When will my refund arrive?', 'fr');
    assert.deepEqual([en.language, en.first?.articleId, en.first?.locale], ['en', 'refunds', 'en']);
  });

  it('takes the page’s language for a Latin-script question when the detector is turned off', async () => {
    const fr = await ask("J'ai oublié mon mot de passe, comment le réinitialiser ?", 'en', { latinDetector: false });
    assert.equal(fr.language, 'en');
  });

  it('uses a detector of the operator’s own', async () => {
    const fr = await ask('When will my refund arrive?', 'en', {
      latinDetector: (_text, candidates) => (candidates.includes('fr') ? 'fr' : undefined),
    });
    assert.equal(fr.language, 'fr');
  });
});
