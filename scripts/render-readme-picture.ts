// Renders the generated ranking sheet of the bundled sample as it prints (its own page setup: A4 landscape,
// one page wide) to docs/ranking.png, and the findings sheet's list to docs/print-findings.png (LibreOffice
// → PDF → PNG), from the real output of `par-index rank --out`. Run: npx tsx scripts/render-readme-picture.ts
import fs from 'fs';
import path from 'path';
import { pdfPagePng, printPdf } from '../test/helpers/libreoffice';
import { onlySheet } from '../test/helpers/print';
import { tempDir, writeResults } from '../test/helpers/results-check';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const out = path.join(tempDir(), 'sample-results.xlsx');
  const { plan } = await writeResults(path.join(root, 'samples', 'sample.xlsx'), out);
  const bytes = fs.readFileSync(out);
  const ranking = path.join(root, 'docs', 'ranking.png');
  await pdfPagePng(await printPdf(onlySheet(bytes, plan.names.ranking[0])), 1, ranking, 110);
  const findings = path.join(root, 'docs', 'print-findings.png');
  await pdfPagePng(await printPdf(onlySheet(bytes, plan.names.findings)), 2, findings, 80);
  console.log(ranking, findings);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
