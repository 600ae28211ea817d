import { readFileSync } from 'node:fs';
import js from '@eslint/js';
import tseslint from 'typescript-eslint';

// Capability folders: other folders import only a folder's entry file (e.g. ../search-index).
const FOLDERS = '(analyzers|search-index|ingest|search-api|discovery|bench|bin|model)';

// Test code: tests, the test-support entries (testing.ts) and what they gather, test infrastructure,
// and the benchmarks. Everything else is production code, which must never load jest or a
// devDependency: a user's `npm ci --omit=dev` install has neither.
const TEST_CODE = [
  '**/*.test.ts',
  '*/testing.ts',
  'search-index/contract/**',
  'search-index/elasticsearch/mock-cluster.ts',
  'ingest/queue/contract.ts',
  'infra/test/**',
  'infra/lucene-analyze/**',
  'bench/**',
];
// Developer tooling: configuration and generators, run from a full checkout.
const DEV_TOOLING = ['*.config.*', 'infra/elasticsearch/generate.ts'];
const DEV_DEPENDENCIES = Object.keys(
  JSON.parse(readFileSync(new globalThis.URL('./package.json', import.meta.url), 'utf8'))
    .devDependencies,
);
const JEST_GLOBALS = [
  'describe',
  'it',
  'test',
  'expect',
  'jest',
  'beforeAll',
  'afterAll',
  'beforeEach',
  'afterEach',
];

export default tseslint.config(
  { ignores: ['node_modules/', 'dist/', 'data/', 'coverage/', 'fixtures/', 'bench/results/'] },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_' },
      ],
    },
  },
  {
    files: ['**/*.ts', '**/*.js'],
    ignores: [...TEST_CODE, ...DEV_TOOLING],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          paths: DEV_DEPENDENCIES.map((name) => ({
            name,
            message: 'A devDependency: production code cannot load it (npm ci --omit=dev).',
          })),
          patterns: [
            {
              regex: `^\\.\\./(\\.\\./)*${FOLDERS}/.+`,
              message:
                'Import another capability folder through its entry (e.g. ../search-index), not its files.',
            },
            {
              regex: '(^|/)(testing|contract|mock-cluster)$|(^|/)infra/(test|lucene-analyze)(/|$)',
              message: 'Test support: only tests may import it.',
            },
          ],
        },
      ],
      'no-restricted-globals': [
        'error',
        ...JEST_GLOBALS.map((name) => ({
          name,
          message: 'A jest global: production code runs without jest.',
        })),
      ],
    },
  },
  {
    files: TEST_CODE,
    rules: {
      // Tests may also import another folder's test-support entry (../search-index/testing).
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex: `^\\.\\./(\\.\\./)*${FOLDERS}/(?!testing$).+`,
              message:
                'Import another capability folder through its entry (../search-index) or its test support (../search-index/testing), not its files.',
            },
          ],
        },
      ],
    },
  },
  {
    files: ['bin/*.js', 'infra/**/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        module: 'writable',
        __dirname: 'readonly',
        process: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The build script of the embedded index's ranking function, run by `npm ci` (postinstall).
    files: ['search-index/sqlite/native/*.js'],
    languageOptions: {
      globals: {
        require: 'readonly',
        __dirname: 'readonly',
        process: 'readonly',
        console: 'readonly',
      },
    },
    rules: { '@typescript-eslint/no-require-imports': 'off' },
  },
  {
    // The web app's one browser script (search-api/web/assets), served as it is.
    files: ['search-api/web/assets/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['window', 'document', 'location', 'history', 'fetch', 'URL', 'Element', 'Intl'].map(
          (g) => [g, 'readonly'],
        ),
      ),
    },
  },
);
