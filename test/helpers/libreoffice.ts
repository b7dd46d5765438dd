// Real spreadsheet check: recalculate a workbook in headless LibreOffice and read back what it computed.
//
// Every call gets its own throw-away LibreOffice profile (jest runs test files in parallel workers, and two
// soffice processes sharing one profile block or fail). The profile is seeded with a registrymodifications.xcu
// that
//   - sets OOXMLRecalcMode (and ODFRecalcMode) to 0 = "always recalculate on load". By default LibreOffice
//     keeps the cached result stored with a formula (`{ formula: 'A1*2', result: 999 }` stays 999); formulas
//     stored without a cached value are computed either way. With 0, every formula is recomputed.
//   - sets the locale to en-US, so numbers come out with a `.` decimal separator and TRUE/FALSE in English
//     whatever the machine's locale (with a de-DE profile the same export writes "0,666666666666667", "WAHR").
// soffice runs with LC_ALL=C.UTF-8: under a non-UTF-8 C/POSIX locale it writes the per-sheet file names
// with `?` for every non-ASCII letter (and `-` for `–`), and Vietnamese sheet names get lost.
import { spawn } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';

/** One sheet's displayed values, row-major from A1: grid[0][0] is A1. Empty cells are ''. */
export type Grid = string[][];

export const INSTALL_HINT =
  'LibreOffice (soffice) was not found on PATH. Install it with ' +
  '`apt-get install -y --no-install-recommends libreoffice-calc-nogui poppler-utils` (CI installs it).';

const TIMEOUT_MS = 60_000;

/**
 * CSV export filter options, token by token (LibreOffice "CSV Filter Options"):
 *  1  44     field separator `,`
 *  2  34     text delimiter `"`
 *  3  76     character set UTF-8 (plain `--convert-to csv` writes the system 8-bit charset)
 *  4  1      first line (import only)
 *  5  (none) per-column formats (import only)
 *  6  0      language (import only; the export's decimal separator follows the profile locale, see above)
 *  7  false  export: quote ALL text cells. false = quote only when needed (separator, quote, newline inside)
 *  8  true   export: numbers unquoted (with false LibreOffice writes every number as a quoted string)
 *  9  false  "save cell contents as shown". false = the raw value with up to 15 significant digits
 *            (81.3333333333333 in a `0.00` cell; true would give "81.33" and "-1,234.5" with #,##0.0).
 *            Quirks even with false: percent-typed cells keep a `%` (0.256789123 → "25.6789123%", full
 *            precision), date-typed cells come out as dates ("2023-03-15 18:00:00"), very large/small numbers
 *            in scientific form ("1E+020", "1.23456789012346E+017").
 *  10 false  export formulas instead of results
 *  11 false  strip leading/trailing spaces
 *  12 -1     sheet: -1 = every sheet, each to `<stem>-<sheet name>.csv` (also for a single-sheet workbook)
 */
export const CSV_FILTER = 'csv:Text - txt - csv (StarCalc):44,34,76,1,,0,false,true,false,false,false,-1';

const REGISTRY = `<?xml version="1.0" encoding="UTF-8"?>
<oor:items xmlns:oor="http://openoffice.org/2001/registry" xmlns:xs="http://www.w3.org/2001/XMLSchema" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="OOXMLRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Office.Calc/Formula/Load"><prop oor:name="ODFRecalcMode" oor:op="fuse"><value>0</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooSetupSystemLocale" oor:op="fuse"><value>en-US</value></prop></item>
<item oor:path="/org.openoffice.Setup/L10N"><prop oor:name="ooLocale" oor:op="fuse"><value>en-US</value></prop></item>
</oor:items>
`;

function findOnPath(exe: string): string | null {
  const dirs = (process.env.PATH ?? '').split(path.delimiter).filter((d) => d !== '');
  for (const dir of dirs) {
    const candidate = path.join(dir, exe);
    try {
      fs.accessSync(candidate, fs.constants.X_OK);
      if (fs.statSync(candidate).isFile()) return candidate;
    } catch {
      // not here
    }
  }
  return null;
}

export function hasLibreOffice(): boolean {
  return findOnPath('soffice') !== null;
}

/** Throws with the install hint when soffice is missing: call it in beforeAll so the tests fail, not skip. */
export function requireLibreOffice(): void {
  if (!hasLibreOffice()) throw new Error(INSTALL_HINT);
}

interface RunResult {
  stdout: string;
  stderr: string;
}

