// The sample with a council's comment column: `Nhận xét của Hội đồng` in column H of every unit sheet, a comment
// on every criterion row (the bundled sample has none). Shared by the notices suites and the README picture.
import { analyzeWorkbook } from '../../src/core/analyze';
import { readXlsxBytes } from '../../src/workbook/xlsx-file';
import { workbookToBuffer } from '../../src/workbook/xlsx-write';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';

export const COMMENT_HEADER = 'Nhận xét của Hội đồng';

export const commentFor = (sheet: string, key: string) => `HĐTĐ về ${key} của ${sheet}: đối chiếu tài liệu kiểm chứng`;

export async function sampleWithComments(): Promise<Buffer> {
  const wb = buildSampleWorkbook();
  const plain = readXlsxBytes(await workbookToBuffer(wb));
  for (const reading of analyzeWorkbook(plain).sheets) {
    if (reading.role !== 'unit' || !reading.layout || !reading.tree) continue;
    const ws = wb.getWorksheet(reading.sheet)!;
    ws.getCell(reading.layout.headerTop + 1, 8).value = COMMENT_HEADER;
    for (const row of reading.tree.rows) ws.getCell(row.row + 1, 8).value = commentFor(reading.sheet, row.key);
  }
  return workbookToBuffer(wb);
}
