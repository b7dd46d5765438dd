// End to end: spawns the built command line (`node dist/cli/main.js`; `npm test` builds first) on real
// .xlsx files written to a temporary folder, and checks exit codes, stdout and stderr.
import { spawnSync } from 'child_process';
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { parseNumberText } from '../src/core/cells';
import { roundTo2 } from '../src/core/format';
import type { CellValue, SheetSnapshot, WorkbookSnapshot } from '../src/core/types';
import { readXlsxFile } from '../src/workbook/xlsx-file';
import { benchWorkbook } from '../scripts/bench-workbook';
import { buildSampleWorkbook, PLANTED_DEFECTS, SAMPLE_UNIT_SHEETS } from '../scripts/sample-workbook';
import { buildMinistries2023Workbook, ministries2023, ministrySheetNames } from './fixtures/published-workbook';

const REPO = path.resolve(__dirname, '..');
const MAIN = path.join(REPO, 'dist', 'cli', 'main.js');
const BUNDLED_SAMPLE = path.join(REPO, 'samples', 'sample.xlsx');
/** Published figures are rounded independently: compare within 0.01 (plus float noise). */
const PUBLISHED_TOLERANCE = 0.01 + 1e-9;

interface RunResult {
  code: number | null;
  stdout: string;
  stderr: string;
}

function cli(...args: string[]): RunResult {
  const r = spawnSync(process.execPath, [MAIN, ...args], { encoding: 'utf8', cwd: dir, timeout: 60000 });
  if (r.error) throw r.error;
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

function json(r: RunResult): unknown {
  try {
    return JSON.parse(r.stdout);
  } catch (err) {
    throw new Error(`stdout is not JSON (exit ${r.code}, stderr ${r.stderr}): ${r.stdout.slice(0, 300)}`, {
      cause: err,
    });
  }
}

/** A user error: exit 2, one line on stderr, Vietnamese then English, no stack trace, nothing on stdout. */
function expectUserError(r: RunResult, pattern: RegExp): void {
  expect({ code: r.code, stdout: r.stdout }).toEqual({ code: 2, stdout: '' });
  const lines = r.stderr.split('\n').filter((l) => l !== '');
  expect(lines).toHaveLength(1);
  expect(lines[0]).toMatch(/^Lỗi: .+ \/ Error: .+$/);
  expect(lines[0]).toMatch(pattern);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.stderr).not.toMatch(/Internal error|Lỗi nội bộ/);
}

// --------------------------------------------------------------------------------------------------
// Shapes of the documented JSON, checked exactly (documented fields and the documented extras).

type Check = (v: unknown) => boolean;
const isString: Check = (v) => typeof v === 'string';
const isNumber: Check = (v) => typeof v === 'number' && Number.isFinite(v);
const nullable =
  (check: Check): Check =>
  (v) =>
    v === null || check(v);
const isSeverity: Check = (v) => v === 'error' || v === 'warning' || v === 'info';

function expectShape(
  value: unknown,
  shape: Record<string, Check>,
  optional: Record<string, Check>,
  where: string,
): Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) throw new Error(`${where}: not an object`);
  const obj = value as Record<string, unknown>;
  for (const [key, check] of Object.entries(shape)) {
    if (!(key in obj)) throw new Error(`${where}: missing ${key}`);
    if (!check(obj[key])) throw new Error(`${where}.${key}: unexpected ${JSON.stringify(obj[key])}`);
  }
  for (const key of Object.keys(obj)) {
    if (key in shape) continue;
    const check = optional[key];
    if (!check) throw new Error(`${where}: unexpected field ${key}`);
    if (!check(obj[key])) throw new Error(`${where}.${key}: unexpected ${JSON.stringify(obj[key])}`);
  }
  return obj;
}

function arrayOf(value: unknown, where: string): unknown[] {
  if (!Array.isArray(value)) throw new Error(`${where}: not an array`);
  return value;
}

function checkFinding(f: unknown, where: string): void {
  expectShape(
    f,
    { code: isString, severity: isSeverity, sheet: isString, cell: nullable(isString), message: isString },
    { messageVi: isString, messageEn: isString, expected: isString, found: isString, criterion: isString },
    where,
  );
}

