// Rule: uncoded or `-` rows under an ordinary criterion that say how to score it (`- Ban hành đúng hạn: 1`,
// `- Ban hành chậm: 0,5`) are its scoring levels, not sub-criteria: the criterion is scored on its own row.
// The template decides which rows are levels, for its unit sheets too (tree.ts, withTemplateLevels). A score
// written on a level row while the criterion's own row is blank is not counted, and reported.
//
// The engine (levelRowKeys, ignoredLevelScore) and the live formulas must agree. The formulas have no level
// row formula of their own: they read a criterion on its own row (formulaRowOf, in the calculation sheet) and
// highlight only criterion rows (highlightedRows), so a score on a level row counts 0 live as in the engine.
// test/core/level-rows.test.ts checks that the written formulas and highlights never refer to a level row and
// carry the engine's values; test/core/tree-realistic.test.ts checks the engine's reading of levels.
import type { ScoreCell } from '../cells';
import type { CriteriaTree, CriterionRow } from '../types';
import { POINTS_TOLERANCE as EPS } from '../points';

/**
 * Engine: the keys of the rows that are scoring levels. `loose` holds the rows without a code of their own
 * (blank or a dash); areas (at `areaLevel` or above), parts, bonus and penalty criteria have no levels.
 * Rows are levels when one of them is worth the criterion's full maximum, none is worth more, and their
 * maxima do not add up to the criterion's (or one is worth 0). Sub-criteria that add up stay sub-criteria.
 */
export function levelRowKeys(tree: CriteriaTree, loose: ReadonlySet<string>, areaLevel: number): Set<string> {
  const out = new Set<string>();
  for (const parent of tree.rows) {
    // Itemised deductions and bonuses never add up to their cap: only ordinary criteria have levels.
    if (parent.kind !== 'normal') continue;
    const children = tree.children.get(parent.key);
    if (children === undefined) continue; // a leaf: nothing under it (and no arrays made for it)
    const kids = children.filter((k) => k.kind === parent.kind);
    const levels = kids.filter((k) => loose.has(k.key));
    if (parent.max === null || parent.level <= areaLevel || levels.length === 0) continue;
    if (areLevels(parent.max, kids, levels)) for (const k of levels) out.add(k.key);
  }
  return out;
}

function areLevels(max: number, kids: CriterionRow[], loose: CriterionRow[]): boolean {
  // A row worth more than its criterion is a template error to report, not a level.
  if (loose.some((k) => k.max !== null && Math.abs(k.max) > Math.abs(max) + EPS)) return false;
  // Levels start at full marks (`đúng hạn: 1` under 1); sub-criteria that merely miss the sum are an error.
  if (!loose.some((k) => k.max !== null && Math.abs(k.max - max) <= EPS)) return false;
  const sum = kids.reduce((s, k) => s + (k.max ?? 0), 0);
  return Math.abs(sum - max) > EPS || loose.some((k) => k.max === 0);
}

/** Engine: a score on a level row that is not counted (SCORE_ON_LEVEL_ROW): a number there, the criterion's own cell blank. */
export function ignoredLevelScore(
  levelCell: ScoreCell,
  criterionCell: ScoreCell,
): levelCell is Extract<ScoreCell, { kind: 'number' }> {
  return levelCell.kind === 'number' && criterionCell.kind === 'blank';
}

/** Formulas: the unit sheet's row the calculation sheet reads for a template criterion: its own, never a level row. */
export function formulaRowOf(unitTree: CriteriaTree, key: string): CriterionRow | undefined {
  // The unit's tree is read with the template's levels (withTemplateLevels): level rows are not in it.
  return unitTree.byKey.get(key);
}

/**
 * Formulas: the unit sheet's rows the highlights cover, in sheet order, with the template's criterion: rows
 * scored on their own (leaves in the unit's tree and in the template's), never a level row.
 */
export function highlightedRows(
  unitTree: CriteriaTree,
  templateTree: CriteriaTree,
): { row: number; criterion: CriterionRow }[] {
  return unitTree.rows
    .filter(
      (row) =>
        !unitTree.children.has(row.key) && templateTree.byKey.has(row.key) && !templateTree.children.has(row.key),
    )
    .map((row) => ({ row: row.row, criterion: templateTree.byKey.get(row.key) as CriterionRow }))
    .sort((a, b) => a.row - b.row);
}
