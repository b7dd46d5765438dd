// The direct reader on sheets written part by part: every kind of cell, as Excel and other tools write them,
// checked against what is expected and, where ExcelJS reads the file right, against the ExcelJS path too.
import { readXlsxPackage } from '../../src/workbook/xlsx-package/read-workbook';
import { slideFormula } from '../../src/workbook/xlsx-package/read-sheet';
import type { SheetSnapshot, WorkbookSnapshot } from '../../src/core/types';
import { MAIN_NS, buildPackage, excelJSSnapshot, oneSheet, worksheet } from './read-fixtures';

function direct(bytes: Buffer): WorkbookSnapshot {
  return readXlsxPackage(bytes);
}

/** The one sheet of a package, read directly; also checks the ExcelJS path reads the same (`same` default true). */
async function sheetOf(bytes: Buffer, same = true): Promise<SheetSnapshot> {
  const snap = direct(bytes);
  if (same) expect(snap).toEqual(await excelJSSnapshot(bytes));
  return snap.sheets[0];
}

const row = (r: number, cells: string): string => `<row r="${r}">${cells}</row>`;
const data = (...rows: string[]): string => `<sheetData>${rows.join('')}</sheetData>`;

describe('readSheet: values', () => {
  it('reads numbers, booleans, errors, shared and inline strings at their positions', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(
            2,
            '<c r="C2"><v>12.5</v></c><c r="D2" t="s"><v>0</v></c><c r="E2" t="b"><v>1</v></c><c r="F2" t="b"><v>0</v></c>',
          ),
          row(
            4,
            '<c r="A4" t="e"><v>#N/A</v></c><c r="B4" t="inlineStr"><is><t>trực tiếp</t></is></c><c r="C4"><v>-1.25E-3</v></c>',
          ),
        ),
        ['<t>Sở Nội vụ</t>'],
      ),
    );
    expect(s.rows).toEqual([
      [],
      [null, null, 12.5, 'Sở Nội vụ', true, false],
      [],
      [{ error: '#N/A' }, 'trực tiếp', -0.00125],
    ]);
    expect(s.formulas).toBeUndefined();
    expect(s.merges).toBeUndefined();
  });

  it('does not materialise styled empty cells, trailing or not, nor rows holding only those', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(1, '<c r="A1" s="3"/><c r="B1"><v>1</v></c><c r="C1" s="2"/><c r="D1" s="0"/><c r="E1"/>'),
          row(2, '<c r="A2" s="4"/>'),
          '<row r="3" s="5" customFormat="1"/>',
        ),
      ),
    );
    expect(s.rows).toEqual([[null, 1]]);
  });

  it('keeps an empty sheet as a sheet with no rows, and a sheet part without sheetData', async () => {
    const bytes = buildPackage({
      sheets: [
        { name: 'Trống', xml: worksheet('<sheetData/>') },
        { name: 'Không dữ liệu', xml: worksheet('<dimension ref="A1"/>') },
      ],
    });
    expect(direct(bytes)).toEqual({
      sheets: [
        { name: 'Trống', rows: [] },
        { name: 'Không dữ liệu', rows: [] },
      ],
    });
    expect(direct(bytes)).toEqual(await excelJSSnapshot(bytes));
  });

  it('joins rich text, leaves phonetic runs out, and keeps an empty string apart from an empty <si/>', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(
            1,
            ['A1', 'B1', 'C1', 'D1', 'E1'].map((a, i) => `<c r="${a}" t="s"><v>${i}</v></c>`).join('') +
              '<c r="F1" t="inlineStr"><is><r><rPr><b/></rPr><t>Kế hoạch </t></r><r><t>39/KH</t></r></is></c>',
          ),
        ),
        [
          '<r><t xml:space="preserve">Kế hoạch số </t></r><r><rPr><b/><sz val="11"/></rPr><t>39/KH-BDT</t></r><r><t xml:space="preserve"> ngày 24/01/2022</t></r>',
          '<t>漢字</t><rPh sb="0" eb="2"><t>かんじ</t></rPh><phoneticPr fontId="1" type="noConversion"/>',
          '<t/>',
          '',
          '<r><rPr><i/></rPr></r><r><t>b</t></r>',
        ],
      ),
    );
    expect(s.rows[0]).toEqual(['Kế hoạch số 39/KH-BDT ngày 24/01/2022', '漢字', '', null, 'b', 'Kế hoạch 39/KH']);
  });

  it('decodes _xHHHH_ escapes as Excel writes them, and _x005F_ before a literal one', async () => {
    const bytes = oneSheet(
      data(row(1, '<c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>')),
      [
        '<t>Dòng 1_x000D_\nDòng 2</t>',
        '<t>_x005F_x000D_ là chữ</t>',
        '<t>Tab_x0009_và chuông_x0007_; _xD83D__xDE00_</t>',
      ],
    );
    const s = await sheetOf(bytes);
    expect(s.rows[0]).toEqual(['Dòng 1\r\nDòng 2', '_x000D_ là chữ', 'Tab\tvà chuông\u0007; 😀']);
  });

  it('decodes escapes in inline strings and text results too, and lower-case hex (where ExcelJS does not)', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(
            1,
            '<c r="A1" t="inlineStr"><is><t>a_x000D_b</t></is></c>' +
              '<c r="B1" t="str"><f>"x"</f><v>c_x000d_d</v></c>' +
              '<c r="C1" t="inlineStr"><is><t>漢</t><rPh sb="0" eb="1"><t>かん</t></rPh></is></c>',
          ),
        ),
      ),
      false,
    );
    expect(s.rows[0]).toEqual(['a\rb', 'c\rd', '漢']);
  });

  it('reads numbers as stored and never throws on what a cell holds', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(
            1,
            '<c r="A1"><v> 7 </v></c><c r="B1"><v>abc</v></c><c r="C1"><v>1e400</v></c><c r="D1" t="n"><v>0.1</v></c>' +
              '<c r="E1" t="b"><v>yes</v></c><c r="F1" t="e"><v>#DIV/0!</v></c><c r="G1"><v>45306.4287384259</v></c>',
          ),
        ),
      ),
    );
    expect(s.rows[0]).toEqual([7, null, null, 0.1, true, { error: '#DIV/0!' }, 45306.4287384259]);
  });

  it('reads an ISO date cell (t="d") as its serial, in either date system', async () => {
    const cells = data(row(1, '<c r="A1" t="d"><v>2024-01-15</v></c><c r="B1" t="d"><v>2024-01-15T12:00:00</v></c>'));
    expect((await sheetOf(oneSheet(cells), false)).rows[0]).toEqual([45306, 45306.5]);
    expect((await sheetOf(oneSheet(cells, undefined, { workbookPr: 'date1904="true"' }), false)).rows[0]).toEqual([
      45306 - 1462,
      45306.5 - 1462,
    ]);
  });

  it('places cells and rows written without r after the previous ones', async () => {
    const s = await sheetOf(
      oneSheet(data('<row><c><v>1</v></c><c><v>2</v></c></row>', '<row><c r="B2"><v>3</v></c><c><v>4</v></c></row>')),
      false,
    );
    expect(s.rows).toEqual([
      [1, 2],
      [null, 3, 4],
    ]);
  });

  it('reads SpreadsheetML written with a namespace prefix', async () => {
    const xml =
      `<?xml version="1.0" encoding="UTF-8"?><x:worksheet xmlns:x="${MAIN_NS}"><x:sheetData>` +
      '<x:row r="1"><x:c r="A1" t="inlineStr"><x:is><x:t>STT</x:t></x:is></x:c><x:c r="B1"><x:v>5</x:v></x:c></x:row>' +
      '</x:sheetData><x:mergeCells count="1"><x:mergeCell ref="B1:C1"/></x:mergeCells></x:worksheet>';
    const s = direct(buildPackage({ sheets: [{ name: 'S', xml }] })).sheets[0];
    expect(s).toEqual({ name: 'S', rows: [['STT', 5, null]], merges: ['B1:C1'] });
  });

  it('ignores text and cells outside sheetData (extLst formulas, comments)', async () => {
    const s = await sheetOf(
      oneSheet(
        data(row(1, '<c r="A1"><v>1</v></c>')) +
          '<extLst><ext uri="{CCE6A557-97BC-4b89-ADB6-D9C93CAAB3DF}" xmlns:x14="http://schemas.microsoft.com/office/spreadsheetml/2009/9/main">' +
          '<x14:dataValidations count="1" xmlns:xm="http://schemas.microsoft.com/office/excel/2006/main"><x14:dataValidation type="list">' +
          '<x14:formula1><xm:f>Lists!$A$1:$A$3</xm:f></x14:formula1><xm:sqref>B2</xm:sqref></x14:dataValidation></x14:dataValidations></ext></extLst>',
      ),
    );
    expect(s).toEqual({ name: 'S', rows: [[1]] });
  });
});

