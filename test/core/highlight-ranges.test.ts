// Highlights by range (src/core/results-sheets.ts, evidenceFlagRules): one rule per column and kind on each unit
// sheet, whose areas cover exactly the criterion rows one rule per row covered, and whose formula, read by Excel
// for each of those cells (relative rows moved from the first area's top), is that row's own rule.
import { cellAddress, columnLetter, parseRange } from '../../src/core/address';
import { analyzeWorkbook } from '../../src/core/analyze';
import { isTaggedHighlight, type WritePlan } from '../../src/core/plan-types';
import { planResults } from '../../src/core/results-plan';
import { columnAreas, MAX_HIGHLIGHT_RANGE_LENGTH } from '../../src/core/results-sheets';
import { aboveMaxFormula } from '../../src/core/rules/bounds';
import { evidenceFlagFormulas } from '../../src/core/rules/evidence';
import { placeholderList } from '../../src/core/results-block';
import { highlightedRows } from '../../src/core/rules/level-rows';
import type { Analysis, CellValue, WorkbookSnapshot } from '../../src/core/types';
import { shiftFormulaRows } from '../../src/workbook/file-formula';
import { readXlsxFile } from '../../src/workbook/xlsx-file';
import { unitSheet, type UnitRow } from '../helpers/sheets';

const EVIDENCE_FILL = 'FFC7CE';
type Kind = 'evidence' | 'max';

/** Every cell a plan's tagged highlights cover, `sheet!A1 kind`, with the formula Excel evaluates there. */
function planCells(plan: WritePlan): { cells: Map<string, string>; rules: Map<string, number> } {
  const cells = new Map<string, string>();
  const rules = new Map<string, number>();
  for (const op of plan.ops) {
    if (op.kind !== 'addConditionalFormat' || op.format.rule.type !== 'expression') continue;
    if (!isTaggedHighlight(op.format.rule.formula)) continue;
    const { sheet, range, rule } = op.format;
    const kind: Kind = rule.fill === EVIDENCE_FILL ? 'evidence' : 'max';
    const areas = range.split(' ').map((a) => parseRange(a)!);
    expect(range.length).toBeLessThanOrEqual(MAX_HIGHLIGHT_RANGE_LENGTH);
    // one column per rule, areas top to bottom and apart
    for (let i = 0; i < areas.length; i++) {
      expect([areas[i].left, areas[i].right]).toEqual([areas[0].left, areas[0].left]);
      if (i > 0) expect(areas[i].top).toBeGreaterThan(areas[i - 1].bottom + 1);
    }
    const key = `${sheet}|${kind}|${columnLetter(areas[0].left)}`;
    rules.set(key, (rules.get(key) ?? 0) + 1);
    for (const a of areas) {
      for (let r = a.top; r <= a.bottom; r++) {
        const cell = `${sheet}!${cellAddress(r, a.left)} ${kind}`;
        expect(cells.has(cell)).toBe(false);
        cells.set(cell, shiftFormulaRows(rule.formula, r - areas[0].top));
      }
    }
  }
  return { cells, rules };
}

/** What one rule per criterion row covered (the plan before rules by range), with each row's own formula. */
function perRowCells(analysis: Analysis, calcNames: string[]): Map<string, string> {
  const out = new Map<string, string>();
  for (const reading of analysis.sheets) {
    if (reading.role !== 'unit' || !reading.layout || !reading.tree || !reading.block) continue;
    const index = analysis.blocks.findIndex((b) => b.name === reading.block);
    const block = analysis.blocks[index];
    const flag = evidenceFlagFormulas(placeholderList(block, calcNames[index], analysis.settings.placeholderEvidence));
    const template = analysis.sheets.find((s) => s.sheet === block.template)?.tree;
    if (!template) continue;
    const cols = reading.layout.columns;
    const scores = [cols.self, cols.appraised].filter((c): c is number => c !== undefined);
    for (const { row, criterion } of highlightedRows(reading.tree, template)) {
      if (cols.evidence !== undefined && scores.length > 0 && criterion.evidenceRequired) {
        out.set(
          `${reading.sheet}!${cellAddress(row, cols.evidence)} evidence`,
          flag(row + 1, { scores, evidence: cols.evidence, explanation: cols.explanation }),
        );
      }
      if (cols.max === undefined) continue;
      for (const c of scores) {
        out.set(
          `${reading.sheet}!${cellAddress(row, c)} max`,
          aboveMaxFormula(`${columnLetter(c)}${row + 1}`, `$${columnLetter(cols.max)}${row + 1}`),
        );
      }
    }
  }
  return out;
}

