// WritePlan → ExcelJS: every operation on small in-memory workbooks, round-tripped through .xlsx bytes where
// the file is what matters (formulas without cached results, `_xlfn.` prefixes, conditional formats,
// the ownership record), and the all-or-nothing rule.
import { mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'fs';
import { tmpdir } from 'os';
import { join } from 'path';
import { inflateRawSync } from 'zlib';
import ExcelJS from 'exceljs';
import { applyPlan } from '../src/workbook/exceljs-apply';
import { fromFileFormula, shiftFormulaRows, toFileFormula, XLFN_FUNCTIONS } from '../src/workbook/file-formula';
import { checkPlan } from '../src/workbook/plan-check';
import { PlanApplyError, type PlanProblem } from '../src/workbook/plan-errors';
import { workbookToBuffer, writeXlsxFile, WorkbookWriteError } from '../src/workbook/xlsx-write';
import { loadXlsxBuffer } from '../src/workbook/xlsx-file';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import {
  OWNERSHIP_CELL_MAX,
  OWNERSHIP_CHUNK_PREFIX,
  OWNERSHIP_NOTE,
  chunkText,
  ownershipCells,
  parseOwnership,
} from '../src/core/ownership';
import { OWNERSHIP_SHEET, type OwnershipRecord, type WriteOp, type WritePlan } from '../src/core/plan-types';
import type { WorkbookSnapshot } from '../src/core/types';

// ---------------------------------------------------------------------------------------------------------
// helpers

const plan = (...ops: WriteOp[]): WritePlan => ({ ops, summary: [], findings: [] });

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  return loadXlsxBuffer(await workbookToBuffer(wb), 'round-trip.xlsx');
}

/** The entries of a zip (an .xlsx), by name. */
function unzip(buf: Buffer): Map<string, string> {
  const out = new Map<string, string>();
  let end = buf.length - 22;
  while (end >= 0 && buf.readUInt32LE(end) !== 0x06054b50) end--;
  if (end < 0) throw new Error('not a zip');
  const count = buf.readUInt16LE(end + 10);
  let at = buf.readUInt32LE(end + 16);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(at + 10);
    const size = buf.readUInt32LE(at + 20);
    const nameLength = buf.readUInt16LE(at + 28);
    const extraLength = buf.readUInt16LE(at + 30);
    const commentLength = buf.readUInt16LE(at + 32);
    const local = buf.readUInt32LE(at + 42);
    const name = buf.toString('utf8', at + 46, at + 46 + nameLength);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const data = buf.subarray(dataStart, dataStart + size);
    out.set(name, (method === 8 ? inflateRawSync(data) : data).toString('utf8'));
    at += 46 + nameLength + extraLength + commentLength;
  }
  return out;
}

async function fileParts(wb: ExcelJS.Workbook): Promise<Map<string, string>> {
  return unzip(await workbookToBuffer(wb));
}

/** Everything ExcelJS knows of a workbook, as text: equal dumps = nothing changed. */
function dump(wb: ExcelJS.Workbook): string {
  return JSON.stringify({
    sheets: wb.worksheets.map((ws) => ({
      name: ws.name,
      state: ws.state,
      model: ws.model,
      cf: (ws as unknown as { conditionalFormattings: unknown }).conditionalFormattings,
    })),
    calc: wb.calcProperties,
    views: wb.views,
  });
}

function catchPlanError(fn: () => void): PlanApplyError {
  try {
    fn();
  } catch (err) {
    if (err instanceof PlanApplyError) return err;
    throw err;
  }
  throw new Error('expected a PlanApplyError');
}

