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
