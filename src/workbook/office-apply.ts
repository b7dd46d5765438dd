// WritePlan → Excel (Office.js). Carries out the engine's operations in order, all or nothing as far as
// Excel allows: the whole plan is checked first (checkPlan, shared with the ExcelJS adapter) against the
// workbook's sheets read in one request, so a protected sheet, a protected workbook structure, a name clash
// or a merged cell refuses the plan before anything is written. Then the operations are queued and sent in
// requests under a byte budget, with calculation suspended and the workbook recalculated in the last one; a
// request Excel refuses for its size is halved and retried.
// No scoring rule lives here. The same code runs on Office and on the simulated host (src/harness).
//
// Office.js specifics handled here:
//  - `formulas`/`values` parse text as if typed: a text that would become a number, date, boolean, error or
//    formula is written with a leading apostrophe, so it stays the text the plan says;
//  - `null` in a written matrix means "leave the cell", so a cleared cell is written as '';
//  - formulas are written in UI syntax with a leading `=` (no `_xlfn.`: that is the file format's spelling);
//  - column widths are set in points (Excel: characters × 7 px + 5 px at the default font);
//  - a very hidden sheet cannot be deleted (InvalidOperation): it is made hidden first, in the same request;
//  - after writing with calculation suspended, recalculating is the add-in's job: `calculate('Recalculate')`
//    rides in the last write request;
//  - merged areas are asked for the part of a sheet the plan writes to (from A1), not the whole sheet:
//    Excel fails beyond 512 of them; if it fails all the same, the check goes on without them.
import { cellAddress, columnLetter, parseRange, type RangeBox } from '../core/address';
import { ownershipCells } from '../core/ownership';
import {
  isPlanFormula,
  isTaggedHighlight,
  OWNERSHIP_SHEET,
  type CellStyle,
  type ConditionalRule,
  type OwnedConditionalFormat,
  type PlanCell,
  type WritePlan,
} from '../core/plan-types';
import type { CellValue } from '../core/types';
import { checkPlan, invalidPlanError, PlanApplyError, type PlanProblem, type SheetState } from './exceljs-apply';
import { isPayloadLimitError, OfficeAdapterError, describeOfficeError } from './office-errors';
import { DEFAULT_MAX_REQUEST_BYTES, defaultIsSetSupported, stripSheet } from './office-read';

export interface ApplyOfficeOptions {
  /** Byte budget of one request; default 4 MB, under the 5 MB limit of Excel on the web. */
  maxRequestBytes?: number;
  /** `Office.context.requirements.isSetSupported`, injectable; merges are read only with ExcelApi 1.13. */
  isSetSupported?: (name: string, version: string) => boolean;
  /** Write steps done so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ApplyOfficeResult {
  syncs: number;
  /** Requests that carried writes (after retries). */
  chunks: number;
  /** Requests refused for their size and retried in halves. */
  retries: number;
}

// ---------------------------------------------------------------------------------------------------------
// Values as Office parses them

const ERROR_TEXTS: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
]);
const NUMBERISH = /^[\s\d.,:/%$€£¥₫()+\-eE]*\d[\s\d.,:/%$€£¥₫()+\-eE]*$/;
const DATE_WORDS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|am|pm|a|p)\b/i;

