// The zip container on a real .xlsx from LibreOffice (the slow project: it runs soffice).
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
import { convertBytes, requireLibreOffice } from '../helpers/libreoffice';
import { excelJsXlsx } from './read-fixtures';

describe('ZipReader / writeZip on LibreOffice output', () => {
  beforeAll(() => requireLibreOffice());

  test('a LibreOffice-written .xlsx reads, and its copy is identical part by part', async () => {
    const lo = await convertBytes(await excelJsXlsx(), 'xlsx', 'xlsx:Calc MS Excel 2007 XML', 'xlsx');
    const r = ZipReader.open(lo);
    expect(r.has('xl/workbook.xml')).toBe(true);
    expect(r.text('xl/workbook.xml')).toContain('Trang một');
    for (const e of r.entries) expect(r.read(e.name).length).toBe(e.uncompressedSize);
    const copy = ZipReader.open(writeZip(r.entries.map((e) => ({ name: e.name, copyFrom: r }))));
    for (const e of r.entries) expect(copy.compressed(e.name).data.equals(r.compressed(e.name).data)).toBe(true);
  });
});
