// Bad packages: each refused with a PackageError of its kind naming the part and the sheet, before or while
// inflating, never after; readXlsxBytes turns them into the command line's typed, bilingual WorkbookReadError.
// And whatever the bytes, the reader ends in a snapshot or a PackageError, nothing else.
import fc from 'fast-check';
import { PackageError } from '../../src/workbook/xlsx-package/package-error';
import { MAX_UNCOMPRESSED_BYTES, readXlsxPackage } from '../../src/workbook/xlsx-package/read-workbook';
import { readXlsxBytes, WorkbookReadError } from '../../src/workbook/xlsx-file';
import { buildPackage, oneSheet, packageError, sharedStrings, worksheet } from './read-fixtures';

/** Overwrites the uncompressed size a package's zip directory declares for `name`. */
function declareSize(zip: Buffer, name: string, size: number): Buffer {
  const out = Buffer.from(zip);
  const raw = Buffer.from(name, 'utf8');
  for (let at = out.length - 46; at >= 0; at--) {
    if (out.readUInt32LE(at) !== 0x02014b50) continue;
    if (out.readUInt16LE(at + 28) !== raw.length || !out.subarray(at + 46, at + 46 + raw.length).equals(raw)) continue;
    out.writeUInt32LE(size, at + 24);
    return out;
  }
  throw new Error(`no directory record for ${name}`);
}

const cell = '<sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>';

describe('direct reader: bad packages', () => {
  it('names the sheet whose part is missing', () => {
    const bytes = buildPackage({ sheets: [{ name: 'Sở Y tế', xml: worksheet(cell) }, { name: 'Sở Tư pháp' }] });
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('missing-part');
    expect(err.part).toBe('xl/worksheets/sheet2.xml');
    expect(err.messageEn).toMatch(/the data of sheet "Sở Tư pháp" is missing \(no part xl\/worksheets\/sheet2\.xml\)/);
    expect(err.messageVi).toMatch(/thiếu dữ liệu của trang “Sở Tư pháp”/);
  });

  it('names the sheet the workbook points to no part for', () => {
    const bytes = buildPackage({ sheets: [{ name: 'Mồ côi', xml: worksheet(cell), noRel: true }] });
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('missing-part');
    expect(err.messageEn).toMatch(/sheet "Mồ côi".*points to no part for it \(rId1\)/);
  });

  it('refuses a shared-string cell when the package has no string table, naming sheet, cell and part', () => {
    const bytes = oneSheet('<sheetData><row r="3"><c r="B3" t="s"><v>0</v></c></row></sheetData>');
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('missing-part');
    expect(err.part).toBe('xl/sharedStrings.xml');
    expect(err.messageEn).toBe(
      'cell B3 of sheet "S" uses the shared-string table, but the package has no part xl/sharedStrings.xml',
    );
    // Without such a cell, no table is needed.
    expect(readXlsxPackage(oneSheet(cell)).sheets[0].rows).toEqual([[1]]);
  });

  it('refuses a shared-string index beyond the table', () => {
    const bytes = oneSheet('<sheetData><row r="1"><c r="A1" t="s"><v>2</v></c></row></sheetData>', ['<t>a</t>']);
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('damaged');
    expect(err.messageEn).toMatch(
      /sheet "S" \(xl\/worksheets\/sheet1\.xml\): cell A1 refers to shared string 2; the table has 1/,
    );
  });

  it.each([
    [
      'a sheet',
      { sheets: [{ name: 'Hỏng', xml: worksheet('<sheetData><row r="1"><c r="A1"><v>1</v></row>') }] },
      'xl/worksheets/sheet1.xml',
      /sheet "Hỏng"/,
    ],
    [
      'the string table',
      { sheets: [{ name: 'S', xml: worksheet(cell) }], sharedStrings: '<sst><si><t>a</si></sst>' },
      'xl/sharedStrings.xml',
      /shared-string table/,
    ],
    [
      'an undefined entity',
      { sheets: [{ name: 'S', xml: worksheet('<sheetData>&nbsp;</sheetData>') }] },
      'xl/worksheets/sheet1.xml',
      /undefined entity/,
    ],
    ['an empty part', { sheets: [{ name: 'Rỗng', xml: '' }] }, 'xl/worksheets/sheet1.xml', /is empty/],
    [
      'text after the root',
      { sheets: [{ name: 'S', xml: `${worksheet(cell)}<extra/>` }] },
      'xl/worksheets/sheet1.xml',
      /./,
    ],
  ])('refuses XML that does not parse in %s, naming the part', (_label, spec, part, detail) => {
    const err = packageError(() => readXlsxPackage(buildPackage(spec)));
    expect(err.kind).toBe('bad-xml');
    expect(err.part).toBe(part);
    expect(err.messageEn).toContain(`the part ${part}`);
    expect(err.messageEn).toMatch(/is not valid XML/);
    expect(err.messageEn).toMatch(detail);
  });

  it('refuses a row or a cell off the grid', () => {
    const row = packageError(() =>
      readXlsxPackage(oneSheet('<sheetData><row r="1048577"><c><v>1</v></c></row></sheetData>')),
    );
    expect(row.kind).toBe('damaged');
    expect(row.messageEn).toMatch(/row number "1048577" is off the grid/);
    const col = packageError(() =>
      readXlsxPackage(oneSheet('<sheetData><row r="1"><c r="XFE1"><v>1</v></c></row></sheetData>')),
    );
    expect(col.messageEn).toMatch(/invalid reference "XFE1"/);
  });
});

