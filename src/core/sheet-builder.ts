// Describes one sheet the add-in writes (cells, styles, merges, widths, panes, rules) and turns it into ops.
import type {
  CellStyle,
  ConditionalRule,
  OwnedConditionalFormat,
  PageSetup,
  PlanCell,
  PlanChart,
  PlanFormula,
  WriteOp,
} from './plan-types';
import type { CellValue } from './types';
import { cellAddress } from './address';

/** A cell holding `formula` and, when known, the engine's value it must evaluate to (the check in tests). */
export function formulaCell(formula: string, expected?: CellValue): PlanFormula {
  // A formula built by concatenation is a tree of small strings; reading a character makes V8 flatten it into
  // one, so the hundreds of thousands a plan keeps are not each a tree the garbage collector copies (about half
  // of `rank --out`'s time went to that).
  formula.charCodeAt(0);
  return expected === undefined ? { formula } : { formula, expected };
}

/** Text as a formula's string literal: quoted, with quotes doubled. */
export function excelString(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

export class SheetBuilder {
  private readonly grid: PlanCell[][] = [];
  private readonly styles: { range: string; style: CellStyle }[] = [];
  private readonly merges: string[] = [];
  private widths: number[] = [];
  private hidden: number[] = [];
  private frozen: { rows: number; columns: number } | null = null;
  private readonly heights = new Map<number, number>();
  private pageSetup: PageSetup | null = null;
  private readonly charts: PlanChart[] = [];
  readonly formats: OwnedConditionalFormat[] = [];
  /**
   * Each R1C1 cell once per text and value: the cells of a formula filled down share one object (a calculation
   * sheet holds hundreds of thousands, which the garbage collector would otherwise copy while the plan lives).
   */
  private readonly r1c1Cells = new Map<string, { text: string; byValue: Map<CellValue | undefined, PlanFormula> }>();

  constructor(
    readonly sheet: string,
    private readonly tabColor?: string,
  ) {}

  /**
   * A cell holding `formula` in R1C1 notation (relative to the cell), and the engine's value; one object for all
   * the cells with the same text and value (a plan's cells are never changed once made). An error value is an
   * object of its own, so its cell is too.
   */
  r1c1(formula: string, expected?: CellValue): PlanFormula {
    let entry = this.r1c1Cells.get(formula);
    if (entry === undefined)
      this.r1c1Cells.set(formula, (entry = { text: formulaCell(formula).formula, byValue: new Map() }));
    let cell = entry.byValue.get(expected);
    if (cell === undefined) {
      const text = entry.text;
      cell = expected === undefined ? { formula: text, r1c1: true } : { formula: text, r1c1: true, expected };
      if (typeof expected !== 'object' || expected === null) entry.byValue.set(expected, cell);
    }
    return cell;
  }

  /** Zero-based row and column. */
  set(row: number, col: number, cell: PlanCell): void {
    while (this.grid.length <= row) this.grid.push([]);
    this.grid[row][col] = cell;
  }

  setRow(row: number, cells: PlanCell[], first = 0): void {
    for (let i = 0; i < cells.length; i++) this.set(row, first + i, cells[i]);
  }

  get rowCount(): number {
    return this.grid.length;
  }

  style(top: number, left: number, bottom: number, right: number, style: CellStyle): void {
    this.styles.push({ range: rangeOf(top, left, bottom, right), style });
  }

  merge(top: number, left: number, bottom: number, right: number): void {
    this.merges.push(rangeOf(top, left, bottom, right));
  }

  columnWidths(widths: number[]): void {
    this.widths = widths;
  }

  hideColumns(columns: number[]): void {
    this.hidden = columns;
  }

  /** A row's height in points (zero-based row). */
  rowHeight(row: number, points: number): void {
    this.heights.set(row, points);
  }

  /** A chart on the sheet (its ranges name their sheet). */
  chart(chart: PlanChart): void {
    this.charts.push(chart);
  }

  /** How the sheet prints. */
  page(setup: PageSetup): void {
    this.pageSetup = setup;
  }

  freeze(rows: number, columns: number): void {
    this.frozen = { rows, columns };
  }

  rule(top: number, left: number, bottom: number, right: number, rule: ConditionalRule): void {
    this.formats.push({ sheet: this.sheet, range: rangeOf(top, left, bottom, right), rule });
  }

  /** The sheet as operations; its rows are handed over (the builder is not written to after). */
  toOps(): WriteOp[] {
    const width = Math.max(0, ...this.grid.map((r) => r.length));
    // The builder's own rows, their holes filled with blanks: not a copy of a grid of hundreds of thousands.
    for (const r of this.grid) for (let i = 0; i < width; i++) if (r[i] === undefined) r[i] = null;
    const cells = this.grid;
    const ops: WriteOp[] = [
      { kind: 'addSheet', sheet: this.sheet, ...(this.tabColor ? { tabColor: this.tabColor } : {}) },
    ];
    if (cells.length > 0 && width > 0) ops.push({ kind: 'setCells', sheet: this.sheet, address: 'A1', cells });
    for (const s of this.styles) ops.push({ kind: 'setStyle', sheet: this.sheet, range: s.range, style: s.style });
    for (const m of this.merges) ops.push({ kind: 'merge', sheet: this.sheet, range: m });
    if (this.widths.length > 0) ops.push({ kind: 'columnWidths', sheet: this.sheet, first: 0, widths: this.widths });
    if (this.hidden.length > 0) ops.push({ kind: 'hideColumns', sheet: this.sheet, columns: this.hidden });
    // One op per run of consecutive rows.
    const rows = [...this.heights.keys()].sort((a, b) => a - b);
    for (let i = 0; i < rows.length;) {
      let j = i;
      while (j + 1 < rows.length && rows[j + 1] === rows[j] + 1) j++;
      const heights = rows.slice(i, j + 1).map((r) => this.heights.get(r) as number);
      ops.push({ kind: 'rowHeights', sheet: this.sheet, first: rows[i], heights });
      i = j + 1;
    }
    if (this.frozen) ops.push({ kind: 'freeze', sheet: this.sheet, ...this.frozen });
    if (this.pageSetup) ops.push({ kind: 'pageSetup', sheet: this.sheet, setup: this.pageSetup });
    for (const chart of this.charts) ops.push({ kind: 'addChart', sheet: this.sheet, chart });
    for (const f of this.formats) ops.push({ kind: 'addConditionalFormat', format: f });
    return ops;
  }
}

export function rangeOf(top: number, left: number, bottom: number, right: number): string {
  const a = cellAddress(top, left);
  const b = cellAddress(bottom, right);
  return a === b ? a : `${a}:${b}`;
}

export const HEADER_STYLE: CellStyle = {
  bold: true,
  fill: 'DDEBF7',
  horizontal: 'center',
  vertical: 'middle',
  wrap: true,
  border: 'thin',
};
export const TITLE_STYLE: CellStyle = { bold: true, fontSize: 14, horizontal: 'center', vertical: 'middle' };
export const NOTE_STYLE: CellStyle = { italic: true, fontColor: '595959' };
export const BODY_STYLE: CellStyle = { border: 'thin', vertical: 'middle' };
