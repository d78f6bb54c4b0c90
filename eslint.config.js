// @ts-check
import js from '@eslint/js';
import prettier from 'eslint-config-prettier';
import tseslint from 'typescript-eslint';

// Type-aware TypeScript rules (typescript-eslint's recommendedTypeChecked) on everything tsc checks;
// formatting is prettier's alone (eslint-config-prettier turns the overlapping rules off).
export default tseslint.config(
  { ignores: ['node_modules/', 'cdk.out/', '.data/', 'coverage/', 'test-output/', 'functions/assets/vendor/'] },
  js.configs.recommended,
  ...tseslint.configs.recommendedTypeChecked,
  {
    languageOptions: { parserOptions: { projectService: true, tsconfigRootDir: import.meta.dirname } },
    rules: {
      // Zod-parsed `unknown` bodies and SDK items are narrowed on purpose; these rules would flag every narrowing.
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
      '@typescript-eslint/consistent-type-imports': ['error', { fixStyle: 'inline-type-imports' }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/require-await': 'off',
      eqeqeq: ['error', 'always'],
      // Lean Lambda bundles (bench/bundles.ts, test/infra/bundles.test.ts): schemas use zod/mini through
      // lib/domain/zod.ts (English messages configured there); classic `zod` adds 65 KB to every bundle.
      'no-restricted-imports': [
        'error',
        {
          paths: [
            { name: 'zod', message: 'Import * as z from lib/domain/zod.ts (zod/mini): classic zod adds 65 KB to every Lambda bundle.' },
            { name: 'zod/v4', message: 'Import * as z from lib/domain/zod.ts (zod/mini).' },
            { name: 'zod/mini', message: 'Import * as z from lib/domain/zod.ts: it sets the English messages mini lacks.' },
          ],
        },
      ],
    },
  },
  { files: ['lib/domain/zod.ts'], rules: { 'no-restricted-imports': 'off' } },
  // Tests read JSON answers of any shape; `any` there is what a client sees.
  { files: ['test/**/*.ts', 'bench/**/*.ts'], rules: { '@typescript-eslint/no-explicit-any': 'off' } },
  { files: ['**/*.js', '**/*.mjs'], ...tseslint.configs.disableTypeChecked },
  // The dashboard's browser script (bundled by esbuild into the page's assets).
  {
    files: ['functions/dashboard/client/**/*.js'],
    languageOptions: {
      sourceType: 'module',
      globals: Object.fromEntries(
        ['document', 'window', 'location', 'history', 'sessionStorage', 'fetch', 'URL', 'URLSearchParams', 'FormData', 'TextEncoder', 'crypto', 'btoa'].map(
          (g) => [g, 'readonly'],
        ),
      ),
    },
  },
  prettier,
);
