import { analyzeWorkbook } from '../../src/core/analyze';
import { defaultSettings, parseSettingsSheet } from '../../src/core/settings';
import type { CellValue, SheetSnapshot } from '../../src/core/types';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from '../helpers/sheets';

const settingsSheet = (rows: CellValue[][]): SheetSnapshot => ({ name: 'Cấu hình', rows });

test('defaults without a settings sheet', () => {
  const s = defaultSettings();
  expect(s.basis).toBe('auto');
  expect(s.rounding).toBe('half-up');
  expect(s.bands.map((b) => [b.label, b.min])).toEqual([
    ['A', 90],
    ['B', 80],
    ['C', 70],
    ['Dưới 70%', 0],
  ]);
});

test('reads every section of the settings sheet', () => {
  const { settings, findings } = parseSettingsSheet(
    settingsSheet([
      ['CẤU HÌNH CHẤM ĐIỂM CHỈ SỐ CCHC'],
      [],
      ['I. Chung'],
      ['Cách tính điểm', 'Thẩm định', 'tự đánh giá / thẩm định / tự động'],
      ['Làm tròn', 'Cắt bỏ'],
      ['Dấu hiệu không áp dụng', 'Không áp dụng; KAD'],
      [],
      ['II. Xếp loại'],
      ['Khối', 'Xếp loại', 'Từ (%)'],
      [null, 'Tốt', 90],
      [null, 'Khá', 80],
      [null, 'Trung bình', 0.5],
      ['Khối huyện', 'Tốt', 80],
      ['Khối huyện', 'Khá', 70],
      [],
      ['Khối'],
      ['Khối', 'Trang bộ tiêu chí'],
      ['Khối sở', 'Bộ tiêu chí'],
      ['Đơn vị'],
      ['Trang', 'Khối', 'Thứ hạng năm trước', 'Không xếp hạng'],
      ['Sở A', 'Khối sở', 10, ''],
      ['Sở B', '', 'mười', 'x'],
      ['Ánh xạ cột'],
      ['Trang', 'Dòng tiêu đề', 'Mã', 'Tên', 'Tối đa', 'Tự đánh giá'],
      ['Sở C', 3, 'A', 'B', 'C', 'D'],
    ]),
  );
  expect(settings.basis).toBe('appraised');
  expect(settings.rounding).toBe('truncate');
  expect(settings.naMarkers).toEqual(['Không áp dụng', 'KAD']);
  expect(settings.bands).toEqual([
    { label: 'Tốt', min: 90 },
    { label: 'Khá', min: 80 },
    { label: 'Trung bình', min: 50 },
  ]);
  expect(settings.blocks).toEqual([
    { name: 'Khối sở', template: 'Bộ tiêu chí' },
    {
      name: 'Khối huyện',
      template: '',
      bands: [
        { label: 'Tốt', min: 80 },
        { label: 'Khá', min: 70 },
      ],
    },
  ]);
  expect(settings.unitBlocks).toEqual({ 'Sở A': 'Khối sở' });
  expect(settings.lastYearRanks).toEqual({ 'Sở A': 10 });
  expect(settings.unranked).toEqual(['Sở B']);
  expect(settings.mappings).toEqual([{ sheet: 'Sở C', headerRow: 2, columns: { code: 0, name: 1, max: 2, self: 3 } }]);
  expect(findings.map((f) => [f.code, f.cell])).toEqual([['SETTINGS_INVALID', 'C22']]);
});

test('an unreadable value keeps the default and says so', () => {
  const { settings, findings } = parseSettingsSheet(settingsSheet([['Chung'], ['Cách tính điểm', 'trung bình cộng']]));
  expect(settings.basis).toBe('auto');
  expect(findings[0]).toMatchObject({ code: 'SETTINGS_INVALID', sheet: 'Cấu hình', cell: 'B2' });
});

test('a change in the settings sheet changes the results', () => {
  const sheets = [
    templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
    unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 3], [1, 1, 1, 1])),
  ];
  const withBasis = (basis: string) =>
    analyzeWorkbook({
      sheets: [
        settingsSheet([
          ['Chung'],
          ['Cách tính điểm', basis],
          ['Xếp loại'],
          ['Xếp loại', 'Từ (%)'],
          ['Tốt', 90],
          ['Khá', 40],
          ['Yếu', 0],
        ]),
        ...sheets,
      ],
    }).blocks[0].units[0];
  expect(withBasis('tự đánh giá')).toMatchObject({ points: 9, class: 'Tốt' });
  expect(withBasis('thẩm định')).toMatchObject({ points: 4, class: 'Khá' });
});
