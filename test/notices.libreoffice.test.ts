// The appraisal notices as a secretariat prints them: LibreOffice prints the notices sheet of the sample (with a
// council's comment column) on its own page setup; each unit starts a new A4 portrait page, no page holds two.
import { analyzeWorkbook } from '../src/core/analyze';
import { appraisalNotices } from '../src/core/notices';
import { NOTICES_SHEET_NAME } from '../src/core/notices-sheet';
import { planResults } from '../src/core/results-plan';
import { readXlsxBytes } from '../src/workbook/xlsx-file';
import { applyPlanToPackage } from '../src/workbook/xlsx-package/apply-plan';
import { pdfPages, printPdf, requireLibreOffice } from './helpers/libreoffice';
import { commentFor, sampleWithComments } from './helpers/notices-sample';
import { onlySheet } from './helpers/print';

const isA4Portrait = (p: { width: number; height: number }) =>
  Math.abs(p.width - 595.3) < 1 && Math.abs(p.height - 841.89) < 1;

test('one A4 portrait page (or more) per unit, in rank order, each starting with its unit and carrying its comments', async () => {
  requireLibreOffice();
  const input = await sampleWithComments();
  const snapshot = readXlsxBytes(input);
  const analysis = analyzeWorkbook(snapshot);
  const output = applyPlanToPackage(input, planResults(snapshot, analysis, { notices: true }));
  const pages = await pdfPages(await printPdf(onlySheet(output, NOTICES_SHEET_NAME)));
  expect(pages.every(isA4Portrait)).toBe(true);
  const units = analysis.blocks.flatMap((b) => b.units);
  const addressed = pages.map((p) => [...p.text.matchAll(/Kính gửi: (.+)/g)].map((m) => m[1].trim()));
  // A page addresses at most one unit, and the units come in rank order, each once.
  expect(addressed.every((a) => a.length <= 1)).toBe(true);
  expect(addressed.flat()).toEqual(units.map((u) => u.unit));
  // The first unit's first changed criterion is printed with the start of its comment (the rest wraps).
  const first = pages.find((p) => p.text.includes(`Kính gửi: ${units[0].unit}`))!;
  const changed = appraisalNotices(snapshot, analysis).notices[0].changed[0];
  expect(first.text).toContain(changed.key);
  expect(commentFor(units[0].sheet, changed.key)).toMatch(/^HĐTĐ về /);
  expect(first.text).toContain(`HĐTĐ về ${changed.key}`);
  expect(first.text).toContain('CHỦ TỊCH');
});
