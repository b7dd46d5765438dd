// Two-row headers whose top row holds a GROUP cell merged over sub-columns: the sub-header's own meaning
// decides (evidence, explanation…); a generic `Điểm` takes self or appraised from the group above.
import { analyzeWorkbook } from '../../src/core/analyze';
import { recognizeLayout } from '../../src/core/layout';
import type { Analysis, CellValue, SheetSnapshot } from '../../src/core/types';

const TEMPLATE: SheetSnapshot = {
  name: 'Bộ tiêu chí',
  rows: [
    ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa'],
    ['1', 'Công tác chỉ đạo, điều hành', 100],
    ['1.1', 'Kế hoạch CCHC', 60],
    ['1.2', 'Báo cáo CCHC', 40],
  ],
};

const EVIDENCE_1 = 'Kế hoạch số 39/KH-BDT ngày 24/01/2022';
const EVIDENCE_2 = 'Báo cáo số 12/BC-SYT ngày 10/12/2023';

function analyze(unit: SheetSnapshot): Analysis {
  return analyzeWorkbook({ sheets: [TEMPLATE, unit] });
}

function readingOf(a: Analysis, sheet: string) {
  const reading = a.sheets.find((s) => s.sheet === sheet);
  if (!reading) throw new Error(`no reading for ${sheet}`);
  return reading;
}

function codes(a: Analysis, sheet: string): string[] {
  return a.findings.filter((f) => f.sheet === sheet).map((f) => f.code);
}

function unitResult(a: Analysis, sheet: string) {
  return a.blocks.flatMap((b) => b.units).find((u) => u.sheet === sheet);
}

const layoutOf = (rows: CellValue[][], merges: string[]) => {
  const r = recognizeLayout({ name: 'S', rows, merges });
  if (!r.ok) throw new Error(`layout not recognised: ${r.reason}`);
  return r.layout;
};

