// Formulas in R1C1 notation, relative to their own cell: a formula filled down a column (each unit's
// calculation column, one row per criterion) is then one text, which a plan keeps once instead of once per
// cell and the package writer writes once (a shared formula). Hosts take A1: r1c1ToA1 gives each cell's.
// Only the full form is read (`R[-1]C[2]`, `R4C3`, `RC`); a whole row or column (`R2`, `C[1]`) is not
// written by the plan and is left as it is. Pure: no Office, no Node.
import { columnLetter } from './address';
import { MAX_COLUMNS, MAX_ROWS } from './excel-limits';
import { quoteEnd, UNTERMINATED } from './formula-scan';
import type { PlanFormula } from './plan-types';

const R = 0x52;
const C = 0x43;
const OPEN_BRACKET = 0x5b;
const CLOSE_BRACKET = 0x5d;
const MINUS = 0x2d;
const DOUBLE_QUOTE = 0x22;
const QUOTE = 0x27;
const isDigit = (c: number) => c >= 0x30 && c <= 0x39;
/** A character that continues a name or a number: a reference cannot start after it or end before it. */
const isWordPart = (c: number) =>
  isDigit(c) || (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f || c === 0x2e || c === 0x24;

/** `R[-2]C[3]`: a reference `rows` down and `cols` right of the formula's cell (0 is its own row or column). */
export function relativeRef(rows: number, cols: number): string {
  return `R${rows === 0 ? '' : `[${rows}]`}C${cols === 0 ? '' : `[${cols}]`}`;
}

/** `R157C[-1]`: a fixed row (zero-based), a column `cols` right of the formula's cell (A1: `E$157`). */
export function fixedRowRef(row: number, cols: number): string {
  return `R${row + 1}C${cols === 0 ? '' : `[${cols}]`}`;
}

/** `R4C5:R20C5`: fixed rows and columns (zero-based, inclusive; A1: `$E$4:$E$20`). */
export function fixedRange(top: number, left: number, bottom: number, right: number): string {
  return `R${top + 1}C${left + 1}:R${bottom + 1}C${right + 1}`;
}

interface Part {
  /** Zero-based index (absolute) or offset (relative). */
  n: number;
  relative: boolean;
  end: number;
}

/** The row or column part after the `R` or `C` at `i - 1`: `[n]`, `n`, or nothing (offset 0). */
function readPart(formula: string, i: number): Part | null {
  if (formula.charCodeAt(i) === OPEN_BRACKET) {
    let j = i + 1;
    const negative = formula.charCodeAt(j) === MINUS;
    if (negative) j++;
    const digits = j;
    while (isDigit(formula.charCodeAt(j))) j++;
    if (j === digits || formula.charCodeAt(j) !== CLOSE_BRACKET) return null;
    const n = Number(formula.slice(digits, j));
    return { n: negative ? -n : n, relative: true, end: j + 1 };
  }
  let j = i;
  while (isDigit(formula.charCodeAt(j))) j++;
  if (j === i) return { n: 0, relative: true, end: i };
  const n = Number(formula.slice(i, j));
  return n >= 1 ? { n: n - 1, relative: false, end: j } : null;
}

/** The A1 text of an R1C1 formula written in the cell at `row`, `col` (zero-based). */
export function r1c1ToA1(formula: string, row: number, col: number): string {
  let out = '';
  let copied = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === QUOTE) {
      const end = quoteEnd(formula, i);
      if (end === UNTERMINATED) break;
      i = end - 1;
      continue;
    }
    if (c !== R || (i > 0 && isWordPart(formula.charCodeAt(i - 1)))) continue;
    const r = readPart(formula, i + 1);
    if (r === null || formula.charCodeAt(r.end) !== C) continue;
    const k = readPart(formula, r.end + 1);
    if (k === null || isWordPart(formula.charCodeAt(k.end)) || formula.charCodeAt(k.end) === 0x28) continue;
    const [toRow, toCol] = [r.relative ? row + r.n : r.n, k.relative ? col + k.n : k.n];
    // Off the grid, as Excel shows a reference moved there.
    const a1 =
      toRow < 0 || toRow >= MAX_ROWS || toCol < 0 || toCol >= MAX_COLUMNS
        ? '#REF!'
        : `${k.relative ? '' : '$'}${columnLetter(toCol)}${r.relative ? '' : '$'}${toRow + 1}`;
    out += formula.slice(copied, i) + a1;
    copied = k.end;
    i = k.end - 1;
  }
  return copied === 0 ? formula : out + formula.slice(copied);
}

/** A plan formula's A1 text in the cell at `row`, `col` (zero-based). */
export function formulaA1(cell: PlanFormula, row: number, col: number): string {
  return cell.r1c1 === true ? r1c1ToA1(cell.formula, row, col) : cell.formula;
}
