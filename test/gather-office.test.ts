// `gather` through Office.js (the pane's path) on the simulated Excel: the published 2023 ministries table
// spread over one file per unit, with the problems units send (Sheet1, template copies, a unit twice, the old
// template, an .xls, a password-protected file, the template alone), gathered into a master holding the
// template only. With ExcelApi 1.13 each sheet is inserted from its file; without, copied cell by cell.
import { analyzeWorkbook } from '../src/core/analyze';
import { LISTING_SHEET } from '../src/core/gather-listing';
import type { Analysis, WorkbookSnapshot } from '../src/core/types';
import { installLiveExcel, type LiveExcel } from '../src/harness/live-excel';
import { decideGather } from '../src/core/gather-plan';
import { createSimulatedExcel } from '../src/harness/simulated-excel';
import { gatherSheetsOffice } from '../src/workbook/office-gather';
import { gatherUnits, sheetCopies, type GatherSummary } from '../src/taskpane/gather-units';
import { readUnitFiles, type PickedFile } from '../src/taskpane/unit-files';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import { loadXlsxBuffer } from '../src/workbook/xlsx-file';
import { ministries2023, MINISTRIES_TEMPLATE_SHEET } from './fixtures/published-workbook';
import { templateOnlyMaster, unitSheets, unitWorkbook } from './gather-helpers';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const DAY = 24 * 3600 * 1000;
const OLD_VERSION = 'Bộ Khoa học và Công nghệ';
const TWICE = 'Bộ Y tế';

const picked = (name: string, bytes: Buffer, modified = new Date(T0)): PickedFile => ({
  name,
  modified,
  bytes: bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer,
});

async function unitFiles(): Promise<PickedFile[]> {
  const files: PickedFile[] = [];
  for (const [i, sheet] of unitSheets.entries()) {
    const options = { asSheet1: i % 2 === 0, withTemplate: i % 3 === 0, oldVersion: sheet === OLD_VERSION };
    const name = `don-vi-${String(i + 1).padStart(2, '0')}.xlsx`;
    files.push(picked(name, await unitWorkbook(sheet, options), new Date(T0 + i * 60000)));
  }
  files.push(picked('Bo Y te - ban nhap.xlsx', await unitWorkbook(TWICE, { draftScore: 10 }), new Date(T0 - 2 * DAY)));
  const ole = Buffer.concat([Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]), Buffer.alloc(504)]);
  files.push(picked('cu.xls', ole));
  files.push(picked('mat-khau.xlsx', ole));
  files.push(picked('chi-bo-tieu-chi.xlsx', await templateOnlyMaster()));
  return files;
}

