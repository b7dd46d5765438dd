// One worksheet part → SheetSnapshot, in one SAX pass over the inflated pieces of its XML.
//
// The snapshot is the one snapshotFromExcelJS makes of the same file (exceljs-snapshot.ts; the equivalence is
// tested on real and generated files), value for value:
//  - a cell is materialised when it holds something: a value, or a formula (its cached result, null when it has
//    none); a cell with only a style is not, nor are trailing empty cells; rows are arrays up to their last
//    materialised cell, and the sheet ends at its last row holding one;
//  - numbers stay the numbers stored (a date is its serial in the workbook's date system, as Excel's
//    `range.values` gives it; ExcelJS rounds date-formatted numbers to the millisecond on the way through a
//    Date, see read-workbook.ts);
//  - text: shared strings (rich text joined, phonetic runs left out), inline strings, formula results, with
//    `_xHHHH_` escapes decoded; booleans; errors as `{ error }`;
//  - formulas without `=`; a shared formula's copies translated from their master as ExcelJS does
//    (slideFormula); `formulas` only on a sheet that has one;
//  - merged ranges (`A1:C1`, normalised), their covered cells null (a value or formula left in a covered cell
//    is not read: Excel shows the top-left cell only).
import { columnLetter } from '../../core/address';
import { MAX_COLUMNS, MAX_ROWS } from '../../core/excel-limits';
import { quoteEnd, UNTERMINATED } from '../../core/formula-scan';
import type { CellValue, SheetSnapshot } from '../../core/types';
import { PackageError } from './package-error';
import type { PartRef } from './parts';
import { decodeXString, scanXmlPart, xmlTrue, type TextTable, type XmlAttributes, type XmlHandlers } from './read-xml';
import { SheetEndFinder, type SheetEnd } from './sheet-end';
import type { ZipReader } from './zip';

/** What a sheet's reading shares with the rest of the workbook's. */
export interface SheetReadContext {
  /** The shared-string table (null entries: an empty `<si/>`), or null when the package has none. */
  sharedStrings: readonly (string | null)[] | null;
  /** Where the table is (or would be), for the message when a sheet needs it and it is missing. */
  sharedStringsPart: string;
  /** The workbook counts dates from 1904 (only ISO dates, `t="d"`, need to know). */
  date1904: boolean;
  /** Cells read so far in the workbook (every `<c>` and every merged cell), against `maxCells`. */
  cells: { count: number };
  maxCells: number;
  /** The texts read so far, each kept once. */
  texts: TextTable;
  /** When set, where each sheet's cells end is kept here by part, for a write of the same package. */
  sheetEnds?: Map<string, SheetEnd>;
}

/** The column letters at the start of a reference (`$` allowed, any case) → 0-based, or -1. */
function columnOf(ref: string): number {
  let i = ref.charCodeAt(0) === 36 ? 1 : 0;
  let col = 0;
  for (; i < ref.length; i++) {
    const ch = ref.charCodeAt(i) | 0x20; // lower case
    if (ch < 97 || ch > 122) break;
    col = col * 26 + (ch - 96);
    if (col > MAX_COLUMNS) return -1;
  }
  return col - 1;
}

/** `B3` / `$B$3` → [row, col] (0-based), or null when it is not a reference inside the grid. */
function addressOf(ref: string): [number, number] | null {
  const m = /^\$?([A-Za-z]{1,3})\$?([0-9]{1,7})$/.exec(ref.trim());
  if (!m) return null;
  const col = columnOf(m[1]);
  const row = Number(m[2]) - 1;
  if (col < 0 || row < 0 || row >= MAX_ROWS) return null;
  return [row, col];
}

