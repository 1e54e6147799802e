module.exports = { ...require('../../jest.preset.js'), displayName: 'bundling', rootDir: __dirname };
