/**
 * Jest runs the TypeScript sources as ESM through ts-jest in transpile-only mode (isolated modules);
 * `npm run typecheck` is what checks types. Two workers even on two cores: many suites spend their
 * time waiting on other processes (Terraform and moto, PostgreSQL, Chromium, the workshop CLI),
 * which one worker would wait out with a core idle.
 */
export default {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  testMatch: ['**/*.test.ts'],
  extensionsToTreatAsEsm: ['.ts'],
  moduleNameMapper: { '^(\\.{1,2}/.*)\\.js$': '$1' },
  transform: {
    '^.+\\.ts$': ['ts-jest', { useESM: true, diagnostics: false }],
  },
  testTimeout: 60000,
  maxWorkers: 2,
  globalSetup: '<rootDir>/test/support/global-setup.js',
  globalTeardown: '<rootDir>/test/support/global-teardown.js',
};
