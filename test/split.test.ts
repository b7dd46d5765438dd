// `par-index split`: one file per unit with its sheet (the council's scores in it) and the template, named
// `<unit>.xlsx`, holding nothing of the other units; gathering the split files back gives the master's units,
// cell by cell.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import type { SheetSnapshot, WorkbookSnapshot } from '../src/core/types';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { unitFileStem } from '../src/workbook/xlsx-package/gather-split';
import { buildMinistries2023Workbook, ministries2023, MINISTRIES_TEMPLATE_SHEET } from './fixtures/published-workbook';
import { packageProblems, partsOf } from './xlsx-package/package-check';
import { cli, hashes, templateOnlyMaster, write } from './gather-helpers';

let dir: string;
let master: string;
let folder: string;
let masterSnapshot: WorkbookSnapshot;
let split: { code: number; out: string };

/** Unit name → its sheet, as the engine reads the workbook. */
function unitSheetsOf(snapshot: WorkbookSnapshot): Map<string, SheetSnapshot> {
  const out = new Map<string, SheetSnapshot>();
  for (const r of analyzeWorkbook(snapshot).sheets) {
    if (r.role === 'unit' && r.unit)
      out.set(
        r.unit,
        snapshot.sheets.find((s) => s.name === r.sheet)!,
      );
  }
  return out;
}

const cells = (s: SheetSnapshot) => ({ rows: s.rows, formulas: s.formulas ?? [], merges: s.merges ?? [] });

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-split-'));
  const wb = buildMinistries2023Workbook();
  // The council's word in the master: an appraised score lowered on one unit.
  wb.getWorksheet('Bộ Y tế')!.getCell('E4').value = 50.25;
  master = path.join(dir, 'tong-hop.xlsx');
  await wb.xlsx.writeFile(master);
  masterSnapshot = readXlsxPackage(fs.readFileSync(master));
  folder = path.join(dir, 'gui-don-vi');
  split = await cli(['split', master, '--out', folder]);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('split', () => {
  it('writes one <unit>.xlsx per unit with its sheet and the template', () => {
    expect(split.code).toBe(0);
    const files = fs.readdirSync(folder).sort();
    expect(files).toEqual(ministries2023.rows.map(([, unit]) => `${unit}.xlsx`).sort());
    for (const f of files) {
      const bytes = fs.readFileSync(path.join(folder, f));
      expect({ f, problems: packageProblems(bytes) }).toEqual({ f, problems: [] });
      const names = readXlsxPackage(bytes).sheets.map((s) => s.name);
      expect(names).toHaveLength(2);
      expect(names[1]).toBe(MINISTRIES_TEMPLATE_SHEET);
    }
  });

  it('gives each unit its own sheet as in the master, the council’s scores included, and nothing of the others', () => {
    const inMaster = unitSheetsOf(masterSnapshot);
    for (const [, unit] of ministries2023.rows) {
      const bytes = fs.readFileSync(path.join(folder, `${unit}.xlsx`));
      const mine = unitSheetsOf(readXlsxPackage(bytes));
      expect([...mine.keys()]).toEqual([unit]);
      expect(cells(mine.get(unit)!)).toEqual(cells(inMaster.get(unit)!));
      const text = [...partsOf(bytes).bytes.values()].map((b) => b.toString('utf8')).join('\n');
      for (const [, other] of ministries2023.rows) {
        if (other !== unit && !unit.includes(other))
          expect({ unit, other, found: text.includes(`Đơn vị: ${other}`) }).toEqual({ unit, other, found: false });
      }
    }
    const yte = unitSheetsOf(readXlsxPackage(fs.readFileSync(path.join(folder, 'Bộ Y tế.xlsx')))).get('Bộ Y tế')!;
    expect(yte.rows[3][4]).toBe(50.25);
  });

  it('gathered back, gives the master’s units cell by cell, and leaves the split files as they were', async () => {
    const before = hashes(folder);
    const empty = write(path.join(dir, 'mau.xlsx'), await templateOnlyMaster());
    const back = path.join(dir, 'thu-lai.xlsx');
    const r = await cli(['gather', empty, folder, '--out', back]);
    expect(r.code).toBe(0);
    const gathered = unitSheetsOf(readXlsxPackage(fs.readFileSync(back)));
    const original = unitSheetsOf(masterSnapshot);
    expect([...gathered.keys()].sort()).toEqual([...original.keys()].sort());
    for (const [unit, sheet] of original) {
      expect({ unit, ...cells(gathered.get(unit)!) }).toEqual({ unit, ...cells(sheet) });
    }
    expect(hashes(folder)).toEqual(before);
  });

  it('names files Windows accepts', () => {
    expect(unitFileStem('Sở Tài chính / Kho bạc: "A"?')).toBe('Sở Tài chính - Kho bạc- -A--');
    expect(unitFileStem('CON')).toBe('_CON');
    expect(unitFileStem('Ủy ban. ')).toBe('Ủy ban');
  });
});
