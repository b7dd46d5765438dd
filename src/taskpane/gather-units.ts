// `gather` in the pane: the units' workbooks (read by unit-files.ts) brought into the open workbook through the
// host. The decisions are core/gather-plan.ts's, the same as the command line's: the host only copies the
// sheets it is given (WorkbookHost.gatherSheets) and writes the `Danh sách nộp` listing as a plan.
import { checkGathered, decideGather, type GatherDecision, type GatherEntry } from '../core/gather-plan';
import type { Finding, Settings } from '../core/types';
import type { ProgressCallback, SheetCopy, WorkbookHost } from './host';
import type { UnitFile } from './unit-files';

export interface GatherSummary {
  entries: GatherEntry[];
  /** The gather's findings, then the engine's on the units gathered or already there. */
  findings: Finding[];
  /** Steps that did not take while writing (the sheets are in all the same). */
  warnings: { vi: string; en: string }[];
}

/** The sheets the decision copies, each with its file (as base64) and its content cell by cell. */
export function sheetCopies(decision: GatherDecision, files: readonly UnitFile[]): SheetCopy[] {
  return decision.copies.map((c) => {
    const file = files[c.fileIndex];
    return {
      base64: file.base64,
      source: c.source,
      target: c.target,
      replace: c.replace,
      content: file.content(c.source),
    };
  });
}

export async function gatherUnits(
  host: WorkbookHost,
  files: readonly UnitFile[],
  settings: Partial<Settings> | undefined,
  onProgress?: ProgressCallback,
): Promise<GatherSummary> {
  const master = await host.readSnapshot();
  const decision = decideGather(master, files, { settings });
  const warnings: GatherSummary['warnings'] = [];
  if (decision.copies.length > 0) {
    const copies = sheetCopies(decision, files);
    warnings.push(...(await host.gatherSheets(copies, onProgress)).warnings);
  }
  const result = decision.copies.length > 0 ? await host.readSnapshot() : master;
  const check = checkGathered(decision, result, { settings });
  if (check.listingOps !== null)
    warnings.push(...(await host.apply({ ops: check.listingOps, summary: [], findings: [] })).warnings);
  return { entries: decision.entries, findings: check.findings, warnings };
}