/** Runs a command in its own process group; on timeout kills that group (soffice forks soffice.bin). */
function run(
  cmd: string,
  args: string[],
  opts: { env?: NodeJS.ProcessEnv; timeoutMs?: number } = {},
): Promise<RunResult> {
  const timeoutMs = opts.timeoutMs ?? TIMEOUT_MS;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd, args, { env: opts.env ?? process.env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      if (child.pid !== undefined) {
        try {
          process.kill(-child.pid, 'SIGKILL');
        } catch {
          child.kill('SIGKILL');
        }
      }
    }, timeoutMs);
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(
        new Error(`${cmd} could not be started: ${err.message}${cmd.endsWith('soffice') ? `\n${INSTALL_HINT}` : ''}`),
      );
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      const output = `\n--- stdout ---\n${stdout.trim()}\n--- stderr ---\n${stderr.trim()}`;
      if (timedOut) reject(new Error(`${cmd} ${args.join(' ')} timed out after ${timeoutMs / 1000} s${output}`));
      else if (code !== 0) reject(new Error(`${cmd} ${args.join(' ')} failed (exit ${code ?? signal})${output}`));
      else resolve({ stdout, stderr });
    });
  });
}

/**
 * Runs soffice --headless --convert-to in a fresh profile that recalculates everything on load (or, with
 * `recalculate: false`, one left at LibreOffice's defaults: formulas keep the results stored with them).
 */
async function convert(
  inputPath: string,
  filter: string,
  outDir: string,
  options: { recalculate?: boolean } = {},
): Promise<RunResult> {
  const soffice = findOnPath('soffice');
  if (soffice === null) throw new Error(INSTALL_HINT);
  const profile = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-profile-'));
  try {
    if (options.recalculate !== false) {
      fs.mkdirSync(path.join(profile, 'user'), { recursive: true });
      fs.writeFileSync(path.join(profile, 'user', 'registrymodifications.xcu'), REGISTRY);
    }
    const env: NodeJS.ProcessEnv = { ...process.env, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8', HOME: profile };
    return await run(
      soffice,
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        filter,
        '--outdir',
        outDir,
        inputPath,
      ],
      { env },
    );
  } finally {
    fs.rmSync(profile, { recursive: true, force: true });
  }
}

/**
 * `input` (bytes, with its extension) converted by soffice --convert-to `filter` (xlsx re-saved by LibreOffice,
 * fods → xlsx, …) in a fresh profile at LibreOffice's defaults; the output's bytes (`in.<outExt>`).
 */
export async function convertBytes(input: Buffer, inputExt: string, filter: string, outExt: string): Promise<Buffer> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-convert-'));
  try {
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const src = path.join(dir, `in.${inputExt}`);
    fs.writeFileSync(src, input);
    const res = await convert(src, filter, out, { recalculate: false });
    const file = path.join(out, `in.${outExt}`);
    if (!fs.existsSync(file)) throw new Error(`soffice wrote no in.${outExt}:\n${res.stdout}\n${res.stderr}`);
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

/** Parses LibreOffice's CSV (RFC 4180 quoting, LF line ends, newlines allowed inside quotes). */
export function parseCsv(text: string): Grid {
  const body = text.replace(/^\uFEFF/, '').replace(/\r?\n$/, '');
  if (body === '') return [];
  const rows: Grid = [];
  let row: string[] = [];
  let field = '';
  let i = 0;
  let quoted = false;
  while (i < body.length) {
    const ch = body[i];
    if (quoted) {
      if (ch === '"') {
        if (body[i + 1] === '"') {
          field += '"';
          i += 2;
          continue;
        }
        quoted = false;
      } else field += ch;
      i++;
      continue;
    }
    if (ch === '"') quoted = true;
    else if (ch === ',') {
      row.push(field);
      field = '';
    } else if (ch === '\n' || (ch === '\r' && body[i + 1] === '\n')) {
      if (ch === '\r') i++;
      row.push(field);
      rows.push(row);
      row = [];
      field = '';
    } else field += ch;
    i++;
  }
  row.push(field);
  rows.push(row);
  return rows;
}

/** Sheet names in workbook order, as ExcelJS reads them from the file. */
async function sheetNames(xlsxPath: string): Promise<string[]> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  return wb.worksheets.map((ws) => ws.name);
}

/**
 * Recalculates every formula of the workbook in LibreOffice and returns each sheet's values as text,
 * by sheet name in workbook order (hidden sheets included).
 */
