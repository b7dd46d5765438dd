// One unit's score sheet against its template: every check of the rules, and the values scoring counts.
import type { CellValue, CriteriaTree, CriterionRow, Finding, ScoreBasis, SheetLayout, SheetSnapshot } from './types';
import { cellAddress } from './address';
import { readScoreCell, type MarkerSet, type ScoreCell } from './cells';
import { makeFinding, SCORE_COLUMN, type FindingCode } from './findings';
import { formatPointsVi } from './format';
import { POINTS_TOLERANCE as EPS } from './points';
import { countedColumn, sheetBasis, type ScoreColumn } from './rules/basis';
import { boundsProblem } from './rules/bounds';
import { evidenceGap } from './rules/evidence';
import { ignoredLevelScore } from './rules/level-rows';
import { leafNotApplicable, notApplicableBranch, unlessNotApplicable } from './rules/not-applicable';
import type { Template } from './template';
import { cellText } from './text';
import { isLeaf } from './tree';

/** What scoring counts for one template leaf. */
export interface LeafValue {
  /** Points counted, already held within the criterion's bounds. */
  value: number;
  notApplicable: boolean;
  /** Zero-based row in the unit sheet, or null when the criterion is missing there. */
  row: number | null;
}

export interface UnitReading {
  leaves: Map<string, LeafValue>;
  findings: Finding[];
}

export interface UnitCheckOptions {
  basis: ScoreBasis;
  naMarkers: MarkerSet;
  placeholders: MarkerSet;
  /** The sheet's rows that the template reads as scoring levels of a criterion (not scored). */
  levelRows?: CriterionRow[];
}

