// `par-index split MASTER --out FOLDER`: one `<unit>.xlsx` per unit sheet of the master, with its block's
// template (xlsx-package/gather-split.ts), written into FOLDER (created when missing). The master is only read.
import { promises as fs } from 'fs';
import path from 'path';
import { settingsOverride, type CliOptions } from './args';

export interface SplitIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export async function runSplit(options: CliOptions, io: SplitIO): Promise<number> {
  const { readXlsxFile } = await import('../workbook/xlsx-file');
  const { writeXlsxBytes } = await import('../workbook/xlsx-write');
  const { splitMaster } = await import('../workbook/xlsx-package/gather-split');
  const folder = options.out as string;
  const master = await readXlsxFile(options.file);
  const files = splitMaster(
    { bytes: master.bytes, snapshot: master.snapshot },
    { settings: settingsOverride(options) },
  );
  await fs.mkdir(folder, { recursive: true });
  for (const f of files) await writeXlsxBytes(f.pieces, path.join(folder, f.fileName));
  if (options.json) {
    const list = files.map((f) => ({
      unit: f.unit,
      sheet: f.sheet,
      template: f.template,
      file: path.join(folder, f.fileName),
    }));
    io.stdout(JSON.stringify({ files: list }, null, 2) + '\n');
  } else {
    const lines = files.map((f) => `• ${f.fileName}: "${f.sheet}"${f.template ? ` + "${f.template}"` : ''}`);
    lines.push(`Đã ghi ${files.length} tệp vào / wrote ${files.length} files into: ${path.resolve(folder)}`);
    io.stdout(lines.join('\n') + '\n');
  }
  return files.length > 0 ? 0 : 1;
}
