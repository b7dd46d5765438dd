// The problems a write plan can have and the error an adapter throws for them: one vocabulary for the ExcelJS
// and the Office.js adapters, so a refused plan reads the same in both hosts.
import { OWNERSHIP_SHEET, type WriteOp } from '../core/plan-types';
import type { Finding } from '../core/types';
import { BilingualError } from './errors';

export type PlanProblemCode =
  | 'PLAN_OP_INVALID'
  | 'PLAN_SHEET_MISSING'
  | 'PLAN_SHEET_EXISTS'
  | 'PLAN_SHEET_NAME_INVALID'
  | 'PLAN_SHEET_PROTECTED'
  | 'PLAN_ADDRESS_INVALID'
  | 'PLAN_VALUE_INVALID'
  | 'PLAN_FORMULA_INVALID'
  | 'PLAN_COLOUR_INVALID'
  | 'PLAN_STYLE_INVALID'
  | 'PLAN_MERGED_CELL'
  | 'PLAN_MERGE_OVERLAP'
  | 'PLAN_MERGE_LOSES_VALUE'
  | 'PLAN_COLUMNS_INVALID'
  | 'PLAN_FREEZE_INVALID'
  | 'PLAN_ROWS_INVALID'
  | 'PLAN_PAGE_SETUP_INVALID'
  | 'PLAN_CHART_INVALID'
  | 'PLAN_RULE_INVALID'
  | 'PLAN_OWNERSHIP_INVALID'
  | 'PLAN_NO_VISIBLE_SHEET'
  /** The host (ExcelJS, or Excel through Office.js) failed on an operation that passed the checks. */
  | 'PLAN_APPLY_FAILED';

/** Why one operation cannot be applied: a Finding (so it shows like the others) naming the operation. */
export interface PlanProblem extends Finding {
  code: PlanProblemCode;
  /** Zero-based index of the operation in `plan.ops`; null for a problem of the whole plan. */
  opIndex: number | null;
  op: WriteOp['kind'] | null;
}

/** A PlanProblem (always an error), its message in both languages. */
export function planProblem(
  code: PlanProblemCode,
  where: { sheet: string; cell?: string | null; opIndex: number | null; op: WriteOp['kind'] | null },
  messageVi: string,
  messageEn: string,
): PlanProblem {
  const { sheet, cell = null, opIndex, op } = where;
  return {
    code,
    severity: 'error',
    sheet,
    cell,
    opIndex,
    op,
    messageVi,
    messageEn,
    message: `${messageVi} / ${messageEn}`,
  };
}

export type PlanApplyErrorKind =
  /** Checked before writing: nothing was changed. */
  | 'invalid-plan'
  /** The host failed while writing, after the checks passed: the workbook is partly changed. */
  | 'apply-failed';

export class PlanApplyError extends BilingualError {
  readonly kind: PlanApplyErrorKind;
  readonly problems: PlanProblem[];

  constructor(
    kind: PlanApplyErrorKind,
    problems: PlanProblem[],
    messageVi: string,
    messageEn: string,
    cause?: unknown,
  ) {
    super(messageVi, messageEn, cause);
    this.name = 'PlanApplyError';
    this.kind = kind;
    this.problems = problems;
  }
}

/** Each operation's name in Vietnamese, for the messages. */
export const OP_VI: Record<WriteOp['kind'], string> = {
  addSheet: 'thêm trang tính',
  deleteSheet: 'xóa trang tính',
  setCells: 'ghi ô',
  setStyle: 'định dạng ô',
  merge: 'gộp ô',
  columnWidths: 'đặt độ rộng cột',
  rowHeights: 'đặt chiều cao dòng',
  hideColumns: 'ẩn cột',
  pageSetup: 'thiết lập trang in',
  addChart: 'thêm biểu đồ',
  freeze: 'cố định dòng/cột',
  addConditionalFormat: 'thêm định dạng có điều kiện',
  removeConditionalFormat: 'xóa định dạng có điều kiện',
  removeTaggedHighlights: 'xóa các quy tắc tô màu của add-in',
  writeOwnership: 'ghi bản ghi của add-in',
};

/** The all-or-nothing refusal: nothing was written, the first problem said, the others counted. */
export function invalidPlanError(problems: PlanProblem[]): PlanApplyError {
  const first = problems[0];
  const more = problems.length - 1;
  return new PlanApplyError(
    'invalid-plan',
    problems,
    `Chưa ghi gì vào sổ tính: ${first.messageVi}${more > 0 ? ` (và ${more} lỗi khác)` : ''}`,
    `Nothing was written to the workbook: ${first.messageEn}${more > 0 ? ` (and ${more} more)` : ''}`,
  );
}

/** The sheet an operation works on. */
export function opSheet(op: WriteOp): string {
  switch (op.kind) {
    case 'addConditionalFormat':
    case 'removeConditionalFormat':
      return op.format.sheet;
    case 'writeOwnership':
      return op.sheet ?? OWNERSHIP_SHEET;
    case 'removeTaggedHighlights':
      // Every sheet: none in particular.
      return '';
    default:
      return op.sheet;
  }
}
