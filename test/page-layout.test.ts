// The print layout of the results sheets (plan ops rowHeights and pageSetup) as each adapter carries it out:
// the package writer's worksheet XML and print titles (owned: removed with the sheet by clean), ExcelJS's
// model, Office.js on the simulated host (ExcelApi 1.9, and without it), and the plan check's refusals.
import fs from 'fs';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../src/core/analyze';
import { planClean, planResults } from '../src/core/results-plan';
import type { PageSetup, WriteOp, WritePlan } from '../src/core/plan-types';
import type { WorkbookSnapshot } from '../src/core/types';
import { applyPlan } from '../src/workbook/exceljs-apply';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { checkPlan } from '../src/workbook/plan-check';
import { applyPlanToPackage } from '../src/workbook/xlsx-package/apply-plan';
import { readXlsxBytes } from '../src/workbook/xlsx-file';
import { createSimulatedExcel, pageLayoutOf } from '../src/harness/simulated-excel';
import { packageProblems, partsOf, sheetsOf, xmlOf } from './xlsx-package/package-check';

const SAMPLE = fs.readFileSync('samples/sample.xlsx');
const snapshot = readXlsxBytes(SAMPLE);
const analysis = analyzeWorkbook(snapshot);
const plan = planResults(snapshot, analysis);
const all = () => true;

const setupOf = (sheet: string): PageSetup =>
  plan.ops.find((o): o is Extract<WriteOp, { kind: 'pageSetup' }> => o.kind === 'pageSetup' && o.sheet === sheet)!
    .setup;
const heightsOf = (sheet: string): Map<number, number> => {
  const m = new Map<number, number>();
  for (const o of plan.ops)
    if (o.kind === 'rowHeights' && o.sheet === sheet) o.heights.forEach((h, i) => m.set(o.first + i, h));
  return m;
};

const ranking = plan.names.ranking[0];

test('the plan prints the ranking, summary and findings sheets A4 landscape, one page wide, with print titles', () => {
  for (const sheet of [...plan.names.ranking, plan.names.summary, plan.names.findings]) {
    const s = setupOf(sheet);
    expect([sheet, s.orientation, s.paper, s.fitToWidth, s.footer?.center]).toEqual([
      sheet,
      'landscape',
      'A4',
      true,
      '&P / &N',
    ]);
    expect(s.titleRows).toBeDefined();
  }
  expect(setupOf(ranking).titleRows).toEqual({ first: 2, last: 3 });
  // Each block of the summary starts a page; the findings list too.
  expect(setupOf(plan.names.summary).rowBreaks).toHaveLength(analysis.blocks.length - 1);
  const findings = setupOf(plan.names.findings);
  expect(findings.rowBreaks).toEqual([findings.titleRows!.first]);
  // The wrapped header rows are given a height that holds two lines at least (area names over two lines).
  expect(heightsOf(ranking).get(2)).toBeGreaterThanOrEqual(30);
});

