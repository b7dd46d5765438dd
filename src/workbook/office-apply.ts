// WritePlan → Excel (Office.js). Carries out the engine's operations in order, all or nothing as far as
// Excel allows: the whole plan is checked first (checkPlan, shared with the ExcelJS adapter) against the
// workbook's sheets read in one request, so a protected sheet, a protected workbook structure, a name clash
// or a merged cell refuses the plan before anything is written. Then the operations are queued and sent in
// requests under a byte budget (UTF-8 bytes), with calculation suspended; a request Excel refuses for its size
// is halved and retried. The freezes follow in a request of their own (a failure there is a warning), then
// the recalculation in its own request, not suspended, which also runs when a write failed.
// No scoring rule lives here. The same code runs on Office and on the simulated host (src/harness).
//
// applyPlanOffice runs six steps, each a function:
//   1 readSheets         the sheets and the workbook's protection              (office-apply-read.ts)
//   2 readCheckDetails   merged areas, values under merges, rules to remove     (office-apply-read.ts)
//   3 checkBeforeWriting checkPlan, and the protected workbook structure        (here)
//   4 readRulesToRemove  the rules' details, to find the plan's own             (office-apply-read.ts)
//   5 writeSteps         the operations as queued steps with their sizes        (office-write-steps.ts)
//   6 sendSteps          requests under the budget, halved when refused; then   (office-apply-send.ts)
//                        the freezes, then the recalculation, each on its own
import type { WritePlan } from '../core/plan-types';
import { readCheckDetails, readRulesToRemove, readSheets } from './office-apply-read';
import { sendSteps } from './office-apply-send';
import { OfficeAdapterError, type OfficeErrorText } from './office-errors';
import { DEFAULT_MAX_REQUEST_BYTES, defaultIsSetSupported } from './office-read';
import { writeSteps } from './office-write-steps';
import { checkPlan, type SheetState } from './plan-check';
import { invalidPlanError, opSheet, planProblem, type PlanProblem } from './plan-errors';

export interface ApplyOfficeOptions {
  /** Byte budget of one request; default 4 MB, under the 5 MB limit of Excel on the web. */
  maxRequestBytes?: number;
  /**
   * `Office.context.requirements.isSetSupported`, injectable; merges are read only with ExcelApi 1.13, a
   * highlight over several areas is one rule only with ExcelApi 1.9 (else one per area).
   */
  isSetSupported?: (name: string, version: string) => boolean;
  /** Write steps done so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyOfficeResult {
  syncs: number;
  /** Requests that carried writes, calculation suspended (after retries; not the freezes' or the recalculation's). */
  chunks: number;
  /** Requests refused for their size and retried in halves. */
  retries: number;
  /** What did not work but left the results written (panes not frozen, formulas not recalculated). */
  warnings: OfficeErrorText[];
}

/** What the steps share: the request context, the counts so far, and a read request's sync. */
export interface ApplySession {
  context: Excel.RequestContext;
  result: ApplyOfficeResult;
  /** Sends the queued reads (counted); a failure becomes an OfficeAdapterError "checking the workbook". */
  readSync(): Promise<void>;
}

/**
 * With the workbook's structure protected (Review › Protect Workbook), Excel refuses to add, delete, rename,
 * hide or show sheets. A plan that does (adding or deleting sheets, writing the very hidden ownership sheet)
 * is refused before anything is written; one problem for the whole plan, naming its first such operation.
 */
function structureProblem(plan: WritePlan): PlanProblem | null {
  const index = plan.ops.findIndex(
    (op) => op.kind === 'addSheet' || op.kind === 'deleteSheet' || op.kind === 'writeOwnership',
  );
  if (index < 0) return null;
  const op = plan.ops[index];
  const sheet = opSheet(op);
  const messageVi = `Sổ tính đang được bảo vệ cấu trúc (Xem lại › Bảo vệ Sổ làm việc), nên không thể thêm, xóa hay ẩn trang tính (thao tác ${index + 1}, trang "${sheet}"). Hãy bỏ bảo vệ sổ tính rồi chạy lại`;
  const messageEn = `The workbook's structure is protected (Review › Protect Workbook), so sheets cannot be added, deleted or hidden (op ${index + 1}, sheet "${sheet}"). Unprotect the workbook and run again`;
  // PlanProblemCode has no code of its own for the workbook: the closest, a protected sheet.
  return planProblem('PLAN_SHEET_PROTECTED', { sheet, opIndex: index, op: op.kind }, messageVi, messageEn);
}

