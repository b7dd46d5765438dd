// Lossless results on the LibreOffice re-save of the sample with Excel features, and LibreOffice computing the
// ranked workbook (the slow project: it runs soffice); lossless-check.ts says what is checked.
import fs from 'fs';
import path from 'path';
import { cellText, convertBytes, recalculate, requireLibreOffice } from '../helpers/libreoffice';
import { USER_SHEETS, withExcelFeatures } from './excel-features';
import { lossless, rankRankClean, SAMPLE, workDir } from './lossless-check';

lossless('LibreOffice re-save of the sample with Excel features', () =>
  convertBytes(fs.readFileSync(SAMPLE), 'xlsx', 'xlsx:Calc MS Excel 2007 XML', 'xlsx'),
);

describe('LibreOffice opens the ranked feature workbook and computes the results', () => {
  beforeAll(() => requireLibreOffice());

  test('the ranking sheet has every unit and the chart sheet keeps its data', async () => {
    const runs = await rankRankClean('lo-open', withExcelFeatures(fs.readFileSync(SAMPLE)));
    const file = path.join(workDir(), 'lo-open-check.xlsx');
    fs.writeFileSync(file, runs.ranked);
    const sheets = await recalculate(file);
    const ranking = sheets.get('Xếp hạng – Khối sở');
    expect(ranking).toBeDefined();
    const units = ranking!.map((row) => row[1] ?? '');
    for (const unit of ['Sở Tư pháp', 'Sở Y tế', 'Sở Xây dựng']) expect(units.join('\n')).toContain(unit);
    expect(cellText(sheets.get(USER_SHEETS[0])!, 'A1')).toBe('Đạt');
  });
});
