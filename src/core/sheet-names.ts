// Names for the sheets the add-in adds: Excel's rules (31 characters, no []:*?/\), never a user's name.
import { MAX_SHEET_NAME_LENGTH, RESERVED_SHEET_NAME, SHEET_NAME_FORBIDDEN } from './excel-limits';
import { normalizeText } from './text';

const FORBIDDEN = new RegExp(SHEET_NAME_FORBIDDEN.source, 'g');

// Made when first needed: building a segmenter loads ICU data (~50 ms), which ranking never needs.
let graphemes: Intl.Segmenter | undefined;

/**
 * The longest start of `text` that fits in `max` UTF-16 units (Excel counts a sheet name's length in them)
 * without cutting a character: an emoji, a flag or a letter with its combining marks stays whole or goes
 * whole. A cut inside a surrogate pair leaves a lone half that a file cannot hold, so the name written would
 * differ from the name planned (and the next run would write a second sheet of the same name).
 */
export function cutToUnits(text: string, max: number): string {
  if (text.length <= max) return text;
  let end = 0;
  graphemes ??= new Intl.Segmenter(undefined, { granularity: 'grapheme' });
  for (const { segment } of graphemes.segment(text)) {
    if (end + segment.length > max) break;
    end += segment.length;
  }
  return text.slice(0, end);
}

/** `text` with every lone surrogate half replaced by U+FFFD (what a file reader would give back). */
function wellFormed(text: string): string {
  return text.replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD');
}

export function cleanSheetName(name: string): string {
  const cleaned = wellFormed(name)
    .replace(FORBIDDEN, '-')
    .replace(/^'+|'+$/g, '')
    .trim();
  // Cut, then trimmed again: the cut may leave a space or an apostrophe at the end (Excel refuses a name ending in ').
  const cut = cutToUnits(cleaned === '' ? 'Trang' : cleaned, MAX_SHEET_NAME_LENGTH)
    .replace(/'+$/, '')
    .trim();
  return cut === '' ? 'Trang' : cut;
}

/**
 * The key under which Excel takes two sheet names for the same: Excel compares them without case. The key
 * is looser still (no diacritics, spaces collapsed: normalizeText), so a name it calls free is free in Excel.
 */
export function sheetNameKey(name: string): string {
  return normalizeText(name);
}

/**
 * `wanted`, or `wanted (2)`, `(3)`… when a sheet the add-in does not own has the name already, compared as
 * Excel does (without case, sheetNameKey), the suffixed name cut on a character boundary to fit 31 units.
 */
export function freeSheetName(wanted: string, taken: Iterable<string>): string {
  const used = new Set([...taken].map(sheetNameKey));
  used.add(sheetNameKey(RESERVED_SHEET_NAME));
  const base = cleanSheetName(wanted);
  if (!used.has(sheetNameKey(base))) return base;
  for (let i = 2; ; i++) {
    const suffix = ` (${i})`;
    const candidate = cutToUnits(base, MAX_SHEET_NAME_LENGTH - suffix.length).trim() + suffix;
    if (!used.has(sheetNameKey(candidate))) return candidate;
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

/**
 * The sheets in the order a sheet found by its content is looked for: the one with the name it is written
 * under first (a user may have taken that name, so the others follow, in order).
 */
export function namedFirst<S extends { name: string }>(sheets: readonly S[], name: string): S[] {
  return [...sheets.filter((s) => s.name === name), ...sheets.filter((s) => s.name !== name)];
}
