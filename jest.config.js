/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: { '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }] },
  testTimeout: 30000,
  // Jest's default on 2 cores is one worker; most test time waits on chromium, LibreOffice and the
  // database, so two workers take the suite from about 605 s to 425 s on the 2-core machine.
  maxWorkers: 2,
  // The demo's database, built once per worker and copied for each test app (tests/helpers/app.ts).
  globalSetup: '<rootDir>/tests/global-setup.js',
  globalTeardown: '<rootDir>/tests/global-teardown.js',
};
