// ExcelJS → WorkbookSnapshot: the value mapping, positions, merges, formulas, sheet flags.
// Each case is checked on the in-memory workbook and again after a round trip through .xlsx bytes,
// because ExcelJS represents some values differently once it has read them from a file.
import ExcelJS from 'exceljs';
import { excelSerial, snapshotFromExcelJS, toCellValue } from '../src/workbook/exceljs-snapshot';
import { loadXlsxBuffer } from '../src/workbook/xlsx-file';
import type { SheetSnapshot, WorkbookSnapshot } from '../src/core/types';

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const bytes = await wb.xlsx.writeBuffer();
  return loadXlsxBuffer(Buffer.from(bytes), 'round-trip.xlsx');
}

/** The snapshot of a workbook, in memory and after a round trip through a file. */
async function bothWays(
  build: () => ExcelJS.Workbook | Promise<ExcelJS.Workbook>,
): Promise<[string, WorkbookSnapshot][]> {
  const inMemory = await build();
  const reread = await roundTrip(await build());
  return [
    ['in memory', snapshotFromExcelJS(inMemory)],
    ['after a round trip', snapshotFromExcelJS(reread)],
  ];
}

function sheet(snap: WorkbookSnapshot, name: string): SheetSnapshot {
  const found = snap.sheets.find((s) => s.name === name);
  if (!found) throw new Error(`no sheet ${name} in ${snap.sheets.map((s) => s.name).join(', ')}`);
  return found;
}

describe('snapshotFromExcelJS: plain values and positions', () => {
  const build = (): ExcelJS.Workbook => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Dữ liệu');
    ws.getCell('C3').value = 12.5;
    ws.getCell('D3').value = 'Sở Nội vụ';
    ws.getCell('E3').value = true;
    ws.getCell('F3').value = false;
    ws.getCell('C5').value = 0;
    ws.getCell('D5').value = -1.25;
    ws.getCell('E5').value = '';
    return wb;
  };

  it.each([['in memory'], ['after a round trip']])(
    'puts A1 at rows[0][0] with leading blank rows and columns (%s)',
    async (label) => {
      const snaps = new Map(await bothWays(build));
      const s = sheet(snaps.get(label) as WorkbookSnapshot, 'Dữ liệu');
      expect(s.rows[0]).toEqual([]);
      expect(s.rows[1]).toEqual([]);
      expect(s.rows[2]).toEqual([null, null, 12.5, 'Sở Nội vụ', true, false]);
      expect(s.rows[3]).toEqual([]);
      expect(s.rows[4].slice(0, 4)).toEqual([null, null, 0, -1.25]);
      expect(s.rows).toHaveLength(5);
      // Dense rows: no holes for code that uses `in` or forEach.
      for (const row of s.rows) for (let i = 0; i < row.length; i++) expect(i in row).toBe(true);
      expect(s.formulas).toBeUndefined();
      expect(s.merges).toBeUndefined();
      expect(s.hidden).toBeUndefined();
      expect(s.protected).toBeUndefined();
    },
  );

  it('keeps an empty sheet as a sheet with no rows', async () => {
    for (const [, snap] of await bothWays(() => {
      const wb = new ExcelJS.Workbook();
      wb.addWorksheet('Trống');
      return wb;
    })) {
      expect(snap.sheets).toEqual([{ name: 'Trống', rows: [] }]);
    }
  });
});

