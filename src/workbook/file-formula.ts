// Formulas as the .xlsx file spells them: functions newer than Excel 2007 carry an `_xlfn.` prefix in the
// file (Excel and LibreOffice show `#NAME?` for the bare name), none in the formula a person types or Office.js
// takes. The file adapter writes `toFileFormula`; `fromFileFormula` gives back the typed spelling.
// `shiftFormulaRows` moves a formula's relative references, as Excel reads a rule's formula for another row.
import { columnIndex } from '../core/address';
import { MAX_COLUMNS, MAX_ROWS } from '../core/excel-limits';
import { opensVerbatim, UNTERMINATED, verbatimEnd } from '../core/formula-scan';

/**
 * Functions that the .xlsx format stores as `_xlfn.NAME(` (added after Excel 2007). Excel and LibreOffice
 * show `#NAME?` for the unprefixed name in a file. (FILTER and SORT, stored `_xlfn._xlws.`, and LET/LAMBDA,
 * whose parameters need `_xlpm.`, are deliberately absent: the engine does not write them.)
 */
export const XLFN_FUNCTIONS: ReadonlySet<string> = new Set([
  'AGGREGATE',
  'ARABIC',
  'BASE',
  'BITAND',
  'BITLSHIFT',
  'BITOR',
  'BITRSHIFT',
  'BITXOR',
  'CEILING.MATH',
  'CEILING.PRECISE',
  'CONCAT',
  'CONFIDENCE.NORM',
  'CONFIDENCE.T',
  'COVARIANCE.P',
  'COVARIANCE.S',
  'DAYS',
  'DECIMAL',
  'ENCODEURL',
  'FLOOR.MATH',
  'FLOOR.PRECISE',
  'FORMULATEXT',
  'IFNA',
  'IFS',
  'ISFORMULA',
  'ISOWEEKNUM',
  'MAXIFS',
  'MINIFS',
  'MODE.MULT',
  'MODE.SNGL',
  'NORM.DIST',
  'NORM.INV',
  'NORM.S.DIST',
  'NORM.S.INV',
  'NUMBERVALUE',
  'PERCENTILE.EXC',
  'PERCENTILE.INC',
  'PERCENTRANK.EXC',
  'PERCENTRANK.INC',
  'QUARTILE.EXC',
  'QUARTILE.INC',
  'RANK.AVG',
  'RANK.EQ',
  'SEQUENCE',
  'SHEET',
  'SHEETS',
  'SORTBY',
  'STDEV.P',
  'STDEV.S',
  'SWITCH',
  'T.DIST',
  'T.INV',
  'T.TEST',
  'TEXTJOIN',
  'UNICHAR',
  'UNICODE',
  'UNIQUE',
  'VAR.P',
  'VAR.S',
  'XLOOKUP',
  'XMATCH',
  'XOR',
]);

/** A character that starts a name: a letter, `_`, `\\` or any non-ASCII character (by code, for speed). */
function nameStartAt(f: string, i: number): boolean {
  const code = f.charCodeAt(i);
  return (code >= 65 && code <= 90) || (code >= 97 && code <= 122) || code === 95 || code === 92 || code >= 0x80;
}

/** A character inside a name: as nameStartAt, or a digit or `.`. */
function namePartAt(f: string, i: number): boolean {
  const code = f.charCodeAt(i);
  return nameStartAt(f, i) || (code >= 48 && code <= 57) || code === 46;
}

/**
 * End of the text constant, quoted sheet name or bracket opening at `i` (core/formula-scan), or the formula's
 * end when it is never closed: nothing in an open string is a name or a reference, so the rest stays as it is.
 */
function verbatimRunEnd(f: string, i: number): number {
  const end = verbatimEnd(f, i);
  return end === UNTERMINATED ? f.length : end;
}

/**
 * Rewrites the names in a formula that are called as functions (`NAME(`), leaving string literals, quoted
 * sheet names and bracketed references alone. `rename` returns the new text, or null to keep the name.
 */
function rewriteCalledNames(formula: string, rename: (name: string) => string | null): string {
  // Only the renamed names are spliced in; the text between is copied in spans (a formula with none is
  // returned as it is).
  let out = '';
  let copied = 0;
  let i = 0;
  while (i < formula.length) {
    const c = formula[i];
    if (opensVerbatim(formula, i)) {
      i = verbatimRunEnd(formula, i);
      continue;
    }
    if (nameStartAt(formula, i) || (c >= '0' && c <= '9')) {
      let end = i + 1;
      while (end < formula.length && namePartAt(formula, end)) end++;
      const renamed = formula[end] === '(' && !(c >= '0' && c <= '9') ? rename(formula.slice(i, end)) : null;
      if (renamed !== null) {
        out += formula.slice(copied, i) + renamed;
        copied = end;
      }
      i = end;
      continue;
    }
    i++;
  }
  return copied === 0 ? formula : out + formula.slice(copied);
}

const CELL_REFERENCE = /^(\$?)([A-Za-z]{1,3})(\$?)([0-9]+)(?![A-Za-z0-9_.(\\\u0080-\uffff])/;

/**
 * A formula written for one cell, as Excel reads it `rows` rows lower (negative: higher): the row of every
 * relative A1 reference moves, `$` rows and everything in string literals, quoted sheet names and brackets
 * stay. What Excel does with a conditional format's formula for each cell of its range. Whole-row and
 * whole-column references (`3:5`, `C:C`) and R1C1 are not recognised (no plan formula uses them); a
 * reference moved off the grid throws.
 */
export function shiftFormulaRows(formula: string, rows: number): string {
  let out = '';
  let i = 0;
  while (i < formula.length) {
    const c = formula[i];
    let end: number;
    if (opensVerbatim(formula, i)) end = verbatimRunEnd(formula, i);
    else if (c === '$' || nameStartAt(formula, i)) {
      const m = CELL_REFERENCE.exec(formula.slice(i, i + 16));
      const col = m ? columnIndex(m[2]) : null;
      if (m && col !== null && col < MAX_COLUMNS) {
        const row = m[3] === '$' ? Number(m[4]) : Number(m[4]) + rows;
        if (row < 1 || row > MAX_ROWS) throw new Error(`${m[0]} moved by ${rows} rows is off the sheet`);
        out += `${m[1]}${m[2]}${m[3]}${row}`;
        i += m[0].length;
        continue;
      }
      // a name or a function's name, whole (so that no reference is looked for inside it)
      end = i + 1;
      while (end < formula.length && (namePartAt(formula, end) || formula[end] === '$')) end++;
    } else if (c >= '0' && c <= '9') {
      end = i + 1;
      while (end < formula.length && namePartAt(formula, end)) end++;
    } else end = i + 1;
    out += formula.slice(i, end);
    i = end;
  }
  return out;
}

/** A formula as the file stores it: `_xlfn.` before the functions of XLFN_FUNCTIONS (once, any case). */
export function toFileFormula(formula: string): string {
  return rewriteCalledNames(formula, (name) => {
    const upper = name.toUpperCase();
    return XLFN_FUNCTIONS.has(upper) ? `_xlfn.${upper}` : null;
  });
}

/** The reverse: a formula read from a file without its `_xlfn.` / `_xlws.` prefixes, as a person types it. */
export function fromFileFormula(formula: string): string {
  return rewriteCalledNames(formula, (name) => {
    const stripped = name.replace(/^_xlfn\./i, '').replace(/^_xlws\./i, '');
    return stripped === name ? null : stripped;
  });
}
