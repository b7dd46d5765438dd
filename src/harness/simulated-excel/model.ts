// The simulated Excel host's state: a plain workbook model (no proxies, no Office types), created from a
// WorkbookSnapshot and exported back to one, so tests can compare it with what ExcelJS holds.
// Pure TypeScript: no Node API, no DOM; it runs in a browser as well as under jest.
import { cellAddress, parseAddress, parseRange, rangeAddress, type RangeBox } from '../../core/address';
import { EXCEL_ERROR_VALUES, MAX_COLUMNS, MAX_ROWS } from '../../core/excel-limits';
import type { CellValue, WorkbookSnapshot } from '../../core/types';

export type SimVisibility = 'Visible' | 'Hidden' | 'VeryHidden';
export type SimValue = number | string | boolean | { error: string };

/** A cell's format as plain data. Colours as `#RRGGBB` (upper case), sizes in points. */
export interface SimStyle {
  bold?: boolean;
  italic?: boolean;
  fontSize?: number;
  fontColor?: string;
  fill?: string;
  horizontal?: string;
  vertical?: string;
  wrap?: boolean;
  /** Border sides set to a continuous line. */
  borders?: { top?: boolean; bottom?: boolean; left?: boolean; right?: boolean };
  numberFormat?: string;
}

export interface SimCell {
  /** The value (the cached result for a formula cell; null when the simulation did not compute it). */
  value: SimValue | null;
  /** Formula without the leading `=`, in UI syntax; null for a constant. */
  formula: string | null;
  style: SimStyle;
}

export interface SimColorCriterion {
  type: string;
  formula?: string | null;
  color?: string;
}

export interface SimConditionalFormat {
  id: number;
  /** A1 range(s) on its sheet, space-separated. */
  range: string;
  type: 'Custom' | 'ColorScale';
  /** Custom rule formula, with its leading `=` as Office stores it. */
  formula?: string;
  fill?: string;
  fontColor?: string;
  criteria?: { minimum?: SimColorCriterion; midpoint?: SimColorCriterion; maximum?: SimColorCriterion };
}

export interface SimSheet {
  name: string;
  /** The id Excel gives a sheet (stable through renames); sheets from a snapshot are named by it. */
  id?: string;
  visibility: SimVisibility;
  protected: boolean;
  /** Keyed by `cellKey(row, col)`, zero-based. */
  cells: Map<number, SimCell>;
  merges: RangeBox[];
  conditionalFormats: SimConditionalFormat[];
  freeze: { rows: number; columns: number };
  /** Column widths in points, by zero-based column. */
  columnWidths: Map<number, number>;
  hiddenColumns: Set<number>;
  tabColor: string | null;
}

export interface SimWorkbookState {
  sheets: SimSheet[];
  /**
   * The workbook's structure is protected (Review › Protect Workbook): sheets cannot be added, deleted,
   * renamed, hidden or shown (AccessDenied); cells may still be written. Set it directly in a test.
   */
  structureProtected?: boolean;
  activeSheet: string | null;
  selection: { sheet: string; address: string } | null;
  nextId: number;
}

export const cellKey = (row: number, col: number): number => row * MAX_COLUMNS + col;
export const keyRow = (key: number): number => Math.floor(key / MAX_COLUMNS);
export const keyCol = (key: number): number => key % MAX_COLUMNS;

export function newSheet(name: string, visibility: SimVisibility = 'Visible'): SimSheet {
  return {
    name,
    visibility,
    protected: false,
    cells: new Map(),
    merges: [],
    conditionalFormats: [],
    freeze: { rows: 0, columns: 0 },
    columnWidths: new Map(),
    hiddenColumns: new Set(),
    tabColor: null,
  };
}

function simValueOf(v: CellValue): SimValue | null {
  if (v === null || v === '') return null;
  if (typeof v === 'object') return { error: v.error };
  return v;
}

