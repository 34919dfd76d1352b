// The embed build: one ESM file for <script type="module" src=".../kotae-help.js">, plus the
// lazy chunks and the search worker next to it. Input is tsc's output in dist/, so TypeScript
// is compiled once; rollup resolves the dependencies and minifies.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'kotae-help': 'dist/index.js', 'search-worker': 'dist/internal/search-worker.js' },
  output: {
    dir: 'dist/cdn',
    format: 'es',
    entryFileNames: '[name].js',
    chunkFileNames: '[name]-[hash].js',
    sourcemap: true,
  },
  plugins: [nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false } })],
};
