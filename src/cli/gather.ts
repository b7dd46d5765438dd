// `par-index gather MASTER FILES_OR_FOLDERS… --out OUT`: the files and folders given (folders read
// recursively; `.xlsx`/`.xlsm` gathered, `.xls` listed as skipped, other files and Excel's `~$` lock files
// ignored) read from disk, gathered into the master (xlsx-package/gather.ts), the result written whole to OUT.
// The master and the unit files are only read. When the master cannot be read nothing is written.
import { promises as fs } from 'fs';
import path from 'path';
import type { Finding } from '../core/types';
import { errnoCode, errorText } from '../workbook/errors';
import type { GatherEntry, GatherFile, GatherResult } from '../workbook/xlsx-package/gather';
import { settingsOverride, type CliOptions } from './args';
import { findingJson, summarize } from './report';

export interface GatherIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

const GATHERED = /\.(xlsx|xlsm)$/i;
const OLD_EXCEL = /\.xls$/i;
const LOCK_FILE = /^~\$/;

const XLS_REASON = {
  vi: 'tệp Excel cũ (.xls); hãy mở trong Excel và lưu lại dạng .xlsx',
  en: 'an old Excel file (.xls); open it in Excel and save it as .xlsx',
};

interface Found {
  path: string;
  /** As the listing names it: the path under the folder given, or the file's own name. */
  name: string;
}

async function walk(folder: string, under: string, out: Found[]): Promise<void> {
  const items = await fs.readdir(folder, { withFileTypes: true });
  items.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const item of items) {
    const full = path.join(folder, item.name);
    const name = under === '' ? item.name : `${under}/${item.name}`;
    if (item.isDirectory()) await walk(full, name, out);
    else if (!LOCK_FILE.test(item.name) && (GATHERED.test(item.name) || OLD_EXCEL.test(item.name))) {
      out.push({ path: full, name });
    }
  }
}

/** The files to gather, each read (or why it could not be), the master and the output left out. */
export async function collectFiles(inputs: readonly string[], exclude: readonly string[]): Promise<GatherFile[]> {
  const found: Found[] = [];
  const files: GatherFile[] = [];
  for (const input of inputs) {
    let stat;
    try {
      stat = await fs.stat(input);
    } catch (err) {
      const missing = errnoCode(err) === 'ENOENT' || errnoCode(err) === 'ENOTDIR';
      files.push({
        name: input,
        modified: new Date(NaN),
        bytes: null,
        error: missing
          ? { vi: 'không tìm thấy tệp hay thư mục này', en: 'no such file or folder' }
          : { vi: `không đọc được (${errorText(err)})`, en: `cannot be read (${errorText(err)})` },
      });
      continue;
    }
    if (stat.isDirectory()) await walk(input, '', found);
    else found.push({ path: input, name: path.basename(input) });
  }
  const skip = new Set(exclude.map((p) => path.resolve(p)));
  const seen = new Set<string>();
  for (const f of found) {
    const resolved = path.resolve(f.path);
    if (skip.has(resolved) || seen.has(resolved)) continue;
    seen.add(resolved);
    let modified = new Date(NaN);
    try {
      modified = (await fs.stat(f.path)).mtime;
      if (OLD_EXCEL.test(f.path)) {
        files.push({ name: f.name, modified, bytes: null, error: XLS_REASON });
        continue;
      }
      files.push({ name: f.name, modified, bytes: await fs.readFile(f.path) });
    } catch (err) {
      files.push({
        name: f.name,
        modified,
        bytes: null,
        error: { vi: `không đọc được (${errorText(err)})`, en: `cannot be read (${errorText(err)})` },
      });
    }
  }
  return files;
}

const ACTION_TEXT: Record<GatherEntry['action'], string> = {
  added: 'thu thập / gathered',
  replaced: 'thay bằng bản mới hơn / replaced by a newer file',
  unchanged: 'không đổi / unchanged',
  kept: 'giữ trang đã có / existing sheet kept',
  older: 'cũ hơn bản đã có / older than the one gathered',
  duplicate: 'trùng đơn vị / same unit again',
  skipped: 'bỏ qua / skipped',
  'no-unit': 'không có trang tự chấm / no score sheet',
};

export function gatherText(result: GatherResult, out: string, written: boolean): string {
  const lines = result.entries.map(
    (e) =>
      `• ${e.file}${e.source ? ` [${e.source}]` : ''}${e.sheet ? ` → "${e.sheet}"` : ''}: ${ACTION_TEXT[e.action]}` +
      (e.unit ? ` (${e.unit})` : ''),
  );
  const own = result.findings.filter((f) => f.code.startsWith('GATHER_'));
  const engine = result.findings.filter((f) => !f.code.startsWith('GATHER_'));
  lines.push('', ...own.map((f) => `! ${f.messageVi ?? f.message}\n  ${f.messageEn ?? ''}`));
  const s = summarize(engine);
  lines.push(
    '',
    `Kiểm tra các trang đơn vị / unit sheets checked: ${s.errors} lỗi / errors, ${s.warnings} cảnh báo / warnings (par-index validate ${JSON.stringify(out)})`,
    written ? `Đã ghi / written: ${path.resolve(out)}` : `Không có gì thay đổi / nothing changed: ${path.resolve(out)}`,
  );
  return lines.join('\n') + '\n';
}

export function gatherJson(result: GatherResult, out: string, written: boolean) {
  return {
    entries: result.entries,
    findings: result.findings.map((f: Finding) => findingJson(f)),
    out: path.resolve(out),
    changed: written,
  };
}

export async function runGather(options: CliOptions, io: GatherIO): Promise<number> {
  const { readXlsxFile } = await import('../workbook/xlsx-file');
  const { writeXlsxBytes } = await import('../workbook/xlsx-write');
  const { gatherIntoMaster } = await import('../workbook/xlsx-package/gather');
  const out = options.out as string;
  // The master first: when it cannot be read, nothing is written (WorkbookReadError, exit 2).
  const master = await readXlsxFile(options.file);
  const files = await collectFiles(options.inputs ?? [], [options.file, out]);
  const result = gatherIntoMaster({ bytes: master.bytes, snapshot: master.snapshot }, files, {
    settings: settingsOverride(options),
  });
  const changed = result.output !== null;
  if (changed) await writeXlsxBytes(result.output!, out);
  else if (path.resolve(out) !== path.resolve(options.file)) await writeXlsxBytes(master.bytes, out);
  io.stdout(
    options.json ? JSON.stringify(gatherJson(result, out, changed), null, 2) + '\n' : gatherText(result, out, changed),
  );
  const units = result.entries.filter((e) => e.sheet !== null).length;
  return units > 0 ? 0 : 1;
}
