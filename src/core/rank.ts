// Ranking within a block on the exact percentage (never the rounded one), classification, statistics.
import type { AreaStat, BlockResult, ClassBand, Settings, UnitResult } from './types';
import { formatPointsVi } from './format';
import { competitionRanks, formatRankChangeVi, unitClass } from './rules/ranking';
import { lookupByName, normalizeText } from './text';

/**
 * The bands, highest first, ending with one from 0: bands that stop above 0 (A ≥ 90, B ≥ 80, C ≥ 70 only)
 * get a named band below, so a unit at 55 % is never called "C".
 */
export function withBottomBand(bands: ClassBand[]): ClassBand[] {
  const sorted = [...bands].sort((a, b) => b.min - a.min);
  const lowest = sorted[sorted.length - 1];
  if (lowest === undefined || lowest.min <= 0) return sorted;
  return [...sorted, { label: `Dưới ${formatPointsVi(lowest.min)}%`, min: 0 }];
}

// Made when first needed (only units tied on their percentage are ordered by name): building a collator
// loads ICU data, ~50 ms of a command line's start.
let collator: Intl.Collator | undefined;
const byName = (a: string, b: string): number =>
  (collator ??= new Intl.Collator('vi', { sensitivity: 'base', numeric: true })).compare(a, b);

export function rankBlock(
  name: string,
  template: string,
  units: UnitResult[],
  settings: Settings,
  configuredBands: ClassBand[],
  /** Sheets listed but not ranked beyond the settings' (a second sheet of a unit already ranked). */
  notRanked: ReadonlySet<string> = new Set(),
): BlockResult {
  const bands = withBottomBand(configuredBands);
  const unrankedSet = new Set(settings.unranked.map(normalizeText));
  const isUnranked = (u: UnitResult) =>
    (unrankedSet.size > 0 && (unrankedSet.has(normalizeText(u.sheet)) || unrankedSet.has(normalizeText(u.unit)))) ||
    u.max <= 0 ||
    notRanked.has(u.sheet);
  // Sheet order must not matter: order by value, then by name.
  const byValue = (a: UnitResult, b: UnitResult) =>
    b.exactPercent - a.exactPercent || byName(a.unit, b.unit) || byName(a.sheet, b.sheet);
  const ranked = units.filter((u) => !isUnranked(u)).sort(byValue);
  const unranked = units.filter(isUnranked).sort(byValue);
  const ranks = competitionRanks(ranked.map((u) => u.exactPercent));
  ranked.forEach((u, i) => {
    u.rank = ranks[i];
    const last = lookupByName(settings.lastYearRanks, u.sheet, u.unit);
    u.lastYearRank = last ?? null;
    u.rankChange = last === undefined ? null : last - ranks[i];
    u.rankChangeText = u.rankChange === null ? null : formatRankChangeVi(u.rankChange);
  });
  for (const u of [...ranked, ...unranked]) u.class = unitClass(u.exactPercent, u.max, bands);
  for (const u of unranked) {
    u.rank = null;
    u.lastYearRank = lookupByName(settings.lastYearRanks, u.sheet, u.unit) ?? null;
    u.rankChange = null;
    u.rankChangeText = null;
  }

  const basisUnits = ranked.length > 0 ? ranked : unranked;
  const mean = (xs: number[]) => (xs.length === 0 ? 0 : xs.reduce((s, x) => s + x, 0) / xs.length);
  const areaAverages: AreaStat[] = [];
  const first = basisUnits[0];
  if (first) {
    first.areas.forEach((area, i) => {
      const applicable = basisUnits.map((u) => u.areas[i]).filter((a) => a && !a.notApplicable && a.max > 0);
      areaAverages.push({
        key: area.key,
        code: area.code,
        name: area.name,
        averagePercent: mean(applicable.map((a) => a.percent)),
      });
    });
  }
  const classCounts = bands.map((b) => ({
    label: b.label,
    count: basisUnits.filter((u) => u.class === b.label).length,
  }));
  return {
    name,
    template,
    units: [...ranked, ...unranked],
    averagePercent: mean(basisUnits.map((u) => u.exactPercent)),
    highest: ranked[0] ?? null,
    lowest: ranked[ranked.length - 1] ?? null,
    areaAverages,
    classCounts,
    bands,
  };
}
