// The Office.js adapter against the simulated Excel host: a fixed number of syncs whatever the number of
// sheets, requests under the payload budget (halved and retried when Excel refuses one), protected sheets
// refused before any write, and the key equivalence: the same plan applied through ExcelJS and through
// Office.js gives the same cells on every sheet.
import { loadXlsxBuffer, readXlsxFile } from '../src/workbook/xlsx-file';
import { applyPlan } from '../src/workbook/exceljs-apply';
import { fromFileFormula, shiftFormulaRows } from '../src/workbook/file-formula';
import { PlanApplyError } from '../src/workbook/plan-errors';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import { applyPlanOffice, selectCell } from '../src/workbook/office-apply';
import { needsTextPrefix, toOfficeInput, widthToPoints } from '../src/workbook/office-write-steps';
import { readSnapshotOffice, type ReadOfficeStats } from '../src/workbook/office-read';
import { describeOfficeError, isPayloadLimitError, OfficeAdapterError } from '../src/workbook/office-errors';
import { analyzeWorkbook } from '../src/core/analyze';
import { planResults, planClean } from '../src/core/results-plan';
import { parseOwnership } from '../src/core/ownership';
import { isTaggedHighlight, OWNERSHIP_SHEET, type WritePlan } from '../src/core/plan-types';
import { parseRange } from '../src/core/address';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/core/types';
import { createSimulatedExcel, SimulatedOfficeError } from '../src/harness/simulated-excel';
import { shiftedDownOneRow } from './helpers/excel-edits';

const SAMPLE = 'samples/sample.xlsx';
const all = () => true;

/** Rows and formulas without trailing blanks, formulas in UI syntax: what both hosts must agree on. */
function normalizeSheet(s: SheetSnapshot): {
  name: string;
  rows: CellValue[][];
  formulas: (string | null)[][];
  merges: string[];
  hidden: boolean;
} {
  const trim = <T>(rows: (T | null)[][]): (T | null)[][] => {
    const out = rows.map((r) => {
      const row = [...r];
      while (
        row.length > 0 &&
        (row[row.length - 1] === null || row[row.length - 1] === undefined || row[row.length - 1] === '')
      )
        row.pop();
      // Excel has no empty text: ExcelJS keeps a written '' as text, Excel clears the cell.
      return row.map((v) => (v === undefined || v === '' ? null : v));
    });
    while (out.length > 0 && out[out.length - 1].length === 0) out.pop();
    return out;
  };
  return {
    name: s.name,
    rows: trim(s.rows),
    formulas: trim(
      (s.formulas ?? []).map((r) =>
        r.map((f) => (f === null || f === undefined ? null : fromFileFormula(f.replace(/^=/, '')))),
      ),
    ),
    merges: [...(s.merges ?? [])].sort(),
    hidden: s.hidden === true,
  };
}

function generated(sheetCount: number, rows = 20, cols = 6): WorkbookSnapshot {
  return {
    sheets: Array.from({ length: sheetCount }, (_, i) => ({
      name: `S${i + 1}`,
      rows: Array.from({ length: rows }, (_, r) =>
        Array.from({ length: cols }, (_, c) => (c === 0 ? `Tiêu chí ${r}` : r * c)),
      ),
    })),
  };
}

