/**
 * The publish benchmark: `publishBundle` into an empty target, the same version again (a no-op),
 * a changed version over it, `rollbackBundle`, and how long a watching server (`watchBundleDir`,
 * as `kotae serve` uses it) takes from the manifest swap to serving the new version (reading
 * and verifying it included). Bundles are the example knowledge scaled to `--sections` sections.
 *
 * Run from the repository root after building `@kotae/knowledge`:
 *   node --import tsx bench/publish.ts [--sections 10000] [--runs 5] [--dir DIR]
 * A markdown table goes to stdout, progress to stderr. See bench/README.md.
 */
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseArgs } from 'node:util';
import { buildSearchIndex, encodeBundle, type Section } from '@kotae/knowledge';
import { compileContent, publishBundle, readBundleDir, rollbackBundle, watchBundleDir, writeBundleDir } from '@kotae/knowledge/node';
import { codeLine, codeVersion, currentLoad, machineInfo, machineLine } from './lib/machine.js';
import { scaleCorpus } from './lib/scaled-corpus.js';
import { median } from './lib/stats.js';

const repo = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const { values } = parseArgs({
  options: {
    sections: { type: 'string', default: '10000' },
    runs: { type: 'string', default: '5' },
    dir: { type: 'string', default: tmpdir() },
  },
});
const target = Number(values.sections);
const runs = Number(values.runs);
if (!Number.isInteger(target) || target < 1 || !Number.isInteger(runs) || runs < 1) {
  process.stderr.write('usage: node --import tsx bench/publish.ts [--sections 10000] [--runs 5] [--dir DIR]\n');
  process.exit(2);
}
const startLoad = currentLoad();
const log = (line: string) => process.stderr.write(`[publish bench] ${line}\n`);
const root = await mkdtemp(join(values.dir, 'kotae-publish-bench-'));

try {
  await compileContent(join(repo, 'examples', 'knowledge'), { out: join(root, 'example') });
  const base: Section[] = (await readBundleDir(join(root, 'example'))).index.sections().map(({ plain: _plain, ...s }) => s);
  const { sections, articles } = scaleCorpus(base, target);
  const write = async (name: string, list: Section[], at: string) => {
    const bundle = await encodeBundle(buildSearchIndex(list), { id: 'bench', defaultLocale: 'en', articles, now: () => new Date(at) });
    await writeBundleDir(join(root, name), bundle);
    return { dir: join(root, name), bytes: bundle.manifest.stats.bytes };
  };
  log(`building bundles of ${sections.length} sections (${articles} articles)`);
  const a = await write('a', sections, '2026-01-01T00:00:00Z');
  // One article's text changed: with one shard per locale and role, its locale's shards all change.
  const changed = sections.map((s, i) => (i === 0 ? { ...s, text: `${s.text}\n\nUpdated.` } : s));
  const b = await write('b', changed, '2026-01-02T00:00:00Z');

  const samples: Record<string, number[]> = { first: [], same: [], changed: [], rollback: [], pickup: [] };
  let copiedBytes = 0;
  for (let run = 0; run < runs; run++) {
    log(`run ${run + 1} of ${runs}`);
    const to = join(root, `target-${run}`);
    let t = performance.now();
    await publishBundle(a.dir, { to });
    samples.first!.push(performance.now() - t);
    t = performance.now();
    await publishBundle(a.dir, { to });
    samples.same!.push(performance.now() - t);

    let picked: (() => void) | undefined;
    const watcher = await watchBundleDir(to, { pollMs: 1000, onChange: () => picked?.() });
    const pickedUp = new Promise<void>((done) => (picked = done));
    let swapped = 0;
    t = performance.now();
    const result = await publishBundle(b.dir, { to, onStep: (step) => void (step === 'swapped' && (swapped = performance.now())) });
    samples.changed!.push(performance.now() - t);
    copiedBytes = result.bytesCopied;
    await pickedUp;
    samples.pickup!.push(performance.now() - swapped);
    watcher.close();

    t = performance.now();
    await rollbackBundle({ to });
    samples.rollback!.push(performance.now() - t);
    await rm(to, { recursive: true, force: true });
  }

  const ms = (k: string) => `${Math.round(median(samples[k]!))} ms`;
  const mb = (n: number) => `${(n / 1e6).toFixed(1)} MB`;
  const rows = [
    ['publish into an empty target', ms('first'), `${mb(a.bytes)} copied`],
    ['publish the same version again (no-op)', ms('same'), 'every file read and verified, nothing written'],
    ['publish a version with one article changed', ms('changed'), `${mb(copiedBytes)} copied`],
    ['serve picks it up (manifest swapped → new version in use)', ms('pickup'), 'fs.watch, then read and verify the bundle'],
    ['rollback', ms('rollback'), 'the previous version’s files verified, manifest swapped'],
  ];
  process.stdout.write(
    [
      `Publish, ${sections.length.toLocaleString('en-US')} sections (${articles.toLocaleString('en-US')} articles, ${mb(a.bytes)} of shards), median of ${runs} runs`,
      '',
      '| step | time | what |',
      '| --- | ---: | --- |',
      ...rows.map((r) => `| ${r.join(' | ')} |`),
      '',
      machineLine(machineInfo(startLoad)),
      codeLine(codeVersion(repo)),
      '',
    ].join('\n'),
  );
} finally {
  await rm(root, { recursive: true, force: true });
}
