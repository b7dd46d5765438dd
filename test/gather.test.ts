// `par-index gather` on the published 2023 ministries table spread over one file per unit, with the problems
// units really send: sheets left named `Sheet1`, copies of the template, a unit sent twice, the old template
// version, an `.xls`, a password-protected file, a file with no unit sheet. Gathered, then ranked.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import type { Analysis, WorkbookSnapshot } from '../src/core/types';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { LISTING_SHEET } from '../src/core/gather-listing';
import { ministries2023, MINISTRIES_TEMPLATE_SHEET } from './fixtures/published-workbook';
import { packageProblems } from './xlsx-package/package-check';
import { cli, hashes, templateOnlyMaster, unitSheets, unitWorkbook, write } from './gather-helpers';

let dir: string;
let unitsDir: string;
let master: string;
let out: string;
let before: Map<string, string>;
let first: { code: number; out: string };
let json: {
  entries: { file: string; action: string; unit: string | null; sheet: string | null }[];
  findings: { code: string; sheet: string; message: string; criterion?: string }[];
};
let snapshot: WorkbookSnapshot;
let analysis: Analysis;

const DAY = 24 * 3600 * 1000;
const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const OLD_VERSION = 'Bộ Khoa học và Công nghệ';
const TWICE = 'Bộ Y tế';

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-gather-'));
  unitsDir = path.join(dir, 'nộp');
  master = write(path.join(dir, 'tong-hop.xlsx'), await templateOnlyMaster());
  for (const [i, sheet] of unitSheets.entries()) {
    const options = {
      asSheet1: i % 2 === 0,
      withTemplate: i % 3 === 0,
      oldVersion: sheet === OLD_VERSION,
    };
    // Half of them in a sub-folder per district: folders are read recursively.
    const sub = i % 2 === 0 ? '' : 'đợt 2';
    write(
      path.join(unitsDir, sub, `don-vi-${String(i + 1).padStart(2, '0')}.xlsx`),
      await unitWorkbook(sheet, options),
      new Date(T0 + i * 60000),
    );
  }
  // Sent twice: an earlier draft (other scores) two days before the final file.
  write(
    path.join(unitsDir, 'Bo Y te - ban nhap.xlsx'),
    await unitWorkbook(TWICE, { draftScore: 10 }),
    new Date(T0 - 2 * DAY),
  );
  // What cannot be gathered: an old .xls, a password-protected workbook (an OLE file), the template alone.
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
  write(path.join(unitsDir, 'cu.xls'), ole);
  write(path.join(unitsDir, 'mat-khau.xlsx'), ole);
  write(path.join(unitsDir, 'chi-bo-tieu-chi.xlsx'), await templateOnlyMaster());
  write(path.join(unitsDir, 'ghi-chu.txt'), Buffer.from('not a workbook'));
  before = hashes(unitsDir);
  out = path.join(dir, 'ket-qua.xlsx');
  first = await cli(['gather', master, unitsDir, '--out', out, '--json']);
  json = JSON.parse(first.out);
  snapshot = readXlsxPackage(fs.readFileSync(out));
  analysis = analyzeWorkbook(snapshot);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

const codes = (code: string) => json.findings.filter((f) => f.code === code);

