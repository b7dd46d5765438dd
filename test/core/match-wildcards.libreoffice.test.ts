// MATCH reads `*`, `?` and `~` in its lookup value as wildcards (Excel, and LibreOffice in an .xlsx file): a
// score cell of `*` matched every "not applicable" marker, an evidence cell of `*` every placeholder. The live
// formulas compare with `=` instead (listHoldsFormula); recalculated in LibreOffice, each cell is a marker or a
// placeholder exactly where the engine says so, an error value neither.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import ExcelJS from 'exceljs';
import { makeMarkerSet, readScoreCell } from '../../src/core/cells';
import { placeholderForms } from '../../src/core/rules/evidence';
import { isNaMarkerFormula, naMarkerForms } from '../../src/core/rules/not-applicable';
import { defaultSettings } from '../../src/core/settings';
import { listHoldsFormula } from '../../src/core/text';
import { cellText, recalculate, requireLibreOffice } from '../helpers/libreoffice';

const CELLS = [
  '*',
  '?',
  '??',
  '~',
  'K*',
  'K?D',
  '*KAD',
  'N/?',
  'KAD',
  'kad',
  ' N/A ',
  'Không áp dụng',
  'x',
  '-',
  'x*',
  '10',
];
// A user's own marker and placeholder with a wildcard character in them match only themselves.
const NA_MARKERS = [...defaultSettings().naMarkers, 'K?D'];
const PLACEHOLDERS = [...defaultSettings().placeholderEvidence, 'x*'];

test('"not applicable" markers and evidence placeholders: the formula matches exactly what the engine reads', async () => {
  requireLibreOffice();
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('S');
  const markers = naMarkerForms(NA_MARKERS);
  const placeholders = placeholderForms(PLACEHOLDERS);
  markers.forEach((m, i) => (ws.getCell(i + 1, 1).value = m));
  placeholders.forEach((p, i) => (ws.getCell(i + 1, 2).value = p));
  const markerRange = `$A$1:$A$${markers.length}`;
  const placeholderRange = `$B$1:$B$${placeholders.length}`;
  CELLS.forEach((text, i) => {
    const r = i + 1;
    ws.getCell(r, 4).value = text;
    ws.getCell(r, 5).value = { formula: isNaMarkerFormula(`D${r}`, markerRange) };
    ws.getCell(r, 6).value = { formula: listHoldsFormula(`TRIM(D${r})`, placeholderRange) };
  });
  // An error value in the cell: neither a marker nor a placeholder (the engine counts it 0, not N/A).
  const errorRow = CELLS.length + 1;
  ws.getCell(errorRow, 4).value = { formula: 'NA()' };
  ws.getCell(errorRow, 5).value = { formula: isNaMarkerFormula(`D${errorRow}`, markerRange) };
  ws.getCell(errorRow, 6).value = { formula: listHoldsFormula(`TRIM(D${errorRow})`, placeholderRange) };
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'match-wildcards-'));
  try {
    const file = path.join(dir, 'book.xlsx');
    await wb.xlsx.writeFile(file);
    const grid = (await recalculate(file)).get('S');
    if (!grid) throw new Error('sheet S not recalculated');
    const naSet = makeMarkerSet(NA_MARKERS);
    const placeholderSet = makeMarkerSet(PLACEHOLDERS);
    const live = CELLS.map((text, i) => [text, cellText(grid, `E${i + 1}`), cellText(grid, `F${i + 1}`)]);
    const engine = CELLS.map((text) => [
      text,
      String(readScoreCell(text, naSet).kind === 'na').toUpperCase(),
      String(placeholderSet.has(text.trim())).toUpperCase(),
    ]);
    expect(live).toEqual(engine);
    expect([cellText(grid, `E${errorRow}`), cellText(grid, `F${errorRow}`)]).toEqual(['FALSE', 'FALSE']);
    // The cells the fix is about: no wildcard matches anything but itself.
    expect(live.filter(([t]) => ['*', '?', '??', '~', 'K*', '*KAD', 'N/?'].includes(t))).toEqual(
      ['*', '?', '??', '~', 'K*', '*KAD', 'N/?'].map((t) => [t, 'FALSE', 'FALSE']),
    );
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
});
