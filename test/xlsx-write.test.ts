// --out must be a regular file or a new name in an existing folder: special files are refused before anything
// is written, and what was there stays as it was.
import { execFileSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { WorkbookWriteError, writeXlsxBytes } from '../src/workbook/xlsx-write';

const BYTES = Buffer.from('PK\u0005\u0006' + '\0'.repeat(18), 'latin1');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-write-'));
});
afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function refusal(out: string): Promise<WorkbookWriteError> {
  const err = await writeXlsxBytes(BYTES, out).then(
    () => null,
    (e: unknown) => e,
  );
  expect(err).toBeInstanceOf(WorkbookWriteError);
  return err as WorkbookWriteError;
}

describe('where --out may write', () => {
  it('a new name in an existing folder, and a regular file (replaced whole)', async () => {
    const out = path.join(dir, 'new.xlsx');
    await writeXlsxBytes(BYTES, out);
    expect(fs.readFileSync(out)).toEqual(BYTES);
    fs.writeFileSync(out, 'old content, longer than the new');
    await writeXlsxBytes(BYTES, out);
    expect(fs.readFileSync(out)).toEqual(BYTES);
  });

  it('through a link to a regular file: the link stays a link', async () => {
    const file = path.join(dir, 'target.xlsx');
    const link = path.join(dir, 'link.xlsx');
    fs.writeFileSync(file, 'x');
    fs.symlinkSync(file, link);
    await writeXlsxBytes(BYTES, link);
    expect(fs.lstatSync(link).isSymbolicLink()).toBe(true);
    expect(fs.readFileSync(file)).toEqual(BYTES);
  });

  it('refuses a device, in both languages', async () => {
    const err = await refusal('/dev/full');
    expect(err.kind).toBe('not-regular');
    expect(err.messageVi).toContain('không phải tệp thông thường');
    expect(err.messageEn).toContain('not a regular file');
    expect(fs.statSync('/dev/full').isCharacterDevice()).toBe(true);
  });

  it('refuses a FIFO and leaves it a FIFO', async () => {
    const fifo = path.join(dir, 'pipe.xlsx');
    execFileSync('mkfifo', [fifo]);
    expect((await refusal(fifo)).kind).toBe('not-regular');
    expect(fs.lstatSync(fifo).isFIFO()).toBe(true);
  });

  it('refuses a link to /proc/self/fd/1 and a broken link, leaving the links', async () => {
    const toStdout = path.join(dir, 'stdout.xlsx');
    fs.symlinkSync('/proc/self/fd/1', toStdout);
    expect((await refusal(toStdout)).kind).toBe('not-regular');
    expect(fs.lstatSync(toStdout).isSymbolicLink()).toBe(true);
    const broken = path.join(dir, 'broken.xlsx');
    fs.symlinkSync(path.join(dir, 'nowhere', 'x.xlsx'), broken);
    expect((await refusal(broken)).kind).toBe('not-regular');
    expect(fs.lstatSync(broken).isSymbolicLink()).toBe(true);
  });

  it('refuses a name in a folder that does not exist, and a folder', async () => {
    expect((await refusal(path.join(dir, 'missing', 'x.xlsx'))).kind).toBe('folder-missing');
    expect((await refusal(dir)).kind).toBe('is-folder');
  });

  it('leaves no temporary file behind', () => {
    expect(fs.readdirSync(dir).filter((f) => f.endsWith('.tmp'))).toEqual([]);
  });
});
