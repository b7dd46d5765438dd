// Finding, among a sheet's conditional formats, the rule the add-in wrote: the same comparison for both hosts.
// Each adapter describes the rules it finds (ExcelJS's in the file's spelling, Office.js's as Excel gives them)
// as a FoundRule; a rule matches the plan's when its type, formula (compared without case or spaces outside
// string literals, without a leading `=`) or colours are the same, and its range is the same range.
import { parseRange, rangeAddress } from '../core/address';
import type { ConditionalRule } from '../core/plan-types';
import { quoteEnd, UNTERMINATED } from '../core/formula-scan';
import { toFileFormula } from './file-formula';

/** A conditional-format rule as a host gives it, reduced to what is compared. */
export type FoundRule =
  | { type: 'expression'; formula: string | null }
  /** Colours of the minimum, midpoint and maximum as the host writes them (`#RRGGBB`, `FFRRGGBB`, `RRGGBB`). */
  | { type: 'colorScale'; colours: (string | null)[] }
  | { type: 'other' };

/** How the host spells the formulas it gives back: as typed (Office.js), or as the .xlsx file stores them. */
export type FormulaSpelling = 'typed' | 'file';

/**
 * A formula in a comparable form: without a leading `=`, upper-case and without white space outside string
 * literals (`"…"`, the quote doubled inside, kept as they are).
 */
export function normalizeFormula(formula: string): string {
  const f = formula.replace(/^\s*=/, '');
  let out = '';
  let i = 0;
  while (i < f.length) {
    if (f[i] === '"') {
      // a literal left open is kept as it is, to the end
      const closed = quoteEnd(f, i);
      const end = closed === UNTERMINATED ? f.length : closed;
      out += f.slice(i, end);
      i = end;
    } else {
      const c = f[i];
      if (!/\s/.test(c)) out += c.toUpperCase();
      i++;
    }
  }
  return out;
}

/**
 * A conditional format's range(s) in a comparable form: ranges upper-case, without `$`, `A1:A1` as `A1`,
 * separated by one space (Excel separates them with spaces in a file, with commas through Office.js).
 */
export function normalizeRange(ref: string): string {
  return ref
    .split(/[\s,]+/)
    .filter((part) => part !== '')
    .map((part) => {
      const box = parseRange(part.replace(/\$/g, ''));
      return box === null ? part.toUpperCase() : rangeAddress(box);
    })
    .join(' ');
}

/** A colour as `RRGGBB` upper-case: `#` and an opaque alpha (`FF` of `FFRRGGBB`) dropped. */
function colourKey(colour: string | null): string | null {
  if (colour === null) return null;
  const hex = colour.trim().replace(/^#/, '').toUpperCase();
  return hex.length === 8 && hex.startsWith('FF') ? hex.slice(2) : hex;
}

/** Whether a rule found on the sheet is the plan's `rule` (its range compared apart, with normalizeRange). */
export function ruleMatches(found: FoundRule, rule: ConditionalRule, spelling: FormulaSpelling = 'typed'): boolean {
  if (found.type === 'expression' && rule.type === 'expression') {
    if (found.formula === null) return false;
    const wanted = spelling === 'file' ? toFileFormula(rule.formula) : rule.formula;
    return normalizeFormula(found.formula) === normalizeFormula(wanted);
  }
  if (found.type === 'colorScale' && rule.type === 'colorScale') {
    const wanted = [rule.min, rule.mid, rule.max].map(colourKey);
    return found.colours.length === 3 && found.colours.every((c, i) => colourKey(c) === wanted[i]);
  }
  return false;
}
