#!/usr/bin/env node
// par-index: the engine on .xlsx files. `validate` lists findings, `rank` prints the rankings.
// Exit codes: 0 success; 1 validate found errors / rank ranked nothing; 2 unreadable file, wrong arguments
// or an internal error. User errors print one line (Vietnamese / English), never a stack trace.
import { readFileSync } from 'fs';
import { join, resolve } from 'path';
import { analyzeWorkbook } from '../core/analyze';
import type { WritePlan } from '../core/plan-types';
import type { WorkbookSnapshot } from '../core/types';
import { BilingualError } from '../workbook/errors';
import { WorkbookReadError } from '../workbook/read-error';
import type { XlsxFile } from '../workbook/xlsx-file';
import type { PackageWrite } from '../workbook/xlsx-package/apply-plan';
import { USAGE, UsageError, parseCommandLine, settingsOverride, type CliOptions } from './args';
import { rankJson, rankText, summarize, validateJson, validateText } from './report';

export interface CliIO {
  stdout: (text: string) => void;
  stderr: (text: string) => void;
}

export const EXIT_OK = 0;
export const EXIT_FINDINGS = 1;
export const EXIT_USAGE = 2;

export function packageVersion(): string {
  // dist/cli/main.js and src/cli/main.ts both sit two levels below the package root.
  const text = readFileSync(join(__dirname, '..', '..', 'package.json'), 'utf8');
  const pkg: unknown = JSON.parse(text);
  if (typeof pkg === 'object' && pkg !== null && 'version' in pkg && typeof pkg.version === 'string')
    return pkg.version;
  throw new Error('package.json has no version');
}

async function runCommand(options: CliOptions, io: CliIO): Promise<number> {
  if (options.command === 'gather') return (await import('./gather')).runGather(options, io);
  if (options.command === 'split') return (await import('./split')).runSplit(options, io);
  // Loaded when needed: what only writing, last year's file or another command uses is not loaded to rank.
  const { readXlsxFile } = await import('../workbook/xlsx-file');
  const read = await readXlsxFile(options.file, { forWrite: options.out !== undefined });
  // The write begins now: a worker deflates the sheets' cells while this thread analyses and plans.
  const output = options.out === undefined ? null : await beginWrite(read, options.out);
  try {
    return await commandOn(read, output, options, io);
  } finally {
    await output?.write.close();
  }
}

/** Where `--out` goes, and the write to it, begun. */
interface Output {
  path: string;
  write: PackageWrite;
}

async function beginWrite(read: XlsxFile, path: string): Promise<Output> {
  const { PackageWrite } = await import('../workbook/xlsx-package/apply-plan');
  return { path, write: new PackageWrite(read.bytes, { sheetEnds: read.sheetEnds }) };
}

async function commandOn(read: XlsxFile, output: Output | null, options: CliOptions, io: CliIO): Promise<number> {
  const snapshot: WorkbookSnapshot = read.snapshot;
  if (options.command === 'clean') {
    // `clean` always has an output (parseCommandLine refuses it without --out).
    const { planClean } = await import('../core/results-plan');
    const plan = planClean(snapshot);
    await writeResults(output as Output, plan, io, options.json);
    return EXIT_OK;
  }
  let analysis = analyzeWorkbook(snapshot, { settings: settingsOverride(options) });
  if (options.previous !== undefined) {
    const { withPreviousFile } = await import('./previous');
    const found = await withPreviousFile(snapshot, analysis, options.previous, { settings: settingsOverride(options) });
    io.stderr(`Năm trước / last year (${options.previous}): ${found.previous.matched} đơn vị khớp / units matched\n`);
    analysis = found;
  }
  if (options.command === 'rank' && output !== null) {
    const { planResults } = await import('../core/results-plan');
    const plan = planResults(snapshot, analysis, { notices: options.notices === true });
    await writeResults(output, plan, io, options.json);
  }
  if (options.command === 'validate') {
    io.stdout(options.json ? JSON.stringify(validateJson(analysis), null, 2) + '\n' : validateText(analysis));
    return summarize(analysis.findings).errors > 0 ? EXIT_FINDINGS : EXIT_OK;
  }
  io.stdout(
    options.json ? JSON.stringify(rankJson(analysis), null, 2) + '\n' : rankText(analysis, { file: options.file }),
  );
  const rankedSomething = analysis.blocks.some((b) => b.units.length > 0);
  return rankedSomething ? EXIT_OK : EXIT_FINDINGS;
}

