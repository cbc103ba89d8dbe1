import js from '@eslint/js';
import globals from 'globals';
import tseslint from 'typescript-eslint';
import vue from 'eslint-plugin-vue';

// SQL lives in apps/api/src/repositories (and db/, migrations): every other layer of the API calls a
// repository function. Query builders and `sql` templates anywhere else fail the lint.
const API_LAYERS_WITHOUT_SQL = ['routes', 'services', 'plugins', 'auth', 'audit', 'cli', 'demo', 'http'].map(
  (layer) => `apps/api/src/${layer}/**/*.ts`,
);
// Kysely's query builders: calling one outside the repositories fails the lint.
const QUERY_BUILDER_METHODS = ['selectFrom', 'selectNoFrom', 'insertInto', 'replaceInto', 'updateTable', 'deleteFrom', 'mergeInto', 'withRecursive'];

export default tseslint.config(
  { ignores: ['**/dist/**', '**/node_modules/**', '**/.turbo/**', '**/data/**', '**/.artifacts/**'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  ...vue.configs['flat/recommended'],
  {
    files: ['**/*.vue'],
    languageOptions: { parserOptions: { parser: tseslint.parser } },
  },
  {
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
    rules: {
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_' }],
      'vue/multi-word-component-names': 'off',
      'vue/max-attributes-per-line': 'off',
      'vue/singleline-html-element-content-newline': 'off',
      'vue/html-self-closing': 'off',
    },
  },
  {
    files: API_LAYERS_WITHOUT_SQL,
    ignores: ['**/*.test.ts'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              importNames: ['sql', 'expressionBuilder', 'ExpressionBuilder', 'RawBuilder', 'SelectQueryBuilder', 'InsertQueryBuilder', 'UpdateQueryBuilder', 'DeleteQueryBuilder'],
              message: 'SQL belongs in apps/api/src/repositories: call a repository function.',
            },
          ],
        },
      ],
      'no-restricted-syntax': [
        'error',
        {
          selector: `CallExpression[callee.property.name=/^(${QUERY_BUILDER_METHODS.join('|')})$/]`,
          message: 'Query builders belong in apps/api/src/repositories: call a repository function.',
        },
        {
          selector: "TaggedTemplateExpression[tag.name='sql'], TaggedTemplateExpression[tag.object.name='sql'], CallExpression[callee.object.name='sql']",
          message: 'SQL templates belong in apps/api/src/repositories: call a repository function.',
        },
      ],
    },
  },
);