interface UnitOut {
  sheet: string;
  unit: string;
  points: number;
  max: number;
  percent: number;
  rank: number | null;
  class: string | null;
  exactPercent: number;
  areas: { code: string; name: string; points: number; max: number; percent: number }[];
}
interface BlockOut {
  name: string;
  average: number;
  units: UnitOut[];
  highest: string | null;
  lowest: string | null;
}
interface RankOut {
  blocks: BlockOut[];
  findings: { code: string; severity: string; sheet: string; cell: string | null; message: string }[];
}
interface ValidateOut {
  summary: { errors: number; warnings: number; info: number };
  findings: RankOut['findings'];
}

/** Checks the exact rank JSON shape and returns it typed. */
function checkRankJson(value: unknown): RankOut {
  const top = expectShape(value, { blocks: Array.isArray, findings: Array.isArray }, {}, 'rank');
  arrayOf(top.blocks, 'blocks').forEach((b, i) => {
    const block = expectShape(
      b,
      { name: isString, average: isNumber, units: Array.isArray },
      {
        highest: nullable(isString),
        lowest: nullable(isString),
        classCounts: Array.isArray,
        areaAverages: Array.isArray,
      },
      `blocks[${i}]`,
    );
    arrayOf(block.units, 'units').forEach((u, j) => {
      const unit = expectShape(
        u,
        {
          sheet: isString,
          unit: isString,
          points: isNumber,
          max: isNumber,
          percent: isNumber,
          rank: nullable(isNumber),
          class: nullable(isString),
          areas: Array.isArray,
        },
        {
          exactPercent: isNumber,
          lastYearRank: nullable(isNumber),
          rankChange: nullable(isNumber),
          rankChangeText: nullable(isString),
        },
        `blocks[${i}].units[${j}]`,
      );
      arrayOf(unit.areas, 'areas').forEach((a, k) =>
        expectShape(
          a,
          { code: isString, name: isString, points: isNumber, max: isNumber, percent: isNumber },
          {},
          `units[${j}].areas[${k}]`,
        ),
      );
    });
    arrayOf(block.classCounts ?? [], 'classCounts').forEach((c, k) =>
      expectShape(c, { label: isString, count: isNumber }, {}, `blocks[${i}].classCounts[${k}]`),
    );
    arrayOf(block.areaAverages ?? [], 'areaAverages').forEach((a, k) =>
      expectShape(a, { code: isString, name: isString, average: isNumber }, {}, `blocks[${i}].areaAverages[${k}]`),
    );
  });
  arrayOf(top.findings, 'findings').forEach((f, i) => checkFinding(f, `findings[${i}]`));
  return value as RankOut;
}

function checkValidateJson(value: unknown): ValidateOut {
  const top = expectShape(
    value,
    { summary: (v) => typeof v === 'object' && v !== null, findings: Array.isArray },
    {},
    'validate',
  );
  expectShape(top.summary, { errors: isNumber, warnings: isNumber, info: isNumber }, {}, 'summary');
  arrayOf(top.findings, 'findings').forEach((f, i) => checkFinding(f, `findings[${i}]`));
  const out = value as ValidateOut;
  const count = (s: string): number => out.findings.filter((f) => f.severity === s).length;
  expect(out.summary).toEqual({ errors: count('error'), warnings: count('warning'), info: count('info') });
  return out;
}

/** Units in rank order: ranks non-decreasing, competition ranking (1, 2, 2, 4), unranked last. */
function expectRankOrder(block: BlockOut): void {
  const ranked = block.units.filter((u) => u.rank !== null);
  const firstUnranked = block.units.findIndex((u) => u.rank === null);
  if (firstUnranked >= 0) expect(block.units.slice(firstUnranked).every((u) => u.rank === null)).toBe(true);
  ranked.forEach((u, i) => {
    if (i === 0) expect(u.rank).toBe(1);
    else {
      const prev = ranked[i - 1];
      expect(u.exactPercent).toBeLessThanOrEqual(prev.exactPercent);
      expect(u.rank).toBe(u.exactPercent === prev.exactPercent ? prev.rank : i + 1);
    }
  });
}

// --------------------------------------------------------------------------------------------------
// Fixtures

let dir: string;
let samplePath: string;
let ministriesPath: string;
let mappedPath: string;
let emptyPath: string;
let sampleSnapshot: WorkbookSnapshot;

