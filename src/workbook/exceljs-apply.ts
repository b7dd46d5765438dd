// WritePlan → ExcelJS workbook. Carries out the engine's write operations, in order, all or nothing: every
// operation is checked first against the workbook as it will be at that point of the plan (sheets added or
// deleted by earlier operations count; the check is plan-check.ts, shared with the Office.js adapter), and
// nothing is changed when any of them cannot be applied. No scoring rule lives here.
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
  PaperSize,
  Style,
  Workbook,
  Worksheet,
  WorksheetView,
  WorksheetViewCommon,
} from 'exceljs';
import { parseRange } from '../core/address';
import { ownershipCells } from '../core/ownership';
import {
  isPlanFormula,
  HIGHLIGHT_TAG,
  isTaggedHighlight,
  OWNERSHIP_SHEET,
  type CellStyle,
  type ConditionalRule,
  type OwnedConditionalFormat,
  type OwnershipRecord,
  footerCodes,
  type PageSetup,
  type PlanCell,
  type WriteOp,
  type WritePlan,
} from '../core/plan-types';
import { formulaA1 } from '../core/r1c1';
import { toFileFormula } from './file-formula';
import { checkPlan, type SheetState } from './plan-check';
import { invalidPlanError, OP_VI, opSheet, PlanApplyError, type PlanProblem } from './plan-errors';
import { normalizeRange, ruleMatches, type FoundRule } from './rule-match';

// ---------------------------------------------------------------------------------------------------------
// Errors

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
// The workbook as ExcelJS holds it

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
        cell.value = { formula: toFileFormula(formulaA1(v, at.top + r, at.left + c)) };
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

/** A rule of ExcelJS's as the comparison sees it (its formula in the file's spelling). */
function foundRule(rule: ConditionalFormattingRule): FoundRule {
  if (rule.type === 'expression') {
    const f: unknown = rule.formulae?.[0];
    return { type: 'expression', formula: typeof f === 'string' ? f : null };
  }
  if (rule.type === 'colorScale') {
    return {
      type: 'colorScale',
      colours: (rule.color ?? []).map((c: unknown) => (isObject(c) && typeof c.argb === 'string' ? c.argb : null)),
    };
  }
  return { type: 'other' };
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
  const ref = normalizeRange(format.range);
  for (let i = 0; i < list.length; i++) {
    const entry = list[i];
    if (typeof entry.ref !== 'string' || normalizeRange(entry.ref) !== ref || !Array.isArray(entry.rules)) continue;
    const at = entry.rules.findIndex((rule) => ruleMatches(foundRule(rule), format.rule, 'file'));
    if (at < 0) continue;
    if (entry.rules.length === 1) list.splice(i, 1);
    else entry.rules.splice(at, 1);
    return true;
  }
  return false;
}

/** Every tagged highlight on every sheet that is not protected (wherever the sheet was renamed or moved). */
function removeTaggedHighlights(wb: Workbook): void {
  const probe: OwnedConditionalFormat = {
    sheet: '',
    range: 'A1',
    rule: { type: 'expression', formula: HIGHLIGHT_TAG, fill: 'FFFFFF' },
  };
  for (const ws of wb.worksheets) if (!isProtected(ws)) removeConditionalFormat(ws, probe);
}

function writeOwnership(wb: Workbook, record: OwnershipRecord, name: string): void {
  let ws = wb.getWorksheet(name);
  if (ws === undefined) ws = wb.addWorksheet(name, { state: 'veryHidden' });
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

const PAPER_CODE: Record<PageSetup['paper'], PaperSize> = {
  A4: 9 as PaperSize,
  A3: 8 as PaperSize,
  Letter: 1 as PaperSize,
};

/** The page layout: ExcelJS writes print titles as the sheet's `_xlnm.Print_Titles` name, breaks as `rowBreaks`. */
function pageSetup(ws: Worksheet, setup: PageSetup): void {
  ws.pageSetup.orientation = setup.orientation;
  ws.pageSetup.paperSize = PAPER_CODE[setup.paper];
  if (setup.fitToWidth) {
    ws.pageSetup.fitToPage = true;
    ws.pageSetup.fitToWidth = 1;
    ws.pageSetup.fitToHeight = 0;
  }
  if (setup.centerHorizontally) ws.pageSetup.horizontalCentered = true;
  if (setup.titleRows) ws.pageSetup.printTitlesRow = `${setup.titleRows.first + 1}:${setup.titleRows.last + 1}`;
  if (setup.footer) ws.headerFooter.oddFooter = footerCodes(setup.footer);
  // ExcelJS's break is below the row it is added to: the row before the one that starts the page.
  for (const r of setup.rowBreaks ?? []) ws.getRow(r).addPageBreak();
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
    case 'rowHeights': {
      const ws = worksheet(wb, op.sheet);
      op.heights.forEach((h, i) => {
        ws.getRow(op.first + i + 1).height = h;
      });
      return false;
    }
    case 'pageSetup':
      pageSetup(worksheet(wb, op.sheet), op.setup);
      return false;
    case 'addChart':
      // ExcelJS writes no charts: the reference adapter leaves them to the package writer and Office.js.
      worksheet(wb, op.sheet);
      return false;
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
    case 'removeTaggedHighlights':
      removeTaggedHighlights(wb);
      return false;
    case 'writeOwnership':
      writeOwnership(wb, op.record, op.sheet ?? OWNERSHIP_SHEET);
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
