// Excel (Office.js) → WorkbookSnapshot, in a fixed number of requests whatever the number of sheets:
//   sync 1  the sheet list (names, visibility, protection);
//   sync 2  every sheet's used range size, all queued first;
//   then    the used ranges' values and formulas (and each sheet's merged areas, where ExcelApi 1.13 is
//           there, with its first rows), packed into requests under a byte budget, one sync per request.
//           A sheet is split by rows only when it alone exceeds the budget. A request Excel still refuses for
//           its size (request or response) is halved and retried. Merged areas are asked for in tiles of at
//           most MAX_MERGED_AREAS cells (mergeTiles), so that none can hold more than Excel gives: beyond 512
//           Excel fails, or on some builds answers a null object, as if there were none.
// Error cells are known by `valueTypes` (a text `#N/A` is text), and formulas lose the `_xlfn.` prefixes an
// older Excel gives back (the typed spelling, as the engine and the plans use it).
// The budget is estimated from cell counts (DEFAULT_BYTES_PER_CELL per cell and property), then from what
// was actually read of each sheet: the bytes of the values and formulas received, counted while converting
// them, so that the next bands of a sheet of long texts are packed by their real size.
// No scoring rule lives here. The same code runs on Office and on the simulated host (src/harness).
import { MAX_MERGED_AREAS, MAX_RANGE_CELLS, utf8Length } from '../core/excel-limits';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../core/types';
import { fromFileFormula } from './file-formula';
import { isLargeRequestGeneralException, isPayloadLimitError, OfficeAdapterError } from './office-errors';

export const DEFAULT_MAX_REQUEST_BYTES = 4 * 1024 * 1024;
/**
 * Estimated bytes per cell of `values` (JSON) before anything of the sheet was read: blanks cost 3, numbers
 * ~6, text more. Formulas count again (a constant comes back in both). Once a part of a sheet was read, the
 * bytes actually received are used for its other parts when that is more.
 */
export const DEFAULT_BYTES_PER_CELL = 24;
/** Estimated bytes of `valueTypes` per cell (`"Double",`). */
const VALUE_TYPE_BYTES = 9;
/** Estimated bytes of asking for one tile's merged areas and of its answer (mostly none). */
const MERGE_TILE_BYTES = 160;

/** A rectangle of cells, zero-based. */
export interface Tile {
  row: number;
  col: number;
  rows: number;
  cols: number;
}

/**
 * The box `rows` × `cols` from (`row`, `col`) in tiles of at most MAX_MERGED_AREAS cells, rows first: merged
 * areas do not overlap, so a tile holds the top-left cell of at most that many, and Excel can give them all.
 */
export function mergeTiles(rows: number, cols: number, row = 0, col = 0): Tile[] {
  const width = Math.min(cols, MAX_MERGED_AREAS);
  const height = Math.max(1, Math.floor(MAX_MERGED_AREAS / width));
  const tiles: Tile[] = [];
  for (let r = 0; r < rows; r += height)
    for (let c = 0; c < cols; c += width)
      tiles.push({ row: row + r, col: col + c, rows: Math.min(height, rows - r), cols: Math.min(width, cols - c) });
  return tiles;
}

/** Queues the merged areas of `tiles` of `ws` (each a RangeAreas, a null object where it has none). */
export function queueMergedAreas(ws: Excel.Worksheet, tiles: Tile[]): Excel.RangeAreas[] {
  return tiles.map((t) => {
    const areas = ws.getRangeByIndexes(t.row, t.col, t.rows, t.cols).getMergedAreasOrNullObject();
    areas.load('areas/items/address');
    return areas;
  });
}

/** The merges the tiles gave, each once (a merge across tiles may come back from each), in A1. */
export function mergesOf(tiles: Excel.RangeAreas[]): string[] {
  const out = new Set<string>();
  for (const t of tiles) if (!t.isNullObject) for (const r of t.areas.items) out.add(stripSheet(r.address));
  return [...out];
}

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
  /** Sheets whose merged areas could not be read (Excel refused them; the request was sent again without). */
  mergesSkipped?: string[];
}

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

/**
 * A value as Office's `values` gives it, as a snapshot value. An error value comes as its text: it is an
 * error where `valueTypes` says `Error`, and a text `#N/A` typed with an apostrophe stays text.
 */
export function fromOfficeValue(v: unknown, type?: string): CellValue {
  if (type === 'Error') return { error: String(v) };
  if (typeof v === 'number') return Number.isFinite(v) ? v : null;
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') return v === '' ? null : v;
  return null;
}