describe('group cells over score and evidence sub-columns (whole analysis)', () => {
  test('"Kết quả tự đánh giá" over Điểm | TLKC next to "Kết quả thẩm định" over Điểm | Ghi chú', () => {
    const a = analyze({
      name: 'Sở Y tế',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Kết quả tự đánh giá', null, 'Kết quả thẩm định', null],
        [null, null, null, 'Điểm', 'Tài liệu kiểm chứng', 'Điểm', 'Ghi chú'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, 80, null, 70, null],
        ['1.1', 'Kế hoạch CCHC', 60, 50, EVIDENCE_1, 40, null],
        ['1.2', 'Báo cáo CCHC', 40, 30, EVIDENCE_2, 30, 'HĐ giữ nguyên điểm'],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1', 'F1:G1'],
    });
    const reading = readingOf(a, 'Sở Y tế');
    expect(reading.role).toBe('unit');
    expect(reading.layout?.headerTop).toBe(0);
    expect(reading.layout?.headerRow).toBe(1);
    expect(reading.layout?.columns).toEqual({
      code: 0,
      name: 1,
      max: 2,
      self: 3,
      evidence: 4,
      appraised: 5,
      explanation: 6,
    });
    expect(codes(a, 'Sở Y tế')).not.toContain('EVIDENCE_MISSING');
    expect(unitResult(a, 'Sở Y tế')).toMatchObject({ points: 70, max: 100, percent: 70, rank: 1 });
  });

  test('"Tự đánh giá" over Điểm | TLKC | Giải trình next to "Thẩm định" over Điểm | Ghi chú', () => {
    const a = analyze({
      name: 'Sở Xây dựng',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Tự đánh giá', null, null, 'Thẩm định', null],
        [null, null, null, 'Điểm', 'Tài liệu kiểm chứng', 'Giải trình', 'Điểm', 'Ghi chú'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, 90, null, null, 85, null],
        ['1.1', 'Kế hoạch CCHC', 60, 55, EVIDENCE_1, null, 50, null],
        ['1.2', 'Báo cáo CCHC', 40, 35, null, 'Báo cáo đang trình ký', 35, null],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1', 'G1:H1'],
    });
    const reading = readingOf(a, 'Sở Xây dựng');
    expect(reading.layout?.columns).toEqual({
      code: 0,
      name: 1,
      max: 2,
      self: 3,
      evidence: 4,
      explanation: 5,
      appraised: 6,
    });
    expect(codes(a, 'Sở Xây dựng')).not.toContain('EVIDENCE_MISSING');
    expect(unitResult(a, 'Sở Xây dựng')).toMatchObject({ points: 85, percent: 85 });
  });

  test('"Đơn vị tự đánh giá" over Điểm | TLKC | Giải trình below a title row: the self column is kept and the unit ranked', () => {
    const a = analyze({
      name: 'Sở B',
      rows: [
        ['Đơn vị: Sở Tư pháp'],
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Đơn vị tự đánh giá', null, null],
        [null, null, null, 'Điểm', 'Tài liệu kiểm chứng', 'Giải trình'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, 80, null, null],
        ['1.1', 'Kế hoạch CCHC', 60, 50, EVIDENCE_1, null],
        ['1.2', 'Báo cáo CCHC', 40, 30, null, 'Đơn vị giải trình: văn bản đang trình ký'],
      ],
      merges: ['D2:F2', 'A2:A3', 'B2:B3', 'C2:C3'],
    });
    const reading = readingOf(a, 'Sở B');
    expect(reading.role).toBe('unit');
    expect(reading.unit).toBe('Sở Tư pháp');
    expect(reading.layout?.headerTop).toBe(1);
    expect(reading.layout?.headerRow).toBe(2);
    expect(reading.layout?.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, evidence: 4, explanation: 5 });
    expect(codes(a, 'Sở B')).not.toContain('NO_SCORE_COLUMN');
    expect(codes(a, 'Sở B')).not.toContain('EVIDENCE_MISSING');
    expect(unitResult(a, 'Sở B')).toMatchObject({ unit: 'Sở Tư pháp', points: 80, max: 100, percent: 80, rank: 1 });
  });

  test('a real gap is still reported under a group header', () => {
    const a = analyze({
      name: 'Sở C',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Đơn vị tự đánh giá', null, null],
        [null, null, null, 'Điểm', 'TLKC', 'Giải trình'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, 80, null, null],
        ['1.1', 'Kế hoạch CCHC', 60, 50, EVIDENCE_1, null],
        ['1.2', 'Báo cáo CCHC', 40, 30, null, null],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:F1'],
    });
    const gaps = a.findings.filter((f) => f.sheet === 'Sở C' && f.code === 'EVIDENCE_MISSING');
    expect(gaps.map((f) => f.criterion)).toEqual(['1.2']);
  });

  test('several units on one template, one sheet per layout, are ranked together', () => {
    const unitA: SheetSnapshot = {
      name: 'Sở A',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Điểm tự đánh giá', null],
        [null, null, null, 'Điểm', 'TLKC'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, 90, null],
        ['1.1', 'Kế hoạch CCHC', 60, 55, EVIDENCE_1],
        ['1.2', 'Báo cáo CCHC', 40, 35, EVIDENCE_2],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1'],
    };
    const unitB: SheetSnapshot = {
      name: 'Sở B',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Kết quả tự đánh giá', null],
        [null, null, null, 'Tài liệu kiểm chứng', 'Số điểm'],
        ['1', 'Công tác chỉ đạo, điều hành', 100, null, 75],
        ['1.1', 'Kế hoạch CCHC', 60, EVIDENCE_1, 45],
        ['1.2', 'Báo cáo CCHC', 40, EVIDENCE_2, 30],
      ],
      merges: ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1'],
    };
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitA, unitB] });
    expect(readingOf(a, 'Sở A').layout?.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, evidence: 4 });
    expect(readingOf(a, 'Sở B').layout?.columns).toEqual({ code: 0, name: 1, max: 2, evidence: 3, self: 4 });
    expect(a.findings.filter((f) => f.code === 'EVIDENCE_MISSING' || f.code === 'NO_SCORE_COLUMN')).toEqual([]);
    expect(a.blocks).toHaveLength(1);
    expect(a.blocks[0].units.map((u) => [u.sheet, u.percent, u.rank])).toEqual([
      ['Sở A', 90, 1],
      ['Sở B', 75, 2],
    ]);
  });
});

