// A fake WorkbookHost over an in-memory ExcelJS workbook: reads give its snapshot, writes apply the plan to it
// (with the real ExcelJS adapter), and every call is recorded for the tests to assert on.
import ExcelJS from 'exceljs';
import type { WritePlan } from '../../src/core/plan-types';
import type { CellValue, WorkbookSnapshot } from '../../src/core/types';
import type {
  ApplyOutcome,
  GatherSheetsOutcome,
  ProgressCallback,
  SheetCopy,
  WorkbookHost,
} from '../../src/taskpane/host';
import { sheetCopiesOps } from '../../src/core/sheet-content';
import { applyPlan } from '../../src/workbook/exceljs-apply';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';

export interface FakeHost extends WorkbookHost {
  workbook: ExcelJS.Workbook;
  reads: number;
  applied: WritePlan[];
  /** Units' sheets brought in (copied cell by cell with the ExcelJS adapter). */
  gathered: SheetCopy[];
  selections: [string, string | null][];
  /** Makes the next call of this kind fail with this error. */
  failNext: { read?: unknown; apply?: unknown };
  /** Warnings the next write that works reports (as Office's adapter does when a freeze fails). */
  warnNext: { vi: string; en: string }[];
}

export function fakeHost(options: { displayLanguage?: string; workbook?: ExcelJS.Workbook } = {}): FakeHost {
  const host: FakeHost = {
    workbook: options.workbook ?? buildSampleWorkbook(),
    displayLanguage: options.displayLanguage ?? 'vi-VN',
    reads: 0,
    applied: [],
    gathered: [],
    selections: [],
    failNext: {},
    warnNext: [],
    async readSnapshot(onProgress?: ProgressCallback): Promise<WorkbookSnapshot> {
      host.reads += 1;
      if (host.failNext.read !== undefined) {
        const e = host.failNext.read;
        host.failNext.read = undefined;
        throw e;
      }
      const snapshot = snapshotFromExcelJS(host.workbook);
      snapshot.sheets.forEach((_s, i) => onProgress?.(i + 1, snapshot.sheets.length));
      return snapshot;
    },
    async apply(plan: WritePlan, onProgress?: ProgressCallback): Promise<ApplyOutcome> {
      if (host.failNext.apply !== undefined) {
        const e = host.failNext.apply;
        host.failNext.apply = undefined;
        throw e;
      }
      host.applied.push(plan);
      applyPlan(host.workbook, plan);
      onProgress?.(plan.ops.length, plan.ops.length);
      const warnings = host.warnNext;
      host.warnNext = [];
      return { warnings };
    },
    async gatherSheets(copies: readonly SheetCopy[], onProgress?: ProgressCallback): Promise<GatherSheetsOutcome> {
      host.gathered.push(...copies);
      applyPlan(host.workbook, { ops: sheetCopiesOps(copies), summary: [], findings: [] });
      onProgress?.(copies.length, copies.length);
      return { inserted: 0, copiedByCell: copies.length, warnings: [] };
    },
    async selectCell(sheet: string, cell: string | null): Promise<void> {
      host.selections.push([sheet, cell]);
    },
  };
  return host;
}

/** The sample workbook with one cell changed (e.g. a unit's title line). */
export function sampleWith(sheet: string, find: (value: CellValue) => boolean, value: string): ExcelJS.Workbook {
  const wb = buildSampleWorkbook();
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  let done = false;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (!done && find(cell.value as CellValue)) {
        cell.value = value;
        done = true;
      }
    }),
  );
  if (!done) throw new Error(`no matching cell in ${sheet}`);
  return wb;
}

/** Replaces every cell of `sheet` whose value is exactly `from`. */
export function replaceText(wb: ExcelJS.Workbook, sheet: string, from: string, to: string): ExcelJS.Workbook {
  const ws = wb.getWorksheet(sheet);
  if (!ws) throw new Error(`no sheet ${sheet}`);
  let n = 0;
  ws.eachRow((row) =>
    row.eachCell((cell) => {
      if (cell.value === from) {
        cell.value = to;
        n += 1;
      }
    }),
  );
  if (n === 0) throw new Error(`no "${from}" in ${sheet}`);
  return wb;
}