export function readUnitSheet(
  sheet: SheetSnapshot,
  layout: SheetLayout,
  tree: CriteriaTree,
  duplicates: { key: string; row: number }[],
  template: Template,
  options: UnitCheckOptions,
): UnitReading {
  const findings: Finding[] = [];
  const cols = layout.columns;
  const codeCol = cols.code ?? cols.name ?? 0;
  const push = (
    code: FindingCode,
    row: number | null,
    col: number | undefined,
    params: Record<string, string>,
    extra: { expected?: string; found?: string; criterion?: string } = {},
  ) =>
    findings.push(
      makeFinding(code, sheet.name, row === null || col === undefined ? null : cellAddress(row, col), params, extra),
    );

  // Structure: duplicates, unknown, missing, altered maxima.
  for (const d of duplicates) push('CRITERION_DUPLICATE', d.row, codeCol, { key: d.key }, { criterion: d.key });
  for (const row of tree.rows) {
    if (row.key.includes('#')) continue;
    const t = template.tree.byKey.get(row.key);
    if (!t) {
      push('CRITERION_UNKNOWN', row.row, codeCol, { key: row.key }, { criterion: row.key });
      continue;
    }
    if (row.max !== null && t.max !== null && Math.abs(row.max - t.max) > 1e-9) {
      push(
        'MAX_ALTERED',
        row.row,
        cols.max,
        { key: row.key, expected: formatPointsVi(t.max), found: formatPointsVi(row.max) },
        { criterion: row.key, expected: String(t.max), found: String(row.max) },
      );
    }
  }
  for (const t of template.tree.rows) {
    if (!tree.byKey.has(t.key)) {
      findings.push(
        makeFinding(
          'CRITERION_MISSING',
          sheet.name,
          null,
          { key: t.key, name: t.name },
          { criterion: t.key, expected: t.key },
        ),
      );
    }
  }

  const scoreColumns: ScoreColumn[] = [];
  if (cols.self !== undefined) scoreColumns.push('self');
  if (cols.appraised !== undefined) scoreColumns.push('appraised');
  const { basis, fellBack } = sheetBasis(options.basis, cols.self !== undefined, cols.appraised !== undefined);
  if (fellBack) push('BASIS_FALLBACK', null, undefined, {});

  // Each score cell is read once: the N/A pass reads every row, the leaf pass reuses it (by sheet row).
  const cellsAt: Record<ScoreColumn, ScoreCell[]> = { self: [], appraised: [] };
  for (const row of tree.rows) {
    for (const column of scoreColumns)
      cellsAt[column][row.row] = readScoreCell(sheet.rows[row.row]?.[cols[column] as number], options.naMarkers);
  }
  // Per column: a unit that marks an area "not applicable" does not cancel what the council scored under it.
  const naBranch: Record<ScoreColumn, Set<string>> = { self: new Set(), appraised: new Set() };
  for (const column of scoreColumns)
    naBranch[column] = notApplicableBranch(tree.rows, (row) => cellsAt[column][row.row].kind === 'na');
  const underNa = (column: ScoreColumn, row: CriterionRow) =>
    row.parentKey !== null && naBranch[column].has(row.parentKey);

  const report = (
    code: FindingCode,
    column: ScoreColumn,
    row: CriterionRow,
    params: Record<string, string>,
    extra: { expected?: string; found?: string } = {},
  ) =>
    push(
      code,
      row.row,
      cols[column],
      { column: SCORE_COLUMN[column].vi, columnEn: SCORE_COLUMN[column].en, key: row.key, ...params },
      { criterion: row.key, ...extra },
    );

  /** What one score cell counts for, with its findings. */
  const other: Record<ScoreColumn, ScoreColumn> = { self: 'appraised', appraised: 'self' };
  /** The column says "not applicable" for the row: on the row itself or on a branch above it. */
  const saysNa = (column: ScoreColumn, row: CriterionRow) =>
    cols[column] !== undefined && (cellsAt[column][row.row]?.kind === 'na' || underNa(column, row));
  const judge = (column: ScoreColumn, row: CriterionRow, t: CriterionRow): Judged => {
    const cell = cellsAt[column][row.row];
    const na = {
      ancestorNa: underNa(column, row),
      otherColumnSaysNa: saysNa(other[column], row),
      naAllowed: t.naAllowed,
    };
    if (leafNotApplicable(cell.kind, na)) return NA;
    switch (cell.kind) {
      case 'blank':
        return BLANK;
      case 'error':
        report('CELL_ERROR_VALUE', column, row, { found: cell.text }, { found: cell.text });
        return ZERO;
      case 'text':
        report(
          cell.naLike === undefined ? 'SCORE_NOT_NUMBER' : 'NA_WITH_TEXT',
          column,
          row,
          { found: cell.text },
          { found: cell.text },
        );
        return ZERO;
      case 'na':
        report('NA_NOT_ALLOWED', column, row, {}, { found: cell.text });
        return ZERO;
      case 'number': {
        if (cell.fromText) {
          const typed = cellText(sheet.rows[row.row]?.[cols[column] as number]);
          report(
            'SCORE_TEXT_NUMBER',
            column,
            row,
            { found: typed, value: formatPointsVi(cell.value) },
            { found: typed },
          );
        }
        const problem = boundsProblem(cell.value, t);
        if (problem) report(problem.code, column, row, problem.params, problem.extra);
        return { value: problem?.counted ?? cell.value, na: false, blank: false };
      }
    }
  };

  const leaves = new Map<string, LeafValue>();
  for (const t of template.leaves) {
    const row = tree.byKey.get(t.key);
    if (!row) {
      leaves.set(t.key, { value: 0, notApplicable: false, row: null });
      continue;
    }
    const key = t.key;
    const self = cols.self !== undefined ? judge('self', row, t) : undefined;
    const appraised = cols.appraised !== undefined ? judge('appraised', row, t) : undefined;
    const chosenColumn = countedColumn(basis, self, appraised);
    const chosen = (chosenColumn === 'self' ? self : appraised) ?? BLANK;
    if (chosen.blank) {
      push(
        'SCORE_MISSING',
        row.row,
        cols[chosenColumn],
        { column: SCORE_COLUMN[chosenColumn].vi, columnEn: SCORE_COLUMN[chosenColumn].en, key },
        { criterion: key },
      );
    }

    // Appraisal raising a unit's own score is unusual: the council is asked to look again.
    const selfCell = cols.self !== undefined ? cellsAt.self[row.row] : null;
    const apprCell = cols.appraised !== undefined ? cellsAt.appraised[row.row] : null;
    if (selfCell?.kind === 'number' && apprCell?.kind === 'number' && apprCell.value > selfCell.value + 1e-9) {
      push(
        'APPRAISED_ABOVE_SELF',
        row.row,
        cols.appraised,
        { key, found: formatPointsVi(apprCell.value), expected: formatPointsVi(selfCell.value) },
        { criterion: key, expected: String(selfCell.value), found: String(apprCell.value) },
      );
    }

    const notApplicable = chosen.na;
    if (!notApplicable && t.evidenceRequired) checkEvidence(sheet, layout, row, t, self, appraised, options, push);
    leaves.set(key, { value: unlessNotApplicable(notApplicable, chosen.value), notApplicable, row: row.row });
  }

  checkSubtotals(sheet, layout, tree, template, scoreColumns, options.naMarkers, push);
  // A score written on a scoring-level row while its criterion's row is blank: not counted, and said where.
  for (const level of options.levelRows ?? []) {
    const parent = level.parentKey === null ? undefined : tree.byKey.get(level.parentKey);
    if (!parent) continue;
    for (const column of scoreColumns) {
      const col = cols[column] as number;
      const cell = readScoreCell(sheet.rows[level.row]?.[col], options.naMarkers);
      if (!ignoredLevelScore(cell, readScoreCell(sheet.rows[parent.row]?.[col], options.naMarkers))) continue;
      const found = formatPointsVi(cell.value);
      push(
        'SCORE_ON_LEVEL_ROW',
        level.row,
        col,
        {
          column: SCORE_COLUMN[column].vi,
          columnEn: SCORE_COLUMN[column].en,
          key: parent.key,
          found,
          parentCell: cellAddress(parent.row, col),
        },
        { criterion: parent.key, found },
      );
    }
  }
  return { leaves, findings };
}