describe('package writer', () => {
  const out = applyPlanToPackage(SAMPLE, plan);
  const parts = partsOf(out);
  const sheets = sheetsOf(parts);
  const partOf = (name: string) => sheets.find((s) => s.name === name)!.part;

  test('a valid package; the ranking part has its page setup in schema order and fit to page', () => {
    expect(packageProblems(out)).toEqual([]);
    const ws = xmlOf(parts, partOf(ranking));
    const names = ws.children.map((c) => c.name);
    const order = ['sheetPr', 'sheetData', 'printOptions', 'pageMargins', 'pageSetup', 'headerFooter'];
    const at = order.map((n) => names.indexOf(n));
    expect(at.every((i) => i >= 0)).toBe(true);
    expect([...at].sort((a, b) => a - b)).toEqual(at);
    expect(ws.children.find((c) => c.name === 'sheetPr')!.children.map((c) => c.name)).toEqual([
      'tabColor',
      'pageSetUpPr',
    ]);
    expect(ws.children.find((c) => c.name === 'pageSetup')!.attributes).toMatchObject({
      paperSize: '9',
      orientation: 'landscape',
      fitToWidth: '1',
      fitToHeight: '0',
    });
    expect(ws.children.find((c) => c.name === 'headerFooter')!.children[0].text).toBe('&C&P / &N');
    const row3 = ws.children.find((c) => c.name === 'sheetData')!.children.find((r) => r.attributes.r === '3')!;
    expect(row3.attributes).toMatchObject({ ht: String(heightsOf(ranking).get(2)), customHeight: '1' });
  });

  test('the findings part has its page break; print titles are names scoped to their sheets', () => {
    const ws = xmlOf(parts, partOf(plan.names.findings));
    const breaks = ws.children.find((c) => c.name === 'rowBreaks')!;
    const header = setupOf(plan.names.findings).titleRows!.first;
    expect(breaks.children.map((b) => [b.attributes.id, b.attributes.man])).toEqual([[String(header), '1']]);
    const wb = xmlOf(parts, 'xl/workbook.xml');
    const titles = wb.children
      .find((c) => c.name === 'definedNames')!
      .children.filter((d) => d.attributes.name === '_xlnm.Print_Titles')
      .map((d) => [sheets[Number(d.attributes.localSheetId)].name, d.text]);
    expect(titles).toEqual([
      [plan.names.ranking[0], `'${plan.names.ranking[0]}'!$3:$4`],
      [plan.names.ranking[1], `'${plan.names.ranking[1]}'!$3:$4`],
      [plan.names.summary, `'${plan.names.summary}'!$1:$1`],
      [plan.names.findings, `'${plan.names.findings}'!$${header + 1}:$${header + 1}`],
    ]);
  });

  test('clean removes the print titles with their sheets; a re-run writes them once', () => {
    const again = applyPlanToPackage(out, planResults(readXlsxBytes(out), analyzeWorkbook(readXlsxBytes(out))));
    const names = (bytes: Buffer) =>
      xmlOf(partsOf(bytes), 'xl/workbook.xml')
        .children.find((c) => c.name === 'definedNames')
        ?.children.filter((d) => d.attributes.name === '_xlnm.Print_Titles').length ?? 0;
    expect(names(again)).toBe(4);
    expect(packageProblems(again)).toEqual([]);
    const cleaned = applyPlanToPackage(again, planClean(readXlsxBytes(again)));
    expect(names(cleaned)).toBe(0);
    expect(xmlOf(partsOf(cleaned), 'xl/workbook.xml').children.some((c) => c.name === 'definedNames')).toBe(false);
  });
});

test('ExcelJS: page setup, print titles, footer, heights and breaks on the model', async () => {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(SAMPLE as unknown as ArrayBuffer);
  const own = planResults(snapshot, analysis);
  applyPlan(wb, own);
  const buf = Buffer.from(await wb.xlsx.writeBuffer());
  const back = new ExcelJS.Workbook();
  await back.xlsx.load(buf as unknown as ArrayBuffer);
  const ws = back.getWorksheet(ranking)!;
  expect(ws.pageSetup).toMatchObject({
    orientation: 'landscape',
    paperSize: 9,
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    printTitlesRow: '3:4',
  });
  expect(ws.headerFooter.oddFooter).toBe('&C&P / &N');
  expect(ws.getRow(3).height).toBe(heightsOf(ranking).get(2));
  // ExcelJS writes the break (it does not read breaks back): in the file, as the package writer writes it.
  const parts = partsOf(buf);
  const part = sheetsOf(parts).find((s) => s.name === plan.names.findings)!.part;
  const breaks = xmlOf(parts, part).children.find((c) => c.name === 'rowBreaks')!;
  const header = setupOf(plan.names.findings).titleRows!.first;
  expect(breaks.children.map((b) => [b.attributes.id, b.attributes.man])).toEqual([[String(header), '1']]);
});

