// Recognising a criteria sheet's layout: where the header is (below title rows, through merged and
// two-row headers) and which column means what, by meaning rather than one exact string.
import type { CellValue, ColumnMap, ColumnRole, SheetLayout, SheetMapping, SheetSnapshot } from './types';
import { parseRange } from './address';
import { COLUMN_ROLES, HEADER_PHRASES } from './column-roles';
import { cellText, normalizeWords } from './text';

const HEADER_SEARCH_ROWS = 40;

export type LayoutResult =
  | { ok: true; layout: SheetLayout }
  | { ok: false; reason: 'empty' | 'no-header' | 'incomplete'; missing: ColumnRole[]; found: ColumnMap };

/** The best role for one header text, with the length of the phrase that decided it. */
const roleMemo = new Map<string, { role: ColumnRole; strength: number } | null>();

export function roleOfHeader(text: string): { role: ColumnRole; strength: number } | null {
  const known = roleMemo.get(text);
  if (known !== undefined) return known;
  const hit = findRole(text);
  if (roleMemo.size < 10000) roleMemo.set(text, hit);
  return hit;
}

/** Each role's header phrases, as hasPhrase looks for them (between spaces), made once. */
const PADDED_PHRASES = COLUMN_ROLES.map((role) => ({
  role,
  phrases: HEADER_PHRASES[role].filter((p) => p !== '').map((p) => ({ length: p.length, padded: ` ${p} ` })),
}));

function findRole(text: string): { role: ColumnRole; strength: number } | null {
  if (text.length > 160) return null;
  const words = normalizeWords(text);
  if (words === '') return null;
  // hasPhrase(words, phrase) for every phrase, with the words padded once.
  const padded = ` ${words} `;
  let best: { role: ColumnRole; strength: number } | null = null;
  for (const { role, phrases } of PADDED_PHRASES) {
    for (const phrase of phrases) {
      if (phrase.length > (best?.strength ?? 0) && padded.includes(phrase.padded)) {
        best = { role, strength: phrase.length };
      }
    }
  }
  return best;
}

/** One column's header: its texts from top to bottom, merged cells filled from their top-left cell. */
interface HeaderCell {
  /** The texts joined, as shown to the user. */
  text: string;
  /** The lowest distinct text, when the column has more than one (a sub-header under a group cell). */
  bottom: string | null;
}

