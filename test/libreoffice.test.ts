// The LibreOffice helper itself: formulas written by ExcelJS (no cached values, or a wrong cached value) are
// recalculated, cross-sheet references to Vietnamese sheet names resolve, numbers come back at full precision,
// and a sheet renders to a PNG. Without soffice these tests FAIL with the install hint (CI installs it).
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import {
  cellNumber,
  cellText,
  hasLibreOffice,
  parseA1,
  parseCsv,
  recalculate,
  renderSheetPng,
  requireLibreOffice,
  type Grid,
} from './helpers/libreoffice';

const UNIT = 'Sở Tư pháp';
const RANKING = 'Xếp hạng – Khối sở';

let dir: string;
let book: string;

function f(formula: string, result?: number): ExcelJS.CellFormulaValue {
  return result === undefined ? { formula } : { formula, result };
}

async function buildWorkbook(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const unit = wb.addWorksheet(UNIT);
  unit.getCell('A1').value = 1;
  unit.getCell('A2').value = 2;
  unit.getCell('B1').value = f('SUM(A1:A2)'); // no cached value
  unit.getCell('B2').value = f('A1*2', 999); // wrong cached value: must become 2
  unit.getCell('B3').value = 2 / 3;
  unit.getCell('B3').numFmt = '0.00';
  unit.getCell('B4').value = f('B1+B2+1/3'); // 5.3333…, shown as 5.33
  unit.getCell('B4').numFmt = '0.00';
  // scores (C) and weights (D)
  [1.25, 2.5, 3].forEach((v, i) => (unit.getCell(`C${i + 1}`).value = v));
  [2, 4, 1].forEach((v, i) => (unit.getCell(`D${i + 1}`).value = v));
  unit.getCell('E1').value = f('SUMPRODUCT(C1:C3,D1:D3)'); // 2.5 + 10 + 3
  unit.getCell('E2').value = f('ROUNDDOWN(81.3399,2)');
  unit.getCell('E3').value = f('ROUNDDOWN(-2.567,1)');
  unit.getCell('E4').value = f('COUNTIF(C1:C3,">2")');
  unit.getCell('E5').value = f(`'${RANKING}'!A3*2`); // back-reference into the ranking sheet
  unit.getCell('E6').value = f('IF(B1>=3,"Đạt","Không đạt")');
  unit.getCell('E7').value = f('IF(B1>3,"Đạt","Không đạt")');

  const ranking = wb.addWorksheet(RANKING);
  ranking.getCell('A1').value = f(`'${UNIT}'!B1*10`);
  ranking.getCell('A2').value = f(`SUM('${UNIT}'!A1:A2)+'${UNIT}'!B2`); // uses the recalculated B2
  ranking.getCell('A3').value = f('_xlfn.NUMBERVALUE("1,5",",")');
  ranking.getCell('A4').value = f(`HYPERLINK("#'${UNIT}'!B2","x")`);
  ranking.getCell('A5').value = f(`IF('${UNIT}'!E1>15,"Xuất sắc – hạng nhất","Tốt")`);
  ranking.getCell('A6').value = f(`_xlfn.RANK.EQ('${UNIT}'!C2,'${UNIT}'!C1:C3)`);
  ranking.getCell('A7').value = f(`RANK('${UNIT}'!C2,'${UNIT}'!C1:C3,1)`);
  ranking.getCell('A8').value = f(`ROUND(SUMPRODUCT('${UNIT}'!C1:C3,'${UNIT}'!D1:D3)/3,4)`);
  // Quirk documented below: without the _xlfn. prefix LibreOffice does not know NUMBERVALUE.
  ranking.getCell('B1').value = f('NUMBERVALUE("1,5",",")');
  ranking.getCell('B2').value = 'a, "quoted"\nline';

  const hidden = wb.addWorksheet('Ẩn');
  hidden.state = 'hidden';
  hidden.getCell('B2').value = f(`'${UNIT}'!E1+0.5`);
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-lo-'));
  book = path.join(dir, 'Bảng điểm – thử.xlsx');
  await buildWorkbook(book);
});

afterAll(() => {
  if (dir !== undefined) fs.rmSync(dir, { recursive: true, force: true });
});

