// The ranking sheets' charts (units' percentages in rank order, coloured by band; the block's per-area
// averages): chart parts written by the package writer that read the ranking sheet's live cells, removed by
// clean and replaced on a re-run; Office.js charts on the simulated host; the plan check's refusals.
import fs from 'fs';
import { analyzeWorkbook } from '../src/core/analyze';
import { columnLetter, quoteSheetName } from '../src/core/address';
import { planClean, planResults } from '../src/core/results-plan';
import { isPlanFormula, type PlanChart, type WriteOp, type WritePlan } from '../src/core/plan-types';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { checkPlan, parseSheetRange } from '../src/workbook/plan-check';
import { applyPlanToPackage } from '../src/workbook/xlsx-package/apply-plan';
import { readXlsxBytes } from '../src/workbook/xlsx-file';
import { chartsOf, createSimulatedExcel } from '../src/harness/simulated-excel';
import { packageProblems, partsOf, relationshipsOf, sheetsOf, xmlOf } from './xlsx-package/package-check';

const SAMPLE = fs.readFileSync('samples/sample.xlsx');
const snapshot = readXlsxBytes(SAMPLE);
const analysis = analyzeWorkbook(snapshot);
const plan = planResults(snapshot, analysis);

const chartsIn = (sheet: string): PlanChart[] =>
  plan.ops.flatMap((o) => (o.kind === 'addChart' && o.sheet === sheet ? [o.chart] : []));

/** The plan's cell at a sheet-qualified single column range's row `k`. */
function planCellAt(sheet: string, row: number, col: number) {
  for (const o of plan.ops)
    if (o.kind === 'setCells' && o.sheet === sheet && o.address === 'A1') return o.cells[row]?.[col] ?? null;
  return null;
}

test('each ranking sheet has two charts reading its own cells: units in rank order by band, and area averages', () => {
  analysis.blocks.forEach((block, i) => {
    const name = plan.names.ranking[i];
    const [units, areas] = chartsIn(name);
    expect(units.series.map((s) => s.name)).toEqual(block.bands.map((b) => b.label));
    const q = quoteSheetName(name);
    // Categories: the unit column of the unit rows, in rank order.
    expect(units.categories).toBe(`${q}!$B$5:$B$${4 + block.units.length}`);
    for (const s of [...units.series, ...areas.series]) expect(parseSheetRange(s.values)?.sheet).toBe(name);
    // A band's series cell is live: the unit's percentage where the class formula gives that band.
    units.series.forEach((s, j) => {
      const { box } = parseSheetRange(s.values)!;
      block.units.forEach((u, k) => {
        const cell = planCellAt(name, box.top + k, box.left);
        const row = box.top + k + 1;
        expect(isPlanFormula(cell) && cell.formula).toBe(
          `IF(F${row}=${JSON.stringify(block.bands[j].label)},E${row},NA())`,
        );
        expect(isPlanFormula(cell) && cell.expected).toBe(u.class === block.bands[j].label ? u.percent : undefined);
      });
    });
    // Area averages: the average row's percentage per area.
    const { box } = parseSheetRange(areas.series[0].values)!;
    const avgRow = 4 + block.units.length + 1;
    block.areaAverages.forEach((_, k) => {
      const cell = planCellAt(name, box.top + k, box.left);
      expect(isPlanFormula(cell) && cell.formula).toBe(`${columnLetter(9 + 2 * k)}${avgRow}`);
    });
  });
});

