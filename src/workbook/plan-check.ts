// Checking a write plan before anything is written (pure: it works on a description of the sheets, not on
// ExcelJS or Office.js). Both adapters describe their workbook's sheets and call `checkPlan`, so a plan is
// refused for the same reasons in both hosts. Excel's limits come from core/excel-limits.ts, which the
// simulated host enforces too.
import { cellAddress, parseRange, rangeAddress, type RangeBox } from '../core/address';
import {
  FILE_ERROR_VALUES,
  MAX_CELL_TEXT_LENGTH,
  MAX_COLUMN_WIDTH,
  MAX_COLUMNS,
  MAX_FONT_SIZE,
  formulaLimitProblem,
  MAX_HEADER_FOOTER_LENGTH,
  MAX_PAGE_BREAKS,
  MAX_ROW_HEIGHT,
  MAX_NUMBER_FORMAT_LENGTH,
  MAX_RANGE_AREAS_ADDRESS_LENGTH,
  MAX_ROWS,
  MAX_SHEET_NAME_LENGTH,
  RESERVED_SHEET_NAME,
  SHEET_NAME_FORBIDDEN,
} from '../core/excel-limits';
import { validateOwnershipRecord } from '../core/ownership';
import {
  OWNERSHIP_SHEET,
  type CellStyle,
  type ConditionalRule,
  type OwnedConditionalFormat,
  type PageSetup,
  type PlanCell,
  type PlanChart,
  type WritePlan,
} from '../core/plan-types';
import { r1c1ToA1 } from '../core/r1c1';
import { OP_VI, opSheet, planProblem, type PlanProblem, type PlanProblemCode } from './plan-errors';

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

/** A sheet as the plan leaves it so far (the check walks the operations in order). */
interface PlannedSheet extends SheetState {
  boxes: RangeBox[];
  /**
   * Blocks of cells written by earlier operations of the plan, in order (a null cell is cleared). Kept as the
   * operations' own blocks: a cell map of a large sheet cost more than the rest of the check.
   */
  written: { box: RangeBox; cells: PlanCell[][] }[];
}

const PAPER_SIZES = new Set(['A4', 'A3', 'Letter']);

/** Why a page setup cannot be applied; null when it can. */
export function pageSetupProblem(setup: PageSetup): { vi: string; en: string } | null {
  if (typeof setup !== 'object' || setup === null) return { vi: 'thiếu thiết lập trang in', en: 'no page setup given' };
  if (setup.orientation !== 'portrait' && setup.orientation !== 'landscape')
    return {
      vi: `hướng giấy không hợp lệ (${String(setup.orientation)})`,
      en: `invalid orientation (${String(setup.orientation)})`,
    };
  if (!PAPER_SIZES.has(setup.paper))
    return { vi: `khổ giấy không hợp lệ (${String(setup.paper)})`, en: `invalid paper size (${String(setup.paper)})` };
  const t = setup.titleRows;
  if (t !== undefined && !(isIndex(t.first, MAX_ROWS) && isIndex(t.last, MAX_ROWS) && t.first <= t.last))
    return { vi: 'dòng tiêu đề in lặp lại không hợp lệ', en: 'invalid print title rows' };
  for (const [section, text] of Object.entries(setup.footer ?? {})) {
    if (typeof text !== 'string' || text.length > MAX_HEADER_FOOTER_LENGTH)
      return {
        vi: `chân trang (${section}) không phải chữ hoặc dài quá ${MAX_HEADER_FOOTER_LENGTH} ký tự`,
        en: `footer (${section}) is not text or longer than ${MAX_HEADER_FOOTER_LENGTH} characters`,
      };
  }
  const breaks = setup.rowBreaks;
  if (
    breaks !== undefined &&
    !(
      Array.isArray(breaks) &&
      breaks.length <= MAX_PAGE_BREAKS &&
      breaks.every((r, i) => isIndex(r, MAX_ROWS) && r > 0 && (i === 0 || r > breaks[i - 1]))
    )
  )
    return {
      vi: `ngắt trang không hợp lệ (các dòng tăng dần, sau dòng đầu, tối đa ${MAX_PAGE_BREAKS})`,
      en: `invalid page breaks (ascending rows after the first, at most ${MAX_PAGE_BREAKS})`,
    };
  return null;
}

