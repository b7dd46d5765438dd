// Every validation rule, on small sheets shaped like real ones.
import { analyzeWorkbook } from '../../src/core/analyze';
import type { Finding, SheetSnapshot } from '../../src/core/types';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet, type UnitRow } from '../helpers/sheets';

const TEMPLATE = templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10);
const codes = (fs: Finding[], sheet?: string) => fs.filter((f) => !sheet || f.sheet === sheet).map((f) => f.code);
const run = (...units: SheetSnapshot[]) => analyzeWorkbook({ sheets: [TEMPLATE, ...units] });
const only = (rows: UnitRow[]) => codes(run(unitSheet('Đơn vị', 'Sở A', rows)).findings, 'Đơn vị');
const find = (fs: Finding[], code: string) => fs.find((f) => f.code === code);

test('a clean sheet has no findings (but the 10-point template is not 100)', () => {
  const a = run(unitSheet('Sở A', 'Sở A', smallUnitRows([2, 1.5, 2, 3])));
  expect(codes(a.findings)).toEqual(['TEMPLATE_TOTAL_NOT_100']);
});

test('criterion missing, unknown, duplicated', () => {
  const rows = smallUnitRows([2, 2, 2, 4]);
  const missing = rows.filter((r) => r[0] !== '2');
  expect(only(missing)).toEqual(['CRITERION_MISSING']);
  const unknown = [...rows, ['3', 'Tiêu chí lạ', 1, 1, 1, 'BC số 1'] as UnitRow];
  expect(only(unknown)).toEqual(['CRITERION_UNKNOWN']);
  const duplicated = [...rows.slice(0, 3), rows[2], ...rows.slice(3)];
  expect(only(duplicated)).toEqual(['CRITERION_DUPLICATE']);
});

test('a maximum altered in the unit sheet', () => {
  const rows = smallUnitRows([2, 2, 2, 4]);
  rows[2] = ['a)', 'Ban hành kịp thời', 3, 2, 2, 'KH số 1'];
  const a = run(unitSheet('Sở A', 'Sở A', rows));
  const f = find(a.findings, 'MAX_ALTERED');
  expect(f).toMatchObject({
    sheet: 'Sở A',
    cell: 'C8',
    criterion: 'I.1.a',
    expected: '2',
    found: '3',
    severity: 'error',
  });
});

test('scores: not a number, negative, above the maximum, error values, missing', () => {
  const a = run(
    unitSheet('Sở A', 'Sở A', smallUnitRows(['đạt', -1, 2.5, { error: '#REF!' }], [null, null, null, null])),
  );
  const fs = a.findings.filter((f) => f.sheet === 'Sở A');
  expect(fs.map((f) => [f.code, f.cell])).toEqual([
    ['SCORE_NOT_NUMBER', 'D8'],
    ['SCORE_NEGATIVE', 'D9'],
    ['SCORE_ABOVE_MAX', 'D10'],
    ['CELL_ERROR_VALUE', 'D12'],
  ]);
  // counted: 0 + 0 (negative held at 0) + 2 (held at the maximum) + 0
  expect(a.blocks[0].units[0].points).toBe(2);
});

test('a "not applicable" marker followed by a reason: an error that says to write the marker alone', () => {
  const a = run(
    unitSheet(
      'Sở A',
      'Sở A',
      smallUnitRows([2, 2, 'Không áp dụng (không có TTHC)', 'KAD: chưa phát sinh'], [2, 2, null, null]),
    ),
  );
  const fs = a.findings.filter((f) => f.sheet === 'Sở A');
  expect(fs.map((f) => [f.code, f.cell, f.severity])).toEqual([
    ['NA_WITH_TEXT', 'D10', 'error'],
    ['NA_WITH_TEXT', 'D12', 'error'],
  ]);
  expect(fs[0].messageVi).toContain('ô chỉ ghi đúng dấu hiệu');
  // counted 0 with the maximum kept, as any text: the marker alone would have taken the row out
  expect(a.blocks[0].units[0]).toMatchObject({ points: 4, max: 10 });
  // a word that merely begins like a marker is not one
  const b = run(unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 'Nam', 4], [2, 2, null, 4])));
  expect(codes(b.findings, 'Sở A')).toEqual(['SCORE_NOT_NUMBER']);
});

test('a blank score is a warning and counts 0', () => {
  const a = run(unitSheet('Sở A', 'Sở A', smallUnitRows([2, null, 2, 4], [2, null, 2, 4])));
  expect(codes(a.findings, 'Sở A')).toEqual(['SCORE_MISSING']);
  expect(find(a.findings, 'SCORE_MISSING')).toMatchObject({ cell: 'D9', severity: 'warning' });
});

