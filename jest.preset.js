const { swcOptions, jestModuleNameMapper } = require('./tools/swc-options.cjs');

/** ESM-only packages that jest (on Node 20) must see as CommonJS */
const esmOnly = ['content-disposition'];

/** Shared jest settings; every project's jest.config.js spreads this. */
module.exports = {
  testEnvironment: 'node',
  transform: { '^.+\\.(ts|js)$': ['@swc/jest', { ...swcOptions({ withPaths: true }), swcrc: false }] },
  transformIgnorePatterns: [`/node_modules/(?!(${esmOnly.join('|')})/)`],
  moduleNameMapper: jestModuleNameMapper(),
  moduleFileExtensions: ['ts', 'js', 'json'],
  testMatch: ['**/*.spec.ts'],
  setupFiles: ['reflect-metadata'],
  // apps and libs whose behaviour is covered end to end (test/) have no unit tests of their own
  passWithNoTests: true,
};
