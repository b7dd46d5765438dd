// Gathering into a master that already has units: a newer file replaces the sheet gathered earlier (only while
// that sheet is unchanged in the master), an older one does not, a sheet the council has since edited or that
// was not gathered is kept; units whose names cut to the same 31 characters get distinct sheets; a unit without
// an `Đơn vị:` line is named after its file; nothing is written when the master cannot be read.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import type { SheetSnapshot } from '../src/core/types';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { writeZip, ZipReader } from '../src/workbook/xlsx-package/zip';
import { buildMinistries2023Workbook } from './fixtures/published-workbook';
import { packageProblems } from './xlsx-package/package-check';
import { cli, templateOnlyMaster, unitWorkbook, write } from './gather-helpers';

let dir: string;
let master: string;
const T = Date.UTC(2026, 1, 1, 8, 0, 0);
const DAY = 24 * 3600 * 1000;
const UNIT = 'Bộ Tư pháp';

interface Report {
  changed: boolean;
  entries: { file: string; action: string; unit: string | null; sheet: string | null }[];
  findings: { code: string; sheet: string; message: string }[];
}

async function gather(from: string, inputs: string[], to: string): Promise<Report> {
  const r = await cli(['gather', from, ...inputs, '--out', to, '--json']);
  if (r.code !== 0) throw new Error(r.out + r.err);
  return JSON.parse(r.out) as Report;
}

const sheetOf = (file: string, name: string): SheetSnapshot | undefined =>
  readXlsxPackage(fs.readFileSync(file)).sheets.find((s) => s.name === name);

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-gather-replace-'));
  master = write(path.join(dir, 'master.xlsx'), await templateOnlyMaster());
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('gather into a master that has units already', () => {
  let m1: string;
  beforeAll(async () => {
    const a = write(path.join(dir, 'v1', 'btp.xlsx'), await unitWorkbook(UNIT), new Date(T));
    m1 = path.join(dir, 'm1.xlsx');
    await gather(master, [a], m1);
  });

  it('replaces the earlier sheet with a newer file, in place, and says so', async () => {
    const newer = write(
      path.join(dir, 'v2', 'btp.xlsx'),
      await unitWorkbook(UNIT, { draftScore: 50 }),
      new Date(T + DAY),
    );
    const m2 = path.join(dir, 'm2.xlsx');
    const report = await gather(m1, [newer], m2);
    expect(report.entries).toEqual([expect.objectContaining({ action: 'replaced', sheet: UNIT })]);
    expect(report.findings.map((f) => f.code)).toContain('GATHER_REPLACED');
    const before = readXlsxPackage(fs.readFileSync(m1)).sheets.map((s) => s.name);
    const after = readXlsxPackage(fs.readFileSync(m2)).sheets.map((s) => s.name);
    expect(after).toEqual(before);
    expect(sheetOf(m2, UNIT)!.rows[3][3]).toBe(50);
    expect(packageProblems(fs.readFileSync(m2))).toEqual([]);

    // An older file of the same unit, with other scores: not copied, said, listed.
    const older = write(
      path.join(dir, 'v0', 'btp-cu.xlsx'),
      await unitWorkbook(UNIT, { draftScore: 40 }),
      new Date(T - DAY),
    );
    const m3 = path.join(dir, 'm3.xlsx');
    const third = await gather(m2, [older], m3);
    expect(third.entries).toEqual([expect.objectContaining({ action: 'older' })]);
    expect(third.findings.map((f) => f.code)).toContain('GATHER_OLDER_FILE');
    expect(sheetOf(m3, UNIT)!.rows[3][3]).toBe(50);
    const listing = sheetOf(m3, 'Danh sách nộp')!;
    expect(listing.rows.some((r) => r?.[0] === 'btp-cu.xlsx' && String(r[9]).startsWith('Không chép'))).toBe(true);
  });

  it('keeps a sheet the council edited since it was gathered', async () => {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.readFile(m1);
    wb.getWorksheet(UNIT)!.getCell('E4').value = 55; // the appraised score, typed in the master
    const edited = path.join(dir, 'm1-edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const newer = write(
      path.join(dir, 'v3', 'btp.xlsx'),
      await unitWorkbook(UNIT, { draftScore: 60 }),
      new Date(T + 2 * DAY),
    );
    const out = path.join(dir, 'm1-edited-out.xlsx');
    const report = await gather(edited, [newer], out);
    expect(report.entries).toEqual([expect.objectContaining({ action: 'kept', sheet: UNIT })]);
    const kept = report.findings.find((f) => f.code === 'GATHER_KEPT')!;
    expect(kept.message).toContain('đã được sửa sau khi thu thập');
    expect(sheetOf(out, UNIT)!.rows[3][4]).toBe(55);
    expect(sheetOf(out, UNIT)!.rows[3][3]).not.toBe(60);
  });

  it('keeps a unit sheet that gather did not bring in, and takes an identical one as unchanged', async () => {
    const full = path.join(dir, 'full.xlsx');
    await buildMinistries2023Workbook().xlsx.writeFile(full);
    const same = write(path.join(dir, 'same', 'btp.xlsx'), await unitWorkbook(UNIT), new Date(T));
    const other = write(path.join(dir, 'other', 'btp.xlsx'), await unitWorkbook(UNIT, { draftScore: 1 }), new Date(T));
    const a = await gather(full, [same], path.join(dir, 'full-same.xlsx'));
    expect(a.entries).toEqual([expect.objectContaining({ action: 'unchanged', sheet: UNIT })]);
    const b = await gather(full, [other], path.join(dir, 'full-other.xlsx'));
    expect(b.entries).toEqual([expect.objectContaining({ action: 'kept', sheet: UNIT })]);
    expect(b.findings.find((f) => f.code === 'GATHER_KEPT')!.message).toContain('không do lệnh gather thu thập');
    expect(sheetOf(path.join(dir, 'full-other.xlsx'), UNIT)!.rows[3][3]).not.toBe(1);
  });
});