describe('snapshotFromExcelJS: rich text, hyperlinks, errors, dates', () => {
  const build = (): ExcelJS.Workbook => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = {
      richText: [{ text: 'Kế hoạch số ' }, { text: '39/KH-BDT', font: { bold: true } }, { text: ' ngày 24/01/2022' }],
    };
    ws.getCell('B1').value = { text: 'Báo cáo 12/BC', hyperlink: 'https://example.gov.vn/bc12.pdf' };
    ws.getCell('C1').value = { error: '#N/A' };
    ws.getCell('D1').value = new Date(Date.UTC(2024, 0, 15));
    ws.getCell('E1').value = new Date(Date.UTC(2024, 0, 15, 12, 0, 0));
    return wb;
  };

  it.each([['in memory'], ['after a round trip']])(
    'maps them to text, text, { error }, serial numbers (%s)',
    async (label) => {
      const snaps = new Map(await bothWays(build));
      const s = sheet(snaps.get(label) as WorkbookSnapshot, 'S');
      expect(s.rows[0]).toEqual([
        'Kế hoạch số 39/KH-BDT ngày 24/01/2022',
        'Báo cáo 12/BC',
        { error: '#N/A' },
        45306,
        45306.5,
      ]);
    },
  );

  it('converts dates in the 1904 date system to its serial numbers', async () => {
    const wb = new ExcelJS.Workbook();
    wb.properties.date1904 = true;
    wb.addWorksheet('S').getCell('A1').value = new Date(Date.UTC(2024, 0, 15));
    const reread = await roundTrip(wb);
    expect(snapshotFromExcelJS(reread).sheets[0].rows[0][0]).toBe(45306 - 1462);
  });

  it('excelSerial and toCellValue handle the edge values', () => {
    expect(excelSerial(new Date(Date.UTC(1899, 11, 31)))).toBe(1);
    expect(excelSerial(new Date(Date.UTC(1970, 0, 1)))).toBe(25569);
    expect(toCellValue(undefined)).toBeNull();
    expect(toCellValue(null)).toBeNull();
    expect(toCellValue(Number.NaN)).toBeNull();
    expect(toCellValue(new Date(Number.NaN))).toBeNull();
    expect(toCellValue({ text: { richText: [{ text: 'a' }, { text: 'b' }] }, hyperlink: 'x' })).toBe('ab');
    expect(toCellValue({ formula: 'A1', result: { error: '#DIV/0!' } })).toEqual({ error: '#DIV/0!' });
    expect(toCellValue({ richText: [] })).toBe('');
  });
});

describe('snapshotFromExcelJS: formulas', () => {
  const build = (): ExcelJS.Workbook => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('Công thức');
    ws.getCell('A1').value = 1;
    ws.getCell('A2').value = 2;
    ws.getCell('B1').value = { formula: 'SUM(A1:A2)', result: 3 };
    ws.getCell('B2').value = { formula: 'Sheet9!A1', result: { error: '#REF!' } };
    ws.getCell('B3').value = { formula: 'A1*2', result: undefined };
    ws.getCell('B4').value = { formula: 'IF(A1>0,"đạt","không")', result: 'đạt' };
    ws.getCell('B5').value = { formula: 'A1>0', result: true };
    // A shared formula: C1 is the master, C2:C3 share it.
    ws.getCell('C1').value = {
      formula: 'A1*10',
      result: 10,
      shareType: 'shared',
      ref: 'C1:C3',
    } as ExcelJS.CellFormulaValue;
    ws.getCell('C2').value = { sharedFormula: 'C1', result: 20 };
    ws.getCell('C3').value = { sharedFormula: 'C1', result: 0 };
    return wb;
  };

  it.each([['in memory'], ['after a round trip']])(
    'gives the cached result as the value and the formula text apart (%s)',
    async (label) => {
      const snaps = new Map(await bothWays(build));
      const s = sheet(snaps.get(label) as WorkbookSnapshot, 'Công thức');
      expect(s.rows[0]).toEqual([1, 3, 10]);
      expect(s.rows[1]).toEqual([2, { error: '#REF!' }, 20]);
      expect(s.rows[2]).toEqual([null, null, 0]);
      expect(s.rows[3]).toEqual([null, 'đạt']);
      expect(s.rows[4]).toEqual([null, true]);
      expect(s.formulas).toEqual([
        [null, 'SUM(A1:A2)', 'A1*10'],
        [null, 'Sheet9!A1', 'A2*10'],
        [null, 'A1*2', 'A3*10'],
        [null, 'IF(A1>0,"đạt","không")'],
        [null, 'A1>0'],
      ]);
    },
  );

  it('indexes formulas like rows, with empty rows where a row has none', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    ws.getCell('A1').value = 'Tiêu đề';
    ws.getCell('B3').value = { formula: 'SUM(C1:C2)', result: 0 };
    ws.getCell('A4').value = 'cuối';
    for (const [, snap] of [
      ['', snapshotFromExcelJS(wb)],
      ['', snapshotFromExcelJS(await roundTrip(wb))],
    ] as const) {
      const s = snap.sheets[0];
      expect(s.rows).toHaveLength(4);
      expect(s.formulas).toEqual([[], [], [null, 'SUM(C1:C2)'], []]);
    }
  });
});