/** True when Excel would not keep `text` as typed text (it would become a number, date, formula…). */
export function needsTextPrefix(text: string): boolean {
  if (text === '') return false;
  if (/^[=+\-@']/.test(text)) return true;
  const t = text.trim();
  if (/^(true|false)$/i.test(t) || ERROR_TEXTS.has(t.toUpperCase())) return true;
  if (NUMBERISH.test(t)) return true;
  return /\d/.test(t) && DATE_WORDS.test(t) && t.length <= 40;
}

/** A plan cell as written through `range.formulas`. */
export function toOfficeInput(cell: PlanCell): string | number | boolean {
  if (cell === null) return '';
  if (isPlanFormula(cell)) return `=${cell.formula}`;
  if (typeof cell === 'object') return cell.error;
  if (typeof cell === 'string') return needsTextPrefix(cell) ? `'${cell}` : cell;
  return cell;
}

/** Excel's column width in points for a width in characters (Calibri 11: 7 px per character + 5 px). */
export function widthToPoints(chars: number): number {
  if (chars <= 0) return 0;
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}

const hex = (rrggbb: string): string => `#${rrggbb.toUpperCase()}`;

/** Excel's grid. */
const GRID_ROWS = 1048576;
const GRID_COLS = 16384;

// ---------------------------------------------------------------------------------------------------------
// Reading what the check needs, in at most three requests

interface SheetInfo {
  state: SheetState;
  ws: Excel.Worksheet;
}

interface Found {
  cf: Excel.ConditionalFormat;
  type: string;
  formula: string | null;
  colours: string[] | null;
  range: Excel.Range | null;
}

function normalizeFormula(f: string): string {
  let out = '';
  let inString = false;
  for (const ch of f.replace(/^=/, '')) {
    if (ch === '"') inString = !inString;
    if (inString) out += ch;
    else if (!/\s/.test(ch)) out += ch.toUpperCase();
  }
  return out;
}

function normalizeRange(a1: string): string {
  return a1
    .split(/[\s,]+/)
    .filter((p) => p !== '')
    .map((p) => {
      const box = parseRange(p.replace(/\$/g, ''));
      if (box === null) return p.toUpperCase();
      const tl = cellAddress(box.top, box.left);
      return box.top === box.bottom && box.left === box.right ? tl : `${tl}:${cellAddress(box.bottom, box.right)}`;
    })
    .join(' ');
}

/** Where an op's rule is looked for: a tagged highlight on its whole sheet, another rule where it was written. */
function removalKey(index: number, format: OwnedConditionalFormat): string {
  return format.rule.type === 'expression' && isTaggedHighlight(format.rule.formula)
    ? `sheet:${format.sheet}`
    : `op:${index}`;
}

function ruleMatches(found: Found, rule: ConditionalRule): boolean {
  if (rule.type === 'expression')
    return (
      found.type === 'Custom' &&
      found.formula !== null &&
      normalizeFormula(found.formula) === normalizeFormula(rule.formula)
    );
  return (
    found.type === 'ColorScale' &&
    found.colours !== null &&
    found.colours.join() === [rule.min, rule.mid, rule.max].map(hex).join()
  );
}

// ---------------------------------------------------------------------------------------------------------
// Write steps

interface Step {
  opIndex: number;
  bytes: number;
  /** Queues the step's calls on the context (fresh proxies each time, so a retry re-queues cleanly). */
  queue: () => void;
  /** For a block of cells: splits it in two halves of rows; null when it cannot be split. */
  split?: () => [Step, Step] | null;
}

const SMALL_STEP = 256;

function cellsStep(
  context: Excel.RequestContext,
  opIndex: number,
  sheet: string,
  top: number,
  left: number,
  matrix: (string | number | boolean | null)[][],
): Step {
  const width = matrix.reduce((w, r) => Math.max(w, r.length), 1);
  const rows = matrix.map((r) => (r.length === width ? r : [...r, ...new Array<null>(width - r.length).fill(null)]));
  const step: Step = {
    opIndex,
    bytes: JSON.stringify(rows).length + SMALL_STEP,
    queue: () => {
      const ws = context.workbook.worksheets.getItem(sheet);
      ws.getRangeByIndexes(top, left, rows.length, width).formulas = rows;
    },
  };
  if (rows.length > 1) {
    step.split = () => {
      const half = Math.ceil(rows.length / 2);
      return [
        cellsStep(context, opIndex, sheet, top, left, rows.slice(0, half)),
        cellsStep(context, opIndex, sheet, top + half, left, rows.slice(half)),
      ];
    };
  }
  return step;
}

/** Blocks of rows, each under the budget. */
function cellsSteps(
  context: Excel.RequestContext,
  opIndex: number,
  sheet: string,
  top: number,
  left: number,
  matrix: (string | number | boolean | null)[][],
  budget: number,
): Step[] {
  const steps: Step[] = [];
  let start = 0;
  let bytes = SMALL_STEP;
  for (let r = 0; r < matrix.length; r++) {
    const rowBytes = JSON.stringify(matrix[r]).length + 1;
    if (r > start && bytes + rowBytes > budget) {
      steps.push(cellsStep(context, opIndex, sheet, top + start, left, matrix.slice(start, r)));
      start = r;
      bytes = SMALL_STEP;
    }
    bytes += rowBytes;
  }
  if (start < matrix.length) steps.push(cellsStep(context, opIndex, sheet, top + start, left, matrix.slice(start)));
  return steps;
}

function styleStep(
  context: Excel.RequestContext,
  opIndex: number,
  sheet: string,
  a1: string,
  box: RangeBox,
  style: CellStyle,
): Step {
  const rows = box.bottom - box.top + 1;
  const cols = box.right - box.left + 1;
  const formats =
    style.numberFormat === undefined
      ? null
      : Array.from({ length: rows }, () => new Array<string>(cols).fill(style.numberFormat as string));
  return {
    opIndex,
    bytes: (formats === null ? 0 : JSON.stringify(formats).length) + SMALL_STEP,
    queue: () => {
      const range = context.workbook.worksheets.getItem(sheet).getRange(a1);
      // Navigating to `format` to set its properties: nothing is read, so nothing needs loading.
      // eslint-disable-next-line office-addins/load-object-before-read, office-addins/call-sync-before-read
      const f = range.format;
      if (style.bold !== undefined) f.font.bold = style.bold;
      if (style.italic !== undefined) f.font.italic = style.italic;
      if (style.fontSize !== undefined) f.font.size = style.fontSize;
      if (style.fontColor !== undefined) f.font.color = hex(style.fontColor);
      if (style.fill !== undefined) f.fill.color = hex(style.fill);
      if (formats !== null) range.numberFormat = formats;
      if (style.horizontal !== undefined)
        f.horizontalAlignment =
          style.horizontal === 'left' ? 'Left' : style.horizontal === 'center' ? 'Center' : 'Right';
      if (style.vertical !== undefined)
        f.verticalAlignment = style.vertical === 'top' ? 'Top' : style.vertical === 'middle' ? 'Center' : 'Bottom';
      if (style.wrap !== undefined) f.wrapText = style.wrap;
      if (style.border === 'thin') {
        const sides: BorderSide[] = ['EdgeTop', 'EdgeBottom', 'EdgeLeft', 'EdgeRight'];
        if (rows > 1) sides.push('InsideHorizontal');
        if (cols > 1) sides.push('InsideVertical');
        for (const side of sides) {
          const b = f.borders.getItem(side);
          b.style = 'Continuous';
          b.weight = 'Thin';
        }
      }
    },
  };
}

type BorderSide = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideHorizontal' | 'InsideVertical';

function addRule(range: Excel.Range, rule: ConditionalRule): void {
  if (rule.type === 'expression') {
    const cf = range.conditionalFormats.add('Custom');
    cf.custom.rule.formula = `=${rule.formula}`;
    cf.custom.format.fill.color = hex(rule.fill);
    if (rule.fontColor !== undefined) cf.custom.format.font.color = hex(rule.fontColor);
    return;
  }
  const cf = range.conditionalFormats.add('ColorScale');
  cf.colorScale.criteria = {
    minimum: { type: 'LowestValue', color: hex(rule.min) },
    midpoint: { type: 'Percentile', formula: '50', color: hex(rule.mid) },
    maximum: { type: 'HighestValue', color: hex(rule.max) },
  };
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
  const sheet = op.kind === 'addSheet' || op.kind === 'deleteSheet' ? op.sheet : OWNERSHIP_SHEET;
  const messageVi = `Sổ tính đang được bảo vệ cấu trúc (Xem lại › Bảo vệ Sổ làm việc), nên không thể thêm, xóa hay ẩn trang tính (thao tác ${index + 1}, trang "${sheet}"). Hãy bỏ bảo vệ sổ tính rồi chạy lại`;
  const messageEn = `The workbook's structure is protected (Review › Protect Workbook), so sheets cannot be added, deleted or hidden (op ${index + 1}, sheet "${sheet}"). Unprotect the workbook and run again`;
  return {
    // PlanProblemCode has no code of its own for the workbook: the closest, a protected sheet.
    code: 'PLAN_SHEET_PROTECTED',
    severity: 'error',
    sheet,
    cell: null,
    opIndex: index,
    op: op.kind,
    messageVi,
    messageEn,
    message: `${messageVi} / ${messageEn}`,
  };
}

function applyFailed(plan: WritePlan, steps: Step[], cause: unknown): PlanApplyError {
  const first = steps[0]?.opIndex ?? 0;
  const last = steps[steps.length - 1]?.opIndex ?? first;
  const op = plan.ops[first];
  const text = describeOfficeError(cause);
  const where = first === last ? `${first + 1}` : `${first + 1}–${last + 1}`;
  const messageVi = `Thao tác ${where}: ${text.vi}`;
  const messageEn = `Op ${where}: ${text.en}`;
  const problem: PlanProblem = {
    code: 'PLAN_APPLY_FAILED',
    severity: 'error',
    sheet:
      op === undefined
        ? ''
        : op.kind === 'writeOwnership'
          ? OWNERSHIP_SHEET
          : op.kind === 'addConditionalFormat' || op.kind === 'removeConditionalFormat'
            ? op.format.sheet
            : op.sheet,
    cell: null,
    opIndex: first,
    op: op?.kind ?? null,
    messageVi,
    messageEn,
    message: `${messageVi} / ${messageEn}`,
  };
  return new PlanApplyError(
    'apply-failed',
    [problem],
    `${messageVi}. Sổ tính đã được ghi một phần (Excel không hoàn tác được thao tác của add-in): hãy chạy lại để ghi đè, hoặc dùng "Xóa kết quả"`,
    `${messageEn}. The workbook is partly written (Excel cannot undo add-in writes): run again to replace it, or use "Remove results"`,
    cause,
  );
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
  const result: ApplyOfficeResult = { syncs: 0, chunks: 0, retries: 0 };
  const checking = { vi: 'kiểm tra sổ tính trước khi ghi', en: 'checking the workbook before writing' };
  const readSync = async (): Promise<void> => {
    result.syncs++;
    try {
      await context.sync();
    } catch (err) {
      throw new OfficeAdapterError(err, checking);
    }
  };

  // 1. The sheets: names, visibility, protection; and whether the workbook's structure is protected (ExcelApi 1.7).
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/visibility,items/protection/protected');
  const structure = context.workbook.protection;
  structure.load('protected');
  await readSync();
  const existing = new Map<string, SheetInfo>();
  for (const ws of worksheets.items) {
    const visibility = ws.visibility;
    existing.set(ws.name, {
      ws,
      state: {
        name: ws.name,
        protected: ws.protection.protected,
        state: visibility === 'VeryHidden' ? 'veryHidden' : visibility === 'Hidden' ? 'hidden' : 'visible',
        merges: [],
      },
    });
  }

  // 2. What the check needs of the existing sheets the plan writes to, and the rules it removes: one request.
  // Merged areas are asked for from A1 to the far corner of what the plan writes on each sheet: Excel gives
  // the merges whose top-left cell is in the range (so every one that covers a written cell) and fails when
  // there are more than 512, which a whole sheet reaches sooner.
  const mergeExtent = new Map<string, { rows: number; cols: number }>();
  const mergeChecks: { sheet: string; box: RangeBox; a1: string }[] = [];
  // A tagged highlight is looked for on its whole sheet (Excel may have moved it), once per sheet.
  const removalTargets: { key: string; sheet: string; a1: string | null }[] = [];
  plan.ops.forEach((op, index) => {
    if (op.kind === 'setCells' || op.kind === 'merge') {
      if (!existing.has(op.sheet)) return;
      let box: RangeBox | null = null;
      if (op.kind === 'merge') {
        box = parseRange(op.range);
        if (box !== null && (box.bottom - box.top + 1) * (box.right - box.left + 1) <= 100000)
          mergeChecks.push({ sheet: op.sheet, box, a1: op.range });
      } else {
        const at = parseRange(op.address);
        if (at !== null && Array.isArray(op.cells)) {
          // No spread into Math.max: a block of many rows would overflow the call stack.
          const width = op.cells.reduce((w: number, r: unknown) => Math.max(w, Array.isArray(r) ? r.length : 1), 1);
          box = {
            top: at.top,
            left: at.left,
            bottom: at.top + Math.max(1, op.cells.length) - 1,
            right: at.left + width - 1,
          };
        }
      }
      const seen = mergeExtent.get(op.sheet) ?? { rows: 1, cols: 1 };
      if (box !== null)
        mergeExtent.set(op.sheet, {
          rows: Math.min(GRID_ROWS, Math.max(seen.rows, box.bottom + 1)),
          cols: Math.min(GRID_COLS, Math.max(seen.cols, box.right + 1)),
        });
      else mergeExtent.set(op.sheet, seen);
    } else if (op.kind === 'removeConditionalFormat') {
      const info = existing.get(op.format.sheet);
      const first = op.format.range.split(/\s+/)[0];
      if (info === undefined || info.state.protected || parseRange(first) === null) return;
      const key = removalKey(index, op.format);
      if (!removalTargets.some((t) => t.key === key))
        removalTargets.push({ key, sheet: op.format.sheet, a1: key.startsWith('sheet:') ? null : first });
    }
  });
  const wantMerges = mergesSupported && mergeExtent.size > 0;
  let merged = new Map<string, Excel.RangeAreas>();
  let mergeOps: { sheet: string; box: RangeBox; range: Excel.Range }[] = [];
  let removals = new Map<string, { items: Excel.ConditionalFormatCollection }>();
  /** Queues step 2's loads on fresh proxies (so that it can be sent again without the merges). */
  const queueStep2 = (withMerges: boolean): void => {
    merged = new Map();
    if (withMerges) {
      for (const [name, extent] of mergeExtent) {
        const areas = (existing.get(name) as SheetInfo).ws
          .getRangeByIndexes(0, 0, extent.rows, extent.cols)
          .getMergedAreasOrNullObject();
        areas.load('areas/items/address');
        merged.set(name, areas);
      }
    }
    mergeOps = mergeChecks.map((m) => {
      const range = (existing.get(m.sheet) as SheetInfo).ws.getRange(m.a1);
      range.load('values');
      return { sheet: m.sheet, box: m.box, range };
    });
    removals = new Map();
    for (const t of removalTargets) {
      const ws = (existing.get(t.sheet) as SheetInfo).ws;
      const items = (t.a1 === null ? ws.getRange() : ws.getRange(t.a1)).conditionalFormats;
      items.load('items/type');
      removals.set(t.key, { items });
    }
  };
  if (wantMerges || mergeChecks.length > 0 || removalTargets.length > 0) {
    queueStep2(wantMerges);
    if (!wantMerges) await readSync();
    else {
      result.syncs++;
      try {
        await context.sync();
      } catch {
        // Excel could not give the merged areas (more than 512 in a range): the same request again without
        // them (one more sync, only then). The check and the writes then know no merges on those sheets.
        queueStep2(false);
        await readSync();
      }
    }
  }
  for (const [name, areas] of merged) {
    const info = existing.get(name);
    if (info && !areas.isNullObject) info.state.merges = areas.areas.items.map((r) => stripSheet(r.address));
  }
  const valueBoxes = new Map<string, { box: RangeBox; values: unknown[][] }[]>();
  for (const m of mergeOps) {
    const list = valueBoxes.get(m.sheet) ?? [];
    list.push({ box: m.box, values: m.range.values });
    valueBoxes.set(m.sheet, list);
  }
  for (const [name, list] of valueBoxes) {
    const info = existing.get(name);
    if (info === undefined) continue;
    info.state.hasValue = (row, col) =>
      list.some(({ box, values }) => {
        if (row < box.top || row > box.bottom || col < box.left || col > box.right) return false;
        const v = values[row - box.top]?.[col - box.left];
        return v !== '' && v !== null && v !== undefined;
      });
  }

  // 3. The check: nothing is written when any operation cannot be applied.
  const problems = checkPlan(
    plan,
    [...existing.values()].map((i) => i.state),
  );
  if (structure.protected) {
    const structural = structureProblem(plan);
    if (structural !== null) problems.unshift(structural);
  }
  if (problems.length > 0) throw invalidPlanError(problems);

  // 4. The rules to remove: their details and ranges (one more request, only when there are some).
  const found = new Map<string, Found[]>();
  if (removals.size > 0) {
    for (const [key, { items }] of removals) {
      const list: Found[] = items.items.map((cf) => {
        const f: Found = { cf, type: cf.type, formula: null, colours: null, range: cf.getRangeOrNullObject() };
        f.range?.load('address');
        if (f.type === 'Custom') cf.custom.rule.load('formula');
        else if (f.type === 'ColorScale') cf.colorScale.load('criteria');
        return f;
      });
      found.set(key, list);
    }
    await readSync();
    for (const list of found.values()) {
      for (const f of list) {
        if (f.type === 'Custom') f.formula = f.cf.custom.rule.formula;
        else if (f.type === 'ColorScale') {
          const c = f.cf.colorScale.criteria;
          f.colours = [c.minimum?.color, c.midpoint?.color, c.maximum?.color].map((x) => (x ?? '').toUpperCase());
        }
      }
    }
  }
  const claimed = new Set<Excel.ConditionalFormat>();
  /** The rules an op removes: every tagged highlight left on its sheet, or the one rule where it was written. */
  const matchRules = (index: number, format: OwnedConditionalFormat): Excel.ConditionalFormat[] => {
    const key = removalKey(index, format);
    if (key.startsWith('sheet:')) {
      const tagged = (found.get(key) ?? []).filter(
        (f) => !claimed.has(f.cf) && f.type === 'Custom' && f.formula !== null && isTaggedHighlight(f.formula),
      );
      for (const f of tagged) claimed.add(f.cf);
      return tagged.map((f) => f.cf);
    }
    const wanted = normalizeRange(format.range);
    for (const f of found.get(key) ?? []) {
      if (claimed.has(f.cf) || f.range === null || f.range.isNullObject) continue;
      if (normalizeRange(stripSheet(f.range.address)) !== wanted || !ruleMatches(f, format.rule)) continue;
      claimed.add(f.cf);
      return [f.cf];
    }
    return [];
  };

  // 5. The write steps, in plan order.
  const steps: Step[] = [];
  const sheetsNow = new Set(existing.keys());
  const mergesBySheet = new Map<string, RangeBox[]>();
  for (const [name, info] of existing)
    mergesBySheet.set(
      name,
      info.state.merges.map((m) => parseRange(m)).filter((b): b is RangeBox => b !== null),
    );
  const small = (opIndex: number, queue: () => void, bytes = SMALL_STEP): void => {
    steps.push({ opIndex, bytes, queue });
  };
  plan.ops.forEach((op, index) => {
    switch (op.kind) {
      case 'addSheet':
        sheetsNow.add(op.sheet);
        mergesBySheet.set(op.sheet, []);
        small(index, () => {
          const ws = context.workbook.worksheets.add(op.sheet);
          if (op.tabColor !== undefined) ws.tabColor = hex(op.tabColor);
          if (op.hidden !== undefined) ws.visibility = op.hidden === 'veryHidden' ? 'VeryHidden' : 'Hidden';
        });
        return;
      case 'deleteSheet':
        sheetsNow.delete(op.sheet);
        mergesBySheet.delete(op.sheet);
        small(index, () => {
          // Excel refuses to delete a very hidden sheet (the ownership sheet is one): hidden first, same request.
          const ws = context.workbook.worksheets.getItem(op.sheet);
          ws.visibility = 'Hidden';
          ws.delete();
        });
        return;
      case 'setCells': {
        const at = parseRange(op.address) as RangeBox;
        const merges = mergesBySheet.get(op.sheet) ?? [];
        const matrix = op.cells.map((row, r) =>
          row.map((cell, c) => {
            const row0 = at.top + r;
            const col0 = at.left + c;
            // A cell covered by a merge takes no value (ExcelJS leaves it too): leave it unchanged.
            const covered = merges.some(
              (m) =>
                row0 >= m.top &&
                row0 <= m.bottom &&
                col0 >= m.left &&
                col0 <= m.right &&
                (m.top !== row0 || m.left !== col0),
            );
            return covered ? null : toOfficeInput(cell);
          }),
        );
        steps.push(...cellsSteps(context, index, op.sheet, at.top, at.left, matrix, budget));
        return;
      }
      case 'setStyle':
        steps.push(styleStep(context, index, op.sheet, op.range, parseRange(op.range) as RangeBox, op.style));
        return;
      case 'merge': {
        const box = parseRange(op.range) as RangeBox;
        mergesBySheet.get(op.sheet)?.push(box);
        small(index, () => context.workbook.worksheets.getItem(op.sheet).getRange(op.range).merge(false));
        return;
      }
      case 'columnWidths':
        small(index, () => {
          const ws = context.workbook.worksheets.getItem(op.sheet);
          op.widths.forEach((w, i) => {
            const letter = columnLetter(op.first + i);
            ws.getRange(`${letter}:${letter}`).format.columnWidth = widthToPoints(w);
          });
        });
        return;
      case 'hideColumns':
        small(index, () => {
          const ws = context.workbook.worksheets.getItem(op.sheet);
          for (const c of op.columns) ws.getRange(`${columnLetter(c)}:${columnLetter(c)}`).columnHidden = true;
        });
        return;
      case 'freeze':
        small(index, () => {
          const panes = context.workbook.worksheets.getItem(op.sheet).freezePanes;
          if (op.rows > 0 && op.columns > 0)
            panes.freezeAt(context.workbook.worksheets.getItem(op.sheet).getRangeByIndexes(0, 0, op.rows, op.columns));
          else if (op.rows > 0) panes.freezeRows(op.rows);
          else if (op.columns > 0) panes.freezeColumns(op.columns);
          else panes.unfreeze();
        });
        return;
      case 'addConditionalFormat': {
        const { format } = op;
        small(
          index,
          () => {
            const ws = context.workbook.worksheets.getItem(format.sheet);
            for (const part of format.range.trim().split(/\s+/)) addRule(ws.getRange(part), format.rule);
          },
          SMALL_STEP + JSON.stringify(format).length,
        );
        return;
      }
      case 'removeConditionalFormat': {
        for (const cf of matchRules(index, op.format)) small(index, () => cf.delete());
        return;
      }
      case 'writeOwnership': {
        const exists = sheetsNow.has(OWNERSHIP_SHEET);
        sheetsNow.add(OWNERSHIP_SHEET);
        small(index, () => {
          if (exists) {
            const ws = context.workbook.worksheets.getItem(OWNERSHIP_SHEET);
            ws.visibility = 'VeryHidden';
            ws.getRange().clear('Contents');
          } else {
            context.workbook.worksheets.add(OWNERSHIP_SHEET).visibility = 'VeryHidden';
          }
        });
        const cells = ownershipCells(op.record).map((row) => row.map((v: CellValue) => toOfficeInput(v)));
        steps.push(...cellsSteps(context, index, OWNERSHIP_SHEET, 0, 0, cells, budget));
        return;
      }
      default: {
        const never: never = op;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  });

  // 6. Requests under the budget; a refused one is halved and retried.
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
  opts.onProgress?.(0, total);
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
    opts.onProgress?.(done, total);
  }
  return result;
}

/** Shows a cell: activates its sheet and selects it, in one request. */
export async function selectCell(context: Excel.RequestContext, sheet: string, a1: string): Promise<void> {
  const ws = context.workbook.worksheets.getItem(sheet);
  ws.activate();
  ws.getRange(a1).select();
  try {
    await context.sync();
  } catch (err) {
    throw new OfficeAdapterError(err, {
      vi: `chọn ô ${a1} trên trang "${sheet}"`,
      en: `selecting cell ${a1} on sheet "${sheet}"`,
    });
  }
}
