// Rule: a score typed as text is read as a number, the Vietnamese way or the English way (`10,59`, `10.59`).
// It is counted (and reported: SCORE_TEXT_NUMBER, since Excel's SUM skips it).
//
// The engine (parseNumberText, defined in cells.ts where every cell is read, and re-exported here) and the
// formula (numberFormula, in the calculation sheet's points) must agree. test/results.test.ts recalculates the
// calculation sheet in LibreOffice and compares every formula with the engine's value; its only score typed as
// text (the sample's `Sở Xây dựng`!D11, `0,75`) is in the column the basis does not count, so this formula's
// text branch is not exercised there yet (test/core/cells.test.ts checks parseNumberText). Known differences, left as they are: the formula reads a number with both separators or
// with thousands groups (`1.234,5`, `1.234.567`) as 0 and `88,52%` as 0.8852, where the engine reads 1234.5,
// 1234567 and 88.52 (then held at the maximum): none is a plausible score.
export { parseNumberText } from '../cells';

/** Formula: the number in cell `ref`, or the number typed in it as text (decimal comma or point); 0 otherwise. */
export function numberFormula(ref: string): string {
  return `IFERROR(IF(ISNUMBER(${ref}),${ref},NUMBERVALUE(SUBSTITUTE(${ref},",","."),".",",")),0)`;
}