describe('readSheet: formulas', () => {
  it('gives the cached result as the value, the formula without = apart, null when nothing is cached', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(1, '<c r="A1"><v>1</v></c><c r="B1"><f>SUM(A1:A2)</f><v>3</v></c>'),
          row(2, '<c r="B2" t="e"><f>Sheet9!A1</f><v>#REF!</v></c>'),
          row(3, '<c r="B3"><f>A1*2</f></c><c r="C3" t="str"><f>IF(A1&gt;0,"đạt","")</f><v></v></c>'),
          row(4, '<c r="B4" t="str"><f>IF(A1&gt;0,"đạt","không")</f><v>đạt</v></c>'),
          row(5, '<c r="B5" t="b"><f>A1&gt;0</f><v>1</v></c>'),
        ),
      ),
    );
    expect(s.rows).toEqual([
      [1, 3],
      [null, { error: '#REF!' }],
      [null, null, null],
      [null, 'đạt'],
      [null, true],
    ]);
    expect(s.formulas).toEqual([
      [null, 'SUM(A1:A2)'],
      [null, 'Sheet9!A1'],
      [null, 'A1*2', 'IF(A1>0,"đạt","")'],
      [null, 'IF(A1>0,"đạt","không")'],
      [null, 'A1>0'],
    ]);
  });

  it('translates a shared formula for each cell of its range, as ExcelJS does', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(
            1,
            '<c r="C1"><f t="shared" ref="C1:D3" si="0">A1*10+$B$1+Sheet2!B1</f><v>10</v></c><c r="D1"><f t="shared" si="0"/><v>0</v></c>',
          ),
          row(2, '<c r="C2"><f t="shared" si="0"/><v>20</v></c><c r="D2"><f t="shared" si="0"/><v>0</v></c>'),
          row(3, '<c r="C3"><f t="shared" si="0"/><v>0</v></c><c r="E3"><f t="shared" si="7"/><v>5</v></c>'),
        ),
      ),
    );
    expect(s.rows).toEqual([
      [null, null, 10, 0],
      [null, null, 20, 0],
      [null, null, 0, null, 5],
    ]);
    expect(s.formulas).toEqual([
      [null, null, 'A1*10+$B$1+Sheet2!B1', 'B1*10+$B$1+Sheet2!C1'],
      [null, null, 'A2*10+$B$1+Sheet2!B2', 'B2*10+$B$1+Sheet2!C2'],
      // E3 names a shared formula whose master is not there: its value, no formula.
      [null, null, 'A3*10+$B$1+Sheet2!B3'],
    ]);
  });

  it('reads an array formula on its first cell and the cached values of the others', async () => {
    const s = await sheetOf(
      oneSheet(data(row(1, '<c r="A1"><f t="array" ref="A1:B1">{1,2}</f><v>1</v></c><c r="B1"><v>2</v></c>'))),
    );
    expect(s.rows).toEqual([[1, 2]]);
    expect(s.formulas).toEqual([['{1,2}']]);
  });

  it('slideFormula moves relative references only and leaves names, functions and absolute parts', () => {
    expect(slideFormula('SUM(A1:B2)+$C$3+C$3+$C3+LOG10(2)', 0, 0, 2, 1)).toBe('SUM(B3:C4)+$C$3+D$3+$C5+LOG10(2)');
    expect(slideFormula('A1', 5, 5, 0, 0)).toBe('#REF!');
    expect(slideFormula("'Sổ 2'!A1+XFE1+ABCD1", 0, 0, 1, 0)).toBe("'Sổ 2'!A2+XFE1+ABCD1");
    // Nothing inside quotes moves, as in Excel (ExcelJS moves the A1 of 'Sở A1').
    expect(slideFormula(`'Sở A1'!B2&"C3"&'it''s B4'!B2`, 0, 0, 1, 0)).toBe(`'Sở A1'!B3&"C3"&'it''s B4'!B3`);
  });
});

