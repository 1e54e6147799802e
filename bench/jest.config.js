/** unit tests of the bench's pure parts (option parsing, report formatting); `npm run bench` runs the rest */
module.exports = {
  ...require('../jest.preset.js'),
  displayName: 'bench',
  rootDir: __dirname,
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/results/'],
};
