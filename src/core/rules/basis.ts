// Rule: the score basis says which score column a criterion is counted on: `self`, `appraised`, or `auto`
// (appraised where the council has scored the row, else self). A sheet without the column the basis names
// is counted on the other one (basis `appraised` without an appraised column says so: BASIS_FALLBACK).
//
// The engine (sheetBasis, countedColumn) and the formula (countedCellFormula, the calculation sheet's
// "cell counted") must agree. test/results.test.ts recalculates the calculation sheet in LibreOffice and
// compares every formula with the engine's value, for each basis ('"not applicable" in one score column
// only…': basis self, appraised, auto).
import type { ScoreBasis } from '../types';

export type ScoreColumn = 'self' | 'appraised';

/** Engine: the basis one sheet is read on, given its score columns; `fellBack` when `appraised` had to become `self`. */
export function sheetBasis(
  basis: ScoreBasis,
  hasSelf: boolean,
  hasAppraised: boolean,
): { basis: ScoreBasis; fellBack: boolean } {
  let read = basis;
  const fellBack = read === 'appraised' && !hasAppraised;
  if (fellBack) read = 'self';
  if (read === 'self' && !hasSelf) read = 'appraised';
  return { basis: read, fellBack };
}

/**
 * Engine: the column a criterion is counted on. `self`, `appraised`: the column's reading for the row, undefined
 * where the sheet has no such column; `blank`: the cell is blank and not read as "not applicable".
 */
export function countedColumn(
  basis: ScoreBasis,
  self: { blank: boolean } | undefined,
  appraised: { blank: boolean } | undefined,
): ScoreColumn {
  if (basis === 'self') return 'self';
  if (basis === 'appraised') return 'appraised';
  return appraised && !appraised.blank ? 'appraised' : self ? 'self' : 'appraised';
}

/** Formula: the cell counted, as countedColumn picks it (references null where the sheet has no such column). */
export function countedCellFormula(basis: ScoreBasis, self: string | null, appraised: string | null): string {
  if (basis === 'self') return self ?? (appraised as string);
  if (basis === 'appraised') return appraised ?? (self as string);
  return self && appraised ? `IF(ISBLANK(${appraised}),${self},${appraised})` : (self ?? (appraised as string));
}
