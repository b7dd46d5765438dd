// Matching text the way people read it: no case, no diacritics, single spaces.

/** Any character outside ASCII: only such text needs Unicode normalization. */
export const NON_ASCII = /[^ -~\t\n\r]/;

const COMBINING_MARKS = /[\u0300-\u036f]/g;

/** `Điểm Tự đánh giá ` → `diem tu danh gia`. */
export function normalizeText(text: string): string {
  // Most cells are plain ASCII or numbers: skip Unicode decomposition for them.
  const decomposed = NON_ASCII.test(text) ? text.normalize('NFD') : text;
  return decomposed
    .replace(COMBINING_MARKS, '')
    .replace(/[đĐ]/g, 'd')
    .toLowerCase()
    .replace(/[\s\u00a0]+/g, ' ')
    .trim();
}

/**
 * The entry of `table` named by the first of `names` found, exactly or else without case or diacritics
 * (settings name sheets and units as people type them).
 */
export function lookupByName<T>(table: Record<string, T>, ...names: string[]): T | undefined {
  for (const name of names) if (name in table) return table[name];
  // Asked for every sheet, of a table most often empty: nothing to normalize then.
  const entries = Object.entries(table);
  if (entries.length === 0) return undefined;
  const wanted = names.map(normalizeText);
  for (const [k, v] of entries) if (wanted.includes(normalizeText(k))) return v;
  return undefined;
}

/**
 * The spellings a spreadsheet formula must list to match `text` as normalizeText does (a formula compares
 * without case at most): as written, in decomposed Unicode (Mac and VNI keyboards) and without diacritics.
 */
export function formulaSpellings(text: string): string[] {
  return [...new Set([text, text.normalize('NFD'), normalizeText(text)])];
}

/**
 * Formula: the text `expr` equals an entry of `list` (without case, as `=` compares), FALSE for an error
 * value. Not MATCH: MATCH reads `*`, `?` and `~` in its lookup value as wildcards (Excel, and LibreOffice in
 * .xlsx files), so a cell holding `*` would match every entry, and escaping them triples the formula's length.
 * `list` must hold no blank cell (a blank `expr` equals it).
 */
export function listHoldsFormula(expr: string, list: string): string {
  return `IFERROR(SUMPRODUCT(--(${expr}=${list}))>0,FALSE)`;
}

/** Words only: punctuation becomes space, so `Tiêu chí/Tiêu chí thành phần` → `tieu chi tieu chi thanh phan`. */
export function normalizeWords(text: string): string {
  return normalizeText(text)
    .replace(/[^a-z0-9%]+/g, ' ')
    .trim();
}

/** True when `phrase` occurs in `words` at word boundaries (both already normalized with normalizeWords). */
export function hasPhrase(words: string, phrase: string): boolean {
  if (phrase === '') return false;
  const at = ` ${words} `.indexOf(` ${phrase} `);
  return at >= 0;
}

/** A character `\s` matches (JavaScript's white space and line terminators). */
function isJsSpace(c: number): boolean {
  if (c < 128) return c === 32 || (c >= 9 && c <= 13);
  return (
    c === 0xa0 ||
    c === 0x1680 ||
    (c >= 0x2000 && c <= 0x200a) ||
    c === 0x2028 ||
    c === 0x2029 ||
    c === 0x202f ||
    c === 0x205f ||
    c === 0x3000 ||
    c === 0xfeff
  );
}

/** `text` has a run of white space, or a tab, line end or no-break space: its spaces need collapsing. */
function needsCollapse(text: string): boolean {
  let previous = false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if (c === 32) {
      if (previous) return true;
      previous = true;
    } else if (c > 32 && c < 128) previous = false;
    else if (c === 9 || c === 10 || c === 13 || c === 0xa0) return true;
    else if (isJsSpace(c)) {
      if (previous) return true;
      previous = true;
    } else previous = false;
  }
  return false;
}

/** Display text of a cell value, for names and messages. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') {
    // Called on every cell a sheet is read by: a loop, not a regular expression, and no copy when nothing changes.
    if (needsCollapse(value)) return value.replace(/\s+/g, ' ').trim();
    const n = value.length;
    return n > 0 && (isJsSpace(value.charCodeAt(0)) || isJsSpace(value.charCodeAt(n - 1))) ? value.trim() : value;
  }
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && 'error' in (value as object)) return String((value as { error: unknown }).error);
  return '';
}
