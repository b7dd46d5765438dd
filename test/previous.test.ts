// rank --previous: last year's ranks read from last year's results (a published-shaped table, or the tool's own
// ranking sheets), matched by name without case, diacritics or punctuation; a renamed unit is said, not guessed.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../src/core/analyze';
import { formatRankChangeVi } from '../src/core/format';
import { normalizeWords } from '../src/core/text';
import { readPreviousRanks, withPreviousRanks } from '../src/core/previous';
import { planResults } from '../src/core/results-plan';
import type { UnitResult, WorkbookSnapshot } from '../src/core/types';
import { run, type CliIO } from '../src/cli/main';
import { readXlsxFile } from '../src/workbook/xlsx-file';
import { applyPlanToPackagePieces } from '../src/workbook/xlsx-package/apply-plan';
import { writeXlsxBytes } from '../src/workbook/xlsx-write';
import { buildSampleWorkbook } from '../scripts/sample-workbook';
import { buildMinistries2023Workbook, ministries2023, ministrySheetNames } from './fixtures/published-workbook';

let dir: string;
/** Last year: the published 2023 ministries table, as a province or ministry files it. */
let lastYear: string;
/** This year: the ministries workbook, one ministry scoring higher, one renamed. */
let thisYear: string;

/** As last year's table writes some names: in capitals, without diacritics, with an en dash. */
const TYPED: Record<string, string> = {
  'Bộ Tư pháp': 'BỘ TƯ PHÁP',
  'Bộ Y tế': 'Bo Y te',
  'Bộ Lao động - Thương binh và Xã hội': 'Bộ Lao động – Thương binh và Xã hội',
};
const RAISED = 'Bộ Công Thương';
/** Its appraised points this year: between the published 2nd and 3rd, so it climbs to 3rd. */
const RAISED_APPRAISED = 65.68;
const RENAMED_FROM = 'Bộ Nông nghiệp và Phát triển nông thôn';
const RENAMED_TO = 'Bộ Nông nghiệp và Môi trường';

async function writePublishedTable(file: string): Promise<void> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('PAR INDEX 2023');
  ws.getCell('A1').value = 'BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2023 CỦA CÁC BỘ, CƠ QUAN NGANG BỘ';
  ws.mergeCells('A1:G1');
  ws.getCell('A2').value = '(Kèm theo Quyết định số …/QĐ-BCĐ ngày … tháng 4 năm 2024)';
  ws.mergeCells('A2:G2');
  ws.getRow(4).values = [
    'TT',
    'Bộ, cơ quan ngang Bộ',
    'Điểm thẩm định (68,5)',
    'Điểm điều tra XHH (31,5)',
    'Tổng điểm (100)',
    'Chỉ số PAR INDEX 2023 (%)',
    'Xếp hạng',
  ];
  ministries2023.rows.forEach(([rank, unit, appraised, survey, total, percent], i) => {
    ws.getRow(5 + i).values = [i + 1, TYPED[unit] ?? unit, appraised, survey, total, percent, rank];
  });
  ws.getRow(5 + ministries2023.rows.length).values = [
    null,
    'Bình quân',
    null,
    null,
    null,
    ministries2023.average_percent,
  ];
  await wb.xlsx.writeFile(file);
}

