// Rule: a score outside its criterion's range is reported and counted at the bound (above the maximum → the
// maximum, below 0 or a penalty's floor → that), and a score above the maximum is highlighted live.
//
// The engine (scoreRange, boundsProblem) and the formulas (clampFormula in the calculation sheet,
// aboveMaxFormula in the unit sheets' highlights) must agree. test/results.test.ts recalculates every
// calculation-sheet formula in LibreOffice and compares it with the engine's value (but no score counted in
// its workbooks is out of range: the sample's one score above the maximum is in the column not counted, so
// the clamp itself is not exercised there); test/flags.test.ts evaluates the highlights in LibreOffice and
// compares the rows flagged with the engine's SCORE_ABOVE_MAX findings. The highlight compares with the
// maximum written on the row, the engine with the template's (they differ only where MAX_ALTERED is reported).
import type { CriterionRow } from '../types';
import type { FindingCode } from '../findings';
import { formatPointsVi } from '../format';
import { HIGHLIGHT_TAG } from '../plan-types';

/** Scores within this of a bound are within it (binary noise); the same number as a formula writes it. */
const SLACK = 1e-9;
const SLACK_TEXT = '1E-9';

/** The maximum a leaf criterion counts for: its own (never below 0) for an ordinary one, none for bonus and penalty. */
export function leafMax(row: CriterionRow): number {
  return row.kind === 'normal' ? Math.max(0, row.max ?? 0) : 0;
}

export interface ScoreRange {
  floor: number;
  max: number;
}

/** Engine and formulas: the range a leaf's score is held in (penalty: floor…0; bonus: 0…its points; else 0…max). */
export function scoreRange(row: CriterionRow): ScoreRange {
  if (row.kind === 'penalty') return { floor: row.floor, max: 0 };
  if (row.kind === 'bonus') return { floor: 0, max: Math.max(0, row.max ?? 0) };
  return { floor: 0, max: leafMax(row) };
}

export interface BoundsProblem {
  code: FindingCode;
  /** What the score counts for instead, when it is held within bounds. */
  counted?: number;
  params: Record<string, string>;
  extra: { expected?: string; found?: string };
}

/** Engine: a score outside its criterion's range (held at the bound) or not one of its allowed levels. */
export function boundsProblem(value: number, t: CriterionRow): BoundsProblem | null {
  const { floor, max } = scoreRange(t);
  const inRange = value >= floor - SLACK && value <= max + SLACK;
  if (inRange && (!t.levels || t.levels.some((l) => Math.abs(l - value) < SLACK))) return null;
  const found = formatPointsVi(value);
  if (value < floor - SLACK) {
    return t.kind === 'penalty'
      ? {
          code: 'SCORE_BELOW_FLOOR',
          counted: floor,
          params: { found, expected: formatPointsVi(floor) },
          extra: { expected: String(floor), found: String(value) },
        }
      : { code: 'SCORE_NEGATIVE', counted: floor, params: { found }, extra: { expected: '0', found: String(value) } };
  }
  if (value > max + SLACK) {
    return {
      code: 'SCORE_ABOVE_MAX',
      counted: max,
      params: { found, expected: formatPointsVi(max) },
      extra: { expected: String(max), found: String(value) },
    };
  }
  const list = (t.levels ?? []).map(formatPointsVi).join('; ');
  return {
    code: 'SCORE_NOT_ALLOWED_LEVEL',
    params: { found, expected: list },
    extra: { expected: list, found: String(value) },
  };
}

/** Formula: `points` held within the range, as boundsProblem counts it. */
export function clampFormula(range: ScoreRange, points: string): string {
  return `MEDIAN(${range.floor},${range.max},${points})`;
}

/**
 * Formula: the highlight of a score cell above the maximum written on its row (`cell`, `maxCell` as A1
 * references relative to the rule's range), as boundsProblem reports SCORE_ABOVE_MAX. A score typed as text
 * is not highlighted (Excel compares it as text); the findings sheet lists it.
 */
export function aboveMaxFormula(cell: string, maxCell: string): string {
  return `AND(ISNUMBER(${cell}),ISNUMBER(${maxCell}),${cell}>${maxCell}+${SLACK_TEXT},${HIGHLIGHT_TAG})`;
}
