/**
 * End-to-end tests (the real API and worker) and integration tests (a repository, no Nest, no
 * HTTP), both against the real PostgreSQL and Redis of the run.
 */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'e2e',
  rootDir: __dirname,
  testMatch: ['<rootDir>/e2e/**/*.e2e-spec.ts', '<rootDir>/integration/**/*.integration-spec.ts'],
  globalSetup: '<rootDir>/support/global-setup.ts',
  globalTeardown: '<rootDir>/support/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
