// WritePlan → ExcelJS workbook. Carries out the engine's write operations, in order, all or nothing: every
// operation is checked first against the workbook as it will be at that point of the plan (sheets added or
// deleted by earlier operations count), and nothing is changed when any of them cannot be applied.
// No scoring rule lives here.
//
// Traps handled here, all found in ExcelJS 4.4 on loaded workbooks:
//  - cells of one style share ONE style object: styles are merged into a new object per cell;
//  - overwriting the master cell of a shared formula (what Excel writes for a filled-down formula) makes
//    ExcelJS refuse to write the file: the master's clones are turned into plain formulas first;
//  - writing to a cell covered by a merge writes the merge's top-left cell: refused unless the value is blank;
//  - merging drops the values of the covered cells: refused when one of them holds a value;
//  - a sheet name longer than 31 characters is cut silently: refused.
import type {
  AddWorksheetOptions,
  Borders,
  Cell,
  CellErrorValue,
  ConditionalFormattingOptions,
  ConditionalFormattingRule,
  Font,
  Style,
  Workbook,
  Worksheet,
  WorksheetView,
  WorksheetViewCommon,
} from 'exceljs';
import { cellAddress, parseRange, type RangeBox } from '../core/address';
import { ownershipCells, validateOwnershipRecord } from '../core/ownership';
import {
  isPlanFormula,
  isTaggedHighlight,
  OWNERSHIP_SHEET,
  type CellStyle,
  type ConditionalRule,
  type OwnedConditionalFormat,
  type OwnershipRecord,
  type PlanCell,
  type WriteOp,
  type WritePlan,
} from '../core/plan-types';
import type { Finding } from '../core/types';
import { BilingualError } from './errors';

// ---------------------------------------------------------------------------------------------------------
// Formulas: the file format's names of functions newer than Excel 2007

/**
 * Functions that the .xlsx format stores as `_xlfn.NAME(` (added after Excel 2007). Excel and LibreOffice
 * show `#NAME?` for the unprefixed name in a file. (FILTER and SORT, stored `_xlfn._xlws.`, and LET/LAMBDA,
 * whose parameters need `_xlpm.`, are deliberately absent: the engine does not write them.)
 */
export const XLFN_FUNCTIONS: ReadonlySet<string> = new Set([
  'AGGREGATE',
  'ARABIC',
  'BASE',
  'BITAND',
  'BITLSHIFT',
  'BITOR',
  'BITRSHIFT',
  'BITXOR',
  'CEILING.MATH',
  'CEILING.PRECISE',
  'CONCAT',
  'CONFIDENCE.NORM',
  'CONFIDENCE.T',
  'COVARIANCE.P',
  'COVARIANCE.S',
  'DAYS',
  'DECIMAL',
  'ENCODEURL',
  'FLOOR.MATH',
  'FLOOR.PRECISE',
  'FORMULATEXT',
  'IFNA',
  'IFS',
  'ISFORMULA',
  'ISOWEEKNUM',
  'MAXIFS',
  'MINIFS',
  'MODE.MULT',
  'MODE.SNGL',
  'NORM.DIST',
  'NORM.INV',
  'NORM.S.DIST',
  'NORM.S.INV',
  'NUMBERVALUE',
  'PERCENTILE.EXC',
  'PERCENTILE.INC',
  'PERCENTRANK.EXC',
  'PERCENTRANK.INC',
  'QUARTILE.EXC',
  'QUARTILE.INC',
  'RANK.AVG',
  'RANK.EQ',
  'SEQUENCE',
  'SHEET',
  'SHEETS',
  'SORTBY',
  'STDEV.P',
  'STDEV.S',
  'SWITCH',
  'T.DIST',
  'T.INV',
  'T.TEST',
  'TEXTJOIN',
  'UNICHAR',
  'UNICODE',
  'UNIQUE',
  'VAR.P',
  'VAR.S',
  'XLOOKUP',
  'XMATCH',
  'XOR',
]);

const NAME_START = /[A-Za-z_\\\u0080-\uffff]/;
const NAME_PART = /[A-Za-z0-9_.\\\u0080-\uffff]/;

/** End (exclusive) of a quoted run starting at `i` (`"…"` or `'…'`, the quote doubled inside). */
function quotedEnd(f: string, i: number, quote: string): number {
  let j = i + 1;
  while (j < f.length) {
    if (f[j] === quote) {
      if (f[j + 1] === quote) j += 2;
      else return j + 1;
    } else j++;
  }
  return j;
}

/** End (exclusive) of a bracketed run starting at `i` (structured or external references; `'` escapes). */
function bracketEnd(f: string, i: number): number {
  let depth = 0;
  let j = i;
  while (j < f.length) {
    const c = f[j];
    if (c === "'") {
      j += 2;
      continue;
    }
    if (c === '[') depth++;
    else if (c === ']') {
      depth--;
      if (depth === 0) return j + 1;
    }
    j++;
  }
  return j;
}

/**
 * Rewrites the names in a formula that are called as functions (`NAME(`), leaving string literals, quoted
 * sheet names and bracketed references alone. `rename` returns the new text, or null to keep the name.
 */
function rewriteCalledNames(formula: string, rename: (name: string) => string | null): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const c = formula[i];
    let end: number;
    if (c === '"' || c === "'") end = quotedEnd(formula, i, c);
    else if (c === '[') end = bracketEnd(formula, i);
    else if (NAME_START.test(c) || (c >= '0' && c <= '9')) {
      end = i + 1;
      while (end < formula.length && NAME_PART.test(formula[end])) end++;
      const name = formula.slice(i, end);
      const renamed = formula[end] === '(' && !(c >= '0' && c <= '9') ? rename(name) : null;
      out += renamed ?? name;
      i = end;
      continue;
    } else end = i + 1;
    out += formula.slice(i, end);
    i = end;
  }
  return out;
}

