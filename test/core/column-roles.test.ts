// The column-role vocabulary is kept once (src/core/column-roles.ts); what is written from it is read back.
import {
  COLUMN_ROLES,
  MAPPED_ROLES,
  roleInSentence,
  roleLabel,
  roleLabels,
  scoreColumnWords,
} from '../../src/core/column-roles';
import { roleOfHeader } from '../../src/core/layout';
import { defaultSettings, parseSettingsSheet, settingsSheetRows } from '../../src/core/settings';
import type { ColumnMap } from '../../src/core/types';

test("a column headed with a role's Vietnamese label is recognised as that role", () => {
  for (const role of COLUMN_ROLES) expect([role, roleOfHeader(roleLabel(role, 'vi'))?.role]).toEqual([role, role]);
});

test('the column mapping the settings sheet writes is read back', () => {
  const columns: ColumnMap = Object.fromEntries(MAPPED_ROLES.map((role, i) => [role, i + 2]));
  const settings = { ...defaultSettings(), mappings: [{ sheet: 'Sở A', headerRow: 4, columns }] };
  const rows = settingsSheetRows(settings, []);
  expect(parseSettingsSheet({ name: 'Cấu hình', rows }).settings.mappings).toEqual(settings.mappings);
});

test('labels in a sentence, and the score columns as messages name them', () => {
  expect(roleInSentence('max', 'vi')).toBe('điểm tối đa');
  expect(roleInSentence('code', 'vi')).toBe('mã/STT');
  expect(roleInSentence('naAllowed', 'en')).toBe('N/A allowed');
  expect(scoreColumnWords('self')).toEqual({ vi: 'tự đánh giá', en: 'self score' });
  expect(scoreColumnWords('appraised')).toEqual({ vi: 'thẩm định', en: 'appraised score' });
  expect(Object.keys(roleLabels('en'))).toEqual(COLUMN_ROLES);
});

test("the council's comment column is recognised, and a score column named after the council stays a score", () => {
  for (const header of [
    'Nhận xét',
    'Ý kiến thẩm định',
    'Nhận xét của Hội đồng',
    'NHẬN XÉT CỦA HỘI ĐỒNG THẨM ĐỊNH',
    'Y kien cua Hoi dong tham dinh',
  ])
    expect([header, roleOfHeader(header)?.role]).toEqual([header, 'comment']);
  for (const header of ['Điểm thẩm định', 'Hội đồng thẩm định', 'Thẩm định'])
    expect([header, roleOfHeader(header)?.role]).toEqual([header, 'appraised']);
});