describe('readSnapshotOffice', () => {
  test.each([10, 100, 1000])('%i sheets: a fixed number of syncs, chunks grow with bytes only', async (n) => {
    const sim = createSimulatedExcel(generated(n));
    const stats: ReadOfficeStats = { syncs: 0, chunks: 0, retries: 0 };
    const snapshot = await sim.Excel.run((context) => readSnapshotOffice(context, {}, stats));
    expect(snapshot.sheets).toHaveLength(n);
    expect(snapshot.sheets[n - 1].rows[3]).toEqual(['Tiêu chí 3', 3, 6, 9, 12, 15]);
    // 2 syncs for the sheet list and the used ranges, then one per chunk of at most 4 MB.
    expect(sim.syncCount()).toBe(2 + stats.chunks);
    // 20 × 6 cells per sheet, estimated at 48 bytes (values and formulas): 1,000 sheets take 2 requests of 4 MB.
    expect(stats.chunks).toBe(Math.ceil((n * 20 * 6 * 48) / (4 * 1024 * 1024)));
    expect(stats.retries).toBe(0);
    expect(Math.max(...sim.requests().map((r) => r.responseBytes))).toBeLessThan(5 * 1024 * 1024);
  });

  test('chunks are bounded by bytes: more data, more chunks, never one per sheet', async () => {
    const sim = createSimulatedExcel(generated(200, 50, 10));
    const stats: ReadOfficeStats = { syncs: 0, chunks: 0, retries: 0 };
    await sim.Excel.run((context) => readSnapshotOffice(context, { maxRequestBytes: 200_000 }, stats));
    expect(stats.chunks).toBeGreaterThan(1);
    expect(stats.chunks).toBeLessThan(200);
    expect(sim.syncCount()).toBe(2 + stats.chunks);
  });

  test('a sheet larger than the budget is split by rows; a refused request is halved and retried', async () => {
    const sim = createSimulatedExcel(generated(3, 400, 8), { payloadLimit: 20_000 });
    const stats: ReadOfficeStats = { syncs: 0, chunks: 0, retries: 0 };
    const expected = sim.snapshot();
    const snapshot = await sim.Excel.run((context) =>
      readSnapshotOffice(context, { maxRequestBytes: 30_000, bytesPerCell: 4 }, stats),
    );
    expect(stats.retries).toBeGreaterThan(0);
    expect(snapshot.sheets.map(normalizeSheet)).toEqual(expected.sheets.map(normalizeSheet));
    expect(
      sim
        .requests()
        .filter((r) => !r.failed)
        .every((r) => r.responseBytes <= 20_000),
    ).toBe(true);
  });

  test('rows are anchored at A1 when the used range starts elsewhere; merges only with ExcelApi 1.13', async () => {
    const initial: WorkbookSnapshot = {
      sheets: [{ name: 'X', rows: [[], [], [null, null, 'a', { error: '#N/A' }]], merges: ['C3:C4'] }],
    };
    const sim = createSimulatedExcel(initial);
    const with13 = await sim.Excel.run((context) => readSnapshotOffice(context, { isSetSupported: all }));
    expect(with13.sheets[0].rows).toEqual([[], [], [null, null, 'a', { error: '#N/A' }]]);
    expect(with13.sheets[0].merges).toEqual(['C3:C4']);
    const without = await sim.Excel.run((context) => readSnapshotOffice(context, { isSetSupported: () => false }));
    expect(without.sheets[0].merges).toBeUndefined();
  });
});

