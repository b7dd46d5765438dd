// Unit files for the gather tests: the published 2023 ministries table (test/fixtures/published) spread over
// one workbook per unit, as the units send them in.
import crypto from 'crypto';
import fs from 'fs';
import path from 'path';
import type ExcelJS from 'exceljs';
import { run, type CliIO } from '../src/cli/main';
import {
  buildMinistries2023Workbook,
  MINISTRIES_TEMPLATE_SHEET,
  ministries2023,
  ministrySheetNames,
} from './fixtures/published-workbook';

export interface UnitFileOptions {
  /** The unit's sheet renamed `Sheet1` (as a unit that never named it). */
  asSheet1?: boolean;
  /** A copy of the template kept in the file. */
  withTemplate?: boolean;
  /** The 2022 version of the template: other maxima (70 / 30) in the unit's sheet and its template copy. */
  oldVersion?: boolean;
  /** Another appraised score on the first leaf (an earlier draft of the same unit). */
  draftScore?: number;
}

/** The sheet names of the 17 units, in published rank order. */
export const unitSheets: string[] = ministries2023.rows.map(([, unit]) => ministrySheetNames[unit]);

/** One unit's workbook: its own sheet (and, if asked, the template), nothing of the other units. */
export async function unitWorkbook(sheet: string, options: UnitFileOptions = {}): Promise<Buffer> {
  const wb: ExcelJS.Workbook = buildMinistries2023Workbook();
  for (const ws of [...wb.worksheets]) {
    if (ws.name === sheet) continue;
    if (ws.name === MINISTRIES_TEMPLATE_SHEET && options.withTemplate) continue;
    wb.removeWorksheet(ws.id);
  }
  const ws = wb.getWorksheet(sheet)!;
  if (options.oldVersion) {
    // Rows 3–6: I (max 70), its leaf (70), II (30), its leaf (30).
    [70, 70, 30, 30].forEach((max, i) => (ws.getCell(3 + i, 3).value = max));
    const tpl = wb.getWorksheet(MINISTRIES_TEMPLATE_SHEET);
    if (tpl) [70, 70, 30, 30].forEach((max, i) => (tpl.getCell(2 + i, 3).value = max));
  }
  if (options.draftScore !== undefined) {
    ws.getCell('D4').value = options.draftScore;
    ws.getCell('E4').value = options.draftScore;
  }
  if (options.asSheet1) ws.name = 'Sheet1';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The master the secretariat starts from: the template alone. */
export async function templateOnlyMaster(): Promise<Buffer> {
  const wb = buildMinistries2023Workbook();
  for (const ws of [...wb.worksheets]) if (ws.name !== MINISTRIES_TEMPLATE_SHEET) wb.removeWorksheet(ws.id);
  return Buffer.from(await wb.xlsx.writeBuffer());
}

export function write(file: string, bytes: Buffer, modified?: Date): string {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, bytes);
  if (modified) fs.utimesSync(file, modified, modified);
  return file;
}

export function sha256(file: string): string {
  return crypto.createHash('sha256').update(fs.readFileSync(file)).digest('hex');
}

/** Every file under `dir` with its hash. */
export function hashes(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const item of fs.readdirSync(d, { withFileTypes: true })) {
      const full = path.join(d, item.name);
      if (item.isDirectory()) walk(full);
      else out.set(full, sha256(full));
    }
  };
  walk(dir);
  return out;
}

/** The command line in-process: exit code and everything it printed. */
export async function cli(args: string[]): Promise<{ code: number; out: string; err: string }> {
  let out = '';
  let err = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (err += t) };
  const code = await run(args, io);
  return { code, out, err };
}
