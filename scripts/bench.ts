// `npm run bench`: the engine's throughput and the command line's total time on a synthetic workbook of
// 1,000 unit sheets × 150 criteria, next to a bare ExcelJS load of the same file.
// Options: --units N (default 1000), --criteria N (default 150), --runs N (default 3).
import { spawnSync } from 'child_process';
import v8 from 'v8';
import vm from 'vm';
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../src/core/analyze';
import { snapshotFromExcelJS } from '../src/workbook/exceljs-snapshot';
import { mulberry32 } from './sample-workbook';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const UNITS = arg('units', 1000);
const CRITERIA = arg('criteria', 150);
const RUNS = arg('runs', 3);
const ROOT = path.resolve(__dirname, '..');
const OUT_DIR = path.join(ROOT, 'bench-out');
const FILE = path.join(OUT_DIR, `bench-${UNITS}x${CRITERIA}.xlsx`);

/** 10 areas, each with criteria `k` and sub-criteria `k.j`: CRITERIA leaves in all, maxima summing to 100. */
function criteriaRows(): { code: string; name: string; max: number; leaf: boolean }[] {
  const areas = 10;
  const perArea = Math.max(1, Math.round(CRITERIA / areas));
  const rows: { code: string; name: string; max: number; leaf: boolean }[] = [];
  const leafMax = 100 / (areas * perArea);
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  for (let a = 0; a < areas; a++) {
    rows.push({
      code: roman[a],
      name: `Lĩnh vực ${a + 1}: cải cách hành chính nội dung ${a + 1}`,
      max: leafMax * perArea,
      leaf: false,
    });
    for (let c = 1; c <= perArea; c++)
      rows.push({
        code: String(c),
        name: `Tiêu chí ${a + 1}.${c}: thực hiện nhiệm vụ được giao đúng hạn`,
        max: leafMax,
        leaf: true,
      });
  }
  return rows;
}

async function buildBenchWorkbook(): Promise<void> {
  const rows = criteriaRows();
  const wb = new ExcelJS.Workbook();
  const tpl = wb.addWorksheet('Bộ tiêu chí');
  tpl.addRow(['BỘ TIÊU CHÍ']);
  tpl.addRow(['STT', 'Nội dung', 'Điểm tối đa']);
  for (const r of rows) tpl.addRow([r.code, r.name, r.max]);
  tpl.addRow([null, 'Tổng điểm', 100]);
  const rand = mulberry32(2026);
  for (let u = 1; u <= UNITS; u++) {
    const ws = wb.addWorksheet(`Đơn vị ${u}`);
    ws.addRow(['BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC']);
    ws.addRow([`Đơn vị: Đơn vị số ${u}`]);
    ws.addRow([
      'STT',
      'Lĩnh vực, tiêu chí',
      'Điểm tối đa',
      'Điểm tự đánh giá',
      'Điểm thẩm định',
      'Tài liệu kiểm chứng',
      'Giải trình',
    ]);
    for (const r of rows) {
      if (!r.leaf) {
        ws.addRow([r.code, r.name, r.max]);
        continue;
      }
      const self = Math.round(r.max * (0.5 + rand() * 0.5) * 100) / 100;
      const appraised = Math.round(self * (0.85 + rand() * 0.15) * 100) / 100;
      ws.addRow([r.code, r.name, r.max, self, appraised, `Báo cáo số ${u}/BC-UBND ngày 15/12/2024`, null]);
    }
  }
  fs.mkdirSync(OUT_DIR, { recursive: true });
  await wb.xlsx.writeFile(FILE);
}

function timeCommand(args: string[]): number {
  const t0 = process.hrtime.bigint();
  const r = spawnSync(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'ignore', 'pipe'], maxBuffer: 1 << 30 });
  const ms = Number(process.hrtime.bigint() - t0) / 1e6;
  if (r.status !== 0 && r.status !== 1)
    throw new Error(`${args.join(' ')} failed (${r.status}): ${r.stderr?.toString()}`);
  return ms;
}

async function loadSnapshot() {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(FILE);
  return snapshotFromExcelJS(wb);
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

// The engine's runs start from a collected heap: the released ExcelJS model (hundreds of MB) is ExcelJS's
// garbage, not the engine's work. The command line's timing below includes everything.
v8.setFlagsFromString('--expose-gc');
const collectGarbage = vm.runInNewContext('gc') as () => void;

async function main(): Promise<void> {
  console.log(
    `Máy / machine: ${os.cpus().length} × ${os.cpus()[0]?.model ?? '?'}, ${Math.round(os.totalmem() / 2 ** 30)} GiB, Node ${process.version}`,
  );
  if (!fs.existsSync(FILE)) {
    const t0 = Date.now();
    await buildBenchWorkbook();
    console.log(
      `built ${path.relative(ROOT, FILE)} (${(fs.statSync(FILE).size / 2 ** 20).toFixed(1)} MiB) in ${((Date.now() - t0) / 1000).toFixed(1)} s`,
    );
  }

  // Engine alone, on a snapshot already in memory (the ExcelJS model released, as the command line does).
  const snapshot = await loadSnapshot();
  const cells = snapshot.sheets.reduce((s, sh) => s + sh.rows.reduce((t, r) => t + (r ? r.length : 0), 0), 0);
  collectGarbage();
  analyzeWorkbook(snapshot); // warm-up
  const engineMs: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    collectGarbage();
    const t0 = process.hrtime.bigint();
    const a = analyzeWorkbook(snapshot);
    engineMs.push(Number(process.hrtime.bigint() - t0) / 1e6);
    if (a.blocks[0]?.units.length !== UNITS)
      throw new Error(`expected ${UNITS} units, got ${a.blocks[0]?.units.length}`);
  }
  const engine = median(engineMs);
  console.log(
    `engine: ${cells.toLocaleString('en')} cells in ${engine.toFixed(0)} ms (median of ${RUNS}) = ${Math.round(cells / (engine / 1000)).toLocaleString('en')} cells/s  [target ≥ 1,000,000]`,
  );

  // Whole processes: a bare ExcelJS load against `par-index rank`, both from a cold node.
  const bareScript = `const E=require('exceljs');new E.Workbook().xlsx.readFile(${JSON.stringify(FILE)}).then(()=>{})`;
  const bare: number[] = [];
  const cli: number[] = [];
  for (let i = 0; i < RUNS; i++) {
    bare.push(timeCommand(['-e', bareScript]));
    cli.push(timeCommand([path.join(ROOT, 'dist/cli/main.js'), 'rank', FILE, '--json']));
  }
  const b = median(bare);
  const c = median(cli);
  console.log(
    `bare ExcelJS load: ${(b / 1000).toFixed(2)} s; par-index rank --json: ${(c / 1000).toFixed(2)} s; ratio ${(c / b).toFixed(2)}  [target ≤ 1.30] (medians of ${RUNS})`,
  );
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