describe('applyPlanOffice', () => {
  test('the sample: the plan applied through ExcelJS and through Office.js gives the same cells', async () => {
    const file = await readXlsxFile(SAMPLE);
    const { snapshot } = file;
    const workbook = await loadXlsxBuffer(file.bytes, SAMPLE);
    const analysis = analyzeWorkbook(snapshot);
    const plan = planResults(snapshot, analysis);

    const sim = createSimulatedExcel(snapshot);
    // Reading the simulated workbook gives what ExcelJS read.
    const read = await sim.Excel.run((context) => readSnapshotOffice(context, { isSetSupported: all }));
    expect(read.sheets.map(normalizeSheet)).toEqual(snapshot.sheets.map(normalizeSheet));

    applyPlan(workbook, plan);
    sim.resetCounters();
    const result = await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: all }));
    const viaExcelJS = snapshotFromExcelJS(workbook).sheets.map(normalizeSheet);
    const viaOffice = sim.snapshot().sheets.map(normalizeSheet);
    expect(viaOffice.map((s) => s.name)).toEqual(viaExcelJS.map((s) => s.name));
    for (let i = 0; i < viaExcelJS.length; i++) expect(viaOffice[i]).toEqual(viaExcelJS[i]);
    // Sheet list + merges/values of touched sheets, then writes (calculation suspended), the freezes, the
    // recalculation.
    expect(result.syncs).toBe(sim.syncCount());
    expect(result.syncs).toBeLessThanOrEqual(5 + result.chunks);
    expect(sim.suspendedSyncs()).toBe(result.chunks);
    // The ownership record reads back; a second run replaces the first (removing the rules it added).
    const again = await sim.Excel.run((context) => readSnapshotOffice(context));
    // (the last record written: the first one also lists the states each new sheet passes through)
    const records = plan.ops.filter((o) => o.kind === 'writeOwnership');
    expect(parseOwnership(again)).toEqual(records.length > 0 ? records[records.length - 1].record : null);
    expect(sim.state.sheets.find((s) => s.name === OWNERSHIP_SHEET)?.visibility).toBe('VeryHidden');
    const cfBefore = sim.exportSheets().reduce((n, s) => n + s.conditionalFormats.length, 0);
    const plan2 = planResults(again, analyzeWorkbook(again, { ownedSheets: parseOwnership(again)?.sheets }));
    await sim.Excel.run((context) => applyPlanOffice(context, plan2, { isSetSupported: all }));
    expect(sim.exportSheets().reduce((n, s) => n + s.conditionalFormats.length, 0)).toBe(cfBefore);
    // Clean removes everything the add-in wrote.
    const after2 = await sim.Excel.run((context) => readSnapshotOffice(context));
    await sim.Excel.run((context) => applyPlanOffice(context, planClean(after2), { isSetSupported: all }));
    expect(sim.snapshot().sheets.map(normalizeSheet)).toEqual(snapshot.sheets.map(normalizeSheet));
    expect(sim.exportSheets().reduce((n, s) => n + s.conditionalFormats.length, 0)).toBe(0);
  });

  test('a tiny payload limit: the plan still applies, with more syncs (halved requests)', async () => {
    const { snapshot } = await readXlsxFile(SAMPLE);
    const plan = planResults(snapshot, analyzeWorkbook(snapshot));
    const big = createSimulatedExcel(snapshot);
    const normal = await big.Excel.run((context) => applyPlanOffice(context, plan));
    const small = createSimulatedExcel(snapshot, { payloadLimit: 40_000 });
    const tiny = await small.Excel.run((context) => applyPlanOffice(context, plan));
    expect(tiny.retries).toBeGreaterThan(0);
    expect(tiny.syncs).toBeGreaterThan(normal.syncs);
    expect(small.snapshot().sheets.map(normalizeSheet)).toEqual(big.snapshot().sheets.map(normalizeSheet));
    expect(small.exportSheets()).toEqual(big.exportSheets());
  });

  test.each([10, 100, 1000])('%i sheets: syncs do not grow with the sheet count', async (n) => {
    const snapshot = generated(n, 5, 3);
    const plan: WritePlan = {
      ops: [
        { kind: 'addSheet', sheet: 'Out' },
        ...snapshot.sheets.map((s, i) => ({
          kind: 'setCells' as const,
          sheet: s.name,
          address: 'E1',
          cells: [[i, { formula: `SUM(B1:C1)` }]],
        })),
        { kind: 'writeOwnership', record: { version: 1, sheets: ['Out'], conditionalFormats: [], fingerprints: {} } },
      ],
      summary: [],
      findings: [],
    };
    const sim = createSimulatedExcel(snapshot);
    const result = await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: all }));
    expect(result.chunks).toBe(1);
    // the sheets, the check's reads, the writes, the recalculation
    expect(sim.syncCount()).toBe(4);
    expect(sim.snapshot().sheets[n - 1].formulas?.[0]?.[5]).toBe('SUM(B1:C1)');
  });

  test('a protected sheet refuses the whole plan before anything is written', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [[1]] },
        { name: 'B', rows: [[2]], protected: true },
      ],
    });
    const before = JSON.stringify(sim.exportSheets());
    const plan: WritePlan = {
      ops: [
        { kind: 'addSheet', sheet: 'New' },
        { kind: 'setCells', sheet: 'A', address: 'B1', cells: [['x']] },
        {
          kind: 'addConditionalFormat',
          format: { sheet: 'B', range: 'A1', rule: { type: 'expression', formula: 'A1>1', fill: 'FF0000' } },
        },
      ],
      summary: [],
      findings: [],
    };
    const err = await sim.Excel.run((context) => applyPlanOffice(context, plan)).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanApplyError);
    expect((err as PlanApplyError).kind).toBe('invalid-plan');
    expect((err as PlanApplyError).problems[0].code).toBe('PLAN_SHEET_PROTECTED');
    expect((err as PlanApplyError).messageVi).toMatch(/Chưa ghi gì/);
    expect((err as PlanApplyError).messageEn).toMatch(/Nothing was written/);
    expect(JSON.stringify(sim.exportSheets())).toBe(before);
    expect(sim.syncCount()).toBe(1);
  });

  test('texts that Excel would parse stay text; formulas get "=" and no _xlfn.; blanks clear', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [['old', 'old']] }] });
    const texts = ['1.1', '1/2', '-', '=x', "'q", 'TRUE', '#N/A', '50%', 'Khối 1', 'Mar 3', '+5', ' 12 '];
    await sim.Excel.run((context) =>
      applyPlanOffice(context, {
        ops: [
          { kind: 'setCells', sheet: 'A', address: 'A1', cells: [[null, 2]] },
          { kind: 'setCells', sheet: 'A', address: 'A2', cells: [texts] },
          {
            kind: 'setCells',
            sheet: 'A',
            address: 'A3',
            cells: [[{ formula: 'RANK.EQ(B1,B1:B2)' }, { error: '#N/A' }, true]],
          },
        ],
        summary: [],
        findings: [],
      }),
    );
    const s = sim.snapshot().sheets[0];
    expect(s.rows[0]).toEqual([null, 2]);
    expect(s.rows[1]).toEqual(texts);
    expect(s.formulas?.[2]?.[0]).toBe('RANK.EQ(B1,B1:B2)');
    expect(s.rows[2].slice(1)).toEqual([{ error: '#N/A' }, true]);
    expect(needsTextPrefix('Tính điểm')).toBe(false);
    expect(toOfficeInput({ formula: 'A1' }, 4, 2)).toBe('=A1');
    // An R1C1 formula is written as its cell's A1 text.
    expect(toOfficeInput({ formula: "R[-1]C+'Đơn vị 1'!R3C[2]", r1c1: true }, 4, 2)).toBe("=C4+'Đơn vị 1'!E$3");
    expect(widthToPoints(10)).toBe(56.25);
  });

  test('selectCell activates and selects in one sync; errors are bilingual', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [] },
        { name: 'B', rows: [] },
      ],
    });
    await sim.Excel.run((context) => selectCell(context, 'B', 'C7'));
    expect(sim.syncCount()).toBe(1);
    expect(sim.state.activeSheet).toBe('B');
    expect(sim.state.selection).toEqual({ sheet: 'B', address: 'C7' });
    const err = await sim.Excel.run((context) => selectCell(context, 'nope', 'A1')).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OfficeAdapterError);
    expect((err as OfficeAdapterError).code).toBe('ItemNotFound');
    expect((err as OfficeAdapterError).messageVi).toMatch(/Không tìm thấy/);
    expect(isPayloadLimitError(new SimulatedOfficeError('RequestPayloadSizeLimitExceeded', 'x'))).toBe(true);
    expect(describeOfficeError(new SimulatedOfficeError('AccessDenied', 'x')).en).toMatch(/protected/);
  });
});

