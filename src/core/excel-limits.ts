// Excel's limits and error values: facts about Excel, each kept here once, and used by the engine, both
// adapters (ExcelJS and Office.js) and the simulated host, so that a test fails where Excel would.
// It lives in core, not in src/workbook, because core needs some of these facts too (the sheet-name length
// when naming the sheets it adds, the error values when reading a cell typed as `#REF!`) and core imports
// nothing from the adapters (architecture.md, dependency rule). Pure constants, and the checks that measure
// against them (a formula's text, a payload's bytes): no Office, no Node.
import { formulaShape } from './formula-scan';

// The scan of a formula's text is core/formula-scan's; re-exported for the users of the limits.
export { scanFormula, type FormulaScan } from './formula-scan';

// ---------------------------------------------------------------------------------------------------------
// Grid and text (Microsoft, "Excel specifications and limits")

/** Rows of a worksheet ("Worksheet size: 1,048,576 rows by 16,384 columns"). */
export const MAX_ROWS = 1048576;
/** Columns of a worksheet, A to XFD (same entry). */
export const MAX_COLUMNS = 16384;
/** Characters in a cell ("Total number of characters that a cell can contain: 32,767"). */
export const MAX_CELL_TEXT_LENGTH = 32767;
/** Characters in a formula ("Length of formula contents: 8,192 characters"). */
export const MAX_FORMULA_LENGTH = 8192;
/** Characters of one text constant inside a formula: Excel refuses the formula beyond 255 ("Text values in formulas are limited to 255 characters"). */
export const MAX_FORMULA_STRING_LENGTH = 255;
/** Characters in a column width ("Column width: 255 characters"). */
export const MAX_COLUMN_WIDTH = 255;
/** Points of a row height ("Row height: 409 points"). */
export const MAX_ROW_HEIGHT = 409;
/** Characters of a header or footer ("Number of characters in a header or footer: 255"). */
export const MAX_HEADER_FOOTER_LENGTH = 255;
/** Page breaks of a sheet ("Page breaks: 1,026 horizontal and vertical"). */
export const MAX_PAGE_BREAKS = 1026;
/** Points of a font size: Excel takes 1 to 409 ("The number must be between 1 and 409"). */
export const MAX_FONT_SIZE = 409;
/** Characters of a number format code a plan may use: the plan check's bound (Excel's published limits state none). */
export const MAX_NUMBER_FORMAT_LENGTH = 255;

// ---------------------------------------------------------------------------------------------------------
// Sheet names (Excel's Rename sheet rules)

/** Characters in a sheet name ("Sheet name length: 31 characters"). */
export const MAX_SHEET_NAME_LENGTH = 31;
/** Characters a sheet name may not contain: `[ ] : * ? / \` (Excel's rename rules; a name also may not start or end with `'`). */
export const SHEET_NAME_FORBIDDEN = /[[\]:*?/\\]/;
/** The name Excel reserves for its own use (change tracking), compared without case. */
export const RESERVED_SHEET_NAME = 'History';

// ---------------------------------------------------------------------------------------------------------
// Excel on the web and Office.js

/** Bytes of one request or response of Excel on the web (Office add-ins "Resource limits": 5 MB payload). */
export const EXCEL_WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;
/** Merged areas `Range.getMergedAreasOrNullObject` returns: it fails beyond 512 (Office.js reference, ExcelApi 1.13). */
export const MAX_MERGED_AREAS = 512;
/**
 * Characters of a multi-area address (`F7,F9:F12`) `Worksheet.getRanges` takes (ExcelApi 1.9): longer ones
 * have failed with InvalidArgument ("The argument is invalid or missing or has an incorrect format"), an
 * address of 8,207 characters among them (OfficeDev/office-js#5198; the limit is not documented).
 */
export const MAX_RANGE_AREAS_ADDRESS_LENGTH = 8192;

// ---------------------------------------------------------------------------------------------------------
// Error values

/**
 * The error values a cell of an .xlsx file holds as such (`<c t="e"><v>#REF!</v>`: the seven of ECMA-376);
 * Excel stores the newer ones as `#VALUE!` with rich-value metadata. So a write plan may write only these.
 */
export const FILE_ERROR_VALUES: ReadonlySet<string> = new Set([
  '#NULL!',
  '#DIV/0!',
  '#VALUE!',
  '#REF!',
  '#NAME?',
  '#NUM!',
  '#N/A',
]);

