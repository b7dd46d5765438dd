// The ownership record (what the add-in wrote) as it is stored in the workbook, and read back.
// Both hosts store it with `ownershipCells` and read it with `parseOwnership`, so a workbook written by
// the command line is understood by the add-in and the other way round.
//
// Layout of the very hidden sheet OWNERSHIP_SHEET, column A:
//   A1      a note for whoever unhides the sheet
//   A2, A3… the record as JSON, cut in pieces of at most OWNERSHIP_CELL_MAX characters (Excel's cell limit
//           is 32,767), each piece prefixed with OWNERSHIP_CHUNK_PREFIX.
// The prefix makes every piece plain text for Excel: a piece cut just before `=`, `+` or `-` would
// otherwise be taken for a formula when written through Office.js `values` (which parses like typing).
// `_x` is written as `_\u0078` inside the JSON: Excel and ExcelJS read `_xHHHH_` in a cell's text as an
// escaped character, which would change a sheet name such as `_x0041_` on the way back.
import { Cyrb53 } from './hash';
import { parseRange, type RangeBox } from './address';
import type { ConditionalRule, OwnedConditionalFormat, OwnershipRecord, PlanCell, WriteOp } from './plan-types';
import { isPlanFormula, OWNERSHIP_SHEET } from './plan-types';
import { fingerprintRows, namedFirst } from './sheet-names';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from './types';

export const OWNERSHIP_NOTE =
  'Do add-in Chấm điểm Chỉ số CCHC ghi; đừng sửa / written by the PAR Index add-in; do not edit';
/** Most characters in one cell of the record (prefix included). */
export const OWNERSHIP_CELL_MAX = 30000;
export const OWNERSHIP_CHUNK_PREFIX = 'json:';

function isObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

function isStringArray(v: unknown): v is string[] {
  return Array.isArray(v) && v.every((x) => typeof x === 'string');
}

function ruleOf(v: unknown): ConditionalRule | null {
  if (!isObject(v)) return null;
  if (v.type === 'expression') {
    if (typeof v.formula !== 'string' || typeof v.fill !== 'string') return null;
    if (v.fontColor !== undefined && typeof v.fontColor !== 'string') return null;
    const rule: ConditionalRule = { type: 'expression', formula: v.formula, fill: v.fill };
    if (typeof v.fontColor === 'string') rule.fontColor = v.fontColor;
    return rule;
  }
  if (v.type === 'colorScale') {
    if (typeof v.min !== 'string' || typeof v.mid !== 'string' || typeof v.max !== 'string') return null;
    return { type: 'colorScale', min: v.min, mid: v.mid, max: v.max };
  }
  return null;
}

function formatOf(v: unknown): OwnedConditionalFormat | null {
  if (!isObject(v) || typeof v.sheet !== 'string' || typeof v.range !== 'string') return null;
  const rule = ruleOf(v.rule);
  return rule === null ? null : { sheet: v.sheet, range: v.range, rule };
}

/**
 * The record when `value` has the shape of an OwnershipRecord (version 1), as a fresh object holding only
 * the known fields; null otherwise.
 */
export function validateOwnershipRecord(value: unknown): OwnershipRecord | null {
  if (!isObject(value) || value.version !== 1) return null;
  if (!isStringArray(value.sheets)) return null;
  if (!Array.isArray(value.conditionalFormats)) return null;
  const conditionalFormats: OwnedConditionalFormat[] = [];
  for (const item of value.conditionalFormats) {
    const format = formatOf(item);
    if (format === null) return null;
    conditionalFormats.push(format);
  }
  const fp = value.fingerprints;
  if (!isObject(fp)) return null;
  const entries = Object.entries(fp);
  if (!entries.every(([, v]) => typeof v === 'string')) return null;
  return {
    version: 1,
    sheets: [...value.sheets],
    conditionalFormats,
    // fromEntries defines own properties: a key "__proto__" stays a key.
    fingerprints: Object.fromEntries(entries) as Record<string, string>,
  };
}

