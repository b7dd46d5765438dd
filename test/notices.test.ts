// Appraisal notices (rank --out FILE --notices): one printed page per unit, every criterion the council scored
// differently with both scores, the difference and the council's comment, the criteria it found not applicable.
// Checked on the sample (with a comment column added) against the unit sheets' own cells and the engine's two
// readings; written through the package writer, removed by clean, replaced on a re-run.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { run, type CliIO } from '../src/cli/main';
import { analyzeWorkbook } from '../src/core/analyze';
import { readScoreCell, makeMarkerSet } from '../src/core/cells';
import { appraisalNotices } from '../src/core/notices';
import { buildNoticesSheet, NOTICE_HEADER, NOTICE_TITLE, NOTICES_SHEET_NAME } from '../src/core/notices-sheet';
import { MAX_PAGE_BREAKS } from '../src/core/excel-limits';
import { defaultSettings } from '../src/core/settings';
import { OWNERSHIP_SHEET } from '../src/core/plan-types';
import { planClean, planResults } from '../src/core/results-plan';
import { cellText } from '../src/core/text';
import { isLeaf } from '../src/core/tree';
import type { Analysis, CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/core/types';
import { readXlsxBytes, readXlsxFile } from '../src/workbook/xlsx-file';
import { applyPlanToPackage } from '../src/workbook/xlsx-package/apply-plan';
import { createSimulatedExcel } from '../src/harness/simulated-excel';
import { pageLayoutOf } from '../src/harness/simulated-excel/page-layout';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { readSnapshotOffice } from '../src/workbook/office-read';
import { pageSetupProblem } from '../src/workbook/plan-check';
import { commentFor, sampleWithComments } from './helpers/notices-sample';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from './helpers/sheets';

let input: Buffer;
let snapshot: WorkbookSnapshot;
let analysis: Analysis;
let output: Buffer;
let written: WorkbookSnapshot;

beforeAll(async () => {
  input = await sampleWithComments();
  snapshot = readXlsxBytes(input);
  analysis = analyzeWorkbook(snapshot);
  output = applyPlanToPackage(input, planResults(snapshot, analysis, { notices: true }));
  written = readXlsxBytes(output);
});

const sheetOf = (wb: WorkbookSnapshot, name: string) => wb.sheets.find((s) => s.name === name);

interface Page {
  unit: string;
  top: number;
  totals: CellValue[][];
  changed: CellValue[][];
  notApplicable: CellValue[][];
}

/** The notices sheet read back as pages: each unit's totals rows and its two tables' rows. */
function pagesOf(sheet: SheetSnapshot): Page[] {
  const pages: Page[] = [];
  let section: 'changed' | 'notApplicable' | null = null;
  let inTable = false;
  sheet.rows.forEach((row, r) => {
    const a = cellText(row?.[0]);
    if (a === NOTICE_TITLE) {
      pages.push({ unit: '', top: r, totals: [], changed: [], notApplicable: [] });
      section = null;
      return;
    }
    const page = pages[pages.length - 1];
    if (!page) return;
    if (a.startsWith('Kính gửi: ')) page.unit = a.slice('Kính gửi: '.length);
    else if (a === 'Đơn vị tự đánh giá' || a === 'Hội đồng thẩm định' || a === 'Chênh lệch') page.totals.push(row);
    else if (a.startsWith('1. ')) [section, inTable] = ['changed', false];
    else if (a.startsWith('2. ')) [section, inTable] = ['notApplicable', false];
    else if (section && row?.map(cellText).join('|') === NOTICE_HEADER.join('|')) inTable = true;
    else if (section && inTable && a !== '') page[section].push(row);
    else inTable = false;
  });
  return pages;
}

const markers = () => makeMarkerSet(analysis.settings.naMarkers);

describe('the sample, with a comment column', () => {
  test('the comment column is recognised on every unit sheet', () => {
    const units = analysis.sheets.filter((s) => s.role === 'unit');
    expect(units.length).toBe(14);
    for (const u of units) expect([u.sheet, u.layout?.columns.comment]).toEqual([u.sheet, 7]);
  });

  test('one page per unit, in rank order, a page break above each but the first', () => {
    const sheet = sheetOf(written, NOTICES_SHEET_NAME)!;
    const pages = pagesOf(sheet);
    const units = analysis.blocks.flatMap((b) => b.units.map((u) => u.unit));
    expect(pages.map((p) => p.unit)).toEqual(units);
    const plan = planResults(snapshot, analysis, { notices: true });
    const setup = plan.ops.find((o) => o.kind === 'pageSetup' && o.sheet === NOTICES_SHEET_NAME);
    expect(setup?.kind === 'pageSetup' && setup.setup.rowBreaks).toEqual(pages.slice(1).map((p) => p.top));
    expect(plan.names.notices).toBe(NOTICES_SHEET_NAME);
  });

  test("every criterion whose unit cells hold two different scores is listed, with the cells' figures and the comment", () => {
    const pages = new Map(pagesOf(sheetOf(written, NOTICES_SHEET_NAME)!).map((p) => [p.unit, p]));
    let listed = 0;
    for (const reading of analysis.sheets.filter((s) => s.role === 'unit')) {
      const tree = reading.tree!;
      const cols = reading.layout!.columns;
      const rows = sheetOf(snapshot, reading.sheet)!.rows;
      const template = analysis.sheets.find((s) => s.role === 'template' && s.block === reading.block)!.tree!;
      const page = pages.get(reading.unit!)!;
      const byKey = new Map(page.changed.map((r) => [cellText(r[0]), r]));
      for (const row of tree.rows) {
        const t = template.byKey.get(row.key);
        if (!t || !isLeaf(template, row.key)) continue;
        const self = readScoreCell(rows[row.row]?.[cols.self!], markers());
        const appraised = readScoreCell(rows[row.row]?.[cols.appraised!], markers());
        // Plain numbers within the criterion's range: what the unit and the council wrote is what counts.
        const plain = (c: typeof self): c is Extract<typeof self, { kind: 'number' }> =>
          c.kind === 'number' && !c.fromText && c.value >= 0 && c.value <= (t.max ?? 0);
        if (!plain(self) || !plain(appraised)) continue;
        const line = byKey.get(row.key);
        if (self.value === appraised.value) {
          expect([reading.sheet, row.key, line]).toEqual([reading.sheet, row.key, undefined]);
          continue;
        }
        listed++;
        expect([reading.sheet, line?.slice(0, 6)]).toEqual([
          reading.sheet,
          [
            row.key,
            t.name,
            self.value,
            appraised.value,
            Math.round((appraised.value - self.value) * 1e6) / 1e6,
            commentFor(reading.sheet, row.key),
          ],
        ]);
      }
    }
    expect(listed).toBeGreaterThan(100);
  });

  test("every unit's totals and lists are the engine's two readings (self scores; as the run counts)", () => {
    const selfReading = analyzeWorkbook(snapshot, { settings: { basis: 'self' } });
    const selfUnits = new Map(selfReading.blocks.flatMap((b) => b.units.map((u) => [u.sheet, u])));
    const pages = new Map(pagesOf(sheetOf(written, NOTICES_SHEET_NAME)!).map((p) => [p.unit, p]));
    let differing = 0;
    for (const block of analysis.blocks) {
      const template = analysis.sheets.find((s) => s.sheet === block.template)!.tree!;
      for (const appraised of block.units) {
        const self = selfUnits.get(appraised.sheet)!;
        const page = pages.get(appraised.unit)!;
        expect(page.totals.map((r) => r.slice(2, 5))).toEqual([
          [self.points, self.max, self.percent],
          [appraised.points, appraised.max, appraised.percent],
          [appraised.points - self.points, appraised.max - self.max, appraised.percent - self.percent].map(
            (x) => Math.round(x * 1e6) / 1e6,
          ),
        ]);
        const leaves = appraised.criteria.filter((c) => isLeaf(template, c.key));
        const selfOf = new Map(self.criteria.map((c) => [c.key, c]));
        const changed = leaves.filter(
          (a) => !a.notApplicable && (selfOf.get(a.key)!.notApplicable || selfOf.get(a.key)!.points !== a.points),
        );
        expect(page.changed.map((r) => r[0])).toEqual(changed.map((c) => c.key));
        expect(page.notApplicable.map((r) => r[0])).toEqual(leaves.filter((a) => a.notApplicable).map((c) => c.key));
        if (self.points !== appraised.points) {
          differing++;
          expect(page.changed.length).toBeGreaterThan(0);
        }
      }
    }
    expect(differing).toBe(14);
  });

  test('the criterion both the unit and the council found not applicable is listed as such, comment carried', () => {
    const notices = appraisalNotices(snapshot, analysis);
    const na = notices.notices.flatMap((n) => n.notApplicable.map((c) => ({ sheet: n.sheet, ...c })));
    expect(na.length).toBeGreaterThan(0);
    for (const c of na) {
      expect(c.appraised).toEqual({ notApplicable: true });
      expect(c.comment).toBe(commentFor(c.sheet, c.key));
    }
  });

  test('clean removes the notices sheet; a re-run replaces it under the same name', () => {
    const cleaned = readXlsxBytes(applyPlanToPackage(output, planClean(written)));
    expect(cleaned.sheets.map((s) => s.name)).toEqual(snapshot.sheets.map((s) => s.name));
    const again = planResults(written, analyzeWorkbook(written), { notices: true });
    expect(again.ops).toContainEqual({ kind: 'deleteSheet', sheet: NOTICES_SHEET_NAME });
    expect(again.names.notices).toBe(NOTICES_SHEET_NAME);
    expect(again.findings.filter((f) => f.code === 'OUTPUT_KEPT')).toEqual([]);
  });

  test('without its record the notices sheet is still no criteria sheet (no max column): no unit more', () => {
    const orphan = { sheets: written.sheets.filter((s) => s.name !== OWNERSHIP_SHEET) };
    const read = analyzeWorkbook(orphan);
    expect(read.sheets.find((s) => s.sheet === NOTICES_SHEET_NAME)?.role).not.toBe('unit');
    expect(read.blocks.map((b) => b.units.length)).toEqual(analysis.blocks.map((b) => b.units.length));
  });
});

describe('a small workbook', () => {
  const withComments = (sheet: SheetSnapshot, comments: Record<number, string>): SheetSnapshot => ({
    ...sheet,
    rows: sheet.rows.map((row, r) =>
      r === 3 ? [...row, 'Ý kiến thẩm định'] : r in comments ? [...row, comments[r]] : row,
    ),
  });

  test('the council finding a criterion not applicable, a unit not appraised yet, a sheet without an appraised column', () => {
    const wb: WorkbookSnapshot = {
      sheets: [
        templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
        // Rows: 5 I, 6 1, 7 a), 8 b), 9 2, 10 II, 11 1 (0-based).
        withComments(unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 4], [2, 1, 'KAD', 4])), {
          7: 'Đạt yêu cầu',
          8: 'Thiếu nội dung về số hóa',
          9: 'Sở không có nhiệm vụ báo cáo riêng',
        }),
        unitSheet('Sở B', 'Sở B', smallUnitRows([2, 2, 2, 4], [null, null, null, null])),
        {
          ...unitSheet('Sở C', 'Sở C', smallUnitRows([1, 1, 1, 1])),
          rows: unitSheet('Sở C', 'Sở C', smallUnitRows([1, 1, 1, 1])).rows.map((r, i) =>
            i === 4 ? [null, null, null, 'Tự đánh giá'] : r.slice(0, 4),
          ),
          merges: ['A4:A5', 'B4:B5', 'C4:C5', 'D4:D4'],
        },
      ],
    };
    const { notices, withoutAppraisal } = appraisalNotices(wb, analyzeWorkbook(wb));
    const a = notices.find((n) => n.sheet === 'Sở A')!;
    expect(a.appraised).toBe(true);
    expect([a.selfTotals.points, a.selfTotals.max, a.appraisedTotals.points, a.appraisedTotals.max]).toEqual([
      10, 10, 7, 8,
    ]);
    expect(a.changed).toEqual([
      {
        key: 'I.1.b',
        name: 'Đầy đủ nội dung',
        self: { points: 2 },
        appraised: { points: 1 },
        difference: -1,
        comment: 'Thiếu nội dung về số hóa',
      },
    ]);
    expect(a.notApplicable).toEqual([
      {
        key: 'I.2',
        name: 'Báo cáo CCHC',
        self: { points: 2 },
        appraised: { notApplicable: true },
        difference: null,
        comment: 'Sở không có nhiệm vụ báo cáo riêng',
      },
    ]);
    expect(notices.find((n) => n.sheet === 'Sở B')?.appraised).toBe(false);
    expect(withoutAppraisal).toEqual([{ sheet: 'Sở C', unit: 'Sở C' }]);
  });
});