describe('package writer', () => {
  const out = applyPlanToPackage(SAMPLE, plan);
  const parts = partsOf(out);

  test("chart parts hang on the ranking sheets' drawings, with content types, and reference the ranking ranges", () => {
    expect(packageProblems(out)).toEqual([]);
    const sheets = sheetsOf(parts);
    for (const name of plan.names.ranking) {
      const part = sheets.find((s) => s.name === name)!.part;
      const drawing = [...relationshipsOf(parts, part).values()].find((r) => r.type.endsWith('/drawing'))!;
      const charts = [...relationshipsOf(parts, drawing.target).values()].filter((r) => r.type.endsWith('/chart'));
      expect(charts).toHaveLength(2);
      const ct = xmlOf(parts, '[Content_Types].xml').children;
      for (const c of charts) {
        expect(
          ct.some(
            (o) => o.attributes.PartName === `/${c.target}` && /drawingml\.chart\+xml$/.test(o.attributes.ContentType),
          ),
        ).toBe(true);
        const xml = parts.bytes.get(c.target)!.toString('utf8');
        const refs = [...xml.matchAll(/<c:f>([^<]*)<\/c:f>/g)].map((m) => m[1].replace(/&apos;/g, "'"));
        expect(refs.length).toBeGreaterThan(0);
        for (const ref of refs) expect(parseSheetRange(ref)?.sheet).toBe(name);
      }
      const planned = chartsIn(name).flatMap((c) => [c.categories, ...c.series.map((s) => s.values)]);
      const written = charts.flatMap((c) =>
        [
          ...parts.bytes
            .get(c.target)!
            .toString('utf8')
            .matchAll(/<c:f>([^<]*)<\/c:f>/g),
        ].map((m) => m[1]),
      );
      expect(new Set(written)).toEqual(new Set(planned));
    }
  });

  test('clean removes the charts and drawings with their sheets; a re-run writes the same parts again', () => {
    const twice = applyPlanToPackage(out, planResults(readXlsxBytes(out), analyzeWorkbook(readXlsxBytes(out))));
    expect(twice.equals(out)).toBe(true);
    const cleaned = applyPlanToPackage(twice, planClean(readXlsxBytes(twice)));
    const left = partsOf(cleaned);
    expect([...left.bytes.keys()].filter((p) => /charts|drawings/.test(p))).toEqual([]);
    expect(left.bytes.get('[Content_Types].xml')!.toString('utf8')).not.toMatch(/chart|drawing\+xml/);
    expect(packageProblems(cleaned)).toEqual([]);
    expect([...left.bytes.keys()].sort()).toEqual([...partsOf(SAMPLE).bytes.keys()].sort());
  });
});

test('Office.js on the simulated host: the same charts through worksheet.charts.add', async () => {
  const sim = createSimulatedExcel(snapshot);
  await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: () => true }));
  for (const name of plan.names.ranking) {
    const made = chartsOf(sim.state.sheets.find((s) => s.name === name)!);
    const planned = chartsIn(name);
    const unquote = (r: string) => r.replace(/\$/g, '');
    expect(
      made.map((c) => ({
        type: c.type,
        title: c.title,
        series: c.series.map((s) => [s.name, s.values, s.categories, s.color]),
        reversed: c.reversePlotOrder,
        hiddenPlotted: !c.plotVisibleOnly,
        bounds: [c.minimum, c.maximum],
      })),
    ).toEqual(
      planned.map((c) => ({
        type: 'BarClustered',
        title: c.title,
        series: c.series.map((s) => [s.name, unquote(s.values), unquote(c.categories), s.color]),
        reversed: true,
        hiddenPlotted: true,
        bounds: [c.min ?? null, c.max ?? null],
      })),
    );
  }
});

test('the plan check refuses a chart with a bad range, position or colour', () => {
  const sheets = [{ name: 'S', protected: false, state: 'visible' as const, merges: [] }];
  const good: PlanChart = {
    title: 'x',
    from: { row: 1, col: 0 },
    to: { row: 10, col: 5 },
    categories: "'S'!$A$1:$A$3",
    series: [{ name: 'a', values: 'S!$B$1:$B$3', color: '63BE7B' }],
  };
  const codes = (chart: PlanChart) =>
    checkPlan(
      { ops: [{ kind: 'addChart', sheet: 'S', chart }] as WriteOp[], summary: [], findings: [] } as WritePlan,
      sheets,
    ).map((p) => p.code);
  expect(codes(good)).toEqual([]);
  for (const bad of [
    { ...good, categories: 'A1:A3' },
    { ...good, to: { row: 0, col: 5 } },
    { ...good, series: [] },
    { ...good, series: [{ ...good.series[0], color: 'green' }] },
    { ...good, series: [{ ...good.series[0], values: "'S'!ZZZZ1" }] },
    { ...good, min: 5, max: 5 },
  ])
    expect([bad, codes(bad)]).toEqual([bad, ['PLAN_CHART_INVALID']]);
});
