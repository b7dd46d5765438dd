// Hardening of the Office.js adapter against what real Excel does and the simulated host now does too:
// very hidden sheets refuse deletion, responses over 5 MB fail with their own (translated) error, writing
// with calculation suspended needs a recalculation (in a request of its own), a protected workbook structure
// refuses sheet changes, and Range.getMergedAreasOrNullObject fails (or answers a null object) beyond 512
// merged areas, so merges are read in tiles. More hardening, with faults injected: office-limits.test.ts.
import { readXlsxFile } from '../src/workbook/xlsx-file';
import { PlanApplyError } from '../src/workbook/plan-errors';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { mergeTiles, readSnapshotOffice, type ReadOfficeStats } from '../src/workbook/office-read';
import { isPayloadLimitError, OfficeAdapterError } from '../src/workbook/office-errors';
import { analyzeWorkbook } from '../src/core/analyze';
import { planClean, planResults } from '../src/core/results-plan';
import { OWNERSHIP_SHEET, type WritePlan } from '../src/core/plan-types';
import type { WorkbookSnapshot } from '../src/core/types';
import { createSimulatedExcel, MAX_MERGED_AREAS, SimulatedOfficeError } from '../src/harness/simulated-excel';

const SAMPLE = 'samples/sample.xlsx';
const all = () => true;
const newStats = (): ReadOfficeStats => ({ syncs: 0, chunks: 0, retries: 0 });
const plan = (ops: WritePlan['ops']): WritePlan => ({ ops, summary: [], findings: [] });
const ownership = {
  kind: 'writeOwnership' as const,
  record: { version: 1 as const, sheets: ['Out'], conditionalFormats: [], fingerprints: {} },
};

/** `rows` × `cols` cells of `length`-character text (Vietnamese letters, 2 bytes each in UTF-8, count too). */
function longText(rows: number, cols: number, length: number): WorkbookSnapshot {
  const text = (r: number, c: number) => `${r}:${c} ${'Điểm '.repeat(length)}`.slice(0, length);
  return {
    sheets: [
      {
        name: 'Text',
        rows: Array.from({ length: rows }, (_, r) => Array.from({ length: cols }, (_, c) => text(r, c))),
      },
    ],
  };
}

/** A sheet with `count` merged pairs of cells (A1:B1, A2:B2…) under a header with values. */
function manyMerges(name: string, count: number, from = 1): WorkbookSnapshot['sheets'][number] {
  return {
    name,
    rows: [['Mã', 'Tên', 'Điểm'], ...Array.from({ length: from - 1 + count }, (_, r) => [`x${r}`, null, r])],
    merges: Array.from({ length: count }, (_, i) => `A${from + 1 + i}:B${from + 1 + i}`),
  };
}

