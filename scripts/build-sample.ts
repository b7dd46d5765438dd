// Writes samples/sample.xlsx, the sample province workbook (see scripts/sample-workbook.ts).
// Usage: npx tsx scripts/build-sample.ts
import fs from 'fs';
import path from 'path';
import { buildSampleWorkbook } from './sample-workbook';

async function main(): Promise<void> {
  const out = path.resolve(__dirname, '..', 'samples', 'sample.xlsx');
  fs.mkdirSync(path.dirname(out), { recursive: true });
  await buildSampleWorkbook().xlsx.writeFile(out);
  console.log(out);
}

main().catch((err: unknown) => {
  console.error(err);
  process.exitCode = 1;
});
