// How the Office.js adapter sends its writes (office-apply.ts, step 6): the steps packed into requests under
// a byte budget, one sync per request, with calculation suspended and the workbook recalculated in the last
// one (recalculating is then the add-in's job); a request Excel refuses for its size is halved and retried.
import type { WritePlan } from '../core/plan-types';
import type { ApplySession } from './office-apply';
import { describeOfficeError, isPayloadLimitError } from './office-errors';
import type { Step } from './office-write-steps';
import { opSheet, PlanApplyError, planProblem, type PlanProblem } from './plan-errors';

function applyFailed(plan: WritePlan, steps: Step[], cause: unknown): PlanApplyError {
  const first = steps[0]?.opIndex ?? 0;
  const last = steps[steps.length - 1]?.opIndex ?? first;
  const op = plan.ops[first];
  const text = describeOfficeError(cause);
  const where = first === last ? `${first + 1}` : `${first + 1}–${last + 1}`;
  const messageVi = `Thao tác ${where}: ${text.vi}`;
  const messageEn = `Op ${where}: ${text.en}`;
  const problem: PlanProblem = planProblem(
    'PLAN_APPLY_FAILED',
    { sheet: op === undefined ? '' : opSheet(op), opIndex: first, op: op?.kind ?? null },
    messageVi,
    messageEn,
  );
  return new PlanApplyError(
    'apply-failed',
    [problem],
    `${messageVi}. Sổ tính đã được ghi một phần (Excel không hoàn tác được thao tác của add-in): hãy chạy lại để ghi đè, hoặc dùng "Xóa kết quả"`,
    `${messageEn}. The workbook is partly written (Excel cannot undo add-in writes): run again to replace it, or use "Remove results"`,
    cause,
  );
}

/**
 * Step 6: the write steps in requests under `budget` bytes, in order. Throws PlanApplyError 'apply-failed'
 * when Excel fails part way (what was sent before stays written).
 */
export async function sendSteps(
  session: ApplySession,
  plan: WritePlan,
  steps: Step[],
  budget: number,
  onProgress?: (done: number, total: number) => void,
): Promise<void> {
  const { context, result } = session;
  const queue: Step[][] = [];
  let current: Step[] = [];
  let bytes = 0;
  for (const s of steps) {
    if (current.length > 0 && bytes + s.bytes > budget) {
      queue.push(current);
      current = [];
      bytes = 0;
    }
    current.push(s);
    bytes += s.bytes;
  }
  if (current.length > 0) queue.push(current);

  const total = steps.length;
  let done = 0;
  onProgress?.(0, total);
  while (queue.length > 0) {
    const chunk = queue.shift() as Step[];
    context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const step of chunk) step.queue();
    // With calculation suspended, recalculating is the add-in's job: once, with the last writes.
    if (queue.length === 0) context.workbook.application.calculate('Recalculate');
    result.syncs++;
    try {
      // One sync per chunk bounded by bytes (the 5 MB request limit), never per sheet or cell.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      if (!isPayloadLimitError(err)) throw applyFailed(plan, chunk, err);
      result.retries++;
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        queue.unshift(chunk.slice(0, half), chunk.slice(half));
        continue;
      }
      const halves = chunk[0].split?.() ?? null;
      if (halves === null) throw applyFailed(plan, chunk, err);
      queue.unshift([halves[0]], [halves[1]]);
      continue;
    }
    result.chunks++;
    done += chunk.length;
    onProgress?.(done, total);
  }
}
