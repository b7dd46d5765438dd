import { analyzeWorkbook } from '../../src/core/analyze';
import { classify, competitionRanks } from '../../src/core/rules/ranking';
import { DEFAULT_BANDS } from '../../src/core/settings';
import type { CellValue, SheetSnapshot } from '../../src/core/types';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from '../helpers/sheets';

const TEMPLATE = templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10);

describe('scoring', () => {
  test('points, applicable maximum and percentage per criterion, area and unit', () => {
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitSheet('Sở A', 'Sở A', smallUnitRows([2, 1.5, 1, 3]))] });
    const u = a.blocks[0].units[0];
    expect(u).toMatchObject({ points: 7.5, max: 10, percent: 75 });
    expect(u.areas.map((x) => [x.key, x.points, x.max, x.percent])).toEqual([
      ['I', 4.5, 6, 75],
      ['II', 3, 4, 75],
    ]);
    expect(u.criteria.find((c) => c.key === 'I.1')).toMatchObject({ points: 3.5, max: 4, percent: 87.5 });
  });

  test('"not applicable" removes both points and maximum (Thanh Hóa 2023: 68,32 / 84 = 81,33 %)', () => {
    const tpl = templateSheet('Bộ tiêu chí', [
      ['1', 'Áp dụng', 84],
      ['1.1', 'a', 84],
      ['2', 'Không áp dụng được', 16],
      ['2.1', 'b', 16],
    ]);
    const unit = unitSheet('Ban Dân tộc', 'Ban Dân tộc tỉnh', [
      ['1', 'Áp dụng', 84],
      ['1.1', 'a', 84, 68.32, 68.32, 'BC số 1'],
      ['2', 'Không áp dụng được', 16],
      ['2.1', 'b', 16, 'Không áp dụng', 'Không áp dụng'],
    ]);
    const u = analyzeWorkbook({ sheets: [tpl, unit] }).blocks[0].units[0];
    expect(u).toMatchObject({ points: 68.32, max: 84, percent: 81.33 });
    expect(u.areas[1]).toMatchObject({ notApplicable: true, max: 0, points: 0 });
  });

  test('a parent marked "not applicable" takes its whole branch out', () => {
    const rows = smallUnitRows([2, 2, 2, null], [2, 2, 2, null]);
    rows[5] = ['II', 'Cải cách thủ tục hành chính', 4, 'KAD', 'KAD'];
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitSheet('Sở A', 'Sở A', rows)] });
    expect(a.blocks[0].units[0]).toMatchObject({ points: 6, max: 6, percent: 100 });
    expect(a.findings.filter((f) => f.sheet === 'Sở A')).toEqual([]);
  });

  test('"not applicable" in the self column does not cancel what the council scored under it', () => {
    const rows = smallUnitRows([2, 2, 2, null], [2, 2, 2, 3]);
    rows[5] = ['II', 'Cải cách thủ tục hành chính', 4, 'Không áp dụng', null];
    const unit = unitSheet('Sở A', 'Sở A', rows);
    const score = (basis: 'self' | 'appraised' | 'auto') =>
      analyzeWorkbook({ sheets: [TEMPLATE, unit] }, { settings: { basis } }).blocks[0].units[0];
    expect(score('self')).toMatchObject({ points: 6, max: 6 });
    expect(score('appraised')).toMatchObject({ points: 9, max: 10, percent: 90 });
    expect(score('auto')).toMatchObject({ points: 9, max: 10 });
  });

  test('score basis: self, appraised, auto (appraised where the council has scored)', () => {
    const unit = unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 4], [1, 1, null, null]));
    const points = (basis: 'self' | 'appraised' | 'auto') =>
      analyzeWorkbook({ sheets: [TEMPLATE, unit] }, { settings: { basis } }).blocks[0].units[0].points;
    expect(points('self')).toBe(10);
    expect(points('appraised')).toBe(2);
    expect(points('auto')).toBe(8);
  });

  test('bonus and penalty move the points, not the maximum', () => {
    const tpl = templateSheet('Bộ tiêu chí', [
      ['1', 'Lĩnh vực', 10],
      ['1.1', 'a', 10],
      ['2', 'Điểm thưởng', 2],
      ['2.1', 'Sáng kiến', 2],
      ['3', 'Điểm trừ', -3],
      ['3.1', 'Chậm báo cáo', -3],
    ]);
    const unit = unitSheet('Sở A', 'Sở A', [
      ['1', 'Lĩnh vực', 10],
      ['1.1', 'a', 10, 8, 8, 'BC 1'],
      ['2', 'Điểm thưởng', 2],
      ['2.1', 'Sáng kiến', 2, 1.5, 1.5, 'QĐ 2'],
      ['3', 'Điểm trừ', -3],
      ['3.1', 'Chậm báo cáo', -3, -1, -1, 'TB 3'],
    ]);
    const a = analyzeWorkbook({ sheets: [tpl, unit] });
    expect(a.findings.filter((f) => f.severity !== 'info').map((f) => f.code)).toEqual(['TEMPLATE_TOTAL_NOT_100']);
    expect(a.blocks[0].units[0]).toMatchObject({ points: 8.5, max: 10, percent: 85 });
  });

  test('a penalty below its floor is held at the floor', () => {
    const tpl = templateSheet('Bộ tiêu chí', [
      ['1', 'Lĩnh vực', 10],
      ['1.1', 'a', 10],
      ['2', 'Điểm trừ', -2],
      ['2.1', 'x', -2],
    ]);
    const unit = unitSheet('Sở A', 'Sở A', [
      ['1', 'Lĩnh vực', 10],
      ['1.1', 'a', 10, 10, 10, 'BC'],
      ['2', 'Điểm trừ', -2],
      ['2.1', 'x', -2, -5, -5, 'TB'],
    ]);
    const a = analyzeWorkbook({ sheets: [tpl, unit] });
    expect(a.findings.filter((f) => f.code === 'SCORE_BELOW_FLOOR')).toHaveLength(2);
    expect(a.blocks[0].units[0].points).toBe(8);
  });

  test('truncation by setting, and ranking on the exact value', () => {
    const tpl = templateSheet('Bộ tiêu chí', [
      ['1', 'a', 5.5],
      ['1.1', 'a', 5.5],
    ]);
    const unit = unitSheet('Sở A', 'Sở A', [
      ['1', 'a', 5.5],
      ['1.1', 'a', 5.5, 5, 5, 'BC'],
    ]);
    const half = analyzeWorkbook({ sheets: [tpl, unit] }).blocks[0].units[0];
    const trunc = analyzeWorkbook({ sheets: [tpl, unit] }, { settings: { rounding: 'truncate' } }).blocks[0].units[0];
    expect(half.percent).toBe(90.91);
    expect(trunc.percent).toBe(90.9);
    expect(trunc.exactPercent).toBeCloseTo(90.909090909, 8);
  });
});