describe.each([
  ['1.13', 'inserted from the files'],
  ['1.12', 'copied cell by cell'],
])('gather on Excel with ExcelApi %s (%s)', (excelApi) => {
  let live: LiveExcel;
  let files: PickedFile[];
  let before: string[];
  let summary: GatherSummary;
  let snapshot: WorkbookSnapshot;
  let analysis: Analysis;

  beforeAll(async () => {
    const master = snapshotFromExcelJS(await loadXlsxBuffer(await templateOnlyMaster()));
    live = installLiveExcel(master, 'vi-VN', { excelApi });
    files = await unitFiles();
    before = files.map((f) => Buffer.from(f.bytes).toString('base64'));
    summary = await gatherUnits(live.host, await readUnitFiles(files), undefined);
    snapshot = live.sim.snapshot();
    analysis = analyzeWorkbook(snapshot);
  });

  afterAll(() => {
    delete (globalThis as { Excel?: unknown }).Excel;
    delete (globalThis as { Office?: unknown }).Office;
  });

  it('brings in every unit once, named after its unit, never Sheet1, the way the host supports', () => {
    const units = analysis.blocks.flatMap((b) => b.units);
    expect(units.map((u) => u.unit).sort()).toEqual(ministries2023.rows.map(([, unit]) => unit).sort());
    expect(new Set(units.map((u) => u.sheet)).size).toBe(17);
    const names = snapshot.sheets.map((s) => s.name);
    expect(names.filter((n) => /^sheet\d*$/i.test(n) || n.startsWith('~'))).toEqual([]);
    expect(names.filter((n) => n === MINISTRIES_TEMPLATE_SHEET)).toHaveLength(1);
    expect(names).toContain(LISTING_SHEET);
    const inserted = live.sim.state.sheets.filter((s) => s.id?.startsWith('{inserted-')).length;
    expect(inserted).toBe(excelApi === '1.13' ? 17 : 0);
  });

  it('ranks the units as published', () => {
    expect(analysis.blocks).toHaveLength(1);
    for (const [rank, unit, , , total] of ministries2023.rows) {
      const u = analysis.blocks[0].units.find((x) => x.unit === unit)!;
      expect(u.rank).toBe(rank);
      expect(Math.abs(u.points - total)).toBeLessThanOrEqual(0.01 + 1e-9);
    }
  });

  it('says what it did with each planted problem, with the command line’s findings', () => {
    const codes = (code: string) => summary.findings.filter((f) => f.code === code);
    expect(codes('GATHER_UNIT_TWICE').map((f) => f.message)).toEqual([
      expect.stringContaining('Bo Y te - ban nhap.xlsx'),
    ]);
    const skipped = codes('GATHER_FILE_SKIPPED').map((f) => f.message);
    expect(skipped).toHaveLength(2);
    expect(skipped.find((m) => m.includes('cu.xls'))).toMatch(/\.xls/);
    expect(skipped.find((m) => m.includes('mat-khau.xlsx'))).toMatch(/mật khẩu|password/);
    expect(codes('GATHER_NO_UNIT').map((f) => f.message)).toEqual([expect.stringContaining('chi-bo-tieu-chi.xlsx')]);
    expect(codes('GATHER_TEMPLATE_VERSION').map((f) => f.sheet)).toEqual([OLD_VERSION]);
    const altered = summary.findings.filter((f) => f.code === 'MAX_ALTERED' && f.sheet === OLD_VERSION);
    expect(altered.map((f) => f.criterion).sort()).toEqual(['I', 'I.1', 'II', 'II.1']);
    expect(summary.entries.filter((e) => e.action === 'added')).toHaveLength(17);
  });

  it('lists every file in the Danh sách nộp sheet', () => {
    const listing = snapshot.sheets.find((s) => s.name === LISTING_SHEET)!;
    const rows = listing.rows.slice(2).filter((r) => r && r[0]);
    expect(rows).toHaveLength(21);
    const yte = rows.find((r) => r[2] === TWICE && r[3] === TWICE)!;
    expect(yte[5]).toBeCloseTo(79.8, 2);
    expect(String(rows.find((r) => r[0] === 'Bo Y te - ban nhap.xlsx')![9])).toMatch(/Trùng đơn vị/);
  });

  it('gathering again changes nothing, and the unit files are never changed', async () => {
    const plans = live.appliedPlans.length;
    const again = await gatherUnits(live.host, await readUnitFiles(files), undefined);
    expect(again.entries.filter((e) => e.action === 'unchanged')).toHaveLength(17);
    expect(live.appliedPlans).toHaveLength(plans);
    expect(live.sim.snapshot()).toEqual(snapshot);
    expect(files.map((f) => Buffer.from(f.bytes).toString('base64'))).toEqual(before);
  });

  it('a newer file replaces its unit’s sheet, said as a finding; the unit never goes missing', async () => {
    const sheet = unitSheets[1];
    const newer = picked('moi.xlsx', await unitWorkbook(sheet, { draftScore: 5 }), new Date(T0 + DAY));
    const count = live.sim.state.sheets.length;
    const result = await gatherUnits(live.host, await readUnitFiles([newer]), undefined);
    expect(result.entries.map((e) => e.action)).toEqual(['replaced']);
    expect(result.findings.filter((f) => f.code === 'GATHER_REPLACED').map((f) => f.sheet)).toEqual([sheet]);
    const now = live.sim.snapshot();
    expect(live.sim.state.sheets).toHaveLength(count);
    expect(now.sheets.find((s) => s.name === sheet)!.rows[3]![3]).toBe(5);
  });
});

describe('the Office path itself', () => {
  async function setup() {
    const master = snapshotFromExcelJS(await loadXlsxBuffer(await templateOnlyMaster()));
    const sim = createSimulatedExcel(master);
    const files = await readUnitFiles([
      picked('a.xlsx', await unitWorkbook(unitSheets[0], { asSheet1: true })),
      picked('b.xlsx', await unitWorkbook(unitSheets[1], { withTemplate: true })),
    ]);
    const copies = sheetCopies(decideGather(master, files), files);
    return { sim, copies, names: master.sheets.map((s) => s.name) };
  }

  it('inserts what fits a request and copies the larger file cell by cell, each under its target', async () => {
    const { sim, copies } = await setup();
    const [small, large] = [...copies].sort((a, b) => a.base64.length - b.base64.length);
    expect(small.base64.length).toBeLessThan(large.base64.length);
    const outcome = await sim.Excel.run((context) =>
      gatherSheetsOffice(context, copies, { maxRequestBytes: small.base64.length, isSetSupported: sim.isSetSupported }),
    );
    expect(outcome).toMatchObject({ inserted: 1, copiedByCell: 1 });
    const names = sim.snapshot().sheets.map((s) => s.name);
    expect(names.sort()).toEqual([MINISTRIES_TEMPLATE_SHEET, unitSheets[0], unitSheets[1]].sort());
  });

  it('a protected workbook structure refuses the gather, the workbook as it was', async () => {
    const { sim, copies, names } = await setup();
    sim.state.structureProtected = true;
    const run = sim.Excel.run((context) => gatherSheetsOffice(context, copies, { isSetSupported: sim.isSetSupported }));
    await expect(run).rejects.toMatchObject({ messageVi: expect.any(String), messageEn: expect.any(String) });
    expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(names);
  });
});
