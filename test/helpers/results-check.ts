// Writes an analysis's results into a workbook file and checks, in LibreOffice, that every formula the plan
// wrote evaluates to the engine's value.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../../src/core/analyze';
import { cellAddress } from '../../src/core/address';
import { isPlanFormula, type WritePlan } from '../../src/core/plan-types';
import { planResults } from '../../src/core/results-plan';
import type { AnalyzeOptions, CellValue } from '../../src/core/types';
import { applyPlan } from '../../src/workbook/exceljs-apply';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { writeXlsxBytes, writeXlsxFile } from '../../src/workbook/xlsx-write';
import { applyPlanToPackage } from '../../src/workbook/xlsx-package/apply-plan';
import { cellText, recalculate, type Grid } from './libreoffice';

export function tempDir(): string {
  return fs.mkdtempSync(path.join(os.tmpdir(), 'par-results-'));
}

export async function loadWorkbook(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

/**
 * Reads `input`, writes its results to `out` as the command line does (the plan applied to the input's package);
 * returns the plan and analysis.
 */
export async function writeResults(input: string, out: string, options: AnalyzeOptions = {}) {
  const wb = await loadWorkbook(input);
  const snapshot = snapshotFromExcelJS(wb);
  const analysis = analyzeWorkbook(snapshot, options);
  const plan = planResults(snapshot, analysis);
  await writeXlsxBytes(applyPlanToPackage(fs.readFileSync(input), plan), out);
  return { plan, analysis };
}

/** The same through ExcelJS's model (the in-memory adapter). */
export async function writeResultsExcelJS(input: string, out: string, options: AnalyzeOptions = {}) {
  const wb = await loadWorkbook(input);
  const snapshot = snapshotFromExcelJS(wb);
  const analysis = analyzeWorkbook(snapshot, options);
  const plan = planResults(snapshot, analysis);
  applyPlan(wb, plan);
  await writeXlsxFile(wb, out);
  return { plan, analysis };
}

export interface Mismatch {
  where: string;
  formula: string;
  expected: CellValue;
  got: string;
}

function matches(expected: CellValue, got: string): boolean {
  if (typeof expected === 'number') {
    const n = Number(got);
    return got.trim() !== '' && Number.isFinite(n) && Math.abs(n - expected) <= 1e-6 * Math.max(1, Math.abs(expected));
  }
  if (expected === null) return got === '';
  return String(expected) === got;
}

/** Every formula with an expected value in the plan, compared with LibreOffice's result. */
export function compareFormulas(
  plan: WritePlan,
  sheets: Map<string, Grid>,
): { checked: number; mismatches: Mismatch[] } {
  let checked = 0;
  const mismatches: Mismatch[] = [];
  for (const op of plan.ops) {
    if (op.kind !== 'setCells') continue;
    const grid = sheets.get(op.sheet);
    op.cells.forEach((row, r) =>
      row.forEach((cell, c) => {
        if (!isPlanFormula(cell) || cell.expected === undefined) return;
        checked++;
        const a1 = cellAddress(r, c);
        const got = grid ? cellText(grid, a1) : '(no sheet)';
        if (!matches(cell.expected, got))
          mismatches.push({ where: `${op.sheet}!${a1}`, formula: cell.formula, expected: cell.expected, got });
      }),
    );
  }
  return { checked, mismatches };
}

export async function recalculatedMismatches(plan: WritePlan, file: string) {
  return compareFormulas(plan, await recalculate(file));
}
