// `npm run bench`: speed and memory as ratios against a reference measured in the same run (these machines are
// noisy; absolute times mean little). For each size (default 300 and 1,000 unit sheets × 150 criteria):
//   rank --json ÷ a bare ExcelJS load of the same file (time and peak memory), rank --out ÷ rank --json (time),
// then one workbook of 5,000 unit sheets ranked (peak memory), and the engine's cells/s on a snapshot in memory.
// Options: --sizes 300,1000  --huge 5000 (0 skips it)  --criteria 150  --runs 5 (this machine's spread from one
// stretch of minutes to the next is wider than the margins: five interleaved rounds, not three).
import { spawnSync } from 'child_process';
import v8 from 'v8';
import vm from 'vm';
import fs from 'fs';
import os from 'os';
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { benchWorkbook } from './bench-workbook';

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

const SIZES = arg('sizes', '300,1000').split(',').map(Number);
const HUGE = Number(arg('huge', '5000'));
const CRITERIA = Number(arg('criteria', '150'));
const RUNS = Number(arg('runs', '5'));
const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'bench-out');
const CLI = path.join(ROOT, 'dist/cli/main.js');
const PEAK_PRELOAD = path.join(__dirname, 'bench-peak.js');
const MiB = 2 ** 20;

function benchFile(units: number): string {
  const file = path.join(OUT_DIR, `bench-${units}x${CRITERIA}.xlsx`);
  if (!fs.existsSync(file)) {
    fs.mkdirSync(OUT_DIR, { recursive: true });
    const t0 = Date.now();
    fs.writeFileSync(file, benchWorkbook(units, CRITERIA));
    const mib = (fs.statSync(file).size / MiB).toFixed(1);
    console.log(`built ${path.relative(ROOT, file)} (${mib} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return file;
}

interface Measure {
  ms: number;
  peak: number;
}

/** Runs node with `args` in a fresh process; its wall time and its peak resident memory. */
function measure(args: string[]): Measure {
  const peakFile = path.join(OUT_DIR, `peak-${process.pid}.txt`);
  fs.rmSync(peakFile, { force: true });
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, ['-r', PEAK_PRELOAD, ...args], {
    cwd: ROOT,
    stdio: ['ignore', 'ignore', 'pipe'],
    env: { ...process.env, BENCH_PEAK_FILE: peakFile },
    maxBuffer: 1 << 30,
  });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0) throw new Error(`node ${args.join(' ')} failed (${r.status}): ${r.stderr?.toString()}`);
  return { ms, peak: Number(fs.readFileSync(peakFile, 'utf8')) };
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const mib = (bytes: number) => `${(bytes / MiB).toFixed(0)} MiB`;
const verdict = (ok: boolean) => (ok ? 'ok' : 'MISSED');

function bareExcelJS(file: string): string[] {
  return ['-e', `const E=require('exceljs');new E.Workbook().xlsx.readFile(${JSON.stringify(file)}).then(()=>{})`];
}

function compareAtSize(units: number): void {
  const file = benchFile(units);
  const out = path.join(OUT_DIR, `ranked-${units}.xlsx`);
  const bare: Measure[] = [];
  const json: Measure[] = [];
  const write: Measure[] = [];
  for (let i = 0; i < RUNS; i++) {
    // Interleaved, so that a slow stretch of the machine weighs on each the same.
    bare.push(measure(bareExcelJS(file)));
    json.push(measure([CLI, 'rank', file, '--json']));
    write.push(measure([CLI, 'rank', file, '--json', '--out', out]));
  }
  const [b, j, w] = [bare, json, write].map((m) => median(m.map((x) => x.ms)));
  const [bp, jp, wp] = [bare, json, write].map((m) => Math.max(...m.map((x) => x.peak)));
  console.log(`\n${units} unit sheets (medians of ${RUNS}; peaks the highest):`);
  console.log(`  bare ExcelJS load    ${(b / 1000).toFixed(2)} s, peak ${mib(bp)}`);
  console.log(`  rank --json          ${(j / 1000).toFixed(2)} s, peak ${mib(jp)}`);
  console.log(`  rank --out           ${(w / 1000).toFixed(2)} s, peak ${mib(wp)}`);
  console.log(`  rank --json ÷ bare ExcelJS load: ${(j / b).toFixed(2)}  [target ≤ 0.5] ${verdict(j / b <= 0.5)}`);
  console.log(`  rank --out ÷ rank --json:        ${(w / j).toFixed(2)}  [target ≤ 2.0] ${verdict(w / j <= 2)}`);
  console.log(`  peak memory rank --json ÷ bare:  ${(jp / bp).toFixed(2)}  [target ≤ 0.6] ${verdict(jp / bp <= 0.6)}`);
}

function huge(units: number): void {
  const file = benchFile(units);
  const json = measure([CLI, 'rank', file, '--json']);
  console.log(`\n${units.toLocaleString('en')} unit sheets:`);
  const peak = `peak ${mib(json.peak)}  [target < 1 GiB] ${verdict(json.peak < 2 ** 30)}`;
  console.log(`  rank --json ${(json.ms / 1000).toFixed(1)} s, ${peak}`);
  try {
    const write = measure([CLI, 'rank', file, '--json', '--out', path.join(OUT_DIR, `ranked-${units}.xlsx`)]);
    console.log(`  rank --out  ${(write.ms / 1000).toFixed(1)} s, peak ${mib(write.peak)}`);
  } catch (err) {
    // A block wider than the calculation sheet's columns is refused whole, with the reason: say it, go on.
    console.log(`  rank --out  refused: ${String(err).split('\n')[0].slice(0, 300)}`);
  }
}

// The engine's runs start from a collected heap: what the reader left is not the engine's work.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

function engineThroughput(units: number): void {
  const snapshot = readXlsxPackage(fs.readFileSync(benchFile(units)));
  const cells = snapshot.sheets.reduce((s, sh) => s + sh.rows.reduce((t, r) => t + (r ? r.length : 0), 0), 0);
  analyzeWorkbook(snapshot); // warm-up
  const times: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const t0 = process.hrtime.bigint();
    const a = analyzeWorkbook(snapshot);
    times.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (a.blocks[0]?.units.length !== units)
      throw new Error(`expected ${units} units, got ${a.blocks[0]?.units.length}`);
  }
  const ms = median(times);
  const rate = Math.round(cells / (ms / 1000));
  console.log(
    `\nengine: ${cells.toLocaleString('en')} cells in ${ms.toFixed(0)} ms = ${rate.toLocaleString('en')} cells/s  [target ≥ 1,000,000] ${verdict(rate >= 1e6)}`,
  );
}

function main(): void {
  const cpu = os.cpus()[0]?.model ?? '?';
  console.log(
    `machine: ${os.cpus().length} × ${cpu}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  if (!fs.existsSync(CLI)) throw new Error(`${CLI} is missing: npm run bench builds it first`);
  for (const units of SIZES) compareAtSize(units);
  if (HUGE > 0) huge(HUGE);
  engineThroughput(Math.max(...SIZES));
}

main();