describe('1. a very hidden sheet is made hidden before it is deleted', () => {
  test('the simulated host refuses to delete a very hidden sheet (InvalidOperation), checked when the delete runs', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [] },
        { name: 'B', rows: [] },
        { name: 'C', rows: [] },
      ],
    });
    sim.state.sheets[1].visibility = 'VeryHidden';
    await sim.Excel.run(async (context) => {
      const sheets = context.workbook.worksheets;
      sheets.getItem('B').delete();
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      // Made very hidden earlier in the same request: refused too.
      const c = sheets.getItem('C');
      c.visibility = 'VeryHidden';
      c.delete();
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      // Hidden first, then deleted, in one request: done.
      for (const name of ['B', 'C']) {
        const ws = sheets.getItem(name);
        ws.visibility = 'Hidden';
        ws.delete();
      }
      await context.sync();
    });
    expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(['A']);
  });

  test('a plan deleting the very hidden ownership sheet applies, in one write request', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [[1]] },
        { name: 'Out', rows: [[2]] },
        { name: OWNERSHIP_SHEET, rows: [['x']] },
      ],
    });
    sim.state.sheets[2].visibility = 'VeryHidden';
    const result = await sim.Excel.run((context) =>
      applyPlanOffice(
        context,
        plan([
          { kind: 'deleteSheet', sheet: 'Out' },
          { kind: 'deleteSheet', sheet: OWNERSHIP_SHEET },
        ]),
      ),
    );
    expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(['A']);
    // The sheet list, then one write request (nothing to check on the sheets written), the recalculation.
    expect(result).toMatchObject({ syncs: 3, chunks: 1, retries: 0 });
    expect(sim.syncCount()).toBe(3);
  });

  test('the sample: results written, then removed, the very hidden ownership sheet included', async () => {
    const { snapshot } = await readXlsxFile(SAMPLE);
    const sim = createSimulatedExcel(snapshot);
    await sim.Excel.run((context) =>
      applyPlanOffice(context, planResults(snapshot, analyzeWorkbook(snapshot)), { isSetSupported: all }),
    );
    expect(sim.state.sheets.find((s) => s.name === OWNERSHIP_SHEET)?.visibility).toBe('VeryHidden');
    const written = await sim.Excel.run((context) => readSnapshotOffice(context));
    await sim.Excel.run((context) => applyPlanOffice(context, planClean(written), { isSetSupported: all }));
    expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(snapshot.sheets.map((s) => s.name));
  });
});

describe('2. a response over the limit (ResponsePayloadSizeLimitExceeded) is halved like a request', () => {
  test('isPayloadLimitError: either code, whatever the language of the message; the message only without a code', () => {
    expect(
      isPayloadLimitError(
        new SimulatedOfficeError(
          'ResponsePayloadSizeLimitExceeded',
          'Kích cỡ tải trọng phản hồi đã vượt quá giới hạn.',
        ),
      ),
    ).toBe(true);
    expect(
      isPayloadLimitError({
        code: 'ResponsePayloadSizeLimitExceeded',
        message: 'Die Größe der Antwortnutzlast hat das Limit überschritten.',
      }),
    ).toBe(true);
    expect(
      isPayloadLimitError({
        code: 'GeneralException',
        message: 'x',
        debugInfo: { code: 'ResponsePayloadSizeLimitExceeded' },
      }),
    ).toBe(true);
    expect(
      isPayloadLimitError({
        code: 'RequestPayloadSizeLimitExceeded',
        message: '要求のペイロード サイズが制限を超えました。',
      }),
    ).toBe(true);
    expect(
      isPayloadLimitError(
        new Error('The response payload size has exceeded the limit. Please refer to the documentation'),
      ),
    ).toBe(true);
    expect(isPayloadLimitError(new Error('Kích cỡ tải trọng yêu cầu đã vượt quá giới hạn'))).toBe(true);
    expect(isPayloadLimitError({ code: 'GeneralException', message: 'Có lỗi xảy ra.' })).toBe(false);
    expect(isPayloadLimitError(new SimulatedOfficeError('AccessDenied', 'x'))).toBe(false);
  });

  test('the simulated host answers a response over the limit with ResponsePayloadSizeLimitExceeded, translated in a Vietnamese Office', async () => {
    const sim = createSimulatedExcel(longText(10, 2, 100), { payloadLimit: 1000, language: 'vi' });
    await sim.Excel.run(async (context) => {
      const range = context.workbook.worksheets.getItem('Text').getRange('A1:B10');
      range.load('values');
      await expect(context.sync()).rejects.toMatchObject({
        code: 'ResponsePayloadSizeLimitExceeded',
        message: expect.stringMatching(/^Kích cỡ tải trọng phản hồi đã vượt quá giới hạn/) as string,
      });
      // A request over the limit keeps the request code.
      range.values = Array.from({ length: 10 }, () => ['x'.repeat(100), 'y']);
      await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
    });
  });

  test('a read whose response is too big (long texts, in values and formulas) is halved and succeeds', async () => {
    // 60 × 4 cells of 200 characters: about 120 KB back (values and formulas), estimated at 11.5 KB.
    const sim = createSimulatedExcel(longText(60, 4, 200), { payloadLimit: 60_000, language: 'vi' });
    const expected = sim.snapshot();
    const stats = newStats();
    const snapshot = await sim.Excel.run((context) => readSnapshotOffice(context, { maxRequestBytes: 50_000 }, stats));
    expect(snapshot).toEqual(expected);
    expect(stats.retries).toBeGreaterThan(0);
    expect(sim.syncCount()).toBe(2 + stats.chunks + stats.retries);
    expect(
      sim
        .requests()
        .filter((r) => r.failed)
        .every((r) => r.responseBytes > 60_000),
    ).toBe(true);
  });

  test('the estimate learns from what was read: a long-text sheet in many bands is refused once or twice, not per band', async () => {
    // 600 × 4 cells of 100 characters (~210 bytes a cell with formulas) estimated at 48 bytes a cell.
    const sim = createSimulatedExcel(longText(600, 4, 100), { payloadLimit: 40_000 });
    const expected = sim.snapshot();
    const stats = newStats();
    const snapshot = await sim.Excel.run((context) => readSnapshotOffice(context, { maxRequestBytes: 30_000 }, stats));
    expect(snapshot).toEqual(expected);
    expect(stats.chunks).toBeGreaterThan(10);
    // Without learning, each of the 4 bands of 156 rows would be refused 3 times (12 retries).
    expect(stats.retries).toBeLessThanOrEqual(2);
    const failedAt = sim.requests().flatMap((r, i) => (r.failed ? [i] : []));
    expect(Math.max(...failedAt)).toBeLessThan(5);
  });
});

