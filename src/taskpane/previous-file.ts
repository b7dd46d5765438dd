// Last year's results file picked in the pane, read in the browser. The package reader needs Node's zlib, so
// this uses ExcelJS's browser build; the pane imports this module lazily, so ExcelJS is a chunk of its own,
// fetched only when a file is picked.
import ExcelJS from 'exceljs';
import { noRankingTable, readPreviousRanks, type PreviousRank } from '../core/previous';
import { BilingualError } from '../workbook/errors';
import { snapshotFromExcelJS } from '../workbook/exceljs-snapshot';

/** Every unit's rank in last year's workbook; a file that is not .xlsx, or holds no ranking table, is refused. */
export async function readPreviousFile(bytes: ArrayBuffer, file: string): Promise<PreviousRank[]> {
  const wb = new ExcelJS.Workbook();
  try {
    await wb.xlsx.load(bytes);
  } catch (e) {
    throw new BilingualError(
      `Không đọc được "${file}" như một tệp Excel .xlsx`,
      `"${file}" cannot be read as an Excel .xlsx file`,
      e,
    );
  }
  const entries = readPreviousRanks(snapshotFromExcelJS(wb));
  if (entries.length === 0) {
    const message = noRankingTable(file);
    throw new BilingualError(message.vi, message.en);
  }
  return entries;
}

/** A picked file's bytes (FileReader where Blob.arrayBuffer is missing, as in older webviews). */
export function fileBytes(file: Blob): Promise<ArrayBuffer> {
  if (typeof file.arrayBuffer === 'function') return file.arrayBuffer();
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onload = () => resolve(reader.result as ArrayBuffer);
    reader.onerror = () => reject(reader.error);
    reader.readAsArrayBuffer(file);
  });
}