/** A workbook model holding the snapshot's values, formulas, merges, visibility and protection. */
export function stateFromSnapshot(snapshot: WorkbookSnapshot): SimWorkbookState {
  const sheets = snapshot.sheets.map((s) => {
    const sheet = newSheet(s.name, s.hidden ? 'Hidden' : 'Visible');
    sheet.protected = s.protected === true;
    const height = Math.max(s.rows.length, s.formulas?.length ?? 0);
    for (let r = 0; r < height; r++) {
      const row = s.rows[r] ?? [];
      const frow = s.formulas?.[r] ?? [];
      const width = Math.max(row.length, frow.length);
      for (let c = 0; c < width; c++) {
        const value = simValueOf(row[c] ?? null);
        const formula = frow[c] ?? null;
        if (value !== null || formula !== null) sheet.cells.set(cellKey(r, c), { value, formula, style: {} });
      }
    }
    for (const m of s.merges ?? []) {
      const box = parseRange(m);
      if (box) sheet.merges.push(box);
    }
    return sheet;
  });
  const active = sheets.find((s) => s.visibility === 'Visible') ?? null;
  return {
    sheets,
    structureProtected: false,
    activeSheet: active?.name ?? null,
    selection: active ? { sheet: active.name, address: 'A1' } : null,
    nextId: 1,
  };
}

function cellValueOf(v: SimValue | null): CellValue {
  return v === null ? null : typeof v === 'object' ? { error: v.error } : v;
}

/** The model as a WorkbookSnapshot: rows trimmed of trailing blanks, formulas only where there are some. */
export function snapshotFromState(state: SimWorkbookState): WorkbookSnapshot {
  return {
    sheets: state.sheets.map((sheet) => {
      const rows: CellValue[][] = [];
      const formulas: (string | null)[][] = [];
      let anyFormula = false;
      for (const [key, cell] of sheet.cells) {
        const r = keyRow(key);
        const c = keyCol(key);
        while (rows.length <= r) rows.push([]);
        const row = rows[r];
        while (row.length <= c) row.push(null);
        row[c] = cellValueOf(cell.value);
        if (cell.formula !== null) {
          anyFormula = true;
          while (formulas.length <= r) formulas.push([]);
          const frow = formulas[r];
          while (frow.length <= c) frow.push(null);
          frow[c] = cell.formula;
        }
      }
      for (const row of rows) while (row.length > 0 && row[row.length - 1] === null) row.pop();
      while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
      const out: WorkbookSnapshot['sheets'][number] = { name: sheet.name, rows };
      if (sheet.merges.length > 0) out.merges = sheet.merges.map(boxA1);
      if (anyFormula) {
        while (formulas.length < rows.length) formulas.push([]);
        out.formulas = formulas;
      }
      if (sheet.protected) out.protected = true;
      if (sheet.visibility !== 'Visible') out.hidden = true;
      return out;
    }),
  };
}

/** Every non-blank cell, style, merge, rule and view setting of a sheet, as plain JSON-able data. */
export interface SimSheetExport {
  name: string;
  visibility: SimVisibility;
  protected: boolean;
  cells: Record<string, { value: CellValue; formula: string | null; style: SimStyle }>;
  merges: string[];
  conditionalFormats: Omit<SimConditionalFormat, 'id'>[];
  freeze: { rows: number; columns: number };
  columnWidths: Record<string, number>;
  hiddenColumns: number[];
  tabColor: string | null;
}

export function exportState(state: SimWorkbookState): SimSheetExport[] {
  return state.sheets.map((s) => {
    const cells: SimSheetExport['cells'] = {};
    const keys = [...s.cells.keys()].sort((a, b) => a - b);
    for (const key of keys) {
      const cell = s.cells.get(key);
      if (cell)
        cells[cellAddress(keyRow(key), keyCol(key))] = {
          value: cellValueOf(cell.value),
          formula: cell.formula,
          style: { ...cell.style },
        };
    }
    return {
      name: s.name,
      visibility: s.visibility,
      protected: s.protected,
      cells,
      merges: s.merges.map(boxA1),
      conditionalFormats: s.conditionalFormats.map(({ id: _id, ...rest }) => rest),
      freeze: { ...s.freeze },
      columnWidths: Object.fromEntries([...s.columnWidths].sort((a, b) => a[0] - b[0]).map(([c, w]) => [String(c), w])),
      hiddenColumns: [...s.hiddenColumns].sort((a, b) => a - b),
      tabColor: s.tabColor,
    };
  });
}

/** `B2:C4`, or `B2` for a single cell. */
export const boxA1 = rangeAddress;

/**
 * An A1 reference inside a sheet: `B3`, `A1:C4`, whole columns `C:D`, whole rows `2:5`. `$` allowed.
 * Null when it is not one.
 */