function cfOf(ws: ExcelJS.Worksheet): ExcelJS.ConditionalFormattingOptions[] {
  return (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings;
}

function sheetOf(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}`);
  return ws;
}

function newBook(...names: string[]): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  for (const n of names) wb.addWorksheet(n);
  return wb;
}

const record = (over: Partial<OwnershipRecord> = {}): OwnershipRecord => ({
  version: 1,
  sheets: ['Kết quả', 'Phát hiện'],
  conditionalFormats: [
    {
      sheet: 'Đơn vị A',
      range: 'D5:D40',
      rule: { type: 'expression', formula: 'D5>C5', fill: 'FFC7CE', fontColor: '9C0006' },
    },
  ],
  fingerprints: { 'Cài đặt': '0a1b2c3d' },
  ...over,
});

// ---------------------------------------------------------------------------------------------------------

describe('toFileFormula', () => {
  it.each([
    ['RANK.EQ(D2,$D$2:$D$9)', '_xlfn.RANK.EQ(D2,$D$2:$D$9)'],
    ['rank.eq(D2,D:D)+ifna(1,0)', '_xlfn.RANK.EQ(D2,D:D)+_xlfn.IFNA(1,0)'],
    ['ROUND(NUMBERVALUE(A1,",","."),2)', 'ROUND(_xlfn.NUMBERVALUE(A1,",","."),2)'],
    ['IFNA(XLOOKUP(A1,B:B,C:C),"")', '_xlfn.IFNA(_xlfn.XLOOKUP(A1,B:B,C:C),"")'],
    ['STDEV.S(A1:A9)/STDEV.P(A1:A9)', '_xlfn.STDEV.S(A1:A9)/_xlfn.STDEV.P(A1:A9)'],
    ['_xlfn.RANK.EQ(A1,A:A)', '_xlfn.RANK.EQ(A1,A:A)'],
    ['_XLFN.ifna(A1,0)', '_XLFN.ifna(A1,0)'],
    ['"RANK.EQ(" & IFS(A1>0,"IFS(x)")', '"RANK.EQ(" & _xlfn.IFS(A1>0,"IFS(x)")'],
    ['"say ""IFNA("" here"&IFNA(1,2)', '"say ""IFNA("" here"&_xlfn.IFNA(1,2)'],
    ["'IFNA(x) sheet'!A1+'it''s IFS('!B2", "'IFNA(x) sheet'!A1+'it''s IFS('!B2"],
    [
      'COUNTIFS(A:A,1)+SUMIFS(B:B,A:A,1)+RANK(A1,A:A)+IFERROR(1,0)',
      'COUNTIFS(A:A,1)+SUMIFS(B:B,A:A,1)+RANK(A1,A:A)+IFERROR(1,0)',
    ],
    ['MYIFS(1)+IFS2(1)+X.IFNA(1)', 'MYIFS(1)+IFS2(1)+X.IFNA(1)'],
    ['IFNA', 'IFNA'],
    ['Table1[IFNA(col)]+SWITCH(1,1,2)', 'Table1[IFNA(col)]+_xlfn.SWITCH(1,1,2)'],
    ['ĐIFNA(1)', 'ĐIFNA(1)'],
    ['1E+5+CONCAT("a","b")', '1E+5+_xlfn.CONCAT("a","b")'],
    [
      'TEXTJOIN(",",TRUE,MAXIFS(A:A,B:B,1),MINIFS(A:A,B:B,1),PERCENTILE.INC(A:A,0.5),AGGREGATE(14,6,A:A,1))',
      '_xlfn.TEXTJOIN(",",TRUE,_xlfn.MAXIFS(A:A,B:B,1),_xlfn.MINIFS(A:A,B:B,1),_xlfn.PERCENTILE.INC(A:A,0.5),_xlfn.AGGREGATE(14,6,A:A,1))',
    ],
  ])('%s', (input, expected) => {
    expect(toFileFormula(input)).toBe(expected);
    // never twice
    expect(toFileFormula(toFileFormula(input))).toBe(expected);
  });

  it('knows at least the functions the engine may write', () => {
    for (const name of [
      'NUMBERVALUE',
      'RANK.EQ',
      'RANK.AVG',
      'IFNA',
      'CONCAT',
      'TEXTJOIN',
      'IFS',
      'MAXIFS',
      'MINIFS',
      'SWITCH',
      'XLOOKUP',
      'STDEV.S',
      'STDEV.P',
      'PERCENTILE.INC',
      'AGGREGATE',
      'DAYS',
      'ISFORMULA',
      'FORMULATEXT',
    ]) {
      expect(XLFN_FUNCTIONS.has(name)).toBe(true);
    }
    for (const name of ['RANK', 'COUNTIFS', 'SUMPRODUCT', 'ROUND', 'IFERROR'])
      expect(XLFN_FUNCTIONS.has(name)).toBe(false);
  });

  it('fromFileFormula takes the prefixes off again', () => {
    expect(fromFileFormula('_xlfn.RANK.EQ(A1,"_xlfn.IFNA(")+_xlfn._xlws.SORT(A:A)')).toBe(
      'RANK.EQ(A1,"_xlfn.IFNA(")+SORT(A:A)',
    );
    const f = 'IFNA(RANK.EQ(D2,D:D),"")&" "&TEXTJOIN(",",TRUE,A1:A3)';
    expect(fromFileFormula(toFileFormula(f))).toBe(f);
  });
});

describe('shiftFormulaRows', () => {
  test.each([
    [
      'AND(ISNUMBER(F7),ISNUMBER($H7),F7>$H7+1E-9,ISTEXT("par-index"))',
      3,
      'AND(ISNUMBER(F10),ISNUMBER($H10),F10>$H10+1E-9,ISTEXT("par-index"))',
    ],
    // absolute rows, strings, quoted sheet names' text and function names that look like references stay
    [
      'LOG10(A1)+$B$2+C$3+\'S 1\'!D4+"E5"+Sheet1!F6+SUM(A1:B2)',
      2,
      'LOG10(A3)+$B$2+C$3+\'S 1\'!D6+"E5"+Sheet1!F8+SUM(A3:B4)',
    ],
    [
      'OR(LEN(TRIM($F9))=0,ISNUMBER(FIND(";"&LOWER(TRIM($F9))&";",";x;a1;")))',
      -2,
      'OR(LEN(TRIM($F7))=0,ISNUMBER(FIND(";"&LOWER(TRIM($F7))&";",";x;a1;")))',
    ],
    ['XFD1+XFE1+_xlfn.NUMBERVALUE(A1)', 1, 'XFD2+XFE1+_xlfn.NUMBERVALUE(A2)'],
  ])('%s moved %i rows', (formula, rows, expected) => {
    expect(shiftFormulaRows(formula, rows)).toBe(expected);
  });
  test('a reference moved off the sheet throws', () => {
    expect(() => shiftFormulaRows('A1', -1)).toThrow(/off the sheet/);
  });
});

describe('addSheet / deleteSheet', () => {
  it('adds sheets at the end with tab colour and hidden state, and they survive a round trip', async () => {
    const wb = newBook('Một', 'Hai');
    applyPlan(
      wb,
      plan(
        { kind: 'addSheet', sheet: 'Kết quả', tabColor: '1f4e79' },
        { kind: 'addSheet', sheet: 'Ẩn', hidden: 'hidden' },
        { kind: 'addSheet', sheet: 'Rất ẩn', hidden: 'veryHidden' },
      ),
    );
    const back = await roundTrip(wb);
    expect(back.worksheets.map((ws) => [ws.name, ws.state])).toEqual([
      ['Một', 'visible'],
      ['Hai', 'visible'],
      ['Kết quả', 'visible'],
      ['Ẩn', 'hidden'],
      ['Rất ẩn', 'veryHidden'],
    ]);
    expect(sheetOf(back, 'Kết quả').properties.tabColor).toEqual({ argb: 'FF1F4E79' });
  });

  it('deletes a sheet, and an op may target a sheet added earlier in the plan', async () => {
    const wb = newBook('Một', 'Kết quả');
    applyPlan(
      wb,
      plan(
        { kind: 'deleteSheet', sheet: 'Kết quả' },
        { kind: 'addSheet', sheet: 'Kết quả' },
        { kind: 'setCells', sheet: 'Kết quả', address: 'A1', cells: [['mới']] },
      ),
    );
    const back = await roundTrip(wb);
    expect(back.worksheets.map((ws) => ws.name)).toEqual(['Một', 'Kết quả']);
    expect(sheetOf(back, 'Kết quả').getCell('A1').value).toBe('mới');
  });

  it('refuses an existing name (in any case), a bad name, and a sheet deleted earlier in the plan', () => {
    const wb = newBook('Kết Quả');
    const before = dump(wb);
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'addSheet', sheet: 'kết quả' },
          { kind: 'addSheet', sheet: 'Tên trang tính dài hơn ba mươi mốt ký tự' },
          { kind: 'addSheet', sheet: 'a/b' },
          { kind: 'deleteSheet', sheet: 'Kết Quả' },
          { kind: 'setCells', sheet: 'Kết Quả', address: 'A1', cells: [[1]] },
        ),
      ),
    );
    expect(err.kind).toBe('invalid-plan');
    expect(err.problems.map((p) => [p.opIndex, p.code])).toEqual([
      [0, 'PLAN_SHEET_EXISTS'],
      [1, 'PLAN_SHEET_NAME_INVALID'],
      [2, 'PLAN_SHEET_NAME_INVALID'],
      [4, 'PLAN_SHEET_MISSING'],
      // deleting the only visible sheet
      [null, 'PLAN_NO_VISIBLE_SHEET'],
    ]);
    expect(dump(wb)).toBe(before);
  });

  it('moves the active tab off a deleted sheet', async () => {
    const wb = newBook('Một', 'Hai', 'Ba');
    wb.views = [{ x: 0, y: 0, width: 10000, height: 20000, firstSheet: 0, activeTab: 2, visibility: 'visible' }];
    applyPlan(wb, plan({ kind: 'deleteSheet', sheet: 'Ba' }));
    expect(wb.views[0].activeTab).toBe(0);
  });
});

describe('setCells', () => {
  it('writes values, clears with null, writes error values', async () => {
    const wb = newBook('S');
    const ws = sheetOf(wb, 'S');
    ws.getCell('B2').value = 'cũ';
    applyPlan(
      wb,
      plan({
        kind: 'setCells',
        sheet: 'S',
        address: 'A1',
        cells: [
          [1.5, 'Sở Nội vụ', true],
          [false, null, { error: '#N/A' }],
        ],
      }),
    );
    const back = sheetOf(await roundTrip(wb), 'S');
    expect(back.getCell('A1').value).toBe(1.5);
    expect(back.getCell('B1').value).toBe('Sở Nội vụ');
    expect(back.getCell('C1').value).toBe(true);
    expect(back.getCell('A2').value).toBe(false);
    expect(back.getCell('B2').value).toBeNull();
    expect(back.getCell('C2').value).toEqual({ error: '#N/A' });
    expect(wb.calcProperties.fullCalcOnLoad).toBeUndefined();
  });

  it('writes formulas without cached results, with _xlfn. prefixes, and asks for a full recalculation', async () => {
    const wb = newBook('S');
    applyPlan(
      wb,
      plan({
        kind: 'setCells',
        sheet: 'S',
        address: 'B2',
        cells: [
          [10, { formula: 'RANK.EQ(B2,$B$2:$B$3)', expected: 1 }],
          [5, { formula: 'IFNA(NUMBERVALUE("1,5",",","."),0)' }],
        ],
      }),
    );
    expect(wb.calcProperties.fullCalcOnLoad).toBe(true);
    const parts = await fileParts(wb);
    const sheetXml = parts.get('xl/worksheets/sheet1.xml') ?? '';
    expect(sheetXml).toContain('<c r="C2"><f>_xlfn.RANK.EQ(B2,$B$2:$B$3)</f></c>');
    expect(sheetXml).toContain(
      '<c r="C3"><f>_xlfn.IFNA(_xlfn.NUMBERVALUE(&quot;1,5&quot;,&quot;,&quot;,&quot;.&quot;),0)</f></c>',
    );
    expect(parts.get('xl/workbook.xml')).toContain('fullCalcOnLoad="1"');

    const back = sheetOf(await roundTrip(wb), 'S');
    expect(back.getCell('C2').value).toEqual({ formula: '_xlfn.RANK.EQ(B2,$B$2:$B$3)' });
    expect(back.getCell('C2').type).toBe(ExcelJS.ValueType.Formula);
    expect(back.getCell('C3').formula).toBe('_xlfn.IFNA(_xlfn.NUMBERVALUE("1,5",",","."),0)');
  });

  it('refuses bad values and addresses before writing anything', () => {
    const wb = newBook('S');
    const before = dump(wb);
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'setCells', sheet: 'S', address: 'A1', cells: [[1, Number.NaN]] },
          { kind: 'setCells', sheet: 'S', address: 'A1', cells: [[{ formula: '=SUM(A2:A3)' }]] },
          { kind: 'setCells', sheet: 'S', address: 'A1', cells: [[{ error: '#OOPS' }]] },
          { kind: 'setCells', sheet: 'S', address: 'ZZZ1', cells: [[1]] },
          { kind: 'setCells', sheet: 'S', address: 'A1:B2:C3', cells: [[1]] },
          { kind: 'setCells', sheet: 'S', address: 'A1', cells: [['x'.repeat(32768)]] },
          { kind: 'setCells', sheet: 'S', address: 'A1048576', cells: [[1], [2]] },
        ),
      ),
    );
    expect(err.problems.map((p) => [p.opIndex, p.code, p.cell])).toEqual([
      [0, 'PLAN_VALUE_INVALID', 'B1'],
      [1, 'PLAN_FORMULA_INVALID', 'A1'],
      [2, 'PLAN_VALUE_INVALID', 'A1'],
      [3, 'PLAN_ADDRESS_INVALID', null],
      [4, 'PLAN_ADDRESS_INVALID', null],
      [5, 'PLAN_VALUE_INVALID', 'A1'],
      [6, 'PLAN_ADDRESS_INVALID', null],
    ]);
    expect(dump(wb)).toBe(before);
  });

  it('overwriting the master of a shared formula keeps the file writable and the other formulas intact', async () => {
    const src = newBook('S');
    const ws = sheetOf(src, 'S');
    [1, 2, 3].forEach((v, i) => {
      ws.getCell(i + 1, 2).value = v;
    });
    ws.fillFormula('A1:A3', 'B1*2', [2, 4, 6]);
    const wb = await roundTrip(src); // now A1 is a shared-formula master, A2:A3 its clones
    expect(sheetOf(wb, 'S').getCell('A2').value).toMatchObject({ sharedFormula: 'A1' });
    applyPlan(wb, plan({ kind: 'setCells', sheet: 'S', address: 'A1', cells: [[99]] }));
    const back = sheetOf(await roundTrip(wb), 'S');
    expect(back.getCell('A1').value).toBe(99);
    expect(back.getCell('A2').formula).toBe('B2*2');
    expect(back.getCell('A3').formula).toBe('B3*2');
  });
});

describe('setStyle', () => {
  it('applies font, fill, number format, alignment and borders to every cell of the range', async () => {
    const wb = newBook('S');
    applyPlan(
      wb,
      plan({
        kind: 'setStyle',
        sheet: 'S',
        range: 'A1:B2',
        style: {
          bold: true,
          italic: true,
          fontSize: 13,
          fontColor: 'ff0000',
          fill: 'DDEBF7',
          numberFormat: '0.00%',
          horizontal: 'center',
          vertical: 'middle',
          wrap: true,
          border: 'thin',
        },
      }),
    );
    const back = sheetOf(await roundTrip(wb), 'S');
    for (const a of ['A1', 'A2', 'B1', 'B2']) {
      const c = back.getCell(a);
      expect(c.font).toMatchObject({ bold: true, italic: true, size: 13, color: { argb: 'FFFF0000' } });
      expect(c.fill).toMatchObject({ type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } });
      expect(c.numFmt).toBe('0.00%');
      expect(c.alignment).toMatchObject({ horizontal: 'center', vertical: 'middle', wrapText: true });
      for (const side of ['top', 'left', 'bottom', 'right'] as const)
        expect(c.border[side]).toMatchObject({ style: 'thin' });
    }
    expect(back.getCell('C3').font).toBeUndefined();
  });

  it('merges into the existing style: bold then fill keeps both, and the cell keeps its own font', async () => {
    const wb = newBook('S');
    sheetOf(wb, 'S').getCell('A1').font = { name: 'Times New Roman', size: 12 };
    applyPlan(
      wb,
      plan(
        { kind: 'setStyle', sheet: 'S', range: 'A1', style: { bold: true } },
        { kind: 'setStyle', sheet: 'S', range: 'A1', style: { fill: 'FFFF00' } },
        { kind: 'setStyle', sheet: 'S', range: 'A1', style: { horizontal: 'right' } },
        { kind: 'setStyle', sheet: 'S', range: 'A1', style: { wrap: true } },
      ),
    );
    const c = sheetOf(await roundTrip(wb), 'S').getCell('A1');
    expect(c.font).toMatchObject({ name: 'Times New Roman', size: 12, bold: true });
    expect(c.fill).toMatchObject({ fgColor: { argb: 'FFFFFF00' } });
    expect(c.alignment).toMatchObject({ horizontal: 'right', wrapText: true });
  });

  it('styles only the range even where loaded cells share one style object', async () => {
    const src = newBook('S');
    const ws = sheetOf(src, 'S');
    for (const a of ['A1', 'A2']) {
      ws.getCell(a).value = 1;
      ws.getCell(a).font = { italic: true };
    }
    const wb = await roundTrip(src);
    const loaded = sheetOf(wb, 'S');
    expect(loaded.getCell('A1').style).toBe(loaded.getCell('A2').style); // the ExcelJS trap this guards against
    applyPlan(wb, plan({ kind: 'setStyle', sheet: 'S', range: 'A1', style: { bold: true } }));
    expect(loaded.getCell('A1').font).toMatchObject({ italic: true, bold: true });
    expect(loaded.getCell('A2').font.bold).toBeUndefined();
  });

  it('refuses a colour that is not RRGGBB', () => {
    const wb = newBook('S');
    const err = catchPlanError(() =>
      applyPlan(wb, plan({ kind: 'setStyle', sheet: 'S', range: 'A1', style: { fill: '#FF0000' } })),
    );
    expect(err.problems[0].code).toBe('PLAN_STYLE_INVALID');
  });
});

describe('merge, column widths, hidden columns, frozen panes', () => {
  it('applies them and they survive a round trip', async () => {
    const wb = newBook('S');
    applyPlan(
      wb,
      plan(
        { kind: 'setCells', sheet: 'S', address: 'A1', cells: [['Tiêu đề', null, null]] },
        { kind: 'merge', sheet: 'S', range: 'A1:C1' },
        { kind: 'columnWidths', sheet: 'S', first: 1, widths: [30, 12.5] },
        { kind: 'hideColumns', sheet: 'S', columns: [4, 6] },
        { kind: 'freeze', sheet: 'S', rows: 2, columns: 1 },
      ),
    );
    const back = sheetOf(await roundTrip(wb), 'S');
    expect(back.model.merges).toEqual(['A1:C1']);
    expect(back.getCell('A1').value).toBe('Tiêu đề');
    expect(back.getColumn(2).width).toBe(30);
    expect(back.getColumn(3).width).toBe(12.5);
    expect(back.getColumn(5).hidden).toBe(true);
    expect(back.getColumn(7).hidden).toBe(true);
    expect(back.getColumn(6).hidden).toBe(false);
    expect(back.views[0]).toMatchObject({ state: 'frozen', xSplit: 1, ySplit: 2 });
  });

  it('keeps the view settings when freezing, and unfreezes with 0/0', () => {
    const wb = newBook('S');
    const ws = sheetOf(wb, 'S');
    ws.views = [{ state: 'normal', zoomScale: 85, showGridLines: false }];
    applyPlan(wb, plan({ kind: 'freeze', sheet: 'S', rows: 1, columns: 0 }));
    expect(ws.views[0]).toMatchObject({ state: 'frozen', ySplit: 1, zoomScale: 85, showGridLines: false });
    applyPlan(wb, plan({ kind: 'freeze', sheet: 'S', rows: 0, columns: 0 }));
    expect(ws.views[0]).toMatchObject({ state: 'normal', zoomScale: 85 });
  });

  it('refuses merges that overlap or would drop a value, and values into covered cells', () => {
    const wb = newBook('S');
    const ws = sheetOf(wb, 'S');
    ws.mergeCells('A1:B1');
    ws.getCell('D4').value = 'của người dùng';
    const before = dump(wb);
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'merge', sheet: 'S', range: 'B1:C1' },
          { kind: 'merge', sheet: 'S', range: 'C4:D4' },
          { kind: 'setCells', sheet: 'S', address: 'F1', cells: [['x', 'y']] },
          { kind: 'merge', sheet: 'S', range: 'F1:G1' },
          { kind: 'setCells', sheet: 'S', address: 'A1', cells: [['Tiêu đề', 'không']] },
          // Below the first row of a merge, beside others on the same rows.
          { kind: 'merge', sheet: 'S', range: 'H6:I7' },
          { kind: 'merge', sheet: 'S', range: 'K6:L7' },
          { kind: 'setCells', sheet: 'S', address: 'J7', cells: [[1, 2, 3]] },
        ),
      ),
    );
    expect(err.problems.map((p) => [p.opIndex, p.code, p.cell])).toEqual([
      [0, 'PLAN_MERGE_OVERLAP', null],
      [1, 'PLAN_MERGE_LOSES_VALUE', 'D4'],
      [3, 'PLAN_MERGE_LOSES_VALUE', 'G1'],
      [4, 'PLAN_MERGED_CELL', 'B1'],
      [7, 'PLAN_MERGED_CELL', 'K7'],
    ]);
    expect(dump(wb)).toBe(before);
    // Blanks for the covered cells are fine: they are blank already.
    applyPlan(wb, plan({ kind: 'setCells', sheet: 'S', address: 'A1', cells: [['Tiêu đề', null]] }));
    expect(ws.getCell('A1').value).toBe('Tiêu đề');
  });

  it('refuses bad column numbers and widths', () => {
    const wb = newBook('S');
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'columnWidths', sheet: 'S', first: -1, widths: [10] },
          { kind: 'columnWidths', sheet: 'S', first: 0, widths: [300] },
          { kind: 'hideColumns', sheet: 'S', columns: [1.5] },
          { kind: 'freeze', sheet: 'S', rows: -1, columns: 0 },
        ),
      ),
    );
    expect(err.problems.map((p) => p.code)).toEqual([
      'PLAN_COLUMNS_INVALID',
      'PLAN_COLUMNS_INVALID',
      'PLAN_COLUMNS_INVALID',
      'PLAN_FREEZE_INVALID',
    ]);
  });
});

describe('conditional formats', () => {
  const flag: WriteOp = {
    kind: 'addConditionalFormat',
    format: {
      sheet: 'S',
      range: 'D5:D40',
      rule: { type: 'expression', formula: 'IFNA(D5,0)>C5', fill: 'FFC7CE', fontColor: '9C0006' },
    },
  };
  const scale: WriteOp = {
    kind: 'addConditionalFormat',
    format: { sheet: 'S', range: 'F5:F40', rule: { type: 'colorScale', min: 'F8696B', mid: 'FFEB84', max: '63BE7B' } },
  };

  /** A sheet with the user's own conditional format. */
  function userBook(): ExcelJS.Workbook {
    const wb = newBook('S');
    sheetOf(wb, 'S').addConditionalFormatting({
      ref: 'A1:A10',
      rules: [
        { type: 'cellIs', operator: 'greaterThan', formulae: ['5'], priority: 1, style: { font: { bold: true } } },
      ],
    });
    return wb;
  }

  it("adds an expression rule and a colour scale that survive a round trip, after the user's rule", async () => {
    const wb = userBook();
    applyPlan(wb, plan(flag, scale));
    const xml = (await fileParts(wb)).get('xl/worksheets/sheet1.xml') ?? '';
    expect(xml).toContain('<formula>_xlfn.IFNA(D5,0)&gt;C5</formula>');
    const back = cfOf(sheetOf(await roundTrip(wb), 'S'));
    expect(back.map((cf) => cf.ref)).toEqual(['A1:A10', 'D5:D40', 'F5:F40']);
    expect(back[1].rules[0]).toMatchObject({
      type: 'expression',
      priority: 2,
      formulae: ['_xlfn.IFNA(D5,0)>C5'],
      style: {
        fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } },
        font: { color: { argb: 'FF9C0006' } },
      },
    });
    expect(back[2].rules[0]).toMatchObject({
      type: 'colorScale',
      priority: 3,
      cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
      color: [{ argb: 'FFF8696B' }, { argb: 'FFFFEB84' }, { argb: 'FF63BE7B' }],
    });
  });

  it("removes exactly its own rules, after a round trip, and leaves the user's in place and in order", async () => {
    const wb = userBook();
    applyPlan(wb, plan(flag, scale));
    const ws = sheetOf(wb, 'S');
    ws.addConditionalFormatting({
      ref: 'H1:H3',
      rules: [{ type: 'expression', formulae: ['H1<0'], priority: 9, style: { font: { italic: true } } }],
    });
    const loaded = await roundTrip(wb);
    const remove = (op: WriteOp): WriteOp => ({ ...op, kind: 'removeConditionalFormat' }) as WriteOp;
    applyPlan(loaded, plan(remove(flag), remove(scale)));
    const left = cfOf(sheetOf(await roundTrip(loaded), 'S'));
    expect(left.map((cf) => cf.ref)).toEqual(['A1:A10', 'H1:H3']);
    expect(left[0].rules[0]).toMatchObject({ type: 'cellIs', formulae: ['5'] });
    expect(left[1].rules[0]).toMatchObject({ type: 'expression', formulae: ['H1<0'] });
  });

  it('removes one rule out of an entry holding several, and nothing when the rule is gone or differs', () => {
    const wb = newBook('S');
    const ws = sheetOf(wb, 'S');
    ws.addConditionalFormatting({
      ref: '$D$5:$D$40',
      rules: [
        { type: 'expression', formulae: ['d5 > c5'], priority: 1, style: {} },
        { type: 'expression', formulae: ['_xlfn.IFNA(D5,0)>C5'], priority: 2, style: {} },
      ],
    });
    const before = JSON.stringify(cfOf(ws));
    // different range, different formula, different colours, missing sheet: nothing to do
    applyPlan(
      wb,
      plan(
        {
          kind: 'removeConditionalFormat',
          format: { sheet: 'S', range: 'D5:D41', rule: { type: 'expression', formula: 'D5>C5', fill: 'FFFFFF' } },
        },
        {
          kind: 'removeConditionalFormat',
          format: { sheet: 'S', range: 'D5:D40', rule: { type: 'expression', formula: 'D5>=C5', fill: 'FFFFFF' } },
        },
        {
          kind: 'removeConditionalFormat',
          format: {
            sheet: 'S',
            range: 'D5:D40',
            rule: { type: 'colorScale', min: '000000', mid: '111111', max: '222222' },
          },
        },
        {
          kind: 'removeConditionalFormat',
          format: { sheet: 'Đã xóa', range: 'D5:D40', rule: { type: 'expression', formula: 'D5>C5', fill: 'FFFFFF' } },
        },
      ),
    );
    expect(JSON.stringify(cfOf(ws))).toBe(before);
    // same rule, written differently by Excel ($, case, spaces)
    applyPlan(
      wb,
      plan({
        kind: 'removeConditionalFormat',
        format: { sheet: 'S', range: 'D5:D40', rule: { type: 'expression', formula: 'D5>C5', fill: 'FFFFFF' } },
      }),
    );
    expect(cfOf(ws)).toHaveLength(1);
    expect(cfOf(ws)[0].rules.map((r) => (r as { formulae: string[] }).formulae[0])).toEqual(['_xlfn.IFNA(D5,0)>C5']);
  });
});

describe('all or nothing', () => {
  it('a plan whose 3rd op targets a missing sheet changes nothing', async () => {
    const wb = newBook('Một');
    sheetOf(wb, 'Một').getCell('A1').value = 'dữ liệu';
    // Writing assigns shared-string ids in the model: write once before taking the dump.
    const bytesBefore = unzip(await workbookToBuffer(wb)).get('xl/worksheets/sheet1.xml');
    const before = dump(wb);
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'addSheet', sheet: 'Kết quả' },
          { kind: 'setCells', sheet: 'Một', address: 'A1', cells: [[{ formula: 'RANK.EQ(B1,B:B)' }]] },
          { kind: 'setCells', sheet: 'Không có', address: 'A1', cells: [[1]] },
          { kind: 'setStyle', sheet: 'Một', range: 'A1', style: { bold: true } },
        ),
      ),
    );
    expect(err.kind).toBe('invalid-plan');
    expect(err.problems).toHaveLength(1);
    const p: PlanProblem = err.problems[0];
    expect(p).toMatchObject({
      code: 'PLAN_SHEET_MISSING',
      opIndex: 2,
      op: 'setCells',
      sheet: 'Không có',
      severity: 'error',
    });
    expect(err.messageVi).toContain('Không có');
    expect(err.messageVi).toContain('ghi ô');
    expect(err.messageEn).toContain('setCells');
    expect(err.messageEn).toContain('Nothing was written');
    expect(err.message).toBe(`${err.messageVi} / ${err.messageEn}`);
    expect(dump(wb)).toBe(before);
    expect(wb.calcProperties.fullCalcOnLoad).toBeUndefined();
    expect(unzip(await workbookToBuffer(wb)).get('xl/worksheets/sheet1.xml')).toBe(bytesBefore);
  });

  it('a protected sheet refuses setCells and addConditionalFormat, and nothing else is applied', async () => {
    const wb = newBook('Mở', 'Khóa');
    await sheetOf(wb, 'Khóa').protect('pw', {});
    const before = dump(wb);
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan(
          { kind: 'setCells', sheet: 'Mở', address: 'A1', cells: [[1]] },
          { kind: 'setCells', sheet: 'Khóa', address: 'A1', cells: [[1]] },
          {
            kind: 'addConditionalFormat',
            format: { sheet: 'Khóa', range: 'A1:A3', rule: { type: 'expression', formula: 'A1>0', fill: 'FF0000' } },
          },
          { kind: 'freeze', sheet: 'Khóa', rows: 1, columns: 0 },
        ),
      ),
    );
    expect(err.problems.map((p) => [p.opIndex, p.code, p.sheet])).toEqual([
      [1, 'PLAN_SHEET_PROTECTED', 'Khóa'],
      [2, 'PLAN_SHEET_PROTECTED', 'Khóa'],
    ]);
    expect(err.messageVi).toContain('bảo vệ');
    expect(err.messageEn).toContain('protected');
    expect(dump(wb)).toBe(before);
  });

  it('an ExcelJS failure after the checks is reported as apply-failed, with its cause', () => {
    const wb = newBook('S');
    const boom = new Error('boom');
    wb.addWorksheet = () => {
      throw boom;
    };
    const err = catchPlanError(() =>
      applyPlan(
        wb,
        plan({ kind: 'setCells', sheet: 'S', address: 'A1', cells: [[1]] }, { kind: 'addSheet', sheet: 'Mới' }),
      ),
    );
    expect(err.kind).toBe('apply-failed');
    expect(err.cause).toBe(boom);
    expect(err.problems[0]).toMatchObject({ code: 'PLAN_APPLY_FAILED', opIndex: 1, op: 'addSheet', sheet: 'Mới' });
    expect(err.messageEn).toContain('do not save it');
  });

  it('checkPlan works on a plain description of the sheets', () => {
    const problems = checkPlan(
      plan(
        { kind: 'addSheet', sheet: 'Mới' },
        { kind: 'setCells', sheet: 'Mới', address: 'B2', cells: [[1]] },
        { kind: 'setCells', sheet: 'Khóa', address: 'B2', cells: [[1]] },
      ),
      [{ name: 'Khóa', protected: true, state: 'visible', merges: [] }],
    );
    expect(problems.map((p) => [p.opIndex, p.code])).toEqual([[2, 'PLAN_SHEET_PROTECTED']]);
  });

  it('a conditional format over several areas is checked; one too long for Excel to take is refused', () => {
    const rule = { type: 'expression' as const, formula: 'D5>C5', fill: 'FFC7CE' };
    const areas = (n: number) => Array.from({ length: n }, (_, i) => `D${2 * i + 5}`).join(' ');
    const problems = checkPlan(
      plan(
        { kind: 'addConditionalFormat', format: { sheet: 'S', range: 'D5 D7:D9 D12', rule } },
        { kind: 'addConditionalFormat', format: { sheet: 'S', range: 'D5 nope', rule } },
        { kind: 'addConditionalFormat', format: { sheet: 'S', range: areas(2000), rule } },
      ),
      [{ name: 'S', protected: false, state: 'visible', merges: [] }],
    );
    expect(problems.map((p) => [p.opIndex, p.code])).toEqual([
      [1, 'PLAN_ADDRESS_INVALID'],
      [2, 'PLAN_ADDRESS_INVALID'],
    ]);
  });
});

describe('ownership record', () => {
  function snapshotWith(rows: unknown[][]): WorkbookSnapshot {
    return {
      sheets: [
        { name: 'S', rows: [] },
        { name: OWNERSHIP_SHEET, rows: rows as WorkbookSnapshot['sheets'][number]['rows'] },
      ],
    };
  }

  it('is written to a very hidden sheet and read back after a round trip', async () => {
    const wb = newBook('S');
    const rec = record();
    applyPlan(wb, plan({ kind: 'writeOwnership', record: rec }));
    const back = await roundTrip(wb);
    const ws = sheetOf(back, OWNERSHIP_SHEET);
    expect(ws.state).toBe('veryHidden');
    expect(ws.getCell('A1').value).toBe(OWNERSHIP_NOTE);
    expect(String(ws.getCell('A2').value).startsWith(OWNERSHIP_CHUNK_PREFIX)).toBe(true);
    expect(parseOwnership(snapshotFromExcelJS(back))).toEqual(rec);
  });

  it('splits JSON over 30,000 characters into several cells, and replaces an earlier, longer record', async () => {
    const many = Array.from({ length: 2500 }, (_, i) => `Đơn vị số ${i} — Sở, ban, ngành 😀 _x0041_`);
    const big = record({
      sheets: many,
      fingerprints: JSON.parse('{"__proto__":"x","Cài đặt":"abc"}') as Record<string, string>,
    });
    const wb = newBook('S');
    applyPlan(wb, plan({ kind: 'writeOwnership', record: big }));
    const cells = ownershipCells(big);
    expect(cells.length).toBeGreaterThan(3);
    for (const [v] of cells) expect(String(v).length).toBeLessThanOrEqual(OWNERSHIP_CELL_MAX);
    let back = await roundTrip(wb);
    const ws = sheetOf(back, OWNERSHIP_SHEET);
    expect(ws.getCell(cells.length, 1).value).toBe(cells[cells.length - 1][0]);
    const parsed = parseOwnership(snapshotFromExcelJS(back));
    expect(parsed).toEqual(big);
    expect(parsed?.sheets[7]).toBe('Đơn vị số 7 — Sở, ban, ngành 😀 _x0041_');
    expect(Object.keys(parsed?.fingerprints ?? {})).toContain('__proto__');

    const small = record({ sheets: ['Kết quả'] });
    applyPlan(back, plan({ kind: 'writeOwnership', record: small }));
    back = await roundTrip(back);
    expect(sheetOf(back, OWNERSHIP_SHEET).getCell('A3').value).toBeNull();
    expect(back.worksheets.filter((w) => w.name === OWNERSHIP_SHEET)).toHaveLength(1);
    expect(parseOwnership(snapshotFromExcelJS(back))).toEqual(small);
  });

  it('never cuts a surrogate pair between two cells', () => {
    const text = 'a'.repeat(4) + '😀' + 'b';
    const pieces = chunkText(text, 5);
    expect(pieces).toEqual(['aaaa', '😀b']);
    expect(pieces.join('')).toBe(text);
  });

  it('parseOwnership returns null when the record is absent or malformed, and never throws', () => {
    const chunk = (s: string): string => OWNERSHIP_CHUNK_PREFIX + s;
    const good = JSON.stringify(record());
    expect(parseOwnership({ sheets: [{ name: 'S', rows: [[1]] }] })).toBeNull();
    expect(parseOwnership(snapshotWith([]))).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE]]))).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk('{not json')]]))).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk(good.slice(0, 40))]]))).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [good]]))).toBeNull(); // no prefix
    expect(
      parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk(JSON.stringify({ ...record(), version: 2 }))]])),
    ).toBeNull();
    expect(
      parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk(JSON.stringify({ ...record(), sheets: [1] }))]])),
    ).toBeNull();
    expect(
      parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk(JSON.stringify({ ...record(), fingerprints: [] }))]])),
    ).toBeNull();
    expect(
      parseOwnership(
        snapshotWith([
          [OWNERSHIP_NOTE],
          [
            chunk(
              JSON.stringify({
                ...record(),
                conditionalFormats: [{ sheet: 'S', range: 'A1', rule: { type: 'dataBar' } }],
              }),
            ),
          ],
        ]),
      ),
    ).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [chunk('null')]]))).toBeNull();
    expect(parseOwnership(snapshotWith([[OWNERSHIP_NOTE], [{ error: '#REF!' }], [chunk(good)]]))).toBeNull();
    // the happy path in the same shape
    expect(
      parseOwnership(
        snapshotWith([
          [OWNERSHIP_NOTE],
          [chunk(good.slice(0, 50))],
          [chunk(good.slice(50))],
          [null],
          [chunk('ignored')],
        ]),
      ),
    ).toEqual(record());
  });

  it('refuses a malformed record and a protected record sheet', async () => {
    const wb = newBook('S');
    const bad = { ...record(), version: 2 } as unknown as OwnershipRecord;
    expect(catchPlanError(() => applyPlan(wb, plan({ kind: 'writeOwnership', record: bad }))).problems[0].code).toBe(
      'PLAN_OWNERSHIP_INVALID',
    );
    applyPlan(wb, plan({ kind: 'writeOwnership', record: record() }));
    await sheetOf(wb, OWNERSHIP_SHEET).protect('', {});
    expect(
      catchPlanError(() => applyPlan(wb, plan({ kind: 'writeOwnership', record: record() }))).problems[0].code,
    ).toBe('PLAN_SHEET_PROTECTED');
  });
});

describe('writeXlsxFile', () => {
  let dir: string;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'xlsx-write-'));
  });
  afterEach(() => {
    rmSync(dir, { recursive: true, force: true });
  });

  it('writes a file that reads back, over the input itself, leaving no temporary file', async () => {
    const out = join(dir, 'kết quả.xlsx');
    const wb = newBook('S');
    sheetOf(wb, 'S').getCell('A1').value = 'một';
    await writeXlsxFile(wb, out);
    const loaded = await loadXlsxBuffer(readFileSync(out), out);
    applyPlan(loaded, plan({ kind: 'setCells', sheet: 'S', address: 'A2', cells: [['hai']] }));
    await writeXlsxFile(loaded, out);
    const again = sheetOf(await loadXlsxBuffer(readFileSync(out), out), 'S');
    expect([again.getCell('A1').value, again.getCell('A2').value]).toEqual(['một', 'hai']);
    expect(readdirSync(dir)).toEqual(['kết quả.xlsx']);
  });

  it('says why it cannot write, and leaves the old file whole', async () => {
    const wb = newBook('S');
    await expect(writeXlsxFile(wb, join(dir, 'không có', 'x.xlsx'))).rejects.toMatchObject({
      name: 'WorkbookWriteError',
      kind: 'folder-missing',
    });
    mkdirSync(join(dir, 'thư mục.xlsx'));
    await expect(writeXlsxFile(wb, join(dir, 'thư mục.xlsx'))).rejects.toMatchObject({ kind: 'is-folder' });

    const out = join(dir, 'cũ.xlsx');
    writeFileSync(out, 'old bytes');
    const broken = { xlsx: { writeBuffer: () => Promise.reject(new Error('boom')) } } as unknown as ExcelJS.Workbook;
    const err: unknown = await writeXlsxFile(broken, out).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(WorkbookWriteError);
    expect(err).toMatchObject({ kind: 'serialize' });
    expect((err as WorkbookWriteError).messageVi).toContain('chưa ghi gì');
    expect(readFileSync(out, 'utf8')).toBe('old bytes');
    expect(readdirSync(dir).sort()).toEqual(['cũ.xlsx', 'thư mục.xlsx']);
  });
});
