// Scoring-level rows (src/core/rules/level-rows.ts): the engine does not count a score written on a level row,
// and the live formulas agree by never reading one: the calculation sheet reads each criterion on its own row
// and the highlights cover criterion rows only.
import { parseAddress, parseRange } from '../../src/core/address';
import { analyzeWorkbook } from '../../src/core/analyze';
import { isPlanFormula } from '../../src/core/plan-types';
import { formulaA1 } from '../../src/core/r1c1';
import { planResults } from '../../src/core/results-plan';
import { templateSheet, unitSheet, type TemplateRow, type UnitRow } from '../helpers/sheets';

const EV = 'Kế hoạch số 39/KH-UBND ngày 24/01/2024';

const TEMPLATE: TemplateRow[] = [
  ['I', 'Công tác chỉ đạo, điều hành', 10],
  ['1', 'Ban hành kế hoạch CCHC', 4],
  ['-', 'Ban hành đúng hạn', 4],
  ['-', 'Ban hành chậm', 2],
  ['-', 'Không ban hành', 0],
  ['2', 'Báo cáo', 6],
  ['II', 'Thủ tục hành chính', 90],
  ['1', 'Công khai thủ tục', 90],
];

// Unit sheet rows start at Excel row 6: I.1 is row 7, its levels rows 8–10.
const LEVEL_ROWS = [8, 9, 10];
const UNIT: UnitRow[] = [
  ['I', 'Công tác chỉ đạo, điều hành', 10],
  ['1', 'Ban hành kế hoạch CCHC', 4], // the criterion's own row left blank
  ['-', 'Ban hành đúng hạn', 4, 4, 4], // scored on a level row, without evidence
  ['-', 'Ban hành chậm', 2, 9], // above the level's points
  ['-', 'Không ban hành', 0],
  ['2', 'Báo cáo', 6, 6, 6, EV],
  ['II', 'Thủ tục hành chính', 90],
  ['1', 'Công khai thủ tục', 90, 90, 90, EV],
];

const snapshot = { sheets: [templateSheet('Bộ tiêu chí', TEMPLATE, 100), unitSheet('Sở A', 'Sở A', UNIT)] };

test('the engine does not count a score on a level row, and reports it where it is written', () => {
  const a = analyzeWorkbook(snapshot);
  const unit = a.blocks[0].units[0];
  expect(unit).toMatchObject({ points: 96, max: 100 });
  expect(unit.criteria.find((c) => c.key === 'I.1')).toMatchObject({ points: 0, max: 4 });
  const onLevels = a.findings.filter((f) => f.sheet === 'Sở A' && LEVEL_ROWS.includes(Number(f.cell?.slice(1))));
  // no evidence or maximum finding on them: they are not criteria
  expect(onLevels.map((f) => `${f.code} ${f.cell}`)).toEqual([
    'SCORE_ON_LEVEL_ROW D8',
    'SCORE_ON_LEVEL_ROW E8',
    'SCORE_ON_LEVEL_ROW D9',
  ]);
});

test('the live formulas read the criterion on its own row, never a level row, and carry the engine values', () => {
  const a = analyzeWorkbook(snapshot);
  const plan = planResults(snapshot, a);
  const calc = plan.names.calc[0];
  const referenced = new Set<number>();
  const i1: unknown[] = [];
  for (const op of plan.ops) {
    if (op.kind !== 'setCells' || op.sheet !== calc) continue;
    const at = parseAddress(op.address)!;
    op.cells.forEach((row, r) => {
      const formulas = row.filter(isPlanFormula);
      row.forEach((cell, c) => {
        if (!isPlanFormula(cell)) return;
        const a1 = formulaA1(cell, at.row + r, at.col + c);
        for (const m of a1.matchAll(/'Sở A'!\$?[A-Z]{1,3}\$?(\d+)/g)) referenced.add(Number(m[1]));
      });
      if (row[0] === 'I.1') i1.push(...formulas.map((x) => x.expected));
    });
  }
  expect([...referenced].sort((x, y) => x - y)).toEqual([6, 7, 11, 12, 13]);
  // cell counted (no value), N/A flag 0, points 0, maximum 4: the engine's
  expect(i1).toEqual([undefined, 0, 0, 4]);

  const highlighted = plan.ops.flatMap((op) => {
    if (op.kind !== 'addConditionalFormat' || op.format.sheet !== 'Sở A') return [];
    // every area of the rule's range (areas separated by spaces)
    return op.format.range.split(' ').flatMap((area) => {
      const box = parseRange(area)!;
      return Array.from({ length: box.bottom - box.top + 1 }, (_, k) => box.top + k + 1);
    });
  });
  expect(highlighted.length).toBeGreaterThan(0);
  expect(highlighted.filter((r) => LEVEL_ROWS.includes(r))).toEqual([]);
});
