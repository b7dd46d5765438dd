// readXlsxFile: a good file reads; every kind of bad file gives a typed WorkbookReadError.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { WorkbookReadError, readXlsxFile, type WorkbookReadErrorKind } from '../src/workbook/xlsx-file';
import { storedZip } from './helpers/stored-zip';

let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-xlsx-file-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function goodWorkbookBytes(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Sở Nội vụ');
  ws.getCell('A1').value = 'STT';
  ws.getCell('B2').value = 7.5;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

function write(name: string, content: string | Buffer): string {
  const p = path.join(dir, name);
  fs.writeFileSync(p, content);
  return p;
}

/** The error readXlsxFile rejects with; fails the test when it resolves or throws something else. */
async function readError(p: string): Promise<WorkbookReadError> {
  const outcome = await readXlsxFile(p).then(
    () => null,
    (err: unknown) => err,
  );
  if (!(outcome instanceof WorkbookReadError)) {
    throw new Error(`expected a WorkbookReadError for ${p}, got ${outcome === null ? 'a workbook' : String(outcome)}`);
  }
  return outcome;
}

describe('readXlsxFile', () => {
  it('reads a workbook: its snapshot and its bytes', async () => {
    const bytes = await goodWorkbookBytes();
    const p = write('good.xlsx', bytes);
    const read = await readXlsxFile(p);
    expect(read.snapshot.sheets.map((s) => s.name)).toEqual(['Sở Nội vụ']);
    expect(read.snapshot.sheets[0].rows).toEqual([['STT'], [null, 7.5]]);
    expect(read.bytes.equals(bytes)).toBe(true);
  });

  it('reads an .xlsx whatever its file name says', async () => {
    const p = write('bang-diem.XLSX.bak', await goodWorkbookBytes());
    const { snapshot } = await readXlsxFile(p);
    expect(snapshot.sheets).toHaveLength(1);
  });

  const cases: [string, () => Promise<string> | string, WorkbookReadErrorKind, RegExp][] = [
    ['a missing file', () => path.join(dir, 'khong-co.xlsx'), 'not-found', /Không tìm thấy tệp/],
    ['a path under a file', () => path.join(write('plain.txt', 'x'), 'child.xlsx'), 'not-found', /File not found/],
    ['a folder', () => dir, 'not-a-file', /thư mục/],
    ['an empty file', () => write('empty.xlsx', ''), 'empty-file', /rỗng/],
    [
      'a text file named .xlsx',
      () => write('text.xlsx', 'Đây không phải sổ tính\n'),
      'not-xlsx',
      /không phải tệp Excel \.xlsx/,
    ],
    [
      'a CSV file',
      () => write('diem.csv', 'STT,Nội dung,Điểm\n1,Công tác chỉ đạo,"8,5"\n'),
      'not-xlsx',
      /is not an Excel \.xlsx file/,
    ],
    [
      'an old .xls (OLE2 compound file)',
      () =>
        write(
          'cu.xls',
          Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]),
        ),
      'xls-or-encrypted',
      /\.xls/,
    ],
    [
      'an OpenDocument spreadsheet',
      () =>
        write(
          'bang.ods',
          storedZip([
            { name: 'mimetype', content: 'application/vnd.oasis.opendocument.spreadsheet' },
            { name: 'content.xml', content: '<office:document-content/>' },
          ]),
        ),
      'ods',
      /OpenDocument/,
    ],
    [
      'a zip that is not a workbook',
      () => write('docs.xlsx', storedZip([{ name: 'readme.txt', content: 'hello' }])),
      'not-xlsx',
      /zip/,
    ],
    [
      'a truncated .xlsx',
      async () => {
        const bytes = await goodWorkbookBytes();
        return write('cut.xlsx', bytes.subarray(0, Math.floor(bytes.length * 0.6)));
      },
      'corrupt',
      /bị hỏng hoặc không đầy đủ/,
    ],
    [
      'an .xlsx with a damaged part',
      async () => {
        const bytes = await goodWorkbookBytes();
        // Keep the zip structure, scramble bytes in the middle (compressed data of the parts).
        const damaged = Buffer.from(bytes);
        for (let i = 200; i < Math.min(damaged.length - 200, 1200); i++) damaged[i] = (damaged[i] * 31 + 7) & 0xff;
        return write('damaged.xlsx', damaged);
      },
      'corrupt',
      /damaged or incomplete/,
    ],
  ];

  it.each(cases)('rejects %s with a typed, bilingual error', async (_label, makePath, kind, pattern) => {
    const p = await makePath();
    const err = await readError(p);
    expect(err.kind).toBe(kind);
    expect(err.path).toBe(p);
    expect(err.message).toMatch(pattern);
    expect(err.message).toBe(`${err.messageVi} / ${err.messageEn}`);
    expect(err.messageVi).not.toBe('');
    expect(err.messageEn).not.toBe('');
    expect(err.message).not.toMatch(/\n/);
  });
});
