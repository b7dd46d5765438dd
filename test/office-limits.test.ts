// Excel's limits (src/core/excel-limits.ts) as the plan, the simulated host and the Office.js adapter use them:
// the simulated host refuses what Excel refuses (one test per limit), the plan for the sample with ten user
// placeholders passes every check, and the adapter survives what Excel has been seen to do, each fault
// injected in the simulated host (SimFaults).
import { analyzeWorkbook } from '../src/core/analyze';
import {
  EXCEL_WEB_PAYLOAD_LIMIT,
  formulaLimitProblem,
  MAX_FORMULA_LENGTH,
  MAX_FORMULA_NESTING,
  MAX_FORMULA_STRING_LENGTH,
  MAX_RANGE_CELLS,
  MAX_SHEET_NAME_LENGTH,
  payloadBytes,
  REQUEST_OP_OVERHEAD_BYTES,
  scanFormula,
  utf8Length,
} from '../src/core/excel-limits';
import { isPlanFormula, isTaggedHighlight, type WritePlan } from '../src/core/plan-types';
import { planResults } from '../src/core/results-plan';
import { defaultSettings, SETTINGS_SHEET_NAME, settingsSheetRows } from '../src/core/settings';
import type { WorkbookSnapshot } from '../src/core/types';
import { createSimulatedExcel, formulaRefusal, type SimFaults } from '../src/harness/simulated-excel';
import { applyPlanOffice, selectCell } from '../src/workbook/office-apply';
import { OfficeAdapterError } from '../src/workbook/office-errors';
import { readSnapshotOffice } from '../src/workbook/office-read';
import { checkPlan } from '../src/workbook/plan-check';
import { PlanApplyError } from '../src/workbook/plan-errors';
import { readXlsxFile } from '../src/workbook/xlsx-file';

const all = () => true;
const plan = (ops: WritePlan['ops']): WritePlan => ({ ops, summary: [], findings: [] });
const nested = (depth: number) => `${'ABS('.repeat(depth)}1${')'.repeat(depth)}`;

/** Writes `formula` (with its `=`) into A1 of a fresh simulated workbook; the error Excel answers, or null. */
async function writeFormula(formula: string): Promise<unknown> {
  const sim = createSimulatedExcel();
  return sim.Excel.run(async (context) => {
    context.workbook.worksheets.getItem('Sheet1').getRange('A1').formulas = [[formula]];
    return context.sync().then(
      () => null,
      (e: unknown) => e,
    );
  });
}

describe('the limits module', () => {
  test('scanFormula: text constants, quoted sheet names, brackets, nesting and functions', () => {
    expect(scanFormula(`IF(A1="x""y",SUM('My (sheet)'!A1:A3),T[@[Col (1)]])`)).toEqual({
      longestString: 3,
      nesting: 2,
      balanced: true,
      functions: ['IF', 'SUM'],
    });
    expect(scanFormula('(1+2)*ABS(-3)').nesting).toBe(1);
    expect(scanFormula('SUM(1,').balanced).toBe(false);
    expect(scanFormula('SUM(1))').balanced).toBe(false);
    expect(scanFormula('"open').balanced).toBe(false);
    expect(scanFormula(`'Sheet!A1`).balanced).toBe(false);
  });

  test('formulaLimitProblem: each limit, at it and one past it, said in both languages', () => {
    const constant = (n: number) => `LEN("${'x'.repeat(n)}")`;
    expect(formulaLimitProblem(constant(MAX_FORMULA_STRING_LENGTH))).toBeNull();
    expect(formulaLimitProblem(constant(MAX_FORMULA_STRING_LENGTH + 1))).toMatchObject({
      vi: expect.stringContaining('255') as string,
      en: expect.stringContaining('256 characters') as string,
    });
    // doubled quotes count once
    expect(formulaLimitProblem(`LEN("${'""'.repeat(MAX_FORMULA_STRING_LENGTH)}")`)).toBeNull();
    expect(formulaLimitProblem(nested(MAX_FORMULA_NESTING))).toBeNull();
    expect(formulaLimitProblem(nested(MAX_FORMULA_NESTING + 1))?.en).toMatch(/65 levels/);
    const long = (n: number) => `1${'+1'.repeat((n - 1) / 2)}`;
    expect(long(MAX_FORMULA_LENGTH - 1)).toHaveLength(MAX_FORMULA_LENGTH - 1);
    expect(formulaLimitProblem(long(MAX_FORMULA_LENGTH - 1))).toBeNull();
    expect(formulaLimitProblem(long(MAX_FORMULA_LENGTH + 1))?.vi).toMatch(/8192/);
    expect(formulaLimitProblem('SUM(1,')?.en).toMatch(/parenthes/);
  });

  test('payload bytes are UTF-8: a Vietnamese letter counts 2 or 3, an emoji 4', () => {
    expect(utf8Length('Điểm')).toBe(7);
    expect(utf8Length('€😀')).toBe(7);
    expect(payloadBytes([['Điểm']])).toBe(JSON.stringify([['Điểm']]).length + 3);
    expect(payloadBytes(undefined)).toBe(0);
  });
});