describe('group cells: the column roles (recognizeLayout)', () => {
  const head = ['STT', 'Nội dung', 'Điểm tối đa'];
  const under = [null, null, null];
  const merged = ['A1:A2', 'B1:B2', 'C1:C2'];

  test.each([
    ['Điểm tự đánh giá', 'self'],
    ['Kết quả tự đánh giá', 'self'],
    ['Đơn vị tự chấm', 'self'],
    ['Điểm thẩm định', 'appraised'],
    ['Hội đồng thẩm định', 'appraised'],
  ])('"%s" over Điểm | TLKC | Giải trình: Điểm → %s', (group, role) => {
    const layout = layoutOf(
      [
        [...head, group, null, null],
        [...under, 'Điểm', 'TLKC', 'Giải trình'],
        ['1', 'x', 10, 5, 'KH 1', null],
      ],
      [...merged, 'D1:F1'],
    );
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, [role]: 3, evidence: 4, explanation: 5 });
  });

  test.each(['Điểm', 'Điểm số', 'Số điểm'])('a generic "%s" takes self or appraised from the group above', (points) => {
    const layout = layoutOf(
      [
        [...head, 'Tự đánh giá', null, 'Thẩm định', null],
        [...under, points, 'Minh chứng', points, 'Ghi chú'],
        ['1', 'x', 10, 5, 'KH 1', 4, null],
      ],
      [...merged, 'D1:E1', 'F1:G1'],
    );
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, evidence: 4, appraised: 5, explanation: 6 });
  });

  test('a group text never makes evidence or explanation a score column, whatever the order', () => {
    const layout = layoutOf(
      [
        [...head, 'Kết quả tự đánh giá', null, null],
        [...under, 'Tài liệu kiểm chứng', 'Giải trình', 'Điểm'],
        ['1', 'x', 10, 'KH 1', null, 5],
      ],
      [...merged, 'D1:F1'],
    );
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, evidence: 3, explanation: 4, self: 5 });
  });

  test('under one group, the column that says "Điểm" is the score, not a neighbour without a meaning', () => {
    const layout = layoutOf(
      [
        [...head, 'Kết quả tự đánh giá', null],
        [...under, 'Tỷ lệ %', 'Điểm'],
        ['1', 'x', 10, 50, 5],
      ],
      [...merged, 'D1:E1'],
    );
    expect(layout.columns.self).toBe(4);
  });

  test('the group cell is read through the merges: covered cells are null', () => {
    // Without the merge the second sub-column has no group above it and its `Điểm` means nothing.
    const rows: CellValue[][] = [
      [...head, 'Kết quả tự đánh giá', null],
      [...under, 'TLKC', 'Điểm'],
      ['1', 'x', 10, 'KH 1', 5],
    ];
    expect(layoutOf(rows, [...merged, 'D1:E1']).columns).toEqual({ code: 0, name: 1, max: 2, evidence: 3, self: 4 });
    expect(layoutOf(rows, merged).columns.self).not.toBe(4);
  });

  test('sub-headers that name code and name under a "Tiêu chí" group keep their meaning', () => {
    const layout = layoutOf(
      [
        ['Tiêu chí', null, 'Điểm tối đa', 'Điểm tự đánh giá'],
        ['Mã', 'Tên tiêu chí', null, null],
        ['1', 'x', 10, 5],
      ],
      ['A1:B1', 'C1:C2', 'D1:D2'],
    );
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3 });
  });
});

