// A1 addresses from zero-based row/column indexes and back.

export function columnLetter(col: number): string {
  let n = col + 1;
  let s = '';
  while (n > 0) {
    const r = (n - 1) % 26;
    s = String.fromCharCode(65 + r) + s;
    n = Math.floor((n - 1) / 26);
  }
  return s;
}

/** `A` → 0, `AB` → 27; null when the text is not a column name. */
export function columnIndex(letters: string): number | null {
  const t = letters.trim().toUpperCase();
  if (!/^[A-Z]{1,3}$/.test(t)) return null;
  let n = 0;
  for (const ch of t) n = n * 26 + (ch.charCodeAt(0) - 64);
  return n - 1;
}

export function cellAddress(row: number, col: number): string {
  return `${columnLetter(col)}${row + 1}`;
}

/** `B12` → { row: 11, col: 1 }; null when not an A1 address. */
export function parseAddress(a1: string): { row: number; col: number } | null {
  const m = /^\$?([A-Za-z]{1,3})\$?(\d+)$/.exec(a1.trim());
  if (!m) return null;
  const col = columnIndex(m[1]);
  const row = Number(m[2]) - 1;
  if (col === null || row < 0) return null;
  return { row, col };
}

export interface RangeBox {
  top: number;
  left: number;
  bottom: number;
  right: number;
}

/** `A3:B4` → box; a single cell is a 1×1 box. */
export function parseRange(a1: string): RangeBox | null {
  const [a, b] = a1.split(':');
  const p = parseAddress(a);
  const q = b === undefined ? p : parseAddress(b);
  if (!p || !q) return null;
  return {
    top: Math.min(p.row, q.row),
    left: Math.min(p.col, q.col),
    bottom: Math.max(p.row, q.row),
    right: Math.max(p.col, q.col),
  };
}

/** A box as an A1 reference: `B2:C4`, or `B2` for a single cell. */
export function rangeAddress(b: RangeBox): string {
  const tl = cellAddress(b.top, b.left);
  return b.top === b.bottom && b.left === b.right ? tl : `${tl}:${cellAddress(b.bottom, b.right)}`;
}

/** A sheet name as it must appear in a formula or link: quoted, with quotes doubled. */
export function quoteSheetName(name: string): string {
  return `'${name.replace(/'/g, "''")}'`;
}