/** A range with its sheet, absolute or not: `'Sheet name'!$B$5:$B$12`, `Sheet!B5`; the range when it is one. */
export function parseSheetRange(ref: unknown): { sheet: string; box: RangeBox } | null {
  if (typeof ref !== 'string') return null;
  const m = /^(?:'((?:[^']|'')+)'|([^'!\s]+))!(.+)$/.exec(ref.trim());
  if (m === null) return null;
  const box = parseBox(m[3]);
  return box === null ? null : { sheet: m[1] !== undefined ? m[1].replace(/''/g, "'") : m[2], box };
}

/** Series one chart may hold (Excel: "Data series in one chart: 255"). */
const MAX_CHART_SERIES = 255;
/** Characters of a chart title Excel takes (its title box: 255). */
const MAX_CHART_TITLE_LENGTH = 255;

/** Why a chart cannot be added; null when it can. */
export function chartProblem(chart: PlanChart): { vi: string; en: string } | null {
  if (typeof chart !== 'object' || chart === null) return { vi: 'thiếu biểu đồ', en: 'no chart given' };
  const cell = (p: { row: number; col: number } | undefined) =>
    p !== undefined && isIndex(p.row, MAX_ROWS) && isIndex(p.col, MAX_COLUMNS);
  if (!cell(chart.from) || !cell(chart.to) || chart.to.row <= chart.from.row || chart.to.col <= chart.from.col)
    return { vi: 'vị trí biểu đồ không hợp lệ', en: 'invalid chart position' };
  if (typeof chart.title !== 'string' || chart.title.length > MAX_CHART_TITLE_LENGTH)
    return { vi: 'tiêu đề biểu đồ không hợp lệ', en: 'invalid chart title' };
  if (parseSheetRange(chart.categories) === null)
    return {
      vi: `vùng nhãn "${String(chart.categories)}" không hợp lệ`,
      en: `invalid categories "${String(chart.categories)}"`,
    };
  if (!Array.isArray(chart.series) || chart.series.length === 0 || chart.series.length > MAX_CHART_SERIES)
    return { vi: `biểu đồ cần 1 đến ${MAX_CHART_SERIES} dãy số`, en: `a chart needs 1 to ${MAX_CHART_SERIES} series` };
  for (const s of chart.series) {
    if (parseSheetRange(s.values) === null)
      return {
        vi: `vùng số liệu "${String(s.values)}" không hợp lệ`,
        en: `invalid series values "${String(s.values)}"`,
      };
    const colour = colourProblem(s.color);
    if (colour) return colour;
    if (typeof s.name !== 'string') return { vi: 'tên dãy số không hợp lệ', en: 'invalid series name' };
  }
  if (chart.min !== undefined && chart.max !== undefined && !(chart.min < chart.max))
    return { vi: 'giới hạn trục không hợp lệ', en: 'invalid axis bounds' };
  return null;
}

/** A1 range (or single cell) within Excel's grid; null otherwise. */
export function parseBox(a1: unknown): RangeBox | null {
  if (typeof a1 !== 'string' || !A1_RANGE.test(a1.trim())) return null;
  const box = parseRange(a1.trim());
  if (box === null || box.bottom >= MAX_ROWS || box.right >= MAX_COLUMNS) return null;
  return box;
}

/**
 * The merges over row `row0`, by the columns from `left` to `right` they cover there (their top-left cell
 * excepted); null when none. Looked up per cell: a calculation sheet's header row has a merge per unit.
 */
function coveredColumns(
  merges: readonly RangeBox[],
  row0: number,
  left: number,
  right: number,
): (RangeBox | undefined)[] | null {
  let covered: (RangeBox | undefined)[] | null = null;
  for (const b of merges) {
    if (b.top > row0 || row0 > b.bottom) continue;
    covered ??= [];
    const last = Math.min(b.right, right);
    for (let c = Math.max(b.left, left); c <= last; c++) if (b.top !== row0 || b.left !== c) covered[c] ??= b;
  }
  return covered;
}

function intersects(a: RangeBox, b: RangeBox): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

function contains(b: RangeBox, row: number, col: number): boolean {
  return row >= b.top && row <= b.bottom && col >= b.left && col <= b.right;
}