describe('ranking', () => {
  test('competition ranks on exact values: 1, 2, 2, 4', () => {
    expect(competitionRanks([95, 90, 90, 80])).toEqual([1, 2, 2, 4]);
    expect(competitionRanks([0.1 + 0.2, 0.3])).toEqual([1, 1]);
  });

  function block(units: [string, CellValue][]): SheetSnapshot[] {
    const tpl = templateSheet(
      'Bộ tiêu chí',
      [
        ['1', 'Tổng', 100],
        ['1.1', 'Điểm', 100],
      ],
      100,
    );
    return [
      tpl,
      ...units.map(([name, score]) =>
        unitSheet(name, name, [
          ['1', 'Tổng', 100],
          ['1.1', 'Điểm', 100, score, score, 'BC số 1'],
        ]),
      ),
    ];
  }

  test('Thanh Hóa 2024: both shown as 90,02 % but ranked 2 and 3 on their exact values', () => {
    const a = analyzeWorkbook({
      sheets: block([
        ['Sở Tư pháp', 91.2],
        ['Sở Nội vụ', 90.024],
        ['Văn phòng UBND tỉnh', 90.016],
        ['Sở Y tế', 85],
      ]),
    });
    expect(a.blocks[0].units.map((u) => [u.unit, u.percent, u.rank])).toEqual([
      ['Sở Tư pháp', 91.2, 1],
      ['Sở Nội vụ', 90.02, 2],
      ['Văn phòng UBND tỉnh', 90.02, 3],
      ['Sở Y tế', 85, 4],
    ]);
  });

  test('exact ties share the rank; the next rank skips', () => {
    const a = analyzeWorkbook({
      sheets: block([
        ['A', 95],
        ['B', 90],
        ['C', 90],
        ['D', 80],
      ]),
    });
    expect(a.blocks[0].units.map((u) => u.rank)).toEqual([1, 2, 2, 4]);
  });

  test('units marked unranked are listed last with rank null', () => {
    const a = analyzeWorkbook(
      {
        sheets: block([
          ['A', 95],
          ['B', 99],
          ['C', 90],
        ]),
      },
      { settings: { unranked: ['B'] } },
    );
    expect(a.blocks[0].units.map((u) => [u.unit, u.rank])).toEqual([
      ['A', 1],
      ['C', 2],
      ['B', null],
    ]);
    expect(a.blocks[0].averagePercent).toBeCloseTo(92.5, 9);
  });

  test('classification bands: A ≥ 90, B 80–<90, C 70–<80, then the band below', () => {
    expect(classify(90, DEFAULT_BANDS)).toBe('A');
    expect(classify(89.999, DEFAULT_BANDS)).toBe('B');
    expect(classify(70, DEFAULT_BANDS)).toBe('C');
    expect(classify(69.99, DEFAULT_BANDS)).toBe('Dưới 70%');
    expect(classify(-5, DEFAULT_BANDS)).toBe('Dưới 70%');
  });

  test('bands that stop above 0 get a named band below: a unit at 55 % is not "C"', () => {
    const bands = [
      { label: 'A', min: 90 },
      { label: 'B', min: 80 },
      { label: 'C', min: 72.5 },
    ];
    const a = analyzeWorkbook(
      {
        sheets: block([
          ['X', 95],
          ['Y', 75],
          ['Z', 55.5],
        ]),
      },
      { settings: { bands } },
    );
    const b = a.blocks[0];
    expect(b.units.map((u) => [u.unit, u.class])).toEqual([
      ['X', 'A'],
      ['Y', 'C'],
      ['Z', 'Dưới 72,5%'],
    ]);
    expect(b.classCounts).toEqual([
      { label: 'A', count: 1 },
      { label: 'B', count: 0 },
      { label: 'C', count: 1 },
      { label: 'Dưới 72,5%', count: 1 },
    ]);
  });

  test('statistics: average, highest, lowest, per-area averages, counts per class', () => {
    const a = analyzeWorkbook({
      sheets: block([
        ['A', 95],
        ['B', 85],
        ['C', 82],
        ['D', 60],
      ]),
    });
    const b = a.blocks[0];
    expect(b.averagePercent).toBeCloseTo(80.5, 9);
    expect(b.highest?.unit).toBe('A');
    expect(b.lowest?.unit).toBe('D');
    expect(b.areaAverages).toEqual([{ key: '1', code: '1', name: 'Tổng', averagePercent: 80.5 }]);
    expect(b.classCounts).toEqual([
      { label: 'A', count: 1 },
      { label: 'B', count: 2 },
      { label: 'C', count: 0 },
      { label: 'Dưới 70%', count: 1 },
    ]);
  });

  test('rank change against last year (seed: 07/20, "tăng 03 bậc")', () => {
    const a = analyzeWorkbook(
      {
        sheets: block([
          ['A', 95],
          ['Ban Dân tộc', 88.52],
          ['C', 70],
        ]),
      },
      { settings: { lastYearRanks: { 'Ban Dân tộc': 5, A: 1 } } },
    );
    const u = a.blocks[0].units.find((x) => x.unit === 'Ban Dân tộc')!;
    expect(u).toMatchObject({ rank: 2, lastYearRank: 5, rankChange: 3, rankChangeText: 'tăng 03 bậc' });
    expect(a.blocks[0].units[0]).toMatchObject({ rankChange: 0, rankChangeText: 'giữ nguyên' });
    expect(a.blocks[0].units[2]).toMatchObject({ lastYearRank: null, rankChange: null });
  });

  test('several templates are several blocks, each ranked apart', () => {
    const so = templateSheet('Bộ tiêu chí - Khối sở', [
      ['1', 'Sở', 100],
      ['1.1', 'Điểm sở', 100],
    ]);
    const huyen = templateSheet('Bộ tiêu chí - Khối huyện', [
      ['1', 'Huyện', 100],
      ['1.1', 'Điểm huyện', 100],
    ]);
    const a = analyzeWorkbook({
      sheets: [
        so,
        huyen,
        unitSheet('Sở A', 'Sở A', [
          ['1', 'Sở', 100],
          ['1.1', 'Điểm sở', 100, 80, 80, 'BC'],
        ]),
        unitSheet('H. B', 'Huyện B', [
          ['1', 'Huyện', 100],
          ['1.1', 'Điểm huyện', 100, 90, 90, 'BC'],
        ]),
        unitSheet('Sở C', 'Sở C', [
          ['1', 'Sở', 100],
          ['1.1', 'Điểm sở', 100, 85, 85, 'BC'],
        ]),
      ],
    });
    expect(a.blocks.map((b) => [b.name, b.units.map((u) => [u.unit, u.rank])])).toEqual([
      [
        'Khối sở',
        [
          ['Sở C', 1],
          ['Sở A', 2],
        ],
      ],
      ['Khối huyện', [['Huyện B', 1]]],
    ]);
  });
});