describe('gather: the published table, one file per unit', () => {
  it('gathers every unit once, named after its unit, never Sheet1', () => {
    expect(first.code).toBe(0);
    const units = analysis.blocks.flatMap((b) => b.units);
    expect(units.map((u) => u.unit).sort()).toEqual(ministries2023.rows.map(([, unit]) => unit).sort());
    expect(new Set(units.map((u) => u.sheet)).size).toBe(17);
    const names = snapshot.sheets.map((s) => s.name);
    expect(names.filter((n) => /^sheet\d*$/i.test(n))).toEqual([]);
    expect(names.filter((n) => n === MINISTRIES_TEMPLATE_SHEET)).toHaveLength(1);
    // A unit whose name is longer than 31 characters is cut on a character boundary.
    expect(names).toContain('Bộ Nông nghiệp và Phát triển nô');
    expect(names).toContain(LISTING_SHEET);
    expect(packageProblems(fs.readFileSync(out))).toEqual([]);
  });

  it('ranks the units as published', () => {
    const block = analysis.blocks[0];
    expect(analysis.blocks).toHaveLength(1);
    for (const [rank, unit, , , total] of ministries2023.rows) {
      const u = block.units.find((x) => x.unit === unit)!;
      expect(u.rank).toBe(rank);
      // Components and total are rounded independently in the source (published/SOURCE.md): 0.01.
      expect(Math.abs(u.points - total)).toBeLessThanOrEqual(0.01 + 1e-9);
    }
  });

  it('says what it did with each planted problem', () => {
    const twice = codes('GATHER_UNIT_TWICE');
    expect(twice).toHaveLength(1);
    expect(twice[0].message).toContain('Bo Y te - ban nhap.xlsx');
    // The newer file is the one gathered: Bộ Y tế's published score, not the draft's.
    const yte = analysis.blocks[0].units.find((u) => u.unit === TWICE)!;
    expect(yte.rank).toBe(15);

    const skipped = codes('GATHER_FILE_SKIPPED').map((f) => f.message);
    expect(skipped).toHaveLength(2);
    expect(skipped.find((m) => m.includes('cu.xls'))).toMatch(/\.xls/);
    expect(skipped.find((m) => m.includes('mat-khau.xlsx'))).toMatch(/mật khẩu|password/);
    expect(codes('GATHER_NO_UNIT').map((f) => f.message)).toEqual([expect.stringContaining('chi-bo-tieu-chi.xlsx')]);

    const version = codes('GATHER_TEMPLATE_VERSION');
    expect(version).toHaveLength(1);
    expect(version[0].sheet).toBe(OLD_VERSION);
    expect(version[0].message).toContain(MINISTRIES_TEMPLATE_SHEET);
    // Per criterion: the engine's MAX_ALTERED on each criterion whose maximum differs, on the gathered sheet.
    const altered = json.findings.filter((f) => f.code === 'MAX_ALTERED' && f.sheet === OLD_VERSION);
    expect(altered.map((f) => f.criterion).sort()).toEqual(['I', 'I.1', 'II', 'II.1']);
    // Not one finding for the units that used the right template.
    expect(json.findings.filter((f) => f.code === 'MAX_ALTERED' && f.sheet !== OLD_VERSION)).toEqual([]);
    // The .txt in the folder is not a workbook a unit sent: left alone, not listed.
    expect(json.entries.map((e) => e.file)).not.toContain('ghi-chu.txt');
  });

  it('lists every file in the Danh sách nộp sheet, with the units’ totals', () => {
    const listing = snapshot.sheets.find((s) => s.name === LISTING_SHEET)!;
    const rows = listing.rows.slice(2).filter((r) => r && r[0]);
    // 17 units, the draft, the .xls, the protected file and the template alone.
    expect(rows).toHaveLength(21);
    const yte = rows.find((r) => r![2] === TWICE && r![3] === TWICE)!;
    expect(yte[5]).toBeCloseTo(79.8, 2);
    const draft = rows.find((r) => r![0] === 'Bo Y te - ban nhap.xlsx')!;
    expect(String(draft[9])).toMatch(/Trùng đơn vị/);
    expect(rows.find((r) => r![0] === 'cu.xls')![9]).toMatch(/\.xls/);
    expect(rows.find((r) => r![0] === 'đợt 2/don-vi-02.xlsx')![2]).toBe('Ngân hàng Nhà nước Việt Nam');
    // The listing is not a score table: ranking skips it (an info, as for any sheet without criteria).
    expect(analysis.findings.filter((f) => f.sheet === LISTING_SHEET).map((f) => f.code)).toEqual(['SHEET_SKIPPED']);
  });

  it('leaves the unit files byte for byte as they were', () => {
    expect(hashes(unitsDir)).toEqual(before);
  });

  it('gathering again changes nothing', async () => {
    const again = path.join(dir, 'lan-hai.xlsx');
    const second = await cli(['gather', out, unitsDir, '--out', again, '--json']);
    expect(second.code).toBe(0);
    const report = JSON.parse(second.out);
    expect(report.changed).toBe(false);
    expect(report.entries.filter((e: { action: string }) => e.action === 'unchanged')).toHaveLength(17);
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
    expect(hashes(unitsDir)).toEqual(before);
  });
});
