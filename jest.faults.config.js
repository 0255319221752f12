/** Jest for the fault suite (npm run test:faults): real server processes, a database that is killed, disconnects. */
const base = require('./jest.config');

module.exports = {
  ...base,
  roots: ['<rootDir>/tests/faults'],
  testPathIgnorePatterns: ['/node_modules/'],
  // The faults time recoveries and count responses: one file at a time keeps the 2 cores for them.
  maxWorkers: 1,
  testTimeout: 180_000,
};