/** The record as stored: JSON with `_x` and the XML-invalid U+FFFE/U+FFFF escaped (see the header). */
export function ownershipJson(record: OwnershipRecord): string {
  return JSON.stringify(record)
    .replace(/_x/g, '_\\u0078')
    .replace(/\uFFFE/g, '\\ufffe')
    .replace(/\uFFFF/g, '\\uffff');
}

function isHighSurrogate(code: number): boolean {
  return code >= 0xd800 && code <= 0xdbff;
}

/** `text` in pieces of at most `size` UTF-16 units, never splitting a surrogate pair. */
export function chunkText(text: string, size: number): string[] {
  if (size < 2) throw new RangeError('chunk size must be at least 2');
  const out: string[] = [];
  let i = 0;
  while (i < text.length) {
    let end = Math.min(text.length, i + size);
    if (end < text.length && isHighSurrogate(text.charCodeAt(end - 1))) end--;
    out.push(text.slice(i, end));
    i = end;
  }
  return out;
}

/** Column A of the ownership sheet from A1 down: the note, then the JSON pieces. */
export function ownershipCells(record: OwnershipRecord): CellValue[][] {
  const pieces = chunkText(ownershipJson(record), OWNERSHIP_CELL_MAX - OWNERSHIP_CHUNK_PREFIX.length);
  return [[OWNERSHIP_NOTE], ...pieces.map((p) => [OWNERSHIP_CHUNK_PREFIX + p])];
}

/** The record held by `sheet`: its A1 is the note and the pieces below parse as a record; null otherwise. */
function recordOfSheet(sheet: SheetSnapshot): OwnershipRecord | null {
  if (sheet.rows[0]?.[0] !== OWNERSHIP_NOTE) return null;
  let json = '';
  for (let r = 1; r < sheet.rows.length; r++) {
    const cell = sheet.rows[r]?.[0];
    if (typeof cell !== 'string' || !cell.startsWith(OWNERSHIP_CHUNK_PREFIX)) break;
    json += cell.slice(OWNERSHIP_CHUNK_PREFIX.length);
  }
  if (json === '') return null;
  let value: unknown;
  try {
    value = JSON.parse(json);
  } catch {
    // Not JSON (edited or cut short): the documented answer is "no readable record".
    return null;
  }
  return validateOwnershipRecord(value);
}

export interface FoundOwnership {
  /** The sheet that holds the record (OWNERSHIP_SHEET unless a user's sheet had that name). */
  sheet: string;
  record: OwnershipRecord;
}

/**
 * The ownership record and the sheet holding it, found by content, not by name: a sheet whose A1 is the note
 * and whose pieces parse (OWNERSHIP_SHEET first, then the others in order). A user's own sheet named
 * OWNERSHIP_SHEET is not a record, so the record may sit on another name (`_ParIndex (2)`). The record sheet's
 * own proof is its note and its schema: it has no fingerprint. Null when there is none. Never throws.
 */
export function findOwnership(snapshot: WorkbookSnapshot): FoundOwnership | null {
  const ordered = namedFirst(snapshot.sheets, OWNERSHIP_SHEET);
  for (const sheet of ordered) {
    const record = recordOfSheet(sheet);
    if (record !== null) return { sheet: sheet.name, record };
  }
  return null;
}

/**
 * The ownership record stored in the workbook; null when there is none or it cannot be read (unhidden and
 * edited, cut, from a newer version). Never throws.
 */
export function parseOwnership(snapshot: WorkbookSnapshot): OwnershipRecord | null {
  return findOwnership(snapshot)?.record ?? null;
}

// ---------------------------------------------------------------------------------------------------------
// Fingerprints: is a sheet still exactly what the tool wrote?
//
// What it covers: the sheet's shape (which cells are non-empty, which of them are formulas) and the values of
// its constant cells. What it leaves out, on purpose: formula texts and formulas' cached results. Excel
// rewrites the references of our live formulas when the user inserts or deletes rows in a unit sheet, and the
// cached results change whenever a score changes: neither is an edit of our sheet. A person's edit is: a value
// typed over a constant, into an empty cell, over a formula, or a cell cleared. Cells covered by a merge
// (not its top-left cell) are left out on both sides: Excel keeps no value in them.

