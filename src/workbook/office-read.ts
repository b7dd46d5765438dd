// Excel (Office.js) → WorkbookSnapshot, in a fixed number of requests whatever the number of sheets:
//   sync 1  the sheet list (names, visibility, protection);
//   sync 2  every sheet's used range size (and merged areas where ExcelApi 1.13 is there), all queued first;
//   then    the used ranges' values and formulas, packed into requests under a byte budget (estimated from
//           cell counts), one sync per request. A sheet is split by rows only when it alone exceeds the
//           budget. A request Excel still refuses for its size is halved and retried.
// No scoring rule lives here. The same code runs on Office and on the simulated host (src/harness).
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../core/types';
import { isPayloadLimitError, OfficeAdapterError } from './office-errors';

export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/** Estimated bytes per cell of `values` (JSON): blanks cost 3, numbers ~6, text more. Formulas count again. */
export const DEFAULT_BYTES_PER_CELL = 24;

export interface ReadOfficeOptions {
  /** Byte budget of one request (estimated); default 4 MB, under the 5 MB limit of Excel on the web. */
  maxRequestBytes?: number;
  /** Estimated bytes per cell and property loaded; default DEFAULT_BYTES_PER_CELL. */
  bytesPerCell?: number;
  /** Read formulas as well as values (default true; it doubles what is read). */
  formulas?: boolean;
  /** `Office.context.requirements.isSetSupported`, injectable; merges are read only with ExcelApi 1.13. */
  isSetSupported?: (name: string, version: string) => boolean;
  /** Cells read so far, of the total. */
  onProgress?: (done: number, total: number) => void;
}

export interface ReadOfficeStats {
  syncs: number;
  /** Requests that carried cell values (after retries). */
  chunks: number;
  /** Requests refused for their size and retried in halves. */
  retries: number;
}

const ERROR_VALUES: ReadonlySet<string> = new Set(['#NULL!', '#DIV/0!', '#VALUE!', '#REF!', '#NAME?', '#NUM!', '#N/A', '#GETTING_DATA', '#SPILL!', '#CALC!', '#FIELD!', '#BLOCKED!', '#CONNECT!', '#BUSY!', '#UNKNOWN!']);

/** Office's own `isSetSupported` when Office is loaded; otherwise nothing optional is assumed. */
export function defaultIsSetSupported(name: string, version: string): boolean {
  try {
    return typeof Office !== 'undefined' && Office.context?.requirements?.isSetSupported(name, version) === true;
  } catch {
    return false;
  }
}

/** `'Sheet 1'!A1:B2` → `A1:B2`. */
export function stripSheet(address: string): string {
  const at = address.lastIndexOf('!');
  return (at < 0 ? address : address.slice(at + 1)).replace(/\$/g, '');
}

/** A value as Office's `values` gives it, as a snapshot value. Error values come as their text. */
export function fromOfficeValue(v: unknown): CellValue {
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    if (v === '') return null;
    return ERROR_VALUES.has(v) ? { error: v } : v;
  }
  return null;
}

interface SheetInfo {
  ws: Excel.Worksheet;
  snapshot: SheetSnapshot;
  used: Excel.Range;
  merged: Excel.RangeAreas | null;
  formulas: (string | null)[][] | null;
}

/** A band of rows of one sheet's used range. */
interface Piece {
  sheet: SheetInfo;
  /** Absolute zero-based first row and column, and size. */
  row: number;
  col: number;
  rows: number;
  cols: number;
  bytes: number;
}

function trimRow<T>(row: (T | null)[]): (T | null)[] {
  let n = row.length;
  while (n > 0 && row[n - 1] === null) n--;
  row.length = n;
  return row;
}

function splitPiece(p: Piece): [Piece, Piece] {
  const top = Math.ceil(p.rows / 2);
  const perRow = p.bytes / p.rows;
  return [
    { ...p, rows: top, bytes: perRow * top },
    { ...p, row: p.row + top, rows: p.rows - top, bytes: perRow * (p.rows - top) },
  ];
}

/**
 * Reads every worksheet, in workbook order, as plain data (rows anchored at A1). `stats`, when given,
 * receives the counts of requests.
 */
