// Results in the workbook: the formulas a real spreadsheet (LibreOffice) computes equal the engine's values;
// nothing of the user's is lost (rank then clean gives the input back); running twice is running once;
// the formulas stay live when a score changes.
import fs from 'fs';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../src/core/analyze';
import { isPlanFormula, OWNERSHIP_SHEET } from '../src/core/plan-types';
import { planClean, planResults } from '../src/core/results-plan';
import { applyPlan } from '../src/workbook/exceljs-apply';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import { writeXlsxFile } from '../src/workbook/xlsx-write';
import { buildSampleWorkbook } from '../scripts/sample-workbook';
import { buildMinistries2023Workbook, ministries2023 } from './fixtures/published-workbook';
import { cellNumber, cellText, recalculate, requireLibreOffice } from './helpers/libreoffice';
import { compareFormulas, loadWorkbook, tempDir, writeResults } from './helpers/results-check';
import { diffWorkbooks } from './helpers/workbook-diff';
import { SMALL_TEMPLATE, smallUnitRows, templateSheet, unitSheet } from './helpers/sheets';
import type { CellValue } from '../src/core/types';
import { shiftedDownOneRow } from './helpers/excel-edits';

const dir = tempDir();
const SAMPLE = path.join(dir, 'sample.xlsx');
const MINISTRIES = path.join(dir, 'ministries.xlsx');

beforeAll(async () => {
  await buildSampleWorkbook().xlsx.writeFile(SAMPLE);
  await buildMinistries2023Workbook().xlsx.writeFile(MINISTRIES);
});

async function clean(input: string, out: string) {
  const wb = await loadWorkbook(input);
  const plan = planClean(snapshotFromExcelJS(wb));
  applyPlan(wb, plan);
  await writeXlsxFile(wb, out);
  return plan;
}