describe('the Office.js adapter on the simulated host', () => {
  const all = () => true;

  test('writes the same notices sheet with its page breaks, and clean removes it', async () => {
    const sim = createSimulatedExcel(snapshot);
    const plan = planResults(snapshot, analysis, { notices: true });
    await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: all }));
    const read = await sim.Excel.run((context) => readSnapshotOffice(context));
    // Blank cells as null, without the trailing ones (each host reads a row's width its own way).
    const trim = (rows: CellValue[][]) =>
      rows.map((r) => {
        const cells = r.map((v) => (v === '' ? null : v));
        while (cells.length > 0 && cells[cells.length - 1] === null) cells.pop();
        return cells;
      });
    expect(trim(sheetOf(read, NOTICES_SHEET_NAME)!.rows)).toEqual(trim(sheetOf(written, NOTICES_SHEET_NAME)!.rows));
    const layout = pageLayoutOf(sim.state.sheets.find((s) => s.name === NOTICES_SHEET_NAME)!);
    const tops = pagesOf(sheetOf(read, NOTICES_SHEET_NAME)!).map((p) => p.top);
    expect([layout.orientation, layout.paperSize, layout.rowBreaks]).toEqual(['Portrait', 'A4', tops.slice(1)]);

    await sim.Excel.run((context) => applyPlanOffice(context, planClean(read), { isSetSupported: all }));
    expect(sim.state.sheets.map((s) => s.name)).toEqual(snapshot.sheets.map((s) => s.name));
  });
});

