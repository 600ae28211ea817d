import type { Config } from 'jest';

// ts-jest reads isolatedModules from tsconfig.json: files compile one by one and start fast;
// type errors are the job of `npm run typecheck`.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  transform: { '^.+\\.ts$': 'ts-jest' },
  testTimeout: 30000,
  // ELASTICSEARCH_* / OPENSEARCH_* reach the live suites only (see the file).
  setupFiles: ['<rootDir>/infra/test/cluster-env.js'],
  reporters: ['default', '<rootDir>/infra/test/summary-reporter.js'],
};

export default config;
