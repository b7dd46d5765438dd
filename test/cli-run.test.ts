// The command line in-process: what an unexpected internal error looks like, with and without --debug.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import * as analyze from '../src/core/analyze';
import { run, type CliIO } from '../src/cli/main';

let dir: string;
let file: string;

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-cli-run-'));
  file = path.join(dir, 'one.xlsx');
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Sheet1').getCell('A1').value = 'x';
  await wb.xlsx.writeFile(file);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

afterEach(() => {
  jest.restoreAllMocks();
});

function capture(): { io: CliIO; out: () => string; err: () => string } {
  let out = '';
  let err = '';
  return {
    io: { stdout: (t) => (out += t), stderr: (t) => (err += t) },
    out: () => out,
    err: () => err,
  };
}

describe('run', () => {
  it('reports an internal error in one line, pointing to --debug, exit 2', async () => {
    const spy = jest.spyOn(analyze, 'analyzeWorkbook').mockImplementation(() => {
      throw new TypeError('cannot read properties of undefined');
    });
    const c = capture();
    const code = await run(['rank', file], c.io);
    expect(spy).toHaveBeenCalledTimes(1);
    expect(code).toBe(2);
    expect(c.out()).toBe('');
    expect(c.err()).toBe(
      'Lỗi nội bộ: cannot read properties of undefined (chi tiết: --debug) / Internal error (details: --debug)\n',
    );
  });

  it('prints the stack with --debug', async () => {
    jest.spyOn(analyze, 'analyzeWorkbook').mockImplementation(() => {
      throw new RangeError('boom');
    });
    const c = capture();
    const code = await run(['validate', file, '--debug'], c.io);
    expect(code).toBe(2);
    expect(c.err()).toMatch(/^Lỗi nội bộ \/ Internal error: RangeError: boom\n\s+at /);
  });

  it('runs the real engine when nothing is mocked', async () => {
    const c = capture();
    const code = await run(['validate', file, '--json'], c.io);
    expect(c.err()).toBe('');
    const out = JSON.parse(c.out()) as { summary: { errors: number } };
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(code).toBe(1);
  });

  it('prints usage errors without a stack, even with --debug', async () => {
    const c = capture();
    expect(await run(['rank', '--debug'], c.io)).toBe(2);
    expect(c.err()).toBe(
      'Lỗi: Thiếu đường dẫn tệp .xlsx cho lệnh rank (xem par-index --help) / Error: Missing the .xlsx file path for rank\n',
    );
  });
});
