import js from '@eslint/js';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  { ignores: ['dist/**', 'node_modules/**', 'out/**', 'coverage/**', '*.config.js', '*.config.mjs'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
    },
  },
  {
    // core stays pure: no Office, no DOM, no Node built-ins
    files: ['src/core/**/*.ts'],
    rules: {
      'no-restricted-imports': ['error', { patterns: ['fs', 'path', 'node:*', 'exceljs', 'react*', '../workbook/*', '../cli/*', '../taskpane/*'] }],
      'no-restricted-globals': ['error', 'Office', 'Excel', 'document', 'window'],
    },
  },
);
