// Reading a score cell: numbers, numbers typed as text (10,59 / 88,52%), blanks, error values,
// "not applicable" markers. Never throws, whatever the cell holds.
import { EXCEL_ERROR_VALUES } from './excel-limits';
import type { CellValue } from './types';
import { normalizeText } from './text';

export type ScoreCell =
  | { kind: 'blank' }
  | { kind: 'number'; value: number; fromText: boolean; percent: boolean }
  | { kind: 'na'; text: string }
  | { kind: 'error'; text: string }
  /** `naLike`: the text starts with a "not applicable" marker followed by more words (a reason). */
  | { kind: 'text'; text: string; naLike?: string };

const BLANK: ScoreCell = { kind: 'blank' };
// Sign, digits with . or , separators, optional %. Spaces (also as thousands separators) removed before.
const NUMBER_TEXT = /^([+-]?)(\d+(?:[.,]\d+)*)(%?)$/;

/**
 * A number written as text, the Vietnamese way or the English way.
 * One separator is the decimal mark (10,59 and 10.59 are both 10.59: scores are small);
 * with both, the last one is the decimal mark (1.234,5 and 1,234.5).
 */
export function parseNumberText(text: string): { value: number; percent: boolean } | null {
  const compact = text.replace(/[\s\u00a0]+/g, '');
  const m = NUMBER_TEXT.exec(compact);
  if (!m) return null;
  const body = m[2];
  const lastDot = body.lastIndexOf('.');
  const lastComma = body.lastIndexOf(',');
  let digits: string;
  if (lastDot >= 0 && lastComma >= 0) {
    const decimalMark = lastDot > lastComma ? '.' : ',';
    const thousands = decimalMark === '.' ? ',' : '.';
    const [intPart, ...rest] = body.split(decimalMark);
    if (rest.length !== 1) return null;
    digits = intPart.split(thousands).join('') + '.' + rest[0];
  } else {
    const sep = lastDot >= 0 ? '.' : lastComma >= 0 ? ',' : null;
    if (sep === null) digits = body;
    else {
      const parts = body.split(sep);
      // 1.234.567 is grouping; a single separator is a decimal mark.
      digits =
        parts.length === 2
          ? parts[0] + '.' + parts[1]
          : parts.every((p, i) => i === 0 || p.length === 3)
            ? parts.join('')
            : '';
    }
  }
  if (digits === '') return null;
  const value = Number(digits) * (m[1] === '-' ? -1 : 1);
  if (!Number.isFinite(value)) return null;
  return { value: value === 0 ? 0 : value, percent: m[3] === '%' };
}

/** Short marker texts (N/A markers, placeholder evidence) matched without case or diacritics. */
export class MarkerSet {
  private readonly normalized: Set<string>;
  private readonly longest: number;
  constructor(markers: readonly string[]) {
    this.normalized = new Set(markers.map((m) => normalizeText(m)).filter((m) => m !== ''));
    this.longest = Math.max(0, ...markers.map((m) => m.length));
  }
  /** Texts asked about already: every unit sheet repeats most of them. */
  private readonly seen = new Map<string, boolean>();
  has(text: string): boolean {
    // A citation is far longer than any marker: skip normalizing it.
    if (text.length > this.longest + 8) return false;
    let known = this.seen.get(text);
    if (known === undefined) {
      known = this.normalized.has(normalizeText(text));
      if (this.seen.size < 10000) this.seen.set(text, known);
    }
    return known;
  }
  /** The marker `text` begins with, followed by a space or a bracket, colon, comma or dash (a reason given). */
  prefixOf(text: string): string | null {
    const t = normalizeText(text);
    for (const m of this.normalized) if (t.startsWith(m) && /^[\s(:,;\-–]/.test(t.slice(m.length))) return m;
    return null;
  }
}

export function makeMarkerSet(markers: readonly string[]): MarkerSet {
  return new MarkerSet(markers);
}

export function readScoreCell(value: CellValue | undefined, naMarkers: MarkerSet): ScoreCell {
  if (value === null || value === undefined) return BLANK;
  if (typeof value === 'number') {
    return Number.isFinite(value)
      ? { kind: 'number', value, fromText: false, percent: false }
      : { kind: 'error', text: '#NUM!' };
  }
  if (typeof value === 'boolean') return { kind: 'text', text: value ? 'TRUE' : 'FALSE' };
  if (typeof value === 'object') {
    const text = typeof value.error === 'string' ? value.error : '#VALUE!';
    return { kind: 'error', text };
  }
  if (typeof value !== 'string') return { kind: 'text', text: String(value) };
  const trimmed = value.trim();
  if (trimmed === '') return BLANK;
  if (EXCEL_ERROR_VALUES.has(trimmed.toUpperCase())) {
    return { kind: 'error', text: trimmed.toUpperCase() };
  }
  if (naMarkers.has(trimmed)) return { kind: 'na', text: trimmed };
  const parsed = parseNumberText(trimmed);
  if (parsed) return { kind: 'number', value: parsed.value, fromText: true, percent: parsed.percent };
  const naLike = naMarkers.prefixOf(trimmed);
  return naLike === null ? { kind: 'text', text: trimmed } : { kind: 'text', text: trimmed, naLike };
}

/** A plain number from a cell (maxima, levels); null when the cell holds none. */
export function readPlainNumber(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isFinite(value) ? value : null;
  if (typeof value === 'string') return parseNumberText(value)?.value ?? null;
  return null;
}

/** `0; 0,5; 1` or `0 / 0.5 / 1` → [0, 0.5, 1]; null when the text lists no numbers. */
export function parseLevels(value: CellValue | undefined): number[] | null {
  if (typeof value === 'number') return null;
  if (typeof value !== 'string' || value.trim() === '') return null;
  const parts = value.split(/\s*[;/|]\s*|\s+-\s+|\s+hoặc\s+|\s+or\s+/i).filter((p) => p.trim() !== '');
  const levels: number[] = [];
  for (const p of parts) {
    const n = parseNumberText(p.trim());
    if (!n) return null;
    levels.push(n.value);
  }
  return levels.length >= 2 ? [...new Set(levels)].sort((a, b) => a - b) : null;
}