describe('the simulated host refuses what Excel refuses', () => {
  test('a text constant over 255 characters, in a cell and in a rule', async () => {
    expect(await writeFormula(`=LEN("${'x'.repeat(255)}")`)).toBeNull();
    expect(await writeFormula(`=LEN("${'x'.repeat(256)}")`)).toMatchObject({ code: 'InvalidArgument' });
    const sim = createSimulatedExcel();
    await sim.Excel.run(async (context) => {
      const cf = context.workbook.worksheets.getItem('Sheet1').getRange('A1:A3').conditionalFormats.add('Custom');
      cf.custom.rule.formula = `=ISNUMBER(FIND(A1,"${'x'.repeat(256)}"))`;
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });

  test('a formula over 8,192 characters', async () => {
    expect(await writeFormula(`=${'1+'.repeat((MAX_FORMULA_LENGTH - 1) / 2)}1`)).toBeNull();
    expect(await writeFormula(`=${'1+'.repeat(MAX_FORMULA_LENGTH / 2)}1`)).toMatchObject({
      code: 'InvalidArgument',
      message: expect.stringMatching(/8192/) as string,
    });
  });

  test('functions nested deeper than 64 levels', async () => {
    expect(await writeFormula(`=${nested(64)}`)).toBeNull();
    expect(await writeFormula(`=${nested(65)}`)).toMatchObject({ code: 'InvalidArgument' });
  });

  test('unbalanced parentheses and an unknown function; the sample functions and _xlfn.-free names are known', async () => {
    expect(await writeFormula('=SUM(1,')).toMatchObject({ code: 'InvalidArgument' });
    expect(await writeFormula('=SUM(1))')).toMatchObject({ code: 'InvalidArgument' });
    expect(await writeFormula('=SUMM(1)')).toMatchObject({ message: expect.stringMatching(/SUMM/) as string });
    expect(await writeFormula('=_xlfn.IFS(TRUE,1)')).toMatchObject({ code: 'InvalidArgument' });
    expect(await writeFormula('=IFS(TRUE,1)+RANK.EQ(1,A2:A3)+IFERROR(INDIRECT("A1"),0)')).toBeNull();
    expect(formulaRefusal('HYPERLINK("#\'Kiểm tra\'!A1","x")')).toBeNull();
  });

  test('a sheet name over 31 characters', async () => {
    const sim = createSimulatedExcel();
    await sim.Excel.run(async (context) => {
      context.workbook.worksheets.add('x'.repeat(MAX_SHEET_NAME_LENGTH));
      await context.sync();
      context.workbook.worksheets.add('y'.repeat(MAX_SHEET_NAME_LENGTH + 1));
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
    });
  });

  test('an address beyond the grid, and a read of more than 5,000,000 cells', async () => {
    const sim = createSimulatedExcel();
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('Sheet1');
      ws.getRange('XFE1').load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      ws.getRange('A1048577').load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidArgument' });
      // 5,000,000 cells read; one more row is refused
      const cols = 5;
      ws.getRangeByIndexes(0, 0, MAX_RANGE_CELLS / cols + 1, cols).load('values');
      await expect(context.sync()).rejects.toMatchObject({ code: 'InvalidOperation' });
    });
  });

  test('the request payload in UTF-8 bytes with each call’s overhead; oversize also as a GeneralException', async () => {
    const text = 'Điểm'.repeat(50); // 200 characters, 350 bytes
    const bytes = payloadBytes([[text]]) + REQUEST_OP_OVERHEAD_BYTES;
    for (const [limit, ok] of [
      [bytes, true],
      [bytes - 1, false],
    ] as const) {
      const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [] }] }, { payloadLimit: limit });
      await sim.Excel.run(async (context) => {
        context.workbook.worksheets.getItem('A').getRange('A1').values = [[text]];
        if (ok) await context.sync();
        else await expect(context.sync()).rejects.toMatchObject({ code: 'RequestPayloadSizeLimitExceeded' });
      });
      expect(sim.requests()[0].requestBytes).toBe(bytes);
      // JSON.stringify(...).length, what the adapter used to count, says less
      expect(JSON.stringify([[text]]).length + REQUEST_OP_OVERHEAD_BYTES).toBeLessThan(bytes - 100);
    }
    const web = createSimulatedExcel(
      { sheets: [{ name: 'A', rows: [] }] },
      { payloadLimit: bytes - 1, faults: { oversizeAsGeneralException: true } },
    );
    await web.Excel.run(async (context) => {
      context.workbook.worksheets.getItem('A').getRange('A1').values = [[text]];
      await expect(context.sync()).rejects.toMatchObject({ code: 'GeneralException' });
    });
    expect(web.snapshot().sheets[0].rows).toEqual([]);
    expect(EXCEL_WEB_PAYLOAD_LIMIT).toBe(5 * 1024 * 1024);
  });
});

