// ExcelJS workbook → WorkbookSnapshot. A pure translation: no scoring rule lives here.
//
// Hot path (a benchmark reads 1,000 sheets × 150 rows): every sheet is walked once, row by row and
// cell by cell over the cells ExcelJS already holds; no getCell per address, no `worksheet.model`
// (which rebuilds a model object for every row and cell).
import { ValueType } from 'exceljs';
import type { Cell, Workbook, Worksheet } from 'exceljs';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../core/types';

const MS_PER_DAY = 24 * 60 * 60 * 1000;
/** Serial number of 1970-01-01 in the 1900 date system. */
const UNIX_EPOCH_SERIAL = 25569;
/** Days between the 1900 and 1904 date systems. */
const DATE1904_OFFSET = 1462;

/** A date as Excel stores it: the serial number (days since 1899-12-30, or since 1904-01-01). */
export function excelSerial(date: Date, date1904 = false): number {
  const serial = UNIX_EPOCH_SERIAL + date.getTime() / MS_PER_DAY - (date1904 ? DATE1904_OFFSET : 0);
  // ExcelJS rounds the time to whole milliseconds; drop the binary noise that leaves behind.
  return Math.round(serial * 1e9) / 1e9;
}

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null;
}

function richTextOf(v: Record<string, unknown>): string | null {
  const runs = v.richText;
  if (!Array.isArray(runs)) return null;
  let text = '';
  for (const run of runs) {
    if (isObject(run) && typeof run.text === 'string') text += run.text;
  }
  return text;
}

/**
 * One ExcelJS value (a cell's value, or a formula's cached result) as a snapshot value.
 * Formula values are handled by the caller (their result is passed here); a formula object reaching
 * this function (a result that is itself a formula never happens in a file) maps to its result.
 */
export function toCellValue(v: unknown, date1904 = false): CellValue {
  switch (typeof v) {
    case 'number':
      return Number.isFinite(v) ? v : null;
    case 'string':
    case 'boolean':
      return v;
    case 'undefined':
      return null;
    default:
      break;
  }
  if (v instanceof Date) {
    const t = v.getTime();
    return Number.isNaN(t) ? null : excelSerial(v, date1904);
  }
  if (!isObject(v)) return null;
  if ('error' in v) return { error: String(v.error) };
  const rich = richTextOf(v);
  if (rich !== null) return rich;
  // Hyperlink: { text, hyperlink }; the text may itself be rich text.
  if ('hyperlink' in v || 'text' in v) return toCellValue(v.text, date1904);
  if ('formula' in v || 'sharedFormula' in v) return toCellValue(v.result, date1904);
  return null;
}

interface ProtectedSheet {
  sheetProtection?: { sheet?: boolean } | null;
}

interface MergeHolder {
  _merges?: Record<string, { range?: string } | undefined>;
}

/** Merged ranges in A1 notation, from the worksheet's merge list (not the full `model` getter). */
export function mergesOf(ws: Worksheet): string[] {
  const internal = (ws as unknown as MergeHolder)._merges;
  if (isObject(internal)) {
    const out: string[] = [];
    for (const key of Object.keys(internal)) {
      const range = internal[key]?.range;
      if (typeof range === 'string') out.push(range);
    }
    return out;
  }
  // Fallback for an ExcelJS without the internal map: the public (slower) model.
  return ws.model.merges ?? [];
}

/** Replace holes of a sparse array with `fill`. */
function densify<T>(arr: T[], fill: () => T): T[] {
  for (let i = 0; i < arr.length; i++) {
    if (arr[i] === undefined) arr[i] = fill();
  }
  return arr;
}

export function snapshotSheet(ws: Worksheet, date1904 = false): SheetSnapshot {
  const rows: CellValue[][] = [];
  let formulas: (string | null)[][] | undefined;

  ws.eachRow((row, rowNumber) => {
    const r = rowNumber - 1;
    const out: CellValue[] = [];
    let formulaRow: (string | null)[] | undefined;
    row.eachCell((cell: Cell, colNumber: number) => {
      const c = colNumber - 1;
      switch (cell.type) {
        case ValueType.Merge:
          // Covered by a merge: the value sits in the top-left cell only.
          out[c] = null;
          return;
        case ValueType.Formula: {
          out[c] = toCellValue(cell.result, date1904);
          const text = cell.formula;
          if (typeof text === 'string' && text !== '') {
            if (!formulaRow) formulaRow = [];
            formulaRow[c] = text.startsWith('=') ? text.slice(1) : text;
          }
          return;
        }
        default:
          out[c] = toCellValue(cell.value, date1904);
      }
    });
    rows[r] = densify(out, () => null);
    if (formulaRow) {
      if (!formulas) formulas = [];
      formulas[r] = densify(formulaRow, () => null);
    }
  });

  densify(rows, () => []);
  const sheet: SheetSnapshot = { name: ws.name, rows };
  const merges = mergesOf(ws);
  if (merges.length > 0) sheet.merges = merges;
  if (formulas) {
    // Same indexing as rows: one entry per row, empty rows without formulas.
    formulas.length = rows.length;
    sheet.formulas = densify(formulas, () => []);
  }
  if ((ws as unknown as ProtectedSheet).sheetProtection?.sheet === true) sheet.protected = true;
  if (ws.state !== undefined && ws.state !== 'visible') sheet.hidden = true;
  return sheet;
}

/** Every worksheet, in workbook order, as plain data. */
export function snapshotFromExcelJS(wb: Workbook): WorkbookSnapshot {
  const date1904 = (wb.properties as { date1904?: boolean } | undefined)?.date1904 === true;
  return { sheets: wb.worksheets.map((ws) => snapshotSheet(ws, date1904)) };
}