test('a number typed as text is read, with a warning', () => {
  const a = run(unitSheet('Sở A', 'Sở A', smallUnitRows(['1,5', 2, 2, 4], ['1,5', 2, 2, 4])));
  expect(codes(a.findings, 'Sở A')).toEqual(['SCORE_TEXT_NUMBER', 'SCORE_TEXT_NUMBER']);
  expect(a.blocks[0].units[0].points).toBe(9.5);
});

test('allowed levels and "not applicable" where the template forbids it', () => {
  const tpl: SheetSnapshot = {
    name: 'Bộ tiêu chí',
    rows: [
      ['STT', 'Nội dung', 'Điểm tối đa', 'Mức điểm', 'Cho phép không áp dụng'],
      ['1', 'Lĩnh vực', 3],
      ['1.1', 'Có mức', 1, '0; 0,5; 1', ''],
      ['1.2', 'Được KAD', 2, '', 'x'],
    ],
  };
  const unit: SheetSnapshot = {
    name: 'Sở A',
    rows: [
      ['STT', 'Nội dung', 'Điểm tối đa', 'Tự chấm', 'TLKC'],
      ['1', 'Lĩnh vực', 3],
      ['1.1', 'Có mức', 1, 0.75, 'BC 1'],
      ['1.2', 'Được KAD', 2, 'KAD', ''],
    ],
  };
  const a = analyzeWorkbook({ sheets: [tpl, unit] });
  expect(codes(a.findings, 'Sở A')).toEqual(['SCORE_NOT_ALLOWED_LEVEL']);
  expect(a.blocks[0].units[0]).toMatchObject({ points: 0.75, max: 1 });
  const forbidden: SheetSnapshot = {
    ...unit,
    rows: unit.rows.map((r, i) => (i === 2 ? ['1.1', 'Có mức', 1, 'KAD', ''] : r)),
  };
  const b = analyzeWorkbook({ sheets: [tpl, forbidden] });
  expect(codes(b.findings, 'Sở A')).toEqual(['NA_NOT_ALLOWED']);
  expect(b.blocks[0].units[0]).toMatchObject({ points: 0, max: 1 });
});

test('subtotal and total rows must agree with their children', () => {
  const rows = smallUnitRows([2, 2, 2, 4]);
  rows[0] = ['I', 'Công tác chỉ đạo, điều hành CCHC', 6, 6, 6];
  rows[1] = ['1', 'Kế hoạch CCHC', 4, 3.5, 4];
  const sheet = unitSheet('Sở A', 'Sở A', rows);
  sheet.rows.push([null, 'TỔNG ĐIỂM', 10, 10, 9]);
  const a = run(sheet);
  expect(a.findings.filter((f) => f.sheet === 'Sở A').map((f) => [f.code, f.cell, f.expected, f.found])).toEqual([
    // I holds 6 = 3.5 + 2 is wrong; I.1 holds 3.5 ≠ 2 + 2
    ['SUBTOTAL_MISMATCH', 'D6', '5.5', '6'],
    ['SUBTOTAL_MISMATCH', 'D7', '4', '3.5'],
    ['TOTAL_MISMATCH', 'E13', '10', '9'],
  ]);
});

test('evidence: a score above zero needs evidence or an explanation; placeholders are not evidence', () => {
  const rows = smallUnitRows([2, 2, 2, 4]);
  rows[2] = ['a)', 'Ban hành kịp thời', 2, 2, 2, null, null];
  rows[3] = ['b)', 'Đầy đủ nội dung', 2, 2, 2, 'x', null];
  rows[4] = ['2', 'Báo cáo CCHC', 2, 2, 2, null, 'Đã giải trình tại cuộc họp ngày 12/3/2025'];
  rows[6] = ['1', 'Công khai thủ tục hành chính', 4, 0, 0, null, null];
  const a = run(unitSheet('Sở A', 'Sở A', rows));
  expect(a.findings.filter((f) => f.sheet === 'Sở A').map((f) => [f.code, f.cell])).toEqual([
    ['EVIDENCE_MISSING', 'F8'],
    ['EVIDENCE_PLACEHOLDER', 'F9'],
  ]);
});

test('an appraised score above the self score is a warning', () => {
  const a = run(unitSheet('Sở A', 'Sở A', smallUnitRows([1, 2, 2, 4], [1.5, 2, 2, 4])));
  expect(find(a.findings, 'APPRAISED_ABOVE_SELF')).toMatchObject({ cell: 'E8', severity: 'warning' });
});

