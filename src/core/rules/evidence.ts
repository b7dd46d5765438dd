// Rule: a criterion scored above zero (in either score column) needs evidence (tài liệu kiểm chứng) or an
// explanation (giải trình). Evidence or explanation that is only a placeholder (`-`, `x`, `chưa có`…, the
// settings' list, matched without case or diacritics) is none. Only criteria the template requires evidence
// for are checked.
//
// The engine (evidenceGap: EVIDENCE_MISSING, EVIDENCE_PLACEHOLDER) and the formula (evidenceFlagFormulas: the
// red highlight on the unit sheets' evidence cells, matching the placeholders listed in cells as
// placeholderForms spells them) must agree. test/flags.test.ts evaluates every highlight
// in LibreOffice on the sample and compares the rows flagged with the rows the engine reports, then types
// evidence and checks the highlight clears. The highlight reads cells as Excel does: a score typed as text
// counts 0 there (the engine reads it, and reports it as SCORE_TEXT_NUMBER).
import type { MarkerSet } from '../cells';
import { columnLetter } from '../address';
import { HIGHLIGHT_TAG } from '../plan-types';
import { formulaSpellings, listHoldsFormula } from '../text';

export interface EvidenceCells {
  /** Points counted in each score column; undefined where the sheet has no such column. */
  self?: number;
  appraised?: number;
  /** The cells' text ('' where blank or where the sheet has no such column). */
  evidence: string;
  explanation: string;
}

/**
 * Engine: what is wrong with a criterion's evidence, with the score that asks for it (the higher of the two
 * columns): none given, only a placeholder, or nothing (null).
 */
export function evidenceGap(
  cells: EvidenceCells,
  placeholders: MarkerSet,
): { gap: 'missing' | 'placeholder'; score: number } | null {
  const score = Math.max(cells.self ?? 0, cells.appraised ?? 0);
  if (score <= 0) return null;
  if (cells.explanation !== '' && !placeholders.has(cells.explanation)) return null;
  if (cells.evidence === '') return { gap: 'missing', score };
  return placeholders.has(cells.evidence) ? { gap: 'placeholder', score } : null;
}

/** Zero-based columns of a unit sheet that the highlight reads. */
export interface EvidenceColumns {
  scores: number[];
  evidence: number;
  explanation?: number;
}

/**
 * Formula: the placeholders as the highlight matches them, one per cell of a list (placeholderListRange): as
 * written, decomposed and without diacritics (compared without case and without wildcards,
 * listHoldsFormula). Listed in cells, not in a string constant of the
 * rule: Excel refuses a text constant over 255 characters in a formula (MAX_FORMULA_STRING_LENGTH), which a few
 * user placeholders reach.
 */
export function placeholderForms(placeholderEvidence: readonly string[]): string[] {
  return [...new Set(placeholderEvidence.flatMap((p) => formulaSpellings(p.trim())))].filter((p) => p !== '');
}

/**
 * Formula: the list of placeholderForms as a rule on another sheet reads it, `INDIRECT("'Sheet'!$X$4:$X$9")`:
 * a reference to another sheet is not allowed in the .xlsx file's own conditional formats (Excel 2007 refuses
 * it; later versions keep such rules in an extension block), INDIRECT of a text is allowed everywhere.
 */
export function placeholderListRange(quotedSheet: string, column: number, firstRow: number, count: number): string {
  const col = columnLetter(column);
  const range = `${quotedSheet}!$${col}$${firstRow + 1}:$${col}$${firstRow + Math.max(1, count)}`;
  return `INDIRECT("${range.replace(/"/g, '""')}")`;
}

/**
 * Formula: the highlight on a row's evidence cell (`row` 1-based, the top of the rule's first area), true where
 * evidenceGap finds a gap. `placeholderList` is placeholderListRange of the sheet listing placeholderForms.
 */
export function evidenceFlagFormulas(placeholderList: string): (row: number, cols: EvidenceColumns) => string {
  const isEmpty = (ref: string) => `OR(LEN(TRIM(${ref}))=0,${listHoldsFormula(`TRIM(${ref})`, placeholderList)})`;
  return (row, cols) => {
    const score = `MAX(${cols.scores.map((c) => `N($${columnLetter(c)}${row})`).join(',')})>0`;
    const explanation = cols.explanation === undefined ? [] : [isEmpty(`$${columnLetter(cols.explanation)}${row}`)];
    return `AND(${[score, isEmpty(`$${columnLetter(cols.evidence)}${row}`), ...explanation, HIGHLIGHT_TAG].join(',')})`;
  };
}