describe('direct reader: limits, checked before or while inflating', () => {
  it('counts cells (merged ones too) while scanning and stops at the limit, naming the sheet', () => {
    const rows = Array.from({ length: 10 }, (_, r) => `<row r="${r + 1}">${'<c><v>1</v></c>'.repeat(10)}</row>`).join(
      '',
    );
    const bytes = buildPackage({
      sheets: [
        { name: 'Một', xml: worksheet(`<sheetData>${rows}</sheetData>`) },
        { name: 'Hai', xml: worksheet(`<sheetData>${rows}</sheetData>`) },
      ],
    });
    expect(readXlsxPackage(bytes, { maxCells: 200 }).sheets).toHaveLength(2);
    const err = packageError(() => readXlsxPackage(bytes, { maxCells: 150 }));
    expect(err.kind).toBe('limit');
    expect(err.messageEn).toMatch(/more than 150 cells .*reached in sheet "Hai"/);
    const merged = oneSheet(`${cell}<mergeCells><mergeCell ref="A1:J100"/></mergeCells>`);
    expect(packageError(() => readXlsxPackage(merged, { maxCells: 999 })).kind).toBe('limit');
    expect(readXlsxPackage(merged, { maxCells: 1000 }).sheets[0].rows).toHaveLength(100);
  });

  it(`refuses a package declaring more than ${MAX_UNCOMPRESSED_BYTES / 1024 ** 3} GiB before inflating anything`, () => {
    const bytes = declareSize(oneSheet(cell), 'xl/worksheets/sheet1.xml', 0xffffffff);
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('limit');
    expect(err.messageEn).toMatch(/would unzip to more than 4\.0 GiB/);
  });

  it('stops a part that inflates past its declared size, while inflating', () => {
    const big = worksheet(`<sheetData>${'<row><c><v>1</v></c></row>'.repeat(20000)}</sheetData>`);
    const bytes = declareSize(buildPackage({ sheets: [{ name: 'S', xml: big }] }), 'xl/worksheets/sheet1.xml', 70000);
    const err = packageError(() => readXlsxPackage(bytes));
    expect(err.kind).toBe('damaged');
    expect(err.part).toBe('xl/worksheets/sheet1.xml');
    // ZipReader stops the inflation at the declared size (how it says so depends on its inflate path).
    expect(err.messageEn).toMatch(/more data than the zip directory declares|larger than 70000 bytes/);
  });

  it('the command line gets a typed, bilingual error naming the file', () => {
    const missing = buildPackage({ sheets: [{ name: 'Sở Y tế' }] });
    const read = (bytes: Buffer): WorkbookReadError => {
      try {
        readXlsxBytes(bytes, 'bang.xlsx');
      } catch (err) {
        if (err instanceof WorkbookReadError) return err;
        throw err;
      }
      throw new Error('expected a WorkbookReadError');
    };
    const corrupt = read(missing);
    expect(corrupt.kind).toBe('corrupt');
    expect(corrupt.message).toBe(`${corrupt.messageVi} / ${corrupt.messageEn}`);
    expect(corrupt.messageEn).toMatch(/^The file bang\.xlsx is damaged or incomplete; .*sheet "Sở Y tế"/);
    expect(corrupt.messageVi).toMatch(/^Tệp bang\.xlsx bị hỏng hoặc không đầy đủ; .*trang “Sở Y tế”/);
    const large = read(declareSize(oneSheet(cell), 'xl/worksheets/sheet1.xml', 0xffffffff));
    expect(large.kind).toBe('too-large');
    expect(large.messageEn).toMatch(/^The file bang\.xlsx is too large to read: /);
  });
});

