// The `Danh sách nộp` sheet `gather` writes into the master: one row per file and unit (file, its modification
// time, unit, sheet, block, self total, appraised total, error and warning counts, note, fingerprint of the
// unit's sheet as gathered). It is the record of where each gathered sheet came from: the next gather reads it
// back to know which sheet it may replace. It proves itself: its first row carries a fingerprint of the rest,
// so an edited listing is not trusted (and not overwritten: the new one goes beside it). It is not in the
// ownership record on purpose: `rank --out` and `clean` remove what the record lists, and the listing is the
// secretariat's register of what came in, not a result to recompute.
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from './types';
import type { WriteOp } from './plan-types';
import { BODY_STYLE, HEADER_STYLE, SheetBuilder, TITLE_STYLE } from './sheet-builder';
import { fingerprintRows, namedFirst } from './sheet-names';
import { normalizeText } from './text';

export const LISTING_SHEET = 'Danh sách nộp';
export const LISTING_TITLE = 'Danh sách tệp các đơn vị đã nộp / files received from the units';
const CHECK_PREFIX = 'kiểm tra / check: ';

export const LISTING_HEADER = [
  'Tệp / File',
  'Sửa lúc / Modified',
  'Đơn vị / Unit',
  'Trang / Sheet',
  'Khối / Block',
  // Words no header recognition takes for a score column (the listing must not read as a score table).
  'Tổng của đơn vị / Unit total',
  'Tổng của hội đồng / Council total',
  'Lỗi / Errors',
  'Cảnh báo / Warnings',
  'Tình trạng / Status',
  'Dấu vân tay / Fingerprint',
];
const CHECK_COL = LISTING_HEADER.length - 1;

export interface ListingRow {
  file: string;
  /** ISO 8601 (UTC). */
  modified: string;
  unit: string | null;
  sheet: string | null;
  block: string | null;
  self: number | null;
  appraised: number | null;
  errors: number | null;
  warnings: number | null;
  note: string;
  /** The unit sheet's fingerprint when gathered (ownership.ts sheetFingerprint); '' for a file without one. */
  fingerprint: string;
}

/** Where a gathered unit's sheet came from. */
export interface Origin {
  unit: string;
  sheet: string;
  file: string;
  modified: string;
  fingerprint: string;
}

function rowCells(r: ListingRow): CellValue[] {
  return [
    r.file,
    r.modified,
    r.unit,
    r.sheet,
    r.block,
    r.self,
    r.appraised,
    r.errors,
    r.warnings,
    r.note === '' ? null : r.note,
    r.fingerprint === '' ? null : r.fingerprint,
  ];
}

/** The listing's cells from row 2 on (header, then the rows): what the check in row 1 covers. */
function bodyCells(rows: readonly ListingRow[]): CellValue[][] {
  return [LISTING_HEADER, ...rows.map(rowCells)];
}

export function listingCheck(rows: readonly ListingRow[]): string {
  return CHECK_PREFIX + fingerprintRows(bodyCells(rows));
}

/** The ops writing the listing as sheet `name` (created by the plan). */
export function listingOps(name: string, rows: readonly ListingRow[]): WriteOp[] {
  const b = new SheetBuilder(name);
  b.setRow(0, [LISTING_TITLE]);
  b.set(0, CHECK_COL, listingCheck(rows));
  b.style(0, 0, 0, 0, TITLE_STYLE);
  bodyCells(rows).forEach((cells, i) => b.setRow(1 + i, cells));
  b.style(1, 0, 1, CHECK_COL, HEADER_STYLE);
  if (rows.length > 0) b.style(2, 0, 1 + rows.length, CHECK_COL, BODY_STYLE);
  b.columnWidths([28, 22, 36, 28, 18, 12, 14, 8, 10, 48, 22]);
  b.freeze(2, 0);
  return b.toOps();
}

const text = (v: CellValue | undefined): string => (typeof v === 'string' ? v : '');
const num = (v: CellValue | undefined): number | null => (typeof v === 'number' ? v : null);

function rowOf(cells: readonly CellValue[]): ListingRow {
  return {
    file: text(cells[0]),
    modified: text(cells[1]),
    unit: text(cells[2]) || null,
    sheet: text(cells[3]) || null,
    block: text(cells[4]) || null,
    self: num(cells[5]),
    appraised: num(cells[6]),
    errors: num(cells[7]),
    warnings: num(cells[8]),
    note: text(cells[9]),
    fingerprint: text(cells[10]),
  };
}

export interface FoundListing {
  sheet: SheetSnapshot;
  rows: ListingRow[];
  /** True when its check still matches its cells: the listing gather wrote, unedited. */
  proven: boolean;
}

/** The listing in a workbook (found by its title in A1, `Danh sách nộp` first), null when there is none. */
export function findListing(snapshot: WorkbookSnapshot): FoundListing | null {
  const candidates = namedFirst(snapshot.sheets, LISTING_SHEET);
  for (const sheet of candidates) {
    if (sheet.rows[0]?.[0] !== LISTING_TITLE) continue;
    const rows = sheet.rows.slice(2).map((r) => rowOf(r ?? []));
    while (rows.length > 0 && rows[rows.length - 1].file === '') rows.pop();
    const check = sheet.rows[0]?.[CHECK_COL];
    const header = sheet.rows[1] ?? [];
    const headerOk = LISTING_HEADER.every((h, i) => header[i] === h);
    return { sheet, rows, proven: headerOk && check === listingCheck(rows) };
  }
  return null;
}

/** The origins a proven listing records, by unit (normalizeText of its name). */
export function originsOf(listing: FoundListing | null): Map<string, Origin> {
  const out = new Map<string, Origin>();
  if (listing === null || !listing.proven) return out;
  for (const r of listing.rows) {
    if (r.unit === null || r.sheet === null || r.fingerprint === '') continue;
    out.set(normalizeText(r.unit), {
      unit: r.unit,
      sheet: r.sheet,
      file: r.file,
      modified: r.modified,
      fingerprint: r.fingerprint,
    });
  }
  return out;
}
