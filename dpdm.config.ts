// Import cycles, type-only imports included (`pnpm run lint:cycles`, part of `pnpm run lint`).
// ESLint's import-x/no-cycle skips `import type` by design, so dpdm walks the TypeScript sources
// instead: it fails on any cycle between the files of packages/*/src.
export default {
  files: ['packages/*/src/**/*.ts'],
  // Keep type-only imports: a cycle through types is a cycle too.
  transform: false,
  tree: false,
  warning: false,
  circular: true,
  progress: false,
  exitCode: 'circular:1',
};