/** Prefix of this fingerprint's text: a fingerprint without it is an older record's (values only, FNV-1a). */
export const FINGERPRINT_PREFIX = 'c2:';

/** A constant as the fingerprint sees it, typed; null for an empty cell. */
function constantText(value: CellValue | undefined): string | null {
  if (value === null || value === undefined || value === '') return null;
  if (typeof value === 'number') return `n${Number(value.toPrecision(15))}`;
  if (typeof value === 'string') return `s${value.replace(/\r\n?/g, '\n')}`;
  if (typeof value === 'boolean') return value ? 'bT' : 'bF';
  return `e${value.error}`;
}

function covered(merges: readonly RangeBox[], row: number, col: number): boolean {
  return merges.some(
    (m) => row >= m.top && row <= m.bottom && col >= m.left && col <= m.right && (row !== m.top || col !== m.left),
  );
}

/**
 * A sheet's shape as an order-free sum of per-cell hashes (two 32-bit sums), so that writing a cell or adding a
 * merge updates it in time proportional to the cells touched: a plan's every intermediate state is then
 * fingerprinted for little more than the plan's own size (re-hashing the whole sheet after each write was
 * quadratic: 50 s for 300 units).
 */
class ShapeHash {
  readonly merges: RangeBox[] = [];
  private lo = 0;
  private hi = 0;
  private readonly hasher = new Cyrb53();
  private readonly pair: [number, number] = [0, 0];

  /** Counts (1) or uncounts (-1) the cell's text, unless a merge covers the cell. */
  count(row: number, col: number, text: string, sign: 1 | -1): void {
    if (this.merges.length > 0 && covered(this.merges, row, col)) return;
    // `${row},${col}=${text}` hashed without making it, nor a hasher or a pair per cell (a calculation sheet
    // has hundreds of thousands: they were a quarter of what a plan allocates).
    const pair = this.hasher.reset().decimal(row).code(44).decimal(col).code(61).text(text).digest(this.pair);
    this.lo = (this.lo + sign * pair[0]) >>> 0;
    this.hi = (this.hi + sign * pair[1]) >>> 0;
  }

  get fingerprint(): string {
    return FINGERPRINT_PREFIX + this.hi.toString(16).padStart(6, '0') + this.lo.toString(16).padStart(8, '0');
  }
}

/** A cell of a plan as the fingerprint sees it: `f` for a formula, else its constant's text; null when empty. */
function plannedText(cell: PlanCell): string | null {
  return isPlanFormula(cell) ? 'f' : constantText(cell);
}

/**
 * The shape of a sheet a plan writes, operation by operation. It keeps the plan's own blocks of cells, not a
 * text per cell: a cell written again or covered by a merge is uncounted with the text the last block that
 * holds it gave it (a sheet gets a block or two; a calculation sheet's cells are hundreds of thousands).
 */
class PlannedShape {
  readonly hash = new ShapeHash();
  private readonly blocks: { top: number; left: number; cells: readonly (readonly PlanCell[])[] }[] = [];

  /** The cell's text as the blocks so far leave it; null when none holds it (or the last one blanks it). */
  private textAt(row: number, col: number): string | null {
    for (let i = this.blocks.length - 1; i >= 0; i--) {
      const { top, left, cells } = this.blocks[i];
      const cell = row >= top && col >= left ? cells[row - top]?.[col - left] : undefined;
      if (cell !== undefined) return plannedText(cell);
    }
    return null;
  }

  setCells(at: RangeBox, cells: readonly (readonly PlanCell[])[]): void {
    for (let r = 0; r < cells.length; r++) {
      const row = cells[r];
      for (let c = 0; c < row.length; c++) {
        const cell = row[c];
        if (cell === undefined) continue;
        const text = plannedText(cell);
        const old = this.blocks.length === 0 ? null : this.textAt(at.top + r, at.left + c);
        if (old === text) continue;
        if (old !== null) this.hash.count(at.top + r, at.left + c, old, -1);
        if (text !== null) this.hash.count(at.top + r, at.left + c, text, 1);
      }
    }
    this.blocks.push({ top: at.top, left: at.left, cells });
  }