/** Header cells per column for the rows top..bottom. */
function headerCells(
  sheet: SheetSnapshot,
  top: number,
  bottom: number,
  width: number,
  merges: MergeBox[],
): HeaderCell[] {
  const cells: HeaderCell[] = [];
  for (let c = 0; c < width; c++) {
    const parts: string[] = [];
    for (let r = top; r <= bottom; r++) {
      let v: CellValue | undefined = sheet.rows[r]?.[c];
      if (v === null || v === undefined || v === '') {
        const m = merges.find((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right);
        if (m) v = sheet.rows[m.top]?.[m.left];
      }
      const t = cellText(v);
      if (t !== '' && parts[parts.length - 1] !== t) parts.push(t);
    }
    cells.push({ text: parts.join(' '), bottom: parts.length > 1 ? parts[parts.length - 1] : null });
  }
  return cells;
}

interface MergeBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/**
 * A column's role under a two-row header. The group text joined to a longer phrase would win over the
 * sub-header (`Kết quả tự đánh giá` over `Tài liệu kiểm chứng`), so a sub-header with a meaning of its own
 * keeps it; a generic one (`Điểm`, `(3)`) has none and takes the group's meaning through the joined text.
 */
function roleOfColumn(cell: HeaderCell): { role: ColumnRole; strength: number } | null {
  const joined = roleOfHeader(cell.text);
  if (cell.bottom === null) return joined;
  const own = roleOfHeader(cell.bottom);
  // Only what a group can wrongly claim is taken back: its evidence, explanation or score sub-columns. Under
  // `Tài liệu kiểm chứng`, `Số, ký hiệu văn bản` is the citation's number, not the criterion's code.
  if (own && own.role !== joined?.role && (joined === null || !SUB_HEADER_ONLY_BY_GROUP.has(own.role))) return own;
  // Under one group (`Kết quả tự đánh giá` over `Tỷ lệ % | Điểm`) the column saying "points" is the score.
  return joined && isPointsWord(cell.bottom) ? { role: joined.role, strength: joined.strength + 0.5 } : joined;
}

/** Roles a sub-header does not take from under a group that means something else. */
const SUB_HEADER_ONLY_BY_GROUP: ReadonlySet<ColumnRole> = new Set(['code', 'name', 'max']);

const POINTS_WORDS = new Set(['diem', 'diem so', 'so diem', 'diem dat']);

const pointsWordMemo = new Map<string, boolean>();

function isPointsWord(text: string): boolean {
  let known = pointsWordMemo.get(text);
  if (known === undefined) {
    known = POINTS_WORDS.has(normalizeWords(text));
    if (pointsWordMemo.size < 10000) pointsWordMemo.set(text, known);
  }
  return known;
}

function assignRoles(cells: HeaderCell[]): { columns: ColumnMap; headerText: Partial<Record<ColumnRole, string>> } {
  const bestFor = new Map<ColumnRole, { col: number; strength: number }>();
  cells.forEach((cell, col) => {
    const hit = roleOfColumn(cell);
    if (!hit) return;
    const prev = bestFor.get(hit.role);
    if (!prev || hit.strength > prev.strength) bestFor.set(hit.role, { col, strength: hit.strength });
  });
  const columns: ColumnMap = {};
  const headerText: Partial<Record<ColumnRole, string>> = {};
  for (const [role, { col }] of bestFor) {
    columns[role] = col;
    headerText[role] = cells[col].text;
  }
  return { columns, headerText };
}

function isUsable(columns: ColumnMap): boolean {
  return (columns.code !== undefined || columns.name !== undefined) && columns.max !== undefined;
}

/**
 * Rows top…top+2 can be one header: none holds a number (a criterion's maximum) or is the column-number row,
 * and the top one has two cells or more (a title is one cell, merged or not).
 */
function isThreeRowHeader(sheet: SheetSnapshot, top: number): boolean {
  for (let r = top; r <= top + 2; r++) {
    const row = sheet.rows[r];
    if (!row || isColumnNumberRow(row) || row.some((v) => typeof v === 'number')) return false;
  }
  return (sheet.rows[top] ?? []).filter((v) => cellText(v) !== '').length >= 2;
}

/** Header cells merged down from `top` into `bottom` make both rows one header. */
function mergedDown(merges: MergeBox[], top: number, bottom: number): boolean {
  return merges.some((m) => m.top <= top && m.bottom >= bottom);
}

function rowWidth(sheet: SheetSnapshot, from: number, to: number): number {
  let w = 0;
  for (let r = from; r <= to && r < sheet.rows.length; r++) w = Math.max(w, sheet.rows[r]?.length ?? 0);
  return w;
}

/** Finds the header and maps the columns; an explicit mapping overrides recognition. */
export function recognizeLayout(sheet: SheetSnapshot, mapping?: SheetMapping): LayoutResult {
  const rowCount = sheet.rows.length;
  if (rowCount === 0 || sheet.rows.every((r) => !r || r.every((v) => cellText(v) === ''))) {
    return { ok: false, reason: 'empty', missing: ['code', 'max'], found: {} };
  }
  const merges: MergeBox[] = (sheet.merges ?? []).map((m) => parseRange(m)).filter((b): b is MergeBox => b !== null);
  const limit = Math.min(rowCount, HEADER_SEARCH_ROWS);
  let best: {
    top: number;
    bottom: number;
    columns: ColumnMap;
    headerText: Partial<Record<ColumnRole, string>>;
    score: number;
  } | null = null;
  for (let r = 0; r < limit; r++) {
    // Headers sit at the top: once one is found, the next two rows may only complete a header of two or three
    // rows (group cells above sub-headers), with or without merges tying them.
    if (best && r > best.bottom + 2) break;
    const tops: number[] = best && r > best.bottom + 1 ? [r - 2] : [r, r - 1, r - 2].filter((t) => t >= 0);
    for (const top of tops) {
      if (top === r - 2 && !isThreeRowHeader(sheet, top)) continue;
      const width = rowWidth(sheet, top, r);
      if (width === 0) continue;
      const { columns, headerText } = assignRoles(headerCells(sheet, top, r, width, merges));
      if (!isUsable(columns)) continue;
      const score = Object.keys(columns).length + (top < r && mergedDown(merges, top, r) ? 0.5 : 0);
      // A two-row header must add something; otherwise prefer the single row, unless merges say both are header.
      if (!best || score > best.score) best = { top, bottom: r, columns, headerText, score };
    }
  }

  if (mapping && (mapping.headerRow !== undefined || Object.keys(mapping.columns).length > 0)) {
    const columns = { ...(best?.columns ?? {}), ...mapping.columns };
    const headerRow = mapping.headerRow ?? best?.bottom ?? -1;
    if (!isUsable(columns)) return incomplete(columns);
    return {
      ok: true,
      layout: {
        headerRow,
        headerTop: mapping.headerRow ?? best?.top ?? headerRow,
        columns,
        headerText: best?.headerText ?? {},
        mapped: true,
      },
    };
  }
  if (!best) {
    // Say what was there: a sheet with a code and name but no maximum is "incomplete", not "empty".
    let partial: ColumnMap = {};
    for (let r = 0; r < limit; r++) {
      const { columns } = assignRoles(headerCells(sheet, r, r, rowWidth(sheet, r, r), merges));
      if (Object.keys(columns).length > Object.keys(partial).length) partial = columns;
    }
    return Object.keys(partial).length >= 2
      ? incomplete(partial)
      : { ok: false, reason: 'no-header', missing: ['code', 'max'], found: partial };
  }
  // Cells merged down into the header row start the header where the merge starts.
  const bottom = best.bottom;
  const top = merges.reduce(
    (t, m) => (m.top < bottom && m.bottom >= bottom && m.top >= bottom - 2 ? Math.min(t, m.top) : t),
    best.top,
  );
  return {
    ok: true,
    layout: { headerRow: bottom, headerTop: top, columns: best.columns, headerText: best.headerText, mapped: false },
  };
}

function incomplete(found: ColumnMap): LayoutResult {
  const missing: ColumnRole[] = [];
  if (found.code === undefined && found.name === undefined) missing.push('name');
  if (found.max === undefined) missing.push('max');
  return { ok: false, reason: 'incomplete', missing, found };
}

// The column naming the units of a summary table (`Tên đơn vị`, `Cơ quan, đơn vị`, `Địa phương`), as whole header
// cells: a criteria sheet never heads a column so (`Đơn vị tự chấm` is a score column, not this).
const UNIT_COLUMN = new RegExp(
  '^(ten |cac |ubnd )*(co quan|don vi|dia phuong|so ban nganh|so nganh|huyen thi xa thanh pho|' +
    'xa phuong thi tran|co quan don vi|don vi dia phuong|co quan dia phuong|co quan don vi dia phuong)' +
    '( duoc danh gia)?$|^(unit|units|unit name|agency)$',
);
// What a summary says of each unit: its points, percentage, index, rank or class.
const UNIT_FIGURE = /(^| )(diem|ty le|chi so|xep hang|vi thu|thu hang|xep loai|score|rank|class)( |$)/;

/**
 * A summary table of units (`TT | Tên đơn vị | Điểm đánh giá | Vị thứ | Xếp loại`), whatever columns it
 * lacks: the first header row (merged cells filled in) naming the units in one column and a figure of theirs in
 * another; null where there is none.
 */
export function unitsTableRow(sheet: SheetSnapshot): number | null {
  const merges: MergeBox[] = (sheet.merges ?? []).map((m) => parseRange(m)).filter((b): b is MergeBox => b !== null);
  const limit = Math.min(sheet.rows.length, HEADER_SEARCH_ROWS);
  for (let r = 0; r < limit; r++) {
    const row = sheet.rows[r] ?? [];
    // A header row has two cells or more of its own: a title line is skipped unread.
    let filled = 0;
    for (const v of row) if (v !== null && v !== undefined && v !== '') filled++;
    if (filled < 2) continue;
    // Its cells as headerCells reads a one-row header (merged cells filled in), without building them: every
    // row of every sheet's top is asked.
    let unit = false;
    let figure = false;
    for (let c = 0; c < row.length; c++) {
      let v: CellValue | undefined = row[c];
      if ((v === null || v === undefined || v === '') && merges.length > 0) {
        const m = merges.find((b) => r >= b.top && r <= b.bottom && c >= b.left && c <= b.right);
        if (m) v = sheet.rows[m.top]?.[m.left];
      }
      // A number or a boolean names neither the units nor their figures.
      if (v === null || v === undefined || typeof v === 'number' || typeof v === 'boolean') continue;
      const kind = unitsHeaderKind(cellText(v));
      if (kind === 'unit') unit = true;
      else if (kind === 'figure') figure = true;
    }
    if (unit && figure) return r;
  }
  return null;
}

/** What a header cell says in a summary of units; memoised, as every sheet's first rows are asked. */
const unitsHeaderMemo = new Map<string, 'unit' | 'figure' | null>();

function unitsHeaderKind(text: string): 'unit' | 'figure' | null {
  if (text === '' || text.length > 60) return null;
  const known = unitsHeaderMemo.get(text);
  if (known !== undefined) return known;
  const words = normalizeWords(text);
  const kind = UNIT_COLUMN.test(words) ? 'unit' : UNIT_FIGURE.test(words) ? 'figure' : null;
  if (unitsHeaderMemo.size < 10000) unitsHeaderMemo.set(text, kind);
  return kind;
}

/** A row of column numbers under the header: `(1) (2) (3)`, `1 2 3 4` or `A B 1 2`: a consecutive run. */
export function isColumnNumberRow(row: CellValue[] | undefined): boolean {
  if (!row) return false;
  const marks: number[] = [];
  for (const v of row) {
    const t = cellText(v);
    if (t === '') continue;
    const m = /^\(?(?:([0-9]{1,2})|([A-Za-z]))\)?$/.exec(t);
    if (!m) return false;
    marks.push(m[1] !== undefined ? Number(m[1]) : m[2].toUpperCase().charCodeAt(0) - 64);
  }
  if (marks.length < 3) return false;
  // Numbering may restart once (A, B, 1, 2, 3): count the breaks.
  let breaks = 0;
  for (let i = 1; i < marks.length; i++) if (marks[i] !== marks[i - 1] + 1) breaks++;
  return breaks <= 1 && marks.length - breaks >= 3;
}

/** The unit's name as its sheet states it in the title rows (`Đơn vị: Sở Tư pháp`). */
export function findUnitName(sheet: SheetSnapshot, headerTop: number): string | null {
  for (let r = 0; r < Math.min(headerTop, HEADER_SEARCH_ROWS); r++) {
    for (const v of sheet.rows[r] ?? []) {
      const t = cellText(v);
      const m =
        /^(?:tên\s+)?(?:đơn\s*vị|cơ\s*quan|địa\s*phương)(?:\s+(?:tự\s+đánh\s+giá|được\s+đánh\s+giá|chấm\s+điểm))?\s*:\s*(.+)$/iu.exec(
          t.normalize('NFC'),
        );
      // `Đơn vị: ……………` is a blank left to fill in, not a name (every copy of the template has it).
      if (m && /\p{L}/u.test(m[1])) return m[1].trim();
    }
  }
  return null;
}
