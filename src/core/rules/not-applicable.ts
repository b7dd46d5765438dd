// Rule: "not applicable" (không áp dụng) removes a criterion's points and maximum. It is read in the score
// column counted: a cell holding a marker (`Không áp dụng`, `KAD`, … matched without case or diacritics),
// or a marker on an ancestor row of that column (a branch marked so); a unit marking an area not applicable
// does not cancel what the council scored under it. A cell left blank where the other column says "not
// applicable" is not applicable. Criteria the template forbids it for are never not applicable.
//
// The engine (notApplicableBranch, leafNotApplicable, unlessNotApplicable) and the formulas
// (naMarkerForms, isNaMarkerFormula, naFlagFormula, unlessNotApplicableFormula in the calculation sheet)
// must agree. test/results.test.ts recalculates the calculation sheet in LibreOffice and compares every
// formula with the engine's value: on the sample, and for each basis on a workbook marking N/A in one
// column only, without diacritics and in decomposed Unicode ('"not applicable" in one score column only…').
import type { CriterionRow, ScoreBasis } from '../types';
import { formulaSpellings, listHoldsFormula } from '../text';

/** Engine: the rows a column marks not applicable, on themselves or on an ancestor row (rows parents first). */
export function notApplicableBranch(
  rows: readonly CriterionRow[],
  marked: (row: CriterionRow) => boolean,
): Set<string> {
  const branch = new Set<string>();
  for (const row of rows) if (marked(row) || (row.parentKey !== null && branch.has(row.parentKey))) branch.add(row.key);
  return branch;
}

export interface LeafNa {
  /** An ancestor row of this column holds a marker. */
  ancestorNa: boolean;
  /** The other score column says "not applicable" for the row (on itself or above). */
  otherColumnSaysNa: boolean;
  /** The template allows the criterion to be not applicable. */
  naAllowed: boolean;
}

/** Engine: whether a leaf's cell in one score column, of the kind read, counts the leaf as not applicable. */
export function leafNotApplicable(
  kind: 'blank' | 'number' | 'na' | 'error' | 'text',
  { ancestorNa, otherColumnSaysNa, naAllowed }: LeafNa,
): boolean {
  if (!naAllowed) return false;
  switch (kind) {
    case 'na':
      return true;
    case 'blank':
      return ancestorNa || otherColumnSaysNa;
    case 'number':
      return ancestorNa;
    default:
      return false;
  }
}

/** Engine: what a not-applicable criterion counts (points, maximum): nothing. */
export function unlessNotApplicable(notApplicable: boolean, value: number): number {
  return notApplicable ? 0 : value;
}

/**
 * Formula: the markers as a formula must list them to match as the engine does. `=` ignores case only, so
 * each marker is also listed without diacritics and in decomposed Unicode (as Mac and VNI keyboards type it).
 */
export function naMarkerForms(markers: readonly string[]): string[] {
  return [...new Set(markers.flatMap(formulaSpellings))].filter((m) => m.trim() !== '');
}

/**
 * Formula: the cell holds a marker of `markerRange` (where naMarkerForms are listed, no blank among them);
 * `*` or `?` matches only itself; FALSE when no marker is listed.
 */
export function isNaMarkerFormula(ref: string, markerRange: string | null): string {
  return markerRange === null ? 'FALSE' : listHoldsFormula(`TRIM(${ref})`, markerRange);
}

const orOf = (terms: string[]): string => (terms.length === 1 ? terms[0] : `OR(${terms.join(',')})`);

/**
 * A score column for one criterion: its own cell, and the terms (formulas, TRUE where it holds) that say an
 * ancestor row of the column holds a marker.
 */
export interface NaColumnCells {
  cell: string;
  above: string[];
}

/**
 * Formula: a branch marked not applicable in one column, at a row: a marker in the row's `cell`, or `above`
 * (the parent's own flag, or the ancestors' cells).
 */
export function branchMarkedFormula(cell: string, above: string[], isMarker: (ref: string) => string): string {
  return orOf([isMarker(cell), ...above]);
}

export interface NaFlagInput {
  basis: ScoreBasis;
  /**
   * The calculation sheet's cell holding the value of the cell counted (countedCellFormula): a marker there is
   * a marker in the counted column's own cell, whichever column that is, with a short reference.
   */
  counted: string;
  /** Null where the unit sheet has no such column. */
  self: NaColumnCells | null;
  appraised: NaColumnCells | null;
  naAllowed: boolean;
  /** isNaMarkerFormula on the sheet's marker list. */
  isMarker: (ref: string) => string;
}

/**
 * Formula: the calculation sheet's N/A flag of a criterion (1 when not applicable, else 0), as
 * leafNotApplicable decides it for the column the basis counts; null where the template forbids N/A (the flag
 * is the constant 0). Each cell is matched once (these formulas are most of a large workbook's output).
 */
export function naFlagFormula({ basis, counted, self, appraised, naAllowed, isMarker }: NaFlagInput): string | null {
  if (!naAllowed) return null;
  let terms: string[];
  if (self === null || appraised === null) {
    terms = [isMarker(counted), ...(self ?? (appraised as NaColumnCells)).above];
  } else {
    // The counted column's branch, or, where its cell is blank, the other column's cell or branch. Auto counts
    // the council's cell where it scored the row: there its branch decides; left blank, the unit's cell (which
    // is then the one counted) or either branch.
    const [counts, other] = basis === 'self' ? [self, appraised] : [appraised, self];
    const otherTerms = basis === 'auto' ? other.above : [isMarker(other.cell), ...other.above];
    terms = [isMarker(counted), ...counts.above];
    if (otherTerms.length > 0) terms.push(`AND(ISBLANK(${counts.cell}),${orOf(otherTerms)})`);
  }
  return `IF(${orOf(terms)},1,0)`;
}

/** Formula: `value`, or 0 where the criterion's N/A flag (`naFlag`, a reference) is 1, as unlessNotApplicable. */
export function unlessNotApplicableFormula(naFlag: string, value: string | number): string {
  return `IF(${naFlag}=1,0,${value})`;
}
