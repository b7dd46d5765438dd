import js from '@eslint/js';
import tseslint from 'typescript-eslint';
import officeAddins from 'eslint-plugin-office-addins';
import prettierConfig from 'eslint-config-prettier';

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
      'no-restricted-imports': [
        'error',
        { patterns: ['fs', 'path', 'node:*', 'exceljs', 'react*', '../workbook/*', '../cli/*', '../taskpane/*'] },
      ],
      'no-restricted-globals': ['error', 'Office', 'Excel', 'document', 'window'],
    },
  },
  {
    // Office.js code: the task pane and the Office.js adapter. Rules from eslint-plugin-office-addins (its own
    // `recommended` config also brings prettier and another parser, so only the rules are taken): load before
    // read, sync after load and before read, no context.sync() inside a loop (batch instead; a deliberate
    // per-chunk sync says so with an eslint-disable comment and its reason), isNullObject for *OrNullObject.
    // no-empty-load only warns: it takes any non-literal argument (`load(fields)`, `load(a ? 'x' : 'y')`) for
    // an empty load.
    files: ['src/taskpane/**/*.{ts,tsx}', 'src/workbook/office-*.ts'],
    plugins: { 'office-addins': officeAddins },
    rules: {
      'office-addins/load-object-before-read': 'error',
      'office-addins/call-sync-after-load': 'error',
      'office-addins/call-sync-before-read': 'error',
      'office-addins/no-context-sync-in-loop': 'error',
      'office-addins/test-for-null-using-isNullObject': 'error',
      'office-addins/no-empty-load': 'warn',
      'office-addins/no-navigational-load': 'warn',
      'office-addins/no-office-initialize': 'error',
    },
  },
  {
    // The task pane is bundled: a namespace import defeats tree-shaking (Fluent UI would be bundled whole).
    files: ['src/taskpane/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "ImportDeclaration[importKind!='type'] > ImportNamespaceSpecifier",
          message: 'No `import * as` in the task pane: import the names used, so that webpack can tree-shake.',
        },
      ],
    },
  },
  // Layout is Prettier's (npm run format; checked by npm run lint): no style rule of ESLint's may disagree.
  prettierConfig,
);
