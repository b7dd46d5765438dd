// What the task pane asks of the workbook. The UI talks to this interface only, never to Office.js: the
// Office implementation is src/workbook/office-host.ts, tests use a fake built from the sample workbook.
// The interface itself lives with the adapters that implement it (src/workbook/workbook-host.ts).
export type {
  ApplyOutcome,
  GatherSheetsOutcome,
  ProgressCallback,
  SheetCopy,
  WorkbookHost,
} from '../workbook/workbook-host';