describe('Office.js on the simulated host', () => {
  async function applied(isSetSupported: (set: string, version: string) => boolean) {
    const sim = createSimulatedExcel(snapshot as WorkbookSnapshot);
    await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported }));
    return (name: string) => pageLayoutOf(sim.state.sheets.find((s) => s.name === name)!);
  }

  test('ExcelApi 1.9: orientation, paper, fit to one page wide, print titles, footer, breaks and row heights', async () => {
    const layout = await applied(all);
    const r = layout(ranking);
    expect([r.orientation, r.paperSize, r.zoom, r.titleRows, r.footer.center]).toEqual([
      'Landscape',
      'A4',
      { horizontalFitToPages: 1, verticalFitToPages: 0 },
      { first: 2, last: 3 },
      '&P / &N',
    ]);
    expect([...r.rowHeights]).toEqual([...heightsOf(ranking)]);
    const f = layout(plan.names.findings);
    expect(f.rowBreaks).toEqual(setupOf(plan.names.findings).rowBreaks);
    expect(layout(plan.names.summary).rowBreaks).toEqual(setupOf(plan.names.summary).rowBreaks);
  });

  test('without ExcelApi 1.9 the page setup is left to Excel, the row heights are still set', async () => {
    const layout = await applied((set, version) => set === 'ExcelApi' && Number(version) < 1.9);
    const r = layout(ranking);
    expect([r.orientation, r.paperSize, r.titleRows]).toEqual(['Portrait', 'Letter', null]);
    expect([...r.rowHeights]).toEqual([...heightsOf(ranking)]);
  });

  test('the host refuses what Excel refuses: a row over 409 points, a scale out of range, titles not whole rows', async () => {
    const sim = createSimulatedExcel({ sheets: [{ name: 'A', rows: [] }] });
    const attempt = (f: (ws: Excel.Worksheet) => void) =>
      sim.Excel.run(async (context) => {
        f(context.workbook.worksheets.getItem('A'));
        await context.sync();
      }).then(
        () => 'ok',
        (e: { code?: string }) => e.code,
      );
    expect(await attempt((ws) => (ws.getRange('2:2').format.rowHeight = 410))).toBe('InvalidArgument');
    expect(await attempt((ws) => (ws.pageLayout.zoom = { scale: 5 }))).toBe('InvalidArgument');
    expect(await attempt((ws) => ws.pageLayout.setPrintTitleRows('A1:C3'))).toBe('InvalidArgument');
    expect(await attempt((ws) => ws.horizontalPageBreaks.add('A1'))).toBe('InvalidArgument');
    expect(await attempt((ws) => (ws.getRange('2:2').format.rowHeight = 40))).toBe('ok');
  });
});

test('the plan check refuses bad layouts, the same for every adapter', () => {
  const sheets = [{ name: 'S', protected: false, state: 'visible' as const, merges: [] }];
  const codes = (ops: WriteOp[]) =>
    checkPlan({ ops, summary: [], findings: [] } as WritePlan, sheets).map((p) => p.code);
  const good: PageSetup = { orientation: 'landscape', paper: 'A4' };
  expect(codes([{ kind: 'pageSetup', sheet: 'S', setup: good }])).toEqual([]);
  expect(codes([{ kind: 'rowHeights', sheet: 'S', first: 0, heights: [410] }])).toEqual(['PLAN_ROWS_INVALID']);
  expect(codes([{ kind: 'rowHeights', sheet: 'S', first: -1, heights: [10] }])).toEqual(['PLAN_ROWS_INVALID']);
  const bad: PageSetup[] = [
    { ...good, paper: 'B9' as PageSetup['paper'] },
    { ...good, orientation: 'sideways' as PageSetup['orientation'] },
    { ...good, titleRows: { first: 3, last: 1 } },
    { ...good, footer: { center: 'x'.repeat(256) } },
    { ...good, rowBreaks: [5, 3] },
    { ...good, rowBreaks: [0] },
  ];
  for (const setup of bad)
    expect([setup, codes([{ kind: 'pageSetup', sheet: 'S', setup }])]).toEqual([setup, ['PLAN_PAGE_SETUP_INVALID']]);
  expect(codes([{ kind: 'pageSetup', sheet: 'T', setup: good }])).toEqual(['PLAN_SHEET_MISSING']);
});
