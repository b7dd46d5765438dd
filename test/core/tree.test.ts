import { recognizeLayout } from '../../src/core/layout';
import { buildCriteriaTree, classifyCode, isTotalLabel } from '../../src/core/tree';
import type { CellValue } from '../../src/core/types';

function treeOf(rows: CellValue[][]) {
  const sheet = { name: 'T', rows: [['STT', 'Nội dung', 'Điểm tối đa'], ...rows] };
  const r = recognizeLayout(sheet);
  if (!r.ok) throw new Error('layout');
  return buildCriteriaTree(sheet, r.layout);
}

test('code shapes', () => {
  expect(classifyCode('II')).toEqual({ shape: 'roman', token: 'II' });
  expect(classifyCode('IV.')).toEqual({ shape: 'roman', token: 'IV' });
  expect(classifyCode('1.1.2')).toEqual({ shape: 'dotted', token: '1.1.2', depth: 3 });
  expect(classifyCode('3.')).toEqual({ shape: 'dotted', token: '3', depth: 1 });
  expect(classifyCode('b)')).toEqual({ shape: 'letter', token: 'b' });
  expect(classifyCode('đ)')).toEqual({ shape: 'letter', token: 'đ' });
  expect(classifyCode('-')).toEqual({ shape: 'bullet' });
  expect(classifyCode('')).toEqual({ shape: 'none' });
});

test('total rows are recognised, criteria that start with "Công" are not', () => {
  expect(isTotalLabel('TỔNG ĐIỂM')).toBe(true);
  expect(isTotalLabel('Tổng cộng')).toBe(true);
  expect(isTotalLabel('Cộng')).toBe(true);
  expect(isTotalLabel('Công khai thủ tục hành chính')).toBe(false);
  expect(isTotalLabel('Tổng hợp báo cáo định kỳ')).toBe(false);
});

test('dotted numbering: 1, 1.1, 1.1.2', () => {
  const { tree } = treeOf([
    ['1', 'Area', 3],
    ['1.1', 'C', 3],
    ['1.1.1', 'S', 1],
    ['1.1.2', 'S', 2],
    ['2', 'Area', 1],
    ['2.1', 'C', 1],
    [null, 'Tổng điểm', 4],
  ]);
  expect(tree.rows.map((r) => [r.key, r.level, r.parentKey])).toEqual([
    ['1', 1, null],
    ['1.1', 2, '1'],
    ['1.1.1', 3, '1.1'],
    ['1.1.2', 3, '1.1'],
    ['2', 1, null],
    ['2.1', 2, '2'],
  ]);
  expect(tree.totalRow).toBe(7);
});

test('mixed numbering: Roman areas, criteria restarting at 1, letters and dashes; identity is the path', () => {
  const { tree, duplicates } = treeOf([
    ['I', 'A1', 4],
    ['1', 'C', 2],
    ['a)', 's', 1],
    ['b)', 's', 1],
    ['2', 'C', 2],
    ['2.1', 's', 1],
    ['2.2', 's', 1],
    ['II', 'A2', 3],
    ['1', 'C', 3],
    ['-', 'bullet', 1],
    ['-', 'bullet', 2],
  ]);
  expect(duplicates).toEqual([]);
  expect(tree.rows.map((r) => r.key)).toEqual([
    'I',
    'I.1',
    'I.1.a',
    'I.1.b',
    'I.2',
    'I.2.1',
    'I.2.2',
    'II',
    'II.1',
    'II.1.-1',
    'II.1.-2',
  ]);
  expect(tree.byKey.get('I.2.2')?.parentKey).toBe('I.2');
  expect(tree.byKey.get('II.1.-2')?.parentKey).toBe('II.1');
  expect(tree.children.get(null)?.map((r) => r.key)).toEqual(['I', 'II']);
});

test('codes written inside the name when there is no code column', () => {
  const sheet = {
    name: 'T',
    rows: [
      ['Nội dung', 'Điểm tối đa'],
      ['I. Chỉ đạo', 3],
      ['1. Kế hoạch', 3],
      ['a) Kịp thời', 1],
      ['b) Đủ', 2],
    ] as CellValue[][],
  };
  const r = recognizeLayout(sheet);
  expect(r.ok).toBe(true);
  if (!r.ok) return;
  const { tree } = buildCriteriaTree(sheet, r.layout);
  expect(tree.rows.map((x) => [x.key, x.name])).toEqual([
    ['I', 'Chỉ đạo'],
    ['I.1', 'Kế hoạch'],
    ['I.1.a', 'Kịp thời'],
    ['I.1.b', 'Đủ'],
  ]);
});

test('duplicated paths are reported and kept apart', () => {
  const { tree, duplicates } = treeOf([
    ['1', 'A', 2],
    ['1.1', 'x', 1],
    ['1.1', 'y', 1],
  ]);
  expect(duplicates).toEqual([{ key: '1.1', row: 3 }]);
  expect(tree.rows).toHaveLength(3);
});

test('bonus and penalty criteria by name; penalties get a negative floor', () => {
  const { tree } = treeOf([
    ['1', 'Area', 2],
    ['1.1', 'x', 2],
    ['2', 'Điểm thưởng', 1],
    ['2.1', 'Sáng kiến', 1],
    ['3', 'Điểm trừ', -2],
    ['3.1', 'Vi phạm', -2],
  ]);
  expect(tree.byKey.get('2.1')?.kind).toBe('bonus');
  expect(tree.byKey.get('3.1')).toMatchObject({ kind: 'penalty', floor: -2 });
  expect(tree.byKey.get('1.1')?.kind).toBe('normal');
});

test('rows that are neither criteria nor totals are skipped; cell content never throws', () => {
  const { tree } = treeOf([
    ['I', 'A', 1],
    [null, 'Ghi chú: các tiêu chí dưới đây…', null],
    ['1', { error: '#REF!' } as CellValue, { error: '#N/A' }],
    [true, 12, 'abc'],
  ]);
  expect(tree.rows.map((r) => r.key)).toEqual(['I', 'I.1', 'I.1.TRUE']);
  expect(tree.byKey.get('I.1')?.max).toBeNull();
});
