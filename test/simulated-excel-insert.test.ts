// `Workbook.insertWorksheetsFromBase64` on the simulated Excel, as Excel does it: the sheets asked for copied
// to the end with their values, formulas, formats, merges and widths; a name taken gives `Name (2)`; the new
// sheets' ids returned; refused without ExcelApi 1.13, on a protected structure, for a sheet the file lacks
// or a file that is no workbook.
import ExcelJS from 'exceljs';
import { createSimulatedExcel } from '../src/harness/simulated-excel';

async function base64Of(build: (wb: ExcelJS.Workbook) => void): Promise<string> {
  const wb = new ExcelJS.Workbook();
  build(wb);
  return Buffer.from(await wb.xlsx.writeBuffer()).toString('base64');
}

const source = () =>
  base64Of((wb) => {
    const ws = wb.addWorksheet('Data');
    ws.getCell('A1').value = 'Đơn vị: Sở A';
    ws.getCell('B2').value = 1.5;
    ws.getCell('B2').numFmt = '0.00';
    ws.getCell('B3').value = { formula: 'SUM(B2:B2)', result: 1.5 } as ExcelJS.CellFormulaValue;
    ws.mergeCells('A1:C1');
    ws.getColumn(1).width = 30;
    wb.addWorksheet('Other').getCell('A1').value = 'x';
  });

test('inserts the sheet asked for at the end, renamed when its name is taken, and returns its id', async () => {
  const sim = createSimulatedExcel({ sheets: [{ name: 'Data', rows: [['mine']] }] });
  const base64 = await source();
  const ids = await sim.Excel.run(async (context) => {
    const result = context.workbook.insertWorksheetsFromBase64(base64, { sheetNamesToInsert: ['Data'] });
    expect(() => result.value).toThrow();
    await context.sync();
    return result.value;
  });
  expect(sim.state.sheets.map((s) => s.name)).toEqual(['Data', 'Data (2)']);
  expect(ids).toHaveLength(1);
  const [exported] = sim.exportSheets().slice(1);
  expect(exported.cells.A1.value).toBe('Đơn vị: Sở A');
  expect(exported.cells.B2).toEqual({ value: 1.5, formula: null, style: { numberFormat: '0.00' } });
  expect(exported.cells.B3.formula).toBe('SUM(B2:B2)');
  expect(exported.cells.B3.value).toBe(1.5);
  expect(exported.merges).toEqual(['A1:C1']);
  expect(exported.columnWidths['0']).toBeGreaterThan(100);
  // The id names the sheet through renames.
  await sim.Excel.run(async (context) => {
    context.workbook.worksheets.getItem(ids[0]).name = 'Sở A';
    await context.sync();
  });
  expect(sim.state.sheets.map((s) => s.name)).toEqual(['Data', 'Sở A']);
  expect(sim.state.sheets[0].cells.size).toBe(1);
});

test.each([
  ['a host without ExcelApi 1.13', { excelApi: '1.12' as string | undefined }, 'ApiNotFound', ['Data']],
  ['a sheet the file does not have', { excelApi: undefined }, 'ItemNotFound', ['Nope']],
])('refuses %s, inserting nothing', async (_what, options, code, names) => {
  const sim = createSimulatedExcel({ sheets: [{ name: 'Data', rows: [] }] }, options);
  const base64 = await source();
  const run = sim.Excel.run(async (context) => {
    context.workbook.insertWorksheetsFromBase64(base64, { sheetNamesToInsert: names });
    await context.sync();
  });
  await expect(run).rejects.toMatchObject({ code });
  expect(sim.state.sheets.map((s) => s.name)).toEqual(['Data']);
  expect(sim.isSetSupported('ExcelApi', '1.13')).toBe(options.excelApi === undefined);
});

test('refuses a protected workbook structure and a file that is no workbook', async () => {
  const sim = createSimulatedExcel({ sheets: [{ name: 'Data', rows: [] }] });
  sim.state.structureProtected = true;
  const base64 = await source();
  const insert = (text: string) =>
    sim.Excel.run(async (context) => {
      context.workbook.insertWorksheetsFromBase64(text);
      await context.sync();
    });
  await expect(insert(base64)).rejects.toMatchObject({ code: 'AccessDenied' });
  sim.state.structureProtected = false;
  await expect(insert(Buffer.from('not a workbook').toString('base64'))).rejects.toMatchObject({
    code: 'InvalidArgument',
  });
  expect(sim.state.sheets.map((s) => s.name)).toEqual(['Data']);
});
