// Renders the generated ranking sheet of the bundled sample to docs/ranking.png (LibreOffice → PDF → PNG),
// from the real output of `par-index rank --out`. Run: npx tsx scripts/render-readme-picture.ts
import path from 'path';
import { renderSheetPng } from '../test/helpers/libreoffice';
import { tempDir, writeResults } from '../test/helpers/results-check';

async function main(): Promise<void> {
  const root = path.resolve(__dirname, '..');
  const out = path.join(tempDir(), 'sample-results.xlsx');
  const { plan } = await writeResults(path.join(root, 'samples', 'sample.xlsx'), out);
  const png = path.join(root, 'docs', 'ranking.png');
  await renderSheetPng(out, plan.names.ranking[0], png);
  console.log(png);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
