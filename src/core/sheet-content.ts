// A sheet's content as a cell-by-cell copy carries it where a host cannot insert a sheet from a file (Excel
// before ExcelApi 1.13): values and formulas, number formats, merged areas and column widths. Written as plain
// plan operations, so each adapter sends them its own way (batched under the request budget for Office).
import { rangeAddress } from './address';
import type { PlanCell, WriteOp } from './plan-types';

export interface SheetContent {
  /** Cells from A1, row-major (rows may be ragged); a formula keeps its cached value as `expected`. */
  cells: PlanCell[][];
  /** Number formats other than General, row-major like `cells` (null or missing: General). */
  numberFormats: (string | null)[][];
  /** Merged areas in A1 notation. */
  merges: string[];
  /** Column widths in characters from column A (null: the default width). */
  columnWidths: (number | null)[];
}

/** The operations creating sheet `sheet` (which must not exist) holding `content`. */
export function sheetContentOps(sheet: string, content: SheetContent): WriteOp[] {
  const ops: WriteOp[] = [{ kind: 'addSheet', sheet }];
  const width = Math.max(0, ...content.cells.map((r) => r.length));
  if (content.cells.length > 0 && width > 0) {
    const cells = content.cells.map((row) => Array.from({ length: width }, (_, c) => row[c] ?? null));
    ops.push({ kind: 'setCells', sheet, address: 'A1', cells });
  }
  // One style operation per run of the same format along a row.
  content.numberFormats.forEach((row, r) => {
    let c = 0;
    while (c < row.length) {
      const format = row[c];
      let end = c;
      while (end + 1 < row.length && row[end + 1] === format) end++;
      if (format !== null && format !== undefined && format !== '' && format !== 'General') {
        const range = rangeAddress({ top: r, left: c, bottom: r, right: end });
        ops.push({ kind: 'setStyle', sheet, range, style: { numberFormat: format } });
      }
      c = end + 1;
    }
  });
  for (const range of content.merges) ops.push({ kind: 'merge', sheet, range });
  let c = 0;
  while (c < content.columnWidths.length) {
    if (content.columnWidths[c] === null || content.columnWidths[c] === undefined) {
      c++;
      continue;
    }
    const widths: number[] = [];
    const first = c;
    for (; c < content.columnWidths.length; c++) {
      const w = content.columnWidths[c];
      if (w === null || w === undefined) break;
      widths.push(w);
    }
    ops.push({ kind: 'columnWidths', sheet, first, widths });
  }
  return ops;
}

/**
 * The operations leaving the workbook with each copy under its target name (a replaced sheet deleted first):
 * for a host that writes a plan whole (a file, a test's workbook), where no failure leaves it half done.
 */
export function sheetCopiesOps(
  copies: readonly { target: string; replace: boolean; content: SheetContent }[],
): WriteOp[] {
  return copies.flatMap((c) => [
    ...(c.replace ? [{ kind: 'deleteSheet' as const, sheet: c.target }] : []),
    ...sheetContentOps(c.target, c.content),
  ]);
}
