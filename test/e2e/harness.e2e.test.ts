// End to end in a real browser: builds the harness page (webpack), serves it over 127.0.0.1, and drives the
// real task pane in Chromium (playwright-core, /usr/bin/chromium) against the simulated Excel: check, go to a
// finding's cell, write the results, remove them. Figures are compared with the built command line's
// (`node dist/cli/main.js`; `npm test` builds it first) on the same file, samples/sample.xlsx.
// Screenshots of each screen go to test-output/screenshots/.
//
// HARNESS_E2E_MODE=production builds as for deployment (about 50 s more); development is the default.
import { spawnSync } from 'child_process';
import fs from 'fs';
import type http from 'http';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import type { Browser, Page } from 'playwright-core';
import { STATE_TIMEOUT_MS } from '../state-timeout';
import { buildHarness, closeServer, launchChromium, originOf, REPO, serve } from './harness-site';

const CLI = path.join(REPO, 'dist', 'cli', 'main.js');
const SAMPLE = path.join(REPO, 'samples', 'sample.xlsx');
const SCREENSHOTS = path.join(REPO, 'test-output', 'screenshots');

jest.setTimeout(180_000);

interface CliFinding {
  code: string;
  severity: 'error' | 'warning' | 'info';
  sheet: string;
  cell: string | null;
  /** Vietnamese, then ` / ` and English. */
  message: string;
}
interface CliValidate {
  summary: { errors: number; warnings: number; info: number };
  findings: CliFinding[];
}
interface CliRank {
  blocks: { name: string; units: { sheet: string; unit: string; percent: number; rank: number | null }[] }[];
}

function cliJson<T>(...args: string[]): T {
  const r = spawnSync(process.execPath, [CLI, ...args, '--json'], { encoding: 'utf8', cwd: REPO, timeout: 60_000 });
  if (r.error) throw r.error;
  if (!r.stdout.trim()) throw new Error(`par-index ${args.join(' ')} printed nothing (exit ${r.status}): ${r.stderr}`);
  return JSON.parse(r.stdout) as T;
}

let tmp: string;
let server: http.Server | undefined;
let browser: Browser | undefined;
let page: Page;
const pageErrors: string[] = [];

beforeAll(async () => {
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build\` (npm test does) first.`);
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'par-harness-e2e-'));
  const site = path.join(tmp, 'site');
  await buildHarness(site);
  server = await serve(site);
  browser = await launchChromium(path.join(tmp, 'home'));
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  page.setDefaultTimeout(STATE_TIMEOUT_MS);
  page.on('pageerror', (e) => pageErrors.push(e.message));
  fs.mkdirSync(SCREENSHOTS, { recursive: true });
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
});

const hook = <T>(fn: string, ...args: string[]): Promise<T> =>
  page.evaluate(
    ([f, a]) => {
      const h = window.__harness as unknown as Record<string, (...x: string[]) => unknown>;
      return h[f](...a);
    },
    [fn, args] as const,
  ) as Promise<T>;

const shot = (name: string) => page.screenshot({ path: path.join(SCREENSHOTS, `${name}.png`) });