export async function recalculate(xlsxPath: string): Promise<Map<string, Grid>> {
  const names = await sheetNames(xlsxPath);
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-csv-'));
  try {
    // A plain ASCII input name, so the output names are `book-<sheet>.csv` whatever the input was called.
    const input = path.join(work, 'book.xlsx');
    fs.copyFileSync(xlsxPath, input);
    const outDir = path.join(work, 'out');
    fs.mkdirSync(outDir);
    const { stdout, stderr } = await convert(input, CSV_FILTER, outDir);
    // LibreOffice reports, in sheet order, `Writing sheet <name> -> <outDir>/book-<name>.csv`.
    const reported: string[] = [];
    for (const line of stdout.split('\n')) {
      const at = line.indexOf(` -> ${outDir}${path.sep}`);
      if (line.startsWith('Writing sheet ') && at >= 0) reported.push(line.slice(at + 4).trim());
    }
    const produced = fs.readdirSync(outDir).filter((f) => f.endsWith('.csv'));
    const problem = (msg: string): Error =>
      new Error(
        `${msg}\nsheets (ExcelJS): ${JSON.stringify(names)}\nfiles: ${JSON.stringify(produced)}\n--- stdout ---\n${stdout.trim()}\n--- stderr ---\n${stderr.trim()}`,
      );
    if (produced.length !== names.length)
      throw problem(`LibreOffice wrote ${produced.length} CSV files for ${names.length} sheets of ${xlsxPath}`);
    const result = new Map<string, Grid>();
    names.forEach((name, i) => {
      const expected = path.join(outDir, `book-${name}.csv`);
      const file = fs.existsSync(expected) ? expected : reported.length === names.length ? reported[i] : undefined;
      if (file === undefined || !fs.existsSync(file)) throw problem(`no CSV file for sheet "${name}" of ${xlsxPath}`);
      result.set(name, parseCsv(fs.readFileSync(file, 'utf8')));
    });
    return result;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** `B12` → zero-based [row, col]. */
export function parseA1(a1: string): [row: number, col: number] {
  const m = /^\$?([A-Z]{1,3})\$?([1-9][0-9]*)$/.exec(a1.trim().toUpperCase());
  if (m === null) throw new Error(`not an A1 reference: "${a1}"`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + (ch.charCodeAt(0) - 64);
  return [Number(m[2]) - 1, col - 1];
}

/** The cell's text ('' for an empty cell or one outside the exported area). */
export function cellText(grid: Grid, a1: string): string {
  const [r, c] = parseA1(a1);
  return grid[r]?.[c] ?? '';
}

/**
 * The cell as a number. Accepts what the export writes for numbers: `-1234.5`, `1E+020`, `25.6789123%`.
 * Throws, naming the cell and its text, for anything else (empty, text, `#NAME?`, dates).
 */
export function cellNumber(grid: Grid, a1: string): number {
  const text = cellText(grid, a1).trim();
  const m = /^(-?(?:\d+\.?\d*|\.\d+)(?:E[+-]?\d+)?)(%?)$/i.exec(text);
  if (m === null) throw new Error(`${a1.toUpperCase()} is ${text === '' ? 'empty' : `"${text}"`}, not a number`);
  const n = Number(m[1]);
  return m[2] === '%' ? n / 100 : n;
}

/**
 * Renders one sheet (recalculated) to a PNG of its first page: a copy of the workbook in which every other
 * sheet is hidden (kept, so cross-sheet formulas still resolve) and the sheet is landscape, fit to one page
 * wide, goes through `soffice --convert-to pdf`, then `pdftoppm -png -r 110 -f 1 -l 1 -singlefile`.
 */
export async function renderSheetPng(xlsxPath: string, sheetName: string, outPng: string): Promise<void> {
  const pdftoppm = findOnPath('pdftoppm');
  if (pdftoppm === null)
    throw new Error('pdftoppm was not found on PATH: apt-get install -y --no-install-recommends poppler-utils');
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(xlsxPath);
  const target = wb.getWorksheet(sheetName);
  if (target === undefined)
    throw new Error(`no sheet "${sheetName}" in ${xlsxPath}: ${wb.worksheets.map((w) => `"${w.name}"`).join(', ')}`);
  const order = wb.worksheets;
  for (const ws of order) {
    if (ws !== target) ws.state = 'hidden';
  }
  target.state = 'visible';
  target.pageSetup = {
    ...target.pageSetup,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    paperSize: 9,
  };
  const tab = order.indexOf(target);
  wb.views = [{ x: 0, y: 0, width: 20000, height: 12000, firstSheet: tab, activeTab: tab, visibility: 'visible' }];
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-pdf-'));
  try {
    const input = path.join(work, 'sheet.xlsx');
    await wb.xlsx.writeFile(input);
    const { stdout, stderr } = await convert(input, 'pdf:calc_pdf_Export', work);
    const pdf = path.join(work, 'sheet.pdf');
    if (!fs.existsSync(pdf))
      throw new Error(
        `LibreOffice wrote no PDF for ${xlsxPath}\n--- stdout ---\n${stdout.trim()}\n--- stderr ---\n${stderr.trim()}`,
      );
    fs.mkdirSync(path.dirname(path.resolve(outPng)), { recursive: true });
    const prefix = path.join(work, 'page');
    await run(pdftoppm, ['-png', '-r', '110', '-f', '1', '-l', '1', '-singlefile', pdf, prefix]);
    fs.copyFileSync(`${prefix}.png`, outPng);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/**
 * The workbook printed to PDF as it stands (recalculated; each sheet's own page setup, hidden sheets not
 * printed), by `soffice --convert-to pdf`.
 */
export async function printPdf(xlsx: Buffer): Promise<Buffer> {
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'lo-print-'));
  try {
    const input = path.join(work, 'book.xlsx');
    fs.writeFileSync(input, xlsx);
    const { stdout, stderr } = await convert(input, 'pdf:calc_pdf_Export', work);
    const pdf = path.join(work, 'book.pdf');
    if (!fs.existsSync(pdf))
      throw new Error(`LibreOffice wrote no PDF\n--- stdout ---\n${stdout.trim()}\n--- stderr ---\n${stderr.trim()}`);
    return fs.readFileSync(pdf);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

export interface PdfPage {
  /** Points. */
  width: number;
  height: number;
  /** The page's text laid out as on the page (`pdftotext -layout`). */
  text: string;
}

/** Every page of a PDF: its size and text (poppler's pdfinfo and pdftotext). */
export async function pdfPages(pdf: Buffer): Promise<PdfPage[]> {
  const pdfinfo = findOnPath('pdfinfo');
  const pdftotext = findOnPath('pdftotext');
  if (pdfinfo === null || pdftotext === null)
    throw new Error(
      'pdfinfo/pdftotext were not found on PATH: apt-get install -y --no-install-recommends poppler-utils',
    );
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-pages-'));
  try {
    const file = path.join(work, 'in.pdf');
    fs.writeFileSync(file, pdf);
    const count = Number(/^Pages:\s+(\d+)/m.exec((await run(pdfinfo, [file])).stdout)?.[1] ?? NaN);
    if (!Number.isInteger(count)) throw new Error('pdfinfo gave no page count');
    const sizes = (await run(pdfinfo, ['-f', '1', '-l', String(count), file])).stdout;
    const pages: PdfPage[] = [];
    for (let p = 1; p <= count; p++) {
      const m = new RegExp(`^Page\\s+${p} size:\\s+([\\d.]+) x ([\\d.]+)`, 'm').exec(sizes);
      if (m === null) throw new Error(`pdfinfo gave no size for page ${p}`);
      const out = path.join(work, `p${p}.txt`);
      await run(pdftotext, ['-layout', '-f', String(p), '-l', String(p), file, out]);
      pages.push({ width: Number(m[1]), height: Number(m[2]), text: fs.readFileSync(out, 'utf8') });
    }
    return pages;
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}

/** One page of a PDF as a PNG (`pdftoppm -png -r <dpi>`). */
export async function pdfPagePng(pdf: Buffer, page: number, outPng: string, dpi = 90): Promise<void> {
  const pdftoppm = findOnPath('pdftoppm');
  if (pdftoppm === null)
    throw new Error('pdftoppm was not found on PATH: apt-get install -y --no-install-recommends poppler-utils');
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'pdf-png-'));
  try {
    const file = path.join(work, 'in.pdf');
    fs.writeFileSync(file, pdf);
    const prefix = path.join(work, 'page');
    await run(pdftoppm, [
      '-png',
      '-r',
      String(dpi),
      '-f',
      String(page),
      '-l',
      String(page),
      '-singlefile',
      file,
      prefix,
    ]);
    fs.mkdirSync(path.dirname(path.resolve(outPng)), { recursive: true });
    fs.copyFileSync(`${prefix}.png`, outPng);
  } finally {
    fs.rmSync(work, { recursive: true, force: true });
  }
}
