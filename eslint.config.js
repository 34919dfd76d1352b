// Lint: ESLint's and typescript-eslint's recommended rules, lit's for the widget. Formatting is
// not linted (see `pnpm run format`).
import js from '@eslint/js';
import lit from 'eslint-plugin-lit';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['**/dist/**', '**/node_modules/**', 'docs/api/**', '**/.tmp/**', 'bench/results/**', 'packages/widget/custom-elements.json'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', destructuredArrayIgnorePattern: '^_' },
      ],
    },
  },
  { files: ['packages/widget/src/**/*.ts', 'packages/console/src/**/*.ts'], ...lit.configs['flat/recommended'] },
  {
    // Library code throws typed errors: a KotaeError subclass in its family with a stable code
    // (docs/errors.md), never a bare Error, a string, or the family-less KotaeError root.
    files: ['packages/*/src/**/*.ts'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: 'ThrowStatement > :matches(NewExpression, CallExpression)[callee.name=/^(Error|RangeError|TypeError|KotaeError)$/]',
          message:
            'Throw a named KotaeError subclass of the right family (see docs/errors.md), not a bare Error, RangeError, TypeError or KotaeError.',
        },
        {
          selector: 'ThrowStatement > :matches(Literal, TemplateLiteral)',
          message: 'Never throw a string: throw a named KotaeError subclass (see docs/errors.md).',
        },
      ],
    },
  },
  {
    files: ['**/*.js', '**/*.mjs'],
    languageOptions: { globals: { process: 'readonly', console: 'readonly', document: 'readonly', window: 'readonly', URL: 'readonly' } },
  },
);
