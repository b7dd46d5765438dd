// `par-index split MASTER --out FOLDER`: one `<unit>.xlsx` per unit sheet of the master, with its block's
// template (xlsx-package/gather-split.ts), written into FOLDER (created when missing). The master is only read.
// With the master's own notices sheet (or `--notices`), each file also holds the unit's appraisal notice.
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
  const { files, noticesFrom, messages } = splitMaster(
    { bytes: master.bytes, snapshot: master.snapshot },
    { settings: settingsOverride(options), notices: options.notices === true },
  );
  await fs.mkdir(folder, { recursive: true });
  for (const f of files) await writeXlsxBytes(f.pieces, path.join(folder, f.fileName));
  if (options.json) {
    const list = files.map((f) => ({
      unit: f.unit,
      sheet: f.sheet,
      template: f.template,
      notice: f.notice,
      file: path.join(folder, f.fileName),
    }));
    io.stdout(JSON.stringify({ files: list, noticesFrom, messages }, null, 2) + '\n');
  } else {
    const lines = files.map(
      (f) =>
        `• ${f.fileName}: ${[f.sheet, f.template, f.notice]
          .filter((n) => n !== null)
          .map((n) => `"${n}"`)
          .join(' + ')}`,
    );
    lines.push(`Đã ghi ${files.length} tệp vào / wrote ${files.length} files into: ${path.resolve(folder)}`);
    io.stdout(lines.join('\n') + '\n');
    for (const m of messages) io.stderr(`${m.vi}\n${m.en}\n`);
  }
  return files.length > 0 ? 0 : 1;
}
