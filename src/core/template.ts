// A criteria template: one block's criteria, and the checks on the template itself.
import type { CriteriaTree, CriterionRow, Finding, SheetLayout, SheetSnapshot } from './types';
import { cellAddress } from './address';
import { makeFinding } from './findings';
import { formatPointsVi } from './format';
import { clean, POINTS_TOLERANCE as EPS } from './points';
import { leafMax } from './rules/bounds';
import { contributesMax, isLeaf } from './tree';
import { normalizeWords } from './text';

export interface Template {
  sheet: string;
  block: string;
  layout: SheetLayout;
  tree: CriteriaTree;
  leaves: CriterionRow[];
  /** Effective maximum of every row: a leaf's own, a parent's the sum of its children's. */
  effectiveMax: Map<string, number>;
  totalMax: number;
}

const TEMPLATE_NAME = /^(bo tieu chi|tieu chi|mau|bieu mau|khung tieu chi|template|criteria)( |$)/;

export function looksLikeTemplateName(name: string): boolean {
  return TEMPLATE_NAME.test(normalizeWords(name));
}

/** `Bộ tiêu chí - Khối sở` → `Khối sở`; the sheet name itself when nothing is left. */
export function blockNameFromTemplate(sheetName: string): string {
  const stripped = sheetName
    .normalize('NFC')
    .replace(/^\s*(bộ\s+tiêu\s+chí|tiêu\s+chí|biểu\s+mẫu|mẫu|khung\s+tiêu\s+chí|template|criteria)\s*/iu, '')
    .replace(/^[\s\-–—:_()]+|[\s\-–—:_()]+$/g, '');
  return stripped === '' ? sheetName : stripped;
}

export function buildTemplate(
  sheet: SheetSnapshot,
  layout: SheetLayout,
  tree: CriteriaTree,
  duplicates: { key: string; row: number }[],
  block: string,
): { template: Template; findings: Finding[] } {
  const findings: Finding[] = [];
  const maxCell = (row: number) => (layout.columns.max === undefined ? null : cellAddress(row, layout.columns.max));
  for (const d of duplicates) {
    findings.push(
      makeFinding(
        'TEMPLATE_DUPLICATE_CRITERION',
        sheet.name,
        cellAddress(d.row, layout.columns.code ?? layout.columns.name ?? 0),
        { key: d.key },
        { criterion: d.key },
      ),
    );
  }

  const sane = withSaneMaxima(tree);
  tree = sane.tree;
  for (const row of sane.invalid) {
    findings.push(
      makeFinding(
        'TEMPLATE_MAX_INVALID',
        sheet.name,
        maxCell(row.row),
        { key: row.key, found: formatPointsVi(row.max as number) },
        { criterion: row.key, found: String(row.max) },
      ),
    );
  }
  const effectiveMax = new Map<string, number>();
  const leaves: CriterionRow[] = [];
  // Children come after their parent: walk backwards so every child is summed before its parent.
  for (let i = tree.rows.length - 1; i >= 0; i--) {
    const row = tree.rows[i];
    if (isLeaf(tree, row.key)) {
      if (row.max === null && row.kind === 'normal' && !sane.invalid.some((r) => r.key === row.key)) {
        findings.push(
          makeFinding('TEMPLATE_MISSING_MAX', sheet.name, maxCell(row.row), { key: row.key }, { criterion: row.key }),
        );
      }
      effectiveMax.set(row.key, leafMax(row));
      continue;
    }
    const kids = tree.children.get(row.key) ?? [];
    const sum = clean(kids.filter(contributesMax).reduce((s, k) => s + (effectiveMax.get(k.key) ?? 0), 0));
    effectiveMax.set(row.key, contributesMax(row) ? sum : 0);
    if (row.kind === 'normal' && row.max !== null && Math.abs(row.max - sum) > EPS) {
      findings.push(
        makeFinding(
          'TEMPLATE_PARENT_SUM',
          sheet.name,
          maxCell(row.row),
          { key: row.key, found: formatPointsVi(row.max), expected: formatPointsVi(sum) },
          {
            criterion: row.key,
            expected: String(sum),
            found: String(row.max),
          },
        ),
      );
    }
  }
  for (const row of tree.rows) if (isLeaf(tree, row.key)) leaves.push(row);

  const areas = tree.children.get(null) ?? [];
  const totalMax = clean(areas.filter(contributesMax).reduce((s, a) => s + (effectiveMax.get(a.key) ?? 0), 0));
  if (tree.rows.length > 0 && Math.abs(totalMax - 100) > EPS) {
    findings.push(
      makeFinding(
        'TEMPLATE_TOTAL_NOT_100',
        sheet.name,
        tree.totalRow !== null ? maxCell(tree.totalRow) : null,
        { found: formatPointsVi(totalMax) },
        { expected: '100', found: String(totalMax) },
      ),
    );
  }
  return { template: { sheet: sheet.name, block, layout, tree, leaves, effectiveMax, totalMax }, findings };
}

/** A maximum no template means: not a number, negative (but a penalty's), above 1,000 either way (`1e308`). */
export function isSaneMax(row: CriterionRow): boolean {
  const max = row.max;
  if (max === null) return true;
  return Number.isFinite(max) && Math.abs(max) <= MAX_SANE_MAX && (max >= 0 || row.kind === 'penalty');
}

const MAX_SANE_MAX = 1000;

/** The tree with every maximum that is not sane left blank (counted 0), and the rows that had one. */
function withSaneMaxima(tree: CriteriaTree): { tree: CriteriaTree; invalid: CriterionRow[] } {
  const invalid = tree.rows.filter((r) => !isSaneMax(r));
  if (invalid.length === 0) return { tree, invalid };
  const rows = tree.rows.map((r) => (isSaneMax(r) ? r : { ...r, max: null }));
  const byKey = new Map(rows.map((r) => [r.key, r]));
  const children = new Map<string | null, CriterionRow[]>();
  for (const [key, kids] of tree.children)
    children.set(
      key,
      kids.map((k) => byKey.get(k.key) as CriterionRow),
    );
  return { tree: { rows, byKey, children, totalRow: tree.totalRow }, invalid };
}

/**
 * How well a sheet's criteria match a template: a shared path counts most when the name is the same too,
 * then when the maximum is; templates of different blocks often share every path (1, 1.1, …).
 */
export function matchShare(templateTree: CriteriaTree, tree: CriteriaTree): number {
  const total = templateTree.rows.length;
  if (total === 0) return 0;
  let hits = 0;
  for (const row of templateTree.rows) {
    const other = tree.byKey.get(row.key);
    if (!other) continue;
    // Names are copied from the template, so they are usually identical as they stand.
    if (other.name === row.name || other.name.toLowerCase() === row.name.toLowerCase()) hits += 1;
    else if (other.max !== null && other.max === row.max) hits += 0.75;
    else hits += 0.5;
  }
  return hits / Math.max(total, tree.rows.length);
}