describe('gather names', () => {
  async function named(unitLine: string | null, sheet = 'Sheet1'): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    await wb.xlsx.load((await unitWorkbook(UNIT, { asSheet1: true })) as unknown as ArrayBuffer);
    const ws = wb.getWorksheet('Sheet1')!;
    ws.getCell('A1').value = unitLine;
    ws.name = sheet;
    return Buffer.from(await wb.xlsx.writeBuffer());
  }

  it('gives two units whose names cut to the same 31 characters two sheets', async () => {
    const a = write(path.join(dir, 'names', 'hn.xlsx'), await named('Đơn vị: Ủy ban nhân dân huyện Thanh Trì, Hà Nội'));
    const b = write(
      path.join(dir, 'names', 'hp.xlsx'),
      await named('Đơn vị: Ủy ban nhân dân huyện Thanh Trì, Hải Phòng'),
    );
    const out = path.join(dir, 'names.xlsx');
    const report = await gather(master, [a, b], out);
    const sheets = report.entries.map((e) => e.sheet);
    expect(sheets).toEqual(['Ủy ban nhân dân huyện Thanh Trì', 'Ủy ban nhân dân huyện Thanh (2)']);
    expect(report.findings.filter((f) => f.code === 'GATHER_NAME_TAKEN')).toHaveLength(1);
    expect(packageProblems(fs.readFileSync(out))).toEqual([]);
  });

  it('gathers every unit of a file that holds several', async () => {
    const wb = buildMinistries2023Workbook();
    for (const ws of [...wb.worksheets]) if (!['Bộ Y tế', 'Bộ Ngoại giao'].includes(ws.name)) wb.removeWorksheet(ws.id);
    wb.getWorksheet('Bộ Y tế')!.name = 'Sheet1';
    wb.getWorksheet('Bộ Ngoại giao')!.name = 'Sheet2';
    const f = write(path.join(dir, 'several', 'hai-bo.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
    const report = await gather(master, [f], path.join(dir, 'several.xlsx'));
    expect(report.entries.map((e) => [e.action, e.sheet])).toEqual([
      ['added', 'Bộ Y tế'],
      ['added', 'Bộ Ngoại giao'],
    ]);
  });

  it('names a unit without an Đơn vị line after its file', async () => {
    const f = write(path.join(dir, 'nameless', 'Sở Xây dựng.xlsx'), await named(null));
    const out = path.join(dir, 'nameless.xlsx');
    const report = await gather(master, [f], out);
    expect(report.entries).toEqual([expect.objectContaining({ action: 'added', sheet: 'Sở Xây dựng' })]);
    expect(report.findings.map((f) => f.code)).toContain('GATHER_NAMED_FROM_FILE');
  });
});

describe('gather refuses a master it cannot read', () => {
  it('writes nothing and says why, in both languages', async () => {
    const bad = write(path.join(dir, 'bad-master.xlsx'), Buffer.from('PK\u0003\u0004 cut short'));
    const unit = write(path.join(dir, 'bad', 'btp.xlsx'), await unitWorkbook(UNIT));
    const out = path.join(dir, 'bad-out.xlsx');
    const r = await cli(['gather', bad, unit, '--out', out]);
    expect(r.code).toBe(2);
    expect(r.err).toMatch(/Lỗi: .*bad-master\.xlsx.* \/ Error: /);
    expect(fs.existsSync(out)).toBe(false);
  });

  it('skips a unit file whose styles are damaged, says why, and gathers the others', async () => {
    const good = write(path.join(dir, 'damaged', 'a.xlsx'), await unitWorkbook('Bộ Y tế'));
    const zip = ZipReader.open(await unitWorkbook(UNIT));
    const broken = zip.entries.map((e) =>
      e.name === 'xl/styles.xml' ? { name: e.name, data: '<styleSheet><fonts>' } : { name: e.name, copyFrom: zip },
    );
    const bad = write(path.join(dir, 'damaged', 'b.xlsx'), writeZip(broken));
    const report = await gather(master, [good, bad], path.join(dir, 'damaged.xlsx'));
    expect(report.entries.map((e) => [e.file, e.action])).toEqual([
      ['b.xlsx', 'skipped'],
      ['a.xlsx', 'added'],
    ]);
    expect(report.findings.find((f) => f.code === 'GATHER_FILE_SKIPPED')!.message).toContain('xl/styles.xml');
  });

  it('asks for the units and for --out', async () => {
    expect((await cli(['gather', master, '--out', path.join(dir, 'x.xlsx')])).err).toMatch(/gather needs the units/);
    expect((await cli(['gather', master, master])).err).toMatch(/gather needs --out/);
    expect((await cli(['split', master])).err).toMatch(/split needs --out/);
  });
});
