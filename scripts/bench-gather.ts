// `npm run bench` (after scripts/bench.ts): gathering N unit files (default 60, 150 criteria each, written by
// ExcelJS as units' Excel would: shared strings, fonts, borders, number formats, merges, widths) into a master
// holding the template, with `par-index gather`, against copying the same sheets with ExcelJS (load the master
// and each file, copy every cell's value and style, merges, widths and heights, write the master): the way a
// script would do it without the package writer. Both in this process, medians of --runs (default 3).
// Options: --units 60  --criteria 150  --runs 3.
import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import { collectFiles } from '../src/cli/gather';
import { readXlsxFile } from '../src/workbook/xlsx-file';
import { writeXlsxBytes } from '../src/workbook/xlsx-write';
import { gatherIntoMaster } from '../src/workbook/xlsx-package/gather';
import { analyzeWorkbook } from '../src/core/analyze';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { benchWorkbook } from './bench-workbook';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const UNITS = Number(arg('units', '60'));
const CRITERIA = Number(arg('criteria', '150'));
const RUNS = Number(arg('runs', '3'));
const OUT_DIR = path.resolve(__dirname, '..', 'bench-out', `gather-${UNITS}x${CRITERIA}`);
const UNITS_DIR = path.join(OUT_DIR, 'units');
const MASTER = path.join(OUT_DIR, 'master.xlsx');

const THIN: Partial<ExcelJS.Borders> = {
  top: { style: 'thin' },
  left: { style: 'thin' },
  bottom: { style: 'thin' },
  right: { style: 'thin' },
};

/** A workbook of the bench's package-built one, restyled and rewritten by ExcelJS (shared strings, styles). */
async function styled(bytes: Buffer, keep: (name: string) => boolean, rename?: string): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  for (const ws of [...wb.worksheets]) {
    if (!keep(ws.name)) {
      wb.removeWorksheet(ws.id);
      continue;
    }
    ws.columns = [
      { width: 8 },
      { width: 60 },
      { width: 12 },
      { width: 14 },
      { width: 14 },
      { width: 40 },
      { width: 30 },
    ];
    ws.eachRow((row, r) => {
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        cell.font = { name: 'Times New Roman', size: 12, bold: r <= 3 };
        cell.border = THIN;
        cell.alignment = { vertical: 'middle', wrapText: c === 2 || c === 6 };
        if (c >= 3 && c <= 5) cell.numFmt = '0.00';
      });
    });
    ws.mergeCells('A1:G1');
    if (rename) ws.name = rename;
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function prepare(): Promise<void> {
  if (fs.existsSync(path.join(UNITS_DIR, `don-vi-${UNITS}.xlsx`)) && fs.existsSync(MASTER)) return;
  fs.mkdirSync(UNITS_DIR, { recursive: true });
  const t0 = Date.now();
  const all = benchWorkbook(UNITS, CRITERIA);
  fs.writeFileSync(MASTER, await styled(all, (n) => n === 'Bộ tiêu chí'));
  for (let u = 1; u <= UNITS; u++) {
    const file = path.join(UNITS_DIR, `don-vi-${u}.xlsx`);
    fs.writeFileSync(file, await styled(all, (n) => n === `Đơn vị ${u}`, 'Sheet1'));
  }
  console.log(`built ${UNITS} unit files and the master in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
}

const phases: { read: number; copy: number; check: number }[] = [];

/** What `par-index gather` does (src/cli/gather.ts runGather), its phases kept. */
async function gatherWithPackage(out: string): Promise<void> {
  const master = await readXlsxFile(MASTER);
  const files = await collectFiles([UNITS_DIR], [MASTER, out]);
  const result = gatherIntoMaster({ bytes: master.bytes, snapshot: master.snapshot }, files);
  if (result.output === null) throw new Error('gather changed nothing');
  await writeXlsxBytes(result.output, out);
  phases.push(result.phases);
}

/** The same sheets copied with ExcelJS, cell by cell (it has no sheet copy across workbooks). */
async function gatherWithExcelJS(out: string): Promise<void> {
  const master = new ExcelJS.Workbook();
  await master.xlsx.readFile(MASTER);
  for (const name of fs.readdirSync(UNITS_DIR).sort()) {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(path.join(UNITS_DIR, name));
    const src = wb.worksheets[0];
    const unit = String(src.getCell('A2').value ?? name).replace(/^Đơn vị:\s*/, '');
    const dst = master.addWorksheet(unit.slice(0, 31));
    src.columns.forEach((col, i) => (dst.getColumn(i + 1).width = col.width));
    src.eachRow({ includeEmpty: true }, (row, r) => {
      const to = dst.getRow(r);
      if (row.height) to.height = row.height;
      row.eachCell({ includeEmpty: true }, (cell, c) => {
        const t = to.getCell(c);
        t.value = cell.value;
        t.style = cell.style;
      });
    });
    for (const range of src.model.merges) dst.mergeCells(range);
  }
  await master.xlsx.writeFile(out);
}

async function time(fn: () => Promise<void>): Promise<number> {
  const t0 = process.hrtime.bigint();
  await fn();
  return Number(process.hrtime.bigint() - t0) / 1e6;
}

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

async function main(): Promise<void> {
  await prepare();
  const ours: number[] = [];
  const theirs: number[] = [];
  const outOurs = path.join(OUT_DIR, 'gathered.xlsx');
  const outTheirs = path.join(OUT_DIR, 'gathered-exceljs.xlsx');
  for (let i = 0; i < RUNS; i++) {
    fs.rmSync(outOurs, { force: true });
    ours.push(await time(() => gatherWithPackage(outOurs)));
    theirs.push(await time(() => gatherWithExcelJS(outTheirs)));
  }
  // Both results checked: every unit ranked from each.
  const ranked = (file: string) =>
    analyzeWorkbook(readXlsxPackage(fs.readFileSync(file))).blocks.reduce((s, b) => s + b.units.length, 0);
  const a = median(ours);
  const b = median(theirs);
  console.log(`\ngather ${UNITS} unit files × ${CRITERIA} criteria (medians of ${RUNS}):`);
  console.log(`  par-index gather       ${(a / 1000).toFixed(2)} s  (${ranked(outOurs)} units ranked from it)`);
  console.log(`  ExcelJS cell-by-cell   ${(b / 1000).toFixed(2)} s  (${ranked(outTheirs)} units ranked from it)`);
  const p = (k: 'read' | 'copy' | 'check') => `${(median(phases.map((x) => x[k])) / 1000).toFixed(2)} s`;
  console.log(`    of which: read and recognise ${p('read')}, copy ${p('copy')}, check and list ${p('check')}`);
  console.log(`  gather ÷ ExcelJS: ${(a / b).toFixed(2)}`);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
