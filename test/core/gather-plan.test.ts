// What `gather` decides (core/gather-plan.ts), on plain snapshots: the published 2023 ministries table spread over
// unit files, gathered into a master holding the template; the copies made here as plain data (the sheet under
// its target name, the listing's cells), so the decisions are checked apart from any host.
import ExcelJS from 'exceljs';
import { findListing, LISTING_SHEET } from '../../src/core/gather-listing';
import { checkGathered, decideGather, type GatherDecision, type GatherFileInput } from '../../src/core/gather-plan';
import { isPlanFormula, type WriteOp } from '../../src/core/plan-types';
import type { CellValue, WorkbookSnapshot } from '../../src/core/types';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { MINISTRIES_TEMPLATE_SHEET } from '../fixtures/published-workbook';
import { templateOnlyMaster, unitSheets, unitWorkbook, type UnitFileOptions } from '../gather-helpers';

const T0 = Date.UTC(2026, 0, 15, 8, 0, 0);
const [FIRST, SECOND, THIRD] = unitSheets;

async function snapshotOf(bytes: Buffer): Promise<WorkbookSnapshot> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(new Uint8Array(bytes).buffer);
  return snapshotFromExcelJS(wb);
}

async function unitFile(name: string, sheet: string, minutes: number, options: UnitFileOptions = {}) {
  return {
    name,
    modified: new Date(T0 + minutes * 60000),
    snapshot: await snapshotOf(await unitWorkbook(sheet, options)),
  } satisfies GatherFileInput;
}

/** The master after the copies the decision asks for, and the listing it writes: as a host leaves it. */
function gathered(master: WorkbookSnapshot, files: GatherFileInput[], decision: GatherDecision): WorkbookSnapshot {
  let sheets = [...master.sheets];
  for (const c of decision.copies) {
    const source = files[c.fileIndex].snapshot!.sheets.find((s) => s.name === c.source)!;
    const copy = { ...source, name: c.target };
    sheets = c.replace ? sheets.map((s) => (s.name === c.target ? copy : s)) : [...sheets, copy];
  }
  const result = { sheets };
  const { listingOps } = checkGathered(decision, result);
  return listingOps === null ? result : withOps(result, listingOps);
}

/** The listing's cells written (its deleteSheet, addSheet and setCells; styles do not change values). */
function withOps(snapshot: WorkbookSnapshot, ops: WriteOp[]): WorkbookSnapshot {
  let sheets = [...snapshot.sheets];
  for (const op of ops) {
    if (op.kind === 'deleteSheet') sheets = sheets.filter((s) => s.name !== op.sheet);
    if (op.kind === 'addSheet') sheets.push({ name: op.sheet, rows: [] });
    if (op.kind === 'setCells') {
      expect(op.address).toBe('A1');
      const rows: CellValue[][] = op.cells.map((r) => r.map((c) => (isPlanFormula(c) ? null : c)));
      sheets = sheets.map((s) => (s.name === op.sheet ? { ...s, rows } : s));
    }
  }
  return { sheets };
}

let master: WorkbookSnapshot;
let files: GatherFileInput[];
let decision: GatherDecision;
let result: WorkbookSnapshot;

beforeAll(async () => {
  master = await snapshotOf(await templateOnlyMaster());
  const ole = { name: 'cu.xls', modified: new Date(T0), snapshot: null, error: { vi: 'tệp .xls', en: 'an .xls' } };
  files = [
    await unitFile('a.xlsx', FIRST, 1, { asSheet1: true, withTemplate: true }),
    await unitFile('b.xlsx', SECOND, 2),
    await unitFile('b-nhap.xlsx', SECOND, -60, { draftScore: 10 }),
    await unitFile('c.xlsx', THIRD, 3, { oldVersion: true }),
    ole,
    { name: 'mau.xlsx', modified: new Date(T0), snapshot: master },
  ];
  decision = decideGather(master, files);
  result = gathered(master, files, decision);
});

const codes = (d: { findings: { code: string }[] }) => d.findings.map((f) => f.code);

