/** @jest-environment jsdom */
// src/taskpane/bootstrap.js: the script that runs before the pane's bundle in every webview Excel opens the pane
// in. It must parse as ES5 (IE11 runs it), and it must say, in Vietnamese and English, what to use instead when
// the webview cannot run the pane, and say nothing where it can.
import fs from 'fs';
import path from 'path';
import { parse } from 'acorn';

const ROOT = path.join(__dirname, '..', '..');
const BOOTSTRAP = fs.readFileSync(path.join(ROOT, 'src/taskpane/bootstrap.js'), 'utf8');
const PAGE = fs.readFileSync(path.join(ROOT, 'src/taskpane/taskpane.html'), 'utf8');

const IE11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
const EDGE_LEGACY =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/70.0.3538.102 Safari/537.36 Edge/18.19041';
const WEBVIEW2 =
  'Mozilla/5.0 (Windows NT 10.0; Win64; x64) AppleWebKit/537.36 (KHTML, like Gecko) Chrome/131.0.0.0 Safari/537.36 Edg/131.0.0.0';

const realUserAgent = navigator.userAgent;
const realAllSettled = Promise.allSettled;

/** The pane's page body, then the bootstrap run as the webview would, with this user agent. */
function runBootstrap(userAgent: string): void {
  document.body.innerHTML = /<body>([\s\S]*)<\/body>/.exec(PAGE)?.[1] ?? '';
  Object.defineProperty(navigator, 'userAgent', { value: userAgent, configurable: true });
  delete (window as { parIndexWebviewSupported?: boolean }).parIndexWebviewSupported;
  // Indirect eval: the script runs in the page's global scope, as a <script> does.
  (0, eval)(BOOTSTRAP);
}

const message = () => document.querySelector('[data-unsupported-webview]');
const supportedFlag = () => (window as { parIndexWebviewSupported?: boolean }).parIndexWebviewSupported;

afterEach(() => {
  Object.defineProperty(navigator, 'userAgent', { value: realUserAgent, configurable: true });
  Promise.allSettled = realAllSettled;
});

test('parses as ES5 (acorn, ecmaVersion 5), and the parser refuses what ES5 lacks', () => {
  expect(() => parse(BOOTSTRAP, { ecmaVersion: 5, sourceType: 'script' })).not.toThrow();
  // the check has teeth: the syntax the bundle uses is refused at ES5
  expect(() => parse('var f = (a) => a?.b ?? 1;', { ecmaVersion: 5 })).toThrow();
  expect(() => parse('const x = `t`;', { ecmaVersion: 5 })).toThrow();
});

test('the page runs it after #root, from this site (no inline script under the Content-Security-Policy)', () => {
  const root = PAGE.indexOf('<div id="root">');
  const script = PAGE.indexOf('<script type="text/javascript" src="bootstrap.js"></script>');
  expect(root).toBeGreaterThan(0);
  expect(script).toBeGreaterThan(root);
  expect(PAGE).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // every script has a src
  const csp = /http-equiv="Content-Security-Policy"\s+content="([^"]+)"/.exec(PAGE)?.[1] ?? '';
  const scriptSrc = /script-src ([^;]+)/.exec(csp)?.[1].trim().split(/\s+/);
  expect(scriptSrc).toEqual(["'self'", 'https://appsforoffice.microsoft.com']);
  expect(csp).not.toContain('unsafe-eval');
});

test.each([
  ['Internet Explorer 11 (Trident)', IE11],
  ['Edge Legacy (EdgeHTML)', EDGE_LEGACY],
])('in %s it shows what to use instead, in Vietnamese and English', (_name, userAgent) => {
  runBootstrap(userAgent);
  expect(supportedFlag()).toBe(false);
  const box = message();
  expect(box).not.toBeNull();
  expect(box?.getAttribute('role')).toBe('alert');
  expect(box?.parentElement?.id).toBe('root');
  const vi = box?.querySelector('[lang="vi"]')?.textContent ?? '';
  const en = box?.querySelector('[lang="en"]')?.textContent ?? '';
  expect(vi).toContain('Phiên bản Excel này không mở được');
  expect(vi).toContain('Excel trên web');
  expect(vi).toContain('dòng lệnh');
  expect(vi).toContain('par-index validate');
  expect(en).toContain('This version of Excel cannot open');
  expect(en).toContain('Excel on the web');
  expect(en).toContain('command line');
  expect(en).toContain('par-index rank');
});

test('a webview whose engine lacks an ES2020 feature gets the message too, whatever it calls itself', () => {
  Object.defineProperty(window, 'fetch', { value: () => Promise.reject(), configurable: true });
  (Promise as { allSettled?: unknown }).allSettled = undefined;
  runBootstrap(WEBVIEW2);
  delete (window as { fetch?: unknown }).fetch;
  expect(supportedFlag()).toBe(false);
  expect(message()).not.toBeNull();
});

test('in WebView2 it says nothing and leaves #root to the pane', () => {
  // jsdom has every ES2020 global the check asks for but fetch, which every browser the pane runs in has.
  const hadFetch = 'fetch' in window;
  if (!hadFetch) Object.defineProperty(window, 'fetch', { value: () => Promise.reject(), configurable: true });
  runBootstrap(WEBVIEW2);
  if (!hadFetch) delete (window as { fetch?: unknown }).fetch;
  expect(supportedFlag()).toBe(true);
  expect(message()).toBeNull();
  expect(document.getElementById('root')?.childNodes).toHaveLength(0);
});