/** A workbook whose headers nobody can recognise ("Cột 1", …) below a title: needs --map and --header-row. */
function buildUnrecognisedWorkbook(): ExcelJS.Workbook {
  const wb = new ExcelJS.Workbook();
  const criteria: [string, string, number][] = [
    ['1', 'Công tác chỉ đạo, điều hành', 40],
    ['1.1', 'Ban hành kế hoạch', 20],
    ['1.2', 'Thực hiện kế hoạch', 20],
    ['2', 'Cải cách thủ tục hành chính', 60],
    ['2.1', 'Công khai thủ tục', 30],
    ['2.2', 'Giải quyết hồ sơ đúng hạn', 30],
  ];
  const tpl = wb.addWorksheet('Bộ tiêu chí');
  tpl.getCell('A1').value = 'DANH MỤC TIÊU CHÍ';
  tpl.getRow(3).values = ['Cột 1', 'Cột 2', 'Cột 3'];
  criteria.forEach((c, i) => (tpl.getRow(4 + i).values = c));
  const units: [string, string, number[]][] = [
    ['Đơn vị C', 'Sở Gamma', [20, 20, 10, 10]], // 60
    ['Đơn vị A', 'Sở Alpha', [20, 10, 30, 25]], // 85
    ['Đơn vị B', 'Sở Beta', [10, 20, 20, 30]], // 80
  ];
  for (const [sheet, name, scores] of units) {
    const ws = wb.addWorksheet(sheet);
    ws.getCell('A1').value = `Đơn vị: ${name}`;
    ws.getRow(3).values = ['Cột 1', 'Cột 2', 'Cột 3', 'Cột 4', 'Cột 5', 'Cột 6'];
    let k = 0;
    criteria.forEach((c, i) => {
      const leaf = c[0].includes('.');
      const s = leaf ? scores[k++] : null;
      ws.getRow(4 + i).values = leaf ? [...c, s, s, `Báo cáo số ${10 + i}/BC ngày 15/01/2024`] : c;
    });
  }
  return wb;
}

beforeAll(async () => {
  if (!fs.existsSync(MAIN)) throw new Error(`${MAIN} is missing: run \`npm run build\` first (npm test does)`);
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-cli-e2e-'));
  if (fs.existsSync(BUNDLED_SAMPLE)) samplePath = BUNDLED_SAMPLE;
  else {
    samplePath = path.join(dir, 'sample.xlsx');
    await buildSampleWorkbook().xlsx.writeFile(samplePath);
  }
  sampleSnapshot = (await readXlsxFile(samplePath)).snapshot;
  ministriesPath = path.join(dir, 'ministries-2023.xlsx');
  await buildMinistries2023Workbook().xlsx.writeFile(ministriesPath);
  mappedPath = path.join(dir, 'unrecognised headers.xlsx');
  await buildUnrecognisedWorkbook().xlsx.writeFile(mappedPath);
  emptyPath = path.join(dir, 'empty.xlsx');
  const empty = new ExcelJS.Workbook();
  empty.addWorksheet('Sheet1');
  await empty.xlsx.writeFile(emptyPath);
});

afterAll(() => {
  if (dir) fs.rmSync(dir, { recursive: true, force: true });
});

function sheetOf(name: string): SheetSnapshot {
  const s = sampleSnapshot.sheets.find((x) => x.name === name);
  if (!s) throw new Error(`sample has no sheet ${name}`);
  return s;
}

function cellAt(sheet: SheetSnapshot, a1: string): CellValue {
  const m = /^([A-Z])(\d+)$/.exec(a1);
  if (!m) throw new Error(`bad address ${a1}`);
  return sheet.rows[Number(m[2]) - 1]?.[m[1].charCodeAt(0) - 65] ?? null;
}

function num(v: CellValue, where: string): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string') {
    const parsed = parseNumberText(v);
    if (parsed) return parsed.value;
  }
  throw new Error(`${where}: not a number: ${JSON.stringify(v)}`);
}

/** The unit sheet's own total row (`TỔNG ĐIỂM` / `Tổng cộng`): cached SUM results of the self and appraised columns. */
function cachedTotals(sheetName: string): { self: number; appraised: number } {
  const s = sheetOf(sheetName);
  const row = s.rows.find((r) => typeof r[1] === 'string' && /^(tổng điểm|tổng cộng)$/i.test(r[1].trim()));
  if (!row) throw new Error(`${sheetName}: no total row`);
  return { self: num(row[3], `${sheetName} self total`), appraised: num(row[4], `${sheetName} appraised total`) };
}

// --------------------------------------------------------------------------------------------------

