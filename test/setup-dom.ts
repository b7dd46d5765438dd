// jsdom lacks a few browser APIs Fluent UI uses (MessageBar observes its size). Stubs only; node tests ignore them.
import { STATE_TIMEOUT_MS } from './state-timeout';

if (typeof window !== 'undefined') {
  // findBy* and waitFor give up after this long (Testing Library's default, 1 s, fails on a busy machine).
  // eslint-disable-next-line @typescript-eslint/no-require-imports -- loaded only for the DOM suites
  (require('@testing-library/react') as typeof import('@testing-library/react')).configure({
    asyncUtilTimeout: STATE_TIMEOUT_MS,
  });
  if (!('ResizeObserver' in window)) {
    class ResizeObserverStub {
      observe(): void {}
      unobserve(): void {}
      disconnect(): void {}
    }
    Object.defineProperty(window, 'ResizeObserver', { value: ResizeObserverStub, writable: true, configurable: true });
    Object.defineProperty(globalThis, 'ResizeObserver', {
      value: ResizeObserverStub,
      writable: true,
      configurable: true,
    });
  }
  if (typeof window.matchMedia !== 'function') {
    Object.defineProperty(window, 'matchMedia', {
      writable: true,
      configurable: true,
      value: (query: string) => ({
        matches: false,
        media: query,
        onchange: null,
        addListener: () => undefined,
        removeListener: () => undefined,
        addEventListener: () => undefined,
        removeEventListener: () => undefined,
        dispatchEvent: () => false,
      }),
    });
  }
}
