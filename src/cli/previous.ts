// `rank --previous LAST_YEAR.xlsx`: reads last year's workbook and gives the analysis last year's ranks
// (matching and findings in core/previous.ts). A file with no ranking table stops the run (nothing written).
import { basename } from 'path';
import { noRankingTable, readPreviousRanks, withPreviousRanks } from '../core/previous';
import type { Analysis, AnalyzeOptions, WorkbookSnapshot } from '../core/types';
import { BilingualError } from '../workbook/errors';

export async function withPreviousFile(
  snapshot: WorkbookSnapshot,
  analysis: Analysis,
  file: string,
  options: AnalyzeOptions,
): Promise<Analysis & { previous: { matched: number } }> {
  const { readXlsxFile } = await import('../workbook/xlsx-file');
  const read = await readXlsxFile(file);
  const entries = readPreviousRanks(read.snapshot);
  if (entries.length === 0) {
    const message = noRankingTable(file);
    throw new BilingualError(message.vi, message.en);
  }
  return withPreviousRanks(snapshot, analysis, entries, basename(file), options);
}
