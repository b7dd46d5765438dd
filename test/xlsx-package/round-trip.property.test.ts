// Property: for generated workbooks (a template, unit sheets with any mix of scores, markers, text numbers and
// blanks, a user sheet of arbitrary text, a user rule), clean(rank(x)) has x's parts, byte for byte (styles.xml
// keeps the records rank appended, and nothing else changes in it), and rank(rank(x)) = rank(x).
import fc from 'fast-check';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../../src/core/analyze';
import { planClean, planResults } from '../../src/core/results-plan';
import type { CellValue } from '../../src/core/types';
import { readXlsxBytes } from '../../src/workbook/xlsx-file';
import { applyPlanToPackage } from '../../src/workbook/xlsx-package/apply-plan';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from '../helpers/sheets';
import { packageProblems, partsOf, plain, stylesWithoutAppended, xmlOf } from './package-check';

const score = fc.constantFrom<CellValue>(0, 0.5, 1, 2, 3, '1,5', 'Không áp dụng', 'KAD', null, 'x', -1, 7);
const text = fc.string({ unit: 'binary', maxLength: 12 });

interface Generated {
  units: { scores: [CellValue, CellValue, CellValue, CellValue]; evidence: boolean }[];
  notes: string[];
  userRule: boolean;
}

const generated: fc.Arbitrary<Generated> = fc.record({
  units: fc.array(fc.record({ scores: fc.tuple(score, score, score, score), evidence: fc.boolean() }), {
    minLength: 1,
    maxLength: 4,
  }),
  notes: fc.array(text, { maxLength: 4 }),
  userRule: fc.boolean(),
});

async function workbookOf(g: Generated): Promise<Buffer> {
  const sheets = [
    templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
    ...g.units.map((u, i) => {
      const rows = smallUnitRows(u.scores);
      if (!u.evidence) for (const r of rows) if (r.length > 5) r[5] = null;
      return unitSheet(`Đơn vị ${i + 1}`, `Đơn vị ${i + 1}`, rows);
    }),
  ];
  const wb = new ExcelJS.Workbook();
  for (const sheet of sheets) {
    const ws = wb.addWorksheet(sheet.name);
    for (const row of sheet.rows) ws.addRow(row);
    for (const m of sheet.merges ?? []) ws.mergeCells(m);
  }
  const notes = wb.addWorksheet('Ghi chú');
  g.notes.forEach((n, i) => (notes.getCell(i + 1, 1).value = n));
  if (g.userRule) {
    wb.getWorksheet('Đơn vị 1')!.addConditionalFormatting({
      ref: 'D6:D12',
      rules: [
        { type: 'cellIs', operator: 'greaterThan', formulae: ['1'], priority: 1, style: { font: { bold: true } } },
      ],
    });
  }
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function rank(bytes: Buffer): Buffer {
  const snapshot = readXlsxBytes(bytes);
  return applyPlanToPackage(bytes, planResults(snapshot, analyzeWorkbook(snapshot)));
}

function clean(bytes: Buffer): Buffer {
  return applyPlanToPackage(bytes, planClean(readXlsxBytes(bytes)));
}

test('clean(rank(x)) has x’s parts; rank(rank(x)) = rank(x)', async () => {
  await fc.assert(
    fc.asyncProperty(generated, async (g) => {
      const x = await workbookOf(g);
      const once = rank(x);
      expect(packageProblems(once)).toEqual([]);
      expect(rank(once).equals(once)).toBe(true);
      const back = partsOf(clean(once));
      const before = partsOf(x);
      expect(back.order).toEqual(before.order);
      for (const p of before.order) {
        if (p === 'xl/styles.xml') {
          expect(stylesWithoutAppended(xmlOf(back, p), xmlOf(before, p))).toEqual(plain(xmlOf(before, p)));
        } else expect([p, back.bytes.get(p)!.equals(before.bytes.get(p)!)]).toEqual([p, true]);
      }
    }),
    { numRuns: 25 },
  );
});
