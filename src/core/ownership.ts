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
import type { ConditionalRule, OwnedConditionalFormat, OwnershipRecord } from './plan-types';
import { OWNERSHIP_SHEET } from './plan-types';
import type { CellValue, WorkbookSnapshot } from './types';

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

/**
 * The ownership record stored in the workbook; null when there is none or it cannot be read (unhidden and
 * edited, cut, from a newer version). Never throws.
 */
export function parseOwnership(snapshot: WorkbookSnapshot): OwnershipRecord | null {
  const sheet = snapshot.sheets.find((s) => s.name === OWNERSHIP_SHEET);
  if (sheet === undefined) return null;
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
