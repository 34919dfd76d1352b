// The embed build: one ESM file for <script type="module" src=".../kotae-help.js">, plus the
// lazy chunks and the search worker next to it. Input is tsc's output in dist/, so TypeScript
// is compiled once; rollup resolves the dependencies and minifies.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';
import { minifyLiterals } from './scripts/minify-literals.mjs';

const plugins = () => [
  nodeResolve({ browser: true }),
  minifyLiterals(),
  // Two compress passes: ~100 B gzip less than one, and none of the `unsafe_*` options
  // (each measured at 0–40 B, not worth their assumptions).
  // Error class names are kept: errors cross from the worker to the page by `name` (a tampered
  // bundle is a `BundleIntegrityError` in `kotae-error`, not a mangled `n`).
  terser({ ecma: 2022, module: true, keep_classnames: /Error$/, compress: { passes: 2 }, format: { comments: false } }),
];
const output = { dir: 'dist/cdn', format: 'es', entryFileNames: '[name].js', chunkFileNames: '[name]-[hash].js', sourcemap: true };

export default [
  {
    input: { 'kotae-help': 'dist/index.js' },
    // The lazy chunks import Lit and the rest straight from kotae-help.js, instead of rollup
    // adding a re-exporting facade file in front of a shared chunk (one file and ~200 B gzip
    // less; kotae-help.js then also exports a few minified internal names).
    preserveEntrySignatures: 'allow-extension',
    output,
    plugins: plugins(),
  },
  // The search worker is built on its own, into one file with no imports: a worker shares no
  // module with the page (the error classes both use would otherwise become a shared chunk),
  // and bundlers copy it as an asset without bundling imports (scripts/self-contained-worker.mjs).
  { input: { 'search-worker': 'dist/internal/search-worker.js' }, output, plugins: plugins() },
];
