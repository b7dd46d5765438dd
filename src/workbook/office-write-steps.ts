// The Office.js adapter's writes (office-apply.ts, step 5): each operation of a plan as one or more queued
// steps, each with its size in bytes, so that they can be sent in requests under a budget and a refused block
// of cells halved. Also how a plan's values must be spelled for Office, which parses them as if typed.
//
// Office.js specifics handled here:
//  - `formulas`/`values` parse text as if typed: a text that would become a number, date, boolean, error or
//    formula is written with a leading apostrophe, so it stays the text the plan says;
//  - `null` in a written matrix means "leave the cell", so a cleared cell is written as '';
//  - formulas are written in UI syntax with a leading `=` (no `_xlfn.`: that is the file format's spelling);
//  - column widths are set in points (Excel: characters × 7 px + 5 px at the default font);
//  - a very hidden sheet cannot be deleted (InvalidOperation): it is made hidden first, in the same request;
//  - freezing panes can fail (GeneralException on some builds): freezes are steps sent last, on their own;
//  - a step's size is its values in UTF-8 bytes (as Excel on the web counts) plus each call's overhead;
//  - a conditional format over several areas (`F7 F9:F12` in the plan) is one rule on `getRanges("F7,F9:F12")`
//    (RangeAreas, ExcelApi 1.9), its formula relative to the first area's top-left cell as in the file;
//    without ExcelApi 1.9, one rule per area, each with the formula moved to its area's top row.
import { columnLetter, parseRange, type RangeBox } from '../core/address';
import { widthToPoints } from '../core/column-width';
import { EXCEL_ERROR_VALUES, payloadBytes, REQUEST_OP_OVERHEAD_BYTES } from '../core/excel-limits';
import { ownershipCells } from '../core/ownership';
import {
  isPlanFormula,
  OWNERSHIP_SHEET,
  type CellStyle,
  type ConditionalRule,
  type OwnedConditionalFormat,
  type PlanCell,
  type WritePlan,
} from '../core/plan-types';
import { formulaA1 } from '../core/r1c1';
import type { CellValue } from '../core/types';
import { shiftFormulaRows } from './file-formula';
import { taggedProbe } from './office-apply-read';
import { queueChart } from './office-charts';
import { queuePageLayout } from './office-page-layout';
import type { SheetState } from './plan-check';

// ---------------------------------------------------------------------------------------------------------
// Values as Office parses them

const NUMBERISH = /^[\s\d.,:/%$€£¥₫()+\-eE]*\d[\s\d.,:/%$€£¥₫()+\-eE]*$/;
const DATE_WORDS = /\b(jan|feb|mar|apr|may|jun|jul|aug|sep|sept|oct|nov|dec|am|pm|a|p)\b/i;