describe('snapshotFromExcelJS: merges, sheet order, hidden and protected sheets', () => {
  const build = async (): Promise<ExcelJS.Workbook> => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('Bìa');
    a.getCell('A1').value = 'BẢNG TỔNG HỢP ĐIỂM';
    a.mergeCells('A1:C1');
    a.getCell('A2').value = 'STT';
    a.mergeCells('A2:A3');
    a.getCell('B2').value = 'Điểm';
    a.getCell('B3').value = 'Tự chấm';
    const h = wb.addWorksheet('Ẩn', { state: 'hidden' });
    h.getCell('A1').value = 1;
    const v = wb.addWorksheet('Rất ẩn', { state: 'veryHidden' });
    v.getCell('A1').value = 2;
    const p = wb.addWorksheet('Khóa');
    p.getCell('A1').value = 3;
    await p.protect('', { selectLockedCells: true });
    wb.addWorksheet('Cuối');
    return wb;
  };

  it.each([['in memory'], ['after a round trip']])('reads them (%s)', async (label) => {
    const snaps = new Map(await bothWays(build));
    const snap = snaps.get(label) as WorkbookSnapshot;
    expect(snap.sheets.map((s) => s.name)).toEqual(['Bìa', 'Ẩn', 'Rất ẩn', 'Khóa', 'Cuối']);
    const cover = sheet(snap, 'Bìa');
    expect([...(cover.merges ?? [])].sort()).toEqual(['A1:C1', 'A2:A3']);
    // The value sits in the top-left cell only.
    expect(cover.rows[0]).toEqual(['BẢNG TỔNG HỢP ĐIỂM', null, null]);
    expect(cover.rows[1]).toEqual(['STT', 'Điểm']);
    expect(cover.rows[2]).toEqual([null, 'Tự chấm']);
    expect(sheet(snap, 'Ẩn').hidden).toBe(true);
    expect(sheet(snap, 'Rất ẩn').hidden).toBe(true);
    expect(sheet(snap, 'Bìa').hidden).toBeUndefined();
    expect(sheet(snap, 'Khóa').protected).toBe(true);
    expect(sheet(snap, 'Bìa').protected).toBeUndefined();
    expect(sheet(snap, 'Cuối').rows).toEqual([]);
  });

  it('follows the workbook order, not the creation order, after sheets are reordered', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Một');
    wb.addWorksheet('Hai');
    wb.addWorksheet('Ba');
    // ExcelJS orders sheets by orderNo (not in its typings; this is how it reads workbook.xml's order);
    // move "Ba" to the front.
    const order: Record<string, number> = { Ba: 0, Một: 1, Hai: 2 };
    for (const ws of wb.worksheets) (ws as unknown as { orderNo: number }).orderNo = order[ws.name];
    expect(snapshotFromExcelJS(wb).sheets.map((s) => s.name)).toEqual(['Ba', 'Một', 'Hai']);
    expect(snapshotFromExcelJS(await roundTrip(wb)).sheets.map((s) => s.name)).toEqual(['Ba', 'Một', 'Hai']);
  });

  it('does not mark a sheet protected when protection was removed', async () => {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet('S');
    await ws.protect('', {});
    ws.unprotect();
    expect(snapshotFromExcelJS(wb).sheets[0].protected).toBeUndefined();
    expect(snapshotFromExcelJS(await roundTrip(wb)).sheets[0].protected).toBeUndefined();
  });
});

describe('snapshotFromExcelJS: scale', () => {
  // Its speed is the benchmark's to measure (npm run bench), not a timed test's: the machine may be busy.
  it('reads 200 sheets × 150 rows, every cell in place', () => {
    const wb = new ExcelJS.Workbook();
    for (let s = 0; s < 200; s++) {
      const ws = wb.addWorksheet(`Đơn vị ${s}`);
      for (let r = 1; r <= 150; r++) ws.addRow([`${r}`, `Tiêu chí ${r}`, 1, 0.5, 0.5, 'Báo cáo số 1/BC', null]);
    }
    const snap = snapshotFromExcelJS(wb);
    expect(snap.sheets).toHaveLength(200);
    expect(snap.sheets[199].rows[149]).toEqual(['150', 'Tiêu chí 150', 1, 0.5, 0.5, 'Báo cáo số 1/BC']);
  });
});
