// The write plan: plain write operations decided by core, carried out by an adapter (ExcelJS, Office.js).
// Adapters hold no rule: they apply the operations in order, all or nothing.
import type { CellValue, Finding } from './types';

/**
 * A formula in the syntax a person types in English Excel, without the leading `=` and without
 * file-format prefixes (`NUMBERVALUE`, not `_xlfn.NUMBERVALUE`): each adapter adds what its host needs.
 */
export interface PlanFormula {
  formula: string;
  /**
   * `formula` is in R1C1 notation relative to its cell (core/r1c1): one text for a formula filled down a column.
   * Hosts write r1c1ToA1's text (formulaA1).
   */
  r1c1?: true;
  /** The engine's value for this cell: what the formula must evaluate to (the check in tests). */
  expected?: CellValue;
}

export type PlanCell = CellValue | PlanFormula;

export function isPlanFormula(cell: PlanCell | undefined): cell is PlanFormula {
  return typeof cell === 'object' && cell !== null && 'formula' in cell;
}

/** Colours as `RRGGBB`. Sizes in points. */
export interface CellStyle {
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  fontColor?: string;
  fill?: string;
  numberFormat?: string;
  horizontal?: 'left' | 'center' | 'right';
  vertical?: 'top' | 'middle' | 'bottom';
  wrap?: boolean;
  border?: 'thin';
}

export type ConditionalRule =
  /** Highlights cells where the formula (relative to the range's top-left cell) is true. */
  | { type: 'expression'; formula: string; fill: string; fontColor?: string }
  /** Three-colour scale from the lowest to the highest value. */
  | { type: 'colorScale'; min: string; mid: string; max: string };

export interface OwnedConditionalFormat {
  sheet: string;
  range: string;
  rule: ConditionalRule;
}

/** What the add-in wrote, kept in the workbook itself (sheet `OWNERSHIP_SHEET`, very hidden). */
export interface OwnershipRecord {
  version: 1;
  /** Sheets the add-in created, in creation order (the record sheet not included). */
  sheets: string[];
  conditionalFormats: OwnedConditionalFormat[];
  /**
   * Content fingerprint of each sheet the add-in created (ownership.ts `sheetFingerprint`): a sheet is replaced
   * or removed only while it still has it. A sheet without one (an older record, settings the user saved) is
   * never removed.
   */
  fingerprints: Record<string, string>;
}

export const OWNERSHIP_SHEET = '_ParIndex';

/**
 * How a sheet prints (Excel's Page Layout): a created sheet only. Rows are 0-based. The footer sections use
 * Excel's header/footer codes, the same in the file, ExcelJS and Office.js: `&P` the page, `&N` the pages.
 */
export interface PageSetup {
  orientation: 'portrait' | 'landscape';
  paper: PaperSize;
  /** Scaled to one page wide, as many pages tall as it takes. */
  fitToWidth?: boolean;
  /** Printed in the middle of the page's width. */
  centerHorizontally?: boolean;
  /** Rows repeated at the top of every printed page (print titles), inclusive. */
  titleRows?: { first: number; last: number };
  footer?: { left?: string; center?: string; right?: string };
  /** Rows that start a new printed page (manual page breaks above them), ascending. */
  rowBreaks?: number[];
}

export type PaperSize = 'A4' | 'A3' | 'Letter';

/**
 * A bar chart on a sheet the plan created, reading live cells: each range is absolute and names its sheet
 * (`'Xếp hạng – Khối sở'!$B$5:$B$12`). Bars are horizontal, the first category on top.
 */
export interface PlanChart {
  title: string;
  /** Top-left and bottom-right cells (0-based) the chart covers. */
  from: { row: number; col: number };
  to: { row: number; col: number };
  categories: string;
  series: { name: string; values: string; color: string }[];
  /** Series drawn over each other, one bar per category (each series holds values on different categories). */
  overlap?: boolean;
  /** Value axis bounds. */
  min?: number;
  max?: number;
}

/** A footer as one text of Excel's codes, `&L…&C…&R…` by section (the file's `oddFooter`, ExcelJS's too). */
export function footerCodes(footer: NonNullable<PageSetup['footer']>): string {
  return (
    (footer.left ? `&L${footer.left}` : '') +
    (footer.center ? `&C${footer.center}` : '') +
    (footer.right ? `&R${footer.right}` : '')
  );
}

export type WriteOp =
  /** Creates a sheet at the end of the workbook. The plan only names sheets that do not exist. */
  | { kind: 'addSheet'; sheet: string; tabColor?: string; hidden?: 'hidden' | 'veryHidden' }
  | { kind: 'deleteSheet'; sheet: string }
  /** Writes a block of cells whose top-left cell is `address`; `null` clears a cell. */
  | { kind: 'setCells'; sheet: string; address: string; cells: PlanCell[][] }
  | { kind: 'setStyle'; sheet: string; range: string; style: CellStyle }
  | { kind: 'merge'; sheet: string; range: string }
  /** Column widths in characters from column `first` (0-based) on. */
  | { kind: 'columnWidths'; sheet: string; first: number; widths: number[] }
  /** Row heights in points from row `first` (0-based) on. */
  | { kind: 'rowHeights'; sheet: string; first: number; heights: number[] }
  | { kind: 'hideColumns'; sheet: string; columns: number[] }
  /** A chart on a sheet the plan created. */
  | { kind: 'addChart'; sheet: string; chart: PlanChart }
  /** Page layout for printing a sheet the plan created (replaces any earlier one of the plan). */
  | { kind: 'pageSetup'; sheet: string; setup: PageSetup }
  | { kind: 'freeze'; sheet: string; rows: number; columns: number }
  | { kind: 'addConditionalFormat'; format: OwnedConditionalFormat }
  /** Removes exactly the rule the add-in added earlier (same sheet, range and rule). */
  | { kind: 'removeConditionalFormat'; format: OwnedConditionalFormat }
  /**
   * On every worksheet that is not protected, removes every conditional-format rule whose formula carries
   * HIGHLIGHT_TAG: the add-in's highlights, found by their tag wherever the sheet was renamed or moved.
   */
  | { kind: 'removeTaggedHighlights' }
  /**
   * Stores the ownership record (replacing any earlier one) in the very hidden sheet `sheet`, OWNERSHIP_SHEET
   * when not given (another name when a user's own sheet has that one).
   */
  | { kind: 'writeOwnership'; record: OwnershipRecord; sheet?: string };

export interface WritePlan {
  ops: WriteOp[];
  /** What will be written, said to the user before writing (Vietnamese, English). */
  summary: { vi: string; en: string }[];
  /** Problems that stop or limit the write (e.g. a protected sheet that is left alone). */
  findings: Finding[];
}

/**
 * The tag in the formula of every highlight the add-in puts on a user's sheet: Excel rewrites a rule's range
 * and cell references when rows are inserted or deleted, but keeps a text literal, so a re-run or clean
 * still recognises its rules. Always TRUE, so it changes nothing of what the rule shows.
 */
export const HIGHLIGHT_TAG = 'ISTEXT("par-index")';

/** True for a rule formula (as stored, with or without `=`) that carries the add-in's tag. */
export function isTaggedHighlight(formula: string): boolean {
  return formula.replace(/\s+/g, '').toUpperCase().includes(HIGHLIGHT_TAG.toUpperCase());
}
