// The simulated Excel host keeps Office.js semantics: calls run at sync, properties must be loaded before
// they are read, the request payload limit, protected sheets refusing writes, null objects.
import { REQUEST_OP_OVERHEAD_BYTES } from '../src/core/excel-limits';
import { createSimulatedExcel } from '../src/harness/simulated-excel';

describe('simulated Excel host', () => {
  test('reading a property before load + sync throws PropertyNotLoaded; after, it reads', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1, 'x']] }] });
    await sim.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('A').getRange('A1:B1');
      expect(() => range.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }) as Error);
      range.load('values');
      expect(() => range.values).toThrow(/not available/);
      await context.sync();
      expect(range.values).toEqual([[1, 'x']]);
      expect(() => range.address).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }) as Error);
    });
    expect(sim.syncCount()).toBe(1);
  });

  test('collections: items need load; getItemOrNullObject; add; delete; order', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [] },
        { name: 'B', rows: [] },
      ],
    });
    await sim.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      expect(() => sheets.items).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }) as Error);
      sheets.add('C');
      sheets.getItem('A').delete();
      const missing = sheets.getItemOrNullObject('nope');
      missing.load('name');
      sheets.load('items/name');
      await context.sync();
      expect(sheets.items.map((s) => s.name)).toEqual(['B', 'C']);
      expect(missing.isNullObject).toBe(true);
      sheets.getItem('nope').load('name');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemNotFound' });
      sheets.add('b');
      await expect(context.sync()).rejects.toMatchObject({ code: 'ItemAlreadyExists' });
    });
  });

  test('writes parse like typing; null leaves a cell; "" clears; apostrophe keeps text', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [['keep', 'gone']] }] });
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('A');
      ws.getRange('A1:B1').formulas = [[null, '']];
      ws.getRange('A2:F2').formulas = [['1.5', "'1.5", '=SUM(1,2)', 'TRUE', '#N/A', '50%']];
      await context.sync();
    });
    const s = sim.snapshot().sheets[0];
    expect(s.rows[0]).toEqual(['keep']);
    expect(s.rows[1]).toEqual([1.5, '1.5', null, true, { error: '#N/A' }, 0.5]);
    expect(s.formulas?.[1]?.[2]).toBe('SUM(1,2)');
  });

  test('a request over the payload limit fails with RequestPayloadSizeLimitExceeded and writes nothing; a response, with ResponsePayloadSizeLimitExceeded', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [] }] }, { payloadLimit: 100 });
    const long = ['a', 'b', 'c', 'd', 'e'].map((x) => [x.repeat(40)]);
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('A');
      ws.getRange('A1:A20').values = Array.from({ length: 20 }, (_, i) => [`value ${i}`]);
      await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
      // Responses count too, with their own code.
      sim.state.sheets[0].cells.clear();
      sim.setPayloadLimit(1000);
      ws.getRange('A1:A5').values = long;
      await context.sync();
      // the load costs one call (REQUEST_OP_OVERHEAD_BYTES), its response 200 characters more
      sim.setPayloadLimit(REQUEST_OP_OVERHEAD_BYTES + 5);
      const r = ws.getRange('A1:A5');
      r.load('values');
      await expect(context.sync()).rejects.toMatchObject({
        code: 'ResponsePayloadSizeLimitExceeded',
        message: expect.stringMatching(/response payload size/) as string,
      });
      expect(() => r.values).toThrow(expect.objectContaining({ code: 'PropertyNotLoaded' }) as Error);
    });
    expect(sim.snapshot().sheets[0].rows).toEqual(long);
    expect(sim.requests()[0]).toMatchObject({ failed: true });
  });

  test('a protected sheet refuses writes with AccessDenied; reads and freezing still work', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]], protected: true }] });
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('A');
      ws.protection.load('protected');
      await context.sync();
      expect(ws.protection.protected).toBe(true);
      ws.freezePanes.freezeRows(1);
      await context.sync();
      ws.getRange('A1').values = [[2]];
      await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      ws.getRange('A1').format.font.bold = true;
      await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
    });
    expect(sim.snapshot().sheets[0].rows).toEqual([[1]]);
    expect(sim.exportSheets()[0].freeze).toEqual({ rows: 1, columns: 0 });
  });

  test('used range, merges, visibility, selection, conditional formats, calculation suspension', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [[], [null, null, 'x', 'y']], merges: ['C2:D2'] },
        { name: 'B', rows: [] },
      ],
    });
    await sim.Excel.run(async (context) => {
      const a = context.workbook.worksheets.getItem('A');
      const b = context.workbook.worksheets.getItem('B');
      const used = a.getUsedRangeOrNullObject(true);
      used.load('address,rowIndex,columnIndex,rowCount,columnCount');
      const empty = b.getUsedRangeOrNullObject(true);
      empty.load('address');
      const merged = a.getRange().getMergedAreasOrNullObject();
      merged.load('areas/items/address');
      await context.sync();
      expect([used.address, used.rowIndex, used.columnIndex, used.rowCount, used.columnCount]).toEqual([
        'A!C2:D2',
        1,
        2,
        1,
        2,
      ]);
      expect(empty.isNullObject).toBe(true);
      expect(merged.areas.items.map((r) => r.address)).toEqual(['A!C2:D2']);

      b.visibility = 'VeryHidden';
      const cf = a.getRange('C2:D2').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=C2>1';
      cf.custom.format.fill.color = '#ff0000';
      a.getRange('E5').select();
      context.workbook.application.suspendApiCalculationUntilNextSync();
      await context.sync();
      const sel = context.workbook.getSelectedRange();
      sel.load('address');
      const cfs = a.getRange('A1:Z9').conditionalFormats;
      cfs.load('items/type');
      await context.sync();
      expect(sel.address).toBe('A!E5');
      expect(cfs.items.map((x) => x.type)).toEqual(['Custom']);
      cfs.items[0].delete();
      a.visibility = 'Hidden';
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
    const out = sim.exportSheets();
    expect(out[1].visibility).toBe('VeryHidden');
    expect(out[0].conditionalFormats).toEqual([]);
    expect(sim.suspendedSyncs()).toBe(1);
  });

  test('getRanges (ExcelApi 1.9): one conditional format over every area; a malformed address is refused', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    await sim.Excel.run(async (context) => {
      const a = context.workbook.worksheets.getItem('A');
      const cf = a.getRanges('F7, F9:F12,$F$15').conditionalFormats.add('Custom');
      cf.custom.rule.formula = '=$F7>1';
      await context.sync();
      // found from any of its areas, not between them; its single range is a null object (several areas)
      const at = (a1: string) => {
        const items = a.getRange(a1).conditionalFormats;
        items.load('items/type');
        return items;
      };
      const inside = at('F10');
      const between = at('F13:F14');
      const range = cf.getRangeOrNullObject();
      range.load('address');
      await context.sync();
      expect([inside.items.length, between.items.length, range.isNullObject]).toEqual([1, 0, true]);
    });
    expect(sim.exportSheets()[0].conditionalFormats).toMatchObject([{ range: 'F7 F9:F12 F15', formula: '=$F7>1' }]);
    // a space is Excel's intersection operator, not a separator; empty parts, bad references, and addresses
    // longer than Excel takes are refused (InvalidArgument), and nothing is added
    const long = Array.from({ length: 2000 }, (_, i) => `F${2 * i + 1}`).join(',');
    for (const address of ['F7 F9:F12', 'F7,,F9', 'F7,nope', '', long]) {
      await expect(
        sim.Excel.run(async (context) => {
          context.workbook.worksheets.getItem('A').getRanges(address).conditionalFormats.add('Custom');
          await context.sync();
        }),
      ).rejects.toMatchObject({ code: 'InvalidArgument' });
    }
    expect(sim.exportSheets()[0].conditionalFormats).toHaveLength(1);
  });
});
