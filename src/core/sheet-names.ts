// Names for the sheets the add-in adds: Excel's rules (31 characters, no []:*?/\), never a user's name.
import { MAX_SHEET_NAME_LENGTH, SHEET_NAME_FORBIDDEN } from './excel-limits';
import { normalizeText } from './text';

const FORBIDDEN = new RegExp(SHEET_NAME_FORBIDDEN.source, 'g');

export function cleanSheetName(name: string): string {
  const cleaned = name
    .replace(FORBIDDEN, '-')
    .replace(/^'+|'+$/g, '')
    .trim();
  return (cleaned === '' ? 'Trang' : cleaned).slice(0, MAX_SHEET_NAME_LENGTH).trim();
}

/**
 * `wanted`, or `wanted (2)`, `(3)`… when a sheet the add-in does not own has the name already.
 * Excel compares sheet names without case.
 */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map((n) => normalizeText(n)));
  const base = cleanSheetName(wanted);
  if (!used.has(normalizeText(base))) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = base.slice(0, MAX_SHEET_NAME_LENGTH - suffix.length).trim() + suffix;
    if (!used.has(normalizeText(candidate))) return candidate;
  }
}

/** A short stable fingerprint of a sheet's values (FNV-1a over a canonical text). */
export function fingerprintRows(rows: readonly (readonly unknown[] | undefined)[]): string {
  const lines: string[] = [];
  for (const row of rows) {
    const cells = (row ?? []).map((v) =>
      v === null || v === undefined ? '' : typeof v === 'object' ? JSON.stringify(v) : String(v),
    );
    while (cells.length > 0 && cells[cells.length - 1] === '') cells.pop();
    lines.push(cells.join('\u0001'));
  }
  while (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  const text = lines.join('\u0002');
  let h = 0x811c9dc5;
  for (let i = 0; i < text.length; i++) {
    h ^= text.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h.toString(16).padStart(8, '0');
}
