// A unit's file from `split` of a master ranked with `--notices`, opened by LibreOffice: the notice recalculates
// to the engine's figures for that unit, and prints on A4 portrait addressed to that unit alone.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import { appraisalNotices } from '../src/core/notices';
import { NOTICES_SHEET_NAME } from '../src/core/notices-sheet';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { buildMinistries2023Workbook, ministries2023, ministrySheetNames } from './fixtures/published-workbook';
import { cellNumber, pdfPages, printPdf, recalculate, requireLibreOffice, type Grid } from './helpers/libreoffice';
import { onlySheet } from './helpers/print';
import { cli, write } from './gather-helpers';

const UNIT = 'Bộ Y tế';

const isA4Portrait = (p: { width: number; height: number }) =>
  Math.abs(p.width - 595.3) < 1 && Math.abs(p.height - 841.89) < 1;

/** The totals row labelled `label`: points, out of, percentage (columns C–E). */
function totalsRow(grid: Grid, label: string): number[] {
  const r = grid.findIndex((row) => row[0] === label);
  if (r < 0) throw new Error(`no row "${label}" in the notice`);
  return ['C', 'D', 'E'].map((col) => cellNumber(grid, `${col}${r + 1}`));
}

let dir: string;

beforeAll(() => {
  requireLibreOffice();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-split-notices-lo-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

test('the unit’s notice recalculates to the engine’s figures and prints A4 portrait, addressed to the unit alone', async () => {
  const wb = buildMinistries2023Workbook();
  wb.getWorksheet(ministrySheetNames[UNIT])!.getCell('E4').value = 50.25;
  const master = write(path.join(dir, 'tong-hop.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  const ranked = path.join(dir, 'ket-qua.xlsx');
  expect((await cli(['rank', master, '--out', ranked, '--notices'])).code).toBe(0);
  const folder = path.join(dir, 'gui-don-vi');
  expect((await cli(['split', ranked, '--out', folder])).code).toBe(0);

  const snapshot = readXlsxPackage(fs.readFileSync(ranked));
  const notice = appraisalNotices(snapshot, analyzeWorkbook(snapshot)).notices.find((n) => n.unit === UNIT)!;
  const file = path.join(folder, `${UNIT}.xlsx`);
  const grid = (await recalculate(file)).get(NOTICES_SHEET_NAME)!;
  const figures = (t: typeof notice.selfTotals) => [t.points, t.max, t.percent];
  expect(totalsRow(grid, 'Đơn vị tự đánh giá')).toEqual(figures(notice.selfTotals));
  expect(totalsRow(grid, 'Hội đồng thẩm định')).toEqual(figures(notice.appraisedTotals));
  expect(notice.appraisedTotals.points).toBeLessThan(notice.selfTotals.points);

  const pages = await pdfPages(await printPdf(onlySheet(fs.readFileSync(file), NOTICES_SHEET_NAME)));
  expect(pages.length).toBeGreaterThan(0);
  expect(pages.every(isA4Portrait)).toBe(true);
  const addressed = pages.flatMap((p) => [...p.text.matchAll(/Kính gửi: (.+)/g)].map((m) => m[1].trim()));
  expect(addressed).toEqual([UNIT]);
  for (const [, other] of ministries2023.rows)
    if (other !== UNIT) expect(pages.some((p) => p.text.includes(`Kính gửi: ${other}`))).toBe(false);
});
