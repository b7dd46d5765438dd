// Reading a formula's text (without its `=`) the way Excel delimits it: text constants `"…"`, quoted sheet
// names `'…'` and bracketed references `[…]` are read whole, so that nothing inside them is taken for a
// parenthesis, a reference or a call. One scanner for the limits check (excel-limits formulaLimitProblem, run
// by the plan check on every formula a plan writes, hence character codes and no regular expression), the
// simulated host's function names, and the rewrites of the file's spelling (workbook/file-formula,
// workbook/rule-match). Pure: no Office, no Node.

/** What quoteEnd, bracketEnd and verbatimEnd return for a run the formula never closes. */
export const UNTERMINATED = -1;

// Character codes: a scan compares codes, since `formula[i]` makes a string of a character outside Latin-1.
const DOUBLE_QUOTE = 0x22; // "
const QUOTE = 0x27; // '
const OPEN_PAREN = 0x28; // (
const CLOSE_PAREN = 0x29; // )
const OPEN_BRACKET = 0x5b; // [
const CLOSE_BRACKET = 0x5d; // ]

/** Characters of a defined or function name Excel takes at most: a longer run before `(` is cut to it. */
const MAX_NAME_LENGTH = 255;

/** Whether the character at `i` opens a run read whole: a text constant, a quoted sheet name or a bracket. */
export function opensVerbatim(formula: string, i: number): boolean {
  const c = formula.charCodeAt(i);
  return c === DOUBLE_QUOTE || c === QUOTE || c === OPEN_BRACKET;
}

/**
 * Index just past the quote that closes the run opened at `start` by `"` (a text constant) or `'` (a sheet
 * name), the quote doubled inside standing for itself; UNTERMINATED when nothing closes it.
 */
export function quoteEnd(formula: string, start: number): number {
  const quote = formula[start];
  const code = formula.charCodeAt(start);
  let from = start + 1;
  for (;;) {
    const close = formula.indexOf(quote, from);
    if (close < 0) return UNTERMINATED;
    if (formula.charCodeAt(close + 1) !== code) return close + 1;
    from = close + 2;
  }
}

/**
 * Index just past the `]` that closes the bracket opened at `start`: brackets nest (`Table1[[#This Row],[Col]]`)
 * and `'` escapes the character after it (`Table1[Col'[1']]`). UNTERMINATED when the bracket stays open.
 */
export function bracketEnd(formula: string, start: number): number {
  let depth = 0;
  for (let j = start; j < formula.length; j++) {
    const c = formula.charCodeAt(j);
    if (c === QUOTE) j++;
    else if (c === OPEN_BRACKET) depth++;
    else if (c === CLOSE_BRACKET && --depth === 0) return j + 1;
  }
  return UNTERMINATED;
}

/** End of the run that opens at `start` (opensVerbatim): quoteEnd, or bracketEnd for a `[`. */
export function verbatimEnd(formula: string, start: number): number {
  return formula.charCodeAt(start) === OPEN_BRACKET ? bracketEnd(formula, start) : quoteEnd(formula, start);
}

/** Characters of the text constant `formula.slice(start, end)` (quoteEnd's run): its quotes not counted, `""` once. */
function textConstantLength(formula: string, start: number, end: number): number {
  let quotes = 0; // inside, quotes come only doubled
  for (let j = start + 1; j < end - 1; j++) if (formula.charCodeAt(j) === DOUBLE_QUOTE) quotes++;
  return end - start - 2 - quotes / 2;
}

const isNameStart = (c: number) => (c >= 0x41 && c <= 0x5a) || (c >= 0x61 && c <= 0x7a) || c === 0x5f; // A-Z a-z _
const isNamePart = (c: number) => isNameStart(c) || (c >= 0x30 && c <= 0x39) || c === 0x2e; // and 0-9 .

