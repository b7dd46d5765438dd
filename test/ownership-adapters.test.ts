// Ownership through the adapters (issue 9, item 4): the command line's package writer on real files (`run`),
// and the Office.js adapter on the simulated host. Highlights are found by their tag on a renamed sheet; a
// user's `_ParIndex` and a forged record delete nothing.
import fs from 'fs';
import path from 'path';
import { run, type CliIO } from '../src/cli/main';
import { analyzeWorkbook } from '../src/core/analyze';
import { OWNERSHIP_CHUNK_PREFIX, OWNERSHIP_NOTE, ownershipJson } from '../src/core/ownership';
import { isTaggedHighlight } from '../src/core/plan-types';
import { planClean, planResults } from '../src/core/results-plan';
import { createSimulatedExcel } from '../src/harness/simulated-excel';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { readSnapshotOffice } from '../src/workbook/office-read';
import { readXlsxFile } from '../src/workbook/xlsx-file';
import { buildSampleWorkbook } from '../scripts/sample-workbook';
import { loadWorkbook, tempDir } from './helpers/results-check';

const dir = tempDir();
const SAMPLE = path.join(dir, 'sample.xlsx');
const all = () => true;

beforeAll(async () => {
  await buildSampleWorkbook().xlsx.writeFile(SAMPLE);
});

afterAll(() => fs.rmSync(dir, { recursive: true, force: true }));

async function cli(...args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t) };
  const code = await run(args, io);
  return { code, out, err };
}

type CfList = { ref: string; rules: { type?: string; formulae?: unknown[] }[] }[];

/** Tagged highlight rules per sheet of a file. */
async function taggedRules(file: string): Promise<Record<string, number>> {
  const wb = await loadWorkbook(file);
  const out: Record<string, number> = {};
  for (const ws of wb.worksheets) {
    let n = 0;
    for (const cf of (ws as unknown as { conditionalFormattings?: CfList }).conditionalFormattings ?? [])
      for (const r of cf.rules) if (typeof r.formulae?.[0] === 'string' && isTaggedHighlight(r.formulae[0])) n++;
    if (n > 0) out[ws.name] = n;
  }
  return out;
}

const total = (counts: Record<string, number>) => Object.values(counts).reduce((a, b) => a + b, 0);

async function sheetNames(file: string): Promise<string[]> {
  return (await readXlsxFile(file)).snapshot.sheets.map((s) => s.name);
}

