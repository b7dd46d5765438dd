// Renders one page of the appraisal notices (rank --out --notices) of the sample, with a council's comment column
// added (test/helpers/notices-sample.ts), to docs/notice.png: the first unit whose notice lists a criterion the
// council found not applicable. LibreOffice prints the sheet on its own page setup. Run:
// npx tsx scripts/render-notice-picture.ts
import path from 'path';
import { analyzeWorkbook } from '../src/core/analyze';
import { appraisalNotices } from '../src/core/notices';
import { NOTICES_SHEET_NAME } from '../src/core/notices-sheet';
import { planResults } from '../src/core/results-plan';
import { readXlsxBytes } from '../src/workbook/xlsx-file';
import { applyPlanToPackage } from '../src/workbook/xlsx-package/apply-plan';
import { pdfPagePng, pdfPages, printPdf } from '../test/helpers/libreoffice';
import { sampleWithComments } from '../test/helpers/notices-sample';
import { onlySheet } from '../test/helpers/print';

async function main(): Promise<void> {
  const input = await sampleWithComments();
  const snapshot = readXlsxBytes(input);
  const analysis = analyzeWorkbook(snapshot);
  const output = applyPlanToPackage(input, planResults(snapshot, analysis, { notices: true }));
  const notices = appraisalNotices(snapshot, analysis).notices;
  const shown = notices.find((n) => n.notApplicable.length > 0) ?? notices[0];
  const pdf = await printPdf(onlySheet(output, NOTICES_SHEET_NAME));
  const page = (await pdfPages(pdf)).findIndex((p) => p.text.includes(`Kính gửi: ${shown.unit}`));
  if (page < 0) throw new Error(`no printed page addresses ${shown.unit}`);
  const png = path.join(__dirname, '..', 'docs', 'notice.png');
  await pdfPagePng(pdf, page + 1, png, 80);
  console.log(png);
}

main().catch((e) => {
  console.error(e);
  process.exit(1);
});