describe('3. the workbook is recalculated in a request of its own, not suspended', () => {
  test('application.calculate is a recorded no-op of the simulated host; a bad type is refused', async () => {
    const sim = createSimulatedExcel();
    await sim.Excel.run(async (context) => {
      context.workbook.application.calculate('Recalculate');
      await context.sync();
      context.workbook.application.calculate('Sometimes' as Excel.CalculationType);
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
    expect(sim.calculations()).toBe(1);
    expect(sim.requests().map((r) => r.calculations)).toEqual([1, 0]);
  });

  test('after writing with calculation suspended, the last request (and only it) recalculates, unsuspended', async () => {
    const { snapshot } = await readXlsxFile(SAMPLE);
    const results = planResults(snapshot, analyzeWorkbook(snapshot));
    for (const limit of [undefined, 40_000]) {
      const sim = createSimulatedExcel(snapshot, limit === undefined ? {} : { payloadLimit: limit });
      const result = await sim.Excel.run((context) => applyPlanOffice(context, results, { isSetSupported: all }));
      const requests = sim.requests();
      const succeeded = requests.filter((r) => !r.failed);
      expect(sim.calculations()).toBe(1);
      expect(requests[requests.length - 1]).toMatchObject({ failed: false, calculations: 1, suspended: false });
      expect(succeeded.slice(0, -1).every((r) => r.calculations === 0)).toBe(true);
      expect(result.syncs).toBe(sim.syncCount());
      expect(sim.suspendedSyncs()).toBe(result.chunks);
      expect(result.warnings).toEqual([]);
      if (limit !== undefined) expect(result.retries).toBeGreaterThan(0);
    }
  });

  test('1,000 sheets: still 4 syncs, the recalculation after the one write request', async () => {
    const snapshot: WorkbookSnapshot = {
      sheets: Array.from({ length: 1000 }, (_, i) => ({ name: `S${i + 1}`, rows: [[i, i + 1]] })),
    };
    const sim = createSimulatedExcel(snapshot);
    const result = await sim.Excel.run((context) =>
      applyPlanOffice(
        context,
        plan([
          { kind: 'addSheet', sheet: 'Out' },
          ...snapshot.sheets.map((s) => ({
            kind: 'setCells' as const,
            sheet: s.name,
            address: 'C1',
            cells: [[{ formula: 'A1+B1' }]],
          })),
          ownership,
        ]),
        { isSetSupported: all },
      ),
    );
    expect(result).toMatchObject({ syncs: 4, chunks: 1 });
    expect(sim.requests().map((r) => [r.calculations, r.suspended])).toEqual([
      [0, false],
      [0, false],
      [0, true],
      [1, false],
    ]);
  });
});

describe('4. a protected workbook structure refuses a plan that adds or deletes sheets, before writing', () => {
  test('the simulated host: sheets cannot be added, deleted, renamed, hidden or shown; cells can be written', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [] },
        { name: 'B', rows: [] },
      ],
    });
    sim.state.structureProtected = true;
    await sim.Excel.run(async (context) => {
      const protection = context.workbook.protection;
      protection.load('protected');
      await context.sync();
      expect(protection.protected).toBe(true);
      const sheets = context.workbook.worksheets;
      const attempts: (() => void)[] = [
        () => sheets.add('C'),
        () => sheets.getItem('B').delete(),
        () => {
          sheets.getItem('B').name = 'B2';
        },
        () => {
          sheets.getItem('B').visibility = 'Hidden';
        },
      ];
      for (const attempt of attempts) {
        attempt();
        await expect(context.sync()).rejects.toMatchObject({ code: 'AccessDenied' });
      }
      sheets.getItem('A').getRange('A1').values = [[1]];
      await context.sync();
      protection.unprotect();
      sheets.getItem('B').name = 'B2';
      sheets.add('C').visibility = 'VeryHidden';
      await context.sync();
      protection.protect();
      await context.sync();
      protection.protect();
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
    expect(sim.exportSheets().map((s) => [s.name, s.visibility])).toEqual([
      ['A', 'Visible'],
      ['B2', 'Visible'],
      ['C', 'VeryHidden'],
    ]);
    expect(sim.snapshot().sheets[0].rows).toEqual([[1]]);
    expect(sim.state.structureProtected).toBe(true);
  });

  test('the sample: writing results into a workbook with a protected structure is refused whole, nothing written, one sync', async () => {
    const { snapshot } = await readXlsxFile(SAMPLE);
    const sim = createSimulatedExcel(snapshot);
    sim.state.structureProtected = true;
    const before = JSON.stringify(sim.exportSheets());
    const err = await sim.Excel.run((context) =>
      applyPlanOffice(context, planResults(snapshot, analyzeWorkbook(snapshot)), { isSetSupported: all }),
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanApplyError);
    const e = err as PlanApplyError;
    expect(e.kind).toBe('invalid-plan');
    expect(e.problems[0]).toMatchObject({
      code: 'PLAN_SHEET_PROTECTED',
      severity: 'error',
      opIndex: expect.any(Number) as number,
    });
    expect(e.messageVi).toMatch(/^Chưa ghi gì vào sổ tính: Sổ tính đang được bảo vệ cấu trúc/);
    expect(e.messageEn).toMatch(/^Nothing was written to the workbook: The workbook's structure is protected/);
    expect(JSON.stringify(sim.exportSheets())).toBe(before);
    expect(sim.syncCount()).toBe(1);
    expect(sim.calculations()).toBe(0);
  });

  test.each([
    ['deleting a sheet', [{ kind: 'deleteSheet', sheet: 'B' }]],
    ['writing the ownership record', [ownership]],
  ] as [string, WritePlan['ops']][])('%s is refused too', async (_what, ops) => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [[1]] },
        { name: 'B', rows: [] },
      ],
    });
    sim.state.structureProtected = true;
    const err = await sim.Excel.run((context) => applyPlanOffice(context, plan(ops))).catch((e: unknown) => e);
    expect((err as PlanApplyError).kind).toBe('invalid-plan');
    expect(sim.syncCount()).toBe(1);
  });

  test('a plan that only writes cells of existing sheets still applies', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    sim.state.structureProtected = true;
    await sim.Excel.run((context) =>
      applyPlanOffice(context, plan([{ kind: 'setCells', sheet: 'A', address: 'B1', cells: [[{ formula: 'A1*2' }]] }])),
    );
    expect(sim.snapshot().sheets[0].formulas?.[0]?.[1]).toBe('A1*2');
  });
});