interface Judged {
  value: number;
  na: boolean;
  blank: boolean;
}
const NA: Judged = { value: 0, na: true, blank: false };
const BLANK: Judged = { value: 0, na: false, blank: true };
const ZERO: Judged = { value: 0, na: false, blank: false };

function checkEvidence(
  sheet: SheetSnapshot,
  layout: SheetLayout,
  row: CriterionRow,
  t: CriterionRow,
  self: Judged | undefined,
  appraised: Judged | undefined,
  options: UnitCheckOptions,
  push: (
    code: FindingCode,
    row: number | null,
    col: number | undefined,
    params: Record<string, string>,
    extra?: { expected?: string; found?: string; criterion?: string },
  ) => void,
): void {
  const cols = layout.columns;
  const values = sheet.rows[row.row] ?? [];
  const evidence = cols.evidence === undefined ? '' : cellText(values[cols.evidence]);
  const explanation = cols.explanation === undefined ? '' : cellText(values[cols.explanation]);
  const gap = evidenceGap(
    { self: self?.value, appraised: appraised?.value, evidence, explanation },
    options.placeholders,
  );
  if (gap === null) return;
  const where = cols.evidence ?? cols.self ?? cols.appraised;
  if (gap.gap === 'missing')
    push('EVIDENCE_MISSING', row.row, where, { key: t.key, score: formatPointsVi(gap.score) }, { criterion: t.key });
  else
    push(
      'EVIDENCE_PLACEHOLDER',
      row.row,
      where,
      { key: t.key, found: evidence },
      { criterion: t.key, found: evidence },
    );
}

/**
 * Subtotal and total rows must hold the total a person could mean. A formula is checked the way Excel
 * computes it: its SUM skips a number typed as text, so the displayed total is what the children hold as
 * Excel reads them. A typed total is checked against the numbers as the engine reads them (`0,5` is 0.5).
 * A number typed as text is reported once (SCORE_TEXT_NUMBER): a typed total that equals either reading
 * is not reported again, nor is one where the sheet's formulas are not known.
 */