test('findings carry Vietnamese and English messages, sheet and cell', () => {
  const a = run(unitSheet('Sở A', 'Sở A', smallUnitRows([3, 2, 2, 4])));
  const f = find(a.findings, 'SCORE_ABOVE_MAX')!;
  expect(f.messageVi).toContain('vượt điểm tối đa');
  expect(f.messageEn).toContain('above its maximum');
  expect(f.message).toBe(`${f.messageVi} / ${f.messageEn}`);
});

describe('the template itself', () => {
  test('duplicates, missing maxima, parent ≠ sum of children, total ≠ 100', () => {
    const tpl = templateSheet('Bộ tiêu chí', [
      ['1', 'A', 5],
      ['1.1', 'x', 2],
      ['1.2', 'y', 2],
      ['2', 'B', 5],
      ['2.1', 'z', null],
      ['2.1', 'w', 5],
    ]);
    const a = analyzeWorkbook({ sheets: [tpl] });
    // whole-sheet findings first, then by cell
    expect(a.findings.map((f) => [f.code, f.cell])).toEqual([
      ['TEMPLATE_TOTAL_NOT_100', null],
      ['TEMPLATE_PARENT_SUM', 'C4'],
      ['TEMPLATE_MISSING_MAX', 'C8'],
      ['TEMPLATE_DUPLICATE_CRITERION', 'A9'],
    ]);
  });
});

describe('sheets that cannot be read', () => {
  test('a cover sheet is skipped with an info finding; a half-recognised table is an error', () => {
    const a = analyzeWorkbook({
      sheets: [
        { name: 'Bìa', rows: [['BÁO CÁO CHỈ SỐ CCHC NĂM 2024']] },
        {
          name: 'Lạ',
          rows: [
            ['STT', 'Nội dung', 'Ghi chú'],
            ['1', 'x', ''],
          ],
        },
        TEMPLATE,
      ],
    });
    expect(a.findings.slice(0, 2).map((f) => [f.code, f.severity])).toEqual([
      ['SHEET_SKIPPED', 'info'],
      ['LAYOUT_INCOMPLETE', 'error'],
    ]);
    expect(a.findings[1].messageVi).toContain('điểm tối đa');
  });
  test('an empty workbook is an error finding, not an exception', () => {
    expect(codes(analyzeWorkbook({ sheets: [] }).findings)).toEqual(['NO_CRITERIA_SHEETS']);
    expect(codes(analyzeWorkbook({ sheets: [{ name: 'Sheet1', rows: [] }] }).findings)).toEqual([
      'SHEET_SKIPPED',
      'NO_CRITERIA_SHEETS',
    ]);
  });
  test('a unit sheet that matches no template', () => {
    const other = unitSheet('Xã A', 'Xã A', [
      ['1', 'Khác hẳn', 5, 5, 5, 'BC'],
      ['2', 'Cũng khác', 5, 5, 5, 'BC'],
    ]);
    expect(codes(run(other).findings, 'Xã A')).toEqual(['SHEET_NO_TEMPLATE']);
  });
  test('without a template the first unit sheet stands in, with a warning', () => {
    const a = analyzeWorkbook({
      sheets: [
        unitSheet('Sở A', 'Sở A', smallUnitRows([2, 2, 2, 4])),
        unitSheet('Sở B', 'Sở B', smallUnitRows([1, 1, 1, 1])),
      ],
    });
    expect(codes(a.findings)).toEqual(['NO_TEMPLATE', 'TEMPLATE_TOTAL_NOT_100']);
    expect(a.blocks[0].units.map((u) => u.unit)).toEqual(['Sở A', 'Sở B']);
  });
});

test('a copy of the template whose score columns are not recognised is reported, not taken as a second block', () => {
  const unrecognised: SheetSnapshot = {
    name: 'Sở A',
    rows: [['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Điểm đạt được'], ...SMALL_TEMPLATE.map((r) => [...r, 1])],
  };
  const a = analyzeWorkbook({ sheets: [TEMPLATE, unrecognised] });
  expect(a.blocks).toHaveLength(1);
  expect(find(a.findings, 'NO_SCORE_COLUMN')).toMatchObject({ sheet: 'Sở A', severity: 'error' });
  expect(find(a.findings, 'NO_SCORE_COLUMN')!.messageVi).toContain('Bộ tiêu chí');
});
