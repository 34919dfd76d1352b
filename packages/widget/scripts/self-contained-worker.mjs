// After the embed build: the ESM build's search worker (dist/internal/search-worker.js, tsc's
// output) imports `@kotae/knowledge`, and bundlers copy a worker started with
// `new URL('./search-worker.js', import.meta.url)` as an asset, without bundling its imports, so
// `import '@kotae/widget'` would start a worker that cannot load. Replace it with the embed
// build's worker: the same code, bundled into one file with no imports (its source map's paths
// resolve the same from both folders, which are siblings under dist/).
import { copyFileSync } from 'node:fs';

for (const file of ['search-worker.js', 'search-worker.js.map']) {
  copyFileSync(new URL(`../dist/cdn/${file}`, import.meta.url), new URL(`../dist/internal/${file}`, import.meta.url));
}