describe('readSheet: merges, hidden and protected sheets', () => {
  it('lists merged ranges and nulls their covered cells, extending rows as ExcelJS does', async () => {
    const s = await sheetOf(
      oneSheet(
        data(
          row(1, '<c r="A1" t="inlineStr"><is><t>BẢNG TỔNG HỢP</t></is></c><c r="B1"><v>9</v></c>'),
          row(2, '<c r="A2" t="inlineStr"><is><t>STT</t></is></c><c r="B2" t="inlineStr"><is><t>Điểm</t></is></c>'),
          row(3, '<c r="A3"><f>1+1</f><v>2</v></c><c r="B3"><f>A3</f><v>2</v></c>'),
        ) +
          '<mergeCells count="3"><mergeCell ref="A1:E1"/><mergeCell ref="$A$2:A3"/><mergeCell ref="D5:C4"/></mergeCells>',
      ),
    );
    expect(s.merges).toEqual(['A1:E1', 'A2:A3', 'C4:D5']);
    expect(s.rows).toEqual([
      ['BẢNG TỔNG HỢP', null, null, null, null],
      ['STT', 'Điểm'],
      [null, 2],
      [null, null, null, null],
      [null, null, null, null],
    ]);
    expect(s.formulas).toEqual([[], [], [null, 'A3'], [], []]);
  });

  it('drops the formulas list when every formula sits in a covered cell', async () => {
    const s = await sheetOf(
      oneSheet(
        data(row(1, '<c r="A1"><v>1</v></c><c r="B1"><f>A1</f><v>1</v></c>')) +
          '<mergeCells><mergeCell ref="A1:B1"/></mergeCells>',
      ),
    );
    expect(s).toEqual({ name: 'S', rows: [[1, null]], merges: ['A1:B1'] });
  });

  it('reads hidden and very hidden sheets as hidden, and sheet protection (1 or true)', async () => {
    const cell = data(row(1, '<c r="A1"><v>1</v></c>'));
    const bytes = buildPackage({
      sheets: [
        { name: 'Hiện', xml: worksheet(cell), state: 'visible' },
        { name: 'Ẩn', xml: worksheet(cell), state: 'hidden' },
        { name: 'Rất ẩn', xml: worksheet(cell), state: 'veryHidden' },
        { name: 'Khóa', xml: worksheet(`${cell}<sheetProtection sheet="1" objects="1" scenarios="1"/>`) },
        { name: 'Bỏ khóa', xml: worksheet(`${cell}<sheetProtection sheet="0"/>`) },
      ],
    });
    const snap = direct(bytes);
    expect(snap).toEqual(await excelJSSnapshot(bytes));
    expect(snap.sheets.map((s) => [s.name, s.hidden, s.protected])).toEqual([
      ['Hiện', undefined, undefined],
      ['Ẩn', true, undefined],
      ['Rất ẩn', true, undefined],
      ['Khóa', undefined, true],
      ['Bỏ khóa', undefined, undefined],
    ]);
    const lo = buildPackage({ sheets: [{ name: 'LO', xml: worksheet(`${cell}<sheetProtection sheet="true"/>`) }] });
    expect(direct(lo).sheets[0].protected).toBe(true);
  });

  it('skips chart sheets, keeps the workbook order, and reads parts wherever the relationships point', async () => {
    const bytes = buildPackage({
      sheets: [
        { name: 'Sau', xml: worksheet(data(row(1, '<c r="A1"><v>2</v></c>'))), part: 'xl/worksheets/sheet9.xml' },
        {
          name: 'Biểu đồ',
          xml: '<chartsheet/>',
          part: 'xl/chartsheets/sheet1.xml',
          type: 'http://schemas.openxmlformats.org/officeDocument/2006/relationships/chartsheet',
        },
        { name: 'Trước', xml: worksheet(data(row(1, '<c r="A1"><v>1</v></c>'))), part: 'xl/worksheets/sheet2.xml' },
      ],
    });
    expect(direct(bytes).sheets.map((s) => s.name)).toEqual(['Sau', 'Trước']);
    expect(direct(bytes)).toEqual(await excelJSSnapshot(bytes));
    const oddName = buildPackage({
      sheets: [
        { name: 'Lạ', xml: worksheet(data(row(1, '<c r="A1"><v>1</v></c>'))), part: 'xl/worksheets/Data Sheet.xml' },
      ],
    });
    expect(direct(oddName).sheets).toEqual([{ name: 'Lạ', rows: [[1]] }]);
  });
});