describe('par-index: help, version, arguments', () => {
  it('prints help and the version with exit 0', () => {
    const help = cli('--help');
    expect(help.code).toBe(0);
    expect(help.stdout).toContain('par-index validate <tệp.xlsx>');
    expect(help.stdout).toContain('--map code=A,name=B');
    const version = cli('--version');
    expect(version.code).toBe(0);
    const pkg = JSON.parse(fs.readFileSync(path.join(REPO, 'package.json'), 'utf8')) as { version: string };
    expect(version.stdout.trim()).toBe(pkg.version);
  });

  it.each([
    [[], /Missing command/],
    [['score', 'x.xlsx'], /Unknown command "score"/],
    [['rank'], /Missing the \.xlsx file path/],
    [['rank', 'x.xlsx', '--colour'], /Unknown option: --colour/],
    [['validate', 'x.xlsx', '--basis', 'final'], /--basis must be self, appraised or auto/],
    [['rank', 'x.xlsx', '--map', 'score=D'], /unknown role "score"/],
    [['rank', 'x.xlsx', '--map', 'self=4'], /"4" is not a column letter/],
    [['rank', 'x.xlsx', '--header-row', '0'], /--header-row must be a row number/],
    [['rank', 'a.xlsx', 'b.xlsx'], /extra arguments/],
  ])('exits 2 on bad arguments %j', (args, pattern) => {
    expectUserError(cli(...args), pattern);
  });
});

describe('par-index: files that cannot be read', () => {
  it('exits 2 for a missing path, for both commands', () => {
    const missing = path.join(dir, 'không có.xlsx');
    expectUserError(cli('validate', missing), /Không tìm thấy tệp: .*không có\.xlsx \/ Error: File not found/);
    expectUserError(cli('rank', missing, '--json'), /File not found/);
  });

  it('exits 2 for a truncated .xlsx', () => {
    const bytes = fs.readFileSync(ministriesPath);
    const cut = path.join(dir, 'cut.xlsx');
    fs.writeFileSync(cut, bytes.subarray(0, Math.floor(bytes.length / 2)));
    expectUserError(cli('rank', cut), /damaged or incomplete/);
    expectUserError(cli('validate', cut, '--json'), /bị hỏng hoặc không đầy đủ/);
  });

  it('exits 2 for a text file named .xlsx and for a CSV', () => {
    const text = path.join(dir, 'notes.xlsx');
    fs.writeFileSync(text, 'Bảng điểm gửi kèm\n');
    expectUserError(cli('validate', text), /is not an Excel \.xlsx file/);
    const csv = path.join(dir, 'diem.csv');
    fs.writeFileSync(csv, 'STT,Nội dung,Điểm tối đa\n1,Công tác chỉ đạo,10\n');
    expectUserError(cli('rank', csv), /không phải tệp Excel \.xlsx/);
  });

  it('exits 2 for a folder', () => {
    expectUserError(cli('rank', dir), /is a folder/);
  });
});