describe('recalculate', () => {
  let sheets: Map<string, Grid>;

  beforeAll(async () => {
    requireLibreOffice(); // without soffice every test here FAILS with the install hint (CI installs it)
    sheets = await recalculate(book);
  });

  function sheet(name: string): Grid {
    const grid = sheets.get(name);
    if (grid === undefined) throw new Error(`no sheet "${name}" in ${JSON.stringify([...sheets.keys()])}`);
    return grid;
  }

  it('returns every sheet by name, in workbook order, hidden ones included', () => {
    expect([...sheets.keys()]).toEqual([UNIT, RANKING, 'Ẩn']);
  });

  it('computes formulas without cached values and recomputes a wrong cached value', () => {
    const unit = sheet(UNIT);
    expect(cellNumber(unit, 'B1')).toBe(3);
    expect(cellNumber(unit, 'B2')).toBe(2);
    expect(cellNumber(sheet(RANKING), 'A2')).toBe(5);
  });

  it('gives numbers unformatted, at full precision, with a "." decimal separator', () => {
    const unit = sheet(UNIT);
    expect(cellText(unit, 'B3')).toBe('0.666666666666667');
    expect(cellNumber(unit, 'B3')).toBeCloseTo(2 / 3, 12);
    expect(cellNumber(unit, 'B4')).toBeCloseTo(5 + 1 / 3, 12);
    expect(Math.abs(cellNumber(unit, 'B4') - 16 / 3)).toBeLessThan(1e-6);
  });

  it('evaluates SUMPRODUCT, ROUNDDOWN, COUNTIF, RANK and IF with Vietnamese text', () => {
    const unit = sheet(UNIT);
    expect(cellNumber(unit, 'E1')).toBe(15.5);
    expect(cellNumber(unit, 'E2')).toBe(81.33);
    expect(cellNumber(unit, 'E3')).toBe(-2.5);
    expect(cellNumber(unit, 'E4')).toBe(2);
    expect(cellText(unit, 'E6')).toBe('Đạt');
    expect(cellText(unit, 'E7')).toBe('Không đạt');
    const ranking = sheet(RANKING);
    expect(cellText(ranking, 'A5')).toBe('Xuất sắc – hạng nhất');
    expect(cellNumber(ranking, 'A6')).toBe(2);
    expect(cellNumber(ranking, 'A7')).toBe(2);
    expect(cellNumber(ranking, 'A8')).toBe(5.1667);
  });

  it('resolves cross-sheet references to names with diacritics, spaces and an en dash', () => {
    expect(cellNumber(sheet(RANKING), 'A1')).toBe(30);
    expect(cellNumber(sheet(UNIT), 'E5')).toBe(3); // 'Xếp hạng – Khối sở'!A3 * 2
    expect(cellNumber(sheet('Ẩn'), 'B2')).toBe(16);
  });

  it('evaluates _xlfn.NUMBERVALUE to 1.5 (unprefixed NUMBERVALUE is #NAME? in LibreOffice)', () => {
    const ranking = sheet(RANKING);
    expect(cellNumber(ranking, 'A3')).toBe(1.5);
    expect(cellText(ranking, 'B1')).toBe('#NAME?');
  });

  it('shows the HYPERLINK friendly name', () => {
    expect(cellText(sheet(RANKING), 'A4')).toBe('x');
  });

  it('keeps text with commas, quotes and newlines intact', () => {
    expect(cellText(sheet(RANKING), 'B2')).toBe('a, "quoted"\nline');
  });

  it('gives each call its own profile: parallel conversions do not interfere', async () => {
    const [a, b] = await Promise.all([recalculate(book), recalculate(book)]);
    expect(a).toEqual(sheets);
    expect(b).toEqual(sheets);
  });
});

describe('renderSheetPng', () => {
  beforeAll(() => requireLibreOffice());

  it('renders one recalculated sheet to a landscape PNG', async () => {
    const out = path.join(dir, 'png', 'ranking.png');
    await renderSheetPng(book, RANKING, out);
    const png = fs.readFileSync(out);
    expect(png.subarray(0, 8)).toEqual(Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]));
    const width = png.readUInt32BE(16);
    const height = png.readUInt32BE(20);
    expect(width).toBeGreaterThan(height); // A4 landscape at 110 dpi: 1286 × 909
    expect(width).toBeGreaterThan(1000);
  });

  it('names the sheets when the requested one does not exist', async () => {
    await expect(renderSheetPng(book, 'Không có', path.join(dir, 'x.png'))).rejects.toThrow(
      /no sheet "Không có".*"Sở Tư pháp"/,
    );
  });
});

describe('text helpers (no LibreOffice needed)', () => {
  it('parses the CSV LibreOffice writes', () => {
    expect(parseCsv('1,"a,b"\n"x ""y""\nz",\n')).toEqual([
      ['1', 'a,b'],
      ['x "y"\nz', ''],
    ]);
    expect(parseCsv('\n')).toEqual([]);
  });

  it('reads A1 references and numbers as exported', () => {
    expect(parseA1('A1')).toEqual([0, 0]);
    expect(parseA1('$AB$12')).toEqual([11, 27]);
    const grid = [['-1234.5', '1E+020', '25.6789123%', '#NAME?', '']];
    expect(cellNumber(grid, 'A1')).toBe(-1234.5);
    expect(cellNumber(grid, 'B1')).toBe(1e20);
    expect(cellNumber(grid, 'C1')).toBeCloseTo(0.256789123, 12);
    expect(() => cellNumber(grid, 'D1')).toThrow('D1 is "#NAME?", not a number');
    expect(() => cellNumber(grid, 'E1')).toThrow('E1 is empty, not a number');
    expect(() => cellNumber(grid, 'Z9')).toThrow('Z9 is empty, not a number');
  });

  it('fails with the install hint when soffice is not on PATH', async () => {
    const saved = process.env.PATH;
    process.env.PATH = path.join(os.tmpdir(), 'no-such-dir');
    try {
      expect(hasLibreOffice()).toBe(false);
      expect(() => requireLibreOffice()).toThrow(/libreoffice-calc-nogui/);
      await expect(recalculate(book)).rejects.toThrow(/libreoffice-calc-nogui/);
    } finally {
      process.env.PATH = saved;
    }
  });
});
