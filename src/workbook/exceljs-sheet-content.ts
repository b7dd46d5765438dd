// An ExcelJS worksheet's content for a cell-by-cell copy (core/sheet-content.ts): what ExcelJS reads of a
// sheet that a plan can write again. Formulas in the spelling a person types (no `_xlfn.`), their cached
// result kept as the value they must give.
import { ValueType, type Cell, type Worksheet } from 'exceljs';
import { MAX_COLUMN_WIDTH } from '../core/excel-limits';
import type { PlanCell } from '../core/plan-types';
import type { SheetContent } from '../core/sheet-content';
import { mergesOf, toCellValue } from './exceljs-snapshot';
import { fromFileFormula } from './file-formula';

export function sheetContentOf(ws: Worksheet, date1904 = false): SheetContent {
  const cells: PlanCell[][] = [];
  const numberFormats: (string | null)[][] = [];
  ws.eachRow((row, rowNumber) => {
    const values: PlanCell[] = [];
    const formats: (string | null)[] = [];
    row.eachCell((cell: Cell, colNumber: number) => {
      const c = colNumber - 1;
      const format = typeof cell.numFmt === 'string' && cell.numFmt !== 'General' ? cell.numFmt : null;
      if (format !== null) formats[c] = format;
      if (cell.type === ValueType.Merge) return;
      if (cell.type === ValueType.Formula && typeof cell.formula === 'string' && cell.formula !== '') {
        const text = cell.formula.startsWith('=') ? cell.formula.slice(1) : cell.formula;
        values[c] = { formula: fromFileFormula(text), expected: toCellValue(cell.result, date1904) };
        return;
      }
      values[c] = toCellValue(cell.value, date1904);
    });
    cells[rowNumber - 1] = Array.from(values, (v) => v ?? null);
    if (formats.length > 0) numberFormats[rowNumber - 1] = Array.from(formats, (f) => f ?? null);
  });
  const columnWidths = (ws.columns ?? []).map((col) =>
    typeof col.width === 'number' && Number.isFinite(col.width) && col.width >= 0
      ? Math.min(col.width, MAX_COLUMN_WIDTH)
      : null,
  );
  return {
    cells: Array.from(cells, (r) => r ?? []),
    numberFormats: Array.from(numberFormats, (r) => r ?? []),
    merges: mergesOf(ws),
    columnWidths,
  };
}
