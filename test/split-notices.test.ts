// `split` sends each unit its appraisal notice: from a master ranked with `--notices`, each unit's file holds its
// own page (its totals as the engine gives them, as in the master, A4 portrait) and no other unit's; a master
// without notices, or whose notices sheet was edited or made by hand, gives files without one (and says why);
// `split --notices` makes them from the scores; a page that no longer matches the scores is made again and said.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../src/core/analyze';
import { appraisalNotices, type UnitNotice } from '../src/core/notices';
import { NOTICE_TITLE, NOTICES_SHEET_NAME } from '../src/core/notices-sheet';
import { findOwnership, provenUnchanged } from '../src/core/ownership';
import { OWNERSHIP_SHEET } from '../src/core/plan-types';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/core/types';
import { XlsxPackage } from '../src/workbook/xlsx-package/package';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import {
  buildMinistries2023Workbook,
  ministries2023,
  ministrySheetNames,
  MINISTRIES_TEMPLATE_SHEET,
} from './fixtures/published-workbook';
import { packageProblems, partsOf, sheetsOf } from './xlsx-package/package-check';
import { cli, templateOnlyMaster, write } from './gather-helpers';

const UNITS = ministries2023.rows.map(([, unit]) => unit);
const CHANGED_UNIT = 'Bộ Y tế';

let dir: string;
let plainMaster: string;
let rankedMaster: string;

const sheetOf = (wb: WorkbookSnapshot, name: string) => wb.sheets.find((s) => s.name === name);
const read = (file: string) => readXlsxPackage(fs.readFileSync(file));

/** The engine's notice for every unit of `snapshot`, by unit. */
function engineNotices(snapshot: WorkbookSnapshot): Map<string, UnitNotice> {
  return new Map(appraisalNotices(snapshot, analyzeWorkbook(snapshot)).notices.map((n) => [n.unit, n]));
}

/** The master with one sheet's XML changed as text (what a hand edit in Excel would leave). */
function editSheet(bytes: Buffer, sheet: string, edit: (xml: string) => string): Buffer {
  const part = sheetsOf(partsOf(bytes)).find((s) => s.name === sheet)!.part;
  const pkg = XlsxPackage.open(bytes);
  const before = pkg.text(part);
  const after = edit(before);
  expect(after).not.toBe(before);
  pkg.set(part, after);
  return pkg.toBuffer();
}

/** Rows without trailing blanks, blanks as null: two readings of the same cells compare equal. */
const trimmed = (rows: CellValue[][]) =>
  rows.map((row) => {
    const out = (row ?? []).map((v) => (v === undefined || v === '' ? null : v));
    while (out.length > 0 && out[out.length - 1] === null) out.pop();
    return out;
  });

const labelled = (sheet: SheetSnapshot, label: string) => sheet.rows.find((r) => r?.[0] === label)?.slice(2, 5);

/** The unit's file: its sheets (the record aside) and its notice, checked to be the unit's own, proven the tool's. */
function noticeFile(folder: string, unit: string): { sheets: string[]; notice: SheetSnapshot | undefined } {
  const bytes = fs.readFileSync(path.join(folder, `${unit}.xlsx`));
  expect({ unit, problems: packageProblems(bytes) }).toEqual({ unit, problems: [] });
  const book = readXlsxPackage(bytes);
  const sheets = book.sheets.map((s) => s.name).filter((n) => n !== OWNERSHIP_SHEET);
  const notice = sheetOf(book, NOTICES_SHEET_NAME);
  if (notice) {
    const record = findOwnership(book)?.record;
    expect({ unit, proven: provenUnchanged(notice, record?.fingerprints[NOTICES_SHEET_NAME]) }).toEqual({
      unit,
      proven: true,
    });
    // The page setup it was written with: A4 (paperSize 9), portrait.
    const parts = partsOf(bytes);
    const part = sheetsOf(parts).find((s) => s.name === NOTICES_SHEET_NAME)!.part;
    const xml = parts.bytes.get(part)!.toString('utf8');
    expect(xml).toMatch(/<pageSetup\b[^>]*\bpaperSize="9"[^>]*\borientation="portrait"/);
  }
  return { sheets, notice };
}

/** The notice is addressed to `unit` alone and gives the engine's totals for it. */
function expectOwnNotice(unit: string, notice: SheetSnapshot, expected: UnitNotice): void {
  const addressed = notice.rows.map((r) => r?.[0]).filter((a) => typeof a === 'string' && a.startsWith('Kính gửi: '));
  expect({ unit, addressed }).toEqual({ unit, addressed: [`Kính gửi: ${unit}`] });
  const totals = (t: UnitNotice['selfTotals']) => [t.points, t.max, t.percent];
  expect({ unit, self: labelled(notice, 'Đơn vị tự đánh giá') }).toEqual({ unit, self: totals(expected.selfTotals) });
  expect({ unit, appraised: labelled(notice, 'Hội đồng thẩm định') }).toEqual({
    unit,
    appraised: totals(expected.appraisedTotals),
  });
}

