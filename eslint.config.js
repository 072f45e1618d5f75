// One lint setup for the whole workspace: typed rules so stray promises (socket.io, Leaflet callbacks), non-exhaustive
// switches, values of type `any` and `as never` casts are caught; the React hooks rules on the web. Zero warnings
// allowed (`pnpm lint`, which also runs knip for unused files, exports and dependencies).
import js from '@eslint/js'
import reactHooks from 'eslint-plugin-react-hooks'
import tseslint from 'typescript-eslint'
import globals from 'globals'

export default tseslint.config(
  // The routes-lint fixtures break the routes rule on purpose; apps/api/test/routes-lint.test.ts lints them itself.
  {
    ignores: [
      '**/node_modules/**',
      '**/dist/**',
      'data/**',
      '**/*.config.js',
      'e2e/artifacts/**',
      'apps/api/test/fixtures/routes-lint/**',
    ],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  { files: ['**/*.{js,mjs}'], languageOptions: { globals: globals.node } },
  // Scripts the service worker imports run in its global scope, not in Node.
  { files: ['apps/web/public/**/*.js'], languageOptions: { globals: globals.serviceworker } },
  {
    files: ['**/*.{ts,tsx}'],
    languageOptions: {
      parserOptions: {
        projectService: { allowDefaultProject: ['vitest.config.ts'] },
        tsconfigRootDir: import.meta.dirname,
      },
      globals: { ...globals.node, ...globals.browser },
    },
    rules: {
      '@typescript-eslint/no-floating-promises': 'error',
      '@typescript-eslint/no-misused-promises': ['error', { checksVoidReturn: { attributes: false } }],
      '@typescript-eslint/switch-exhaustiveness-check': 'error',
      '@typescript-eslint/no-non-null-assertion': 'off',
      '@typescript-eslint/consistent-type-imports': 'error',
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', ignoreRestSiblings: true },
      ],
      // An `any` spreads unchecked through everything it touches: name the type, or narrow an `unknown`.
      '@typescript-eslint/no-unsafe-argument': 'error',
      '@typescript-eslint/no-unsafe-assignment': 'error',
      '@typescript-eslint/no-unsafe-call': 'error',
      '@typescript-eslint/no-unsafe-member-access': 'error',
      '@typescript-eslint/no-unsafe-return': 'error',
      'no-restricted-syntax': [
        'error',
        {
          selector: 'TSAsExpression > TSNeverKeyword.typeAnnotation',
          message:
            "`as never` silences the type checker wholesale: give the value its real type (or a library's own type for it).",
        },
      ],
    },
  },
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
  },
  // The API's tests read replies through light-my-request's `res.json()`, typed `any` (131 places when this was
  // written); they keep the `as never` rule, and the unsafe-any rules wait for a typed reply helper.
  {
    files: ['apps/api/test/**/*.ts'],
    rules: {
      '@typescript-eslint/no-unsafe-argument': 'off',
      '@typescript-eslint/no-unsafe-assignment': 'off',
      '@typescript-eslint/no-unsafe-call': 'off',
      '@typescript-eslint/no-unsafe-member-access': 'off',
      '@typescript-eslint/no-unsafe-return': 'off',
    },
  },
  // The web takes the API's shapes from @wangge/contract as types only: a value import would bundle TypeBox and the
  // validators into the worker's first load (DESIGN.md: ≤ 200 KB JS).
  {
    files: ['apps/web/**/*.{ts,tsx}'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: '@wangge/contract',
              message: 'import type only: the web must not bundle the validators',
              allowTypeImports: true,
            },
          ],
        },
      ],
    },
  },
  // One capability shape in the API (apps/api/README.md): a route validates, calls its capability's service or
  // repository and replies; the SQL lives in the repository. So a route reaches no database client, by import or
  // through the instance (apps/api/test/routes-lint.test.ts proves it on a fixture).
  {
    files: ['apps/api/src/routes/**/*.ts'],
    rules: {
      '@typescript-eslint/no-restricted-imports': [
        'error',
        {
          paths: [
            {
              name: 'kysely',
              message: "SQL belongs in the capability's repository (plugins/app/<capability>/), not in a route",
            },
            { name: 'pg', message: 'the pool belongs to the database plugin and the repositories, not to a route' },
            {
              name: '@fastify/postgres',
              message: 'the pool belongs to the database plugin and the repositories, not to a route',
            },
          ],
          patterns: [
            {
              regex: '^(kysely|pg|@fastify/postgres)/',
              message: "SQL belongs in the capability's repository, not in a route",
            },
            {
              regex: '.',
              importNames: ['sql'],
              message: "an `sql` template is SQL: it belongs in the capability's repository, not in a route",
            },
          ],
        },
      ],
      'no-restricted-properties': [
        'error',
        {
          property: 'kysely',
          message: "call the capability's repository or service (fastify.<capability>Repository), not fastify.kysely",
        },
        { property: 'pg', message: "call the capability's repository or service, not the pool (fastify.pg)" },
      ],
    },
  },
)