function checkSubtotals(
  sheet: SheetSnapshot,
  layout: SheetLayout,
  tree: CriteriaTree,
  template: Template,
  scoreColumns: ScoreColumn[],
  naMarkers: MarkerSet,
  push: (
    code: FindingCode,
    row: number | null,
    col: number | undefined,
    params: Record<string, string>,
    extra?: { expected?: string; found?: string; criterion?: string },
  ) => void,
): void {
  for (const column of scoreColumns) {
    const col = layout.columns[column] as number;
    const names = { column: SCORE_COLUMN[column].vi, columnEn: SCORE_COLUMN[column].en };
    const excel = subtotalReading(tree, (r) => excelNumber(sheet.rows[r]?.[col]));
    const engine = subtotalReading(tree, (r) => engineNumber(sheet.rows[r]?.[col], naMarkers));
    const check = (
      row: number,
      children: (reading: SubtotalReading) => number,
    ): { found: number; expected: number } | null => {
      const typed = engineNumber(sheet.rows[row]?.[col], naMarkers);
      if (typed === null) return null;
      const formula = sheet.formulas?.[row]?.[col];
      const asExcel = children(excel);
      const asEngine = children(engine);
      if (typeof formula === 'string' && formula !== '') {
        // The cached result of a formula that does not sum what Excel reads is wrong where it stands.
        const own = excelNumber(sheet.rows[row]?.[col]);
        return own === null || Math.abs(own - asExcel) <= EPS ? null : { found: own, expected: asExcel };
      }
      if (Math.abs(typed - asEngine) <= EPS || Math.abs(typed - asExcel) <= EPS) return null;
      return { found: typed, expected: asEngine };
    };
    for (const row of tree.rows) {
      if (isLeaf(tree, row.key) || !template.tree.byKey.has(row.key)) continue;
      const bad = check(row.row, (reading) => reading.childSum(row.key));
      if (bad) {
        push(
          'SUBTOTAL_MISMATCH',
          row.row,
          col,
          { ...names, key: row.key, found: formatPointsVi(bad.found), expected: formatPointsVi(bad.expected) },
          { criterion: row.key, expected: String(round(bad.expected)), found: String(bad.found) },
        );
      }
    }
    if (tree.totalRow !== null) {
      const bad = check(tree.totalRow, (reading) => reading.childSum(null));
      if (bad) {
        push(
          'TOTAL_MISMATCH',
          tree.totalRow,
          col,
          { ...names, found: formatPointsVi(bad.found), expected: formatPointsVi(bad.expected) },
          { expected: String(round(bad.expected)), found: String(bad.found) },
        );
      }
    }
  }
}

/** A number as Excel's SUM reads it: numbers only (text, blanks and markers count nothing). */
function excelNumber(v: CellValue | undefined): number | null {
  return typeof v === 'number' && Number.isFinite(v) ? v : null;
}

/** A number as the engine reads it: also typed as text (`0,5`); a marker or other text is no number. */
function engineNumber(v: CellValue | undefined, naMarkers: MarkerSet): number | null {
  const cell = readScoreCell(v, naMarkers);
  return cell.kind === 'number' ? cell.value : null;
}

interface SubtotalReading {
  /** What the children of `key` (null: the areas) hold together. */
  childSum: (key: string | null) => number;
}

/** What every row holds in one reading: its own number, else (a parent) the sum of its children, else 0. */
function subtotalReading(tree: CriteriaTree, numberAt: (row: number) => number | null): SubtotalReading {
  const memo = new Map<string, number>();
  const held = (key: string): number => {
    const known = memo.get(key);
    if (known !== undefined) return known;
    const row = tree.byKey.get(key);
    let v = 0;
    if (row) v = numberAt(row.row) ?? (isLeaf(tree, key) ? 0 : childSum(key));
    memo.set(key, v);
    return v;
  };
  const childSum = (key: string | null): number => (tree.children.get(key) ?? []).reduce((s, k) => s + held(k.key), 0);
  return { childSum };
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
