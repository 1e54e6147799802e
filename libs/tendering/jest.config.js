module.exports = { ...require('../../jest.preset.js'), displayName: 'tendering', rootDir: __dirname };
