// The Office.js adapter's print layout (office-write-steps dispatches here): row heights, and a sheet's page
// setup through `worksheet.pageLayout` and `horizontalPageBreaks` (ExcelApi 1.9). Without ExcelApi 1.9 the
// page setup is left out: the results are the same, only printed with Excel's defaults.
//
// Office.js specifics: fit to one page wide is `zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 }`
// (0 pages tall: as many as it takes, the file's `fitToHeight="0"`); the print titles are an address of whole
// rows (`$1:$3`); a page break is added above the top-left cell of the range given.
import type { PageSetup, WriteOp } from '../core/plan-types';

type LayoutOp = Extract<WriteOp, { kind: 'rowHeights' | 'pageSetup' }>;

const ORIENTATION: Record<PageSetup['orientation'], Excel.PageOrientation> = {
  portrait: 'Portrait' as Excel.PageOrientation,
  landscape: 'Landscape' as Excel.PageOrientation,
};

/** Queues one layout operation on its sheet (no sync). `pageLayoutSupported`: ExcelApi 1.9 is there. */
export function queuePageLayout(context: Excel.RequestContext, op: LayoutOp, pageLayoutSupported: boolean): void {
  const ws = context.workbook.worksheets.getItem(op.sheet);
  if (op.kind === 'rowHeights') {
    op.heights.forEach((h, i) => {
      const row = op.first + i + 1;
      ws.getRange(`${row}:${row}`).format.rowHeight = h;
    });
    return;
  }
  if (!pageLayoutSupported) return;
  const { setup } = op;
  const layout = context.workbook.worksheets.getItem(op.sheet).pageLayout;
  layout.orientation = ORIENTATION[setup.orientation];
  layout.paperSize = setup.paper as Excel.PaperType;
  if (setup.fitToWidth) layout.zoom = { horizontalFitToPages: 1, verticalFitToPages: 0 };
  if (setup.centerHorizontally) layout.centerHorizontally = true;
  if (setup.titleRows) layout.setPrintTitleRows(`$${setup.titleRows.first + 1}:$${setup.titleRows.last + 1}`);
  const footer = layout.headersFooters.defaultForAllPages;
  if (setup.footer?.left !== undefined) footer.leftFooter = setup.footer.left;
  if (setup.footer?.center !== undefined) footer.centerFooter = setup.footer.center;
  if (setup.footer?.right !== undefined) footer.rightFooter = setup.footer.right;
  for (const r of setup.rowBreaks ?? []) ws.horizontalPageBreaks.add(`A${r + 1}`);
}
