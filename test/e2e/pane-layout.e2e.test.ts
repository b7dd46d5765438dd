// The pane at Excel's width, in Chromium over the simulated Excel (the harness page): at 320 px and 350 px, in
// Vietnamese and English, every screen (before and after a check; the column sections open, a sheet chosen for
// column mapping, findings grouped both ways, the removal confirmation shown, units' files gathered) fits the pane: no sideways
// scrolling, the tabs on one row, each shown whole (those that do not fit behind Fluent's "…" overflow menu,
// never cut), the selected one always shown. axe-core finds no serious or critical accessibility violation on
// any of them. Then the built task pane page itself (taskpane.html with a stand-in for Office.js from its CDN)
// runs under its Content-Security-Policy without a violation, and its ES5 bootstrap shows its message in a
// webview that cannot run the bundle. Widths measured go to test-output/pane-widths.json.
import fs from 'fs';
import type http from 'http';
import os from 'os';
import path from 'path';
import type { Browser, Page } from 'playwright-core';
import { STATE_TIMEOUT_MS } from '../state-timeout';
import { buildHarness, closeServer, launchChromium, originOf, REPO, serve } from './harness-site';
import { unitSheets, unitWorkbook } from '../gather-helpers';

const XLSX_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet';

jest.setTimeout(900_000);

const OUTPUT = path.join(REPO, 'test-output');
const AXE = require.resolve('axe-core/axe.min.js');
const WIDTHS = [320, 350] as const;
const LANGS = ['vi', 'en'] as const;

const LABELS = {
  vi: {
    tabs: { workbook: 'Bảng tính', check: 'Kiểm tra', results: 'Kết quả', evidence: 'Kiểm chứng' },
    check: 'Đọc và kiểm tra bảng tính',
    recheck: 'Kiểm tra lại',
    byCode: 'Loại phát hiện',
    mappingSheet: 'Trang',
    columns: 'Cách đọc các cột',
    clean: 'Xóa kết quả',
    cleanConfirm: 'Xác nhận xóa',
    gathered: 'Kết quả thu thập',
  },
  en: {
    tabs: { workbook: 'Workbook', check: 'Check', results: 'Results', evidence: 'Evidence' },
    check: 'Read and check the workbook',
    recheck: 'Check again',
    byCode: 'Finding type',
    mappingSheet: 'Sheet',
    columns: 'How the columns were read',
    clean: 'Remove results',
    cleanConfirm: 'Confirm removal',
    gathered: 'Gathered',
  },
} as const;

interface Fit {
  clientWidth: number;
  scrollWidth: number;
  /** Elements reaching past the pane's right edge (for the failure message). */
  overflowing: string[];
  /** The tabs shown (not moved to the overflow menu) and the "…" button when there is one. */
  tabs: { name: string; more: boolean; left: number; right: number; top: number; cut: boolean; selected: boolean }[];
  hiddenTabs: number;
}

let tmp: string;
let server: http.Server | undefined;
let browser: Browser | undefined;
const measured: Record<
  string,
  { clientWidth: number; scrollWidth: number; tabsRight: number; tabsShown: number; tabsWidth: number }
> = {};

beforeAll(async () => {
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'par-pane-layout-'));
  const site = path.join(tmp, 'site');
  await buildHarness(site);
  server = await serve(site);
  browser = await launchChromium(path.join(tmp, 'home'));
});

afterAll(async () => {
  await browser?.close();
  await closeServer(server);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  fs.mkdirSync(OUTPUT, { recursive: true });
  fs.writeFileSync(path.join(OUTPUT, 'pane-widths.json'), JSON.stringify(measured, null, 2) + '\n');
});

async function openPage(): Promise<Page> {
  if (!browser) throw new Error('Chromium did not start');
  const page = await browser.newPage({ viewport: { width: 1000, height: 800 } });
  page.setDefaultTimeout(STATE_TIMEOUT_MS);
  return page;
}

