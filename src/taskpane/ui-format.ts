// Numbers as the UI shows them: Vietnamese style (88,52 %) in Vietnamese, English style in English.
import { formatPercentVi, formatPointsVi, formatRankChangeEn, formatRankChangeVi, formatRankOf } from '../core/format';
import type { Lang } from './i18n';

export function formatPercent(value: number, lang: Lang): string {
  return lang === 'en' ? `${value.toFixed(2)} %` : formatPercentVi(value);
}

export function formatPoints(value: number, lang: Lang): string {
  return lang === 'en' ? String(Math.round(value * 100) / 100) : formatPointsVi(value);
}

/** `01/08` as the press writes a rank, in both languages. */
export function formatRank(rank: number, count: number): string {
  return formatRankOf(rank, count);
}

export function formatRankChange(change: number | null, lang: Lang): string {
  if (change === null) return '—';
  return lang === 'en' ? formatRankChangeEn(change) : formatRankChangeVi(change);
}