/**
 * Step 3: the check. Nothing is written when any operation cannot be applied: throws PlanApplyError
 * 'invalid-plan' with every problem, the protected workbook structure first.
 */
export function checkBeforeWriting(plan: WritePlan, sheets: SheetState[], structureProtected: boolean): void {
  const problems = checkPlan(plan, sheets);
  if (structureProtected) {
    const structural = structureProblem(plan);
    if (structural !== null) problems.unshift(structural);
  }
  if (problems.length > 0) throw invalidPlanError(problems);
}

/**
 * Carries out `plan.ops` in order on the workbook of `context`. Throws PlanApplyError 'invalid-plan' before
 * writing anything when the plan cannot be applied (a protected sheet among them), 'apply-failed' when Excel
 * fails part way (the workbook is then partly written), OfficeAdapterError when reading the workbook fails.
 */
export async function applyPlanOffice(
  context: Excel.RequestContext,
  plan: WritePlan,
  opts: ApplyOfficeOptions = {},
): Promise<ApplyOfficeResult> {
  const budget = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const mergesSupported = (opts.isSetSupported ?? defaultIsSetSupported)('ExcelApi', '1.13');
  const areasSupported = (opts.isSetSupported ?? defaultIsSetSupported)('ExcelApi', '1.9');
  const result: ApplyOfficeResult = { syncs: 0, chunks: 0, retries: 0, warnings: [] };
  const checking = { vi: 'kiểm tra sổ tính trước khi ghi', en: 'checking the workbook before writing' };
  const session: ApplySession = {
    context,
    result,
    async readSync(): Promise<void> {
      result.syncs++;
      try {
        await context.sync();
      } catch (err) {
        throw new OfficeAdapterError(err, checking);
      }
    },
  };

  const { existing, structureProtected } = await readSheets(session);
  // A protected structure refuses the plan whole: said before reading anything more.
  if (structureProtected && structureProblem(plan) !== null)
    checkBeforeWriting(
      plan,
      [...existing.values()].map((i) => i.state),
      true,
    );
  const removals = await readCheckDetails(session, plan, existing, mergesSupported);
  const sheets = [...existing.values()].map((i) => i.state);
  checkBeforeWriting(plan, sheets, structureProtected);
  const matchRules = await readRulesToRemove(session, removals);
  const steps = writeSteps(context, plan, sheets, matchRules, budget, areasSupported);
  await sendSteps(session, plan, steps, budget, opts.onProgress);
  return result;
}

/**
 * Shows a cell: activates its sheet and selects it (only activates it when `a1` is null), in one request.
 * Excel refuses both on a hidden sheet with a code (InvalidOperation) that says nothing of it: when that
 * request fails, one more reads whether the sheet is hidden, to say so.
 */
export async function selectCell(context: Excel.RequestContext, sheet: string, a1: string | null): Promise<void> {
  const during =
    a1 === null
      ? { vi: `mở trang "${sheet}"`, en: `opening sheet "${sheet}"` }
      : { vi: `chọn ô ${a1} trên trang "${sheet}"`, en: `selecting cell ${a1} on sheet "${sheet}"` };
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  if (a1 !== null) ws.getRange(a1).select();
  try {
    await context.sync();
  } catch (err) {
    const probe = context.workbook.worksheets.getItemOrNullObject(sheet);
    probe.load('visibility');
    try {
      await context.sync();
    } catch {
      // The probe adds nothing when it fails too: Excel's first error is what is said.
      throw new OfficeAdapterError(err, during);
    }
    if (!probe.isNullObject && probe.visibility !== 'Visible') {
      const what =
        a1 === null
          ? { vi: 'mở được', en: 'it cannot be shown' }
          : { vi: `chọn được ô ${a1}`, en: `cell ${a1} cannot be selected` };
      throw new OfficeAdapterError(err, during, {
        vi: `Trang "${sheet}" đang bị ẩn nên không ${what.vi}: hãy bỏ ẩn trang (nhấp chuột phải vào một thẻ trang › Bỏ ẩn) rồi thử lại`,
        en: `Sheet "${sheet}" is hidden, so ${what.en}: unhide it (right-click a sheet tab › Unhide) and try again`,
      });
    }
    throw new OfficeAdapterError(err, during);
  }
}
