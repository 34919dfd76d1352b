// The console app: one ESM file named by its content hash (hex, so `kotae serve` sends it as
// immutable), built from tsc's output in dist/. scripts/write-app.mjs writes the page that loads it.
import { nodeResolve } from '@rollup/plugin-node-resolve';
import terser from '@rollup/plugin-terser';

export default {
  input: { 'kotae-console': 'dist/index.js' },
  output: {
    dir: 'dist/app',
    format: 'es',
    entryFileNames: '[name]-[hash].js',
    chunkFileNames: '[name]-[hash].js',
    hashCharacters: 'hex',
    sourcemap: true,
  },
  plugins: [nodeResolve({ browser: true }), terser({ ecma: 2022, module: true, format: { comments: false } })],
};