test('highlights Excel has moved (rows inserted above) are found on their sheet by a re-run and by clean', async () => {
  const { snapshot } = await readXlsxFile(SAMPLE);
  const sim = createSimulatedExcel(snapshot);
  await sim.Excel.run((context) =>
    applyPlanOffice(context, planResults(snapshot, analyzeWorkbook(snapshot)), { isSetSupported: all }),
  );
  const count = () => sim.exportSheets().reduce((n, s) => n + s.conditionalFormats.length, 0);
  const once = count();
  let moved = 0;
  for (const sheet of sim.state.sheets) {
    for (const cf of sheet.conditionalFormats) {
      if (cf.type !== 'Custom' || cf.formula === undefined) continue;
      cf.range = shiftedDownOneRow(cf.range);
      cf.formula = shiftedDownOneRow(cf.formula);
      moved++;
    }
  }
  expect(moved).toBeGreaterThan(10);
  const read = () => sim.Excel.run((context) => readSnapshotOffice(context));
  const moved1 = await read();
  await sim.Excel.run((context) =>
    applyPlanOffice(context, planResults(moved1, analyzeWorkbook(moved1)), { isSetSupported: all }),
  );
  expect(count()).toBe(once);
  const again = await read();
  await sim.Excel.run((context) => applyPlanOffice(context, planClean(again), { isSetSupported: all }));
  expect(count()).toBe(0);
});

