// The direct reader against the ExcelJS path it replaces: for the sample, for workbooks ExcelJS writes with
// every kind of content the engine reads (the same re-saved by LibreOffice: read-equivalence.libreoffice.test.ts),
// and for generated cell contents (fast-check), readXlsxPackage(bytes) deep-equals snapshotFromExcelJS(ExcelJS's
// load of bytes).
// Where the two differ on purpose (ExcelJS misreads the file; read-workbook.ts lists the cases), the test
// says what each gives.
import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import fc from 'fast-check';
import { readXlsxPackage } from '../../src/workbook/xlsx-package/read-workbook';
import type { WorkbookSnapshot } from '../../src/core/types';
import { bytesOf, excelJSSnapshot, featureWorkbook, withInlineStrings } from './read-fixtures';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'sample.xlsx');

async function expectSame(bytes: Buffer): Promise<WorkbookSnapshot> {
  const direct = readXlsxPackage(bytes);
  expect(direct).toEqual(await excelJSSnapshot(bytes));
  return direct;
}

describe('direct reader = ExcelJS path', () => {
  it('on the sample workbook', async () => {
    const snap = await expectSame(fs.readFileSync(SAMPLE));
    expect(snap.sheets).toHaveLength(16);
  });

  it.each([
    ['shared strings, 1900 dates', false, true],
    ['shared strings, 1904 dates', true, true],
    ['inline strings, 1900 dates', false, false],
  ])('on a workbook ExcelJS writes with every kind of content (%s)', async (_label, date1904, sharedStrings) => {
    const written = await bytesOf(await featureWorkbook(date1904, sharedStrings));
    const bytes = sharedStrings ? written : withInlineStrings(written);
    const snap = await expectSame(bytes);
    const s = snap.sheets[0];
    // An empty inline string (<is><t/></is>) holds no text: both readers leave the cell out.
    expect(s.rows[3]).toEqual([1, 0.5, -1.25e-7, true, false, { error: '#N/A' }, ...(sharedStrings ? [''] : [])]);
    expect(s.rows[5]).toEqual(date1904 ? [45306 - 1462, 45306.5 - 1462, 1] : [45306, 45306.5, 1463]);
    expect(s.formulas?.[7]).toEqual(['A4*10+$B$4', 'B4*10+$B$4', 'C4*10+$B$4', 'ROW(A1:A2)']);
    expect(s.formulas?.[8]).toEqual(['A5*10+$B$4', 'B5*10+$B$4', 'C5*10+$B$4']);
    expect([...(s.merges ?? [])].sort()).toEqual(['A1:G1', 'A2:A3', 'B2:C2']);
    expect(snap.sheets.map((x) => [x.name, x.hidden ?? false, x.protected ?? false])).toEqual([
      ['Sở Nội vụ', false, false],
      ['Ẩn', true, false],
      ['Rất ẩn', true, false],
      ['Khóa', false, true],
      ['Trống', false, false],
    ]);
  });

  it('keeps a date-formatted time as stored, where ExcelJS rounds it through a Date (a documented difference)', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = new Date(Date.UTC(2024, 0, 15, 10, 17, 23));
    ws.getCell('B1').value = 1 / 3;
    ws.getCell('B1').numFmt = 'dd/mm/yyyy';
    const bytes = await bytesOf(wb);
    const direct = readXlsxPackage(bytes).sheets[0].rows[0];
    const viaExcelJS = (await excelJSSnapshot(bytes)).sheets[0].rows[0];
    expect(direct).toEqual([45306 + (10 * 3600 + 17 * 60 + 23) / 86400, 1 / 3]);
    expect(viaExcelJS).toEqual([45306.428738426, 0.333333333]);
  });
});