test('each unit once, named after its Đơn vị line; a draft, an unreadable file and the template alone left out', () => {
  expect(decision.copies.map((c) => [c.file, c.source, c.target, c.replace])).toEqual([
    ['a.xlsx', 'Sheet1', FIRST, false],
    ['b.xlsx', SECOND, SECOND, false],
    ['c.xlsx', THIRD, THIRD, false],
  ]);
  expect(decision.entries.map((e) => [e.file, e.action])).toEqual([
    ['cu.xls', 'skipped'],
    ['mau.xlsx', 'no-unit'],
    ['b-nhap.xlsx', 'duplicate'],
    ['a.xlsx', 'added'],
    ['b.xlsx', 'added'],
    ['c.xlsx', 'added'],
  ]);
  expect(decision.entries[0].reason).toEqual({ vi: 'tệp .xls', en: 'an .xls' });
  expect(decision.entries[1].reason?.en).toBe('the template only');
  expect(codes(decision)).toEqual(['GATHER_FILE_SKIPPED', 'GATHER_NO_UNIT', 'GATHER_UNIT_TWICE']);
});

test('the result checked against the master template, and the listing of every file', () => {
  const check = checkGathered(decision, result);
  expect(check.findings.filter((f) => f.code === 'GATHER_TEMPLATE_VERSION').map((f) => f.sheet)).toEqual([THIRD]);
  expect(check.analysis.blocks[0].units.map((u) => u.sheet).sort()).toEqual([FIRST, SECOND, THIRD].sort());
  const listing = findListing(result)!;
  expect(listing.sheet.name).toBe(LISTING_SHEET);
  expect(listing.proven).toBe(true);
  expect(listing.rows.map((r) => [r.file, r.sheet])).toEqual([
    ['a.xlsx', FIRST],
    ['b-nhap.xlsx', null],
    ['b.xlsx', SECOND],
    ['c.xlsx', THIRD],
    ['cu.xls', null],
    ['mau.xlsx', null],
  ]);
  expect(result.sheets.filter((s) => s.name === MINISTRIES_TEMPLATE_SHEET)).toHaveLength(1);
});

test('gathering the same files again copies nothing and leaves the listing as it is', () => {
  const again = decideGather(result, files);
  expect(again.copies).toEqual([]);
  expect(again.entries.filter((e) => e.action === 'unchanged').map((e) => e.sheet)).toEqual([FIRST, SECOND, THIRD]);
  expect(checkGathered(again, result).listingOps).toBeNull();
});

test('a newer file replaces the sheet gathered earlier; an older one, or a sheet edited since, is kept', async () => {
  const newer = [await unitFile('b-moi.xlsx', SECOND, 60, { draftScore: 5 })];
  const replaced = decideGather(result, newer);
  expect(replaced.copies.map((c) => [c.target, c.replace])).toEqual([[SECOND, true]]);
  expect(codes(replaced)).toEqual(['GATHER_REPLACED']);

  const older = decideGather(result, [await unitFile('b-cu.xlsx', SECOND, -30, { draftScore: 5 })]);
  expect(older.copies).toEqual([]);
  expect(older.entries.map((e) => e.action)).toEqual(['older']);
  expect(codes(older)).toEqual(['GATHER_OLDER_FILE']);

  // The council wrote in the gathered sheet: its work is never overwritten.
  const edited = {
    sheets: result.sheets.map((s) =>
      s.name === SECOND ? { ...s, rows: s.rows.map((r, i) => (i === 3 ? [...r.slice(0, 4), 1] : r)) } : s,
    ),
  };
  const kept = decideGather(edited, newer);
  expect(kept.copies).toEqual([]);
  expect(kept.entries.map((e) => e.action)).toEqual(['kept']);
  expect(codes(kept)).toEqual(['GATHER_KEPT']);
});

test('a name the master already uses for something else gets a free one, and says so', async () => {
  const withNotes = { sheets: [...master.sheets, { name: FIRST, rows: [['ghi chú']] }] };
  const d = decideGather(withNotes, [await unitFile('a.xlsx', FIRST, 1)]);
  expect(d.copies.map((c) => c.target)).toEqual([`${FIRST} (2)`]);
  expect(codes(d)).toEqual(['GATHER_NAME_TAKEN']);
});
