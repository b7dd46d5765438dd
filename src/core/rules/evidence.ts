// Rule: a criterion scored above zero (in either score column) needs evidence (tài liệu kiểm chứng) or an
// explanation (giải trình). Evidence or explanation that is only a placeholder (`-`, `x`, `chưa có`…, the
// settings' list, matched without case or diacritics) is none. Only criteria the template requires evidence
// for are checked.
//
// The engine (evidenceGap: EVIDENCE_MISSING, EVIDENCE_PLACEHOLDER) and the formula (evidenceFlagFormulas: the
// red highlight on the unit sheets' evidence cells) must agree. test/flags.test.ts evaluates every highlight
// in LibreOffice on the sample and compares the rows flagged with the rows the engine reports, then types
// evidence and checks the highlight clears. The highlight reads cells as Excel does: a score typed as text
// counts 0 there (the engine reads it, and reports it as SCORE_TEXT_NUMBER).
import type { MarkerSet } from '../cells';
import { columnLetter } from '../address';
import { HIGHLIGHT_TAG } from '../plan-types';
import { formulaSpellings } from '../text';

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
 * Formula: the highlight on a row's evidence cell (`row` 1-based, the top of the rule's first area), true where
 * evidenceGap finds a gap. Placeholders are compared in lower case, as written, decomposed and without
 * diacritics (FIND is exact, so every form is listed).
 */
export function evidenceFlagFormulas(
  placeholderEvidence: readonly string[],
): (row: number, cols: EvidenceColumns) => string {
  const forms = [...new Set(placeholderEvidence.flatMap((p) => formulaSpellings(p.toLowerCase())))];
  const placeholders = `";${forms.map((p) => p.replace(/"/g, '""')).join(';')};"`;
  const isEmpty = (ref: string) =>
    `OR(LEN(TRIM(${ref}))=0,ISNUMBER(FIND(";"&LOWER(TRIM(${ref}))&";",${placeholders})))`;
  return (row, cols) => {
    const score = `MAX(${cols.scores.map((c) => `N($${columnLetter(c)}${row})`).join(',')})>0`;
    const explanation = cols.explanation === undefined ? [] : [isEmpty(`$${columnLetter(cols.explanation)}${row}`)];
    return `AND(${[score, isEmpty(`$${columnLetter(cols.evidence)}${row}`), ...explanation, HIGHLIGHT_TAG].join(',')})`;
  };
}