async function writeThisYear(file: string): Promise<void> {
  const wb = buildMinistries2023Workbook();
  const raised = wb.getWorksheet(ministrySheetNames[RAISED])!;
  for (const col of ['D', 'E']) {
    raised.getCell(`${col}4`).value = RAISED_APPRAISED;
    raised.getCell(`${col}3`).value = { formula: `SUM(${col}4)`, result: RAISED_APPRAISED };
  }
  wb.getWorksheet(ministrySheetNames[RENAMED_FROM])!.getCell('A1').value = `Đơn vị: ${RENAMED_TO}`;
  await wb.xlsx.writeFile(file);
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-previous-'));
  lastYear = path.join(dir, 'par-index-2023.xlsx');
  thisYear = path.join(dir, 'par-index-2024.xlsx');
  await writePublishedTable(lastYear);
  await writeThisYear(thisYear);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

const publishedRank = new Map(ministries2023.rows.map(([rank, unit]) => [unit, rank]));
const units = (a: { blocks: { units: UnitResult[] }[] }) => a.blocks.flatMap((b) => b.units);

async function snapshotOf(file: string): Promise<WorkbookSnapshot> {
  return (await readXlsxFile(file)).snapshot;
}

describe('a published table of last year', () => {
  test('every row is read: the rank column (not TT), the unit as typed', async () => {
    const entries = readPreviousRanks(await snapshotOf(lastYear));
    expect(entries.map((e) => [e.rank, e.name])).toEqual(
      ministries2023.rows.map(([rank, unit]) => [rank, TYPED[unit] ?? unit]),
    );
    expect(entries.every((e) => e.block === null && e.sheet === 'PAR INDEX 2023')).toBe(true);
  });

  test("each unit gets last year's rank and the change, the renamed one is a finding naming last year's unused name", async () => {
    const snapshot = await snapshotOf(thisYear);
    const analysis = analyzeWorkbook(snapshot);
    const result = withPreviousRanks(
      snapshot,
      analysis,
      readPreviousRanks(await snapshotOf(lastYear)),
      'par-index-2023.xlsx',
    );
    const all = units(result);
    expect(all).toHaveLength(ministries2023.rows.length);
    expect(result.previous.matched).toBe(ministries2023.rows.length - 1);
    for (const u of all) {
      if (u.unit === RENAMED_TO) continue;
      const last = publishedRank.get(u.unit);
      expect([u.unit, u.lastYearRank, u.rankChangeText]).toEqual([u.unit, last, formatRankChangeVi(last! - u.rank!)]);
    }
    // The raised ministry climbs; those it passes go down one; those above it keep their place.
    const texts = new Set(all.map((u) => u.rankChangeText));
    for (const kind of ['giữ nguyên', 'giảm 01 bậc']) expect(texts).toContain(kind);
    expect(all.find((u) => u.unit === RAISED)?.rankChangeText).toMatch(/^tăng \d\d bậc$/);

    const renamed = all.find((u) => u.unit === RENAMED_TO)!;
    expect([renamed.lastYearRank, renamed.rankChangeText]).toEqual([null, null]);
    const said = result.findings.filter((f) => f.code.startsWith('PREVIOUS_'));
    expect(said.map((f) => [f.code, f.sheet])).toEqual([['PREVIOUS_RANK_UNMATCHED', ministrySheetNames[RENAMED_FROM]]]);
    expect(said[0].messageVi).toContain(RENAMED_TO);
    expect(said[0].messageVi).toContain(`"${RENAMED_FROM}" (${publishedRank.get(RENAMED_FROM)})`);
    expect(said[0].messageEn).toContain('par-index-2023.xlsx');
  });

  test("last year's rank typed in the settings for the renamed unit wins and silences the finding", async () => {
    const snapshot = await snapshotOf(thisYear);
    const typed = { [ministrySheetNames[RENAMED_FROM]]: publishedRank.get(RENAMED_FROM)! };
    const options = { settings: { lastYearRanks: typed } };
    const analysis = analyzeWorkbook(snapshot, options);
    const result = withPreviousRanks(
      snapshot,
      analysis,
      readPreviousRanks(await snapshotOf(lastYear)),
      'x.xlsx',
      options,
    );
    const renamed = units(result).find((u) => u.unit === RENAMED_TO)!;
    expect(renamed.lastYearRank).toBe(publishedRank.get(RENAMED_FROM));
    expect(renamed.rankChangeText).toBe(formatRankChangeVi(renamed.lastYearRank! - renamed.rank!));
    expect(result.findings.filter((f) => f.code.startsWith('PREVIOUS_'))).toEqual([]);
  });

  test('the command line: rank --previous fills the change in the JSON and says the match', async () => {
    let out = '';
    let err = '';
    const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t) };
    expect(await run(['rank', thisYear, '--previous', lastYear, '--json'], io)).toBe(0);
    const json = JSON.parse(out) as {
      blocks: { units: { unit: string; rank: number; rankChangeText: string | null }[] }[];
      findings: { code: string }[];
    };
    const shown = json.blocks.flatMap((b) => b.units).filter((u) => u.unit !== RENAMED_TO);
    for (const u of shown) expect(u.rankChangeText).toBe(formatRankChangeVi(publishedRank.get(u.unit)! - u.rank));
    expect(json.findings.map((f) => f.code)).toContain('PREVIOUS_RANK_UNMATCHED');
    expect(err).toContain(`${ministries2023.rows.length - 1} đơn vị khớp`);
  });

  test("rank --out --previous: the ranking sheet shows last year's rank and the change, the new Cấu hình keeps the ranks", async () => {
    const out = path.join(dir, 'ranked-2024.xlsx');
    const io: CliIO = { stdout: () => undefined, stderr: () => undefined };
    expect(await run(['rank', thisYear, '--previous', lastYear, '--out', out], io)).toBe(0);
    const written = await snapshotOf(out);
    const ranking = written.sheets.find((s) => s.name.startsWith('Xếp hạng – '))!;
    const header = ranking.rows.findIndex((r) => r?.some((v) => v === 'Năm trước'));
    const col = (title: string) => ranking.rows[header].indexOf(title);
    const shown = ranking.rows
      .slice(header + 1)
      .filter((r) => publishedRank.has(String(r?.[col('Đơn vị')])))
      .map((r) => [r[col('Đơn vị')], r[col('Năm trước')], r[col('So với năm trước')]]);
    expect(shown).toHaveLength(ministries2023.rows.length - 1);
    for (const [unit, last, change] of shown) {
      const rank = Number(ranking.rows.find((r) => r?.[col('Đơn vị')] === unit)![col('Hạng')]);
      expect([unit, last, change]).toEqual([
        unit,
        publishedRank.get(String(unit)),
        formatRankChangeVi(Number(last) - rank),
      ]);
    }
    // Read again without --previous: the ranks are in the settings sheet the run created.
    const again = analyzeWorkbook(written);
    expect(units(again).filter((u) => u.lastYearRank !== null)).toHaveLength(ministries2023.rows.length - 1);
  });

  test('a file without a ranking table stops the run before anything is written (exit 2, both languages)', async () => {
    let err = '';
    const io: CliIO = { stdout: () => undefined, stderr: (t) => (err += t) };
    const out = path.join(dir, 'never.xlsx');
    expect(await run(['rank', thisYear, '--previous', thisYear, '--out', out], io)).toBe(2);
    expect(err).toMatch(/Không tìm thấy bảng xếp hạng .* \/ Error: No ranking table/);
    expect(fs.existsSync(out)).toBe(false);
  });
});