/**
 * Where the name of the function called by the `(` at `paren` starts (`SUM(`, `_xlfn.RANK.EQ(`), or -1 when
 * that parenthesis only groups (`(1+2)`, `-(`). The name is the run of letters, digits, `_` and `.` before the
 * parenthesis, from its first letter or `_`, at most MAX_NAME_LENGTH characters back.
 */
export function calledNameStart(formula: string, paren: number): number {
  const floor = Math.max(0, paren - MAX_NAME_LENGTH);
  let start = paren;
  while (start > floor && isNamePart(formula.charCodeAt(start - 1))) start--;
  while (start < paren && !isNameStart(formula.charCodeAt(start))) start++;
  return start < paren ? start : -1;
}

/** `formula.slice(start, end)` in upper case; a name is ASCII, and toUpperCase (a copy) runs only on lower case. */
function upperCaseName(formula: string, start: number, end: number): string {
  const name = formula.slice(start, end);
  for (let j = start; j < end; j++) {
    const c = formula.charCodeAt(j);
    if (c >= 0x61 && c <= 0x7a) return name.toUpperCase();
  }
  return name;
}

/** What formulaShape finds in a formula's text: what Excel's limits are measured on. */
export interface FormulaShape {
  /** Characters of the longest text constant, its quotes and doubled quotes not counted. */
  longestString: number;
  /** Deepest level of functions nested (`SUM(1)` is 1, `IF(A1,SUM(1))` is 2). */
  nesting: number;
  /** Every parenthesis closed, and every text constant, quoted sheet name and bracket ended. */
  balanced: boolean;
}

/** What scanFormula finds: the shape, and the functions called. */
export interface FormulaScan extends FormulaShape {
  /** The functions called, in upper case, as written (`_xlfn.` kept). */
  functions: string[];
}

/**
 * Reads a formula's text once: text constants, quoted sheet names, brackets, parentheses and, when `functions`
 * is given, the names of the functions called (pushed to it). A constant, sheet name or bracket left open ends
 * the reading, unbalanced; so does a `)` that closes nothing.
 */
function readFormula(formula: string, functions: string[] | null): FormulaShape {
  const shape: FormulaShape = { longestString: 0, nesting: 0, balanced: true };
  const open: boolean[] = []; // per open parenthesis: whether it is a function's
  let functionsOpen = 0;
  let i = 0;
  while (i < formula.length) {
    const c = formula.charCodeAt(i);
    if (c === DOUBLE_QUOTE || c === QUOTE || c === OPEN_BRACKET) {
      const end = verbatimEnd(formula, i);
      if (end === UNTERMINATED) {
        shape.balanced = false;
        return shape;
      }
      // a constant is longer than the longest so far only if it is with its quotes and doubled quotes
      if (c === DOUBLE_QUOTE && end - i - 2 > shape.longestString)
        shape.longestString = Math.max(shape.longestString, textConstantLength(formula, i, end));
      i = end;
      continue;
    }
    if (c === OPEN_PAREN) {
      const nameStart = calledNameStart(formula, i);
      const isFunction = nameStart >= 0;
      if (isFunction) {
        functions?.push(upperCaseName(formula, nameStart, i));
        functionsOpen++;
        if (functionsOpen > shape.nesting) shape.nesting = functionsOpen;
      }
      open.push(isFunction);
    } else if (c === CLOSE_PAREN) {
      if (open.length === 0) {
        shape.balanced = false;
        return shape;
      }
      if (open.pop()) functionsOpen--;
    }
    i++;
  }
  if (open.length > 0) shape.balanced = false;
  return shape;
}

/** A formula's longest text constant, nesting and balance (scanFormula without the names: no string made). */
export function formulaShape(formula: string): FormulaShape {
  return readFormula(formula, null);
}

/** A formula's shape and the functions it calls, in the order written. */
export function scanFormula(formula: string): FormulaScan {
  const functions: string[] = [];
  return { ...readFormula(formula, functions), functions };
}
