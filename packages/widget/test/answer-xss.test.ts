import { expect, oneEvent } from '@open-wc/testing';
import type { KotaeHelp } from '../dist/index.js';
import { askQuestion, BUNDLE, inPanel, openReady, panelOf } from './helpers.js';
import { recordScripts, violations } from './xss-checks.js';
import { xssCorpus } from './xss-corpus.js';

/**
 * The XSS corpus through the widget's streamed answers: every payload is the answer of an ask in
 * a real `<kotae-help>`, sent as `delta` events cut at random places (a seeded PRNG, several cuts
 * per payload, one of them a character per delta) over an event stream that is itself cut into
 * random byte chunks. So it goes the way of a real answer — the answer client's SSE parsing,
 * accumulation, `renderMarkdown()` of the whole text after every delta, citation buttons, the
 * DOM — and every intermediate render is checked as it happens (a MutationObserver), not only
 * the last. Only the transport is in the page: `fetch` for this endpoint answers with the
 * scripted stream (real HTTP is covered by ask.test.ts).
 */
const ENDPOINT = '/xss-stream';
const SOURCE = {
  n: 1,
  id: 'refund-timing',
  articleId: 'refund-timing',
  anchor: '',
  title: "When you'll get your refund",
  snippet: '',
};
/** Random cuts per payload, besides one delta per character. */
const RANDOM_SPLITS = 3;

/** mulberry32: a small seeded PRNG, so that a failure names a cut that can be replayed. */
function prng(seed: number): () => number {
  return () => {
    seed = (seed + 0x6d2b79f5) | 0;
    let t = Math.imul(seed ^ (seed >>> 15), 1 | seed);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** `text` cut at `count` random places (as code points, so no surrogate pair is split). */
function cut(text: string, random: () => number, count: number): string[] {
  const chars = [...text];
  const at = new Set<number>();
  for (let i = 0; i < count && chars.length > 1; i++) at.add(1 + Math.floor(random() * (chars.length - 1)));
  const pieces: string[] = [];
  let from = 0;
  for (const i of [...at].sort((a, b) => a - b)) {
    pieces.push(chars.slice(from, i).join(''));
    from = i;
  }
  pieces.push(chars.slice(from).join(''));
  return pieces;
}

/** The event stream of an answer made of `deltas`, as the service writes it. */
function eventStream(deltas: readonly string[], interactionId: string): string {
  const events: Array<[string, unknown]> = [
    ['sources', { sources: [SOURCE] }],
    ...deltas.map((text): [string, unknown] => ['delta', { text }]),
    ['citations', { citations: [{ n: 1, id: SOURCE.id }] }],
    ['done', { interactionId, mode: 'openai', grounded: true }],
  ];
  return events.map(([event, data], n) => `id: ${interactionId}.${n}\nevent: ${event}\ndata: ${JSON.stringify(data)}\n\n`).join('');
}

/** A response whose body arrives in random byte chunks (UTF-8 sequences cut too), one per read. */
function chunkedResponse(text: string, random: () => number): Response {
  const bytes = new TextEncoder().encode(text);
  const chunks: Uint8Array[] = [];
  for (let from = 0; from < bytes.length;) {
    const size = 1 + Math.floor(random() * 64);
    chunks.push(bytes.slice(from, from + size));
    from += size;
  }
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      const chunk = chunks.shift();
      if (chunk) controller.enqueue(chunk);
      else controller.close();
    },
  });
  return new Response(body, { headers: { 'content-type': 'text/event-stream' } });
}

/**
 * What is wrong with one rendered piece of an answer: the corpus checks, after the widget's own
 * citation buttons (`<button class="cite">` around `[n]`, made by the answer view, not by the
 * markdown) are checked and taken out.
 */
function answerViolations(node: Node, imageOrigins: ReadonlySet<string>): string[] {
  const copy = document.createElement('div');
  copy.append(node.cloneNode(true));
  const found: string[] = [];
  for (const cite of copy.querySelectorAll('button.cite')) {
    const attributes = [...cite.attributes].map((a) => a.name).sort();
    const own =
      attributes.join() === 'aria-label,class,type,value' &&
      cite.getAttribute('type') === 'button' &&
      (cite as HTMLButtonElement).value === SOURCE.articleId &&
      cite.children.length === 0 &&
      /^\[\d+\]$/.test(cite.textContent ?? '');
    if (!own) found.push(`not the widget's citation: ${cite.outerHTML}`);
    cite.remove();
  }
  return [...found, ...violations(copy, imageOrigins)];
}

