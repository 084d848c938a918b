const ESM_PACKAGES = ['openid-client', 'oauth4webapi', 'jose'];
const ESM_ONLY = `/node_modules/(${ESM_PACKAGES.join('|')})/`;

/** @type {import('jest').Config} */
module.exports = {
  preset: 'ts-jest',
  testEnvironment: 'node',
  roots: ['<rootDir>/tests'],
  testMatch: ['**/*.test.ts'],
  transform: {
    '^.+\\.ts$': ['ts-jest', { tsconfig: 'tsconfig.json', diagnostics: false }],
    // openid-client and the two packages under it ship ES modules only. Node 20.19 requires them
    // natively, but jest's module system on Node 20 does not (it does from Node 24.9): compile them.
    [`${ESM_ONLY}.+\\.js$`]: ['ts-jest', { tsconfig: { allowJs: true, module: 'commonjs', target: 'ES2022' }, diagnostics: false }],
  },
  transformIgnorePatterns: [`/node_modules/(?!(${ESM_PACKAGES.join('|')})/)`],
  testTimeout: 30000,
  // Jest's default on 2 cores is one worker; most test time waits on chromium, LibreOffice and the
  // database, so two workers take the suite from about 605 s to 425 s on the 2-core machine.
  maxWorkers: 2,
  // The demo's database, built once per worker and copied for each test app (tests/helpers/app.ts).
  globalSetup: '<rootDir>/tests/global-setup.js',
  globalTeardown: '<rootDir>/tests/global-teardown.js',
};