/** Whether the plan so far leaves a value in the cell (true), clears it (false), or does not write it (undefined). */
function writtenValue(s: PlannedSheet, row: number, col: number): boolean | undefined {
  for (let i = s.written.length - 1; i >= 0; i--) {
    const { box, cells } = s.written[i];
    if (!contains(box, row, col)) continue;
    const v = cells[row - box.top]?.[col - box.left];
    if (v !== undefined) return v !== null;
  }
  return undefined;
}

/** Why `name` cannot be a sheet name in Excel; null when it can. */
export function sheetNameProblem(name: unknown): { vi: string; en: string } | null {
  if (typeof name !== 'string' || name.trim() === '') return { vi: 'tên trống', en: 'the name is empty' };
  if (name.length > MAX_SHEET_NAME_LENGTH)
    return { vi: `dài quá ${MAX_SHEET_NAME_LENGTH} ký tự`, en: `longer than ${MAX_SHEET_NAME_LENGTH} characters` };
  if (SHEET_NAME_FORBIDDEN.test(name))
    return { vi: 'có ký tự không được phép [ ] : * ? / \\', en: 'it contains one of [ ] : * ? / \\' };
  if (name.startsWith("'") || name.endsWith("'"))
    return { vi: "bắt đầu hoặc kết thúc bằng dấu '", en: "it starts or ends with '" };
  if (name.toLowerCase() === RESERVED_SHEET_NAME.toLowerCase())
    return {
      vi: `Excel dành riêng tên "${RESERVED_SHEET_NAME}"`,
      en: `Excel reserves the name "${RESERVED_SHEET_NAME}"`,
    };
  return null;
}

/**
 * Why a cell's value cannot be written at `row`, `col`. An R1C1 formula (core/r1c1) is checked in A1 at the
 * first cell that holds its text, once (`r1c1Checked`): filled down, its copies differ only in row numbers.
 */
