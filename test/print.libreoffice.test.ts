// The results as a council prints them: LibreOffice prints the sample's output (each sheet with its own page
// setup), and the printed pages are read back with poppler (page sizes and text).
import fs from 'fs';
import path from 'path';
import { roundTo2 } from '../src/core/rules/percent';
import type { Analysis } from '../src/core/types';
import type { ResultNames } from '../src/core/results-plan';
import { pdfPages, printPdf, requireLibreOffice, type PdfPage } from './helpers/libreoffice';
import { onlySheet } from './helpers/print';
import { tempDir, writeResults } from './helpers/results-check';

const ROOT = path.join(__dirname, '..');
const SAMPLE = path.join(ROOT, 'samples', 'sample.xlsx');

let out: Buffer;
let names: ResultNames;
let analysis: Analysis;
let whole: PdfPage[];
const printed = new Map<string, PdfPage[]>();

function sheetPages(name: string): PdfPage[] {
  const pages = printed.get(name);
  if (pages === undefined) throw new Error(`"${name}" was not printed alone`);
  return pages;
}

const isA4Landscape = (p: PdfPage) => Math.abs(p.width - 841.89) < 1 && Math.abs(p.height - 595.3) < 1;

/** The printed line of a unit's row: its name, then the figures of the row up to the last column. */
const lineOf = (pages: PdfPage[], unit: string) =>
  pages.flatMap((p) => p.text.split('\n')).find((l) => l.includes(unit)) ?? '';

/** The last area's percentage of a unit as printed (`0.00`), the rightmost figure of its row. */
function lastAreaShown(analysis: Analysis, unit: { areas: { max: number; percent: number }[] }): string {
  const a = unit.areas[unit.areas.length - 1];
  return a.max > 0 ? roundTo2(a.percent, analysis.settings.rounding).toFixed(2) : '–';
}

beforeAll(async () => {
  requireLibreOffice();
  const file = path.join(tempDir(), 'sample-results.xlsx');
  const written = await writeResults(SAMPLE, file);
  names = written.plan.names;
  analysis = written.analysis;
  out = fs.readFileSync(file);
  // The whole output, and each printed results sheet alone (with every other sheet hidden); one soffice at a
  // time (each takes a core, and is given 60 s).
  whole = await print(out);
  for (const name of [...names.ranking, names.summary, names.findings])
    printed.set(name, await print(onlySheet(out, name)));
});

async function print(xlsx: Buffer): Promise<PdfPage[]> {
  return pdfPages(await printPdf(xlsx));
}

test('the whole output prints, on as many pages as the README says', () => {
  expect(whole.length).toBeGreaterThan(0);
  const readme = fs.readFileSync(path.join(ROOT, 'README.md'), 'utf8');
  expect(readme).toContain(`**${whole.length} pages**`);
});

test("each block's ranking prints on one A4 landscape page (its charts on the next): every unit's row whole, header, footer and signatures", async () => {
  expect(names.ranking).toHaveLength(analysis.blocks.length);
  for (const [i, block] of analysis.blocks.entries()) {
    // The table on the first page, its two charts on the second.
    const all = sheetPages(names.ranking[i]);
    expect([names.ranking[i], all.length]).toEqual([names.ranking[i], 2]);
    expect(all[1].text).toContain(`Tỷ lệ % theo thứ hạng – ${block.name}`);
    expect(all[1].text).toContain(`Bình quân theo lĩnh vực (%) – ${block.name}`);
    const pages = [all[0]];
    expect(all.every(isA4Landscape)).toBe(true);
    expect(pages.every(isA4Landscape)).toBe(true);
    const text = pages[0].text;
    expect(text).toContain(`BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH – ${block.name.toUpperCase()}`);
    expect(text).toContain('Hạng');
    for (const u of block.units) {
      // The row from the rank to the last area's percentage on one line of the page: one page wide.
      const line = lineOf(pages, u.unit);
      expect([u.unit, line.trim().split(/\s+/).pop()]).toEqual([u.unit, lastAreaShown(analysis, u)]);
      if (u.rank !== null) expect(line.trim().startsWith(String(u.rank))).toBe(true);
    }
    expect(text).toContain('NGƯỜI LẬP BIỂU');
    expect(text).toContain('TM. HỘI ĐỒNG THẨM ĐỊNH');
    expect(text).toMatch(/\b1 ?\/ ?2\b/);
  }
});

test('Tổng hợp prints one block a page, A4 landscape, title on each page, rows whole', async () => {
  const pages = sheetPages(names.summary);
  expect(pages.every(isA4Landscape)).toBe(true);
  expect(pages).toHaveLength(analysis.blocks.length);
  analysis.blocks.forEach((block, i) => {
    expect(pages[i].text).toContain('TỔNG HỢP CHỈ SỐ CCHC THEO LĨNH VỰC');
    expect(pages[i].text).toContain(block.name);
    for (const u of block.units)
      expect([u.unit, lineOf([pages[i]], u.unit).trim().split(/\s+/).pop()]).toEqual([
        u.unit,
        lastAreaShown(analysis, u),
      ]);
  });
  expect(pages[pages.length - 1].text).toContain('NGƯỜI LẬP BIỂU');
});

test('Kiểm tra prints A4 landscape: the list of findings on its own pages, its header on each, titles before codes', async () => {
  const pages = sheetPages(names.findings);
  expect(pages.every(isA4Landscape)).toBe(true);
  expect(pages.length).toBeGreaterThanOrEqual(2);
  expect(pages[0].text).toContain('KẾT QUẢ KIỂM TRA BẢNG ĐIỂM');
  for (const p of pages.slice(1)) {
    const header = p.text.split('\n').find((l) => l.trim() !== '') ?? '';
    expect(header).toMatch(/Vị trí\s+Vấn đề\s+Mã\s+Mức\s+Đơn vị\s+Trang\s+Nội dung\s+Content/);
  }
  // A finding's line reads its title before its code.
  const text = pages.map((p) => p.text).join('\n');
  const missing = text.split('\n').find((l) => l.includes('EVIDENCE_MISSING') && l.includes('Sở'));
  expect(missing).toMatch(/Thiếu tài liệu kiểm chứng\s+EVIDENCE_MISSING/);
});

test('every sheet the tool wrote is in the printed output', () => {
  const text = whole.map((p) => p.text).join('\n');
  for (const block of analysis.blocks) expect(text).toContain(`BẢNG TÍNH ĐIỂM – ${block.name.toUpperCase()}`);
  expect(text).toContain('CẤU HÌNH CHẤM ĐIỂM CHỈ SỐ CCHC');
  expect(text).toContain('TỔNG HỢP CHỈ SỐ CCHC THEO LĨNH VỰC');
  expect(text).toContain('KẾT QUẢ KIỂM TRA BẢNG ĐIỂM');
  // The printed results sheets are the same pages within the whole.
  const own = [...printed.values()].reduce((n, p) => n + p.length, 0);
  expect(whole.length).toBeGreaterThan(own);
});
