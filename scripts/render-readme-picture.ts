// Renders the generated ranking sheet of the bundled sample as it prints (its own page setup: A4 landscape,
// one page wide) to docs/ranking.png, its charts' page to docs/print-charts.png, and the findings sheet's list
// to docs/print-findings.png (LibreOffice → PDF → PNG), from the real output of `par-index rank --out`; and docs/taskpane.png, the task pane at 320 px
// over the sample in the browser harness (Chromium). Run: npx tsx scripts/render-readme-picture.ts [print|taskpane]
import fs from 'fs';
import os from 'os';
import path from 'path';
import { pdfPagePng, printPdf } from '../test/helpers/libreoffice';
import { onlySheet } from '../test/helpers/print';
import { tempDir, writeResults } from '../test/helpers/results-check';
import { buildHarness, closeServer, launchChromium, originOf, serve } from '../test/e2e/harness-site';

/** The task pane at Excel's 320 px over the sample, Kiểm tra after a check (the browser harness in Chromium). */
async function renderTaskpane(root: string): Promise<string> {
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'par-readme-pane-'));
  await buildHarness(path.join(tmp, 'site'), 'production');
  const server = await serve(path.join(tmp, 'site'));
  const browser = await launchChromium(path.join(tmp, 'home'));
  try {
    const page = await browser.newPage({ viewport: { width: 900, height: 1000 }, deviceScaleFactor: 1 });
    await page.goto(`${originOf(server)}/harness.html?pane=320`);
    await page.waitForFunction(() => window.__harness?.ready === true);
    const pane = page.locator('.pane-frame');
    await pane.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }).click();
    await pane.getByRole('button', { name: 'Kiểm tra lại' }).waitFor();
    await page.waitForFunction(() => !document.querySelector('.pane-frame [role="progressbar"]'));
    const png = path.join(root, 'docs', 'taskpane.png');
    await pane.screenshot({ path: png });
    return png;
  } finally {
    await browser.close();
    await closeServer(server);
    fs.rmSync(tmp, { recursive: true, force: true });
  }
}

/** `taskpane` draws only docs/taskpane.png; `print` only the printed sheets; both when not said. */
async function main(): Promise<void> {
  const which = process.argv[2];
  if (which !== 'taskpane') await renderPrinted();
  if (which !== 'print') console.log(await renderTaskpane(path.resolve(__dirname, '..')));
}

async function renderPrinted(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const out = path.join(tempDir(), 'sample-results.xlsx');
  const { plan } = await writeResults(path.join(root, 'samples', 'sample.xlsx'), out);
  const bytes = fs.readFileSync(out);
  const ranking = path.join(root, 'docs', 'ranking.png');
  const rankingPdf = await printPdf(onlySheet(bytes, plan.names.ranking[0]));
  await pdfPagePng(rankingPdf, 1, ranking, 110);
  const charts = path.join(root, 'docs', 'print-charts.png');
  await pdfPagePng(rankingPdf, 2, charts, 90);
  const findings = path.join(root, 'docs', 'print-findings.png');
  await pdfPagePng(await printPdf(onlySheet(bytes, plan.names.findings)), 2, findings, 80);
  console.log(ranking, charts, findings);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
