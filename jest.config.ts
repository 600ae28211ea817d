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
  // On CI a process a failed test left running (a server, a worker) must not keep jest waiting
  // after the run until CI's own limit kills it, hiding the result (this happened once): jest
  // reports the failure, warns about the open handle, and exits. Locally it stays off, so
  // `--detectOpenHandles` can find the leak.
  forceExit: Boolean(process.env.CI),
};

export default config;