describe('the plan never asks what Excel refuses', () => {
  test('the sample with ten user placeholders (long, Vietnamese): the old single constant would be over 255; the plan passes every limit and the simulated host', async () => {
    const { snapshot: sample } = await readXlsxFile('samples/sample.xlsx');
    const settings = defaultSettings();
    const user = Array.from({ length: 10 }, (_, i) => `Chưa cung cấp tài liệu kiểm chứng số ${i + 1}`);
    settings.placeholderEvidence = [...settings.placeholderEvidence, ...user];
    const snapshot: WorkbookSnapshot = {
      sheets: [...sample.sheets, { name: SETTINGS_SHEET_NAME, rows: settingsSheetRows(settings, []) }],
    };
    const analysis = analyzeWorkbook(snapshot);
    expect(analysis.settings.placeholderEvidence).toEqual(expect.arrayContaining(user));
    // What one string constant of every spelling would have been (the highlight before): far over 255.
    const forms = new Set(
      analysis.settings.placeholderEvidence.flatMap((p) => [p, p.normalize('NFD'), p.toLowerCase()]),
    );
    expect([...forms].join(';').length).toBeGreaterThan(4 * MAX_FORMULA_STRING_LENGTH);

    const results = planResults(snapshot, analysis);
    const formulas: string[] = [];
    for (const op of results.ops) {
      if (op.kind === 'setCells')
        for (const row of op.cells) for (const c of row) if (isPlanFormula(c)) formulas.push(c.formula);
      if (op.kind === 'addConditionalFormat' && op.format.rule.type === 'expression')
        formulas.push(op.format.rule.formula);
    }
    expect(formulas.length).toBeGreaterThan(1000);
    expect(formulas.filter((f) => formulaRefusal(f) !== null)).toEqual([]);
    const longest = Math.max(...formulas.map((f) => scanFormula(f).longestString));
    expect(longest).toBeLessThanOrEqual(MAX_FORMULA_STRING_LENGTH);
    // The placeholders are cells of the calculation sheet, matched by the highlight through INDIRECT.
    const evidence = results.ops.flatMap((op) =>
      op.kind === 'addConditionalFormat' &&
      op.format.rule.type === 'expression' &&
      isTaggedHighlight(op.format.rule.formula) &&
      op.format.rule.fill === 'FFC7CE'
        ? [op.format.rule.formula]
        : [],
    );
    expect(evidence.length).toBeGreaterThan(0);
    for (const f of evidence)
      expect(f).toMatch(
        /SUMPRODUCT\(--\(TRIM\(\$[A-Z]+\d+\)=INDIRECT\("'Tính điểm – [^"]+'!\$[A-Z]+\$4:\$[A-Z]+\$\d+"\)\)\)>0/,
      );
    const listed = results.ops.flatMap((op) => (op.kind === 'setCells' ? op.cells.flat() : []));
    for (const p of user) expect(listed).toContain(p);

    expect(
      checkPlan(
        results,
        snapshot.sheets.map((s) => ({ name: s.name, protected: false, state: 'visible', merges: s.merges ?? [] })),
      ),
    ).toEqual([]);
    const sim = createSimulatedExcel(snapshot);
    const result = await sim.Excel.run((context) => applyPlanOffice(context, results, { isSetSupported: all }));
    expect(result.warnings).toEqual([]);
    expect(sim.requests().filter((r) => r.failed)).toEqual([]);
  });

  test('a plan whose formula is over a limit is refused whole before anything is written, naming sheet and cell', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    const err = await sim.Excel.run((context) =>
      applyPlanOffice(
        context,
        plan([
          { kind: 'addSheet', sheet: 'Out' },
          { kind: 'setCells', sheet: 'Out', address: 'B2', cells: [[{ formula: `LEN("${'x'.repeat(300)}")` }]] },
        ]),
        { isSetSupported: all },
      ).catch((e: unknown) => e),
    );
    expect(err).toBeInstanceOf(PlanApplyError);
    const problem = (err as PlanApplyError).problems[0];
    expect(problem).toMatchObject({ code: 'PLAN_FORMULA_INVALID', sheet: 'Out', cell: 'B2' });
    expect(problem.messageVi).toMatch(/chuỗi dài 300 ký tự/);
    expect(problem.messageEn).toMatch(/text of 300 characters/);
    expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(['A']);
  });
});

/** `count` sheets of `rows` rows of Vietnamese text, each written by one setCells op into a new sheet. */
function textPlan(count: number, rows: number): WritePlan {
  return plan(
    Array.from({ length: count }, (_, i) => [
      { kind: 'addSheet' as const, sheet: `Out ${i + 1}` },
      {
        kind: 'setCells' as const,
        sheet: `Out ${i + 1}`,
        address: 'A1',
        cells: Array.from({ length: rows }, (_, r) => [`Đơn vị ${r} – điểm thẩm định ${'ể'.repeat(20)}`, r]),
      },
      { kind: 'freeze' as const, sheet: `Out ${i + 1}`, rows: 1, columns: 0 },
    ]).flat(),
  );
}

describe('adapter hardening, faults injected in the simulated host', () => {
  test('payload budget in UTF-8 bytes: Vietnamese text never makes a request over the limit', async () => {
    const limit = 60_000;
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] }, { payloadLimit: limit });
    const result = await sim.Excel.run((context) =>
      applyPlanOffice(context, textPlan(6, 200), { maxRequestBytes: limit, isSetSupported: all }),
    );
    // Every request under the limit at the first try: the budget counted what the host counts.
    expect(sim.requests().filter((r) => r.failed)).toEqual([]);
    expect(result.retries).toBe(0);
    expect(Math.max(...sim.requests().map((r) => r.requestBytes))).toBeLessThanOrEqual(limit);
    expect(result.chunks).toBeGreaterThan(1);
    expect(sim.snapshot().sheets[6].rows[199][1]).toBe(199);
  });

  test('blocks of cells fill the requests (the requests its bytes need); progress counts the plan steps, monotonic, up to its total', async () => {
    const budget = 50_000;
    for (const payloadLimit of [EXCEL_WEB_PAYLOAD_LIMIT, 30_000]) {
      const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] }, { payloadLimit });
      const seen: [number, number][] = [];
      const result = await sim.Excel.run((context) =>
        applyPlanOffice(context, textPlan(5, 600), {
          maxRequestBytes: budget,
          isSetSupported: all,
          onProgress: (done, total) => seen.push([done, total]),
        }),
      );
      const steps = seen[0][1];
      expect(seen.every(([, total]) => total === steps)).toBe(true);
      expect(seen.map(([done]) => done)).toEqual([...seen.map(([done]) => done)].sort((a, b) => a - b));
      expect(seen.at(-1)).toEqual([steps, steps]);
      const written = sim
        .requests()
        .filter((r) => r.suspended && !r.failed)
        .reduce((n, r) => n + r.requestBytes, 0);
      if (payloadLimit === EXCEL_WEB_PAYLOAD_LIMIT) {
        expect(result.retries).toBe(0);
        // no request left half empty but the last: at most one more than the bytes need
        expect(result.chunks).toBeLessThanOrEqual(Math.ceil(written / budget) + 1);
      } else expect(result.retries).toBeGreaterThan(0);
      expect(sim.snapshot().sheets[5].rows[599][1]).toBe(599);
    }
  });

  test('a large request answered with a plain GeneralException is halved once and applies', async () => {
    const clean = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    await clean.Excel.run((context) => applyPlanOffice(context, textPlan(4, 300), { isSetSupported: all }));
    const written = clean.requests().find((r) => r.suspended)!.requestBytes;
    // Excel on the web refuses the one write request (over ~60% of it), takes each half; the budget fits it
    // whole, and it is large (over a quarter of the budget).
    const faults: SimFaults = { generalExceptionAbove: Math.round(written * 0.6) };
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] }, { faults });
    const result = await sim.Excel.run((context) =>
      applyPlanOffice(context, textPlan(4, 300), { maxRequestBytes: 2 * written, isSetSupported: all }),
    );
    expect(result).toMatchObject({ retries: 1, chunks: 2, warnings: [] });
    // the sheets; the write refused, its halves; the freezes; the recalculation
    expect(sim.requests().map((r) => r.failed)).toEqual([false, true, false, false, false, false]);
    expect(sim.exportSheets()).toEqual(clean.exportSheets());
  });

  test('reading: a large read answered with a plain GeneralException is cut once and read; refused again, the error is said', async () => {
    const text = (r: number, c: number) => `${r}:${c} ${'Điểm thẩm định '.repeat(8)}`.slice(0, 100);
    const sheet = { name: 'Text', rows: Array.from({ length: 200 }, (_, r) => [0, 1, 2, 3].map((c) => text(r, c))) };
    const options = { maxRequestBytes: 60_000, isSetSupported: all };
    const ok = createSimulatedExcel(
      { sheets: [sheet] },
      { payloadLimit: 100_000, faults: { oversizeAsGeneralException: true } },
    );
    const stats = { syncs: 0, chunks: 0, retries: 0 };
    const read = await ok.Excel.run((context) => readSnapshotOffice(context, options, stats));
    expect(read.sheets[0].rows).toEqual(sheet.rows);
    expect(stats.retries).toBe(1);
    expect(ok.requests().filter((r) => r.failed)).toHaveLength(1);

    const refused = createSimulatedExcel(
      { sheets: [sheet] },
      { payloadLimit: 30_000, faults: { oversizeAsGeneralException: true } },
    );
    const err = await refused.Excel.run((context) => readSnapshotOffice(context, options).catch((e: unknown) => e));
    expect(err).toBeInstanceOf(OfficeAdapterError);
    expect((err as OfficeAdapterError).code).toBe('GeneralException');
    expect((err as OfficeAdapterError).messageVi).toMatch(/^Khi đọc sổ tính: /);
    // refused, cut once, refused again; sent once more without the merged areas (which the reader drops
    // first when a request asking for them fails), refused: said
    expect(refused.requests().map((r) => r.failed)).toEqual([false, false, true, true, true]);
  });

  test('GeneralException again on a half, or on a small request: no second halving, the error is said, recalculated', async () => {
    const sim = createSimulatedExcel(
      { sheets: [{ name: 'A', rows: [[1]] }] },
      { faults: { generalExceptionAbove: REQUEST_OP_OVERHEAD_BYTES * 20 } },
    );
    const err = await sim.Excel.run((context) =>
      applyPlanOffice(context, textPlan(4, 300), { maxRequestBytes: 400_000, isSetSupported: all }).catch(
        (e: unknown) => e,
      ),
    );
    expect(err).toBeInstanceOf(PlanApplyError);
    expect((err as PlanApplyError).kind).toBe('apply-failed');
    expect((err as PlanApplyError).messageVi).toMatch(/lỗi chung/);
    expect((err as PlanApplyError).messageEn).toMatch(/general error/);
    // one request refused, its two halves refused, no more halving; then the recalculation
    const failed = sim.requests().filter((r) => r.failed).length;
    expect(failed).toBe(2);
    expect(sim.requests().at(-1)).toMatchObject({ failed: false, calculations: 1, suspended: false });
  });

  test('freezes in their own last request: a build that refuses them leaves the results written, with a warning', async () => {
    for (const faults of [{}, { failing: { freezePanes: 'GeneralException' } }] as SimFaults[]) {
      const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] }, { faults });
      const result = await sim.Excel.run((context) =>
        applyPlanOffice(context, textPlan(3, 5), { isSetSupported: all }),
      );
      const requests = sim.requests();
      // the sheets, the writes (suspended), the freezes, the recalculation
      expect(requests.map((r) => [r.suspended, r.calculations])).toEqual([
        [false, 0],
        [true, 0],
        [false, 0],
        [false, 1],
      ]);
      expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(['A', 'Out 1', 'Out 2', 'Out 3']);
      const frozen = sim.state.sheets.map((s) => s.freeze?.rows ?? 0);
      if (faults.failing === undefined) {
        expect(result.warnings).toEqual([]);
        expect(frozen).toEqual([0, 1, 1, 1]);
        expect(requests[2].failed).toBe(false);
      } else {
        expect(requests[2].failed).toBe(true);
        expect(frozen).toEqual([0, 0, 0, 0]);
        expect(result.warnings).toEqual([
          {
            vi: expect.stringMatching(/^Không cố định được dòng\/cột tiêu đề .*kết quả vẫn được ghi đủ$/) as string,
            en: expect.stringMatching(/^The header rows\/columns could not be frozen .*written in full$/) as string,
          },
        ]);
      }
    }
  });

  test('recalculation in its own unsuspended request, also after a write failed; its own failure is said', async () => {
    // A write fails part way (a protected sheet, protected after the check read the workbook).
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [[1]] }] });
    const context = sim.newContext();
    const sync = context.sync.bind(context);
    let n = 0;
    context.sync = (async () => {
      n++;
      if (n === 2) sim.state.sheets[0].protected = true;
      return sync();
    }) as typeof context.sync;
    const err = await applyPlanOffice(
      context,
      plan([{ kind: 'setCells', sheet: 'A', address: 'B1', cells: [[{ formula: 'A1*2' }]] }]),
      { isSetSupported: all },
    ).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(PlanApplyError);
    expect(sim.requests().map((r) => [r.failed, r.suspended, r.calculations])).toEqual([
      [false, false, 0],
      [false, false, 0],
      [true, true, 0],
      [false, false, 1],
    ]);
    expect((err as PlanApplyError).messageEn).not.toMatch(/recalculate/);

    // The recalculation itself refused: after a success a warning, after a failure one more sentence.
    const calc = createSimulatedExcel(
      { sheets: [{ name: 'A', rows: [[1]] }] },
      { faults: { failing: { calculate: 'GeneralException' } } },
    );
    const ok = await calc.Excel.run((ctx) =>
      applyPlanOffice(ctx, plan([{ kind: 'setCells', sheet: 'A', address: 'B1', cells: [[2]] }])),
    );
    expect(ok.warnings).toEqual([
      { vi: expect.stringMatching(/F9/) as string, en: expect.stringMatching(/did not recalculate.*F9/) as string },
    ]);
    calc.state.sheets[0].protected = true;
    const failed = await calc.Excel.run((ctx) =>
      applyPlanOffice(
        ctx,
        plan([
          { kind: 'addSheet', sheet: 'B' },
          { kind: 'setCells', sheet: 'B', address: 'A1', cells: [[{ formula: 'SUMM(1)' }]] },
        ]),
      ).catch((e: unknown) => e),
    );
    expect(failed).toBeInstanceOf(PlanApplyError);
    expect((failed as PlanApplyError).messageVi).toMatch(/chưa tính lại công thức/);
    expect((failed as PlanApplyError).messageEn).toMatch(/did not recalculate/);
  });

  test('selecting a cell on a hidden sheet says the sheet is hidden (Excel says only InvalidOperation)', async () => {
    const sim = createSimulatedExcel({
      sheets: [
        { name: 'A', rows: [[1]] },
        { name: 'Sở Nội vụ', rows: [[1]] },
      ],
    });
    sim.state.sheets[1].visibility = 'Hidden';
    const err = await sim.Excel.run((context) => selectCell(context, 'Sở Nội vụ', 'C7').catch((e: unknown) => e));
    expect(err).toBeInstanceOf(OfficeAdapterError);
    expect((err as OfficeAdapterError).code).toBe('InvalidOperation');
    expect((err as OfficeAdapterError).messageVi).toMatch(/^Trang "Sở Nội vụ" đang bị ẩn nên không chọn được ô C7/);
    expect((err as OfficeAdapterError).messageEn).toMatch(
      /^Sheet "Sở Nội vụ" is hidden, so cell C7 cannot be selected/,
    );
    expect((err as OfficeAdapterError).messageEn).not.toMatch(/merged/);
    // Showing the sheet only: the same
    const shown = await sim.Excel.run((context) => selectCell(context, 'Sở Nội vụ', null).catch((e: unknown) => e));
    expect((shown as OfficeAdapterError).messageVi).toMatch(/^Trang "Sở Nội vụ" đang bị ẩn nên không mở được/);
    expect((shown as OfficeAdapterError).messageEn).toMatch(/^Sheet "Sở Nội vụ" is hidden, so it cannot be shown/);
    // A visible sheet: one sync, selected
    sim.resetCounters();
    await sim.Excel.run((context) => selectCell(context, 'A', 'A1'));
    expect(sim.syncCount()).toBe(1);
  });

  test('errors come from valueTypes: a text "#N/A" is text, an error cell is an error', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [] }] });
    await sim.Excel.run(async (context) => {
      const ws = context.workbook.worksheets.getItem('A');
      ws.getRange('A1:C1').values = [["'#N/A", '#N/A', "'#DIV/0!"]];
      await context.sync();
    });
    const read = await sim.Excel.run((context) => readSnapshotOffice(context));
    expect(read.sheets[0].rows[0]).toEqual(['#N/A', { error: '#N/A' }, '#DIV/0!']);
  });

  test('_xlfn. prefixes an older Excel reads back are stripped', async () => {
    const readFormula = (f: string) => f.replace(/\b(IFS|CONCAT|MAXIFS)\(/g, '_xlfn.$1(');
    const sim = createSimulatedExcel(
      {
        sheets: [
          {
            name: 'A',
            rows: [[1, 2]],
            formulas: [[null, null, 'IFS(A1>0,CONCAT("a","_xlfn.x"))', 'MAXIFS(A1:B1,A1:B1,">0")+SUM(A1)']],
          },
        ],
      },
      { faults: { readFormula } },
    );
    const raw = await sim.Excel.run(async (context) => {
      const r = context.workbook.worksheets.getItem('A').getRange('C1:D1');
      r.load('formulas');
      await context.sync();
      return r.formulas;
    });
    expect(raw[0][0]).toBe('=_xlfn.IFS(A1>0,_xlfn.CONCAT("a","_xlfn.x"))');
    const read = await sim.Excel.run((context) => readSnapshotOffice(context));
    expect(read.sheets[0].formulas?.[0]).toEqual([
      null,
      null,
      'IFS(A1>0,CONCAT("a","_xlfn.x"))',
      'MAXIFS(A1:B1,A1:B1,">0")+SUM(A1)',
    ]);
  });
});