export async function readSnapshotOffice(context: Excel.RequestContext, opts: ReadOfficeOptions = {}, stats?: ReadOfficeStats): Promise<WorkbookSnapshot> {
  const budget = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const withFormulas = opts.formulas !== false;
  const perCell = (opts.bytesPerCell ?? DEFAULT_BYTES_PER_CELL) * (withFormulas ? 2 : 1);
  const mergesSupported = (opts.isSetSupported ?? defaultIsSetSupported)('ExcelApi', '1.13');
  const counts: ReadOfficeStats = stats ?? { syncs: 0, chunks: 0, retries: 0 };
  const sync = async (what: { vi: string; en: string }): Promise<void> => {
    counts.syncs++;
    try {
      await context.sync();
    } catch (err) {
      if (isPayloadLimitError(err)) throw err;
      throw new OfficeAdapterError(err, what);
    }
  };
  const reading = { vi: 'đọc sổ tính', en: 'reading the workbook' };

  // 1. The sheet list.
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/visibility,items/protection/protected');
  await sync(reading);

  // 2. Every sheet's used range (and merges), queued before one sync.
  const sheets: SheetInfo[] = worksheets.items.map((ws) => {
    const snapshot: SheetSnapshot = { name: ws.name, rows: [] };
    if (ws.protection.protected) snapshot.protected = true;
    if (ws.visibility !== 'Visible') snapshot.hidden = true;
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    let merged: Excel.RangeAreas | null = null;
    if (mergesSupported) {
      merged = ws.getRange().getMergedAreasOrNullObject();
      merged.load('areas/items/address');
    }
    return { ws, snapshot, used, merged, formulas: null };
  });
  await sync(reading);

  // 3. Values in requests under the budget.
  const pieces: Piece[] = [];
  let total = 0;
  for (const s of sheets) {
    if (s.merged !== null && !s.merged.isNullObject) {
      const merges = s.merged.areas.items.map((r) => stripSheet(r.address));
      if (merges.length > 0) s.snapshot.merges = merges;
    }
    if (s.used.isNullObject) continue;
    const whole: Piece = { sheet: s, row: s.used.rowIndex, col: s.used.columnIndex, rows: s.used.rowCount, cols: s.used.columnCount, bytes: s.used.rowCount * s.used.columnCount * perCell };
    total += whole.rows * whole.cols;
    const rowBytes = whole.cols * perCell;
    if (whole.bytes <= budget || whole.rows === 1) pieces.push(whole);
    else {
      const band = Math.max(1, Math.floor(budget / rowBytes));
      for (let r = 0; r < whole.rows; r += band) {
        const rows = Math.min(band, whole.rows - r);
        pieces.push({ ...whole, row: whole.row + r, rows, bytes: rows * rowBytes });
      }
    }
  }

  // Greedy packing, in workbook order.
  const queue: Piece[][] = [];
  let current: Piece[] = [];
  let bytes = 0;
  for (const p of pieces) {
    if (current.length > 0 && bytes + p.bytes > budget) {
      queue.push(current);
      current = [];
      bytes = 0;
    }
    current.push(p);
    bytes += p.bytes;
  }
  if (current.length > 0) queue.push(current);

  let done = 0;
  opts.onProgress?.(0, total);
  while (queue.length > 0) {
    const chunk = queue.shift() as Piece[];
    const ranges = chunk.map((p) => {
      const range = p.sheet.ws.getRangeByIndexes(p.row, p.col, p.rows, p.cols);
      if (withFormulas) range.load('values,formulas');
      else range.load('values');
      return range;
    });
    try {
      await sync(reading);
    } catch (err) {
      if (!isPayloadLimitError(err)) throw err;
      // Too big for one request after all: halve it and try again.
      counts.retries++;
      if (chunk.length > 1) {
        const half = Math.ceil(chunk.length / 2);
        queue.unshift(chunk.slice(0, half), chunk.slice(half));
      } else if (chunk[0].rows > 1) {
        const [a, b] = splitPiece(chunk[0]);
        queue.unshift([a], [b]);
      } else {
        throw new OfficeAdapterError(err, reading);
      }
      continue;
    }
    counts.chunks++;
    chunk.forEach((p, i) => {
      const values = ranges[i].values;
      const formulas = withFormulas ? ranges[i].formulas : null;
      const rows = p.sheet.snapshot.rows;
      for (let r = 0; r < p.rows; r++) {
        const at = p.row + r;
        while (rows.length <= at) rows.push([]);
        const out: CellValue[] = new Array<CellValue>(p.col).fill(null);
        const vrow = values[r];
        for (let c = 0; c < p.cols; c++) out.push(fromOfficeValue(vrow[c]));
        rows[at] = trimRow(out);
        if (formulas !== null) {
          const frow = formulas[r];
          let line: (string | null)[] | null = null;
          for (let c = 0; c < p.cols; c++) {
            const f: unknown = frow[c];
            // A formula reads back as `=…`; a constant reads back as its value.
            if (typeof f === 'string' && f.startsWith('=') && f !== vrow[c]) {
              if (line === null) line = new Array<string | null>(p.col + c).fill(null);
              while (line.length < p.col + c) line.push(null);
              line.push(f.slice(1));
            }
          }
          if (line !== null) {
            if (p.sheet.formulas === null) p.sheet.formulas = [];
            while (p.sheet.formulas.length <= at) p.sheet.formulas.push([]);
            p.sheet.formulas[at] = line;
            // Same indexing as rows: a formula cell whose result is blank still counts.
            while (rows[at].length < line.length) rows[at].push(null);
          }
        }
      }
      done += p.rows * p.cols;
    });
    opts.onProgress?.(done, total);
  }

  return {
    sheets: sheets.map((s) => {
      const rows = s.snapshot.rows;
      while (rows.length > 0 && rows[rows.length - 1].length === 0) rows.pop();
      if (s.formulas !== null) {
        while (s.formulas.length < rows.length) s.formulas.push([]);
        s.snapshot.formulas = s.formulas;
      }
      return s.snapshot;
    }),
  };
}
