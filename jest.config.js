// Two projects: `fast` (core, adapters, simulated host, task pane: seconds) and `slow` (the suites that drive
// LibreOffice, Chromium or the built command line: minutes; `*.libreoffice.test.ts` are the suites that run
// soffice beside fast ones). `npm test` runs both; `npm run test:fast` the first.
const slowSuites = [
  '/test/e2e/.*\\.test\\.tsx?$',
  '/test/(cli\\.e2e|libreoffice|results|flags)\\.test\\.ts$',
  '\\.libreoffice\\.test\\.ts$',
];

const base = {
  testEnvironment: 'node',
  roots: ['<rootDir>/test'],
  transform: { '^.+\\.tsx?$': ['ts-jest', { diagnostics: false }] },
  setupFiles: ['<rootDir>/test/setup-dom.ts'],
  setupFilesAfterEnv: ['<rootDir>/test/setup-waits.ts'],
};

/** @type {import('jest').Config} */
module.exports = {
  // A guard against a hung test, not a wait: tests wait on state (test/state-timeout.ts).
  testTimeout: 600000,
  projects: [
    { ...base, displayName: 'fast', testRegex: '/test/.*\\.test\\.tsx?$', testPathIgnorePatterns: slowSuites },
    { ...base, displayName: 'slow', testRegex: slowSuites },
  ],
};