describe('direct reader: any bytes', () => {
  const valid = buildPackage({
    sheets: [
      {
        name: 'Sở',
        xml: worksheet(
          '<sheetData><row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1"><f t="shared" ref="B1:B2" si="0">A1&amp;"x"</f><v>1</v></c></row>' +
            '<row r="2"><c r="B2"><f t="shared" si="0"/></c><c r="C2" t="inlineStr"><is><r><t>a</t></r></is></c></row></sheetData>' +
            '<mergeCells><mergeCell ref="C1:D2"/></mergeCells>',
        ),
      },
    ],
    sharedStrings: sharedStrings(['<t>Điểm_x000D_</t>', '<r><t>x</t></r><rPh><t>y</t></rPh>']),
  });

  it('ends in a snapshot or a PackageError, whatever bytes are changed', () => {
    expect(readXlsxPackage(valid).sheets).toHaveLength(1);
    fc.assert(
      fc.property(
        fc.array(fc.tuple(fc.nat({ max: valid.length - 1 }), fc.integer({ min: 0, max: 255 })), {
          minLength: 1,
          maxLength: 8,
        }),
        (edits) => {
          const bytes = Buffer.from(valid);
          for (const [at, value] of edits) bytes[at] = value;
          try {
            readXlsxPackage(bytes);
          } catch (err) {
            if (!(err instanceof PackageError)) throw err;
          }
        },
      ),
      { numRuns: 300, seed: 20261130 },
    );
  });

  it('ends in a snapshot or a PackageError, whatever the XML of a sheet says', () => {
    const token = fc.constantFrom(
      '<row>',
      '</row>',
      '<row r="2">',
      '<c>',
      '</c>',
      '<c r="B1" t="s">',
      '<c t="inlineStr">',
      '<c t="e">',
      '<c t="b">',
      '<v>',
      '</v>',
      '<f>',
      '</f>',
      '<f t="shared" si="0" ref="A1:A3">',
      '<f t="shared" si="0"/>',
      '<is>',
      '</is>',
      '<t>',
      '</t>',
      '<r>',
      '</r>',
      '<rPh>',
      '</rPh>',
      '1',
      '0',
      'x',
      '_x000D_',
      '&amp;',
      '<mergeCells>',
      '<mergeCell ref="A1:B2"/>',
      '</mergeCells>',
      '<sheetData>',
      '</sheetData>',
    );
    fc.assert(
      fc.property(fc.array(token, { maxLength: 40 }), (tokens) => {
        const bytes = oneSheet(`<sheetData>${tokens.join('')}</sheetData>`, ['<t>a</t>', '<t>b</t>']);
        try {
          readXlsxPackage(bytes);
        } catch (err) {
          if (!(err instanceof PackageError)) throw err;
        }
      }),
      { numRuns: 300, seed: 7 },
    );
  });
});
