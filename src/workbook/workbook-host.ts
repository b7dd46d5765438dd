// What the task pane asks of the workbook: the contract between the pane and the hosts that serve it. The pane
// talks to this interface only, never to Office.js: the Office implementation is office-host.ts (beside the
// Office.js adapter), the dev harness runs it over the simulated host, tests use a fake built from the sample
// workbook. It lives with the adapters, which implement it (they import core's types, never the pane's).
import type { WritePlan } from '../core/plan-types';
import type { WorkbookSnapshot } from '../core/types';

/** Reports progress of a long step: `done` of `total` units of work (sheets, operations). */
export type ProgressCallback = (done: number, total: number) => void;

/** What a write that worked still has to say: steps that did not take, the results being written all the same. */
export interface ApplyOutcome {
  warnings: { vi: string; en: string }[];
}

export interface WorkbookHost {
  /** Reads every sheet of the open workbook into plain data. */
  readSnapshot(onProgress?: ProgressCallback): Promise<WorkbookSnapshot>;
  /** Carries out a write plan, all or nothing (a frozen pane or a recalculation that fails is a warning). */
  apply(plan: WritePlan, onProgress?: ProgressCallback): Promise<ApplyOutcome>;
  /** Activates the sheet and selects the cell (or just the sheet when `cell` is null). */
  selectCell(sheet: string, cell: string | null): Promise<void>;
  /** The host's UI language, e.g. `vi-VN` or `en-US`. */
  displayLanguage: string;
}
