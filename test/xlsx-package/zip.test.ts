// The zip container: round trip, raw copies byte for byte, zip64, damaged zips, a real .xlsx from ExcelJS (one
// from LibreOffice: zip.libreoffice.test.ts).
import zlib, { deflateRawSync, inflateRawSync } from 'zlib';
import ExcelJS from 'exceljs';
import { RawDeflater, ZipReader, crc32, writeZip, writeZipPieces } from '../../src/workbook/xlsx-package/zip';
import { storedZip } from '../helpers/stored-zip';
import { excelJsXlsx, packageError } from './read-fixtures';

describe('ZipReader / writeZip', () => {
  test('round trip of new entries: names, order, bytes, text without BOM', () => {
    const big = Buffer.alloc(300_000);
    for (let i = 0; i < big.length; i++) big[i] = (i * 7919) % 251;
    const zip = writeZip([
      { name: '[Content_Types].xml', data: '<Types/>' },
      { name: 'xl/tên có dấu.xml', data: '\ufeff<a>é</a>' },
      { name: 'empty', data: Buffer.alloc(0) },
      { name: 'big.bin', data: big },
    ]);
    const r = ZipReader.open(zip);
    expect(r.entries.map((e) => e.name)).toEqual(['[Content_Types].xml', 'xl/tên có dấu.xml', 'empty', 'big.bin']);
    expect(r.text('[Content_Types].xml')).toBe('<Types/>');
    expect(r.text('xl/tên có dấu.xml')).toBe('<a>é</a>');
    expect(r.read('empty').length).toBe(0);
    expect(r.read('big.bin').equals(big)).toBe(true);
    expect(r.entries[3]).toMatchObject({ method: 8, uncompressedSize: big.length, crc32: crc32(big) });
    expect(r.has('big.bin')).toBe(true);
    expect(r.has('BIG.BIN')).toBe(false);
    expect(r.lookup('BIG.BIN')).toBe('big.bin');
    expect(packageError(() => r.read('nope'))).toMatchObject({ kind: 'missing-part', part: 'nope' });
  });

  test('chunks: pieces of at most 64 KiB that add up to the part', () => {
    const text = Array.from({ length: 200_000 }, (_, i) => `<c r="A${i}"><v>${i}</v></c>`).join('');
    const r = ZipReader.open(writeZip([{ name: 's.xml', data: text }]));
    const pieces: Buffer[] = [];
    // Inflated in pieces by the zlib handle, not whole and then cut (the fallback for a Node without it).
    const whole = jest.spyOn(zlib, 'inflateRawSync');
    try {
      r.chunks('s.xml', (c) => pieces.push(Buffer.from(c)));
      expect(whole).not.toHaveBeenCalled();
    } finally {
      whole.mockRestore();
    }
    expect(pieces.length).toBeGreaterThan(10);
    expect(Math.max(...pieces.map((p) => p.length))).toBeLessThanOrEqual(65536);
    expect(Buffer.concat(pieces).toString('utf8')).toBe(text);
    // An error of the caller's own passes through unchanged.
    const mine = new Error('stop here');
    expect(() =>
      r.chunks('s.xml', () => {
        throw mine;
      }),
    ).toThrow(mine);
  });

  test('RawDeflater: data pushed in pieces comes back whole, with its crc and size, as a zip entry', () => {
    const parts = Array.from({ length: 300 }, (_, i) =>
      Buffer.from(`<row r="${i}"><c><v>${i * 1.5}</v></c></row>`.repeat(40)),
    );
    // Deflated piece by piece by the zlib handle, not collected and deflated whole (the fallback).
    const collected = jest.spyOn(zlib, 'deflateRawSync');
    const deflater = new RawDeflater();
    for (const p of parts) deflater.push(p);
    deflater.push(Buffer.alloc(0));
    const deflated = deflater.finish();
    expect(collected).not.toHaveBeenCalled();
    collected.mockRestore();
    const whole = Buffer.concat(parts);
    expect(inflateRawSync(Buffer.concat(deflated.pieces)).equals(whole)).toBe(true);
    expect(deflated).toMatchObject({ crc32: crc32(whole), uncompressedSize: whole.length });
    const r = ZipReader.open(
      writeZip([
        { name: 'a.xml', data: 'a' },
        { name: 'big.xml', deflated },
      ]),
    );
    expect(r.read('big.xml').equals(whole)).toBe(true);
    expect(r.text('a.xml')).toBe('a');
    const empty = new RawDeflater().finish();
    expect(ZipReader.open(writeZip([{ name: 'e', deflated: empty }])).read('e').length).toBe(0);
  });

  test('crc32 matches a table implementation (and continues across pieces)', () => {
    const data = Buffer.from('The quick brown fox jumps over the lazy dog');
    expect(crc32(data)).toBe(0x414fa339);
    expect(crc32(data.subarray(10), crc32(data.subarray(0, 10)))).toBe(0x414fa339);
  });

  test('a copied entry keeps its compressed bytes exactly (no re-deflate), new ones are added', () => {
    // Compressed at level 9 and stored: a re-deflate at level 6 would give other bytes.
    let seed = 7;
    const words = ['điểm', 'tiêu chí', 'đơn vị', 'khối', 'xếp hạng', 'tài liệu', 'kiểm chứng'];
    const text = Array.from({ length: 20_000 }, () => {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      return words[seed % words.length];
    }).join(' ');
    const level9 = deflateRawSync(Buffer.from(text), { level: 9 });
    const level1 = deflateRawSync(Buffer.from(text), { level: 1 });
    expect(level9.equals(level1)).toBe(false);
    const source = ZipReader.open(
      Buffer.concat([
        storedZip([
          { name: 'stored.txt', content: 'kept as stored' },
          { name: 'other', content: Buffer.from([1, 2, 3]) },
        ]),
      ]),
    );
    const copy = ZipReader.open(
      writeZip([
        { name: 'other', copyFrom: source },
        { name: 'new.xml', data: '<new/>' },
        { name: 'stored.txt', copyFrom: source },
      ]),
    );
    expect(copy.entries.map((e) => e.name)).toEqual(['other', 'new.xml', 'stored.txt']);
    expect(copy.compressed('stored.txt').data.equals(source.compressed('stored.txt').data)).toBe(true);
    expect(copy.compressed('stored.txt').info.method).toBe(0);
    expect(copy.text('stored.txt')).toBe('kept as stored');

    const xlsxLike = ZipReader.open(writeZip([{ name: 'p', data: inflateRawSync(level9) }], { level: 9 }));
    const again = ZipReader.open(writeZip([{ name: 'p', copyFrom: xlsxLike }]));
    expect(again.compressed('p').data.equals(level9)).toBe(true);
    // Written at level 1 and copied: still level 1's bytes.
    const fast = ZipReader.open(writeZip([{ name: 'p', data: Buffer.from(text) }], { level: 1 }));
    const copied = ZipReader.open(writeZip([{ name: 'p', copyFrom: fast }]));
    expect(copied.compressed('p').data.equals(level1)).toBe(true);
    expect(copied.text('p')).toBe(text);
  });

  test('copying the whole of an ExcelJS .xlsx gives the same entries, compressed bytes identical', async () => {
    const bytes = await excelJsXlsx();
    const r = ZipReader.open(bytes);
    expect(r.entries[0].name).toBe('[Content_Types].xml');
    expect(r.text('xl/workbook.xml')).toContain('Trang một');
    const copy = ZipReader.open(writeZip(r.entries.map((e) => ({ name: e.name, copyFrom: r }))));
    expect(copy.entries).toEqual(r.entries);
    for (const e of r.entries) {
      expect(copy.compressed(e.name).data.equals(r.compressed(e.name).data)).toBe(true);
      expect(copy.read(e.name).equals(r.read(e.name))).toBe(true);
    }
    // ExcelJS reads the copy.
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load(writeZip(r.entries.map((e) => ({ name: e.name, copyFrom: r }))) as unknown as ArrayBuffer);
    expect(wb.getWorksheet('Trang một')?.getCell('B2').value).toBe(42);
  });

  test('zip64 records (forced) are read back', () => {
    const zip = writeZip(
      [
        { name: 'a.xml', data: '<a/>' },
        { name: 'b.xml', data: 'b'.repeat(1000) },
      ],
      { forceZip64: true },
    );
    const r = ZipReader.open(zip);
    expect(r.entries.map((e) => [e.name, e.uncompressedSize])).toEqual([
      ['a.xml', 4],
      ['b.xml', 1000],
    ]);
    expect(r.text('b.xml')).toBe('b'.repeat(1000));
    // Copying out of a zip64 archive into a plain one.
    const plain = writeZip(r.entries.map((e) => ({ name: e.name, copyFrom: r })));
    expect(plain.length).toBeLessThan(zip.length);
    expect(ZipReader.open(plain).text('a.xml')).toBe('<a/>');
  });

  test('more than 65,535 entries: zip64 end records, written only then (65,535 is the marker value: 65,534 is the most without)', () => {
    const names = Array.from({ length: 65_540 }, (_, i) => `e${i}`);
    const zip = Buffer.concat(
      writeZipPieces(
        names.map((name) => ({ name, data: Buffer.alloc(0) })),
        { level: 0 },
      ),
    );
    expect(zip.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(true);
    const small = writeZip(
      names.slice(0, 65_534).map((name) => ({ name, data: '' })),
      { level: 0 },
    );
    expect(small.includes(Buffer.from([0x50, 0x4b, 0x06, 0x06]))).toBe(false);
    expect(ZipReader.open(small).entries.length).toBe(65_534);
    const r = ZipReader.open(zip);
    expect(r.entries.length).toBe(65_540);
    expect(r.entries[65_539].name).toBe('e65539');
    expect(packageError(() => ZipReader.open(zip, { maxEntries: 1000 })).kind).toBe('limit');
  });

  describe('damaged or refused zips give PackageError', () => {
    let good: Buffer;
    beforeAll(async () => {
      good = await excelJsXlsx();
    });

    test('cut short at any point', () => {
      for (const keep of [0, 10, 100, Math.floor(good.length / 2), good.length - 30, good.length - 1]) {
        expect(packageError(() => ZipReader.open(good.subarray(0, keep))).kind).toBe('damaged');
      }
    });

    test('not a zip', () => {
      expect(packageError(() => ZipReader.open(Buffer.from('STT,Tên\n1,a\n'.repeat(10)))).kind).toBe('damaged');
    });

    test('a corrupted data byte is caught by inflate or the crc', () => {
      const r = ZipReader.open(good);
      const sheet = r.entries.find((e) => e.name === 'xl/worksheets/sheet1.xml');
      expect(sheet).toBeDefined();
      const bad = Buffer.from(good);
      const { data } = r.compressed('xl/worksheets/sheet1.xml');
      const at = data.byteOffset - good.byteOffset + Math.floor(data.length / 2);
      bad[at] ^= 0x55;
      const damaged = ZipReader.open(bad);
      expect(packageError(() => damaged.read('xl/worksheets/sheet1.xml'))).toMatchObject({
        kind: 'damaged',
        part: 'xl/worksheets/sheet1.xml',
      });
      expect(packageError(() => damaged.chunks('xl/worksheets/sheet1.xml', () => undefined)).kind).toBe('damaged');
    });

    test('a size that lies (a bomb declaring less than it holds)', () => {
      const zip = Buffer.from(writeZip([{ name: 'x', data: 'a'.repeat(100_000) }]));
      // uncompressed size in the central record: at its offset + 24.
      const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      zip.writeUInt32LE(1000, cd + 24);
      const r = ZipReader.open(zip);
      expect(packageError(() => r.read('x')).kind).toBe('damaged');
      let seen = 0;
      expect(packageError(() => r.chunks('x', (c) => (seen += c.length))).kind).toBe('damaged');
      expect(seen).toBeLessThanOrEqual(65_536 + 1000);
    });

    test('the declared total beyond the limit', () => {
      const zip = writeZip([{ name: 'x', data: 'a'.repeat(100_000) }]);
      expect(packageError(() => ZipReader.open(zip, { maxTotalUncompressed: 50_000 })).kind).toBe('limit');
    });

    test('encrypted entries and unknown methods', () => {
      const zip = Buffer.from(writeZip([{ name: 'x', data: 'secret' }]));
      const cd = zip.indexOf(Buffer.from([0x50, 0x4b, 0x01, 0x02]));
      const enc = Buffer.from(zip);
      enc.writeUInt16LE(1, cd + 8);
      expect(packageError(() => ZipReader.open(enc))).toMatchObject({ kind: 'unsupported', part: 'x' });
      const lzma = Buffer.from(zip);
      lzma.writeUInt16LE(14, cd + 10);
      expect(packageError(() => ZipReader.open(lzma)).kind).toBe('unsupported');
    });

    test('two entries of one name', () => {
      const zip = storedZip([
        { name: 'a', content: '1' },
        { name: 'a', content: '2' },
      ]);
      expect(packageError(() => ZipReader.open(zip)).kind).toBe('damaged');
    });

    test('messages are bilingual', () => {
      const err = packageError(() => ZipReader.open(good.subarray(0, 100)));
      expect(err.messageVi).toMatch(/hỏng/);
      expect(err.messageEn).toMatch(/damaged/);
    });
  });
});