describe('the command line (package writer) on real files', () => {
  test('a unit sheet renamed after a run: clean removes its highlights, a re-run does not double them', async () => {
    const ranked = path.join(dir, 'renamed-ranked.xlsx');
    expect((await cli('rank', SAMPLE, '--out', ranked)).code).toBe(0);
    const once = await taggedRules(ranked);
    const unit = Object.keys(once)[0];
    expect(total(once)).toBeGreaterThan(0);
    // The user renames a unit sheet (and its highlights move with it).
    const wb = await loadWorkbook(ranked);
    wb.getWorksheet(unit)!.name = 'Đổi tên';
    const renamed = path.join(dir, 'renamed.xlsx');
    await wb.xlsx.writeFile(renamed);
    expect((await taggedRules(renamed))['Đổi tên']).toBe(once[unit]);

    const cleaned = path.join(dir, 'renamed-clean.xlsx');
    expect((await cli('clean', renamed, '--out', cleaned)).code).toBe(0);
    expect(await taggedRules(cleaned)).toEqual({});

    const again = path.join(dir, 'renamed-again.xlsx');
    expect((await cli('rank', renamed, '--out', again)).code).toBe(0);
    const twice = await taggedRules(again);
    expect(total(twice)).toBe(total(once));
    expect(twice['Đổi tên']).toBe(once[unit]);
    // Its output sheets were proven and replaced, not kept beside.
    expect((await sheetNames(again)).filter((n) => / \(2\)$/.test(n))).toEqual([]);
  });

  test("a user's own _ParIndex sheet survives rank and clean untouched; the record goes beside it", async () => {
    const wb = await loadWorkbook(SAMPLE);
    const theirs = wb.addWorksheet('_ParIndex');
    theirs.getCell('A1').value = 'ghi chú của tôi';
    theirs.getCell('B2').value = 42;
    const input = path.join(dir, 'user-parindex.xlsx');
    await wb.xlsx.writeFile(input);
    const before = (await readXlsxFile(input)).snapshot.sheets.find((s) => s.name === '_ParIndex');

    const ranked = path.join(dir, 'user-parindex-ranked.xlsx');
    const r = await cli('rank', input, '--out', ranked);
    expect(r.code).toBe(0);
    expect(r.out).toMatch(/OUTPUT_KEPT|"_ParIndex"/);
    const after = (await readXlsxFile(ranked)).snapshot.sheets;
    expect(after.find((s) => s.name === '_ParIndex')).toEqual(before);
    expect(after.find((s) => s.name === '_ParIndex (2)')?.rows[0]?.[0]).toBe(OWNERSHIP_NOTE);

    const twice = path.join(dir, 'user-parindex-twice.xlsx');
    expect((await cli('rank', ranked, '--out', twice)).code).toBe(0);
    expect(await sheetNames(twice)).toEqual(await sheetNames(ranked));

    const cleaned = path.join(dir, 'user-parindex-clean.xlsx');
    expect((await cli('clean', twice, '--out', cleaned)).code).toBe(0);
    expect(await sheetNames(cleaned)).toEqual(await sheetNames(input));
    expect((await readXlsxFile(cleaned)).snapshot.sheets.find((s) => s.name === '_ParIndex')).toEqual(before);
    const ws = (await loadWorkbook(cleaned)).getWorksheet('_ParIndex')!;
    expect(ws.state).toBe('visible');
  });

  test("a forged record listing the user's sheets deletes none of them", async () => {
    const names = await sheetNames(SAMPLE);
    const wb = await loadWorkbook(SAMPLE);
    const rec = wb.addWorksheet('_ParIndex', { state: 'veryHidden' });
    const record = { version: 1, sheets: names, conditionalFormats: [], fingerprints: {} };
    rec.getCell('A1').value = OWNERSHIP_NOTE;
    rec.getCell('A2').value = OWNERSHIP_CHUNK_PREFIX + ownershipJson(record as never);
    const input = path.join(dir, 'forged.xlsx');
    await wb.xlsx.writeFile(input);

    const cleaned = path.join(dir, 'forged-clean.xlsx');
    const c = await cli('clean', input, '--out', cleaned);
    expect(c.code).toBe(0);
    expect(c.out).toMatch(/RECORD_MISMATCH|does not match/);
    expect(await sheetNames(cleaned)).toEqual(names);

    const ranked = path.join(dir, 'forged-ranked.xlsx');
    expect((await cli('rank', input, '--out', ranked)).code).toBe(0);
    const after = await sheetNames(ranked);
    for (const n of names) expect(after).toContain(n);
  });

  test('an output sheet the user edited is kept by a re-run and by clean', async () => {
    const ranked = path.join(dir, 'edited-ranked.xlsx');
    await cli('rank', SAMPLE, '--out', ranked);
    const wb = await loadWorkbook(ranked);
    wb.getWorksheet('Tổng hợp')!.getCell('A60').value = 'ghi chú của tôi';
    const edited = path.join(dir, 'edited.xlsx');
    await wb.xlsx.writeFile(edited);
    const again = path.join(dir, 'edited-again.xlsx');
    const r = await cli('rank', edited, '--out', again);
    expect(r.out).toMatch(/Tổng hợp \(2\)/);
    const snap = (await readXlsxFile(again)).snapshot;
    expect(snap.sheets.find((s) => s.name === 'Tổng hợp')?.rows[59]?.[0]).toBe('ghi chú của tôi');
    expect(snap.sheets.some((s) => s.name === 'Tổng hợp (2)')).toBe(true);
    const cleaned = path.join(dir, 'edited-clean.xlsx');
    await cli('clean', again, '--out', cleaned);
    const left = await sheetNames(cleaned);
    expect(left).toEqual([...(await sheetNames(SAMPLE)), 'Tổng hợp']);
  });
});

describe('the Office.js adapter on the simulated host', () => {
  test('a unit sheet renamed after a run: clean removes its highlights, a re-run does not double them', async () => {
    const { snapshot } = await readXlsxFile(SAMPLE);
    const sim = createSimulatedExcel(snapshot);
    const read = () => sim.Excel.run((context) => readSnapshotOffice(context));
    const tagged = () =>
      sim.state.sheets.reduce(
        (n, s) =>
          n +
          s.conditionalFormats.filter((cf) => cf.type === 'Custom' && cf.formula && isTaggedHighlight(cf.formula))
            .length,
        0,
      );
    await sim.Excel.run((context) =>
      applyPlanOffice(context, planResults(snapshot, analyzeWorkbook(snapshot)), { isSetSupported: all }),
    );
    const once = tagged();
    expect(once).toBeGreaterThan(0);
    const unit = sim.state.sheets.find((s) => s.conditionalFormats.some((cf) => cf.type === 'Custom'))!;
    const own = unit.conditionalFormats.length;
    const original = unit.name;
    unit.name = 'Đổi tên';

    const renamed = await read();
    const again = planResults(renamed, analyzeWorkbook(renamed));
    expect(again.findings.filter((f) => f.code === 'OUTPUT_KEPT' || f.code === 'RECORD_MISMATCH')).toEqual([]);
    sim.resetCounters();
    const result = await sim.Excel.run((context) => applyPlanOffice(context, again, { isSetSupported: all }));
    expect(tagged()).toBe(once);
    expect(unit.conditionalFormats.length).toBe(own);
    // Every sheet's rules read in one request, whatever the number of sheets (then the freezes and the
    // recalculation, each in a request of its own).
    expect(result.syncs).toBeLessThanOrEqual(6 + result.chunks);

    const before = await read();
    await sim.Excel.run((context) => applyPlanOffice(context, planClean(before), { isSetSupported: all }));
    expect(tagged()).toBe(0);
    expect(sim.state.sheets.map((s) => s.name)).toEqual(
      snapshot.sheets.map((s) => (s.name === original ? 'Đổi tên' : s.name)),
    );
  });
});