  merge(box: RangeBox): void {
    for (let row = box.top; row <= box.bottom; row++) {
      for (let col = box.left; col <= box.right; col++) {
        if (row === box.top && col === box.left) continue;
        const text = this.textAt(row, col);
        if (text !== null) this.hash.count(row, col, text, -1);
      }
    }
    this.hash.merges.push(box);
  }
}

function mergeBoxes(merges: readonly string[] | undefined): RangeBox[] {
  return (merges ?? []).map((m) => parseRange(m)).filter((b): b is RangeBox => b !== null);
}

/** The fingerprint of a sheet as the host reads it (the snapshot's values and formulas). */
export function sheetFingerprint(sheet: SheetSnapshot): string {
  const shape = new ShapeHash();
  shape.merges.push(...mergeBoxes(sheet.merges));
  const height = Math.max(sheet.rows.length, sheet.formulas?.length ?? 0);
  for (let r = 0; r < height; r++) {
    const values = sheet.rows[r] ?? [];
    const formulas = sheet.formulas?.[r] ?? [];
    const width = Math.max(values.length, formulas.length);
    for (let c = 0; c < width; c++) {
      const f = formulas[c];
      const text = typeof f === 'string' && f !== '' ? 'f' : constantText(values[c]);
      if (text !== null) shape.count(r, c, text, 1);
    }
  }
  return shape.fingerprint;
}

/** Separates the fingerprints a sheet may have while a run is under way (see planFingerprints). */
export const FINGERPRINT_ALTERNATIVES = '|';

/**
 * The fingerprint of every sheet `ops` create, from the plan's own writes (its setCells and merges, in
 * order), the same as sheetFingerprint gives once the sheet is written and read back: `final`, and `states`,
 * the fingerprint after each of the sheet's operations that changes it (empty just added, …, final). Excel
 * takes a plan in several requests: a run stopped between two of them leaves a sheet in one of its states,
 * which the record written first (listing them all) proves to be ours.
 */
export function planFingerprints(ops: readonly WriteOp[]): Map<string, { final: string; states: string[] }> {
  const sheets = new Map<string, { shape: PlannedShape; states: string[] }>();
  for (const op of ops) {
    if (op.kind === 'addSheet') {
      const sheet = { shape: new PlannedShape(), states: [] as string[] };
      sheets.set(op.sheet, sheet);
      sheet.states.push(sheet.shape.hash.fingerprint);
    } else if (op.kind === 'deleteSheet') sheets.delete(op.sheet);
    else if (op.kind === 'merge') {
      const sheet = sheets.get(op.sheet);
      const box = parseRange(op.range);
      if (sheet === undefined || box === null) continue;
      sheet.shape.merge(box);
      sheet.states.push(sheet.shape.hash.fingerprint);
    } else if (op.kind === 'setCells') {
      const sheet = sheets.get(op.sheet);
      const at = parseRange(op.address);
      if (sheet === undefined || at === null) continue;
      sheet.shape.setCells(at, op.cells);
      sheet.states.push(sheet.shape.hash.fingerprint);
    }
  }
  const out = new Map<string, { final: string; states: string[] }>();
  for (const [name, { states }] of sheets)
    out.set(name, { final: states[states.length - 1], states: [...new Set(states)] });
  return out;
}

/**
 * Whether `sheet` is provably the tool's own output, unchanged since written: the record holds its
 * fingerprint and the sheet still has it. No fingerprint (a record from an older version, or settings the
 * user saved) proves nothing. A record written at the start of a run may hold several, separated by
 * FINGERPRINT_ALTERNATIVES (planFingerprints' states). An older record's settings fingerprint (values only) is
 * still understood.
 */
export function provenUnchanged(sheet: SheetSnapshot, fingerprint: string | undefined): boolean {
  if (fingerprint === undefined || fingerprint === '') return false;
  if (!fingerprint.startsWith(FINGERPRINT_PREFIX)) return fingerprintRows(sheet.rows) === fingerprint;
  const now = sheetFingerprint(sheet);
  return fingerprint.split(FINGERPRINT_ALTERNATIVES).includes(now);
}
