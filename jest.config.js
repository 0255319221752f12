/** Jest: TypeScript through SWC; one database server per run (tests/helpers/global-setup.ts). */
const swc = [
  '@swc/jest',
  {
    jsc: { parser: { syntax: 'typescript' }, target: 'es2022' },
    module: { type: 'commonjs' },
    sourceMaps: 'inline',
  },
];

module.exports = {
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  // The fault suite has its own config and command (jest.faults.config.js, npm run test:faults).
  testPathIgnorePatterns: ['/node_modules/', '<rootDir>/tests/faults/'],
  transform: { '^.+\\.(t|j|mj)s$': swc },
  // meilisearch, jose and openid-client (+ oauth4webapi) are ESM-only: SWC turns them into CommonJS for jest.
  transformIgnorePatterns: ['/node_modules/(?!(meilisearch|jose|openid-client|oauth4webapi)/)'],
  globalSetup: '<rootDir>/tests/helpers/global-setup.ts',
  globalTeardown: '<rootDir>/tests/helpers/global-teardown.ts',
  testTimeout: 60_000,
  maxWorkers: 2,
};