/** True when Excel would not keep `text` as typed text (it would become a number, date, formula…). */
export function needsTextPrefix(text: string): boolean {
  if (text === '') return false;
  if (/^[=+\-@']/.test(text)) return true;
  const t = text.trim();
  if (/^(true|false)$/i.test(t) || EXCEL_ERROR_VALUES.has(t.toUpperCase())) return true;
  if (NUMBERISH.test(t)) return true;
  return /\d/.test(t) && DATE_WORDS.test(t) && t.length <= 40;
}

/** A plan cell as written through `range.formulas` into the cell at `row`, `col` (zero-based). */
export function toOfficeInput(cell: PlanCell, row: number, col: number): string | number | boolean {
  if (cell === null) return '';
  if (isPlanFormula(cell)) return `=${formulaA1(cell, row, col)}`;
  if (typeof cell === 'object') return cell.error;
  if (typeof cell === 'string') return needsTextPrefix(cell) ? `'${cell}` : cell;
  return cell;
}

export { widthToPoints };

const hex = (rrggbb: string): string => `#${rrggbb.toUpperCase()}`;

// ---------------------------------------------------------------------------------------------------------
// Write steps

export interface Step {
  opIndex: number;
  bytes: number;
  /** Queues the step's calls on the context (fresh proxies each time, so a retry re-queues cleanly). */
  queue: () => void;
  /** For a block of cells: splits it in two halves of rows; null when it cannot be split. */
  split?: () => [Step, Step] | null;
  /** A freeze: sent after every write, in a request of its own, whose failure is only a warning. */
  freeze?: true;
}

/** Bytes of `n` calls beside their values (Office's JSON of each call). */
const calls = (n: number): number => n * REQUEST_OP_OVERHEAD_BYTES;
/** A step of a few calls (a sheet, a range and what is set on it). */
const SMALL_STEP = calls(4);

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
    bytes: payloadBytes(rows) + SMALL_STEP,
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
    const rowBytes = payloadBytes(matrix[r]) + 1;
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
  // One call per property set, two per border side.
  const set = Object.values(style).filter((v) => v !== undefined).length;
  const borders = style.border === 'thin' ? 2 * (4 + (rows > 1 ? 1 : 0) + (cols > 1 ? 1 : 0)) : 0;
  return {
    opIndex,
    bytes: (formats === null ? 0 : payloadBytes(formats)) + SMALL_STEP + calls(set + borders),
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

function addRule(range: { conditionalFormats: Excel.ConditionalFormatCollection }, rule: ConditionalRule): void {
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

/** The rules an op removes (found before writing: see office-apply-read.ts). */
export type RuleMatcher = (index: number, format: OwnedConditionalFormat) => Excel.ConditionalFormat[];

/**
 * Step 5: the plan's operations as write steps, in plan order. `sheets` are the workbook's sheets before the
 * plan (their merges: a cell covered by one is left unchanged, as ExcelJS leaves it).
 */
export function writeSteps(
  context: Excel.RequestContext,
  plan: WritePlan,
  sheets: SheetState[],
  matchRules: RuleMatcher,
  budget: number,
  /** Whether `Worksheet.getRanges` is there (ExcelApi 1.9): a rule over several areas is then one rule. */
  areasSupported = false,
): Step[] {
  const steps: Step[] = [];
  const sheetsNow = new Set(sheets.map((s) => s.name));
  const mergesBySheet = new Map<string, RangeBox[]>();
  for (const s of sheets)
    mergesBySheet.set(
      s.name,
      s.merges.map((m) => parseRange(m)).filter((b): b is RangeBox => b !== null),
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
            return covered ? null : toOfficeInput(cell, row0, col0);
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
        small(
          index,
          () => {
            const ws = context.workbook.worksheets.getItem(op.sheet);
            op.widths.forEach((w, i) => {
              const letter = columnLetter(op.first + i);
              ws.getRange(`${letter}:${letter}`).format.columnWidth = widthToPoints(w);
            });
          },
          SMALL_STEP + calls(2 * op.widths.length),
        );
        return;
      case 'rowHeights':
      case 'pageSetup':
        small(index, () => queuePageLayout(context, op, areasSupported));
        return;
      case 'addChart':
        small(index, () => queueChart(context, op.sheet, op.chart));
        return;
      case 'hideColumns':
        small(index, () => {
          const ws = context.workbook.worksheets.getItem(op.sheet);
          for (const c of op.columns) ws.getRange(`${columnLetter(c)}:${columnLetter(c)}`).columnHidden = true;
        });
        return;
      case 'freeze':
        steps.push({
          opIndex: index,
          bytes: SMALL_STEP,
          freeze: true,
          queue: () => {
            const panes = context.workbook.worksheets.getItem(op.sheet).freezePanes;
            if (op.rows > 0 && op.columns > 0)
              panes.freezeAt(
                context.workbook.worksheets.getItem(op.sheet).getRangeByIndexes(0, 0, op.rows, op.columns),
              );
            else if (op.rows > 0) panes.freezeRows(op.rows);
            else if (op.columns > 0) panes.freezeColumns(op.columns);
            else panes.unfreeze();
          },
        });
        return;
      case 'addConditionalFormat': {
        const { format } = op;
        const areas = format.range.trim().split(/\s+/);
        const perArea = areas.length > 1 && !areasSupported;
        small(
          index,
          () => {
            const ws = context.workbook.worksheets.getItem(format.sheet);
            if (areas.length === 1) addRule(ws.getRange(areas[0]), format.rule);
            else if (!perArea) addRule(ws.getRanges(areas.join(',')), format.rule);
            else {
              // The formula is the first area's; each area's rule has it for its own top row.
              const first = (parseRange(areas[0]) as RangeBox).top;
              for (const area of areas) {
                const rule = format.rule;
                const shift = (parseRange(area) as RangeBox).top - first;
                addRule(
                  ws.getRange(area),
                  rule.type === 'expression' ? { ...rule, formula: shiftFormulaRows(rule.formula, shift) } : rule,
                );
              }
            }
          },
          perArea
            ? SMALL_STEP + areas.length * (SMALL_STEP + payloadBytes(format.rule))
            : SMALL_STEP + payloadBytes(format),
        );
        return;
      }
      case 'removeConditionalFormat': {
        for (const cf of matchRules(index, op.format)) small(index, () => cf.delete());
        return;
      }
      case 'removeTaggedHighlights': {
        // The tagged rules of every unprotected sheet, read in one request before writing (office-apply-read).
        for (const s of sheets) {
          if (s.protected || !sheetsNow.has(s.name)) continue;
          for (const cf of matchRules(index, taggedProbe(s.name))) small(index, () => cf.delete());
        }
        return;
      }
      case 'writeOwnership': {
        const name = op.sheet ?? OWNERSHIP_SHEET;
        const exists = sheetsNow.has(name);
        sheetsNow.add(name);
        small(index, () => {
          if (exists) {
            const ws = context.workbook.worksheets.getItem(name);
            ws.visibility = 'VeryHidden';
            ws.getRange().clear('Contents');
          } else {
            context.workbook.worksheets.add(name).visibility = 'VeryHidden';
          }
        });
        const cells = ownershipCells(op.record).map((row, r) => row.map((v: CellValue, c) => toOfficeInput(v, r, c)));
        steps.push(...cellsSteps(context, index, name, 0, 0, cells, budget));
        return;
      }
      default: {
        const never: never = op;
        throw new Error(`unknown operation ${JSON.stringify(never)}`);
      }
    }
  });
  return steps;
}
