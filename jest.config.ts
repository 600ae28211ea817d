import type { Config } from 'jest';

// ts-jest in isolatedModules mode: type errors are the job of `npm run typecheck`,
// so tests compile file by file and start fast.
const config: Config = {
  testEnvironment: 'node',
  roots: ['<rootDir>'],
  testMatch: ['**/*.test.ts'],
  testPathIgnorePatterns: ['/node_modules/', '/dist/', '/data/'],
  transform: { '^.+\\.ts$': ['ts-jest', { isolatedModules: true }] },
  testTimeout: 30000,
  reporters: ['default', '<rootDir>/infra/test/summary-reporter.js'],
};

export default config;