test('a highlight over several areas: one rule on getRanges with ExcelApi 1.9, one per area without, the same on every cell', async () => {
  const { snapshot } = await readXlsxFile(SAMPLE);
  const plan = planResults(snapshot, analyzeWorkbook(snapshot));
  const highlights = plan.ops.flatMap((o) =>
    o.kind === 'addConditionalFormat' && o.format.rule.type === 'expression' && isTaggedHighlight(o.format.rule.formula)
      ? [o.format]
      : [],
  );
  const areas = highlights.reduce((n, f) => n + f.range.split(' ').length, 0);
  expect(highlights.filter((f) => f.range.includes(' ')).length).toBeGreaterThan(0);
  /** The tagged rules of a simulated workbook, and the formula each covered cell is evaluated with. */
  const rendered = (sim: ReturnType<typeof createSimulatedExcel>) => {
    const cells = new Map<string, string>();
    let rules = 0;
    for (const sheet of sim.exportSheets()) {
      for (const cf of sheet.conditionalFormats) {
        if (cf.type !== 'Custom' || cf.formula === undefined || !isTaggedHighlight(cf.formula)) continue;
        rules++;
        const boxes = cf.range.split(' ').map((a) => parseRange(a)!);
        for (const b of boxes)
          for (let r = b.top; r <= b.bottom; r++)
            cells.set(`${sheet.name}!${r}:${b.left}`, `${shiftFormulaRows(cf.formula, r - boxes[0].top)} ${cf.fill}`);
      }
    }
    return { rules, cells };
  };
  const sims = [createSimulatedExcel(snapshot), createSimulatedExcel(snapshot)];
  await sims[0].Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: all }));
  // Excel 2016/2019 (no ExcelApi 1.9): no getRanges
  await sims[1].Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: () => false }));
  const [withAreas, perArea] = sims.map(rendered);
  expect(withAreas.rules).toBe(highlights.length);
  expect(perArea.rules).toBe(areas);
  expect(withAreas.cells.size).toBe(2586);
  expect([...perArea.cells].sort()).toEqual([...withAreas.cells].sort());
  // clean finds and removes them both ways
  for (const sim of sims) {
    const read = await sim.Excel.run((context) => readSnapshotOffice(context));
    await sim.Excel.run((context) => applyPlanOffice(context, planClean(read), { isSetSupported: all }));
    expect(sim.exportSheets().reduce((n, sheet) => n + sheet.conditionalFormats.length, 0)).toBe(0);
  }
});
