/**
 * End-to-end tests that need the services to themselves (a Redis outage): they run after the
 * parallel suite, one at a time, against a database of their own. In the parallel suite, the
 * workers of other test files would relay this test's outbox rows through their own Redis.
 */
module.exports = {
  ...require('./jest.config.js'),
  displayName: 'e2e-serial',
  testMatch: ['<rootDir>/serial/**/*.e2e-spec.ts'],
  maxWorkers: 1,
};