/** How the pane (the harness's frame of the task pane) fits its width now. */
function measure(page: Page): Promise<Fit> {
  return page.evaluate(() => {
    const pane = document.querySelector('.pane-frame') as HTMLElement;
    const box = pane.getBoundingClientRect();
    const right = box.left + pane.clientWidth;
    const overflowing = [...pane.querySelectorAll<HTMLElement>('*')]
      .filter((e) => e.getBoundingClientRect().right > right + 0.5 && e.getClientRects().length > 0)
      .slice(0, 8)
      .map((e) => `${e.tagName.toLowerCase()}.${e.className} "${(e.textContent ?? '').slice(0, 40)}"`);
    const all = [...pane.querySelectorAll<HTMLElement>('[role="tab"], [data-more-tabs]')];
    const shown = all.filter((t) => t.getClientRects().length > 0);
    const tabs = shown.map((t) => {
      const r = t.getBoundingClientRect();
      return {
        name: t.getAttribute('aria-label') ?? t.textContent ?? '',
        more: t.hasAttribute('data-more-tabs'),
        left: r.left - box.left,
        right: r.right - box.left,
        top: r.top - box.top,
        // its label shortened or clipped inside the tab
        cut: [...t.querySelectorAll<HTMLElement>('*')].some((c) => c.scrollWidth > c.clientWidth + 0.5),
        selected: t.getAttribute('aria-selected') === 'true',
      };
    });
    const hiddenTabs = all.filter((t) => !t.hasAttribute('data-more-tabs') && t.getClientRects().length === 0).length;
    return { clientWidth: pane.clientWidth, scrollWidth: pane.scrollWidth, overflowing, tabs, hiddenTabs };
  });
}

async function expectFits(page: Page, where: string): Promise<void> {
  const fit = await measure(page);
  measured[where] = {
    clientWidth: fit.clientWidth,
    scrollWidth: fit.scrollWidth,
    tabsRight: Math.max(...fit.tabs.map((t) => t.right)),
    tabsShown: 4 - fit.hiddenTabs,
    tabsWidth: Math.max(...fit.tabs.map((t) => t.right)) - Math.min(...fit.tabs.map((t) => t.left)),
  };
  expect({ where, scrollWidth: fit.scrollWidth, overflowing: fit.overflowing }).toEqual({
    where,
    scrollWidth: fit.clientWidth,
    overflowing: [],
  });
  // every tab either shown or behind the "…" button, which is there exactly when some are
  const more = fit.hiddenTabs > 0 ? 1 : 0;
  expect({ where, shownAndMore: fit.tabs.length + fit.hiddenTabs - more }).toEqual({ where, shownAndMore: 4 });
  expect({ where, more: fit.tabs.filter((t) => t.more).length }).toEqual({ where, more });
  expect({ where, selectedShown: fit.tabs.some((t) => t.selected) }).toEqual({ where, selectedShown: true });
  for (const tab of fit.tabs) {
    expect({ where, tab: tab.name, inside: tab.left >= 0 && tab.right <= fit.clientWidth, cut: tab.cut }).toEqual({
      where,
      tab: tab.name,
      inside: true,
      cut: false,
    });
  }
  // one row of tabs, not a wrapped strip
  expect({ where, rows: new Set(fit.tabs.map((t) => Math.round(t.top))).size }).toEqual({ where, rows: 1 });
}

interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  nodes: { target: string[]; html: string }[];
}

