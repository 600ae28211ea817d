import js from '@eslint/js';
import tseslint from 'typescript-eslint';

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
      // One entry file per capability folder: other folders import the folder, never its insides.
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            {
              regex:
                '^\\.\\./(\\.\\./)*(analyzers|search-index|ingest|search-api|discovery|bench|bin|model)/.+',
              message:
                'Import another capability folder through its entry (e.g. ../search-index), not its files.',
            },
          ],
        },
      ],
    },
  },
  {
    // The search page's own script (served as a file: the Content-Security-Policy allows no
    // inline script), running in the browser.
    files: ['search-api/web/**/*.js'],
    languageOptions: {
      sourceType: 'script',
      globals: Object.fromEntries(
        ['document', 'window', 'fetch', 'history', 'location', 'FormData', 'URLSearchParams'].map(
          (g) => [g, 'readonly'],
        ),
      ),
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
);
