// How the Office.js adapter sends its writes (office-apply.ts, step 6): the steps packed into requests under
// a byte budget, one sync per request, with calculation suspended; a request Excel refuses for its size is
// halved and retried (a large one refused with a plain GeneralException, as Excel on the web has answered
// oversize requests, is halved once). Then, each in a request of its own: the freezes (a failure there is a
// warning: the results are written), and the recalculation, without suspension, also after a failure.
import type { WritePlan } from '../core/plan-types';
import type { ApplySession } from './office-apply';
import {
  describeOfficeError,
  isLargeRequestGeneralException,
  isPayloadLimitError,
  type OfficeErrorText,
} from './office-errors';
import type { Step } from './office-write-steps';
import { opSheet, PlanApplyError, planProblem, type PlanProblem } from './plan-errors';

/** Said when the workbook could not be recalculated after writing: formulas show old values until then. */
const NOT_RECALCULATED: OfficeErrorText = {
  vi: 'Excel chưa tính lại công thức: hãy nhấn F9 (Công thức › Tính toán ngay)',
  en: 'Excel did not recalculate the formulas: press F9 (Formulas › Calculate Now)',
};

function applyFailed(plan: WritePlan, steps: Step[], cause: unknown, recalculated: boolean): PlanApplyError {
  const first = steps[0]?.opIndex ?? 0;
  const last = steps[steps.length - 1]?.opIndex ?? first;
  const op = plan.ops[first];
  const text = describeOfficeError(cause);
  const where = first === last ? `${first + 1}` : `${first + 1}–${last + 1}`;
  const messageVi = `Thao tác ${where}: ${text.vi}${recalculated ? '' : `. ${NOT_RECALCULATED.vi}`}`;
  const messageEn = `Op ${where}: ${text.en}${recalculated ? '' : `. ${NOT_RECALCULATED.en}`}`;
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

/** A request of steps; `halvedOnce` when it is a half of a large request refused with GeneralException. */
interface Chunk {
  steps: Step[];
  bytes: number;
  halvedOnce?: true;
}

/** Each step's share of the progress: 1 for a step of the plan, halved with the step each time it is split. */
const weights = new WeakMap<Step, number>();
const weightOf = (s: Step): number => weights.get(s) ?? 1;

/** A block of cells in two halves of rows, each with half its weight; null when it cannot be split. */
function splitStep(s: Step): [Step, Step] | null {
  const parts = s.split?.() ?? null;
  if (parts !== null) for (const p of parts) weights.set(p, weightOf(s) / 2);
  return parts;
}

/** Below this share of the budget left in a request, a block of cells is not split to fill it. */
const FILL_SHARE = 1 / 16;

/**
 * Steps packed in order into chunks of at most `budget` bytes (a step over the budget alone). A block of cells
 * that does not fit where there is room is split by rows to fill the request, so that a large sheet costs
 * the requests its bytes need, not one per block.
 */
function pack(steps: Step[], budget: number): Chunk[] {
  const chunks: Chunk[] = [];
  let current: Chunk = { steps: [], bytes: 0 };
  const pending = [...steps];
  while (pending.length > 0) {
    const s = pending.shift() as Step;
    if (current.steps.length === 0 || current.bytes + s.bytes <= budget) {
      current.steps.push(s);
      current.bytes += s.bytes;
      continue;
    }
    const parts = budget - current.bytes >= budget * FILL_SHARE ? splitStep(s) : null;
    if (parts !== null) {
      pending.unshift(...parts);
      continue;
    }
    chunks.push(current);
    current = { steps: [s], bytes: s.bytes };
  }
  if (current.steps.length > 0) chunks.push(current);
  return chunks;
}

/** A chunk in two halves (a lone block of cells by its rows); null when it cannot be split. */
function halves(chunk: Chunk): [Chunk, Chunk] | null {
  const sum = (steps: Step[]) => steps.reduce((n, s) => n + s.bytes, 0);
  let parts: [Step[], Step[]];
  if (chunk.steps.length > 1) {
    const half = Math.ceil(chunk.steps.length / 2);
    parts = [chunk.steps.slice(0, half), chunk.steps.slice(half)];
  } else {
    const split = splitStep(chunk.steps[0]);
    if (split === null) return null;
    parts = [[split[0]], [split[1]]];
  }
  return [
    { ...chunk, steps: parts[0], bytes: sum(parts[0]) },
    { ...chunk, steps: parts[1], bytes: sum(parts[1]) },
  ];
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
  const queue = pack(
    steps.filter((s) => s.freeze !== true),
    budget,
  );
  const freezes = pack(
    steps.filter((s) => s.freeze === true),
    budget,
  );
  // Progress in the plan's steps: a step split in parts counts once, when all its parts are written.
  const total = steps.length;
  let done = 0;
  const progress = (chunk: Chunk): void => {
    done += chunk.steps.reduce((n, s) => n + weightOf(s), 0);
    onProgress?.(Math.min(total, Math.floor(done + 1e-9)), total);
  };
  onProgress?.(0, total);

  /** The recalculation, in a request of its own and not suspended; Excel's error, or null when it ran. */
  const recalculate = async (): Promise<unknown> => {
    context.workbook.application.calculate('Recalculate');
    result.syncs++;
    try {
      await context.sync();
      return null;
    } catch (err) {
      return err ?? new Error('calculate');
    }
  };

  while (queue.length > 0) {
    const chunk = queue.shift() as Chunk;
    context.workbook.application.suspendApiCalculationUntilNextSync();
    for (const step of chunk.steps) step.queue();
    result.syncs++;
    try {
      // One sync per chunk bounded by bytes (the 5 MB request limit), never per sheet or cell.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      const oversize = isPayloadLimitError(err);
      const general =
        !oversize && chunk.halvedOnce !== true && isLargeRequestGeneralException(err, chunk.bytes, budget);
      const split = oversize || general ? halves(chunk) : null;
      if (split === null) {
        // What was sent before stays written: recalculated all the same, so its formulas show their values.
        const recalcError = await recalculate();
        throw applyFailed(plan, chunk.steps, err, recalcError === null);
      }
      result.retries++;
      if (general) for (const half of split) half.halvedOnce = true;
      queue.unshift(...split);
      continue;
    }
    result.chunks++;
    progress(chunk);
  }

  // The freezes, last and on their own: a build that refuses them leaves the results written, unfrozen.
  for (const chunk of freezes) {
    for (const step of chunk.steps) step.queue();
    result.syncs++;
    try {
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      const text = describeOfficeError(err);
      result.warnings.push({
        vi: `Không cố định được dòng/cột tiêu đề (${text.vi}); kết quả vẫn được ghi đủ`,
        en: `The header rows/columns could not be frozen (${text.en}); the results are written in full`,
      });
    }
    progress(chunk);
  }

  const recalcError = await recalculate();
  if (recalcError !== null) result.warnings.push(NOT_RECALCULATED);
}