describe('5. more than 512 merged areas: merges read in tiles of at most 512 cells', () => {
  test('the simulated host: getMergedAreasOrNullObject gives the merges anchored in the range, and fails beyond 512', async () => {
    const sim = createSimulatedExcel({
      sheets: [manyMerges('M', MAX_MERGED_AREAS + 1), { name: 'N', rows: [[1]], merges: ['B2:C3'] }],
    });
    await sim.Excel.run(async (context) => {
      const m = context.workbook.worksheets.getItem('M');
      const n = context.workbook.worksheets.getItem('N');
      const anchored = n.getRange('A1:B2').getMergedAreasOrNullObject();
      anchored.load('areas/items/address');
      const overlapping = n.getRange('C3:D4').getMergedAreasOrNullObject();
      overlapping.load('address');
      const exactly512 = m.getRange(`A2:B${MAX_MERGED_AREAS + 1}`).getMergedAreasOrNullObject();
      exactly512.load('areaCount');
      await context.sync();
      expect(anchored.areas.items.map((r) => r.address)).toEqual(['N!B2:C3']);
      expect(overlapping.isNullObject).toBe(true);
      expect(exactly512.areaCount).toBe(MAX_MERGED_AREAS);
      m.getRange().getMergedAreasOrNullObject().load('areas/items/address');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
  });

  test('read: merges are asked for the used range, not the whole sheet (empty merges far below are no trouble)', async () => {
    const sheet = {
      name: 'Form',
      rows: [
        ['Mã', 'Tên'],
        ['a', 'b'],
      ],
      merges: ['B1:C1', ...Array.from({ length: 600 }, (_, i) => `A${100 + i}:B${100 + i}`)],
    };
    const sim = createSimulatedExcel({ sheets: [sheet] });
    const stats = newStats();
    const snapshot = await sim.Excel.run((context) => readSnapshotOffice(context, { isSetSupported: all }, stats));
    expect(snapshot.sheets[0].merges).toEqual(['B1:C1']);
    expect(stats.mergesSkipped).toBeUndefined();
    expect(sim.syncCount()).toBe(3);
  });

  test('mergeTiles: tiles of at most 512 cells covering the box once, whatever its shape', () => {
    for (const [rows, cols] of [
      [1, 1],
      [600, 3],
      [7, 2000],
      [1000, 513],
    ]) {
      const tiles = mergeTiles(rows, cols);
      expect(tiles.every((t) => t.rows * t.cols <= MAX_MERGED_AREAS)).toBe(true);
      expect(tiles.reduce((n, t) => n + t.rows * t.cols, 0)).toBe(rows * cols);
      const seen = new Set<string>();
      for (const t of tiles)
        for (let r = t.row; r < t.row + t.rows; r++) for (let c = t.col; c < t.col + t.cols; c++) seen.add(`${r}:${c}`);
      expect(seen.size).toBe(rows * cols);
    }
  });

  test.each([
    ['fails', {}],
    ['answers a null object', { mergedAreasOverLimitAsNull: true }],
  ])(
    'read: a sheet with more than 512 merges in its data keeps every merge, in the same syncs, where Excel %s beyond 512',
    async (_, faults) => {
      const initial: WorkbookSnapshot = {
        sheets: [{ name: 'A', rows: [['x', null, 'y']], merges: ['A1:B1'] }, manyMerges('Big', 600)],
      };
      const sim = createSimulatedExcel(initial, { faults });
      const expected = sim.snapshot();
      const stats = newStats();
      const snapshot = await sim.Excel.run((context) => readSnapshotOffice(context, { isSetSupported: all }, stats));
      expect(snapshot.sheets.map((s) => s.rows)).toEqual(expected.sheets.map((s) => s.rows));
      expect(snapshot.sheets[0].merges).toEqual(['A1:B1']);
      expect(new Set(snapshot.sheets[1].merges)).toEqual(new Set(initial.sheets[1].merges));
      expect(snapshot.sheets[1].merges).toHaveLength(600);
      expect(stats.mergesSkipped).toBeUndefined();
      expect(sim.syncCount()).toBe(2 + stats.chunks);
      expect(sim.requests().every((r) => !r.failed)).toBe(true);
      // Asked whole, the same sheet fails or comes back empty: what the tiles avoid.
      await sim.Excel.run(async (context) => {
        const whole = context.workbook.worksheets.getItem('Big').getRange('A1:C601').getMergedAreasOrNullObject();
        whole.load('areas/items/address');
        if ('mergedAreasOverLimitAsNull' in faults) {
          await context.sync();
          expect(whole.isNullObject).toBe(true);
        } else await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
      });
    },
  );

  test('apply: merges are asked for what the plan writes (from A1), so many merges elsewhere cost nothing', async () => {
    const sim = createSimulatedExcel({ sheets: [manyMerges('Big', 600, 20)] });
    const result = await sim.Excel.run((context) =>
      applyPlanOffice(context, plan([{ kind: 'setCells', sheet: 'Big', address: 'D1', cells: [['Xếp hạng'], [1]] }]), {
        isSetSupported: all,
      }),
    );
    expect(result.syncs).toBe(4);
    expect(sim.snapshot().sheets[0].rows[0]).toEqual(['Mã', 'Tên', 'Điểm', 'Xếp hạng']);
  });

  test.each([
    ['fails', {}],
    ['answers a null object', { mergedAreasOverLimitAsNull: true }],
  ])(
    'apply: 600 merges where the plan writes are all known to the check, where Excel %s beyond 512',
    async (_, faults) => {
      const sim = createSimulatedExcel({ sheets: [manyMerges('Big', 600)] }, { faults });
      const result = await sim.Excel.run((context) =>
        applyPlanOffice(
          context,
          plan([{ kind: 'setCells', sheet: 'Big', address: 'D1', cells: Array.from({ length: 601 }, (_, r) => [r]) }]),
          { isSetSupported: all },
        ),
      );
      // the sheets, the check's reads (merges in tiles), the writes, the recalculation: no failed request
      expect(result).toMatchObject({ syncs: 4, chunks: 1 });
      expect(sim.requests().map((r) => r.failed)).toEqual([false, false, false, false]);
      expect(sim.snapshot().sheets[0].rows[600]).toEqual(['x599', null, 599, 600]);
      // and a write into a merged cell is refused before anything is written, as the check knows the merge
      const refused = await sim.Excel.run((context) =>
        applyPlanOffice(context, plan([{ kind: 'setCells', sheet: 'Big', address: 'B600', cells: [['x']] }]), {
          isSetSupported: all,
        }).catch((e: unknown) => e),
      );
      expect(refused).toBeInstanceOf(PlanApplyError);
      expect((refused as PlanApplyError).problems[0].code).toBe('PLAN_MERGED_CELL');
    },
  );

  test('apply: an error that is not about merges still fails, after the one retry', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    const context = sim.newContext();
    const sync = context.sync.bind(context);
    let syncs = 0;
    // Excel fails every request after the sheet list (a connection lost, say).
    context.sync = (async () => {
      syncs++;
      if (syncs > 1) throw new SimulatedOfficeError('InvalidArgument', 'Lost.');
      return sync();
    }) as typeof context.sync;
    const err = await applyPlanOffice(context, plan([{ kind: 'setCells', sheet: 'A', address: 'B1', cells: [[2]] }]), {
      isSetSupported: all,
    }).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(OfficeAdapterError);
    expect((err as OfficeAdapterError).code).toBe('InvalidArgument');
    expect(syncs).toBe(3);
  });
});
