// Runs after the test framework is installed (setupFilesAfterEnv), so that Testing Library, loaded here,
// still registers its cleanup after each test. findBy* and waitFor give up after STATE_TIMEOUT_MS, not
// Testing Library's default of 1 s, which fails on a busy machine.
import { STATE_TIMEOUT_MS } from './state-timeout';

if (typeof window !== 'undefined') {
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the DOM suites
  (require('@testing-library/react') as typeof import('@testing-library/react')).configure({
    asyncUtilTimeout: STATE_TIMEOUT_MS,
  });
}
