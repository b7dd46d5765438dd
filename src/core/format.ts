// Numbers the Vietnamese way: decimal comma, dot for thousands (88,52 %; 1.234,5).
import type { RoundingMode } from './types';

/** Percent shown with 2 decimals: half up (default) or truncated, as provinces publish. */
export function roundTo2(value: number, mode: RoundingMode = 'half-up'): number {
  if (!Number.isFinite(value)) return 0;
  // Clean binary noise first (8/13*100 is 61.538461538461540…) so that 56.99999999999999 truncates to 57.
  const hundredths = Math.round(Math.abs(value) * 100 * 1e6) / 1e6;
  const whole = mode === 'truncate' ? Math.floor(hundredths) : Math.floor(hundredths + 0.5);
  const result = (Math.sign(value) * whole) / 100;
  return result === 0 ? 0 : result;
}

export function formatDecimalVi(value: number, decimals = 2): string {
  if (!Number.isFinite(value)) return '';
  const fixed = Math.abs(value).toFixed(decimals);
  const [int, frac] = fixed.split('.');
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, '.');
  const sign = value < 0 && Number(fixed) !== 0 ? '-' : '';
  return sign + grouped + (frac ? ',' + frac : '');
}

/** `88,52 %`; the value is already a percentage (88.52, not 0.8852). */
export function formatPercentVi(value: number, decimals = 2): string {
  return `${formatDecimalVi(value, decimals)} %`;
}

/** Points as published: up to 2 decimals, trailing zeros dropped (`10,59`, `12`, `8,5`). */
export function formatPointsVi(value: number): string {
  const s = formatDecimalVi(value, 2);
  return s.includes(',') ? s.replace(/,?0+$/, '') : s;
}

/** `07/20` as the press writes a rank. */
export function formatRankOf(rank: number, count: number): string {
  return `${String(rank).padStart(2, '0')}/${String(count).padStart(2, '0')}`;
}

/** `tăng 03 bậc`, `giảm 02 bậc`, `giữ nguyên`: change = last year's rank − this year's. */
export function formatRankChangeVi(change: number): string {
  if (change === 0) return 'giữ nguyên';
  const steps = String(Math.abs(change)).padStart(2, '0');
  return change > 0 ? `tăng ${steps} bậc` : `giảm ${steps} bậc`;
}

export function formatRankChangeEn(change: number): string {
  if (change === 0) return 'unchanged';
  const n = Math.abs(change);
  return `${change > 0 ? 'up' : 'down'} ${n} place${n === 1 ? '' : 's'}`;
}