describe('a real spreadsheet recalculates every formula to the engine value', () => {
  beforeAll(() => requireLibreOffice());

  test.each([
    ['the sample', SAMPLE, 3000],
    ['the published ministries table', MINISTRIES, 300],
  ])('%s', async (_name, input, atLeast) => {
    const out = path.join(dir, `recalc-${path.basename(input)}`);
    const { plan } = await writeResults(input, out);
    const { checked, mismatches } = compareFormulas(plan, await recalculate(out));
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(atLeast);
  });

  test('no #NAME? or other error anywhere in the written sheets', async () => {
    const out = path.join(dir, 'errors.xlsx');
    const { plan } = await writeResults(SAMPLE, out);
    const sheets = await recalculate(out);
    const written = plan.ops.filter((o) => o.kind === 'addSheet').map((o) => (o.kind === 'addSheet' ? o.sheet : ''));
    // The charts' per-band cells are #N/A by design where a unit is in another band (no bar drawn): only those.
    const meantNa = new Set<string>();
    for (const o of plan.ops)
      if (o.kind === 'setCells')
        o.cells.forEach((row, r) =>
          row.forEach((cell, c) => {
            if (isPlanFormula(cell) && /,NA\(\)\)$/.test(cell.formula)) meantNa.add(`${o.sheet}!R${r + 1}C${c + 1}`);
          }),
        );
    const errors: string[] = [];
    let na = 0;
    for (const name of written)
      sheets.get(name)?.forEach((row, r) =>
        row.forEach((v, c) => {
          const at = `${name}!R${r + 1}C${c + 1}`;
          if (v === '#N/A' && meantNa.has(at)) na++;
          else if (/^(#NAME\?|#REF!|#VALUE!|#DIV\/0!|#N\/A|Err:\d+)$/.test(v)) errors.push(`${at} ${v}`);
        }),
      );
    expect(errors).toEqual([]);
    expect(na).toBeGreaterThan(0);
  });

  test('the ministries ranking sheet shows the published ranks', async () => {
    const out = path.join(dir, 'ministries-ranked.xlsx');
    const { plan } = await writeResults(MINISTRIES, out);
    const grid = (await recalculate(out)).get(plan.names.ranking[0])!;
    // Title, note and two header rows, then the units.
    const shown = ministries2023.rows.map((_, i) => [cellNumber(grid, `A${5 + i}`), cellText(grid, `B${5 + i}`)]);
    expect(shown).toEqual(ministries2023.rows.map((r) => [r[0], r[1]]));
  });
});

describe('"not applicable" in one score column only, or typed without diacritics: the formulas read it as the engine does', () => {
  beforeAll(() => requireLibreOffice());

  async function naWorkbook(file: string) {
    const rows = (ii: [CellValue, CellValue], leaf: [CellValue, CellValue]) => {
      const r = smallUnitRows([2, 2, 2, leaf[0]], [2, 1, 2, leaf[1]]);
      r[5] = ['II', 'Cải cách thủ tục hành chính', 4, ii[0], ii[1]];
      return r;
    };
    const sheets = [
      templateSheet('Bộ tiêu chí', SMALL_TEMPLATE, 10),
      unitSheet('Sở A', 'Sở A', rows(['Không áp dụng', null], [null, 3])), // the unit says N/A, the council scored
      unitSheet('Sở B', 'Sở B', rows([null, 'KAD'], [3, null])), // the council says N/A, the unit scored
      unitSheet('Sở C', 'Sở C', rows([null, null], [4, 2])),
      // typed without diacritics, and in decomposed Unicode (Mac, VNI keyboards): still "not applicable"
      unitSheet('Sở D', 'Sở D', rows(['khong ap dung', 'KHONG AP DUNG'], [null, null])),
      unitSheet(
        'Sở E',
        'Sở E',
        rows(['Không áp dụng'.normalize('NFD'), 'Không áp dụng'.normalize('NFD')], [null, null]),
      ),
      // the unit says N/A, the council left the branch blank: not contradicted, so not applicable
      unitSheet('Sở F', 'Sở F', rows(['KAD', null], [null, null])),
      // N/A on the row itself in the self column, the council's cell blank
      unitSheet('Sở G', 'Sở G', rows([null, null], ['Không áp dụng', null])),
    ];
    const wb = new ExcelJS.Workbook();
    for (const sheet of sheets) {
      const ws = wb.addWorksheet(sheet.name);
      for (const row of sheet.rows) ws.addRow(row);
      for (const m of sheet.merges ?? []) ws.mergeCells(m);
    }
    await wb.xlsx.writeFile(file);
  }

  test.each(['self', 'appraised', 'auto'] as const)('basis %s', async (basis) => {
    const input = path.join(dir, `na-${basis}.xlsx`);
    const out = path.join(dir, `na-${basis}-ranked.xlsx`);
    await naWorkbook(input);
    const { plan, analysis } = await writeResults(input, out, { settings: { basis } });
    const maxima = Object.fromEntries(analysis.blocks[0].units.map((u) => [u.sheet, u.max]));
    expect(maxima).toEqual({
      ...(basis === 'self' ? { 'Sở A': 6, 'Sở B': 10 } : { 'Sở A': 10, 'Sở B': 6 }),
      'Sở C': 10,
      'Sở D': 6,
      'Sở E': 6,
      'Sở F': 6,
      'Sở G': 6,
    });
    const { checked, mismatches } = compareFormulas(plan, await recalculate(out));
    expect(mismatches).toEqual([]);
    expect(checked).toBeGreaterThan(50);
  });
});

describe('nothing of the user is lost', () => {
  test.each([
    ['the sample', SAMPLE],
    ['the published ministries table', MINISTRIES],
  ])('%s: rank then clean gives every original sheet back, cell by cell, in order', async (_name, input) => {
    const ranked = path.join(dir, `ranked-${path.basename(input)}`);
    const cleaned = path.join(dir, `cleaned-${path.basename(input)}`);
    await writeResults(input, ranked);
    await clean(ranked, cleaned);
    const before = await loadWorkbook(input);
    const after = await loadWorkbook(cleaned);
    expect(after.worksheets.map((w) => w.name)).toEqual(before.worksheets.map((w) => w.name));
    expect(diffWorkbooks(before, after)).toEqual([]);
  });

  test('ranking adds rules to unit sheets but changes none of their cells, styles or merges', async () => {
    const ranked = path.join(dir, 'ranked-cells.xlsx');
    await writeResults(SAMPLE, ranked);
    const before = await loadWorkbook(SAMPLE);
    const after = await loadWorkbook(ranked);
    const diffs = diffWorkbooks(before, after);
    expect(diffs.length).toBeGreaterThan(0);
    // the only differences on the user's sheets are added conditional formats
    expect(diffs.filter((d) => !/conditional/i.test(d))).toEqual([]);
  });

  test('a re-run stopped at any operation (Excel writes in several requests) leaves nothing clean cannot remove', async () => {
    const ranked = path.join(dir, 'interrupted-once.xlsx');
    await writeResults(MINISTRIES, ranked);
    const rerun = planResults(
      snapshotFromExcelJS(await loadWorkbook(ranked)),
      analyzeWorkbook(snapshotFromExcelJS(await loadWorkbook(ranked))),
    );
    const n = rerun.ops.length;
    const cuts = [...new Set([1, 2, 3, ...Array.from({ length: 8 }, (_, i) => Math.round(((i + 1) * n) / 9)), n - 1])];
    const before = await loadWorkbook(MINISTRIES);
    for (const cut of cuts) {
      const wb = await loadWorkbook(ranked);
      applyPlan(wb, { ...rerun, ops: rerun.ops.slice(0, cut) });
      const partial = path.join(dir, `interrupted-${cut}.xlsx`);
      await writeXlsxFile(wb, partial);
      const cleaned = path.join(dir, `interrupted-${cut}-clean.xlsx`);
      await clean(partial, cleaned);
      const after = await loadWorkbook(cleaned);
      expect([cut, after.worksheets.map((w) => w.name)]).toEqual([cut, before.worksheets.map((w) => w.name)]);
      expect([cut, diffWorkbooks(before, after)]).toEqual([cut, []]);
    }
  });

  test('highlights Excel has moved (rows inserted above) are still found by a re-run and by clean', async () => {
    const ranked = path.join(dir, 'moved-rules.xlsx');
    await writeResults(SAMPLE, ranked);
    const wb = await loadWorkbook(ranked);
    let moved = 0;
    for (const ws of wb.worksheets) {
      for (const cf of (
        ws as unknown as { conditionalFormattings?: { ref: string; rules: { formulae?: string[] }[] }[] }
      ).conditionalFormattings ?? []) {
        cf.ref = shiftedDownOneRow(cf.ref);
        for (const rule of cf.rules) if (rule.formulae) rule.formulae = rule.formulae.map(shiftedDownOneRow);
        moved++;
      }
    }
    expect(moved).toBeGreaterThan(10);
    const movedFile = path.join(dir, 'moved-rules-2.xlsx');
    await writeXlsxFile(wb, movedFile);
    const cleaned = path.join(dir, 'moved-rules-clean.xlsx');
    await clean(movedFile, cleaned);
    expect(diffWorkbooks(await loadWorkbook(SAMPLE), await loadWorkbook(cleaned))).toEqual([]);
    // a re-run replaces them: as many rules as after one run
    const rerun = path.join(dir, 'moved-rules-rerun.xlsx');
    await writeResults(movedFile, rerun);
    const count = async (file: string) =>
      (await loadWorkbook(file)).worksheets.reduce(
        (n, ws) => n + ((ws as unknown as { conditionalFormattings?: unknown[] }).conditionalFormattings?.length ?? 0),
        0,
      );
    expect(await count(rerun)).toBe(await count(ranked));
  });

  test('rank twice gives the same workbook as rank once', async () => {
    const once = path.join(dir, 'once.xlsx');
    const twice = path.join(dir, 'twice.xlsx');
    await writeResults(SAMPLE, once);
    await writeResults(once, twice);
    const a = await loadWorkbook(once);
    const b = await loadWorkbook(twice);
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual(a.worksheets.map((w) => [w.name, w.state]));
    expect(diffWorkbooks(a, b)).toEqual([]);
  });

  test("a user's sheet named like an output sheet survives untouched; ours takes a free name", async () => {
    const wb = buildSampleWorkbook();
    const mine = wb.addWorksheet('Xếp hạng – Khối sở');
    mine.getCell('A1').value = 'Bảng của tôi — không được ghi đè';
    mine.getCell('B2').value = 42;
    const input = path.join(dir, 'user-sheet.xlsx');
    await wb.xlsx.writeFile(input);
    const out = path.join(dir, 'user-sheet-ranked.xlsx');
    const { plan } = await writeResults(input, out);
    expect(plan.names.ranking[0]).toBe('Xếp hạng – Khối sở (2)');
    const before = await loadWorkbook(input);
    const after = await loadWorkbook(out);
    expect(diffWorkbooks(before, after, { sheets: ['Xếp hạng – Khối sở'] })).toEqual([]);
    // and clean leaves it too
    const cleaned = path.join(dir, 'user-sheet-cleaned.xlsx');
    await clean(out, cleaned);
    expect(diffWorkbooks(before, await loadWorkbook(cleaned))).toEqual([]);
  });

  test('a protected unit sheet is reported and nothing is written to it', async () => {
    const wb = buildSampleWorkbook();
    await wb.getWorksheet('Sở Y tế')!.protect('mật khẩu', {});
    const input = path.join(dir, 'protected.xlsx');
    await wb.xlsx.writeFile(input);
    const out = path.join(dir, 'protected-ranked.xlsx');
    const { plan } = await writeResults(input, out);
    expect(plan.findings.map((f) => [f.code, f.sheet])).toEqual([['SHEET_PROTECTED', 'Sở Y tế']]);
    expect(plan.ops.some((o) => 'sheet' in o && o.sheet === 'Sở Y tế')).toBe(false);
    expect(plan.ops.some((o) => 'format' in o && o.format.sheet === 'Sở Y tế')).toBe(false);
    const diffs = diffWorkbooks(await loadWorkbook(input), await loadWorkbook(out), { sheets: ['Sở Y tế'] });
    expect(diffs).toEqual([]);
  });

  test('an edited settings sheet is kept by a re-run and by clean; its change is used', async () => {
    const ranked = path.join(dir, 'settings-1.xlsx');
    await writeResults(SAMPLE, ranked);
    const wb = await loadWorkbook(ranked);
    const settings = wb.getWorksheet('Cấu hình')!;
    let edited = false;
    settings.eachRow((row) => {
      if (row.getCell(1).value === 'Cách tính điểm') {
        row.getCell(2).value = 'tự đánh giá';
        edited = true;
      }
    });
    expect(edited).toBe(true);
    const editedFile = path.join(dir, 'settings-edited.xlsx');
    await wb.xlsx.writeFile(editedFile);
    const rerun = path.join(dir, 'settings-2.xlsx');
    const { analysis } = await writeResults(editedFile, rerun);
    expect(analysis.settings.basis).toBe('self');
    const after = await loadWorkbook(rerun);
    expect(after.getWorksheet('Cấu hình')).toBeDefined();
    const cleaned = path.join(dir, 'settings-cleaned.xlsx');
    const plan = await clean(rerun, cleaned);
    expect(plan.summary.map((s) => s.en).join(' ')).toContain('edited');
    const final = await loadWorkbook(cleaned);
    expect(final.worksheets.map((w) => w.name)).toEqual([
      ...(await loadWorkbook(SAMPLE)).worksheets.map((w) => w.name),
      'Cấu hình',
    ]);
  });

  test('clean on a workbook the add-in never touched changes nothing', async () => {
    const wb = await loadWorkbook(SAMPLE);
    const plan = planClean(snapshotFromExcelJS(wb));
    expect(plan.ops).toEqual([]);
  });
});

describe('the results are live', () => {
  beforeAll(() => requireLibreOffice());

  test("raising a unit's scores updates its percentage, rank and class after recalculation", async () => {
    const ranked = path.join(dir, 'live.xlsx');
    const { plan } = await writeResults(SAMPLE, ranked);
    const rankingName = plan.names.ranking[0];
    const before = (await recalculate(ranked)).get(rankingName)!;
    const lastRow = 5 + 7;
    expect(cellText(before, `B${lastRow}`)).toBe('Sở Ngoại vụ tỉnh Điện Biên');
    expect(cellNumber(before, `A${lastRow}`)).toBe(8);

    // The council raises Sở Ngoại vụ to the maximum on every criterion.
    const wb = await loadWorkbook(ranked);
    const ws = wb.getWorksheet('Sở Ngoại vụ')!;
    const reading = analyzeWorkbook(snapshotFromExcelJS(await loadWorkbook(SAMPLE))).sheets.find(
      (s) => s.sheet === 'Sở Ngoại vụ',
    )!;
    const cols = reading.layout!.columns;
    for (const row of reading.tree!.rows) {
      if (reading.tree!.children.has(row.key)) continue;
      ws.getCell(row.row + 1, cols.appraised! + 1).value = row.max;
      ws.getCell(row.row + 1, cols.evidence! + 1).value = 'Báo cáo số 1/BC-SNgV ngày 2/1/2025';
    }
    const edited = path.join(dir, 'live-edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const after = (await recalculate(edited)).get(rankingName)!;
    // Rows stay where they were generated; the formulas move the values.
    expect(cellText(after, `B${lastRow}`)).toBe('Sở Ngoại vụ tỉnh Điện Biên');
    expect(cellNumber(after, `E${lastRow}`)).toBe(100);
    expect(cellNumber(after, `A${lastRow}`)).toBe(1);
    expect(cellText(after, `F${lastRow}`)).toBe('A');
    expect(cellNumber(after, 'A5')).toBe(2);
    // and the engine agrees with the spreadsheet on the edited workbook
    const engine = analyzeWorkbook(snapshotFromExcelJS(await loadWorkbook(edited))).blocks[0].units.find(
      (u) => u.sheet === 'Sở Ngoại vụ',
    )!;
    expect([engine.percent, engine.rank, engine.class]).toEqual([100, 1, 'A']);
  });
});

test('the ownership record lists what was written and is very hidden', async () => {
  const out = path.join(dir, 'ownership.xlsx');
  const { plan } = await writeResults(SAMPLE, out);
  const wb = await loadWorkbook(out);
  expect(wb.getWorksheet(OWNERSHIP_SHEET)?.state).toBe('veryHidden');
  const analysis = analyzeWorkbook(snapshotFromExcelJS(wb));
  // the written sheets are recognised as the add-in's, not read as criteria sheets
  expect(
    analysis.sheets
      .filter((s) => s.role === 'owned')
      .map((s) => s.sheet)
      .sort(),
  ).toEqual(
    [...plan.names.calc, ...plan.names.ranking, plan.names.summary, plan.names.findings, OWNERSHIP_SHEET].sort(),
  );
  expect(fs.existsSync(out)).toBe(true);
});

test('planResults is pure: the same input gives the same plan', async () => {
  const snapshot = snapshotFromExcelJS(await loadWorkbook(SAMPLE));
  const a = planResults(snapshot, analyzeWorkbook(snapshot));
  const b = planResults(snapshot, analyzeWorkbook(snapshot));
  expect(JSON.stringify(a)).toBe(JSON.stringify(b));
  void ExcelJS;
});
