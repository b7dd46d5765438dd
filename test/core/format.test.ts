import {
  formatDecimalVi,
  formatPercentVi,
  formatPointsVi,
  formatRankChangeVi,
  formatRankOf,
  roundTo2,
} from '../../src/core/format';

describe('roundTo2', () => {
  test('half up by default', () => {
    expect(roundTo2((68.32 / 84) * 100)).toBe(81.33);
    expect(roundTo2((5 / 5.5) * 100)).toBe(90.91);
    expect(roundTo2((10.59 / 11) * 100)).toBe(96.27);
    expect(roundTo2(12.345)).toBe(12.35);
    expect(roundTo2(1.005)).toBe(1.01);
  });
  test('truncation as some provinces publish (seed: 5/5,5 → 90,90; 62,62/70 → 89,45)', () => {
    expect(roundTo2((5 / 5.5) * 100, 'truncate')).toBe(90.9);
    expect(roundTo2((62.62 / 70) * 100, 'truncate')).toBe(89.45);
    // binary noise must not truncate a whole number down
    expect(roundTo2(0.57 * 100, 'truncate')).toBe(57);
  });
  test('never NaN', () => {
    expect(roundTo2(Number.NaN)).toBe(0);
    expect(roundTo2(-12.345)).toBe(-12.35);
  });
});

describe('Vietnamese formatting', () => {
  test('decimal comma, dot thousands', () => {
    expect(formatDecimalVi(88.52)).toBe('88,52');
    expect(formatDecimalVi(1234.5)).toBe('1.234,50');
    expect(formatPercentVi(88.52)).toBe('88,52 %');
    expect(formatPointsVi(10.59)).toBe('10,59');
    expect(formatPointsVi(12)).toBe('12');
    expect(formatPointsVi(8.5)).toBe('8,5');
  });
  test('ranks as the press writes them (seed: "07/20", "tăng 03 bậc")', () => {
    expect(formatRankOf(7, 20)).toBe('07/20');
    expect(formatRankChangeVi(10 - 7)).toBe('tăng 03 bậc');
    expect(formatRankChangeVi(-2)).toBe('giảm 02 bậc');
    expect(formatRankChangeVi(0)).toBe('giữ nguyên');
  });
});