test('the task pane checks, goes to a cell, writes and removes the results of the sample in Chromium', async () => {
  const validate = cliJson<CliValidate>('validate', SAMPLE);
  const rank = cliJson<CliRank>('rank', SAMPLE);
  if (!server) throw new Error('the harness is not served');
  await page.goto(`${originOf(server)}/harness.html`);
  await page.waitForFunction(() => window.__harness?.ready === true);
  const originalSheets = await hook<string[]>('sheetNames');
  expect(originalSheets.length).toBeGreaterThan(0);
  await page.locator('[data-sheet]').first().waitFor();

  // Check: the counts shown are the command line's.
  await page.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }).click();
  const { errors, warnings, info } = validate.summary;
  await page
    .getByRole('status')
    .filter({ hasText: `${errors} lỗi, ${warnings} cảnh báo, ${info} thông tin` })
    .waitFor();
  await page.getByRole('button', { name: 'Kiểm tra lại' }).waitFor();
  expect(await page.locator('button[data-severity]').count()).toBe(validate.findings.length);
  await shot('check');

  // A finding selects its cell: the grid shows that sheet with that cell selected.
  const target = validate.findings.find((f) => f.cell !== null);
  if (!target || target.cell === null) throw new Error('the sample has a finding with a cell');
  await page
    .locator(`button[data-code="${target.code}"]`)
    .filter({ hasText: target.message.split(' / ')[0] })
    .first()
    .click();
  await page
    .locator(`table.grid[data-active-sheet="${target.sheet}"] td[data-cell="${target.cell}"][aria-selected="true"]`)
    .waitFor();
  expect(await page.locator('td[aria-selected="true"]').count()).toBe(1);
  expect(await page.locator('.sheet-tabs button[aria-pressed="true"]').getAttribute('data-sheet')).toBe(target.sheet);
  expect(await hook('selection')).toEqual({ sheet: target.sheet, address: target.cell });
  await shot('finding-selected');

  // Results: write, then each ranking sheet's rank, unit and percentage are the command line's.
  await page.getByRole('tab', { name: 'Kết quả' }).click();
  await shot('results');
  await page.getByRole('button', { name: 'Ghi kết quả' }).click();
  await page.getByText('Đã ghi kết quả vào bảng tính.').waitFor();
  const written = await hook<string[]>('sheetNames');
  const firstRows: Record<string, number> = {};
  for (const block of rank.blocks) {
    const name = `Xếp hạng – ${block.name}`;
    expect(written).toContain(name);
    const cells = await hook<Record<string, unknown>>('cells', name);
    const header = Object.keys(cells).find((a1) => /^A\d+$/.test(a1) && cells[a1] === 'Hạng');
    if (!header) throw new Error(`${name}: no "Hạng" header in column A`);
    // The units start below the header, which may take more than one row (wrapped, merged headings).
    const first = Number(
      Object.keys(cells)
        .filter((a1) => /^B\d+$/.test(a1) && cells[a1] === block.units[0].unit)
        .map((a1) => a1.slice(1))
        .find((row) => Number(row) > Number(header.slice(1))) ?? NaN,
    );
    firstRows[block.name] = first;
    const shown = block.units.map((_u, i) => ({
      rank: cells[`A${first + i}`] ?? null,
      unit: cells[`B${first + i}`],
      percent: cells[`E${first + i}`],
    }));
    expect(shown).toEqual(block.units.map((u) => ({ rank: u.rank, unit: u.unit, percent: u.percent })));
  }
  // …and the grid shows them.
  const firstBlock = rank.blocks[0];
  await page.locator(`.sheet-tabs button[data-sheet="Xếp hạng – ${firstBlock.name}"]`).click();
  await page.locator(`table.grid[data-active-sheet="Xếp hạng – ${firstBlock.name}"]`).waitFor();
  const top = firstRows[firstBlock.name];
  expect(await page.locator(`table.grid td[data-cell="B${top}"]`).textContent()).toBe(firstBlock.units[0].unit);
  expect(await page.locator(`table.grid td[data-cell="E${top}"]`).textContent()).toBe(
    String(firstBlock.units[0].percent),
  );
  await shot('results-written');

  // "Tải về .xlsx": the sample with the same writes, as a file ExcelJS reads back.
  const [download] = await Promise.all([
    page.waitForEvent('download'),
    page.getByRole('button', { name: 'Tải về .xlsx' }).click(),
  ]);
  const saved = path.join(tmp, 'downloaded.xlsx');
  await download.saveAs(saved);
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(saved);
  expect(wb.worksheets.map((ws) => ws.name)).toEqual(written);

  // Remove, confirm: the sheets are the original ones again.
  await page.getByRole('button', { name: 'Xóa kết quả' }).click();
  await page.getByRole('button', { name: 'Xác nhận xóa' }).click();
  await page.getByText('Đã xóa kết quả do add-in ghi.').waitFor();
  expect(await hook<string[]>('sheetNames')).toEqual(originalSheets);
  expect(await page.locator('[data-sheet]').evaluateAll((els) => els.map((e) => e.getAttribute('data-sheet')))).toEqual(
    originalSheets,
  );
  await shot('removed');

  expect(pageErrors).toEqual([]);
});