const sorted = (m: Map<string, string>) => [...m].sort((a, b) => (a[0] < b[0] ? -1 : 1));

test('the sample: one rule per column and kind on each unit sheet, covering every cell as one rule per row did', async () => {
  const { snapshot } = await readXlsxFile('samples/sample.xlsx');
  const analysis = analyzeWorkbook(snapshot);
  const plan = planResults(snapshot, analysis);
  const { cells, rules } = planCells(plan);
  const before = perRowCells(analysis, plan.names.calc);
  // 2,586 cells, which one rule per run of consecutive rows took 912 rules to cover (per row: 2,586)
  expect(before.size).toBe(2586);
  expect(sorted(cells)).toEqual(sorted(before));
  // 14 unit sheets × (evidence + above the maximum in two score columns)
  expect([...rules.values()].every((n) => n === 1)).toBe(true);
  expect(rules.size).toBe(42);
  expect(new Set([...rules.keys()].map((k) => k.split('|')[0])).size).toBe(14);
});

/** A template of 100 criteria of 3 scored sub-criteria each, b) without evidence required: 300 scored rows. */
function bigWorkbook(): WorkbookSnapshot {
  const template: CellValue[][] = [
    ['BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC'],
    [],
    ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Bắt buộc TLKC'],
    ['I', 'Công tác cải cách hành chính', 300],
  ];
  const unit: UnitRow[] = [['I', 'Công tác cải cách hành chính', 300]];
  for (let k = 1; k <= 100; k++) {
    template.push([String(k), `Tiêu chí ${k}`, 3]);
    unit.push([String(k), `Tiêu chí ${k}`, 3]);
    for (const [code, needed] of [
      ['a)', 'Có'],
      ['b)', 'Không'],
      ['c)', 'Có'],
    ]) {
      template.push([code, `Nội dung ${k}${code}`, 1, needed]);
      // some scored with no evidence, some above the maximum
      unit.push([code, `Nội dung ${k}${code}`, 1, k % 7 === 0 ? 2 : 1, 1, k % 5 === 0 ? null : 'Văn bản số 1']);
    }
  }
  return { sheets: [{ name: 'Bộ tiêu chí', rows: template }, unitSheet('Sở A', 'Sở A', unit)] };
}

test('a unit sheet of 300 scored rows gets one rule per column and kind, covering every cell as before', () => {
  const snapshot = bigWorkbook();
  const analysis = analyzeWorkbook(snapshot);
  expect(analysis.blocks[0].units).toHaveLength(1);
  const plan = planResults(snapshot, analysis);
  const { cells, rules } = planCells(plan);
  const before = perRowCells(analysis, plan.names.calc);
  expect(before.size).toBe(200 + 2 * 300);
  expect(sorted(cells)).toEqual(sorted(before));
  expect([...rules.keys()].sort()).toEqual(['Sở A|evidence|F', 'Sở A|max|D', 'Sở A|max|E']);
  expect([...rules.values()].every((n) => n <= 2)).toBe(true);
  // and they flag what the engine finds (each row's formula is the one flags.test.ts evaluates in LibreOffice)
  const codes = new Set(analysis.findings.map((f) => f.code));
  expect(codes).toContain('EVIDENCE_MISSING');
  expect(codes).toContain('SCORE_ABOVE_MAX');
});

test('a column of many areas is split into ranges under the length bound, each with its own first row', () => {
  const rows = Array.from({ length: 3000 }, (_, i) => 2 * i + 6);
  const ranges = columnAreas(rows, 5);
  expect(ranges.length).toBeGreaterThan(1);
  for (const r of ranges) {
    expect(r.range.length).toBeLessThanOrEqual(MAX_HIGHLIGHT_RANGE_LENGTH);
    expect(parseRange(r.range.split(' ')[0])!.top).toBe(r.top);
  }
  expect(ranges.flatMap((r) => r.range.split(' '))).toEqual(rows.map((r) => cellAddress(r, 5)));
  // runs of consecutive rows are one area
  expect(columnAreas([6, 7, 8, 10, 12, 13], 5)).toEqual([{ range: 'F7:F9 F11 F13:F14', top: 6 }]);
  expect(columnAreas([], 5)).toEqual([]);
});
