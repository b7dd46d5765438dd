// The WorkbookHost of the real add-in: each call is one Excel.run over the Office.js adapter (office-read.ts,
// office-apply.ts). It lives here, with the other Office.js code, so the task pane never touches Office.js;
// the pane's entry (src/taskpane/index.tsx) creates it. Errors leave with a Vietnamese and English message.
import type { WritePlan } from '../core/plan-types';
import type { WorkbookSnapshot } from '../core/types';
import { applyPlanOffice, selectCell } from './office-apply';
import { OfficeAdapterError } from './office-errors';
import { readSnapshotOffice } from './office-read';
import type { ApplyOutcome, GatherSheetsOutcome, ProgressCallback, SheetCopy, WorkbookHost } from './workbook-host';

/** Keeps errors that already carry both messages; gives any other an Office-style bilingual message. */
function bilingual(err: unknown, during: { vi: string; en: string }): unknown {
  if (typeof err === 'object' && err !== null && 'messageVi' in err && 'messageEn' in err) return err;
  return new OfficeAdapterError(err, during);
}

export function createOfficeHost(displayLanguage: string): WorkbookHost {
  return {
    displayLanguage,
    async readSnapshot(onProgress?: ProgressCallback): Promise<WorkbookSnapshot> {
      try {
        return await Excel.run((context) => readSnapshotOffice(context, onProgress ? { onProgress } : {}));
      } catch (err) {
        throw bilingual(err, { vi: 'đọc sổ tính', en: 'reading the workbook' });
      }
    },
    async apply(plan: WritePlan, onProgress?: ProgressCallback): Promise<ApplyOutcome> {
      try {
        const result = await Excel.run((context) => applyPlanOffice(context, plan, onProgress ? { onProgress } : {}));
        return { warnings: result.warnings };
      } catch (err) {
        throw bilingual(err, { vi: 'ghi kết quả', en: 'writing the results' });
      }
    },
    async gatherSheets(copies: readonly SheetCopy[], onProgress?: ProgressCallback): Promise<GatherSheetsOutcome> {
      try {
        // Fetched only when units' files are gathered: the pane's first load stays as small as it was.
        const { gatherSheetsOffice } = await import(/* webpackChunkName: "office-gather" */ './office-gather');
        return await Excel.run((context) => gatherSheetsOffice(context, copies, onProgress ? { onProgress } : {}));
      } catch (err) {
        throw bilingual(err, { vi: 'thu thập trang của các đơn vị', en: "gathering the units' sheets" });
      }
    },
    async selectCell(sheet: string, cell: string | null): Promise<void> {
      try {
        await Excel.run((context) => selectCell(context, sheet, cell));
      } catch (err) {
        throw bilingual(err, { vi: `mở trang "${sheet}"`, en: `opening sheet "${sheet}"` });
      }
    },
  };
}
