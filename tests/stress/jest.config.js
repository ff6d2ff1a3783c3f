/**
 * `npm run test:stress`: the heavy suites (2,000-call rush, kill -9 crash, 10,000-payload fuzz, long
 * property runs), kept out of `npm test`. Same transform as the main config, run in band.
 */
const path = require('path')
const main = require('../../jest.config.js')
const node = main.projects.find((p) => p.displayName === 'node')

module.exports = {
  rootDir: path.resolve(__dirname, '..', '..'),
  displayName: 'stress',
  testEnvironment: 'node',
  transform: node.transform,
  testMatch: ['<rootDir>/tests/stress/**/*.test.ts'],
  testTimeout: 600_000,
}