function cellValueProblem(
  v: unknown,
  row: number,
  col: number,
  r1c1Checked: Map<string, { vi: string; en: string } | null>,
): { vi: string; en: string } | null {
  if (v === null || typeof v === 'boolean') return null;
  if (typeof v === 'number')
    return Number.isFinite(v) ? null : { vi: `số không hợp lệ (${v})`, en: `not a finite number (${v})` };
  if (typeof v === 'string') {
    return v.length <= MAX_CELL_TEXT_LENGTH
      ? null
      : {
          vi: `văn bản dài quá ${MAX_CELL_TEXT_LENGTH} ký tự`,
          en: `text longer than ${MAX_CELL_TEXT_LENGTH} characters`,
        };
  }
  if (typeof v === 'object' && v !== null) {
    if ('formula' in v) {
      const { formula, r1c1 } = v as { formula: unknown; r1c1?: unknown };
      if (r1c1 !== true || typeof formula !== 'string') return formulaProblem(formula);
      let problem = r1c1Checked.get(formula);
      if (problem === undefined) r1c1Checked.set(formula, (problem = formulaProblem(r1c1ToA1(formula, row, col))));
      return problem;
    }
    if ('error' in v) {
      const e = (v as { error: unknown }).error;
      return typeof e === 'string' && FILE_ERROR_VALUES.has(e)
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
  // Excel's own limits: length, text constants, nesting, balance (core/excel-limits).
  return formulaLimitProblem(f);
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
    (typeof s.numberFormat !== 'string' || s.numberFormat === '' || s.numberFormat.length > MAX_NUMBER_FORMAT_LENGTH)
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

/** Why a rule cannot be written, but for its formula (the caller checks that first, as PLAN_FORMULA_INVALID). */
function ruleProblem(rule: ConditionalRule): { vi: string; en: string } | null {
  if (typeof rule !== 'object' || rule === null) return { vi: 'quy tắc không hợp lệ', en: 'invalid rule' };
  if (rule.type === 'expression') {
    return colourProblem(rule.fill) ?? (rule.fontColor === undefined ? null : colourProblem(rule.fontColor));
  }
  if (rule.type === 'colorScale') return colourProblem(rule.min) ?? colourProblem(rule.mid) ?? colourProblem(rule.max);
  return { vi: 'loại quy tắc không hợp lệ', en: 'unknown rule type' };
}

/**
 * The ranges of a conditional format (`A1:A5` or `A1:A5 C1:C5`); null when one is not an A1 range, or when
 * they are too long for Excel to take as one address (`Worksheet.getRanges`).
 */
function parseRanges(ref: unknown): RangeBox[] | null {
  if (typeof ref !== 'string' || ref.trim() === '' || ref.trim().length > MAX_RANGE_AREAS_ADDRESS_LENGTH) return null;
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
  const sheets = new Map<string, PlannedSheet>();
  const r1c1Checked = new Map<string, { vi: string; en: string } | null>();
  // A workbook's unit sheets get the same few highlight ranges and formulas, thousands of times: each checked once.
  const validRanges = new Map<unknown, boolean>();
  const rangesValid = (ref: unknown): boolean => {
    let valid = validRanges.get(ref);
    if (valid === undefined) validRanges.set(ref, (valid = parseRanges(ref) !== null));
    return valid;
  };
  const ruleFormulas = new Map<unknown, { vi: string; en: string } | null>();
  const ruleFormulaProblem = (formula: unknown): { vi: string; en: string } | null => {
    let problem = ruleFormulas.get(formula);
    if (problem === undefined) ruleFormulas.set(formula, (problem = formulaProblem(formula)));
    return problem;
  };
  for (const s of existing) {
    const boxes = s.merges.map((m) => parseRange(m)).filter((b): b is RangeBox => b !== null);
    sheets.set(s.name.toLowerCase(), { ...s, boxes, written: [] });
  }

  plan.ops.forEach((op, index) => {
    const kind = (op as { kind?: unknown }).kind;
    if (typeof kind !== 'string' || !(kind in OP_VI)) {
      const messageVi = `Thao tác ${index + 1}: loại thao tác không hợp lệ (${String(kind)})`;
      const messageEn = `Op ${index + 1}: unknown operation (${String(kind)})`;
      problems.push(planProblem('PLAN_OP_INVALID', { sheet: '', opIndex: index, op: null }, messageVi, messageEn));
      return;
    }
    const sheetName = opSheet(op);
    let reported = false;
    const fail = (code: PlanProblemCode, why: { vi: string; en: string }, cell: string | null = null): void => {
      if (reported) return; // one problem per operation is enough to act on
      reported = true;
      const messageVi = `Thao tác ${index + 1} (${OP_VI[op.kind]}), trang "${sheetName}"${cell ? `, ô ${cell}` : ''}: ${why.vi}`;
      const messageEn = `Op ${index + 1} (${op.kind}), sheet "${sheetName}"${cell ? `, cell ${cell}` : ''}: ${why.en}`;
      problems.push(planProblem(code, { sheet: sheetName, cell, opIndex: index, op: op.kind }, messageVi, messageEn));
    };
    const lookup = (): PlannedSheet | undefined => {
      const s = sheets.get(String(sheetName).toLowerCase());
      return s !== undefined && s.name === sheetName ? s : undefined;
    };
    const target = (allowProtected = false): PlannedSheet | undefined => {
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
    const created = (state: SheetState['state']): PlannedSheet => ({
      name: sheetName,
      protected: false,
      state,
      merges: [],
      boxes: [],
      written: [],
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
        // Only the merges over the block, and per row those over the row: a sheet may have thousands.
        const block: RangeBox = {
          top: at.top,
          left: at.left,
          bottom: at.top + Math.max(0, op.cells.length - 1),
          right: at.left + Math.max(0, width - 1),
        };
        const merges = s.boxes.filter((b) => intersects(b, block));
        for (let r = 0; r < op.cells.length; r++) {
          const row = op.cells[r];
          const row0 = at.top + r;
          const covered = coveredColumns(merges, row0, at.left, at.left + row.length - 1);
          for (let c = 0; c < row.length; c++) {
            const v: PlanCell | undefined = row[c];
            const col0 = at.left + c;
            const bad =
              v === undefined
                ? { vi: 'thiếu giá trị (dùng null để xóa ô)', en: 'missing value (null clears a cell)' }
                : cellValueProblem(v, row0, col0, r1c1Checked);
            if (bad) {
              const code =
                typeof v === 'object' && v !== null && 'formula' in v ? 'PLAN_FORMULA_INVALID' : 'PLAN_VALUE_INVALID';
              return fail(code, bad, cellAddress(row0, col0));
            }
            if (v !== null && covered !== null) {
              const merge = covered[col0];
              if (merge) {
                return fail(
                  'PLAN_MERGED_CELL',
                  {
                    vi: `ô nằm trong vùng gộp ${rangeAddress(merge)}; chỉ ghi được vào ô đầu`,
                    en: `the cell is inside the merged range ${rangeAddress(merge)}; only its top-left cell takes a value`,
                  },
                  cellAddress(row0, col0),
                );
              }
            }
          }
        }
        s.written.push({ box: block, cells: op.cells });
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
            vi: `vùng ${op.range} chồng lên vùng đã gộp ${rangeAddress(overlap)}`,
            en: `${op.range} overlaps the merged range ${rangeAddress(overlap)}`,
          });
        }
        for (let r = box.top; r <= box.bottom; r++) {
          for (let c = box.left; c <= box.right; c++) {
            if (r === box.top && c === box.left) continue;
            if (writtenValue(s, r, c) ?? s.hasValue?.(r, c) ?? false) {
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
      case 'rowHeights': {
        if (!target()) return undefined;
        const ok =
          isIndex(op.first, MAX_ROWS) &&
          Array.isArray(op.heights) &&
          op.first + op.heights.length <= MAX_ROWS &&
          op.heights.every((h) => typeof h === 'number' && Number.isFinite(h) && h >= 0 && h <= MAX_ROW_HEIGHT);
        if (!ok)
          fail('PLAN_ROWS_INVALID', {
            vi: `chiều cao dòng không hợp lệ (từ dòng ${op.first}, tối đa ${MAX_ROW_HEIGHT} điểm)`,
            en: `invalid row heights (from row ${op.first}, at most ${MAX_ROW_HEIGHT} points)`,
          });
        return undefined;
      }
      case 'addChart': {
        if (!target()) return undefined;
        const bad = chartProblem(op.chart);
        if (bad) fail('PLAN_CHART_INVALID', bad);
        return undefined;
      }
      case 'pageSetup': {
        if (!target()) return undefined;
        const bad = pageSetupProblem(op.setup);
        if (bad) fail('PLAN_PAGE_SETUP_INVALID', bad);
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
        if (!rangesValid(format.range)) {
          return fail('PLAN_ADDRESS_INVALID', {
            vi: `vùng "${String(format.range)}" không hợp lệ`,
            en: `"${String(format.range)}" is not a valid range`,
          });
        }
        const rule = format.rule as ConditionalRule | undefined;
        if (rule?.type === 'expression') {
          const bad = ruleFormulaProblem(rule.formula);
          if (bad) return fail('PLAN_FORMULA_INVALID', bad);
        }
        const bad = rule === undefined ? { vi: 'thiếu quy tắc', en: 'no rule given' } : ruleProblem(rule);
        if (bad) fail('PLAN_RULE_INVALID', bad);
        return undefined;
      }
      case 'removeTaggedHighlights':
        // Every sheet that is not protected (a protected one keeps its rules): nothing to refuse.
        return undefined;
      case 'writeOwnership': {
        if (validateOwnershipRecord(op.record) === null) {
          return fail('PLAN_OWNERSHIP_INVALID', {
            vi: 'bản ghi của add-in không đúng cấu trúc',
            en: 'the ownership record is malformed',
          });
        }
        const recordName = op.sheet ?? OWNERSHIP_SHEET;
        const clash = sheets.get(recordName.toLowerCase());
        if (clash && clash.name !== recordName) {
          return fail('PLAN_SHEET_EXISTS', {
            vi: `đã có trang "${clash.name}" (Excel không phân biệt chữ hoa, chữ thường)`,
            en: `a sheet "${clash.name}" exists already (Excel ignores case)`,
          });
        }
        if (clash) {
          if (!target()) return undefined;
          // Its old cells are cleared, then the record is written.
          clash.written = [];
          clash.state = 'veryHidden';
          return undefined;
        }
        sheets.set(recordName.toLowerCase(), created('veryHidden'));
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
    problems.push(planProblem('PLAN_NO_VISIBLE_SHEET', { sheet: '', opIndex: null, op: null }, messageVi, messageEn));
  }
  return problems;
}