async function expectAccessible(page: Page, where: string): Promise<void> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE });
  // Fluent's fades (a message bar coming, the progress bar going) must have ended: colours mid-fade are not
  // the ones the user reads.
  await page.evaluate(() => Promise.all(document.getAnimations().map((a) => a.finished.catch(() => undefined))));
  const violations = await page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run: (c: object, o: object) => Promise<{ violations: unknown[] }> } })
      .axe;
    // Tabster's focus-redirecting dummies (Fluent's keyboard navigation) are aria-hidden yet focusable on
    // purpose: focus landing on one moves on at once. axe cannot know, so they are left out.
    const result = await axe.run(
      { include: [['.pane-frame']], exclude: [['[data-tabster-dummy]']] },
      { resultTypes: ['violations'] },
    );
    return result.violations as AxeViolation[];
  });
  const serious = violations
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.map((n) => n.html.slice(0, 200)).join(', ')}`);
  expect({ where, serious }).toEqual({ where, serious: [] });
}

async function checkScreen(page: Page, where: string): Promise<void> {
  await expectFits(page, where);
  await expectAccessible(page, where);
}

describe.each(LANGS)('the pane in %s', (lang) => {
  const l = LABELS[lang];
  test.each(WIDTHS)('every screen fits %i px, with no serious accessibility violation', async (width) => {
    if (!server) throw new Error('the harness is not served');
    const page = await openPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    await page.goto(`${originOf(server)}/harness.html?lang=${lang}&pane=${width}`);
    await page.waitForFunction(() => window.__harness?.ready === true);
    const pane = page.locator('.pane-frame');
    expect(await pane.evaluate((e) => e.getBoundingClientRect().width)).toBe(width + 1); // + its right border
    /** Goes to a screen by its tab, or through the "…" menu when the tab is in the overflow. */
    const tab = (name: string) => ({
      click: async () => {
        const own = pane.getByRole('tab', { name, exact: true });
        if (await own.isVisible()) return own.click();
        await pane.locator('[data-more-tabs]').click();
        await page.getByRole('menuitem', { name, exact: true }).click();
        await pane.getByRole('tab', { name, exact: true, selected: true }).waitFor();
      },
    });
    const at = (screen: string) => `${lang} ${width}px ${screen}`;

    // Before a check: each screen asks for one.
    for (const [screen, name] of Object.entries(l.tabs)) {
      await tab(name).click();
      await checkScreen(page, at(`${screen} (not read yet)`));
    }

    // Check, then every screen with what it shows.
    await tab(l.tabs.check).click();
    await pane.getByRole('button', { name: l.check }).click();
    const recheck = pane.getByRole('button', { name: l.recheck });
    await recheck.waitFor();
    await page.waitForFunction(() => !document.querySelector('.pane-frame [role="progressbar"]'));
    await checkScreen(page, at('check, by unit'));
    await pane.getByRole('radio', { name: l.byCode }).check();
    await checkScreen(page, at('check, by finding type'));

    await tab(l.tabs.workbook).click();
    const columns = pane.getByRole('region', { name: l.columns });
    const headers = columns.locator('.fui-AccordionHeader__button');
    for (let i = 0; i < (await headers.count()); i++) await headers.nth(i).click();
    await pane.getByRole('table').last().waitFor();
    await pane.getByRole('combobox', { name: l.mappingSheet, exact: true }).selectOption({ index: 1 });
    await checkScreen(page, at('workbook, columns open, mapping shown'));

    await tab(l.tabs.results).click();
    await checkScreen(page, at('results'));
    await pane.getByRole('button', { name: l.clean }).click();
    await pane.getByRole('button', { name: lang === 'vi' ? 'Hủy' : 'Cancel', exact: true }).waitFor();
    await checkScreen(page, at('results, removal to confirm'));

    await tab(l.tabs.evidence).click();
    await checkScreen(page, at('evidence'));

    // Units' files gathered: the counts, a file left out with why, the findings; then the re-check.
    await tab(l.tabs.workbook).click();
    await pane.locator('input[type="file"][multiple]').setInputFiles([
      { name: `${unitSheets[0]}.xlsx`, mimeType: XLSX_TYPE, buffer: await unitWorkbook(unitSheets[0]) },
      {
        name: 'Sheet1 - bản gửi lại của đơn vị có tên rất dài.xlsx',
        mimeType: XLSX_TYPE,
        buffer: await unitWorkbook(unitSheets[1], { asSheet1: true, withTemplate: true }),
      },
      { name: 'bang-diem-cu.xls', mimeType: 'application/vnd.ms-excel', buffer: Buffer.from('not a workbook') },
    ]);
    await pane.getByRole('region', { name: l.gathered }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.pane-frame [role="progressbar"]'));
    await checkScreen(page, at('workbook, units gathered'));

    if (lang === 'vi' && width === 320) {
      await tab(l.tabs.check).click();
      fs.mkdirSync(path.join(OUTPUT, 'screenshots'), { recursive: true });
      await pane.screenshot({ path: path.join(OUTPUT, 'screenshots', 'pane-320-vi.png') });
    }
    expect(errors).toEqual([]);
    await page.close();
  });
});

/** A stand-in for Office.js from its CDN (not reachable here): Office.onReady and the display language. */
const OFFICE_STUB = `window.Office = {
  context: { displayLanguage: 'vi-VN', requirements: { isSetSupported: function () { return true; } } },
  onReady: function (callback) { callback({ host: 'Excel', platform: 'PC' }); return Promise.resolve(); }
};`;

async function openTaskpane(userAgent?: string, blockBundle = false) {
  if (!browser || !server) throw new Error('Chromium did not start');
  const context = await browser.newContext({
    viewport: { width: 320, height: 700 },
    ...(userAgent ? { userAgent } : {}),
  });
  const page = await context.newPage();
  page.setDefaultTimeout(STATE_TIMEOUT_MS);
  const violations: string[] = [];
  const errors: string[] = [];
  page.on('console', (m) => {
    if (/Content Security Policy/i.test(m.text())) violations.push(m.text());
  });
  page.on('pageerror', (e) => errors.push(e.message));
  await page.addInitScript(() =>
    document.addEventListener('securitypolicyviolation', (e) =>
      console.error(`Content Security Policy violation: ${e.violatedDirective} ${e.blockedURI}`),
    ),
  );
  await page.route('https://appsforoffice.microsoft.com/**', (route) =>
    route.fulfill({ status: 200, contentType: 'text/javascript', body: OFFICE_STUB }),
  );
  // An engine that cannot run the bundle: as if its ES2020 syntax failed to parse.
  if (blockBundle) await page.route(/\/taskpane(\.[0-9a-f]+)?\.js$/, (route) => route.abort());
  await page.goto(`${originOf(server)}/taskpane.html`);
  return { context, page, violations, errors };
}

test('the built taskpane.html runs under its Content-Security-Policy without a violation', async () => {
  const { context, page, violations, errors } = await openTaskpane();
  await page.getByRole('tab', { name: 'Kiểm tra' }).waitFor();
  await page.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }).waitFor();
  expect(await page.evaluate(() => (window as { parIndexWebviewSupported?: boolean }).parIndexWebviewSupported)).toBe(
    true,
  );
  expect(await page.locator('[data-unsupported-webview]').count()).toBe(0);
  expect(violations).toEqual([]);
  expect(errors).toEqual([]);
  await context.close();
});

test('in a webview that cannot run the bundle, taskpane.html says what to use instead, within 320 px', async () => {
  const ie11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
  const { context, page, violations } = await openTaskpane(ie11, true);
  const message = page.locator('[data-unsupported-webview]');
  await message.waitFor();
  expect(await message.textContent()).toContain('Phiên bản Excel này không mở được ngăn Chấm điểm Chỉ số CCHC');
  expect(await message.textContent()).toContain('par-index validate');
  const fit = await page.evaluate(() => ({
    scrollWidth: document.documentElement.scrollWidth,
    clientWidth: document.documentElement.clientWidth,
  }));
  expect(fit.scrollWidth).toBeLessThanOrEqual(fit.clientWidth);
  expect(violations).toEqual([]);
  fs.mkdirSync(path.join(OUTPUT, 'screenshots'), { recursive: true });
  await page.screenshot({ path: path.join(OUTPUT, 'screenshots', 'unsupported-webview.png'), fullPage: true });
  await context.close();
});

test('a false alarm does no harm: where the bundle runs after all, the pane replaces the message', async () => {
  const ie11 = 'Mozilla/5.0 (Windows NT 10.0; WOW64; Trident/7.0; rv:11.0) like Gecko';
  const { context, page } = await openTaskpane(ie11);
  await page.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }).waitFor();
  expect(await page.locator('[data-unsupported-webview]').count()).toBe(0);
  await context.close();
});

test('Save at the bottom of the settings: its message shows in view, where the user is, and stays', async () => {
  if (!server) throw new Error('the harness is not served');
  const page = await openPage();
  await page.goto(`${originOf(server)}/harness.html?pane=320`);
  await page.waitForFunction(() => window.__harness?.ready === true);
  const pane = page.locator('.pane-frame');
  await pane.getByRole('tab', { name: 'Bảng tính', exact: true }).click();
  await pane.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }).click();
  const save = pane.getByRole('button', { name: 'Lưu vào trang Cấu hình' });
  await save.waitFor();
  await page.waitForFunction(() => !document.querySelector('.pane-frame [role="progressbar"]'));
  await save.scrollIntoViewIfNeeded();
  expect(await pane.evaluate((e) => e.scrollTop)).toBeGreaterThan(0); // scrolled down, far from the top
  await save.click();
  const message = pane.getByText('Đã lưu cấu hình vào trang Cấu hình; từ nay bảng tính dùng cấu hình này.');
  await message.waitFor();
  await page.waitForFunction(() => !document.querySelector('.pane-frame [role="progressbar"]'));
  // the re-check after the save is over, and the message is still there, inside the pane's visible part
  const inView = await message.evaluate((m) => {
    const frame = document.querySelector('.pane-frame') as HTMLElement;
    const f = frame.getBoundingClientRect();
    const r = m.getBoundingClientRect();
    return r.top >= f.top && r.bottom <= f.top + frame.clientHeight && r.height > 0;
  });
  expect(inView).toBe(true);
  expect(await page.evaluate(() => window.__harness?.sheetNames())).toContain('Cấu hình');
  await page.close();
});