describe('the usual layouts still read as before', () => {
  test('"Điểm" over Tự đánh giá | Thẩm định, under a merged title', () => {
    const layout = layoutOf(
      [
        ['BẢNG TỔNG HỢP ĐIỂM CHỈ SỐ CCHC NĂM 2024', null, null, null, null, null],
        ['STT', 'Nội dung', 'Điểm tối đa', 'Điểm', null, 'Tài liệu kiểm chứng'],
        [null, null, null, 'Tự đánh giá', 'Thẩm định', null],
        ['I', 'x', 5, 4, 3, 'KH 1'],
      ],
      ['A1:F1', 'A2:A3', 'B2:B3', 'C2:C3', 'D2:E2', 'F2:F3'],
    );
    expect(layout.headerTop).toBe(1);
    expect(layout.headerRow).toBe(2);
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5 });
  });

  test('a column-number row under a one-row header keeps the header roles', () => {
    const layout = layoutOf(
      [
        [
          'STT',
          'Lĩnh vực, tiêu chí',
          'Điểm tối đa',
          'Điểm tự đánh giá',
          'Điểm thẩm định',
          'Tài liệu kiểm chứng',
          'Giải trình',
        ],
        ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)', '(7)'],
        ['1', 'x', 10, 8, 7, 'KH 1', null],
      ],
      [],
    );
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5, explanation: 6 });
  });

  test('a column-number row under a two-row group header', () => {
    const layout = layoutOf(
      [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Kết quả tự đánh giá', null, 'Kết quả thẩm định'],
        [null, null, null, 'Điểm', 'TLKC', null],
        ['(1)', '(2)', '(3)', '(4)', '(5)', '(6)'],
        ['1', 'x', 10, 8, 'KH 1', 7],
      ],
      ['A1:A2', 'B1:B2', 'C1:C2', 'D1:E1', 'F1:F2'],
    );
    expect(layout.headerRow).toBe(1);
    expect(layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, evidence: 4, appraised: 5 });
  });
});

test('a citation split under "Tài liệu kiểm chứng" (number and date of the document) is all evidence, not a code column', () => {
  const EV = 'Kế hoạch số 39/KH-UBND ngày 24/01/2024';
  const template: SheetSnapshot = {
    name: 'Bộ tiêu chí',
    rows: [
      ['STT', 'Nội dung', 'Điểm tối đa'],
      ['1', 'Chỉ đạo', 100],
      ['1.1', 'Kế hoạch', 60],
      ['1.2', 'Báo cáo', 40],
    ],
  };
  const unit: SheetSnapshot = {
    name: 'Sở A',
    rows: [
      ['Đơn vị: Sở A'],
      ['STT', 'Nội dung', 'Điểm tối đa', 'Điểm tự đánh giá', 'Tài liệu kiểm chứng', null],
      [null, null, null, null, 'Số, ký hiệu văn bản', 'Ngày ban hành'],
      ['1', 'Chỉ đạo', 100, 90, null, null],
      ['1.1', 'Kế hoạch', 60, 50, '39/KH-UBND', '24/01/2024'],
      ['1.2', 'Báo cáo', 40, 40, EV, '15/12/2024'],
    ],
    merges: ['A2:A3', 'B2:B3', 'C2:C3', 'D2:D3', 'E2:F2'],
  };
  const a = analyzeWorkbook({ sheets: [template, unit] });
  expect(a.sheets.find((s) => s.sheet === 'Sở A')?.layout?.columns).toMatchObject({
    code: 0,
    name: 1,
    max: 2,
    self: 3,
    evidence: 4,
  });
  expect(a.blocks[0].units.map((u) => [u.sheet, u.percent])).toEqual([['Sở A', 90]]);
  expect(a.findings.filter((f) => f.severity !== 'info')).toEqual([]);
});