interface SheetInfo {
  ws: Excel.Worksheet;
  snapshot: SheetSnapshot;
  used: Excel.Range;
  formulas: (string | null)[][] | null;
  /** Estimated bytes per cell of what is loaded: the default, then what was received (never less). */
  rate: number;
}

/** A band of rows of one sheet's used range. */
interface Piece {
  sheet: SheetInfo;
  /** Absolute zero-based first row and column, and size. */
  row: number;
  col: number;
  rows: number;
  cols: number;
  /** This piece also asks for the sheet's merged areas (the sheet's first piece, with ExcelApi 1.13). */
  merges: boolean;
  /** Part of a request already cut once after a plain GeneralException (isLargeRequestGeneralException). */
  cutOnce?: true;
}

/** The tiles of a sheet's merged areas: from A1 to the used range's far corner (every merge over data). */
function sheetMergeTiles(s: SheetInfo): Tile[] {
  return mergeTiles(s.used.rowIndex + s.used.rowCount, s.used.columnIndex + s.used.columnCount);
}

function trimRow<T>(row: (T | null)[]): (T | null)[] {
  let n = row.length;
  while (n > 0 && row[n - 1] === null) n--;
  row.length = n;
  return row;
}

/** About what one value costs in the JSON of a response, separator included. */
function jsonBytes(v: unknown): number {
  if (typeof v === 'string') return utf8Length(v) + 3;
  if (typeof v === 'number') return String(v).length + 1;
  return typeof v === 'boolean' ? 6 : 5;
}

/**
 * Reads every worksheet, in workbook order, as plain data (rows anchored at A1). `stats`, when given,
 * receives the counts of requests.
 */
