// Units' sheets brought into the open workbook through Office.js (`gather` in the pane; what to copy is decided
// by core/gather-plan.ts). With ExcelApi 1.13, each sheet is inserted from its file
// (`Workbook.insertWorksheetsFromBase64`: Excel copies the sheet whole, formats and all), the files packed into
// requests under the byte budget; a file larger than one request, or a host without 1.13, gets a cell-by-cell
// copy instead (values and formulas, number formats, merges, column widths) carried out by the plan adapter
// (office-apply.ts: checked first, batched under the budget). Excel names an inserted sheet after its source
// (`Sheet1 (2)` when taken) and returns its id: every new sheet is then renamed by id, in one last request,
// first to a name of its own, then (after the sheets it replaces are deleted) to its target. So a replaced
// unit's sheet is deleted only once its copy is in the workbook, and the renames never clash.
import { sheetContentOps } from '../core/sheet-content';
import type { WriteOp } from '../core/plan-types';
import { freeSheetName } from '../core/sheet-names';
import { applyPlanOffice } from './office-apply';
import { OfficeAdapterError } from './office-errors';
import { DEFAULT_MAX_REQUEST_BYTES, defaultIsSetSupported } from './office-read';
import type { GatherSheetsOutcome, SheetCopy } from './workbook-host';

export interface GatherOfficeOptions {
  /** Byte budget of one request; default 4 MB, under the 5 MB limit of Excel on the web. */
  maxRequestBytes?: number;
  /** `Office.context.requirements.isSetSupported`, injectable; sheets are inserted from files with ExcelApi 1.13. */
  isSetSupported?: (name: string, version: string) => boolean;
  onProgress?: (done: number, total: number) => void;
}

const READING = { vi: 'đọc danh sách trang tính', en: 'reading the list of sheets' };
const INSERTING = { vi: 'chèn trang của đơn vị từ tệp', en: "inserting the units' sheets from their files" };
const NAMING = { vi: 'đặt tên các trang vừa thu thập', en: 'naming the gathered sheets' };

/** Sends the queued calls; a failure is said as the step `during`. */
async function send(context: Excel.RequestContext, during: { vi: string; en: string }): Promise<void> {
  try {
    await context.sync();
  } catch (err) {
    throw new OfficeAdapterError(err, during);
  }
}

/**
 * Copies `copies` into the workbook of `context`. Throws OfficeAdapterError (or the plan adapter's
 * PlanApplyError) when Excel refuses; the sheets inserted by then are deleted again where Excel lets us.
 */
export async function gatherSheetsOffice(
  context: Excel.RequestContext,
  copies: readonly SheetCopy[],
  opts: GatherOfficeOptions = {},
): Promise<GatherSheetsOutcome> {
  const budget = Math.max(1, opts.maxRequestBytes ?? DEFAULT_MAX_REQUEST_BYTES);
  const canInsert = (opts.isSetSupported ?? defaultIsSetSupported)('ExcelApi', '1.13');
  const byInsert = copies.filter((c) => canInsert && c.base64.length <= budget);
  const byCell = copies.filter((c) => !byInsert.includes(c));
  const total = copies.length + 1;
  opts.onProgress?.(0, total);

  const sheets = context.workbook.worksheets;
  sheets.load('items/name');
  await send(context, READING);
  const taken = sheets.items.map((s) => s.name);
  const reserve = (wanted: string): string => {
    const name = freeSheetName(wanted, [...taken, ...copies.map((c) => c.target)]);
    taken.push(name);
    return name;
  };

  // 1. Copied cell by cell (first: the sheets Excel inserts next take other names than these): a new sheet
  // under its target name, or a name of its own while it replaces one.
  const temporary = new Map<SheetCopy, string>();
  const warnings: GatherSheetsOutcome['warnings'] = [];
  if (byCell.length > 0) {
    const ops: WriteOp[] = [];
    for (const copy of byCell) {
      const name = copy.replace ? reserve(`~${temporary.size + 1} ${copy.target}`) : copy.target;
      if (copy.replace) temporary.set(copy, name);
      ops.push(...sheetContentOps(name, copy.content));
    }
    const written = await applyPlanOffice(
      context,
      { ops, summary: [], findings: [] },
      {
        maxRequestBytes: budget,
        isSetSupported: opts.isSetSupported,
        onProgress: (d, t) => opts.onProgress?.(t > 0 ? (byCell.length * d) / t : 0, total),
      },
    );
    warnings.push(...written.warnings);
  }

  // 2. Inserted from their files, as many files in a request as the budget takes.
  const inserted: { copy: SheetCopy; id: string }[] = [];
  let done = byCell.length;
  try {
    for (let i = 0; i < byInsert.length;) {
      const batch: { copy: SheetCopy; ids: OfficeExtension.ClientResult<string[]> }[] = [];
      let bytes = 0;
      while (i < byInsert.length && (batch.length === 0 || bytes + byInsert[i].base64.length <= budget)) {
        const copy = byInsert[i++];
        bytes += copy.base64.length;
        const ids = context.workbook.insertWorksheetsFromBase64(copy.base64, {
          sheetNamesToInsert: [copy.source],
          positionType: 'End',
        });
        batch.push({ copy, ids });
      }
      await send(context, INSERTING);
      for (const { copy, ids } of batch) inserted.push({ copy, id: ids.value[0] });
      done += batch.length;
      opts.onProgress?.(done, total);
    }
  } catch (err) {
    await removeInserted(
      context,
      inserted.map((s) => s.id),
    );
    throw err;
  }

  // 3. One request: the inserted sheets to names of their own, the replaced sheets deleted, then every new
  // sheet to its target.
  const own = inserted.map(({ copy, id }, i) => {
    const name = reserve(`~${temporary.size + i + 1} ${copy.target}`);
    sheets.getItem(id).name = name;
    return { copy, name };
  });
  for (const copy of copies) if (copy.replace) sheets.getItem(copy.target).delete();
  for (const { copy, name } of own) sheets.getItem(name).name = copy.target;
  for (const [copy, name] of temporary) sheets.getItem(name).name = copy.target;
  await send(context, NAMING);
  opts.onProgress?.(total, total);
  return { inserted: inserted.length, copiedByCell: byCell.length, warnings };
}

/** After a failure: the sheets inserted so far deleted again, best effort (the first failure is what is said). */
async function removeInserted(context: Excel.RequestContext, ids: readonly string[]): Promise<void> {
  if (ids.length === 0) return;
  for (const id of ids) context.workbook.worksheets.getItem(id).delete();
  try {
    await context.sync();
  } catch {
    // Left in the workbook: Excel's first error is the one reported.
  }
}