/**
 * Applies a plan to the input's package (only the parts the plan changes are rewritten; every other part is
 * copied as it is) and writes it whole to `output.path` (never a half-written file).
 */
async function writeResults(output: Output, plan: WritePlan, io: CliIO, quiet: boolean): Promise<void> {
  const { writeXlsxBytes } = await import('../workbook/xlsx-write');
  await writeXlsxBytes(await output.write.apply(plan), output.path);
  const lines = [
    ...plan.summary.map((s) => `• ${s.vi} / ${s.en}`),
    ...plan.findings.map((f) => `! ${f.sheet}: ${f.message}`),
    `Đã ghi / written: ${resolve(output.path)}`,
  ];
  // With --json, stdout is the JSON alone: the report goes to stderr.
  (quiet ? io.stderr : io.stdout)(lines.join('\n') + '\n\n');
}

function oneLine(text: string): string {
  return text.replace(/\s*\n\s*/g, ' ').trim();
}

/** Runs the command line; returns the exit code. Never throws. */
export async function run(argv: readonly string[], io: CliIO): Promise<number> {
  const debug = argv.includes('--debug');
  try {
    const parsed = parseCommandLine(argv);
    if (parsed.kind === 'help') {
      io.stdout(USAGE);
      return EXIT_OK;
    }
    if (parsed.kind === 'version') {
      io.stdout(`${packageVersion()}\n`);
      return EXIT_OK;
    }
    return await runCommand(parsed.options, io);
  } catch (err) {
    if (err instanceof UsageError) {
      io.stderr(`Lỗi: ${oneLine(err.messageVi)} (xem par-index --help) / Error: ${oneLine(err.messageEn)}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof WorkbookReadError) {
      io.stderr(`Lỗi: ${oneLine(err.messageVi)} / Error: ${oneLine(err.messageEn)}\n`);
      if (debug && err.cause instanceof Error && err.cause.stack) io.stderr(`${err.cause.stack}\n`);
      return EXIT_USAGE;
    }
    if (err instanceof BilingualError) {
      // A write that could not be made (protected sheet, file open in Excel…): nothing was written.
      io.stderr(`Lỗi: ${oneLine(err.messageVi)} / Error: ${oneLine(err.messageEn)}\n`);
      return EXIT_USAGE;
    }
    const message = err instanceof Error ? err.message : String(err);
    if (debug) {
      io.stderr(`Lỗi nội bộ / Internal error: ${err instanceof Error && err.stack ? err.stack : message}\n`);
    } else {
      io.stderr(`Lỗi nội bộ: ${oneLine(message)} (chi tiết: --debug) / Internal error (details: --debug)\n`);
    }
    return EXIT_USAGE;
  }
}

if (require.main === module) {
  // Output piped into `head` and closed early: stop quietly, not with a stack trace.
  process.stdout.on('error', (err: NodeJS.ErrnoException) => {
    if (err.code === 'EPIPE') process.exit(process.exitCode ?? EXIT_OK);
    else throw err;
  });
  run(process.argv.slice(2), {
    stdout: (text) => process.stdout.write(text),
    stderr: (text) => process.stderr.write(text),
  }).then(
    (code) => {
      // Out once stdout and stderr have drained (a large report into a pipe is written in full), without
      // waiting for V8's background work (compiling, collecting) that Node otherwise lets finish at exit.
      process.exitCode = code;
      process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
    },
    (err: unknown) => {
      process.stderr.write(`Lỗi nội bộ / Internal error: ${String(err)}\n`);
      process.exitCode = EXIT_USAGE;
    },
  );
}
