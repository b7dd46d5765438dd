import { stringsFor } from '../../src/taskpane/i18n';

describe('English counts take the plural the number needs', () => {
  const en = stringsFor('en');
  it('one unit, two units, no units', () => {
    expect(en.blockLine('Khối sở', 'Bộ tiêu chí', 1)).toBe('Khối sở: template "Bộ tiêu chí", 1 unit');
    expect(en.blockLine('Khối sở', 'Bộ tiêu chí', 2)).toBe('Khối sở: template "Bộ tiêu chí", 2 units');
    expect(en.blockLine('Khối sở', 'Bộ tiêu chí', 0)).toBe('Khối sở: template "Bộ tiêu chí", 0 units');
  });
  it('findings, evidence and progress', () => {
    expect(en.findingsSummary(1, 1, 1)).toBe('1 error, 1 warning, 1 info');
    expect(en.findingsSummary(2, 0, 3)).toBe('2 errors, 0 warnings, 3 info');
    expect(en.evidenceTotal(1, 1)).toBe('1 criterion needs evidence in 1 unit.');
    expect(en.evidenceTotal(3, 2)).toBe('3 criteria need evidence in 2 units.');
    expect(en.progressOf(en.activity.read, 40)).toBe('Reading the workbook: 40%');
    expect(en.progressOf(en.activity.analyze, null)).toBe('Checking and scoring…');
  });
  it('Vietnamese nouns do not change', () => {
    expect(stringsFor('vi').findingsSummary(1, 2, 3)).toBe('1 lỗi, 2 cảnh báo, 3 thông tin');
  });
});