test("more units than Excel's page breaks: breaks up to the limit, the plan stays writable", () => {
  const totals = { points: 1, max: 2, percent: 50 };
  const notice = (i: number) => ({
    block: 'Khối xã',
    sheet: `Xã ${i}`,
    unit: `UBND xã ${i}`,
    appraised: true,
    selfTotals: totals,
    appraisedTotals: totals,
    changed: [],
    notApplicable: [],
  });
  const count = MAX_PAGE_BREAKS + 10;
  const built = buildNoticesSheet(
    { notices: Array.from({ length: count }, (_, i) => notice(i)), withoutAppraisal: [] },
    NOTICES_SHEET_NAME,
    defaultSettings(),
  );
  const setup = built.sheet.toOps().find((o) => o.kind === 'pageSetup');
  expect(built.firstRows).toHaveLength(count);
  expect(setup?.kind === 'pageSetup' && setup.setup.rowBreaks).toEqual(built.firstRows.slice(1, 1 + MAX_PAGE_BREAKS));
  expect(setup?.kind === 'pageSetup' && pageSetupProblem(setup.setup)).toBeNull();
});

test('the command line: rank --out --notices writes the sheet and says so, clean removes it', async () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-notices-'));
  try {
    const file = path.join(dir, 'sample.xlsx');
    const out = path.join(dir, 'ket-qua.xlsx');
    const cleaned = path.join(dir, 'sach.xlsx');
    fs.writeFileSync(file, input);
    let said = '';
    const io: CliIO = { stdout: (t) => (said += t), stderr: () => undefined };
    expect(await run(['rank', file, '--out', out, '--notices'], io)).toBe(0);
    expect(said).toContain(`Ghi thông báo kết quả thẩm định cho 14 đơn vị vào trang "${NOTICES_SHEET_NAME}"`);
    const ranked = (await readXlsxFile(out)).snapshot;
    expect(pagesOf(sheetOf(ranked, NOTICES_SHEET_NAME)!).map((p) => p.unit)).toEqual(
      analysis.blocks.flatMap((b) => b.units.map((u) => u.unit)),
    );
    expect(await run(['clean', out, '--out', cleaned], io)).toBe(0);
    expect((await readXlsxFile(cleaned)).snapshot.sheets.map((s) => s.name)).toEqual(
      snapshot.sheets.map((s) => s.name),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
