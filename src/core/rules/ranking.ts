// Rule: ranks per block, descending by exact percentage (never the rounded one); only exact ties share a rank
// (1, 2, 2, 4). Classes by bands on the exact percentage (highest band first), none where nothing applies.
// The rank change against last year is written `tăng 03 bậc`, `giảm 02 bậc`, `giữ nguyên`.
//
// The engine (competitionRanks, unitClass, formatRankChangeVi) and the ranking sheet's formulas (rankFormula,
// unitClassFormula, rankChangeFormula) must agree. test/results.test.ts recalculates the ranking sheets in
// LibreOffice and compares every formula with the engine's value, on the sample and on the published
// ministries table (whose published ranks it checks), and after raising a unit's scores. Neither workbook has
// tied units or last year's ranks: the tie and the rank-change wording are checked on the engine side only
// (test/core/score-rank.test.ts, test/core/format.test.ts).
import type { ClassBand } from '../types';
import { excelString } from '../sheet-builder';

/** Exact ties only: values equal but for binary noise share a rank; the same number as a formula writes it. */
const TIE = 1e-9;
const TIE_TEXT = '1E-9';

/** Engine: competition ranks (1, 2, 2, 4) on exact values, highest first. */
export function competitionRanks(values: number[]): number[] {
  return values.map((v) => 1 + values.filter((w) => w > v + TIE).length);
}

/** Formula: the rank of the value in `ref` among the values in `range` (absolute), as competitionRanks. */
export function rankFormula(range: string, ref: string): string {
  return `1+SUMPRODUCT(--(${range}>${ref}+${TIE_TEXT}))`;
}

/** Engine: the band a percentage falls in (bands highest first; below the lowest: the lowest). */
export function classify(percent: number, bands: ClassBand[]): string | null {
  if (bands.length === 0) return null;
  for (const band of bands) if (percent >= band.min - TIE) return band.label;
  return bands[bands.length - 1].label;
}

/** Engine: a unit's class; none (null) where nothing applies to it (applicable maximum 0). */
export function unitClass(percent: number, max: number, bands: ClassBand[]): string | null {
  return max > 0 ? classify(percent, bands) : null;
}

/** Formula: a unit's class from its exact percentage and applicable maximum (references), as unitClass ('' for none). */
export function unitClassFormula(exactRef: string, maxRef: string, bands: ClassBand[]): string {
  const nested = bands.reduceRight<string>(
    (acc, band, j) =>
      j === bands.length - 1
        ? excelString(band.label)
        : `IF(${exactRef}>=${band.min}-${TIE_TEXT},${excelString(band.label)},${acc})`,
    '""',
  );
  return `IF(${maxRef}<=0,"",${nested})`;
}

/** Engine: `tăng 03 bậc`, `giảm 02 bậc`, `giữ nguyên`: change = last year's rank − this year's. */
export function formatRankChangeVi(change: number): string {
  if (change === 0) return 'giữ nguyên';
  const steps = String(Math.abs(change)).padStart(2, '0');
  return change > 0 ? `tăng ${steps} bậc` : `giảm ${steps} bậc`;
}

/** Formula: the rank change from last year's rank and this year's (references; '' where either is blank), as formatRankChangeVi. */
export function rankChangeFormula(lastRef: string, rankRef: string): string {
  return `IF(OR(${lastRef}="",${rankRef}=""),"",IF(${lastRef}-${rankRef}>0,"tăng "&TEXT(${lastRef}-${rankRef},"00")&" bậc",IF(${lastRef}<${rankRef},"giảm "&TEXT(${rankRef}-${lastRef},"00")&" bậc","giữ nguyên")))`;
}
