// Properties over generated workbooks: reading never throws; ranks follow exact percentages;
// "not applicable" never lifts a percentage above 100; sheet order changes nothing.
import fc from 'fast-check';
import { analyzeWorkbook } from '../../src/core/analyze';
import { competitionRanks } from '../../src/core/rules/ranking';
import type { Analysis, CellValue, SheetSnapshot } from '../../src/core/types';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from '../helpers/sheets';

const anyCell: fc.Arbitrary<CellValue> = fc.oneof(
  fc.constant(null),
  fc.double(),
  fc.integer({ min: -5, max: 120 }),
  fc.boolean(),
  fc.string(),
  fc.constantFrom(
    'STT',
    'TT',
    'Nội dung',
    'Điểm tối đa',
    'Tự chấm',
    'Thẩm định',
    'TLKC',
    'Giải trình',
    'Tổng điểm',
    'I',
    'II',
    '1',
    '1.1',
    'a)',
    '-',
    'KAD',
    '1,5',
    '88,52%',
    '#REF!',
    'Đơn vị: Sở A',
    'Cấu hình',
    'Chung',
    'Xếp loại',
  ),
  fc.constantFrom<CellValue>({ error: '#REF!' }, { error: '#DIV/0!' }, { error: '' }),
);
const anyGrid = fc.array(fc.array(anyCell, { maxLength: 9 }), { maxLength: 30 });
const anySheet: fc.Arbitrary<SheetSnapshot> = fc.record({
  name: fc.oneof(fc.string({ minLength: 1, maxLength: 31 }), fc.constantFrom('Bộ tiêu chí', 'Cấu hình', 'Sở A', 'Mẫu')),
  rows: anyGrid,
  merges: fc.option(fc.array(fc.constantFrom('A1:B2', 'C3:C4', 'D3:E3', 'ZZ1:A1', 'nonsense'), { maxLength: 3 }), {
    nil: undefined,
  }),
});

test('reading never throws on any grid, and every finding is well formed', () => {
  fc.assert(
    fc.property(fc.array(anySheet, { maxLength: 5 }), (sheets) => {
      const a = analyzeWorkbook({ sheets });
      for (const f of a.findings) {
        expect(['error', 'warning', 'info']).toContain(f.severity);
        expect(f.message).toContain(' / ');
        expect(typeof f.sheet).toBe('string');
      }
      for (const b of a.blocks) for (const u of b.units) expect(Number.isFinite(u.exactPercent)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('reading never throws on a recognisable table with any cell content', () => {
  fc.assert(
    fc.property(fc.array(fc.array(anyCell, { minLength: 7, maxLength: 7 }), { maxLength: 25 }), (rows) => {
      const tpl = templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10);
      const unit: SheetSnapshot = {
        name: 'Sở A',
        rows: [['STT', 'Nội dung', 'Điểm tối đa', 'Tự chấm', 'Thẩm định', 'TLKC', 'Giải trình'], ...rows],
      };
      const a = analyzeWorkbook({ sheets: [tpl, unit] });
      for (const b of a.blocks) for (const u of b.units) expect(Number.isFinite(u.points)).toBe(true);
    }),
    { numRuns: 300 },
  );
});

test('ranks are a permutation-consistent function of the exact percentages', () => {
  fc.assert(
    fc.property(
      fc.array(fc.oneof(fc.double({ min: 0, max: 100, noNaN: true }), fc.constantFrom(50, 75, 90.02)), {
        minLength: 1,
        maxLength: 40,
      }),
      fc.infiniteStream(fc.nat()),
      (values, stream) => {
        const ranks = competitionRanks(values);
        // rank = 1 + the number of strictly higher values; equal values share a rank
        values.forEach((v, i) => {
          expect(ranks[i]).toBe(1 + values.filter((w) => w > v + 1e-9).length);
          values.forEach((w, j) => {
            if (v > w + 1e-9) expect(ranks[i]).toBeLessThan(ranks[j]);
            if (v === w) expect(ranks[i]).toBe(ranks[j]);
          });
        });
        const order = values.map((_, i) => i);
        const it = stream[Symbol.iterator]();
        for (let i = order.length - 1; i > 0; i--) {
          const j = (it.next().value as number) % (i + 1);
          [order[i], order[j]] = [order[j], order[i]];
        }
        const shuffled = competitionRanks(order.map((i) => values[i]));
        order.forEach((orig, pos) => expect(shuffled[pos]).toBe(ranks[orig]));
      },
    ),
    { numRuns: 300 },
  );
});

// A leaf score within its maximum, or "not applicable".
const leafScore = (max: number): fc.Arbitrary<CellValue> =>
  fc.oneof(
    fc.integer({ min: 0, max: max * 4 }).map((q) => q / 4),
    fc.constant('Không áp dụng'),
    fc.constant('KAD'),
  );
const unitScores = fc.tuple(leafScore(2), leafScore(2), leafScore(2), leafScore(4));

test('"not applicable" never raises a percentage above 100', () => {
  fc.assert(
    fc.property(unitScores, fc.boolean(), (scores, areaNa) => {
      const rows = smallUnitRows(scores);
      if (areaNa) rows[0] = ['I', 'Công tác chỉ đạo, điều hành CCHC', 6, 'KAD', 'KAD'];
      const a = analyzeWorkbook({
        sheets: [templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10), unitSheet('Sở A', 'Sở A', rows)],
      });
      const u = a.blocks[0].units[0];
      expect(u.exactPercent).toBeLessThanOrEqual(100 + 1e-9);
      expect(u.percent).toBeLessThanOrEqual(100);
      for (const c of u.criteria) expect(c.percent).toBeLessThanOrEqual(100 + 1e-9);
      expect(u.points).toBeLessThanOrEqual(u.max + 1e-9);
    }),
    { numRuns: 300 },
  );
});

function fingerprint(a: Analysis) {
  return {
    blocks: a.blocks.map((b) => ({
      name: b.name,
      average: b.averagePercent,
      units: b.units.map((u) => [u.sheet, u.unit, u.rank, u.points, u.max, u.percent, u.class]),
    })),
    findings: a.findings.map((f) => `${f.sheet}!${f.cell} ${f.code}`).sort(),
  };
}

test('shuffling the sheet order changes no result', () => {
  const anyScore: fc.Arbitrary<CellValue> = fc.oneof(
    fc.integer({ min: 0, max: 8 }).map((q) => q / 4),
    fc.constantFrom('KAD', null, '1,5', 3, -1, 'đạt'),
  );
  fc.assert(
    fc.property(
      fc.array(fc.tuple(anyScore, anyScore, anyScore, anyScore), { minLength: 1, maxLength: 8 }),
      fc.array(fc.nat(), { minLength: 10, maxLength: 10 }),
      (units, keys) => {
        const sheets: SheetSnapshot[] = [
          templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
          ...units.map((s, i) => unitSheet(`Sở ${i + 1}`, `Sở số ${i + 1}`, smallUnitRows(s))),
          { name: 'Bìa', rows: [['BÁO CÁO']] },
        ];
        const shuffled = sheets
          .map((s, i) => ({ s, k: keys[i % keys.length] * 100 + i }))
          .sort((x, y) => x.k - y.k)
          .map((x) => x.s);
        expect(fingerprint(analyzeWorkbook({ sheets: shuffled }))).toEqual(fingerprint(analyzeWorkbook({ sheets })));
      },
    ),
    { numRuns: 200 },
  );
});