describe('streamed answers', () => {
  let help: KotaeHelp;
  let scripted: { text: string; random: () => number } | undefined;
  const realFetch = window.fetch;
  /** What the observer found in any render since the last check. */
  let found: string[] = [];
  /** How many renders of the answer text the observer saw. */
  let renders = 0;
  let observer: MutationObserver;
  const imageOrigins = new Set([new URL(BUNDLE).origin]);

  before(async () => {
    window.fetch = (input, init) => {
      const url = input instanceof Request ? input.url : String(input);
      if (!url.startsWith(new URL(`${ENDPOINT}/`, location.href).href)) return realFetch(input, init);
      if (!scripted) return Promise.reject(new Error('no scripted answer'));
      const { text, random } = scripted;
      scripted = undefined;
      return Promise.resolve(chunkedResponse(text, random));
    };
    help = document.createElement('kotae-help');
    help.setAttribute('src', BUNDLE);
    help.setAttribute('locale', 'en');
    help.setAttribute('endpoint', ENDPOINT);
    document.body.append(help);
    await openReady(help);
    // Every render of the answer text, as it is added (records keep nodes a later render removed).
    observer = new MutationObserver((records) => {
      for (const record of records) {
        const target = record.target instanceof Element ? record.target : record.target.parentElement;
        const text = target?.closest('.answer .text');
        if (!target || !text) continue;
        // The text's own element is the widget's (its class, aria-busy); what is inside is the answer's.
        if (record.type !== 'childList' && target !== text) found.push(...answerViolations(target, imageOrigins));
        if (target !== text && record.addedNodes.length > 0) renders++;
        for (const node of record.addedNodes) found.push(...answerViolations(node, imageOrigins));
      }
    });
    observer.observe(panelOf(help).shadowRoot!, { subtree: true, childList: true, attributes: true, characterData: true });
  });

  after(() => {
    observer.disconnect();
    window.fetch = realFetch;
    help.remove();
  });

  beforeEach(() => {
    recordScripts();
    found = [];
  });

  let seed = 1;
  let asked = 0;
  for (const [group, payloads] of Object.entries(xssCorpus)) {
    describe(`neutralize ${group}`, () => {
      for (const payload of payloads) {
        const payloadSeed = seed++;
        it(payload.name, async () => {
          const random = prng(payloadSeed);
          const splits = [
            [...payload.markdown],
            ...Array.from({ length: RANDOM_SPLITS }, () => cut(payload.markdown, random, 1 + Math.floor(random() * 12))),
          ];
          for (const [i, deltas] of splits.entries()) {
            scripted = { text: eventStream(deltas, `xss-${payloadSeed}-${i}`), random };
            const done = oneEvent(help, 'kotae-answer');
            await askQuestion(help, `payload ${++asked}`);
            await done;
            await panelOf(help).updateComplete;
            const where = `seed ${payloadSeed}, split ${i}: ${JSON.stringify(deltas)}`;
            expect(found, `in a render (${where})`).to.deep.equal([]);
            expect(answerViolations(inPanel(help, '.answer .text > div')!, imageOrigins), `in the answer (${where})`).to.deep.equal([]);
          }
          // Time for handlers and loads of anything that got into the document to run.
          await new Promise((resolve) => setTimeout(resolve, 50));
          expect(window.__xss, 'script ran').to.deep.equal([]);
          expect(found, 'in a render').to.deep.equal([]);
        });
      }
    });
  }

  // After the corpus (mocha runs a suite's own tests before its child suites).
  describe('and the harness', () => {
    it('rendered the last payload through the answer view, with the widget’s citation buttons', async () => {
      scripted = { text: eventStream(['Refunds reach **your card** ', 'in 5 days [1].'], 'benign'), random: prng(0) };
      const done = oneEvent(help, 'kotae-answer');
      renders = 0;
      await askQuestion(help, 'benign');
      await done;
      await panelOf(help).updateComplete;
      // One render per delta, each seen by the observer.
      expect(renders).to.equal(2);
      expect(inPanel(help, '.answer .text strong')!.textContent).to.equal('your card');
      expect(inPanel(help, '.answer .text button.cite')!.textContent).to.equal('[1]');
      expect(found).to.deep.equal([]);
      expect(asked).to.equal(Object.values(xssCorpus).flat().length * (RANDOM_SPLITS + 1));
    });

    it('would see a handler, a script URL or a foreign citation in a render', () => {
      // Parsed in an inert document: nothing loads or runs.
      const bad = new DOMParser().parseFromString(
        '<p><img src="https://evil.test/x.png" onerror="1"><a href="javascript:1">x</a><button class="cite" type="button" value="x" aria-label="x" onclick="1">[1]</button></p>',
        'text/html',
      ).body.firstChild!;
      expect(answerViolations(bad, imageOrigins)).to.include.members(['<img onerror>', 'href "javascript:1" resolves to javascript:']);
      expect(answerViolations(bad, imageOrigins).some((v) => v.startsWith("not the widget's citation"))).to.equal(true);
    });
  });
});
