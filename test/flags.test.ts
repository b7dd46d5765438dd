// The live highlights on unit sheets: each rule's expression, evaluated by LibreOffice on every row it
// covers, must flag exactly the rows the engine reports, and clear once evidence is typed.
import path from 'path';
import { parseRange } from '../src/core/address';
import type { OwnedConditionalFormat } from '../src/core/plan-types';
import { shiftFormulaRows } from '../src/workbook/file-formula';
import { recalculate, requireLibreOffice } from './helpers/libreoffice';
import { loadWorkbook, tempDir, writeResults } from './helpers/results-check';

const dir = tempDir();
const SAMPLE = path.resolve(__dirname, '..', 'samples', 'sample.xlsx');
const SCRATCH_COL = 30; // column AD, right of every table

async function evaluate(
  file: string,
  rules: OwnedConditionalFormat[],
  out: string,
  edit?: (wb: import('exceljs').Workbook) => void,
) {
  const wb = await loadWorkbook(file);
  edit?.(wb);
  const cells: { sheet: string; row: number; kind: string }[] = [];
  for (const f of rules) {
    if (f.rule.type !== 'expression') continue;
    // Every cell of every area (areas separated by spaces), with the rule's expression as Excel reads it
    // there: written for the first area's top-left cell, relative rows moved to the cell's row.
    const boxes = f.range.split(' ').map((a) => parseRange(a)!);
    const ws = wb.getWorksheet(f.sheet)!;
    for (const box of boxes) {
      for (let r = box.top; r <= box.bottom; r++) {
        for (let c = box.left; c <= box.right; c++) {
          // one scratch column per rule kind and score column
          const col = SCRATCH_COL + (f.rule.fill === 'FFC7CE' ? 0 : 1 + c);
          const expression = shiftFormulaRows(f.rule.formula, r - boxes[0].top);
          ws.getCell(r + 1, col + 1).value = { formula: `IF(${expression},"FLAG","")` };
          cells.push({ sheet: f.sheet, row: r + 1, kind: f.rule.fill === 'FFC7CE' ? 'evidence' : 'max' });
        }
      }
    }
  }
  await wb.xlsx.writeFile(out);
  const grids = await recalculate(out);
  const flagged = new Set<string>();
  for (const sheet of new Set(cells.map((c) => c.sheet))) {
    const grid = grids.get(sheet)!;
    grid.forEach((row, r) =>
      row.forEach((v, c) => v === 'FLAG' && flagged.add(`${sheet}!${r + 1}:${c === SCRATCH_COL ? 'evidence' : 'max'}`)),
    );
  }
  return flagged;
}

beforeAll(() => requireLibreOffice());

test('the highlights flag exactly the rows the engine reports, and clear when evidence is typed', async () => {
  const ranked = path.join(dir, 'ranked.xlsx');
  const { plan, analysis } = await writeResults(SAMPLE, ranked);
  const rules = plan.ops.flatMap((o) =>
    o.kind === 'addConditionalFormat' &&
    o.format.rule.type === 'expression' &&
    // the unit sheets' rules (the results sheets have their own: errors on the findings sheet, classes on rankings)
    ![plan.names.findings, ...plan.names.ranking].includes(o.format.sheet)
      ? [o.format]
      : [],
  );
  // one rule per unit sheet, column and kind (14 unit sheets: evidence, and above the maximum in 2 columns)
  expect(rules.length).toBe(42);

  const expected = new Set(
    analysis.findings.flatMap((f) => {
      const row = f.cell ? Number(/\d+$/.exec(f.cell)![0]) : 0;
      if (f.code === 'EVIDENCE_MISSING' || f.code === 'EVIDENCE_PLACEHOLDER') return [`${f.sheet}!${row}:evidence`];
      if (f.code === 'SCORE_ABOVE_MAX') return [`${f.sheet}!${row}:max`];
      return [];
    }),
  );
  expect(expected.size).toBe(4);
  const flagged = await evaluate(ranked, rules, path.join(dir, 'eval-1.xlsx'));
  expect([...flagged].sort()).toEqual([...expected].sort());

  // Sở Ngoại vụ types its evidence for row 27: that highlight clears, the other stays.
  const after = await evaluate(ranked, rules, path.join(dir, 'eval-2.xlsx'), (wb) => {
    wb.getWorksheet('Sở Ngoại vụ')!.getCell('F27').value = 'Báo cáo số 15/BC-SNgV ngày 10/12/2024';
  });
  expect(after.has('Sở Ngoại vụ!27:evidence')).toBe(false);
  expect(after.has('Sở Ngoại vụ!89:evidence')).toBe(true);
});
