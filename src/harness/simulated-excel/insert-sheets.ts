// `Workbook.insertWorksheetsFromBase64` (ExcelApi 1.13) on the simulated host: the sheets of another workbook,
// given as base64, copied in at the end. What the simulation keeps of a sheet is what its model holds: values
// and formulas (the cached results as values), number formats, merged areas, column widths, visibility.
// As Excel: a sheet whose name is taken comes in as `Name (2)` (as Move or Copy names it), the ids of the new
// sheets are returned in order, a file that is no workbook is an InvalidArgument, a sheet asked for that the
// file does not have is ItemNotFound, a protected workbook structure is AccessDenied, and on a host without
// ExcelApi 1.13 the call fails with ApiNotFound.
import ExcelJS from 'exceljs';
import { parseRange } from '../../core/address';
import { widthToPoints } from '../../core/column-width';
import { isPlanFormula } from '../../core/plan-types';
import { freeSheetName } from '../../core/sheet-names';
import { sheetContentOf } from '../../workbook/exceljs-sheet-content';
import { SimulatedOfficeError } from './errors';
import { cellKey, newSheet, type SimCell, type SimSheet, type SimValue, type SimWorkbookState } from './model';

/** A sheet of the source workbook, as the model holds one (named as in the source, no id yet). */
export type SourceSheets = Map<string, SimSheet>;

function simValue(v: unknown): SimValue | null {
  if (v === null || v === undefined || v === '') return null;
  if (typeof v === 'object') return { error: String((v as { error: unknown }).error) };
  return v as SimValue;
}

/** The sheets of the workbook in `base64`, parsed when the call is queued (Excel receives the file then). */
export async function readSourceSheets(base64: string): Promise<SourceSheets> {
  const wb = new ExcelJS.Workbook();
  try {
    // ExcelJS types the input as bytes; with `base64` it takes the text (JSZip decodes it).
    await wb.xlsx.load(base64 as unknown as ArrayBuffer, { base64: true } as unknown as ExcelJS.XlsxReadOptions);
  } catch {
    throw new SimulatedOfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
  }
  const date1904 = (wb.properties as { date1904?: boolean } | undefined)?.date1904 === true;
  const out: SourceSheets = new Map();
  for (const ws of wb.worksheets) {
    const sheet = newSheet(
      ws.name,
      ws.state === 'veryHidden' ? 'VeryHidden' : ws.state === 'hidden' ? 'Hidden' : 'Visible',
    );
    const content = sheetContentOf(ws, date1904);
    content.cells.forEach((row, r) =>
      row.forEach((planned, c) => {
        const cell: SimCell = isPlanFormula(planned)
          ? { value: simValue(planned.expected), formula: planned.formula, style: {} }
          : { value: simValue(planned), formula: null, style: {} };
        if (cell.value !== null || cell.formula !== null) sheet.cells.set(cellKey(r, c), cell);
      }),
    );
    content.numberFormats.forEach((row, r) =>
      row.forEach((format, c) => {
        if (format === null) return;
        const key = cellKey(r, c);
        const cell = sheet.cells.get(key) ?? { value: null, formula: null, style: {} };
        cell.style = { ...cell.style, numberFormat: format };
        sheet.cells.set(key, cell);
      }),
    );
    for (const m of content.merges) {
      const box = parseRange(m);
      if (box) sheet.merges.push(box);
    }
    content.columnWidths.forEach((w, c) => {
      if (w !== null) sheet.columnWidths.set(c, widthToPoints(w));
    });
    out.set(ws.name, sheet);
  }
  return out;
}

/**
 * At sync: copies the sheets `names` (all when empty) of `source` to the end of the workbook; returns their ids.
 * Nothing is inserted when one of them is missing.
 */
export function insertSourceSheets(state: SimWorkbookState, source: SourceSheets, names: readonly string[]): string[] {
  const wanted = names.length === 0 ? [...source.keys()] : names;
  const sheets = wanted.map((n) => {
    const found = [...source.values()].find((s) => s.name.toLowerCase() === n.toLowerCase());
    if (found === undefined)
      throw new SimulatedOfficeError('ItemNotFound', `The worksheet "${n}" is not in the source workbook.`);
    return found;
  });
  return sheets.map((s) => {
    const copy: SimSheet = {
      ...s,
      // Excel names a copy whose name is taken as Move or Copy does: `Name (2)`.
      name: freeSheetName(
        s.name,
        state.sheets.map((t) => t.name),
      ),
      id: `{inserted-${state.nextId++}}`,
      cells: new Map([...s.cells].map(([k, c]) => [k, { ...c, style: { ...c.style } }])),
      merges: s.merges.map((m) => ({ ...m })),
      columnWidths: new Map(s.columnWidths),
    };
    state.sheets.push(copy);
    return copy.id as string;
  });
}
