/**
 * Browser tests: Debian's Chromium (playwright-core, never a browser download) drives the built
 * web app served by the real API, with a worker, PostgreSQL and Redis. One file at a time, after
 * the other end-to-end tests, against a database of their own with the demo data loaded.
 */
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'browser',
  testMatch: ['<rootDir>/browser/**/*.browser-spec.ts'],
  globalSetup: '<rootDir>/browser/support/global-setup.ts',
  testTimeout: 90_000,
  maxWorkers: 1,
};
