// The harness page built and served for the browser tests (and the README picture): webpack builds the pane
// and harness into a directory, a small static server serves it over 127.0.0.1, and Chromium
// (playwright-core, /usr/bin/chromium) opens it with a throwaway profile.
import { spawn } from 'child_process';
import fs from 'fs';
import http from 'http';
import type { AddressInfo } from 'net';
import path from 'path';
import { chromium, type Browser } from 'playwright-core';

export const REPO = path.resolve(__dirname, '..', '..');
export const CHROMIUM = '/usr/bin/chromium';
/** HARNESS_E2E_MODE=production builds as for deployment (about 50 s more); development is the default. */
export const MODE = process.env.HARNESS_E2E_MODE === 'production' ? 'production' : 'development';

export function buildHarness(outDir: string, mode: 'development' | 'production' = MODE): Promise<void> {
  const webpackCli = path.join(REPO, 'node_modules', 'webpack', 'bin', 'webpack.js');
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [webpackCli, '--mode', mode, '--env', 'http', '--output-path', outDir, '--no-devtool'],
      { cwd: REPO, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', reject);
    child.on('close', (code) =>
      code === 0 ? resolve() : reject(new Error(`webpack failed (exit ${code}):\n${output.slice(-4000)}`)),
    );
  });
}

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.png': 'image/png',
  '.xlsx': 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  '.xml': 'application/xml',
};

export function serve(root: string): Promise<http.Server> {
  const server = http.createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://127.0.0.1');
    const file = path.join(root, decodeURIComponent(url.pathname));
    if (!file.startsWith(root + path.sep) || !fs.existsSync(file) || !fs.statSync(file).isFile()) {
      res.writeHead(404).end('not found');
      return;
    }
    res.writeHead(200, { 'Content-Type': MIME[path.extname(file)] ?? 'application/octet-stream' });
    fs.createReadStream(file).pipe(res);
  });
  return new Promise((resolve) => server.listen(0, '127.0.0.1', () => resolve(server)));
}

export function originOf(server: http.Server): string {
  return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

export function closeServer(server: http.Server | undefined): Promise<void> {
  return new Promise<void>((resolve) => (server ? server.close(() => resolve()) : resolve()));
}

/** Headless Chromium with its profile under `home` (a temporary directory the caller removes). */
export function launchChromium(home: string): Promise<Browser> {
  if (!fs.existsSync(CHROMIUM)) {
    throw new Error(
      `${CHROMIUM} is missing: install it (apt-get install -y --no-install-recommends chromium) to run the browser test.`,
    );
  }
  fs.mkdirSync(home, { recursive: true });
  return chromium.launch({
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
    env: {
      ...process.env,
      HOME: home,
      XDG_CONFIG_HOME: path.join(home, '.config'),
      XDG_CACHE_HOME: path.join(home, '.cache'),
    },
  });
}
