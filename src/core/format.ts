// Numbers the Vietnamese way: decimal comma, dot for thousands (88,52 %; 1.234,5).
// The rounding of percentages and the Vietnamese rank change are scoring rules with live-formula twins: they
// live in rules/ and are re-exported here for the hosts.
export { roundTo2 } from './rules/percent';
export { formatRankChangeVi } from './rules/ranking';

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

/** The English of formatRankChangeVi: `up 3 places`, `down 1 place`, `unchanged`. */
export function formatRankChangeEn(change: number): string {
  if (change === 0) return 'unchanged';
  const n = Math.abs(change);
  return `${change > 0 ? 'up' : 'down'} ${n} place${n === 1 ? '' : 's'}`;
}