/** A formula as the file stores it: `_xlfn.` before the functions of XLFN_FUNCTIONS (once, any case). */
export function toFileFormula(formula: string): string {
  return rewriteCalledNames(formula, (name) => {
    const upper = name.toUpperCase();
    return XLFN_FUNCTIONS.has(upper) ? `_xlfn.${upper}` : null;
  });
}

/** The reverse: a formula read from a file without its `_xlfn.` / `_xlws.` prefixes, as a person types it. */
export function fromFileFormula(formula: string): string {
  return rewriteCalledNames(formula, (name) => {
    const stripped = name.replace(/^_xlfn\./i, '').replace(/^_xlws\./i, '');
    return stripped === name ? null : stripped;
  });
}

// ---------------------------------------------------------------------------------------------------------
// Errors

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
  | 'PLAN_RULE_INVALID'
  | 'PLAN_OWNERSHIP_INVALID'
  | 'PLAN_NO_VISIBLE_SHEET'
  /** ExcelJS threw while applying an operation that passed the checks. */
  | 'PLAN_APPLY_FAILED';

/** Why one operation cannot be applied: a Finding (so it shows like the others) naming the operation. */
export interface PlanProblem extends Finding {
  code: PlanProblemCode;
  /** Zero-based index of the operation in `plan.ops`; null for a problem of the whole plan. */
  opIndex: number | null;
  op: WriteOp['kind'] | null;
}

export type PlanApplyErrorKind =
  /** Checked before writing: nothing was changed. */
  | 'invalid-plan'
  /** ExcelJS failed while writing, after the checks passed: the in-memory workbook is partly changed. */
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

