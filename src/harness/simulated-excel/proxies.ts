// The simulated host's proxy objects, with Office.js semantics, one file per part of the API:
//   context.ts              the request context: calls queued and carried out at `sync()`, payload limits, faults
//   functions.ts            what a formula may be: Excel's limits and function names
//   proxy.ts                the base proxy: load-before-read, null objects
//   worksheets.ts           workbook, application, worksheets (protection, frozen panes)
//   ranges.ts               ranges (values, formulas, merges, selection) and range areas
//   formats.ts              range formats: font, fill, borders, alignment, column width
//   conditional-formats.ts  conditional formats, their rules and ranges
export { excelApiSupports, SimRequestContext, type SimFaults, type SimHost, type SimRequestRecord } from './context';
export { SimWorkbook, SimApplication, SimWorkbookProtection, SimWorksheetCollection } from './worksheets';
export { SimWorksheet, SimWorksheetProtection, SimFreezePanes } from './worksheets';
export { SimRange, SimRangeAreas, SimRangeCollection } from './ranges';
export { SimRangeFormat, SimRangeFont, SimRangeFill, SimBorderCollection, SimRangeBorder } from './formats';
export {
  SimConditionalFormatCollection,
  SimConditionalFormatProxy,
  SimCustomFormat,
  SimCustomRule,
  SimCustomFormatStyle,
  SimColorScaleFormat,
} from './conditional-formats';