export function parseA1(a1: string): RangeBox | null {
  const t = a1.trim().replace(/\$/g, '');
  const cols = /^([A-Za-z]{1,3}):([A-Za-z]{1,3})$/.exec(t);
  if (cols) {
    const a = parseAddress(`${cols[1]}1`);
    const b = parseAddress(`${cols[2]}1`);
    if (!a || !b) return null;
    return { top: 0, bottom: MAX_ROWS - 1, left: Math.min(a.col, b.col), right: Math.max(a.col, b.col) };
  }
  const rows = /^(\d+):(\d+)$/.exec(t);
  if (rows) {
    const a = Number(rows[1]) - 1;
    const b = Number(rows[2]) - 1;
    if (a < 0 || b < 0) return null;
    return { top: Math.min(a, b), bottom: Math.max(a, b), left: 0, right: MAX_COLUMNS - 1 };
  }
  if (!/^[A-Za-z]{1,3}\d+(:[A-Za-z]{1,3}\d+)?$/.test(t)) return null;
  const box = parseRange(t);
  if (!box || box.bottom >= MAX_ROWS || box.right >= MAX_COLUMNS) return null;
  return box;
}

export function intersects(a: RangeBox, b: RangeBox): boolean {
  return a.left <= b.right && b.left <= a.right && a.top <= b.bottom && b.top <= a.bottom;
}

/**
 * What Excel makes of a value written through `values` or `formulas` (it parses text as if typed):
 * `'text` is text, `=…` a formula, numbers, percentages, dates, TRUE/FALSE and error literals become
 * those. `null` leaves the cell unchanged; `''` clears it. 'invalid' for a value Excel refuses.
 */
export type TypedInput =
  | { kind: 'unchanged' }
  | { kind: 'clear' }
  | { kind: 'value'; value: SimValue }
  | { kind: 'formula'; formula: string }
  | { kind: 'invalid' };

const NUMBER = /^[+-]?(\d+(\.\d*)?|\.\d+)([eE][+-]?\d+)?$/;
const PERCENT = /^[+-]?(\d+(\.\d*)?|\.\d+)%$/;
const DATE = /^(\d{1,2})[/-](\d{1,2})(?:[/-](\d{2,4}))?$/;

function dateSerial(m: number, d: number, y: number): number {
  return Math.round((Date.UTC(y, m - 1, d) - Date.UTC(1899, 11, 30)) / 86400000);
}

export function typeInput(v: unknown): TypedInput {
  if (v === null || v === undefined) return { kind: 'unchanged' };
  if (typeof v === 'number') return Number.isFinite(v) ? { kind: 'value', value: v } : { kind: 'invalid' };
  if (typeof v === 'boolean') return { kind: 'value', value: v };
  if (typeof v !== 'string') return { kind: 'invalid' };
  if (v === '') return { kind: 'clear' };
  if (v.startsWith("'")) return v.length === 1 ? { kind: 'clear' } : { kind: 'value', value: v.slice(1) };
  if (v.startsWith('=') && v.length > 1) return { kind: 'formula', formula: v.slice(1) };
  const t = v.trim();
  if (NUMBER.test(t)) return { kind: 'value', value: Number(t) };
  if (PERCENT.test(t)) return { kind: 'value', value: Number(t.slice(0, -1)) / 100 };
  if (/^(true|false)$/i.test(t)) return { kind: 'value', value: t.toLowerCase() === 'true' };
  if (EXCEL_ERROR_VALUES.has(t.toUpperCase())) return { kind: 'value', value: { error: t.toUpperCase() } };
  const date = DATE.exec(t);
  if (date) {
    const m = Number(date[1]);
    const d = Number(date[2]);
    const y = date[3] === undefined ? 2000 : Number(date[3]) < 100 ? 2000 + Number(date[3]) : Number(date[3]);
    if (m >= 1 && m <= 12 && d >= 1 && d <= 31) return { kind: 'value', value: dateSerial(m, d, y) };
  }
  // Typing `+x` or `-x` that is no number starts a formula in Excel.
  if ((v.startsWith('+') || v.startsWith('-')) && v.length > 1) return { kind: 'formula', formula: v };
  return { kind: 'value', value: v };
}