// Generated contents. Text is drawn from what users type (Vietnamese, digits, punctuation, line breaks,
// tabs, emoji) and what trips readers (`&`, `<`, entity-like `&lt;`, escape-like `_x0041_`, spaces at the
// ends); numbers are any finite doubles; dates whole or half days.
const textChar = fc.constantFrom(
  ...'aăâbcdđeêghiklmnoôơpqrstuưvxyAĂÂĐÊÔƠƯ áàảãạếềểễệ0123456789.,;:-/()%"\'!?'.split(''),
  '\n',
  '\t',
  '&',
  '<',
  '>',
  '&lt;',
  '_x0041_',
  '_x000D_',
  '😀',
  '  ',
);
const text = fc.array(textChar, { maxLength: 12 }).map((cs) => cs.join(''));
/**
 * Text of a formula result or an inline string: there ExcelJS decodes entities a second time and `_xHHHH_` not
 * at all (documented differences), so neither is generated.
 */
const plainText = text.filter((t) => !/&[a-z]*;|_x[0-9A-Fa-f]{4}_/.test(t));
const errorValue = fc.constantFrom('#N/A', '#REF!', '#DIV/0!', '#VALUE!', '#NAME?', '#NUM!', '#NULL!');
const day = fc
  .integer({ min: 1, max: 80000 })
  .chain((d) =>
    fc.constantFrom(
      new Date(Date.UTC(1899, 11, 30) + d * 86400000),
      new Date(Date.UTC(1899, 11, 30) + (d + 0.5) * 86400000),
    ),
  );

type Gen = ExcelJS.CellValue;
const cellValue = (inlineSafe: boolean): fc.Arbitrary<Gen> =>
  fc.oneof(
    fc.double({ noNaN: true, noDefaultInfinity: true }).map((n) => (Object.is(n, -0) ? 0 : n)),
    fc.integer({ min: -1000, max: 1000 }),
    inlineSafe ? plainText : text,
    fc.boolean(),
    errorValue.map((error) => ({ error }) as ExcelJS.CellErrorValue),
    day,
    fc
      .array(fc.record({ text: inlineSafe ? plainText : text, bold: fc.boolean() }), { minLength: 1, maxLength: 3 })
      .map((runs) => ({ richText: runs.map((r) => ({ text: r.text, font: r.bold ? { bold: true } : {} })) })),
    fc
      .oneof(
        fc.double({ noNaN: true, noDefaultInfinity: true }),
        plainText,
        fc.boolean(),
        errorValue.map((error) => ({ error })),
        fc.constant(undefined),
      )
      .map((result) => ({ formula: 'A1+1', result }) as ExcelJS.CellFormulaValue),
  );

describe('direct reader = ExcelJS path, on generated cell contents', () => {
  it.each([
    ['with shared strings', true],
    ['with inline strings', false],
  ])('%s', async (_label, sharedStrings) => {
    await fc.assert(
      fc.asyncProperty(
        fc.array(fc.array(fc.option(cellValue(!sharedStrings), { nil: null, freq: 4 }), { maxLength: 8 }), {
          maxLength: 8,
        }),
        fc.array(fc.tuple(fc.nat({ max: 9 }), fc.nat({ max: 9 }), fc.nat({ max: 2 }), fc.nat({ max: 2 })), {
          maxLength: 3,
        }),
        fc.boolean(),
        async (grid, merges, date1904) => {
          const wb = new ExcelJS.Workbook();
          if (date1904) wb.properties.date1904 = true;
          const ws = wb.addWorksheet('Sinh');
          grid.forEach((line, r) =>
            line.forEach((v, c) => {
              if (v !== null) ws.getCell(r + 1, c + 1).value = v;
            }),
          );
          const taken = new Set<string>();
          for (const [r, c, h, w] of merges) {
            const cells: string[] = [];
            for (let i = r; i <= r + h; i++) for (let j = c; j <= c + w; j++) cells.push(`${i},${j}`);
            if ((h === 0 && w === 0) || cells.some((k) => taken.has(k))) continue;
            cells.forEach((k) => taken.add(k));
            ws.mergeCells(r + 1, c + 1, r + 1 + h, c + 1 + w);
          }
          const written = await bytesOf(wb);
          await expectSame(sharedStrings ? written : withInlineStrings(written));
        },
      ),
      { numRuns: 60, seed: 4242 },
    );
  });
});
