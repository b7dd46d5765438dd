// The formula scanner (src/core/formula-scan.ts) against a reference written differently: a tokenizer of
// regular expressions and a recursive reading of brackets. On formulas generated with text constants, quoted
// sheet names, structured references and nested calls (whose functions, nesting and longest constant are known
// as they are built), on those formulas cut or with a character slipped in (unbalanced), and on any string:
// the same scan, the same ends of runs, and no exception from the scanner or its users.
import fc from 'fast-check';
import { formulaLimitProblem, MAX_FORMULA_STRING_LENGTH } from '../../src/core/excel-limits';
import {
  bracketEnd,
  calledNameStart,
  formulaShape,
  quoteEnd,
  scanFormula,
  UNTERMINATED,
  verbatimEnd,
  type FormulaScan,
} from '../../src/core/formula-scan';
import { fromFileFormula, shiftFormulaRows, toFileFormula } from '../../src/workbook/file-formula';
import { normalizeFormula } from '../../src/workbook/rule-match';

// ---------------------------------------------------------------------------------------------------------
// The reference

type Token =
  | { kind: 'verbatim'; start: number; end: number; textLength: number | null }
  | { kind: 'unterminated'; start: number }
  | { kind: 'open'; name: string | null }
  | { kind: 'close' }
  | { kind: 'other' };

/** Length of the bracket opening `s` read recursively (`'` escapes one character), or -1 when never closed. */
function referenceBracketLength(s: string): number {
  let j = 1;
  while (j < s.length) {
    if (s[j] === "'") j += 2;
    else if (s[j] === '[') {
      const inner = referenceBracketLength(s.slice(j));
      if (inner < 0) return -1;
      j += inner;
    } else if (s[j] === ']') return j + 1;
    else j++;
  }
  return -1;
}

function referenceTokens(f: string): Token[] {
  const tokens: Token[] = [];
  let i = 0;
  while (i < f.length) {
    const rest = f.slice(i);
    const text = /^"((?:[^"]|"")*)"(?!")/.exec(rest);
    const sheet = /^'(?:[^']|'')*'(?!')/.exec(rest);
    const run = /^[A-Za-z0-9_.]+/.exec(rest)?.[0];
    if (rest[0] === '"' || rest[0] === "'" || rest[0] === '[') {
      const length = text
        ? text[0].length
        : sheet
          ? sheet[0].length
          : rest[0] === '['
            ? referenceBracketLength(rest)
            : -1;
      if (length < 0) {
        tokens.push({ kind: 'unterminated', start: i });
        return tokens;
      }
      const textLength = text ? text[1].replace(/""/g, '"').length : null;
      tokens.push({ kind: 'verbatim', start: i, end: i + length, textLength });
      i += length;
    } else if (run !== undefined && f[i + run.length] === '(') {
      // Excel's names are at most 255 characters; a name starts with a letter or `_`
      const name = /[A-Za-z_][A-Za-z0-9_.]*$/.exec(run.slice(-255))?.[0] ?? null;
      tokens.push({ kind: 'open', name: name?.toUpperCase() ?? null });
      i += run.length + 1;
    } else if (run !== undefined) {
      tokens.push({ kind: 'other' });
      i += run.length;
    } else {
      tokens.push(
        rest[0] === '(' ? { kind: 'open', name: null } : rest[0] === ')' ? { kind: 'close' } : { kind: 'other' },
      );
      i++;
    }
  }
  return tokens;
}

function referenceScan(f: string): FormulaScan {
  const scan: FormulaScan = { longestString: 0, nesting: 0, balanced: true, functions: [] };
  const stack: (string | null)[] = [];
  for (const t of referenceTokens(f)) {
    if (t.kind === 'unterminated') return { ...scan, balanced: false };
    if (t.kind === 'verbatim' && t.textLength !== null) scan.longestString = Math.max(scan.longestString, t.textLength);
    if (t.kind === 'open') {
      stack.push(t.name);
      if (t.name !== null) scan.functions.push(t.name);
      scan.nesting = Math.max(scan.nesting, stack.filter((n) => n !== null).length);
    }
    if (t.kind === 'close') {
      if (stack.length === 0) return { ...scan, balanced: false };
      stack.pop();
    }
  }
  return { ...scan, balanced: stack.length === 0 };
}

// ---------------------------------------------------------------------------------------------------------
// Generated formulas, with what their scan must find

interface Built {
  text: string;
  functions: string[];
  nesting: number;
  longest: number;
}

