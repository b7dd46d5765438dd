import { findUnitName, isColumnNumberRow, recognizeLayout, roleOfHeader } from '../../src/core/layout';
import type { CellValue, SheetSnapshot } from '../../src/core/types';

const sheet = (rows: CellValue[][], merges?: string[]): SheetSnapshot => ({ name: 'S', rows, merges });

describe('header vocabulary: by meaning, ignoring case and diacritics', () => {
  test.each([
    ['STT', 'code'],
    ['TT', 'code'],
    ['Mã', 'code'],
    ['Số TT', 'code'],
    ['Mã tiêu chí', 'code'],
    ['Lĩnh vực, tiêu chí', 'name'],
    ['Nội dung', 'name'],
    ['Tiêu chí/Tiêu chí thành phần', 'name'],
    ['Điểm tối đa', 'max'],
    ['Điểm chuẩn', 'max'],
    ['Thang điểm', 'max'],
    ['DIEM TOI DA', 'max'],
    ['Điểm tự đánh giá', 'self'],
    ['Tự chấm', 'self'],
    ['Điểm TĐG', 'self'],
    ['Điểm tự chấm của đơn vị', 'self'],
    ['Điểm thẩm định', 'appraised'],
    ['Điểm HĐTĐ', 'appraised'],
    ['Kết quả thẩm định', 'appraised'],
    ['Tài liệu kiểm chứng', 'evidence'],
    ['TLKC', 'evidence'],
    ['Minh chứng', 'evidence'],
    ['Căn cứ chấm điểm', 'evidence'],
    ['Giải trình', 'explanation'],
    ['Thuyết minh', 'explanation'],
    ['Ghi chú', 'explanation'],
    ['Mức điểm', 'levels'],
    ['Điểm trừ tối đa', 'floor'],
    ['Bắt buộc TLKC', 'evidenceRequired'],
  ])('%s → %s', (text, role) => {
    expect(roleOfHeader(text)?.role).toBe(role);
  });
  test('unrelated headers are not recognised', () => {
    expect(roleOfHeader('Họ và tên')).toBeNull();
    expect(roleOfHeader('')).toBeNull();
  });
});

describe('recognizeLayout', () => {
  test('a one-row header below title rows', () => {
    const r = recognizeLayout(
      sheet([
        ['UBND TỈNH'],
        ['BỘ TIÊU CHÍ'],
        [],
        ['TT', 'Tiêu chí/Tiêu chí thành phần', 'Thang điểm', 'Tự chấm', 'Điểm HĐTĐ', 'TLKC', 'Thuyết minh'],
        ['1', 'x', 10],
      ]),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.layout.headerRow).toBe(3);
    expect(r.layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5, explanation: 6 });
  });

  test('a two-row header with merged cells ("Điểm" over "Tự đánh giá | Thẩm định")', () => {
    const r = recognizeLayout(
      sheet(
        [
          ['BẢNG ĐIỂM'],
          [],
          ['STT', 'Nội dung', 'Điểm tối đa', 'Điểm', null, 'Tài liệu kiểm chứng'],
          [null, null, null, 'Tự đánh giá', 'Thẩm định', null],
          ['I', 'x', 5],
        ],
        ['A3:A4', 'B3:B4', 'C3:C4', 'D3:E3', 'F3:F4'],
      ),
    );
    expect(r.ok).toBe(true);
    if (!r.ok) return;
    expect(r.layout.headerTop).toBe(2);
    expect(r.layout.headerRow).toBe(3);
    expect(r.layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5 });
  });

  test('an explicit mapping overrides recognition', () => {
    const s = sheet([
      ['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4'],
      ['1', 'Tiêu chí', 2, 1],
    ]);
    expect(recognizeLayout(s).ok).toBe(false);
    const r = recognizeLayout(s, { sheet: 'S', headerRow: 0, columns: { code: 0, name: 1, max: 2, self: 3 } });
    expect(r.ok && r.layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3 });
    expect(r.ok && r.layout.mapped).toBe(true);
  });

  test('a partial mapping completes recognition', () => {
    const s = sheet([
      ['STT', 'Nội dung', 'Điểm tối đa', 'Cột lạ'],
      ['1', 'x', 2, 1],
    ]);
    const r = recognizeLayout(s, { sheet: '*', columns: { self: 3 } });
    expect(r.ok && r.layout.columns).toEqual({ code: 0, name: 1, max: 2, self: 3 });
    expect(r.ok && r.layout.headerRow).toBe(0);
  });

  test('says why a sheet cannot be read', () => {
    expect(recognizeLayout(sheet([]))).toMatchObject({ ok: false, reason: 'empty' });
    expect(recognizeLayout(sheet([['Báo cáo tổng hợp'], ['Năm 2024']]))).toMatchObject({
      ok: false,
      reason: 'no-header',
    });
    expect(
      recognizeLayout(
        sheet([
          ['STT', 'Nội dung', 'Ghi chú'],
          ['1', 'x', ''],
        ]),
      ),
    ).toMatchObject({ ok: false, reason: 'incomplete', missing: ['max'] });
  });
});

test('column-number rows', () => {
  expect(isColumnNumberRow(['(1)', '(2)', '(3)', '(4)'])).toBe(true);
  expect(isColumnNumberRow([1, 2, 3, 4, 5])).toBe(true);
  expect(isColumnNumberRow(['1', 'Ban hành kế hoạch', 2])).toBe(false);
  expect(isColumnNumberRow([1, 2])).toBe(false);
  expect(isColumnNumberRow(['1', 'C', 2])).toBe(false);
  expect(isColumnNumberRow(['A', 'B', 1, 2, 3])).toBe(true);
});

test('unit name from the title rows', () => {
  expect(findUnitName(sheet([['BẢNG TỰ CHẤM'], ['Đơn vị: Sở Tư pháp'], ['STT']]), 2)).toBe('Sở Tư pháp');
  expect(findUnitName(sheet([['Tên đơn vị: UBND huyện Nậm Pồ']]), 1)).toBe('UBND huyện Nậm Pồ');
  expect(findUnitName(sheet([['Cơ quan tự đánh giá: Ban Dân tộc']]), 1)).toBe('Ban Dân tộc');
  expect(findUnitName(sheet([['BẢNG TỰ CHẤM'], ['STT']]), 1)).toBeNull();
});
