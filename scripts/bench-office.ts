// Bench of the Office.js adapter on the simulated host: writing the results of 100 and 1,000 unit sheets,
// with the requests (syncs) it takes, their bytes as Excel on the web counts them (UTF-8), and the time the
// simulated write takes (what the adapter and the simulation spend; Excel's own time and the network are not
// in it, which is why the syncs are reported: each is one round trip to Excel). Part of `npm run bench`.
import { performance } from 'perf_hooks';
import { analyzeWorkbook } from '../src/core/analyze';
import { planResults } from '../src/core/results-plan';
import { createSimulatedExcel } from '../src/harness/simulated-excel';
import { applyPlanOffice } from '../src/workbook/office-apply';
import { readXlsxPackage } from '../src/workbook/xlsx-package/read-workbook';
import { benchWorkbook } from './bench-workbook';

const CRITERIA = 40;
const SIZES = [100, 1000];
/** What issue 10 asks of 1,000 sheets. */
const MAX_SYNCS_AT_1000 = 15;

interface Row {
  units: number;
  ops: number;
  syncs: number;
  writeRequests: number;
  megabytes: number;
  largestKB: number;
  ms: number;
}

async function measure(units: number): Promise<Row> {
  const snapshot = readXlsxPackage(benchWorkbook(units, CRITERIA));
  const plan = planResults(snapshot, analyzeWorkbook(snapshot));
  const sim = createSimulatedExcel(snapshot);
  const start = performance.now();
  const result = await sim.Excel.run((context) => applyPlanOffice(context, plan, { isSetSupported: () => true }));
  const ms = performance.now() - start;
  const requests = sim.requests();
  if (requests.some((r) => r.failed) || result.warnings.length > 0)
    throw new Error(`${units} units: a request failed or a warning was given`);
  const bytes = requests.reduce((n, r) => n + r.requestBytes, 0);
  return {
    units,
    ops: plan.ops.length,
    syncs: result.syncs,
    writeRequests: result.chunks,
    megabytes: Math.round((bytes / 1024 / 1024) * 10) / 10,
    largestKB: Math.round(Math.max(...requests.map((r) => r.requestBytes)) / 1024),
    ms: Math.round(ms),
  };
}

export async function benchOffice(): Promise<void> {
  console.log(`\nOffice.js adapter on the simulated host: writing the results (${CRITERIA} criteria per unit sheet)`);
  const rows: Row[] = [];
  for (const units of SIZES) rows.push(await measure(units));
  console.table(rows);
  const [small, large] = rows;
  const growth = large.ms / small.ms;
  console.log(
    `syncs: ${small.syncs} → ${large.syncs} for ${large.units / small.units}× the sheets; simulated time ×${growth.toFixed(1)}`,
  );
  if (large.syncs > MAX_SYNCS_AT_1000) console.log(`  over the ${MAX_SYNCS_AT_1000} syncs asked at 1,000 sheets`);
}

if (require.main === module) {
  benchOffice().catch((err: unknown) => {
    console.error(err);
    process.exitCode = 1;
  });
}
