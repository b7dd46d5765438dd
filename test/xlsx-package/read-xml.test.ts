// Scanning a part in pieces: text cut by ZipReader's 64 KiB pieces anywhere (inside a multi-byte character,
// an entity, a tag), byte-order marks, UTF-16; and the ST_Xstring escapes.
import { readXlsxPackage } from '../../src/workbook/xlsx-package/read-workbook';
import { decodeXString, scanXmlPart } from '../../src/workbook/xlsx-package/read-xml';
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
import { buildPackage, worksheet } from './read-fixtures';

describe('scanXmlPart', () => {
  it('reads a sheet of several 64 KiB pieces cut inside characters, entities and tags', () => {
    // 2-, 3- and 4-byte UTF-8 characters and entities, so that piece ends fall inside each of them somewhere.
    const texts = Array.from({ length: 3000 }, (_, i) => `Đơn vị ${i} – “Sở” 😀 &amp; &lt;${'ệ'.repeat(i % 7)}`);
    const rows = texts
      .map(
        (t, i) =>
          `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t>${t}</t></is></c><c r="B${i + 1}"><v>${i}</v></c></row>`,
      )
      .join('');
    const xml = worksheet(`<sheetData>${rows}</sheetData>`);
    expect(Buffer.byteLength(xml)).toBeGreaterThan(4 * 65536);
    const bytes = buildPackage({ sheets: [{ name: 'Dài', xml }] });
    const s = readXlsxPackage(bytes).sheets[0];
    expect(s.rows).toHaveLength(3000);
    s.rows.forEach((row, i) => expect(row).toEqual([texts[i].replace('&amp;', '&').replace('&lt;', '<'), i]));
  });

  it('reads parts with a UTF-8 byte-order mark, and UTF-16 parts', () => {
    const xml = worksheet('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Điểm</t></is></c></row></sheetData>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    for (const data of [Buffer.concat([Buffer.from([0xef, 0xbb, 0xbf]), Buffer.from(xml)]), utf16]) {
      const bytes = buildPackage({ sheets: [{ name: 'S', xml: '' }], extra: [] });
      const zip = ZipReader.open(bytes);
      const patched = writeZip(
        zip.entries.map((e) =>
          e.name === 'xl/worksheets/sheet1.xml' ? { name: e.name, data } : { name: e.name, copyFrom: zip },
        ),
      );
      expect(readXlsxPackage(patched).sheets[0].rows).toEqual([['Điểm']]);
    }
  });

  it('gives element names without their prefix and attributes as written', () => {
    const zip = ZipReader.open(
      writeZip([{ name: 'p.xml', data: '<a:root xmlns:a="u" b="1 &amp; 2"><a:c/>x<![CDATA[<y>]]></a:root>' }]),
    );
    const seen: string[] = [];
    scanXmlPart(
      zip,
      { part: 'p.xml' },
      {
        open: (name, a) => seen.push(`<${name} ${JSON.stringify(a.all())}>`),
        close: (name) => seen.push(`</${name}>`),
        text: (t) => seen.push(t),
      },
    );
    expect(seen).toEqual(['<root {"xmlns:a":"u","b":"1 & 2"}>', '<c {}>', '</c>', 'x', '<y>', '</root>']);
  });
});

describe('decodeXString', () => {
  it('decodes _xHHHH_ (hex in either case), the escaped underscore, and nothing else', () => {
    expect(decodeXString('a_x000D_b_x000d_c')).toBe('a\rb\rc');
    expect(decodeXString('_x005F_x000D_')).toBe('_x000D_');
    expect(decodeXString('_X000D_ _x00D_ _x000G_ x000D_')).toBe('_X000D_ _x00D_ _x000G_ x000D_');
    expect(decodeXString('_xD83D__xDE00_')).toBe('😀');
    expect(decodeXString('không có gì')).toBe('không có gì');
  });
});
