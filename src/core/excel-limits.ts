// Excel's limits and error values: facts about Excel, each kept here once, and used by the engine, both
// adapters (ExcelJS and Office.js) and the simulated host, so that a test fails where Excel would.
// It lives in core, not in src/workbook, because core needs some of these facts too (the sheet-name length
// when naming the sheets it adds, the error values when reading a cell typed as `#REF!`) and core imports
// nothing from the adapters (architecture.md, dependency rule). Pure constants: no Office, no Node.

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
