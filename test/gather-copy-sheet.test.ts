// copy-sheet.ts on hand-written parts: the scan of start tags and the tree give the same sheet, with or
// without a namespace prefix, with `>` inside attribute values; shared strings (rich text too) become inline
// strings; styles and rule styles are remapped; the selected tab is not; tables get unique ids and names.
import ExcelJS from 'exceljs';
import { XlsxPackage } from '../src/workbook/xlsx-package/package';
import { copySheet, rewriteSheetXml, SourceBook } from '../src/workbook/xlsx-package/copy-sheet';
import { TargetBook } from '../src/workbook/xlsx-package/gather-book';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { buildPackage, MAIN_NS, REL_NS, sharedStrings } from './xlsx-package/read-fixtures';
import { packageProblems } from './xlsx-package/package-check';

const BODY =
  '<sheetPr codeName="Sheet1"><tabColor rgb="FF00B050"/></sheetPr><sheetViews><sheetView tabSelected="1" workbookViewId="0"/></sheetViews>' +
  '<cols><col min="1" max="2" width="20" style="2" customWidth="1"/></cols>' +
  '<sheetData><row r="1" s="3" customFormat="1">' +
  '<c r="A1" s="1" t="s"><v>0</v></c><c r="B1" t="s">\n  <v> 1 </v>\n</c><c r="C1" s="2"><v>5</v></c><c r="D1" t="s"/>' +
  '<c r="E1" s="4"><f>C1*2</f><v>10</v></c></row></sheetData>' +
  '<conditionalFormatting sqref="A1:E1"><cfRule type="containsText" dxfId="0" priority="1" operator="containsText" text="a>b">' +
  '<formula>NOT(ISERROR(SEARCH("a&gt;b",A1)))</formula></cfRule></conditionalFormatting>';

const STRINGS = ['<t>Sở Tư pháp</t>', '<r><rPr><b/></rPr><t>đậm</t></r><r><t xml:space="preserve"> và thường</t></r>'];

/** `BODY` in a worksheet whose elements carry the prefix `x:`. */
function prefixed(body: string): string {
  const xml = body.replace(/<(\/?)(?=[A-Za-z])/g, '<$1x:');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<x:worksheet xmlns:x="${MAIN_NS}" xmlns:r="${REL_NS}">${xml}</x:worksheet>`;
}

function plainSheet(body: string): string {
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${body}</worksheet>`;
}

/** The master with the unit file's first sheet copied in as `name`; checked to be a well-formed package. */
function copiedInto(master: Buffer, unitFile: Buffer, name: string): Buffer {
  const target = new TargetBook(XlsxPackage.open(master));
  const source = new SourceBook(unitFile);
  const part = target.newSheetPart();
  const copy = copySheet(source, source.sheets[0], target, part, name);
  target.addSheet(name, part, copy.xml, copy.rels, () => []);
  const out = target.toBuffer();
  expect(packageProblems(out)).toEqual([]);
  return out;
}

function unitPackage(xml: string): Buffer {
  return buildPackage({ sheets: [{ name: 'Sheet1', xml }], sharedStrings: sharedStrings(STRINGS) });
}

function masterPackage(): Buffer {
  return buildPackage({
    sheets: [
      { name: 'Bộ tiêu chí', xml: plainSheet('<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c></row></sheetData>') },
    ],
    sharedStrings: sharedStrings(['<t>khác</t>']),
  });
}

describe.each([
  ['without a prefix', plainSheet(BODY)],
  ['with the prefix x:', prefixed(BODY)],
])('copying a sheet %s', (_, xml) => {
  const unit = unitPackage(xml);

  it('gives the same XML by the scan and by the tree', () => {
    const scanned = rewriteSheetXml(
      xml,
      'xl/worksheets/sheet1.xml',
      new SourceBook(unit),
      new TargetBook(XlsxPackage.open(masterPackage())),
      new Set(),
    );
    const tree = rewriteSheetXml(
      xml,
      'xl/worksheets/sheet1.xml',
      new SourceBook(unit),
      new TargetBook(XlsxPackage.open(masterPackage())),
      new Set(),
      {
        scan: false,
      },
    );
    expect(scanned).toBe(tree);
    expect(scanned).not.toContain('tabSelected');
    expect(scanned).not.toContain('codeName');
    expect(scanned).toMatch(/<(x:)?sheetPr><(x:)?tabColor rgb="FF00B050"\/><\/(x:)?sheetPr>/);
    expect(scanned).not.toMatch(/t="s"/);
    expect(scanned).toContain('text="a>b"');
    expect(scanned).toMatch(/<(x:)?is><(x:)?r><(x:)?rPr><(x:)?b\/><\/(x:)?rPr><(x:)?t>đậm<\/(x:)?t><\/(x:)?r>/);
  });

  it('reads back with the unit’s text and valid styles in the master', () => {
    const out = copiedInto(masterPackage(), unit, 'Sở Tư pháp');
    const sheet = readXlsxPackage(out).sheets.find((s) => s.name === 'Sở Tư pháp')!;
    expect(sheet.rows[0].slice(0, 5)).toEqual(['Sở Tư pháp', 'đậm và thường', 5, null, 10]);
    expect(sheet.formulas?.[0]?.[4]).toBe('C1*2');
    // The master's own text is where it was: its shared-string table is untouched.
    expect(readXlsxPackage(out).sheets[0].rows[0][0]).toBe('khác');
  });
});

describe('pictures', () => {
  it('come along with their drawing, the master’s own picture kept', async () => {
    // A 1×1 PNG.
    const png = Buffer.from(
      'iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mP8z8BQDwAEhQGAhKmMIQAAAABJRU5ErkJggg==',
      'base64',
    );
    async function withPicture(sheet: string): Promise<Buffer> {
      const wb = new ExcelJS.Workbook();
      const ws = wb.addWorksheet(sheet);
      ws.getCell('A1').value = sheet;
      ws.addImage(wb.addImage({ buffer: png as unknown as ExcelJS.Buffer, extension: 'png' }), 'B2:C4');
      return Buffer.from(await wb.xlsx.writeBuffer());
    }
    const out = copiedInto(await withPicture('Tổng hợp'), await withPicture('Sheet1'), 'Đơn vị');
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    for (const name of ['Tổng hợp', 'Đơn vị']) {
      const images = wb.getWorksheet(name)!.getImages();
      expect({ name, count: images.length }).toEqual({ name, count: 1 });
      expect(wb.getImage(Number(images[0].imageId)).buffer).toEqual(png);
    }
  });
});

describe('tables', () => {
  async function withTable(sheet: string, table: string, text: string): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    const ws = wb.addWorksheet(sheet);
    ws.addTable({
      name: table,
      ref: 'A1',
      headerRow: true,
      columns: [{ name: 'Mã' }, { name: 'Điểm' }],
      rows: [
        [text, 1],
        ['b', 2],
      ],
    });
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('get an id and a name of their own in the master', async () => {
    const out = copiedInto(
      await withTable('Tổng hợp', 'Bang1', 'x'),
      await withTable('Sheet1', 'Bang1', 'y'),
      'Đơn vị',
    );
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(out as unknown as ArrayBuffer);
    const names = wb.worksheets.flatMap((ws) =>
      Object.keys((ws as unknown as { tables: Record<string, unknown> }).tables),
    );
    expect(names.sort()).toEqual(['Bang1', 'Bang1_2']);
    expect(wb.getWorksheet('Đơn vị')!.getCell('A2').value).toBe('y');
  });
});