export async function readSnapshotOffice(
  context: Excel.RequestContext,
  opts: ReadOfficeOptions = {},
  stats?: ReadOfficeStats,
): Promise<WorkbookSnapshot> {
  const budget = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const withFormulas = opts.formulas !== false;
  const perCell = (opts.bytesPerCell ?? DEFAULT_BYTES_PER_CELL) * (withFormulas ? 2 : 1) + VALUE_TYPE_BYTES;
  const mergesSupported = (opts.isSetSupported ?? defaultIsSetSupported)('ExcelApi', '1.13');
  const counts: ReadOfficeStats = stats ?? { syncs: 0, chunks: 0, retries: 0 };
  const reading = { vi: 'đọc sổ tính', en: 'reading the workbook' };
  const sync = async (): Promise<void> => {
    counts.syncs++;
    try {
      await context.sync();
    } catch (err) {
      throw new OfficeAdapterError(err, reading);
    }
  };

  // 1. The sheet list.
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/visibility,items/protection/protected');
  await sync();

  // 2. Every sheet's used range, queued before one sync.
  const sheets: SheetInfo[] = worksheets.items.map((ws) => {
    const snapshot: SheetSnapshot = { name: ws.name, rows: [] };
    if (ws.protection.protected) snapshot.protected = true;
    if (ws.visibility !== 'Visible') snapshot.hidden = true;
    const used = ws.getUsedRangeOrNullObject(true);
    used.load('rowIndex,columnIndex,rowCount,columnCount');
    return { ws, snapshot, used, formulas: null, rate: perCell };
  });
  await sync();

  // 3. Values (and merges) in requests under the budget, packed in workbook order as they are sent, so that
  // what was learnt of a sheet's size applies to its next bands.
  const pending: Piece[] = [];
  let total = 0;
  for (const s of sheets) {
    if (s.used.isNullObject) continue;
    const { rowIndex, columnIndex, rowCount, columnCount } = s.used;
    total += rowCount * columnCount;
    pending.push({
      sheet: s,
      row: rowIndex,
      col: columnIndex,
      rows: rowCount,
      cols: columnCount,
      merges: mergesSupported,
    });
  }
  const cellBytes = (p: Piece): number => p.rows * p.cols * p.sheet.rate;
  const mergeBytes = (p: Piece): number => (p.merges ? sheetMergeTiles(p.sheet).length * MERGE_TILE_BYTES : 0);
  const estimate = (p: Piece): number => cellBytes(p) + mergeBytes(p);
  const nextChunk = (): Piece[] => {
    const chunk: Piece[] = [];
    let bytes = 0;
    while (pending.length > 0) {
      let p = pending[0];
      if ((estimate(p) > budget || p.rows * p.cols > MAX_RANGE_CELLS) && p.rows > 1) {
        // Too big alone (in bytes, or in cells for one read: MAX_RANGE_CELLS): a band of rows that fits, the
        // rest waits its turn.
        const band = Math.max(
          1,
          Math.min(
            Math.floor((budget - mergeBytes(p)) / (p.cols * p.sheet.rate)),
            Math.floor(MAX_RANGE_CELLS / p.cols),
          ),
        );
        if (band < p.rows) {
          const rest: Piece = { ...p, row: p.row + band, rows: p.rows - band, merges: false };
          p = { ...p, rows: band };
          pending.splice(0, 1, p, rest);
        }
      }
      const bytesOfP = estimate(p);
      if (chunk.length > 0 && bytes + bytesOfP > budget) break;
      chunk.push(p);
      pending.shift();
      bytes += bytesOfP;
    }
    return chunk;
  };

  let done = 0;
  opts.onProgress?.(0, total);
  while (pending.length > 0) {
    const chunk = nextChunk();
    const loads = chunk.map((p) => {
      const range = p.sheet.ws.getRangeByIndexes(p.row, p.col, p.rows, p.cols);
      if (withFormulas) range.load('values,valueTypes,formulas');
      else range.load('values,valueTypes');
      // Merged areas from A1 to the used range's far corner, not the whole sheet, in tiles Excel can answer.
      const merged = p.merges ? queueMergedAreas(p.sheet.ws, sheetMergeTiles(p.sheet)) : null;
      return { range, merged };
    });
    counts.syncs++;
    try {
      // One sync per chunk bounded by bytes (the 5 MB request and response limits), never per sheet or cell.
      // eslint-disable-next-line office-addins/no-context-sync-in-loop
      await context.sync();
    } catch (err) {
      const estimated = chunk.reduce((n, p) => n + estimate(p), 0);
      const general = !chunk.some((p) => p.cutOnce === true) && isLargeRequestGeneralException(err, estimated, budget);
      if (isPayloadLimitError(err) || general) {
        if (chunk.length === 1 && chunk[0].rows <= 1) throw new OfficeAdapterError(err, reading);
        if (general) for (const p of chunk) p.cutOnce = true;
        // Bigger than estimated: its sheets count at least four times as much per cell from now on, which
        // quarters this chunk when it is packed again (a refusal says nothing of the size; what is then read
        // sets the sheet's real rate for its next bands, so cutting deep costs only this chunk).
        counts.retries++;
        const factor = Math.max(
          4,
          (2 * budget) /
            Math.max(
              1,
              chunk.reduce((n, p) => n + cellBytes(p), 0),
            ),
        );
        for (const s of new Set(chunk.map((p) => p.sheet))) s.rate *= factor;
        pending.unshift(...chunk);
        continue;
      }
      if (chunk.some((p) => p.merges)) {
        // Excel could not give the merged areas of one of these sheets (no tile can hold more than 512: some
        // other refusal): the same request again without them (one more sync, only then); those sheets are
        // read without their merges.
        for (const p of chunk) {
          if (!p.merges) continue;
          p.merges = false;
          counts.mergesSkipped = [...(counts.mergesSkipped ?? []), p.sheet.snapshot.name];
        }
        pending.unshift(...chunk);
        continue;
      }
      throw new OfficeAdapterError(err, reading);
    }
    counts.chunks++;
    chunk.forEach((p, i) => {
      const { range, merged } = loads[i];
      if (merged !== null) {
        const merges = mergesOf(merged);
        if (merges.length > 0) p.sheet.snapshot.merges = merges;
      }
      const values = range.values;
      const types = range.valueTypes;
      const formulas = withFormulas ? range.formulas : null;
      const rows = p.sheet.snapshot.rows;
      let received = 0;
      for (let r = 0; r < p.rows; r++) {
        const at = p.row + r;
        while (rows.length <= at) rows.push([]);
        const out: CellValue[] = new Array<CellValue>(p.col).fill(null);
        const vrow = values[r];
        const trow = types[r];
        received += 4;
        for (let c = 0; c < p.cols; c++) {
          received += jsonBytes(vrow[c]) + jsonBytes(trow[c]);
          out.push(fromOfficeValue(vrow[c], trow[c]));
        }
        rows[at] = trimRow(out);
        if (formulas !== null) {
          const frow = formulas[r];
          received += 2;
          let line: (string | null)[] | null = null;
          for (let c = 0; c < p.cols; c++) {
            const f: unknown = frow[c];
            received += jsonBytes(f);
            // A formula reads back as `=…`; a constant reads back as its value.
            if (typeof f === 'string' && f.startsWith('=') && f !== vrow[c]) {
              if (line === null) line = new Array<string | null>(p.col + c).fill(null);
              while (line.length < p.col + c) line.push(null);
              line.push(fromFileFormula(f.slice(1)));
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
      // What this sheet really costs, for its next bands (never below the default estimate).
      p.sheet.rate = Math.max(perCell, received / (p.rows * p.cols));
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