const leaf = (text: string, longest = 0): Built => ({ text, functions: [], nesting: 0, longest });
const tricky = ['a', 'B', ' ', '(', ')', '[', ']', ',', '"', "'", '!', '#', 'Đ', 'ơ', '😀', '1', '.', '_'];
const textConstant = fc
  .string({ unit: fc.constantFrom(...tricky), maxLength: 12 })
  .map((s) => leaf(`"${s.replace(/"/g, '""')}"`, s.length));
const sheetReference = fc
  .string({ unit: fc.constantFrom(...tricky), minLength: 1, maxLength: 10 })
  .map((s) => leaf(`'${s.replace(/'/g, "''")}'!$A1`));
// a column name: any character but the brackets, `'` and `#`, which `'` escapes
const column = fc
  .array(fc.constantFrom('Col', ' ', '(', ')', '"', ',', 'Đ', "'[", "']", "''", "'#"), { minLength: 1, maxLength: 5 })
  .map((parts) => parts.join(''));
const structuredReference = fc
  .tuple(fc.constantFrom('Table1', 'T', '_Bảng'), column, column, fc.integer({ min: 0, max: 3 }))
  .map(([table, a, b, form]) =>
    leaf(table + [`[${a}]`, `[@${a}]`, `[[#This Row],[${a}]]`, `[[#Headers],[${a}]:[${b}]]`][form]),
  );
const plain = fc.oneof(
  fc.integer({ min: 0, max: 999 }).map((n) => leaf(String(n))),
  fc.constantFrom('A1', '$B$2', 'xfd1048573', 'Sheet1!C3', '[1]Sheet1!A1', 'TRUE', '1.5E+3').map((t) => leaf(t)),
  textConstant,
  sheetReference,
  structuredReference,
);
const functionName = fc.constantFrom('SUM', 'if', '_xlfn.XLOOKUP', 'RANK.EQ', 'Log10', 'F2', 'x_1.y');
const operator = fc.constantFrom('+', '&', '=', '<>', ',', ' ', ':');

const { formula } = fc.letrec<{ formula: Built; call: Built; group: Built; binary: Built }>((tie) => ({
  formula: fc.oneof({ depthSize: 'small', withCrossShrink: true }, plain, tie('call'), tie('group'), tie('binary')),
  call: fc.tuple(functionName, fc.array(tie('formula'), { maxLength: 3 })).map(([name, args]) => ({
    text: `${name}(${args.map((a) => a.text).join(',')})`,
    functions: [name.toUpperCase(), ...args.flatMap((a) => a.functions)],
    nesting: 1 + Math.max(0, ...args.map((a) => a.nesting)),
    longest: Math.max(0, ...args.map((a) => a.longest)),
  })),
  group: tie('formula').map((inner) => ({ ...inner, text: `(${inner.text})` })),
  binary: fc.tuple(tie('formula'), operator, tie('formula')).map(([a, op, b]) => ({
    text: `${a.text}${op}${b.text}`,
    functions: [...a.functions, ...b.functions],
    nesting: Math.max(a.nesting, b.nesting),
    longest: Math.max(a.longest, b.longest),
  })),
}));

/** A built formula cut short, or with one of the delimiters slipped in somewhere: mostly unbalanced. */
const damaged = fc
  .tuple(formula, fc.nat(), fc.constantFrom('', '"', "'", '[', ']', '(', ')', "''"))
  .map(([built, at, slip]) => {
    const cut = at % (built.text.length + 1);
    return slip === '' ? built.text.slice(0, cut) : built.text.slice(0, cut) + slip + built.text.slice(cut);
  });

const delimiters = fc.string({ unit: fc.constantFrom(...tricky, 'SUM', 'A1', '""', "''"), maxLength: 40 });

// ---------------------------------------------------------------------------------------------------------

