// The simulated Excel the harness page runs the task pane against, installed as the global `Excel` (and a
// minimal `Office.context.requirements`) the way src/workbook/office-host.ts and the Office.js adapter expect
// them. Every `Excel.run` notifies listeners when it ends, so the grid view re-renders after each write or
// selection the pane makes.
import { isPlanFormula, type WritePlan } from '../core/plan-types';
import { sheetCopiesOps } from '../core/sheet-content';
import type { WorkbookSnapshot } from '../core/types';
import type { WorkbookHost } from '../taskpane/host';
import { createOfficeHost } from '../workbook/office-host';
import {
  createSimulatedExcel,
  type SimulatedExcel,
  type SimulatedExcelNamespace,
  type SimulatedExcelOptions,
  type SimWorkbookState,
} from './simulated-excel';
import { cellKey, parseA1 } from './simulated-excel/model';

export interface LiveExcel {
  sim: SimulatedExcel;
  /** The pane's host: createOfficeHost over the installed simulation (plans applied are recorded). */
  host: WorkbookHost;
  /** Write plans the pane carried out successfully, in order (to rebuild the .xlsx for download). */
  appliedPlans: WritePlan[];
  /** Called after every Excel.run and every change made from the grid; returns the unsubscribe. */
  subscribe(listener: () => void): () => void;
  notify(): void;
}

/**
 * Excel recalculates the formulas the pane writes; the simulation has no calculation engine and leaves their
 * values empty. The harness stands in for the recalculation with the engine's `expected` value of each plan
 * formula (what the formula must evaluate to; test/results.test.ts checks in LibreOffice that it does), so
 * the grid shows ranks and percentages. Only cells still holding that formula with no value are filled.
 */
export function fillExpectedValues(state: SimWorkbookState, plan: WritePlan): void {
  for (const op of plan.ops) {
    if (op.kind !== 'setCells') continue;
    const sheet = state.sheets.find((s) => s.name === op.sheet);
    const box = parseA1(op.address);
    if (!sheet || !box) continue;
    op.cells.forEach((row, r) =>
      row.forEach((planned, c) => {
        if (
          !isPlanFormula(planned) ||
          planned.expected === undefined ||
          planned.expected === null ||
          planned.expected === ''
        )
          return;
        const cell = sheet.cells.get(cellKey(box.top + r, box.left + c));
        if (cell && cell.formula !== null && cell.value === null) cell.value = planned.expected;
      }),
    );
  }
}

export function installLiveExcel(
  snapshot: WorkbookSnapshot,
  displayLanguage: string,
  options: SimulatedExcelOptions = {},
): LiveExcel {
  const sim = createSimulatedExcel(snapshot, options);
  const listeners = new Set<() => void>();
  const notify = () => listeners.forEach((l) => l());
  const Excel: SimulatedExcelNamespace = {
    ...sim.Excel,
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      try {
        return await sim.Excel.run(batch);
      } finally {
        notify();
      }
    },
  };
  const g = globalThis as unknown as { Excel: unknown; Office: unknown };
  g.Excel = Excel;
  g.Office = { context: { displayLanguage, requirements: { isSetSupported: sim.isSetSupported } } };

  const office = createOfficeHost(displayLanguage);
  const appliedPlans: WritePlan[] = [];
  const host: WorkbookHost = {
    ...office,
    async apply(plan, onProgress) {
      const outcome = await office.apply(plan, onProgress);
      appliedPlans.push(plan);
      fillExpectedValues(sim.state, plan);
      notify();
      return outcome;
    },
    async gatherSheets(copies, onProgress) {
      const outcome = await office.gatherSheets(copies, onProgress);
      // The download rebuilds the file from plans: the gathered sheets as the plan that leaves them so.
      const plan: WritePlan = { ops: sheetCopiesOps(copies), summary: [], findings: [] };
      appliedPlans.push(plan);
      fillExpectedValues(sim.state, plan);
      notify();
      return outcome;
    },
  };
  return {
    sim,
    host,
    appliedPlans,
    subscribe(listener) {
      listeners.add(listener);
      return () => void listeners.delete(listener);
    },
    notify,
  };
}
