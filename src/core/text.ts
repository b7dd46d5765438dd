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

/** Display text of a cell value, for names and messages. */
export function cellText(value: unknown): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'string') return /\s\s|[\t\n\r\u00a0]/.test(value) ? value.replace(/\s+/g, ' ').trim() : value.trim();
  if (typeof value === 'number') return Number.isFinite(value) ? String(value) : '';
  if (typeof value === 'boolean') return value ? 'TRUE' : 'FALSE';
  if (typeof value === 'object' && 'error' in (value as object)) return String((value as { error: unknown }).error);
  return '';
}