describe("the tool's own results of last year", () => {
  test('its ranking sheets give every unit its rank and block (the summary repeating them counts once)', async () => {
    const sample = path.join(dir, 'sample.xlsx');
    await buildSampleWorkbook().xlsx.writeFile(sample);
    const read = await readXlsxFile(sample);
    const analysis = analyzeWorkbook(read.snapshot);
    const ranked = path.join(dir, 'sample-ranked.xlsx');
    await writeXlsxBytes(applyPlanToPackagePieces(read.bytes, planResults(read.snapshot, analysis)), ranked);
    const entries = readPreviousRanks(await snapshotOf(ranked));
    const expected = analysis.blocks.flatMap((b) => b.units.map((u) => [normalizeWords(u.unit), u.rank, b.name]));
    expect(entries.map((e) => [normalizeWords(e.name), e.rank, e.block])).toEqual(expected);
    // Read back against itself: every unit found, none moved.
    const again = withPreviousRanks(read.snapshot, analysis, entries, 'last.xlsx');
    expect(units(again).map((u) => u.rankChangeText)).toEqual(units(again).map(() => 'giữ nguyên'));
  });

  test('with ranks of several years, the latest is taken; last year’s and the change columns are not ranks', () => {
    const entries = readPreviousRanks({
      sheets: [
        {
          name: 'Tổng hợp',
          rows: [
            ['STT', 'Tên đơn vị', 'Xếp hạng năm 2022', 'Xếp hạng năm 2023', 'Thứ hạng năm trước', 'So với năm trước'],
            [1, 'Sở Tư pháp', 4, '02/19', 3, 'tăng 01 bậc'],
            [2, 'Sở Y tế', 1, 1, 5, 'tăng 04 bậc'],
            [3, 'Sở Nội vụ', 2, null, 1, null],
          ],
        },
      ],
    });
    expect(entries.map((e) => [e.name, e.rank, e.cell])).toEqual([
      ['Sở Tư pháp', 2, 'D2'],
      ['Sở Y tế', 1, 'D3'],
    ]);
  });
});