/**
 * Every error value Excel shows in a cell, as text: the seven of every version, then the newer ones that
 * Office.js names in `Excel.ErrorCellValueType` (ExcelApi 1.16: GettingData, Spill, Calc, Field, Blocked,
 * Connect, Busy, External, Python, Timeout), and `#UNKNOWN!`, which Excel shows for an error type it does
 * not know. Office.js `values` gives an error cell as this text; typed into a cell, the text becomes the error.
 */
export const EXCEL_ERROR_VALUES: ReadonlySet<string> = new Set([
  ...FILE_ERROR_VALUES,
  '#GETTING_DATA',
  '#SPILL!',
  '#CALC!',
  '#FIELD!',
  '#BLOCKED!',
  '#CONNECT!',
  '#BUSY!',
  '#EXTERNAL!',
  '#PYTHON!',
  '#TIMEOUT!',
  '#UNKNOWN!',
]);

// ---------------------------------------------------------------------------------------------------------
// Formulas: what Excel refuses to take (the plan check, both adapters and the simulated host use formulaLimitProblem)

/** Levels of functions nested in a formula ("Nested levels of functions: 64"). */
export const MAX_FORMULA_NESTING = 64;

/**
 * Why Excel would refuse `formula` (its text without the leading `=`): longer than MAX_FORMULA_LENGTH, a text
 * constant over MAX_FORMULA_STRING_LENGTH, functions nested deeper than MAX_FORMULA_NESTING, or a parenthesis,
 * quote or bracket left open or closed too often. Null when it is within Excel's limits.
 */
export function formulaLimitProblem(formula: string): { vi: string; en: string } | null {
  if (formula.length > MAX_FORMULA_LENGTH)
    return {
      vi: `công thức dài ${formula.length} ký tự, quá ${MAX_FORMULA_LENGTH} ký tự Excel cho phép`,
      en: `the formula is ${formula.length} characters long, over Excel's ${MAX_FORMULA_LENGTH}`,
    };
  const scan = formulaShape(formula);
  if (!scan.balanced)
    return {
      vi: 'công thức thiếu hoặc thừa dấu ngoặc, hoặc một chuỗi chưa đóng dấu nháy',
      en: 'the formula has unbalanced parentheses, or a quote left open',
    };
  if (scan.longestString > MAX_FORMULA_STRING_LENGTH)
    return {
      vi: `công thức có một chuỗi dài ${scan.longestString} ký tự, quá ${MAX_FORMULA_STRING_LENGTH} ký tự Excel cho phép`,
      en: `the formula holds a text of ${scan.longestString} characters, over Excel's ${MAX_FORMULA_STRING_LENGTH}`,
    };
  if (scan.nesting > MAX_FORMULA_NESTING)
    return {
      vi: `công thức lồng ${scan.nesting} cấp hàm, quá ${MAX_FORMULA_NESTING} cấp Excel cho phép`,
      en: `the formula nests functions ${scan.nesting} levels deep, over Excel's ${MAX_FORMULA_NESTING}`,
    };
  return null;
}

// ---------------------------------------------------------------------------------------------------------
// Requests of Office.js (Excel on the web counts them in bytes)

/** Cells of one range Office.js reads at once ("a range is limited to five million cells for get operations"). */
export const MAX_RANGE_CELLS = 5_000_000;

/**
 * Bytes a request spends on each call it carries beside the values (object path, method, ids: Office's JSON
 * of the call). Not published; an estimate for the budget, which the simulated host charges as Excel would.
 */
export const REQUEST_OP_OVERHEAD_BYTES = 96;

/** Bytes of a text in UTF-8, as a request's payload counts it (a Vietnamese letter takes 2 or 3). */
export function utf8Length(text: string): number {
  let n = text.length;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (code > 0x7f) n += code > 0x7ff && (code < 0xd800 || code > 0xdfff) ? 2 : 1;
  }
  return n;
}

/** Bytes of a value as JSON in UTF-8: what a request or response carries for it (EXCEL_WEB_PAYLOAD_LIMIT). */
export function payloadBytes(value: unknown): number {
  return value === undefined ? 0 : utf8Length(JSON.stringify(value));
}
