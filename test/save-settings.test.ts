// Settings edited in the task pane are saved into the settings sheet, read back by the next analysis,
// kept by clean, and a sheet keeps its place when it is rewritten.
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import { planClean, planResults, planSaveSettings } from '../src/core/results-plan';
import type { Settings } from '../src/core/types';
import { applyPlan } from '../src/workbook/exceljs-apply';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import { loadWorkbook } from './helpers/results-check';

const SAMPLE = path.resolve(__dirname, '..', 'samples', 'sample.xlsx');

function edited(base: Settings): Settings {
  return {
    ...base,
    basis: 'self',
    rounding: 'truncate',
    bands: [
      { label: 'Tốt', min: 85 },
      { label: 'Khá', min: 70 },
      { label: 'Trung bình', min: 0 },
    ],
    lastYearRanks: { 'Sở Tư pháp': 3 },
    unranked: ['Sở Y tế'],
    mappings: [
      {
        sheet: 'Sở Nội vụ',
        headerRow: 4,
        columns: { code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5, explanation: 6 },
      },
    ],
  };
}

test('saved settings are what the next analysis reads', async () => {
  const wb = await loadWorkbook(SAMPLE);
  const snapshot = snapshotFromExcelJS(wb);
  const analysis = analyzeWorkbook(snapshot);
  const wanted = edited(analysis.settings);
  const plan = planSaveSettings(snapshot, analysis, wanted);
  expect(plan.overwritesUserSheet).toBe(false);
  applyPlan(wb, plan);
  const again = analyzeWorkbook(snapshotFromExcelJS(wb));
  expect(again.findings.filter((f) => f.code === 'SETTINGS_INVALID')).toEqual([]);
  expect(again.settings).toMatchObject({
    basis: 'self',
    rounding: 'truncate',
    bands: wanted.bands,
    lastYearRanks: { 'Sở Tư pháp': 3 },
    unranked: ['Sở Y tế'],
  });
  expect(again.settings.mappings).toEqual(wanted.mappings);
  const so = again.blocks.find((b) => b.name === 'Khối sở')!;
  expect(so.units.find((u) => u.sheet === 'Sở Y tế')!.rank).toBeNull();
  expect(so.units.find((u) => u.sheet === 'Sở Tư pháp')!.rankChangeText).toBe('tăng 02 bậc');
});

test('rewriting the settings sheet keeps its place, and clean keeps settings the user saved', async () => {
  const wb = await loadWorkbook(SAMPLE);
  let snapshot = snapshotFromExcelJS(wb);
  applyPlan(wb, planResults(snapshot, analyzeWorkbook(snapshot)));
  const order = wb.worksheets.map((w) => w.name);
  snapshot = snapshotFromExcelJS(wb);
  const analysis = analyzeWorkbook(snapshot);
  const plan = planSaveSettings(snapshot, analysis, edited(analysis.settings));
  expect(plan.sheet).toBe('Cấu hình');
  expect(plan.overwritesUserSheet).toBe(false);
  applyPlan(wb, plan);
  expect(wb.worksheets.map((w) => w.name)).toEqual(order);
  applyPlan(wb, planClean(snapshotFromExcelJS(wb)));
  expect(wb.getWorksheet('Cấu hình')).toBeDefined();
  expect(analyzeWorkbook(snapshotFromExcelJS(wb)).settings.basis).toBe('self');
});

test("a user's own settings sheet is said to be overwritten (the pane asks first)", async () => {
  const wb = await loadWorkbook(SAMPLE);
  const mine = wb.addWorksheet('Cấu hình');
  mine.getCell('A1').value = 'Chung';
  mine.getCell('A2').value = 'Cách tính điểm';
  mine.getCell('B2').value = 'thẩm định';
  const snapshot = snapshotFromExcelJS(wb);
  const plan = planSaveSettings(snapshot, analyzeWorkbook(snapshot), defaultsOf(snapshot));
  expect(plan.overwritesUserSheet).toBe(true);
});

function defaultsOf(snapshot: ReturnType<typeof snapshotFromExcelJS>) {
  return analyzeWorkbook(snapshot).settings;
}