describe('the formula scanner', () => {
  test('a generated formula: the functions, nesting and longest constant it was built with, as the reference finds', () => {
    fc.assert(
      fc.property(formula, (built) => {
        const scan = scanFormula(built.text);
        expect(scan).toEqual({
          longestString: built.longest,
          nesting: built.nesting,
          balanced: true,
          functions: built.functions,
        });
        expect(scan).toEqual(referenceScan(built.text));
        expect(formulaShape(built.text)).toEqual({ ...scan, functions: undefined });
      }),
      { numRuns: 400 },
    );
  });

  test('a formula cut short or with a delimiter slipped in, and strings of delimiters: as the reference', () => {
    fc.assert(
      fc.property(fc.oneof(damaged, delimiters), (f) => {
        expect(scanFormula(f)).toEqual(referenceScan(f));
      }),
      { numRuns: 600 },
    );
  });

  test('every run the reference reads whole ends where quoteEnd or bracketEnd says; one left open is UNTERMINATED', () => {
    fc.assert(
      fc.property(
        fc.oneof(
          formula.map((b) => b.text),
          damaged,
          delimiters,
        ),
        (f) => {
          for (const t of referenceTokens(f)) {
            if (t.kind === 'verbatim') expect(verbatimEnd(f, t.start)).toBe(t.end);
            if (t.kind === 'unterminated') expect(verbatimEnd(f, t.start)).toBe(UNTERMINATED);
          }
        },
      ),
      { numRuns: 400 },
    );
  });

  test('never throws on any string, nor do the limits check and the rewrites of the spelling', () => {
    fc.assert(
      fc.property(fc.oneof(fc.string({ unit: 'binary', maxLength: 80 }), delimiters), (f) => {
        expect(scanFormula(f)).toEqual(referenceScan(f));
        formulaLimitProblem(f);
        for (let i = 0; i < f.length; i++) {
          if (f[i] === '"' || f[i] === "'") quoteEnd(f, i);
          if (f[i] === '[') bracketEnd(f, i);
          if (f[i] === '(') calledNameStart(f, i);
        }
        expect(fromFileFormula(toFileFormula(f)).length).toBeGreaterThanOrEqual(0);
        expect(typeof normalizeFormula(f)).toBe('string');
        // a reference off the sheet (row 0 as written) is refused by name; nothing else throws
        try {
          shiftFormulaRows(f, 0);
        } catch (e) {
          expect((e as Error).message).toMatch(/off the sheet/);
        }
      }),
      { numRuns: 300 },
    );
  });

  test('the rewrites of the spelling leave text constants, sheet names and brackets as they are', () => {
    fc.assert(
      fc.property(formula, (built) => {
        const runs = (f: string) =>
          referenceTokens(f).flatMap((t) => (t.kind === 'verbatim' ? [f.slice(t.start, t.end)] : []));
        expect(runs(toFileFormula(built.text))).toEqual(runs(built.text));
        expect(runs(shiftFormulaRows(built.text, 3))).toEqual(runs(built.text));
      }),
      { numRuns: 300 },
    );
  });
});

describe('runs left open', () => {
  test('quoteEnd tells a run left open from one closed by the last character', () => {
    expect(quoteEnd('"ab"', 0)).toBe(4);
    expect(quoteEnd('"ab', 0)).toBe(UNTERMINATED);
    expect(quoteEnd('"a""', 0)).toBe(UNTERMINATED);
    expect(quoteEnd('"a"""', 0)).toBe(5);
    expect(quoteEnd("'it''s'!A1", 0)).toBe(7);
    expect(bracketEnd('T[[#This Row],[Col]]', 1)).toBe(20);
    expect(bracketEnd("T[Col']]", 1)).toBe(8);
    expect(bracketEnd("T[Col']", 1)).toBe(UNTERMINATED);
    expect(bracketEnd("T[Col'", 1)).toBe(UNTERMINATED);
  });

  test('the limits check: an open constant, sheet name or bracket is unbalanced; a long constant is counted once', () => {
    expect(formulaLimitProblem('LEN("abc')?.en).toMatch(/quote left open/);
    expect(formulaLimitProblem("SUM('Sheet 1!A1)")?.en).toMatch(/quote left open/);
    expect(formulaLimitProblem('SUM(T[[#This Row],[Col])')?.en).toMatch(/quote left open/);
    expect(formulaLimitProblem(`"${'x'.repeat(MAX_FORMULA_STRING_LENGTH)}"&"${'y'.repeat(10)}"`)).toBeNull();
    expect(scanFormula('T[[#This Row],[Col (1)]]&SUM(1)').functions).toEqual(['SUM']);
  });

  test('the rewrites keep an open run as it is to the end', () => {
    expect(toFileFormula('ifna(1,"xlookup(')).toBe('_xlfn.IFNA(1,"xlookup(');
    expect(toFileFormula('T[ifna(1)')).toBe('T[ifna(1)');
    expect(shiftFormulaRows('A1&"B2', 1)).toBe('A2&"B2');
    expect(shiftFormulaRows("A1&'S'!B2&'C3", 1)).toBe("A2&'S'!B3&'C3");
    expect(normalizeFormula('=a1 & "x  y')).toBe('A1&"x  y');
  });
});
