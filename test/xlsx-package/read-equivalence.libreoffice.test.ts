// The direct reader against the ExcelJS path on a workbook ExcelJS wrote and LibreOffice re-saved (the slow
// project: it runs soffice); read-equivalence.test.ts has the rest.
import { readXlsxPackage } from '../../src/workbook/xlsx-package/read-workbook';
import type { WorkbookSnapshot } from '../../src/core/types';
import { convertBytes, requireLibreOffice } from '../helpers/libreoffice';
import { bytesOf, excelJSSnapshot, featureWorkbook } from './read-fixtures';

describe('direct reader = ExcelJS path on a file LibreOffice wrote', () => {
  beforeAll(() => requireLibreOffice());

  it('reads what ExcelJS reads, and the protection LibreOffice writes as sheet="true"', async () => {
    const bytes = await convertBytes(
      await bytesOf(await featureWorkbook()),
      'xlsx',
      'xlsx:Calc MS Excel 2007 XML',
      'xlsx',
    );
    const direct = readXlsxPackage(bytes);
    const viaExcelJS = await excelJSSnapshot(bytes);
    // ExcelJS reads only sheet="1" as protected.
    expect(direct.sheets.find((s) => s.name === 'Khóa')?.protected).toBe(true);
    expect(viaExcelJS.sheets.find((s) => s.name === 'Khóa')?.protected).toBeUndefined();
    const unprotected = (snap: WorkbookSnapshot): WorkbookSnapshot => ({
      sheets: snap.sheets.map(({ protected: _p, ...rest }) => rest),
    });
    expect(unprotected(direct)).toEqual(unprotected(viaExcelJS));
    const s = direct.sheets[0];
    expect(s.rows[4][0]).toBe('Kế hoạch số 39/KH-BDT ngày 24/01/2022');
    expect(s.rows[5]).toEqual([45306, 45306.5, 1463]);
  });
});