const SHARED_CANDIDATE = /(([a-z_\-0-9]*)!)?([a-z0-9_$]{2,})([(])?/gi;
const SHARED_CELL_REF = /^([$])?([a-z]+)([$])?([1-9][0-9]*)$/i;

/**
 * A shared formula's text for one of its cells: the master's formula with its relative references moved by the
 * cell's offset from the master. This is ExcelJS's translation (utils/shared-formula.js slideFormula), except
 * that, as in Excel, nothing inside a text constant or a quoted sheet name moves (ExcelJS reads `'Sở A1'!B2`
 * as two references); a reference moved off the grid, where ExcelJS throws, becomes `#REF!` as in Excel.
 */
export function slideFormula(formula: string, fromRow: number, fromCol: number, toRow: number, toCol: number): string {
  const dr = toRow - fromRow;
  const dc = toCol - fromCol;
  const slide = (text: string) =>
    text.replace(
      SHARED_CANDIDATE,
      (match: string, sheet: string | undefined, _name: string, address: string, paren: string | undefined) => {
        if (paren) return match;
        const m = SHARED_CELL_REF.exec(address);
        if (!m) return match;
        const colDollar = m[1] ?? '';
        const letters = m[2].toUpperCase();
        const rowDollar = m[3] ?? '';
        if (letters.length > 3 || (letters.length === 3 && letters > 'XFD')) return match; // a name, not a column
        let col = columnOf(letters) + 1;
        let row = parseInt(m[4], 10);
        if (!colDollar) col += dc;
        if (!rowDollar) row += dr;
        if (col < 1 || col > MAX_COLUMNS || row < 1 || row > MAX_ROWS) return `${sheet ?? ''}#REF!`;
        return `${sheet ?? ''}${colDollar}${columnLetter(col - 1)}${rowDollar}${row}`;
      },
    );
  let out = '';
  let from = 0;
  for (let i = 0; i < formula.length; i++) {
    const c = formula.charCodeAt(i);
    if (c !== 0x22 && c !== 0x27) continue; // " '
    const end = quoteEnd(formula, i);
    const stop = end === UNTERMINATED ? formula.length : end;
    out += slide(formula.slice(from, i)) + formula.slice(i, stop);
    from = stop;
    i = stop - 1;
  }
  return from === 0 ? slide(formula) : out + slide(formula.slice(from));
}

const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH_SERIAL = 25569;
const DATE1904_OFFSET = 1462;

/** An ISO 8601 date (`t="d"` cell) → the serial number, or null. A time without a zone is taken as UTC. */
function isoSerial(text: string, date1904: boolean): number | null {
  const s = text.trim();
  if (s === '') return null;
  const zoned = !s.includes('T') || /(?:[zZ]|[+-]\d\d:?\d\d)$/.test(s) ? s : `${s}Z`;
  const ms = Date.parse(zoned);
  if (Number.isNaN(ms)) return null;
  const serial = UNIX_EPOCH_SERIAL + ms / MS_PER_DAY - (date1904 ? DATE1904_OFFSET : 0);
  return Math.round(serial * 1e9) / 1e9;
}

function finiteNumber(text: string): number | null {
  const n = parseFloat(text);
  return Number.isFinite(n) ? n : null;
}

// What text is being collected.
const NONE = 0;
const FORMULA = 1;
const VALUE = 2; // <v>, and <t> directly in <is> (ExcelJS joins the two)
const RUN_TEXT = 3; // <t> of a rich-text run <r> in <is>

/** Whether `run` ran without throwing. */
function attempt(run: () => unknown): boolean {
  try {
    run();
    return true;
  } catch {
    return false;
  }
}

/**
 * Reads the worksheet part `part` (the sheet named `name`). Throws PackageError (`missing-part`, `bad-xml`,
 * `damaged`, `limit`) naming the sheet; never on what a cell holds.
 */
export function readSheet(zip: ZipReader, part: string, name: string, ctx: SheetReadContext): SheetSnapshot {
  const ref: PartRef = { part, what: { vi: `trang “${name}”`, en: `sheet "${name}"` } };
  const rows: CellValue[][] = [];
  let formulas: (string | null)[][] | undefined;
  const mergeRefs: string[] = [];
  let isProtected = false;
  /** Shared-formula masters by `si`: their formula and position. */
  const masters = new Map<string | undefined, { formula: string; row: number; col: number }>();

  let depth = 0;
  let inSheetData = false;
  let inMergeCells = false;
  let row = -1;
  let col = -1;
  let inCell = false;
  let cellType: string | undefined;
  let target = NONE;
  let text: string | undefined; // value text (<v>, <is><t>)
  let runs: string[] | undefined; // texts of <is><r> runs
  let runText: string | undefined;
  let inIs = false;
  let inRun = false;
  let phonetic = 0;
  let fText: string | undefined;
  let fType: string | undefined;
  let fRef: string | undefined;
  let fSi: string | undefined;

  const texts = ctx.texts;
  const cellName = (): string => `${columnLetter(col)}${row + 1}`;

  const put = (r: number, c: number, v: CellValue): void => {
    let line = rows[r];
    if (line === undefined) {
      line = [];
      rows[r] = line;
    }
    if (c < line.length) line[c] = v;
    else {
      while (line.length < c) line.push(null);
      line.push(v);
    }
  };

  const putFormula = (r: number, c: number, f: string): void => {
    if (formulas === undefined) formulas = [];
    let line = formulas[r];
    if (line === undefined) {
      line = [];
      formulas[r] = line;
    }
    if (c < line.length) line[c] = f;
    else {
      while (line.length < c) line.push(null);
      line.push(f);
    }
  };

  const damaged = (vi: string, en: string): PackageError =>
    new PackageError('damaged', `trang “${name}” (${part}): ${vi}`, `sheet "${name}" (${part}): ${en}`, { part });

  const countCells = (n: number): void => {
    ctx.cells.count += n;
    if (ctx.cells.count > ctx.maxCells) {
      const limit = ctx.maxCells.toLocaleString('en');
      throw new PackageError(
        'limit',
        `tệp có hơn ${limit} ô (tính cả ô gộp; đến trang “${name}”), vượt giới hạn cho phép`,
        `the workbook has more than ${limit} cells (merged cells included; reached in sheet "${name}"), the limit`,
        { part },
      );
    }
  };

  const sharedString = (index: string): string | null => {
    const table = ctx.sharedStrings;
    if (table === null) {
      throw new PackageError(
        'missing-part',
        `ô ${cellName()} của trang “${name}” dùng bảng chuỗi dùng chung nhưng tệp không có phần ${ctx.sharedStringsPart}`,
        `cell ${cellName()} of sheet "${name}" uses the shared-string table, but the package has no part ${ctx.sharedStringsPart}`,
        { part: ctx.sharedStringsPart },
      );
    }
    const i = parseInt(index, 10);
    if (!(i >= 0 && i < table.length)) {
      throw damaged(
        `ô ${cellName()} trỏ tới chuỗi dùng chung số ${index.trim()}, bảng chỉ có ${table.length} chuỗi`,
        `cell ${cellName()} refers to shared string ${index.trim()}; the table has ${table.length}`,
      );
    }
    return table[i];
  };

  const startRow = (attributes: XmlAttributes): void => {
    const r = attributes.get('r');
    if (r === undefined) row += 1;
    else {
      const n = Number(r);
      if (!Number.isInteger(n) || n < 1 || n > MAX_ROWS) {
        throw damaged(
          `số dòng ${JSON.stringify(r)} nằm ngoài trang tính`,
          `row number ${JSON.stringify(r)} is off the grid`,
        );
      }
      row = n - 1;
    }
    col = -1;
  };

  const startCell = (attributes: XmlAttributes): void => {
    countCells(1);
    if (row < 0) row = 0; // a <c> outside any <row>: taken as row 1
    const r = attributes.get('r');
    if (r === undefined) col += 1;
    else {
      const c = columnOf(r);
      if (c < 0) {
        throw damaged(
          `ô có địa chỉ không hợp lệ ${JSON.stringify(r)}`,
          `a cell has an invalid reference ${JSON.stringify(r)}`,
        );
      }
      col = c;
    }
    if (col >= MAX_COLUMNS) throw damaged(`ô ngoài cột XFD`, `a cell lies beyond column XFD`);
    inCell = true;
    cellType = attributes.get('t');
    target = NONE;
    text = undefined;
    runs = undefined;
    inIs = false;
    inRun = false;
    phonetic = 0;
    fText = undefined;
    fType = undefined;
    fRef = undefined;
    fSi = undefined;
  };

  const formulaResult = (v: string): CellValue => {
    switch (cellType) {
      case 'str':
      case 'inlineStr':
        return texts.get(decodeXString(v));
      case 'b':
        return parseInt(v, 10) !== 0;
      case 'e':
        return { error: texts.get(v) };
      case 'd':
        return isoSerial(v, ctx.date1904);
      default:
        return finiteNumber(v);
    }
  };

  const cellValue = (): CellValue => {
    switch (cellType) {
      case 's':
        return sharedString(text ?? '');
      case 'str':
      case 'inlineStr':
        return texts.get(text !== undefined ? decodeXString(text) : (runs ?? []).join(''));
      case 'b':
        return parseInt(text ?? '', 10) !== 0;
      case 'e':
        return { error: texts.get(text ?? (runs ?? []).join('')) };
      case 'd':
        return isoSerial(text ?? '', ctx.date1904);
      default:
        return finiteNumber(text ?? '');
    }
  };

  const endCell = (): void => {
    inCell = false;
    target = NONE;
    const isFormula = (fText !== undefined && fText !== '') || (fType !== undefined && fType !== '');
    if (isFormula) {
      put(row, col, text !== undefined && text !== '' ? formulaResult(text) : null);
      let formula = fText !== undefined && fText !== '' ? texts.get(fText) : undefined;
      if (fType === 'shared') {
        if (fRef !== undefined && fRef !== '') {
          if (formula !== undefined) masters.set(fSi, { formula, row, col });
        } else if (formula === undefined) {
          const master = masters.get(fSi);
          if (master !== undefined) formula = slideFormula(master.formula, master.row, master.col, row, col);
        }
      }
      if (formula !== undefined) putFormula(row, col, formula.startsWith('=') ? formula.slice(1) : formula);
      return;
    }
    if (text === undefined && runs === undefined) return; // only a style, or nothing
    put(row, col, cellValue());
  };

  const handlers: XmlHandlers = {
    open(tag, attributes) {
      depth++;
      if (inCell) {
        switch (tag) {
          case 'v':
            if (!inIs) target = VALUE;
            return;
          case 'f':
            target = FORMULA;
            fType = attributes.get('t');
            fRef = attributes.get('ref');
            fSi = attributes.get('si');
            return;
          case 'is':
            inIs = true;
            return;
          case 'rPh':
            if (inIs) phonetic++;
            return;
          case 'r':
            if (inIs && phonetic === 0) {
              inRun = true;
              runText = undefined;
            }
            return;
          case 't':
            if (inIs && phonetic === 0) {
              target = inRun ? RUN_TEXT : VALUE;
              if (inRun) runText = '';
            }
            return;
          default:
            return;
        }
      }
      if (inSheetData) {
        if (tag === 'row') startRow(attributes);
        else if (tag === 'c') startCell(attributes);
        return;
      }
      if (depth === 2) {
        if (tag === 'sheetData') inSheetData = true;
        else if (tag === 'mergeCells') inMergeCells = true;
        else if (tag === 'sheetProtection') isProtected = xmlTrue(attributes.get('sheet'));
      } else if (depth === 3 && inMergeCells && tag === 'mergeCell') {
        const ref = attributes.get('ref');
        if (ref !== undefined) mergeRefs.push(ref);
      }
    },
    close(tag) {
      depth--;
      if (inCell) {
        switch (tag) {
          case 'c':
            endCell();
            return;
          case 'v':
          case 'f':
            target = NONE;
            return;
          case 't':
            target = NONE;
            return;
          case 'r':
            if (inRun) {
              (runs ??= []).push(runText === undefined ? '' : decodeXString(runText));
              inRun = false;
            }
            return;
          case 'rPh':
            if (inIs && phonetic > 0) phonetic--;
            return;
          case 'is':
            inIs = false;
            return;
          default:
            return;
        }
      }
      if (tag === 'row' && inSheetData) {
        // A row grown cell by cell holds room for more: kept, it is copied to its size (less memory to hold).
        const line = rows[row];
        if (line !== undefined) rows[row] = line.slice();
        return;
      }
      if (depth === 1) {
        if (tag === 'sheetData') inSheetData = false;
        else if (tag === 'mergeCells') inMergeCells = false;
      }
    },
    text(piece) {
      switch (target) {
        case NONE:
          return;
        case VALUE:
          text = text === undefined ? piece : text + piece;
          return;
        case FORMULA:
          fText = fText === undefined ? piece : fText + piece;
          return;
        case RUN_TEXT:
          runText += piece;
          return;
      }
    },
  };
  const keepEnds = ctx.sheetEnds;
  if (keepEnds === undefined) scanXmlPart(zip, ref, handlers);
  else {
    // Best effort: a part the reader takes and the finder does not (UTF-16, a DOCTYPE) is looked at again by
    // the writer if the plan edits it, and refused then, as without this.
    const ends = new SheetEndFinder(part);
    let found = true;
    scanXmlPart(zip, ref, handlers, (chunk) => {
      if (found) found = attempt(() => ends.feed(chunk));
    });
    if (found) attempt(() => keepEnds.set(part, ends.result()));
  }

  // Merged ranges: the covered cells become null (ExcelJS turns them into merge cells, which the snapshot lists).
  const merges: string[] = [];
  let formulasTouched = false;
  for (const mergeRef of mergeRefs) {
    const [a, b = a] = mergeRef.split(':');
    const tl = addressOf(a);
    const br = addressOf(b);
    if (tl === null || br === null) continue; // not a range: nothing Excel would show merged
    const top = Math.min(tl[0], br[0]);
    const bottom = Math.max(tl[0], br[0]);
    const left = Math.min(tl[1], br[1]);
    const right = Math.max(tl[1], br[1]);
    merges.push(`${columnLetter(left)}${top + 1}:${columnLetter(right)}${bottom + 1}`);
    countCells((bottom - top + 1) * (right - left + 1) - 1);
    for (let r = top; r <= bottom; r++) {
      const f = formulas?.[r];
      for (let c = r === top ? left + 1 : left; c <= right; c++) {
        put(r, c, null);
        if (f !== undefined && c < f.length && f[c] !== null) {
          f[c] = null;
          formulasTouched = true;
        }
      }
    }
  }

  for (let r = 0; r < rows.length; r++) if (rows[r] === undefined) rows[r] = [];
  const sheet: SheetSnapshot = { name, rows };
  if (merges.length > 0) sheet.merges = merges;
  if (formulas !== undefined) {
    const lines: (string | null)[][] = formulas;
    if (formulasTouched) {
      // A line keeps its last formula; a line left with none is empty, a sheet left with none has no formulas.
      for (const line of lines) {
        if (line === undefined) continue;
        while (line.length > 0 && line[line.length - 1] === null) line.pop();
      }
    }
    if (lines.some((line) => line !== undefined && line.length > 0)) {
      lines.length = rows.length;
      for (let r = 0; r < lines.length; r++) if (lines[r] === undefined) lines[r] = [];
      sheet.formulas = lines;
    }
  }
  if (isProtected) sheet.protected = true;
  return sheet;
}