const OP_VI: Record<WriteOp['kind'], string> = {
  addSheet: 'thêm trang tính',
  deleteSheet: 'xóa trang tính',
  setCells: 'ghi ô',
  setStyle: 'định dạng ô',
  merge: 'gộp ô',
  columnWidths: 'đặt độ rộng cột',
  hideColumns: 'ẩn cột',
  freeze: 'cố định dòng/cột',
  addConditionalFormat: 'thêm định dạng có điều kiện',
  removeConditionalFormat: 'xóa định dạng có điều kiện',
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

function opSheet(op: WriteOp): string {
  switch (op.kind) {
    case 'addConditionalFormat':
    case 'removeConditionalFormat':
      return op.format.sheet;
    case 'writeOwnership':
      return OWNERSHIP_SHEET;
    default:
      return op.sheet;
  }
}

function applyFailedError(index: number, op: WriteOp, cause: unknown): PlanApplyError {
  const sheet = opSheet(op);
  const detail = cause instanceof Error ? cause.message : String(cause);
  const problem: PlanProblem = {
    code: 'PLAN_APPLY_FAILED',
    severity: 'error',
    sheet,
    cell: null,
    opIndex: index,
    op: op.kind,
    messageVi: `Thao tác ${index + 1} (${OP_VI[op.kind]}), trang "${sheet}": ExcelJS báo lỗi: ${detail}`,
    messageEn: `Op ${index + 1} (${op.kind}), sheet "${sheet}": ExcelJS failed: ${detail}`,
    message: '',
  };
  problem.message = `${problem.messageVi} / ${problem.messageEn}`;
  return new PlanApplyError(
    'apply-failed',
    [problem],
    `${problem.messageVi}. Sổ tính trong bộ nhớ đã bị ghi một phần: đừng lưu nó`,
    `${problem.messageEn}. The in-memory workbook is partly changed: do not save it`,
    cause,
  );
}

// ---------------------------------------------------------------------------------------------------------
// Checking a plan (pure: works on a description of the sheets, not on ExcelJS)

export const MAX_ROWS = 1048576;
export const MAX_COLUMNS = 16384;
const MAX_TEXT = 32767;
const MAX_FORMULA = 8192;
const MAX_SHEET_NAME = 31;
const MAX_COLUMN_WIDTH = 255;
const MAX_FONT_SIZE = 409;
const ERROR_VALUES: ReadonlySet<string> = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A']);
const COLOUR = /^[0-9A-Fa-f]{6}$/;
const A1_RANGE = /^\$?[A-Za-z]{1,3}\$?\d+(?::\$?[A-Za-z]{1,3}\$?\d+)?$/;

/** What the check needs to know of a sheet that exists before the plan runs. */
export interface SheetState {
  name: string;
  protected: boolean;
  state: 'visible' | 'hidden' | 'veryHidden';
  /** Merged ranges in A1 notation. */
  merges: string[];
  /** Whether a cell (zero-based) holds a value now; used to refuse a merge that would drop a value. */
  hasValue?: (row: number, col: number) => boolean;
}

interface SimSheet extends SheetState {
  boxes: RangeBox[];
  /** Cells written by earlier operations of the plan: true = a value, false = cleared. */
  written: Map<number, boolean>;
}

/** A1 range (or single cell) within Excel's grid; null otherwise. */
export function parseBox(a1: unknown): RangeBox | null {
  if (typeof a1 !== 'string' || !A1_RANGE.test(a1.trim())) return null;
  const box = parseRange(a1.trim());
  if (box === null || box.bottom >= MAX_ROWS || box.right >= MAX_COLUMNS) return null;
  return box;
}

function boxText(b: RangeBox): string {
  const tl = cellAddress(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? tl : `${tl}:${cellAddress(b.bottom, b.right)}`;
}

function intersects(a: RangeBox, b: RangeBox): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

function contains(b: RangeBox, row: number, col: number): boolean {
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

const cellKey = (row: number, col: number): number => row * MAX_COLUMNS + col;

/** Why `name` cannot be a sheet name in Excel; null when it can. */
export function sheetNameProblem(name: unknown): { vi: string; en: string } | null {
  if (typeof name !== 'string' || name.trim() === '') return { vi: 'tên trống', en: 'the name is empty' };
  if (name.length > MAX_SHEET_NAME)
    return { vi: `dài quá ${MAX_SHEET_NAME} ký tự`, en: `longer than ${MAX_SHEET_NAME} characters` };
  if (/[[\]:*?/\\]/.test(name))
    return { vi: 'có ký tự không được phép [ ] : * ? / \\', en: 'it contains one of [ ] : * ? / \\' };
  if (name.startsWith("'") || name.endsWith("'"))
    return { vi: "bắt đầu hoặc kết thúc bằng dấu '", en: "it starts or ends with '" };
  if (name.toLowerCase() === 'history')
    return { vi: 'Excel dành riêng tên "History"', en: 'Excel reserves the name "History"' };
  return null;
}

function cellValueProblem(v: unknown): { vi: string; en: string } | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number')
    return Number.isFinite(v) ? null : { vi: `số không hợp lệ (${v})`, en: `not a finite number (${v})` };
  if (typeof v === 'string') {
    return v.length <= MAX_TEXT
      ? null
      : { vi: `văn bản dài quá ${MAX_TEXT} ký tự`, en: `text longer than ${MAX_TEXT} characters` };
  }
  if (typeof v === 'object' && v !== null) {
    if ('formula' in v) return formulaProblem((v as { formula: unknown }).formula);
    if ('error' in v) {
      const e = (v as { error: unknown }).error;
      return typeof e === 'string' && ERROR_VALUES.has(e)
        ? null
        : { vi: `giá trị lỗi không hợp lệ (${String(e)})`, en: `not an Excel error value (${String(e)})` };
    }
  }
  return { vi: 'kiểu giá trị không ghi được', en: 'not a value that can be written' };
}

function formulaProblem(f: unknown): { vi: string; en: string } | null {
  if (typeof f !== 'string' || f.trim() === '') return { vi: 'công thức trống', en: 'the formula is empty' };
  if (f.startsWith('='))
    return { vi: 'công thức không được bắt đầu bằng "="', en: 'the formula must not start with "="' };
  if (f.length > MAX_FORMULA)
    return { vi: `công thức dài quá ${MAX_FORMULA} ký tự`, en: `the formula is longer than ${MAX_FORMULA} characters` };
  return null;
}

function colourProblem(c: unknown): { vi: string; en: string } | null {
  return typeof c === 'string' && COLOUR.test(c)
    ? null
    : { vi: `màu "${String(c)}" không ở dạng RRGGBB`, en: `colour "${String(c)}" is not RRGGBB` };
}

function styleProblem(s: CellStyle): { vi: string; en: string } | null {
  for (const key of ['fontColor', 'fill'] as const) {
    if (s[key] !== undefined) {
      const p = colourProblem(s[key]);
      if (p) return p;
    }
  }
  if (s.fontSize !== undefined && !(Number.isFinite(s.fontSize) && s.fontSize >= 1 && s.fontSize <= MAX_FONT_SIZE)) {
    return { vi: `cỡ chữ không hợp lệ (${s.fontSize})`, en: `font size out of range (${s.fontSize})` };
  }
  if (
    s.numberFormat !== undefined &&
    (typeof s.numberFormat !== 'string' || s.numberFormat === '' || s.numberFormat.length > 255)
  ) {
    return { vi: 'định dạng số không hợp lệ', en: 'invalid number format' };
  }
  if (s.horizontal !== undefined && !['left', 'center', 'right'].includes(s.horizontal)) {
    return { vi: `căn ngang không hợp lệ (${s.horizontal})`, en: `invalid horizontal alignment (${s.horizontal})` };
  }
  if (s.vertical !== undefined && !['top', 'middle', 'bottom'].includes(s.vertical)) {
    return { vi: `căn dọc không hợp lệ (${s.vertical})`, en: `invalid vertical alignment (${s.vertical})` };
  }
  if (s.border !== undefined && s.border !== 'thin')
    return { vi: `đường viền không hợp lệ (${s.border})`, en: `invalid border (${s.border})` };
  return null;
}

function ruleProblem(rule: ConditionalRule): { vi: string; en: string } | null {
  if (typeof rule !== 'object' || rule === null) return { vi: 'quy tắc không hợp lệ', en: 'invalid rule' };
  if (rule.type === 'expression') {
    return (
      formulaProblem(rule.formula) ??
      colourProblem(rule.fill) ??
      (rule.fontColor === undefined ? null : colourProblem(rule.fontColor))
    );
  }
  if (rule.type === 'colorScale') return colourProblem(rule.min) ?? colourProblem(rule.mid) ?? colourProblem(rule.max);
  return { vi: 'loại quy tắc không hợp lệ', en: 'unknown rule type' };
}

/** The ranges of a conditional format (`A1:A5` or `A1:A5 C1:C5`); null when one is not an A1 range. */
function parseRanges(ref: unknown): RangeBox[] | null {
  if (typeof ref !== 'string' || ref.trim() === '') return null;
  const boxes = ref.trim().split(/\s+/).map(parseBox);
  return boxes.every((b): b is RangeBox => b !== null) ? boxes : null;
}

const isIndex = (n: unknown, limit: number): boolean =>
  Number.isInteger(n) && (n as number) >= 0 && (n as number) < limit;

/**
 * Every reason why the plan cannot be applied to a workbook with these sheets, in plan order; [] when it
 * can. Pure: an adapter describes its workbook's sheets and calls this before changing anything.
 */
export function checkPlan(plan: WritePlan, existing: SheetState[]): PlanProblem[] {
  const problems: PlanProblem[] = [];
  const sheets = new Map<string, SimSheet>();
  for (const s of existing) {
    const boxes = s.merges.map((m) => parseRange(m)).filter((b): b is RangeBox => b !== null);
    sheets.set(s.name.toLowerCase(), { ...s, boxes, written: new Map() });
  }

  plan.ops.forEach((op, index) => {
    const kind = (op as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || !(kind in OP_VI)) {
      const messageVi = `Thao tác ${index + 1}: loại thao tác không hợp lệ (${String(kind)})`;
      const messageEn = `Op ${index + 1}: unknown operation (${String(kind)})`;
      problems.push({
        code: 'PLAN_OP_INVALID',
        severity: 'error',
        sheet: '',
        cell: null,
        opIndex: index,
        op: null,
        messageVi,
        messageEn,
        message: `${messageVi} / ${messageEn}`,
      });
      return;
    }
    const sheetName = opSheet(op);
    let reported = false;
    const fail = (code: PlanProblemCode, why: { vi: string; en: string }, cell: string | null = null): void => {
      if (reported) return; // one problem per operation is enough to act on
      reported = true;
      const messageVi = `Thao tác ${index + 1} (${OP_VI[op.kind]}), trang "${sheetName}"${cell ? `, ô ${cell}` : ''}: ${why.vi}`;
      const messageEn = `Op ${index + 1} (${op.kind}), sheet "${sheetName}"${cell ? `, cell ${cell}` : ''}: ${why.en}`;
      problems.push({
        code,
        severity: 'error',
        sheet: sheetName,
        cell,
        opIndex: index,
        op: op.kind,
        messageVi,
        messageEn,
        message: `${messageVi} / ${messageEn}`,
      });
    };
    const lookup = (): SimSheet | undefined => {
      const s = sheets.get(String(sheetName).toLowerCase());
      return s !== undefined && s.name === sheetName ? s : undefined;
    };
    const target = (allowProtected = false): SimSheet | undefined => {
      const s = lookup();
      if (s === undefined) {
        fail('PLAN_SHEET_MISSING', { vi: 'không có trang tính này', en: 'no such sheet' });
        return undefined;
      }
      if (s.protected && !allowProtected) {
        fail('PLAN_SHEET_PROTECTED', {
          vi: 'trang tính đang được bảo vệ (Protect Sheet); hãy bỏ bảo vệ rồi chạy lại',
          en: 'the sheet is protected (Protect Sheet); unprotect it and run again',
        });
        return undefined;
      }
      return s;
    };
    const range = (a1: unknown): RangeBox | null => {
      const box = parseBox(a1);
      if (box === null)
        fail('PLAN_ADDRESS_INVALID', {
          vi: `địa chỉ "${String(a1)}" không hợp lệ hoặc vượt giới hạn của Excel`,
          en: `"${String(a1)}" is not an A1 address within Excel's grid`,
        });
      return box;
    };
    const created = (state: SheetState['state']): SimSheet => ({
      name: sheetName,
      protected: false,
      state,
      merges: [],
      boxes: [],
      written: new Map(),
    });

    switch (op.kind) {
      case 'addSheet': {
        const bad = sheetNameProblem(op.sheet);
        if (bad)
          return fail('PLAN_SHEET_NAME_INVALID', {
            vi: `tên trang không hợp lệ: ${bad.vi}`,
            en: `invalid sheet name: ${bad.en}`,
          });
        const clash = sheets.get(op.sheet.toLowerCase());
        if (clash) {
          return fail('PLAN_SHEET_EXISTS', {
            vi: `đã có trang "${clash.name}" (Excel không phân biệt chữ hoa, chữ thường)`,
            en: `a sheet "${clash.name}" exists already (Excel ignores case)`,
          });
        }
        if (op.tabColor !== undefined) {
          const p = colourProblem(op.tabColor);
          if (p) return fail('PLAN_COLOUR_INVALID', p);
        }
        if (op.hidden !== undefined && op.hidden !== 'hidden' && op.hidden !== 'veryHidden') {
          return fail('PLAN_OP_INVALID', {
            vi: `trạng thái ẩn không hợp lệ (${String(op.hidden)})`,
            en: `invalid hidden state (${String(op.hidden)})`,
          });
        }
        sheets.set(op.sheet.toLowerCase(), created(op.hidden ?? 'visible'));
        return undefined;
      }
      case 'deleteSheet': {
        if (!target()) return undefined;
        sheets.delete(op.sheet.toLowerCase());
        return undefined;
      }
      case 'setCells': {
        const s = target();
        const at = range(op.address);
        if (!s || !at) return undefined;
        if (!Array.isArray(op.cells) || !op.cells.every((row) => Array.isArray(row))) {
          return fail('PLAN_VALUE_INVALID', {
            vi: 'khối ô không phải mảng hai chiều',
            en: 'cells is not an array of rows',
          });
        }
        const width = Math.max(0, ...op.cells.map((row) => row.length));
        if (at.top + op.cells.length > MAX_ROWS || at.left + width > MAX_COLUMNS) {
          return fail('PLAN_ADDRESS_INVALID', {
            vi: 'khối ô vượt giới hạn của Excel',
            en: "the block goes beyond Excel's grid",
          });
        }
        for (let r = 0; r < op.cells.length; r++) {
          const row = op.cells[r];
          for (let c = 0; c < row.length; c++) {
            const v: PlanCell | undefined = row[c];
            const row0 = at.top + r;
            const col0 = at.left + c;
            const where = cellAddress(row0, col0);
            const bad =
              v === undefined
                ? { vi: 'thiếu giá trị (dùng null để xóa ô)', en: 'missing value (null clears a cell)' }
                : cellValueProblem(v);
            if (bad) {
              const code =
                typeof v === 'object' && v !== null && 'formula' in v ? 'PLAN_FORMULA_INVALID' : 'PLAN_VALUE_INVALID';
              return fail(code, bad, where);
            }
            if (v !== null) {
              const merge = s.boxes.find((b) => contains(b, row0, col0) && (b.top !== row0 || b.left !== col0));
              if (merge) {
                return fail(
                  'PLAN_MERGED_CELL',
                  {
                    vi: `ô nằm trong vùng gộp ${boxText(merge)}; chỉ ghi được vào ô đầu`,
                    en: `the cell is inside the merged range ${boxText(merge)}; only its top-left cell takes a value`,
                  },
                  where,
                );
              }
            }
            s.written.set(cellKey(row0, col0), v !== null);
          }
        }
        return undefined;
      }
      case 'setStyle': {
        const s = target();
        const box = range(op.range);
        if (!s || !box) return undefined;
        const bad =
          typeof op.style === 'object' && op.style !== null
            ? styleProblem(op.style)
            : { vi: 'thiếu định dạng', en: 'no style given' };
        if (bad) fail('PLAN_STYLE_INVALID', bad);
        return undefined;
      }
      case 'merge': {
        const s = target();
        const box = range(op.range);
        if (!s || !box) return undefined;
        const overlap = s.boxes.find((b) => intersects(b, box));
        if (overlap) {
          return fail('PLAN_MERGE_OVERLAP', {
            vi: `vùng ${op.range} chồng lên vùng đã gộp ${boxText(overlap)}`,
            en: `${op.range} overlaps the merged range ${boxText(overlap)}`,
          });
        }
        for (let r = box.top; r <= box.bottom; r++) {
          for (let c = box.left; c <= box.right; c++) {
            if (r === box.top && c === box.left) continue;
            const written = s.written.get(cellKey(r, c));
            if (written ?? s.hasValue?.(r, c) ?? false) {
              return fail(
                'PLAN_MERGE_LOSES_VALUE',
                {
                  vi: `gộp ${op.range} sẽ làm mất giá trị của ô này`,
                  en: `merging ${op.range} would drop this cell's value`,
                },
                cellAddress(r, c),
              );
            }
          }
        }
        s.boxes.push(box);
        return undefined;
      }
      case 'columnWidths': {
        if (!target()) return undefined;
        const ok =
          isIndex(op.first, MAX_COLUMNS) &&
          Array.isArray(op.widths) &&
          op.first + op.widths.length <= MAX_COLUMNS &&
          op.widths.every((w) => typeof w === 'number' && Number.isFinite(w) && w >= 0 && w <= MAX_COLUMN_WIDTH);
        if (!ok)
          fail('PLAN_COLUMNS_INVALID', {
            vi: `độ rộng cột không hợp lệ (từ cột ${op.first}, tối đa ${MAX_COLUMN_WIDTH})`,
            en: `invalid column widths (from column ${op.first}, at most ${MAX_COLUMN_WIDTH})`,
          });
        return undefined;
      }
      case 'hideColumns': {
        if (!target()) return undefined;
        if (!Array.isArray(op.columns) || !op.columns.every((c) => isIndex(c, MAX_COLUMNS))) {
          fail('PLAN_COLUMNS_INVALID', { vi: 'số thứ tự cột không hợp lệ', en: 'invalid column index' });
        }
        return undefined;
      }
      case 'freeze': {
        // Freezing panes is a view setting: Excel allows it on a protected sheet.
        if (!target(true)) return undefined;
        if (!isIndex(op.rows, MAX_ROWS) || !isIndex(op.columns, MAX_COLUMNS)) {
          fail('PLAN_FREEZE_INVALID', {
            vi: `số dòng/cột cố định không hợp lệ (${op.rows}, ${op.columns})`,
            en: `invalid frozen rows/columns (${op.rows}, ${op.columns})`,
          });
        }
        return undefined;
      }
      case 'addConditionalFormat':
      case 'removeConditionalFormat': {
        const format = op.format as OwnedConditionalFormat | undefined;
        if (typeof format !== 'object' || format === null)
          return fail('PLAN_RULE_INVALID', { vi: 'thiếu định dạng có điều kiện', en: 'no conditional format given' });
        // Removing: a sheet the user deleted (or renamed) has nothing left to remove.
        if (op.kind === 'removeConditionalFormat' && lookup() === undefined) return undefined;
        if (!target()) return undefined;
        if (parseRanges(format.range) === null) {
          return fail('PLAN_ADDRESS_INVALID', {
            vi: `vùng "${String(format.range)}" không hợp lệ`,
            en: `"${String(format.range)}" is not a valid range`,
          });
        }
        const rule = format.rule as ConditionalRule | undefined;
        if (rule?.type === 'expression') {
          const bad = formulaProblem(rule.formula);
          if (bad) return fail('PLAN_FORMULA_INVALID', bad);
        }
        const bad = rule === undefined ? { vi: 'thiếu quy tắc', en: 'no rule given' } : ruleProblem(rule);
        if (bad) fail('PLAN_RULE_INVALID', bad);
        return undefined;
      }
      case 'writeOwnership': {
        if (validateOwnershipRecord(op.record) === null) {
          return fail('PLAN_OWNERSHIP_INVALID', {
            vi: 'bản ghi của add-in không đúng cấu trúc',
            en: 'the ownership record is malformed',
          });
        }
        const clash = sheets.get(OWNERSHIP_SHEET.toLowerCase());
        if (clash && clash.name !== OWNERSHIP_SHEET) {
          return fail('PLAN_SHEET_EXISTS', {
            vi: `đã có trang "${clash.name}" (Excel không phân biệt chữ hoa, chữ thường)`,
            en: `a sheet "${clash.name}" exists already (Excel ignores case)`,
          });
        }
        if (clash) {
          if (!target()) return undefined;
          // Its old cells are cleared, then the record is written.
          clash.written.clear();
          clash.state = 'veryHidden';
          return undefined;
        }
        sheets.set(OWNERSHIP_SHEET.toLowerCase(), created('veryHidden'));
        return undefined;
      }
      default: {
        const never: never = op;
        return never;
      }
    }
  });

  if (![...sheets.values()].some((s) => s.state === 'visible')) {
    const messageVi = 'sau khi ghi sẽ không còn trang tính nào hiện (Excel cần ít nhất một trang hiện)';
    const messageEn = 'no visible sheet would be left (Excel needs at least one)';
    problems.push({
      code: 'PLAN_NO_VISIBLE_SHEET',
      severity: 'error',
      sheet: '',
      cell: null,
      opIndex: null,
      op: null,
      messageVi,
      messageEn,
      message: `${messageVi} / ${messageEn}`,
    });
  }
  return problems;
}

// ---------------------------------------------------------------------------------------------------------
// ExcelJS side

interface ProtectedSheet {
  sheetProtection?: { sheet?: boolean } | null;
}

interface MergeHolder {
  _merges?: Record<string, { range?: string } | undefined>;
}

interface CfHolder {
  conditionalFormattings?: ConditionalFormattingOptions[];
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function isProtected(ws: Worksheet): boolean {
  return (ws as unknown as ProtectedSheet).sheetProtection?.sheet === true;
}

function mergesOf(ws: Worksheet): string[] {
  const internal = (ws as unknown as MergeHolder)._merges;
  if (!isObject(internal)) return ws.model.merges ?? [];
  const out: string[] = [];
  for (const key of Object.keys(internal)) {
    const r = internal[key]?.range;
    if (typeof r === 'string') out.push(r);
  }
  return out;
}

function conditionalFormatsOf(ws: Worksheet): ConditionalFormattingOptions[] {
  const holder = ws as unknown as CfHolder;
  if (!Array.isArray(holder.conditionalFormattings)) holder.conditionalFormattings = [];
  return holder.conditionalFormattings;
}

/** The workbook's sheets as the check sees them. */
export function describeSheets(wb: Workbook): SheetState[] {
  return wb.worksheets.map((ws) => ({
    name: ws.name,
    protected: isProtected(ws),
    state: ws.state === 'hidden' || ws.state === 'veryHidden' ? ws.state : 'visible',
    merges: mergesOf(ws),
    hasValue: (row: number, col: number) => {
      const cell = ws.findCell(row + 1, col + 1);
      return cell !== undefined && cell.value !== null && cell.value !== undefined && cell.value !== '';
    },
  }));
}

const argb = (rrggbb: string): string => `FF${rrggbb.toUpperCase()}`;

function worksheet(wb: Workbook, name: string): Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet "${name}" (the check should have caught this)`);
  return ws;
}

/**
 * Before `cell` loses its value: when it is the master of a shared formula (Excel writes a filled-down
 * formula so), its clones become plain formulas, or ExcelJS refuses to write the file.
 */
function detachSharedClones(ws: Worksheet, cell: Cell): void {
  const v: unknown = cell.value;
  if (!isObject(v) || v.shareType !== 'shared' || typeof v.ref !== 'string') return;
  const box = parseRange(v.ref);
  if (box === null) return;
  for (let r = box.top; r <= box.bottom; r++) {
    for (let c = box.left; c <= box.right; c++) {
      const clone = ws.findCell(r + 1, c + 1);
      if (clone === undefined || clone === cell) continue;
      const cv: unknown = clone.value;
      if (isObject(cv) && cv.sharedFormula === cell.address) {
        const result = cv.result as CellErrorValue | number | string | boolean | Date | undefined;
        clone.value = result === undefined ? { formula: clone.formula } : { formula: clone.formula, result };
      }
    }
  }
}

/** Writes a block; true when it wrote a formula. */
function setCells(ws: Worksheet, address: string, cells: PlanCell[][]): boolean {
  const at = parseRange(address);
  if (at === null) throw new Error(`bad address ${address}`);
  let formula = false;
  cells.forEach((row, r) => {
    row.forEach((v, c) => {
      const cell = ws.getCell(at.top + r + 1, at.left + c + 1);
      // A blank for a cell covered by a merge: it is blank already (its value is the top-left cell's).
      if (cell.isMerged && cell.master !== cell) return;
      detachSharedClones(ws, cell);
      if (isPlanFormula(v)) {
        cell.value = { formula: toFileFormula(v.formula) };
        formula = true;
      } else if (v !== null && typeof v === 'object') {
        cell.value = { error: v.error as CellErrorValue['error'] };
      } else {
        cell.value = v;
      }
    });
  });
  return formula;
}

function mergedStyle(old: Partial<Style>, s: CellStyle): Partial<Style> {
  const next: Partial<Style> = { ...old };
  if (s.bold !== undefined || s.italic !== undefined || s.fontSize !== undefined || s.fontColor !== undefined) {
    const font: Partial<Font> = { ...old.font };
    if (s.bold !== undefined) font.bold = s.bold;
    if (s.italic !== undefined) font.italic = s.italic;
    if (s.fontSize !== undefined) font.size = s.fontSize;
    if (s.fontColor !== undefined) font.color = { argb: argb(s.fontColor) };
    next.font = font;
  }
  if (s.fill !== undefined) next.fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: argb(s.fill) } };
  if (s.numberFormat !== undefined) next.numFmt = s.numberFormat;
  if (s.horizontal !== undefined || s.vertical !== undefined || s.wrap !== undefined) {
    const alignment = { ...old.alignment };
    if (s.horizontal !== undefined) alignment.horizontal = s.horizontal;
    if (s.vertical !== undefined) alignment.vertical = s.vertical;
    if (s.wrap !== undefined) alignment.wrapText = s.wrap;
    next.alignment = alignment;
  }
  if (s.border === 'thin') {
    const border: Partial<Borders> = { ...old.border };
    for (const side of ['top', 'left', 'bottom', 'right'] as const) border[side] = { style: 'thin' };
    next.border = border;
  }
  return next;
}

function setStyle(ws: Worksheet, range: string, style: CellStyle): void {
  const box = parseRange(range);
  if (box === null) throw new Error(`bad range ${range}`);
  for (let r = box.top; r <= box.bottom; r++) {
    for (let c = box.left; c <= box.right; c++) {
      const cell = ws.getCell(r + 1, c + 1);
      // A new object per cell: loaded cells of one style share one style object.
      cell.style = mergedStyle(cell.style ?? {}, style);
    }
  }
}

function merge(ws: Worksheet, range: string): void {
  const box = parseRange(range);
  if (box === null) throw new Error(`bad range ${range}`);
  for (let r = box.top; r <= box.bottom; r++) {
    for (let c = box.left; c <= box.right; c++) {
      if (r === box.top && c === box.left) continue;
      const cell = ws.findCell(r + 1, c + 1);
      if (cell !== undefined) detachSharedClones(ws, cell);
    }
  }
  ws.mergeCells(range);
}

function freeze(ws: Worksheet, rows: number, columns: number): void {
  // Keep the view's own settings (zoom, gridlines, right-to-left…); replace only the panes.
  const old: Partial<WorksheetView> = ws.views[0] ?? {};
  const common: Partial<WorksheetViewCommon> = {};
  if (old.rightToLeft !== undefined) common.rightToLeft = old.rightToLeft;
  if (old.showRuler !== undefined) common.showRuler = old.showRuler;
  if (old.showRowColHeaders !== undefined) common.showRowColHeaders = old.showRowColHeaders;
  if (old.showGridLines !== undefined) common.showGridLines = old.showGridLines;
  if (old.zoomScale !== undefined) common.zoomScale = old.zoomScale;
  if (old.zoomScaleNormal !== undefined) common.zoomScaleNormal = old.zoomScaleNormal;
  ws.views = [
    rows === 0 && columns === 0
      ? { ...common, state: 'normal' }
      : { ...common, state: 'frozen', xSplit: columns, ySplit: rows },
  ];
}

function toExcelRule(rule: ConditionalRule, priority: number): ConditionalFormattingRule {
  if (rule.type === 'colorScale') {
    return {
      type: 'colorScale',
      priority,
      cfvo: [{ type: 'min' }, { type: 'percentile', value: 50 }, { type: 'max' }],
      color: [{ argb: argb(rule.min) }, { argb: argb(rule.mid) }, { argb: argb(rule.max) }],
    };
  }
  const style: Partial<Style> = { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: argb(rule.fill) } } };
  if (rule.fontColor !== undefined) style.font = { color: { argb: argb(rule.fontColor) } };
  return { type: 'expression', priority, formulae: [toFileFormula(rule.formula)], style };
}

/** A CF reference in a comparable form: ranges upper-case, without `$`, `A1:A1` as `A1`. */
function normalizeRef(ref: string): string {
  return ref
    .trim()
    .split(/\s+/)
    .map((part) => {
      const box = parseRange(part.replace(/\$/g, ''));
      return box === null ? part.toUpperCase() : boxText(box);
    })
    .join(' ');
}

/** A formula in a comparable form: outside string literals, upper-case and without spaces. */
function normalizeFormula(formula: string): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    if (formula[i] === '"') {
      const end = quotedEnd(formula, i, '"');
      out += formula.slice(i, end);
      i = end;
    } else {
      const c = formula[i];
      if (!/\s/.test(c)) out += c.toUpperCase();
      i++;
    }
  }
  return out;
}

function colourOf(c: unknown): string | null {
  if (!isObject(c) || typeof c.argb !== 'string') return null;
  const hex = c.argb.toUpperCase();
  return hex.length === 6 ? `FF${hex}` : hex;
}

function ruleMatches(found: ConditionalFormattingRule, rule: ConditionalRule): boolean {
  if (found.type !== rule.type) return false;
  if (found.type === 'expression' && rule.type === 'expression') {
    const f: unknown = found.formulae?.[0];
    return typeof f === 'string' && normalizeFormula(f) === normalizeFormula(toFileFormula(rule.formula));
  }
  if (found.type === 'colorScale' && rule.type === 'colorScale') {
    const colours = (found.color ?? []).map(colourOf);
    const wanted = [rule.min, rule.mid, rule.max].map(argb);
    return colours.length === 3 && colours.every((c, i) => c === wanted[i]);
  }
  return false;
}

function addConditionalFormat(ws: Worksheet, format: OwnedConditionalFormat): void {
  let max = 0;
  for (const cf of conditionalFormatsOf(ws)) for (const rule of cf.rules) max = Math.max(max, rule.priority ?? 0);
  // After the user's own rules: where both apply, theirs win.
  ws.addConditionalFormatting({ ref: format.range, rules: [toExcelRule(format.rule, max + 1)] });
}

/**
 * Removes the rule of `format`: a tagged highlight wherever Excel has moved it since (every tagged rule on
 * the sheet goes: all of them are the add-in's), another rule where it was written. True when one was there.
 */
function removeConditionalFormat(ws: Worksheet, format: OwnedConditionalFormat): boolean {
  const list = conditionalFormatsOf(ws);
  if (format.rule.type === 'expression' && isTaggedHighlight(format.rule.formula)) {
    const tagged = (rule: ConditionalFormattingRule) =>
      rule.type === 'expression' && typeof rule.formulae?.[0] === 'string' && isTaggedHighlight(rule.formulae[0]);
    let removed = false;
    for (let i = list.length - 1; i >= 0; i--) {
      const entry = list[i];
      if (!Array.isArray(entry.rules) || !entry.rules.some(tagged)) continue;
      removed = true;
      entry.rules = entry.rules.filter((rule) => !tagged(rule));
      if (entry.rules.length === 0) list.splice(i, 1);
    }
    return removed;
  }
  const ref = normalizeRef(format.range);
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (typeof entry.ref !== 'string' || normalizeRef(entry.ref) !== ref || !Array.isArray(entry.rules)) continue;
    const at = entry.rules.findIndex((rule) => ruleMatches(rule, format.rule));
    if (at < 0) continue;
    if (entry.rules.length === 1) list.splice(i, 1);
    else entry.rules.splice(at, 1);
    return true;
  }
  return false;
}

function writeOwnership(wb: Workbook, record: OwnershipRecord): void {
  let ws = wb.getWorksheet(OWNERSHIP_SHEET);
  if (ws === undefined) ws = wb.addWorksheet(OWNERSHIP_SHEET, { state: 'veryHidden' });
  else {
    ws.state = 'veryHidden';
    ws.eachRow((row) => {
      row.eachCell((cell) => {
        cell.value = null;
      });
    });
  }
  const target = ws;
  ownershipCells(record).forEach((row, r) => {
    row.forEach((v, c) => {
      target.getCell(r + 1, c + 1).value =
        v === null || typeof v !== 'object' ? v : { error: v.error as CellErrorValue['error'] };
    });
  });
}

/** After deletions and hidden sheets: the workbook's active tab must be a visible sheet that exists. */
function fixActiveTab(wb: Workbook): void {
  const sheets = wb.worksheets;
  const firstVisible = sheets.findIndex((ws) => ws.state !== 'hidden' && ws.state !== 'veryHidden');
  if (firstVisible < 0) return;
  for (const view of wb.views ?? []) {
    const active = view.activeTab;
    if (
      typeof active === 'number' &&
      (active >= sheets.length || sheets[active].state === 'hidden' || sheets[active].state === 'veryHidden')
    ) {
      view.activeTab = firstVisible;
    }
    if (typeof view.firstSheet === 'number' && view.firstSheet >= sheets.length) view.firstSheet = firstVisible;
  }
}

/** Carries out one checked operation; true when it wrote a formula into a cell. */
function applyOp(wb: Workbook, op: WriteOp): boolean {
  switch (op.kind) {
    case 'addSheet': {
      const options: Partial<AddWorksheetOptions> = {};
      if (op.tabColor !== undefined) options.properties = { tabColor: { argb: argb(op.tabColor) } };
      if (op.hidden !== undefined) options.state = op.hidden;
      wb.addWorksheet(op.sheet, options);
      return false;
    }
    case 'deleteSheet':
      wb.removeWorksheet(worksheet(wb, op.sheet).id);
      return false;
    case 'setCells':
      return setCells(worksheet(wb, op.sheet), op.address, op.cells);
    case 'setStyle':
      setStyle(worksheet(wb, op.sheet), op.range, op.style);
      return false;
    case 'merge':
      merge(worksheet(wb, op.sheet), op.range);
      return false;
    case 'columnWidths': {
      const ws = worksheet(wb, op.sheet);
      op.widths.forEach((w, i) => {
        ws.getColumn(op.first + i + 1).width = w;
      });
      return false;
    }
    case 'hideColumns': {
      const ws = worksheet(wb, op.sheet);
      for (const c of op.columns) ws.getColumn(c + 1).hidden = true;
      return false;
    }
    case 'freeze':
      freeze(worksheet(wb, op.sheet), op.rows, op.columns);
      return false;
    case 'addConditionalFormat':
      addConditionalFormat(worksheet(wb, op.format.sheet), op.format);
      return false;
    case 'removeConditionalFormat': {
      const ws = wb.getWorksheet(op.format.sheet);
      if (ws !== undefined) removeConditionalFormat(ws, op.format);
      return false;
    }
    case 'writeOwnership':
      writeOwnership(wb, op.record);
      return false;
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

/**
 * Carries out `plan.ops` in order on an in-memory workbook. All or nothing: throws PlanApplyError
 * (kind 'invalid-plan') before changing anything when an operation cannot be applied. Sets
 * `fullCalcOnLoad` when a formula was written: formulas are written without cached results, so that
 * Excel and LibreOffice compute them on opening.
 */
export function applyPlan(wb: Workbook, plan: WritePlan): void {
  const problems = checkPlan(plan, describeSheets(wb));
  if (problems.length > 0) throw invalidPlanError(problems);
  let formulas = false;
  plan.ops.forEach((op, index) => {
    try {
      if (applyOp(wb, op)) formulas = true;
    } catch (err) {
      throw applyFailedError(index, op, err);
    }
  });
  if (formulas) wb.calcProperties.fullCalcOnLoad = true;
  fixActiveTab(wb);
}