describe('par-index on an empty workbook', () => {
  it('validate --json exits 1 with an error finding', () => {
    const r = cli('validate', emptyPath, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(1);
    const out = checkValidateJson(json(r));
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(out.findings.some((f) => f.severity === 'error')).toBe(true);
  });

  it('rank exits 1: nothing could be ranked; the findings say why', () => {
    const r = cli('rank', emptyPath, '--json');
    expect(r.code).toBe(1);
    const out = checkRankJson(json(r));
    expect(out.blocks.every((b) => b.units.length === 0)).toBe(true);
    expect(out.findings.some((f) => f.severity === 'error')).toBe(true);
    const human = cli('rank', emptyPath);
    expect(human.code).toBe(1);
    expect(human.stdout).toContain('Không xếp hạng được đơn vị nào');
  });
});

describe('par-index on the ministries 2023 workbook (published results)', () => {
  let out: RankOut;

  beforeAll(() => {
    const r = cli('rank', ministriesPath, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    out = checkRankJson(json(r));
  });

  it('ranks the 17 ministries exactly as published, percents within 0.01', () => {
    expect(out.blocks).toHaveLength(1);
    const units = out.blocks[0].units;
    expect(units).toHaveLength(ministries2023.rows.length);
    const bySheet = new Map(units.map((u) => [u.sheet, u]));
    for (const [rank, unit, , , total, percent] of ministries2023.rows) {
      const u = bySheet.get(ministrySheetNames[unit]);
      if (!u) throw new Error(`no result for ${unit}`);
      expect({ unit, rank: u.rank }).toEqual({ unit, rank });
      expect(Math.abs(u.percent - percent)).toBeLessThanOrEqual(PUBLISHED_TOLERANCE);
      expect(Math.abs(u.points - total)).toBeLessThanOrEqual(PUBLISHED_TOLERANCE);
      expect(u.max).toBe(ministries2023.max.total);
    }
    expectRankOrder(out.blocks[0]);
  });

  it('gives the published block average, highest and lowest', () => {
    const b = out.blocks[0];
    expect(Math.abs(b.average - ministries2023.average_percent)).toBeLessThanOrEqual(PUBLISHED_TOLERANCE);
    expect(b.highest).toBe(ministries2023.rows[0][1]);
    expect(b.lowest).toBe(ministries2023.rows[ministries2023.rows.length - 1][1]);
  });

  it('splits each unit into the appraised and survey areas', () => {
    const byName = new Map(out.blocks[0].units.map((u) => [u.unit, u]));
    for (const [, unit, appraised, survey] of ministries2023.rows) {
      const areas = byName.get(unit)?.areas ?? [];
      expect(areas.map((a) => [a.code, a.max])).toEqual([
        ['I', ministries2023.max.appraised],
        ['II', ministries2023.max.survey],
      ]);
      expect(areas[0].points).toBeCloseTo(appraised, 9);
      expect(areas[1].points).toBeCloseTo(survey, 9);
    }
  });

  it('prints the ranking as an aligned Vietnamese table', () => {
    const r = cli('rank', ministriesPath);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    const lines = r.stdout.split('\n');
    const header = lines.find((l) =>
      /Hạng \| Đơn vị +\| +Điểm \| Tối đa \| +Tỷ lệ \| Xếp loại \| So với năm trước/.test(l),
    );
    expect(header).toBeDefined();
    const first = lines.find((l) => l.includes('Bộ Tư pháp'));
    expect(first).toMatch(/^01\/17 \| Bộ Tư pháp +\| +\d+,\d\d \| 100,00 \| \d+,\d\d % \|/);
    expect(r.stdout).toMatch(/Tỷ lệ trung bình của khối: \d+,\d\d %/);
    expect(r.stdout).toContain('Cao nhất: Bộ Tư pháp');
    expect(r.stdout).toContain('Thấp nhất: Bộ Công Thương');
  });
});

describe('par-index on the sample province workbook', () => {
  let rank: RankOut;

  beforeAll(() => {
    const r = cli('rank', samplePath, '--json');
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    rank = checkRankJson(json(r));
  });

  it('ranks every unit sheet in its block, in rank order', () => {
    expect(rank.blocks).toHaveLength(2);
    const sheetsPerBlock = rank.blocks.map((b) => b.units.map((u) => u.sheet).sort());
    expect(sheetsPerBlock).toEqual(
      expect.arrayContaining([[...SAMPLE_UNIT_SHEETS.department].sort(), [...SAMPLE_UNIT_SHEETS.district].sort()]),
    );
    for (const b of rank.blocks) expectRankOrder(b);
  });

  it('scores each unit as its own total row says (appraised basis), percent per the rounding', () => {
    const ndt = PLANTED_DEFECTS.find((d) => d.id === 'd');
    if (!ndt) throw new Error('planted defect d missing');
    for (const b of rank.blocks) {
      for (const u of b.units) {
        expect({ sheet: u.sheet, points: u.points }).toEqual({
          sheet: u.sheet,
          points: cachedTotals(u.sheet).appraised,
        });
        // The not-applicable criterion (planted defect d) leaves the maximum.
        const naMax =
          u.sheet === ndt.sheet ? num(cellAt(sheetOf(ndt.sheet), ndt.cell.replace(/^D/, 'C')), 'NA max') : 0;
        expect({ sheet: u.sheet, max: u.max }).toEqual({ sheet: u.sheet, max: 100 - naMax });
        expect(u.percent).toBe(roundTo2((u.points / u.max) * 100));
        expect(u.exactPercent).toBeCloseTo((u.points / u.max) * 100, 9);
      }
      const ranked = b.units.filter((u) => u.rank !== null);
      const mean = ranked.reduce((s, u) => s + u.exactPercent, 0) / ranked.length;
      expect(b.average).toBe(roundTo2(mean));
    }
  });

  it('--basis self scores the self column: the sheet total, corrected where the sheet is wrong', () => {
    const r = cli('rank', samplePath, '--json', '--basis', 'self');
    expect(r.code).toBe(0);
    const out = checkRankJson(json(r));
    const over = PLANTED_DEFECTS.find((d) => d.id === 'b'); // self above its maximum: counted as the maximum
    const text = PLANTED_DEFECTS.find((d) => d.id === 'c'); // self typed as text: Excel's SUM skipped it
    if (!over || !text) throw new Error('planted defects b, c missing');
    const overSelf = num(cellAt(sheetOf(over.sheet), over.cell), 'b self');
    const overMax = num(cellAt(sheetOf(over.sheet), over.cell.replace(/^D/, 'C')), 'b max');
    const textSelf = cellAt(sheetOf(text.sheet), text.cell);
    expect(typeof textSelf).toBe('string');
    for (const b of out.blocks) {
      for (const u of b.units) {
        let expected = cachedTotals(u.sheet).self;
        if (u.sheet === over.sheet) expected -= overSelf - overMax;
        if (u.sheet === text.sheet) expected += num(textSelf, 'c self');
        expect({ sheet: u.sheet, points: u.points }).toEqual({
          sheet: u.sheet,
          points: Math.round(expected * 1e4) / 1e4,
        });
      }
      expectRankOrder(b);
    }
  });

  it('validate --json finds the planted defects, and not the explained criterion', () => {
    const r = cli('validate', samplePath, '--json');
    expect(r.stderr).toBe('');
    const out = checkValidateJson(json(r));
    expect(out.summary.errors).toBeGreaterThan(0);
    expect(r.code).toBe(1);
    const rowOf = (cell: string | null): number | null => (cell ? Number(/\d+$/.exec(cell)?.[0]) : null);
    for (const d of PLANTED_DEFECTS) {
      const row = rowOf(d.cell);
      const hits = out.findings.filter((f) => f.sheet === d.sheet && rowOf(f.cell) === row);
      if (d.id === 'd') continue; // not applicable with an explanation: checked through the maximum above
      if (d.isDefect)
        expect({ defect: `${d.id} ${d.sheet}!${d.cell}`, found: hits.length > 0 }).toEqual({
          defect: `${d.id} ${d.sheet}!${d.cell}`,
          found: true,
        });
      else expect(hits.filter((f) => f.severity === 'error')).toEqual([]);
    }
    // Same findings in rank's JSON.
    expect(rank.findings).toEqual(out.findings);
  });

  it('validate prints the summary and every finding grouped by sheet', () => {
    const r = cli('validate', samplePath);
    expect(r.code).toBe(1);
    expect(r.stderr).toBe('');
    const out = checkValidateJson(json(cli('validate', samplePath, '--json')));
    expect(r.stdout).toContain(
      `PHÁT HIỆN: ${out.findings.length} (${out.summary.errors} lỗi, ${out.summary.warnings} cảnh báo, ${out.summary.info} thông tin)`,
    );
    for (const f of out.findings) {
      expect(r.stdout).toContain(`Trang tính "${f.sheet}"`);
      expect(r.stdout).toContain(`[${f.code}]  ${f.message}`);
    }
  });

  it('rank prints both blocks and a findings summary', () => {
    const r = cli('rank', samplePath);
    expect(r.code).toBe(0);
    expect(r.stderr).toBe('');
    for (const b of rank.blocks) expect(r.stdout).toContain(`KHỐI: ${b.name} — ${b.units.length} đơn vị`);
    expect(r.stdout).toContain('PHÁT HIỆN:');
    expect(r.stdout).toMatch(/Sở Ngoại vụ!F27 +\[/);
  });
});

describe('par-index with a report larger than a pipe holds', () => {
  it('writes the whole report before it exits (the process leaves once stdout has drained)', () => {
    const file = path.join(dir, 'sixty-units.xlsx');
    fs.writeFileSync(file, benchWorkbook(60, 150));
    const r = cli('rank', file, '--json');
    expect(r.code).toBe(0);
    // More than twice a pipe's 64 KiB: cut short, it would not parse.
    expect(Buffer.byteLength(r.stdout)).toBeGreaterThan(2 * 65536);
    const ranked = checkRankJson(json(r));
    expect(ranked.blocks[0].units).toHaveLength(60);
  });
});

describe('par-index --map and --header-row on headers nobody can recognise', () => {
  it('cannot rank without them', () => {
    const r = cli('rank', mappedPath, '--json');
    expect(r.code).toBe(1);
    const out = checkRankJson(json(r));
    expect(out.blocks.flatMap((b) => b.units)).toEqual([]);
    expect(out.findings.some((f) => f.severity === 'error')).toBe(true);
  });

  it('ranks with them', () => {
    const r = cli(
      'rank',
      mappedPath,
      '--json',
      '--map',
      'code=A,name=B,max=C,self=D,appraised=E,evidence=F',
      '--header-row',
      '3',
    );
    expect(r.stderr).toBe('');
    expect(r.code).toBe(0);
    const out = checkRankJson(json(r));
    expect(out.blocks).toHaveLength(1);
    const units = out.blocks[0].units;
    expect(units.map((u) => [u.unit, u.rank, u.points, u.max, u.percent])).toEqual([
      ['Sở Alpha', 1, 85, 100, 85],
      ['Sở Beta', 2, 80, 100, 80],
      ['Sở Gamma', 3, 60, 100, 60],
    ]);
    expect(units[0].areas).toEqual([
      { code: '1', name: 'Công tác chỉ đạo, điều hành', points: 30, max: 40, percent: 75 },
      { code: '2', name: 'Cải cách thủ tục hành chính', points: 55, max: 60, percent: 91.67 },
    ]);
    expect(out.blocks[0].average).toBe(75);
    expect(out.findings.filter((f) => f.severity === 'error')).toEqual([]);
    const v = cli(
      'validate',
      mappedPath,
      '--map',
      'code=A,name=B,max=C,self=D,appraised=E,evidence=F',
      '--header-row',
      '3',
    );
    expect(v.code).toBe(0);
  });
});

describe('par-index rank --out and clean: results written into a workbook', () => {
  test('rank --out writes the result sheets, says where, and leaves the input file as it was', () => {
    const before = fs.readFileSync(samplePath);
    const out = path.join(dir, 'kết quả.xlsx');
    const r = cli('rank', samplePath, '--out', out);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain(`Đã ghi / written: ${out}`);
    expect(r.stdout).toMatch(/Ghi 2 bảng xếp hạng \(14 đơn vị\)/);
    expect(fs.readFileSync(samplePath).equals(before)).toBe(true);
    expect(fs.existsSync(out)).toBe(true);
  });

  test('with --json, stdout is the JSON alone and the written-file report goes to stderr', () => {
    const out = path.join(dir, 'json-out.xlsx');
    const r = cli('rank', samplePath, '--json', '--out', out);
    expect(r.code).toBe(0);
    expect(json(r)).toHaveProperty('blocks');
    expect(r.stderr).toContain('written');
  });

  test("rank on its own output ranks the same units (the add-in's sheets are not read as criteria)", () => {
    const out = path.join(dir, 'again.xlsx');
    cli('rank', samplePath, '--out', out);
    const first = json(cli('rank', samplePath, '--json')) as { blocks: { units: unknown[] }[] };
    const second = json(cli('rank', out, '--json')) as { blocks: { units: unknown[] }[] };
    expect(second.blocks).toEqual(first.blocks);
  });

  test("clean --out removes what rank wrote: the sheet list is the input's again", async () => {
    const ranked = path.join(dir, 'to-clean.xlsx');
    const cleaned = path.join(dir, 'cleaned.xlsx');
    expect(cli('rank', samplePath, '--out', ranked).code).toBe(0);
    const r = cli('clean', ranked, '--out', cleaned);
    expect(r.code).toBe(0);
    const names = async (file: string) => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.readFile(file);
      return wb.worksheets.map((w) => w.name);
    };
    expect(await names(cleaned)).toEqual(await names(samplePath));
  });

  test('clean needs --out; validate refuses it', () => {
    expectUserError(cli('clean', samplePath), /--out/);
    expectUserError(cli('validate', samplePath, '--out', path.join(dir, 'x.xlsx')), /--out/);
  });

  test('an output folder that does not exist is a clear error, and nothing is written', () => {
    const out = path.join(dir, 'no such folder', 'out.xlsx');
    const r = cli('rank', samplePath, '--out', out);
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(/^Lỗi: .+ \/ Error: .+$/m);
    expect(fs.existsSync(out)).toBe(false);
  });
});
