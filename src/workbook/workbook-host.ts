// What the task pane asks of the workbook: the contract between the pane and the hosts that serve it. The pane
// talks to this interface only, never to Office.js: the Office implementation is office-host.ts (beside the
// Office.js adapter), the dev harness runs it over the simulated host, tests use a fake built from the sample
// workbook. It lives with the adapters, which implement it (they import core's types, never the pane's).
import type { WritePlan } from '../core/plan-types';
import type { SheetContent } from '../core/sheet-content';
import type { WorkbookSnapshot } from '../core/types';

/** Reports progress of a long step: `done` of `total` units of work (sheets, operations). */
export type ProgressCallback = (done: number, total: number) => void;

/** What a write that worked still has to say: steps that did not take, the results being written all the same. */
export interface ApplyOutcome {
  warnings: { vi: string; en: string }[];
}

/** A unit's sheet to bring into the workbook (`gather`: what to copy is decided by core/gather-plan.ts). */
export interface SheetCopy {
  /** The unit's file as base64: what Excel inserts a sheet from (ExcelApi 1.13). */
  base64: string;
  /** The sheet in the file. */
  source: string;
  /** Its name in the workbook. */
  target: string;
  /** `target` is a sheet of the workbook, replaced by the copy (never left without one on a failure). */
  replace: boolean;
  /** The same sheet cell by cell, for a host that cannot insert it from the file. */
  content: SheetContent;
}

export interface GatherSheetsOutcome {
  /** Sheets inserted from their files, and copied cell by cell. */
  inserted: number;
  copiedByCell: number;
  warnings: { vi: string; en: string }[];
}

export interface WorkbookHost {
  /** Reads every sheet of the open workbook into plain data. */
  readSnapshot(onProgress?: ProgressCallback): Promise<WorkbookSnapshot>;
  /** Carries out a write plan, all or nothing (a frozen pane or a recalculation that fails is a warning). */
  apply(plan: WritePlan, onProgress?: ProgressCallback): Promise<ApplyOutcome>;
  /** Brings units' sheets in, each under its target name; a replaced sheet is deleted only once its copy is in. */
  gatherSheets(copies: readonly SheetCopy[], onProgress?: ProgressCallback): Promise<GatherSheetsOutcome>;
  /** Activates the sheet and selects the cell (or just the sheet when `cell` is null). */
  selectCell(sheet: string, cell: string | null): Promise<void>;
  /** The host's UI language, e.g. `vi-VN` or `en-US`. */
  displayLanguage: string;
}
