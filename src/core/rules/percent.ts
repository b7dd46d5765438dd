// Rule: percentage = points ÷ applicable maximum × 100 (0 where nothing applies), for every criterion, area
// and unit; displayed with 2 decimals, half up by default or truncated (`cắt bỏ`), after dropping binary noise.
//
// The engine (percentOf, roundTo2) and the formulas (percentFormula, displayFormula in the ranking sheets)
// must agree. test/results.test.ts recalculates the ranking sheets in LibreOffice and compares every formula
// with the engine's value (half up: its workbooks do not truncate); test/core/format.test.ts and
// test/acceptance.test.ts check roundTo2 against published figures, half up and truncated.
import type { RoundingMode } from '../types';

/** Engine: the exact percentage; 0 where the applicable maximum is 0. */
export function percentOf(points: number, max: number): number {
  return max > 0 ? (points / max) * 100 : 0;
}

/** Formula: the exact percentage of references `points` and `max`, as percentOf; `none` where `max` is 0. */
export function percentFormula(points: string, max: string, none = '0'): string {
  return `IF(${max}>0,${points}/${max}*100,${none})`;
}

/** Engine: a percentage shown with 2 decimals, half up (default) or truncated, as provinces publish. */
export function roundTo2(value: number, mode: RoundingMode = 'half-up'): number {
  if (!Number.isFinite(value)) return 0;
  // Clean binary noise first (8/13*100 is 61.538461538461540…) so that 56.99999999999999 truncates to 57.
  const hundredths = Math.round(Math.abs(value) * 100 * 1e6) / 1e6;
  const whole = mode === 'truncate' ? Math.floor(hundredths) : Math.floor(hundredths + 0.5);
  const result = (Math.sign(value) * whole) / 100;
  return result === 0 ? 0 : result;
}

/** Formula: `x` shown with 2 decimals, as roundTo2 (truncation after rounding to 6 decimals drops the noise). */
export function displayFormula(x: string, mode: RoundingMode): string {
  return mode === 'truncate' ? `ROUNDDOWN(ROUND(${x},6),2)` : `ROUND(${x},2)`;
}
