// Which sheet is what: mappings for every sheet, units placed in blocks by the settings, summary tables.
import { analyzeWorkbook } from '../../src/core/analyze';
import type { CellValue, SheetSnapshot } from '../../src/core/types';
import { templateSheet, unitSheet } from '../helpers/sheets';

const EVIDENCE = 'Kế hoạch số 39/KH-BDT ngày 24/01/2022';

/** A unit sheet whose score column is not recognisable ("Điểm đạt"), header on row 3. */
function plainUnit(name: string, scores: [number, number]): SheetSnapshot {
  return {
    name,
    rows: [
      [`Đơn vị: ${name}`],
      ['BẢNG CHẤM ĐIỂM'],
      ['STT', 'Nội dung', 'Điểm tối đa', 'Điểm đạt', 'Căn cứ'],
      ['1', 'Chỉ đạo', 100, scores[0] + scores[1]],
      ['1.1', 'Kế hoạch', 60, scores[0], EVIDENCE],
      ['1.2', 'Báo cáo', 40, scores[1], EVIDENCE],
    ],
  };
}

const TEMPLATE: SheetSnapshot = {
  name: 'Bộ tiêu chí',
  rows: [
    ['STT', 'Nội dung', 'Điểm tối đa'],
    ['1', 'Chỉ đạo', 100],
    ['1.1', 'Kế hoạch', 60],
    ['1.2', 'Báo cáo', 40],
  ],
};
const GUIDE: SheetSnapshot = {
  name: 'Hướng dẫn',
  rows: [['Hướng dẫn sử dụng'], ['1. Điền điểm vào cột D'], ['2. Ghi tài liệu kiểm chứng vào cột E']],
};

describe('a mapping for every sheet (--map, --header-row, "*")', () => {
  const sheets = [GUIDE, TEMPLATE, plainUnit('Sở A', [50, 30]), plainUnit('Sở B', [55, 35])];
  const mapping = { sheet: '*', headerRow: 2, columns: { code: 0, name: 1, max: 2, self: 3, evidence: 4 } };

  test('is applied to the unit sheets; the template keeps its own header; the guide stays a skipped sheet', () => {
    const a = analyzeWorkbook({ sheets }, { settings: { mappings: [mapping] } });
    expect(a.findings.map((f) => [f.code, f.sheet])).toEqual([['SHEET_SKIPPED', 'Hướng dẫn']]);
    expect(a.blocks[0].units.map((u) => [u.sheet, u.percent, u.rank])).toEqual([
      ['Sở B', 90, 1],
      ['Sở A', 80, 2],
    ]);
  });
});

describe('units and blocks', () => {
  test('a unit placed in a block by the settings is found whatever the case or Unicode form of its sheet name', () => {
    const so = templateSheet('Bộ tiêu chí - Khối sở', [
      ['1', 'Chỉ đạo', 100],
      ['1.1', 'Kế hoạch', 100],
    ]);
    const huyen = templateSheet('Bộ tiêu chí - Khối huyện', [
      ['1', 'Chỉ đạo', 100],
      ['1.1', 'Kế hoạch', 100],
    ]);
    const unit = unitSheet('UBND huyện Mường Nhé', 'UBND huyện Mường Nhé', [
      ['1', 'Chỉ đạo', 100],
      ['1.1', 'Kế hoạch', 100, 80, 80, EVIDENCE],
    ]);
    const a = analyzeWorkbook(
      { sheets: [so, huyen, unit] },
      { settings: { unitBlocks: { ['ubnd HUYỆN Mường Nhé'.normalize('NFD')]: 'khối HUYỆN' } } },
    );
    expect(a.blocks.map((b) => [b.name, b.units.map((u) => u.sheet)])).toEqual([
      ['Khối sở', []],
      ['Khối huyện', ['UBND huyện Mường Nhé']],
    ]);
  });

  test('a summary table of units is skipped with a warning, not an error; the units are ranked', () => {
    const summary: SheetSnapshot = {
      name: 'Tổng hợp điểm',
      rows: [
        ['BẢNG TỔNG HỢP KẾT QUẢ CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2024'],
        ['STT', 'Tên cơ quan, đơn vị', 'Điểm tối đa', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Tỷ lệ (%)'],
        [1, 'Sở A', 100, 80, 80, 80],
        [2, 'Sở B', 100, 90, 90, 90],
      ] as CellValue[][],
    };
    const unit = (name: string, s: number) =>
      unitSheet(name, name, [
        ['1', 'Chỉ đạo', 100],
        ['1.1', 'Kế hoạch', 60, s, s, EVIDENCE],
        ['1.2', 'Báo cáo', 40, 30, 30, EVIDENCE],
      ]);
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unit('Sở A', 50), unit('Sở B', 60), summary] });
    expect(a.findings.map((f) => [f.code, f.severity, f.sheet])).toEqual([
      ['SHEET_UNMATCHED', 'warning', 'Tổng hợp điểm'],
    ]);
    expect(a.sheets.find((s) => s.sheet === 'Tổng hợp điểm')?.role).toBe('skipped');
    expect(a.blocks[0].units.map((u) => u.sheet)).toEqual(['Sở B', 'Sở A']);
  });

  test('a unit sheet sharing some criteria with the template is still an error when it does not match', () => {
    const odd = unitSheet('Sở X', 'Sở X', [
      ['I', 'Chỉ đạo', 100],
      ['1', 'Việc khác', 50, 40, 40, EVIDENCE],
      ['2', 'Việc khác nữa', 50, 40, 40, EVIDENCE],
    ]);
    const a = analyzeWorkbook({ sheets: [TEMPLATE, odd] });
    expect(a.findings.map((f) => f.code)).toContain('SHEET_NO_TEMPLATE');
  });
});

test('a template whose own header cannot be read takes the mapping for every sheet', () => {
  const template: SheetSnapshot = {
    name: 'Bộ tiêu chí',
    rows: [
      ['Cột 1', 'Cột 2', 'Cột 3'],
      ['1', 'Chỉ đạo', 100],
      ['1.1', 'Kế hoạch', 60],
      ['1.2', 'Báo cáo', 40],
    ],
  };
  const unit = (name: string, s: [number, number]): SheetSnapshot => ({
    name,
    rows: [
      ['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5'],
      ['1', 'Chỉ đạo', 100, s[0] + s[1]],
      ['1.1', 'Kế hoạch', 60, s[0], EVIDENCE],
      ['1.2', 'Báo cáo', 40, s[1], EVIDENCE],
    ],
  });
  const mapping = { sheet: '*', headerRow: 0, columns: { code: 0, name: 1, max: 2, self: 3, evidence: 4 } };
  const a = analyzeWorkbook({ sheets: [template, unit('Sở A', [50, 30])] }, { settings: { mappings: [mapping] } });
  expect(a.findings.filter((f) => f.severity !== 'info')).toEqual([]);
  expect(a.blocks[0].units.map((u) => [u.sheet, u.percent])).toEqual([['Sở A', 80]]);
});
