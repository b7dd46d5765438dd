// The trees of identical criteria tables are built once (CriteriaTrees): a sheet gets the tree a fresh build
// would give it, shared only with sheets whose table reads the same.
import fc from 'fast-check';
import { recognizeLayout } from '../../src/core/layout';
import { buildCriteriaTree, CriteriaTrees } from '../../src/core/tree';
import type { CellValue, SheetLayout, SheetSnapshot } from '../../src/core/types';

// Every column a tree reads (code … evidence required), and three it does not (scores, evidence).
const HEADER: CellValue[] = [
  'STT',
  'Nội dung',
  'Điểm tối đa',
  'Tự chấm',
  'Thẩm định',
  'Tài liệu kiểm chứng',
  'Loại',
  'Điểm sàn',
  'Mức điểm',
  'Cho phép KAD',
  'Bắt buộc TLKC',
];
const BASE: CellValue[][] = [
  ['1', '2', '3', '4', '5', '6', '7', '8', '9', '10', '11'],
  ['I', 'Lĩnh vực 1', 3, 2, 2, 'BC 1', null, null, null, null, null],
  ['1', 'Tiêu chí 1', 2, 1.5, 1, 'BC 2', null, null, '0;1;2', 'x', 'x'],
  ['-', 'Đúng hạn', 2, null, null, null, null, null, null, null, null],
  ['-', 'Chậm', 1, null, null, null, null, null, null, null, null],
  ['2', 'Tiêu chí 2', 1, 1, 1, 'BC 3', null, null, null, 'không', 'không'],
  ['a)', 'Điểm thưởng', 0.5, 0.5, null, null, 'Điểm thưởng', null, null, null, null],
  ['II', 'Lĩnh vực 2', 2, 1, 1, null, null, null, null, null, null],
  ['1', 'Tiêu chí 1', 2, 1, 1, 'KAD', null, null, null, null, null],
  ['2', 'Điểm trừ', 1, 0, 0, null, 'Điểm trừ', 1, null, null, null],
  [null, 'Tổng điểm', 5, null, null, null, null, null, null, null, null],
];

// Values a cell may take instead: of other types that read alike (1 and '1', 0 and -0, blank and hole).
const otherValue: fc.Arbitrary<CellValue | undefined> = fc.constantFrom<CellValue | undefined>(
  undefined,
  null,
  '',
  0,
  -0,
  1,
  '1',
  '1.1',
  'b)',
  '-',
  'II',
  'A',
  'Phần A',
  true,
  'x',
  'Điểm trừ',
  'Tổng điểm',
  { error: '#REF!' },
  '1 - 2',
  'Điểm thưởng',
  'bonus',
  '0;0.5;1',
  'không',
  2,
);

const edit = fc.record({
  row: fc.nat({ max: BASE.length - 1 }),
  col: fc.nat({ max: HEADER.length }),
  value: otherValue,
});

function sheetOf(edits: { row: number; col: number; value: CellValue | undefined }[]): SheetSnapshot {
  const rows = BASE.map((r) => [...r]);
  for (const e of edits) rows[e.row][e.col] = e.value as CellValue;
  return { name: 'Đơn vị', rows: [['Bảng tự chấm'], HEADER, ...rows] };
}

function layoutOf(sheet: SheetSnapshot): SheetLayout {
  const r = recognizeLayout(sheet);
  if (!r.ok) throw new Error('the header is fixed and readable');
  return r.layout;
}

test('the table has a column for every role a tree reads', () => {
  const { columns } = layoutOf(sheetOf([]));
  expect(columns).toMatchObject({
    code: 0,
    name: 1,
    max: 2,
    kind: 6,
    floor: 7,
    levels: 8,
    naAllowed: 9,
    evidenceRequired: 10,
  });
});

test('a sheet gets the tree a fresh build gives it, whatever the sheets before it', () => {
  fc.assert(
    fc.property(fc.array(fc.array(edit, { maxLength: 3 }), { minLength: 1, maxLength: 8 }), (sheetsEdits) => {
      const trees = new CriteriaTrees();
      for (const edits of sheetsEdits) {
        const sheet = sheetOf(edits);
        const layout = layoutOf(sheet);
        expect(trees.build(sheet, layout)).toEqual(buildCriteriaTree(sheet, layout));
      }
    }),
    { numRuns: 300 },
  );
});

test('sheets that differ only in scores, evidence and columns the tree does not read share one tree', () => {
  const trees = new CriteriaTrees();
  const first = sheetOf([]);
  const scored = sheetOf([
    { row: 2, col: 3, value: 0.25 },
    { row: 2, col: 5, value: 'BC khác' },
    { row: 1, col: 4, value: { error: '#N/A' } },
    { row: 5, col: 11, value: 'ghi chú' },
  ]);
  const built = trees.build(first, layoutOf(first));
  expect(trees.build(scored, layoutOf(scored))).toBe(built);
  // A name, a maximum or a code that reads differently is another table.
  for (const e of [
    { row: 2, col: 1, value: 'Tiêu chí một' },
    { row: 2, col: 2, value: 3 },
    { row: 5, col: 0, value: 2 },
    { row: 0, col: 3, value: 'x' }, // no longer a row of column numbers
    { row: 6, col: 6, value: null }, // no longer a bonus
    { row: 9, col: 7, value: 0.5 },
    { row: 2, col: 8, value: '0;2' },
    { row: 5, col: 9, value: 'x' },
    { row: 5, col: 10, value: 'x' },
  ]) {
    const other = sheetOf([e]);
    const tree = trees.build(other, layoutOf(other));
    expect(tree).not.toBe(built);
    expect(tree).toEqual(buildCriteriaTree(other, layoutOf(other)));
  }
});
