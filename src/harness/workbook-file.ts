// .xlsx in the browser with ExcelJS's browser build: the sample (or a chosen file) read into a snapshot,
// and the same file with the pane's writes replayed on it (the CLI's adapter, exceljs-apply) for download.
import ExcelJS from 'exceljs';
import type { WritePlan } from '../core/plan-types';
import type { WorkbookSnapshot } from '../core/types';
import { applyPlan } from '../workbook/exceljs-apply';
import { snapshotFromExcelJS } from '../workbook/exceljs-snapshot';

export async function loadWorkbook(bytes: ArrayBuffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes);
  return wb;
}

export async function snapshotOfBytes(bytes: ArrayBuffer): Promise<WorkbookSnapshot> {
  return snapshotFromExcelJS(await loadWorkbook(bytes));
}

export async function fetchBytes(url: string): Promise<ArrayBuffer> {
  const res = await fetch(url);
  if (!res.ok) throw new Error(`${url}: HTTP ${res.status}`);
  return res.arrayBuffer();
}

/** The original file with every plan the pane applied carried out again, as .xlsx bytes. */
export async function rebuildXlsx(original: ArrayBuffer, plans: readonly WritePlan[]): Promise<Blob> {
  const wb = await loadWorkbook(original);
  for (const plan of plans) applyPlan(wb, plan);
  const out = await wb.xlsx.writeBuffer();
  return new Blob([out as ArrayBuffer], { type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet' });
}

export function saveBlob(blob: Blob, name: string): void {
  const url = URL.createObjectURL(blob);
  const a = document.createElement('a');
  a.href = url;
  a.download = name;
  document.body.appendChild(a);
  a.click();
  a.remove();
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}