/** Nothing of another unit in the file: no address, no `Đơn vị:` line. */
function expectNoOtherUnit(folder: string, unit: string): void {
  const text = [...partsOf(fs.readFileSync(path.join(folder, `${unit}.xlsx`))).bytes.values()]
    .map((b) => b.toString('utf8'))
    .join('\n');
  for (const other of UNITS) {
    if (other === unit || unit.includes(other)) continue;
    const found = [`Kính gửi: ${other}<`, `Đơn vị: ${other}<`].filter((s) => text.includes(s));
    expect({ unit, other, found }).toEqual({ unit, other, found: [] });
  }
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-split-notices-'));
  const wb = buildMinistries2023Workbook();
  // The council's word: an appraised score lowered, so one notice lists a changed criterion.
  wb.getWorksheet(ministrySheetNames[CHANGED_UNIT])!.getCell('E4').value = 50.25;
  plainMaster = write(path.join(dir, 'tong-hop.xlsx'), Buffer.from(await wb.xlsx.writeBuffer()));
  rankedMaster = path.join(dir, 'ket-qua.xlsx');
  expect((await cli(['rank', plainMaster, '--out', rankedMaster, '--notices'])).code).toBe(0);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

describe('split of a master ranked with --notices', () => {
  let folder: string;
  let split: { code: number; out: string; err: string };
  let master: WorkbookSnapshot;

  beforeAll(async () => {
    folder = path.join(dir, 'gui-don-vi');
    split = await cli(['split', rankedMaster, '--out', folder, '--json']);
    master = read(rankedMaster);
  });

  it('gives each unit exactly its own notice, with the engine’s totals, and nothing of the others', () => {
    expect(split.code).toBe(0);
    const report = JSON.parse(split.out) as { files: { unit: string; notice: string | null }[]; noticesFrom: string };
    expect(report.noticesFrom).toBe(NOTICES_SHEET_NAME);
    expect(report.files.map((f) => [f.unit, f.notice])).toEqual(UNITS.map((u) => [u, NOTICES_SHEET_NAME]));
    expect(split.err).toBe('');
    const engine = engineNotices(master);
    expect(engine.get(CHANGED_UNIT)!.changed.map((c) => c.appraised)).toEqual([{ points: 50.25 }]);
    for (const unit of UNITS) {
      const { sheets, notice } = noticeFile(folder, unit);
      expect(sheets).toEqual([ministrySheetNames[unit], MINISTRIES_TEMPLATE_SHEET, NOTICES_SHEET_NAME]);
      expectOwnNotice(unit, notice!, engine.get(unit)!);
      expectNoOtherUnit(folder, unit);
    }
  });

  it('carries the page as it is in the master, value for value', () => {
    const inMaster = sheetOf(master, NOTICES_SHEET_NAME)!;
    for (const unit of UNITS) {
      const notice = noticeFile(folder, unit).notice!;
      const top = inMaster.rows.findIndex(
        (r, i) => r?.[0] === NOTICE_TITLE && inMaster.rows[i + 1]?.[0] === `Kính gửi: ${unit}`,
      );
      expect({ unit, top: top >= 0 }).toEqual({ unit, top: true });
      const page = inMaster.rows.slice(top, top + notice.rows.length);
      expect({ unit, page: trimmed(notice.rows) }).toEqual({ unit, page: trimmed(page) });
    }
    // The changed criterion with both scores and the difference.
    const yte = noticeFile(folder, CHANGED_UNIT).notice!;
    const row = yte.rows.find((r) => r?.[0] === 'I.1')!;
    expect(row.slice(2, 5)).toEqual([55.81, 50.25, -5.56]);
  });

  it('is gathered back as the units alone: the notice is not taken for a unit', async () => {
    const back = path.join(dir, 'thu-lai.xlsx');
    const empty = write(path.join(dir, 'mau.xlsx'), await templateOnlyMaster());
    const r = await cli(['gather', empty, folder, '--out', back, '--json']);
    expect(r.code).toBe(0);
    const gathered = analyzeWorkbook(read(back))
      .sheets.filter((s) => s.role === 'unit')
      .map((s) => s.unit);
    expect(gathered.sort()).toEqual([...UNITS].sort());
    expect(read(back).sheets.some((s) => s.name.startsWith(NOTICES_SHEET_NAME))).toBe(false);
  });

  it('splitting a unit’s file again keeps its notice: the file proves it is the tool’s', async () => {
    const again = path.join(dir, 'lai');
    const r = await cli(['split', path.join(folder, `${CHANGED_UNIT}.xlsx`), '--out', again]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    const first = noticeFile(folder, CHANGED_UNIT).notice!;
    expect(trimmed(noticeFile(again, CHANGED_UNIT).notice!.rows)).toEqual(trimmed(first.rows));
  });
});

describe('split of a master without the tool’s notices', () => {
  it('gives files without a notice when the master has none (ranked without --notices)', async () => {
    const ranked = path.join(dir, 'ket-qua-khong-tb.xlsx');
    expect((await cli(['rank', plainMaster, '--out', ranked])).code).toBe(0);
    const folder = path.join(dir, 'khong-tb');
    const r = await cli(['split', ranked, '--out', folder]);
    expect(r.code).toBe(0);
    expect(r.err).toBe('');
    for (const unit of UNITS)
      expect(noticeFile(folder, unit).sheets).toEqual([ministrySheetNames[unit], MINISTRIES_TEMPLATE_SHEET]);
  });

  it('does not send a notices sheet the council edited, and says so', async () => {
    const edited = write(
      path.join(dir, 'ket-qua-sua.xlsx'),
      editSheet(fs.readFileSync(rankedMaster), NOTICES_SHEET_NAME, (xml) =>
        xml.replace('<t>Đơn vị tự đánh giá</t>', '<t>Đơn vị tự chấm</t>'),
      ),
    );
    const folder = path.join(dir, 'sua');
    const r = await cli(['split', edited, '--out', folder]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `Sheet "${NOTICES_SHEET_NAME}" is not the notices the tool wrote (edited, or made by hand)`,
    );
    expect(r.err).toContain(`Trang "${NOTICES_SHEET_NAME}" không phải thông báo do công cụ ghi`);
    for (const unit of UNITS) expect(noticeFile(folder, unit).notice).toBeUndefined();
  });

  it('does not send a sheet of that name made by hand; with --notices sends the engine’s instead', async () => {
    const wb = buildMinistries2023Workbook();
    wb.addWorksheet(NOTICES_SHEET_NAME).getCell('A1').value = `Kính gửi: ${UNITS[1]}`;
    const handMade = write(
      path.join(dir, 'tu-lap.xlsx'),
      Buffer.from(await (wb as ExcelJS.Workbook).xlsx.writeBuffer()),
    );
    const without = await cli(['split', handMade, '--out', path.join(dir, 'tu-lap')]);
    expect(without.err).toContain('is not the notices the tool wrote');
    for (const unit of UNITS) expect(noticeFile(path.join(dir, 'tu-lap'), unit).notice).toBeUndefined();

    const folder = path.join(dir, 'tu-lap-tb');
    const withNotices = await cli(['split', handMade, '--out', folder, '--notices']);
    expect(withNotices.code).toBe(0);
    expect(withNotices.err).toContain("each unit's file carries a notice made again from the scores now");
    const engine = engineNotices(read(handMade));
    for (const unit of UNITS) {
      const { notice } = noticeFile(folder, unit);
      expectOwnNotice(unit, notice!, engine.get(unit)!);
      expectNoOtherUnit(folder, unit);
    }
  });

  it('with --notices, makes each unit’s notice from the master’s scores', async () => {
    const folder = path.join(dir, 'tao-tb');
    const r = await cli(['split', plainMaster, '--out', folder, '--notices', '--json']);
    expect(r.code).toBe(0);
    expect(JSON.parse(r.out).noticesFrom).toBe('generated');
    const engine = engineNotices(read(plainMaster));
    for (const unit of UNITS) {
      const { sheets, notice } = noticeFile(folder, unit);
      expect(sheets).toEqual([ministrySheetNames[unit], MINISTRIES_TEMPLATE_SHEET, NOTICES_SHEET_NAME]);
      expectOwnNotice(unit, notice!, engine.get(unit)!);
    }
  });
});

describe('split of a master whose scores changed after its notices were written', () => {
  it('sends the notice for the scores now and names the units whose page in the master is out of date', async () => {
    const changed = write(
      path.join(dir, 'ket-qua-doi-diem.xlsx'),
      editSheet(fs.readFileSync(rankedMaster), ministrySheetNames[CHANGED_UNIT], (xml) =>
        xml.replace(/(<c r="E4"[^>]*>)<v>50\.25<\/v>/, '$1<v>40</v>'),
      ),
    );
    const folder = path.join(dir, 'doi-diem');
    const r = await cli(['split', changed, '--out', folder]);
    expect(r.code).toBe(0);
    expect(r.err).toContain(
      `The notices of 1 unit in sheet "${NOTICES_SHEET_NAME}" no longer match the scores (${CHANGED_UNIT})`,
    );
    const engine = engineNotices(read(changed));
    expect(engine.get(CHANGED_UNIT)!.changed.map((c) => c.appraised)).toEqual([{ points: 40 }]);
    const row = noticeFile(folder, CHANGED_UNIT).notice!.rows.find((x) => x?.[0] === 'I.1')!;
    expect(row.slice(2, 5)).toEqual([55.81, 40, -15.81]);
    for (const unit of UNITS) expectOwnNotice(unit, noticeFile(folder, unit).notice!, engine.get(unit)!);
  });
});
