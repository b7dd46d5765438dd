// What the Office.js adapter reads before writing (office-apply.ts, steps 1, 2 and 4), in at most three
// requests whatever the number of sheets:
//   1  the sheets (names, visibility, protection) and whether the workbook's structure is protected;
//   2  what the check needs of the sheets the plan writes to (merged areas, the values a merge would cover)
//      and the conditional formats of the rules it removes;
//   4  after the check, the details of those rules (type, formula, colours, range), to find the plan's own.
// Merged areas are asked for the part of a sheet the plan writes to (from A1), not the whole sheet, in tiles
// that cannot hold more than MAX_MERGED_AREAS (mergeTiles): beyond, Excel fails or answers a null object. If
// it fails all the same, the check goes on without them.
import { parseRange, type RangeBox } from '../core/address';
import { MAX_COLUMNS, MAX_ROWS } from '../core/excel-limits';
import { HIGHLIGHT_TAG, isTaggedHighlight, type OwnedConditionalFormat, type WritePlan } from '../core/plan-types';
import type { ApplySession } from './office-apply';
import { mergesOf, mergeTiles, queueMergedAreas, stripSheet } from './office-read';
import type { RuleMatcher } from './office-write-steps';
import type { SheetState } from './plan-check';
import { normalizeRange, ruleMatches, type FoundRule } from './rule-match';

export interface SheetInfo {
  state: SheetState;
  ws: Excel.Worksheet;
}

/** The conditional formats of the rules the plan removes, by removalKey, queued in step 2. */
export type Removals = Map<string, { items: Excel.ConditionalFormatCollection }>;

interface Found {
  cf: Excel.ConditionalFormat;
  type: string;
  formula: string | null;
  colours: string[] | null;
  range: Excel.Range | null;
}

/** Where an op's rule is looked for: a tagged highlight on its whole sheet, another rule where it was written. */
function removalKey(index: number, format: OwnedConditionalFormat): string {
  return format.rule.type === 'expression' && isTaggedHighlight(format.rule.formula)
    ? `sheet:${format.sheet}`
    : `op:${index}`;
}

/**
 * What `removeTaggedHighlights` looks for on `sheet`: a tagged highlight, so that the matcher gives every
 * tagged rule of the whole sheet (removalKey `sheet:`).
 */
export function taggedProbe(sheet: string): OwnedConditionalFormat {
  return { sheet, range: 'A1', rule: { type: 'expression', formula: HIGHLIGHT_TAG, fill: 'FFFFFF' } };
}

/** A rule as Excel gives it, as the comparison sees it. */
function foundRule(f: Found): FoundRule {
  if (f.type === 'Custom') return { type: 'expression', formula: f.formula };
  if (f.type === 'ColorScale') return { type: 'colorScale', colours: f.colours ?? [] };
  return { type: 'other' };
}

/**
 * Step 1: the sheets (names, visibility, protection) by name, and whether the workbook's structure is
 * protected (ExcelApi 1.7). One request.
 */
export async function readSheets(
  session: ApplySession,
): Promise<{ existing: Map<string, SheetInfo>; structureProtected: boolean }> {
  const { context } = session;
  const worksheets = context.workbook.worksheets;
  worksheets.load('items/name,items/visibility,items/protection/protected');
  const structure = context.workbook.protection;
  structure.load('protected');
  await session.readSync();
  const existing = new Map<string, SheetInfo>();
  for (const ws of worksheets.items) {
    const visibility = ws.visibility;
    existing.set(ws.name, {
      ws,
      state: {
        name: ws.name,
        protected: ws.protection.protected,
        state: visibility === 'VeryHidden' ? 'veryHidden' : visibility === 'Hidden' ? 'hidden' : 'visible',
        merges: [],
      },
    });
  }
  return { existing, structureProtected: structure.protected };
}

/**
 * Step 2: what the check needs of the existing sheets the plan writes to, and the rules it removes: one
 * request (two when Excel cannot give the merged areas). Fills in the sheets' merges and `hasValue`; returns
 * the conditional formats to look through in step 4.
 */
export async function readCheckDetails(
  session: ApplySession,
  plan: WritePlan,
  existing: Map<string, SheetInfo>,
  mergesSupported: boolean,
): Promise<Removals> {
  const { context, result } = session;
  // Merged areas are asked for from A1 to the far corner of what the plan writes on each sheet: Excel gives
  // the merges whose top-left cell is in the range (so every one that covers a written cell) and fails when
  // there are more than 512, which a whole sheet reaches sooner.
  const mergeExtent = new Map<string, { rows: number; cols: number }>();
  const mergeChecks: { sheet: string; box: RangeBox; a1: string }[] = [];
  // A tagged highlight is looked for on its whole sheet (Excel may have moved it), once per sheet.
  const removalTargets: { key: string; sheet: string; a1: string | null }[] = [];
  plan.ops.forEach((op, index) => {
    if (op.kind === 'setCells' || op.kind === 'merge') {
      if (!existing.has(op.sheet)) return;
      let box: RangeBox | null = null;
      if (op.kind === 'merge') {
        box = parseRange(op.range);
        if (box !== null && (box.bottom - box.top + 1) * (box.right - box.left + 1) <= 100000)
          mergeChecks.push({ sheet: op.sheet, box, a1: op.range });
      } else {
        const at = parseRange(op.address);
        if (at !== null && Array.isArray(op.cells)) {
          // No spread into Math.max: a block of many rows would overflow the call stack.
          const width = op.cells.reduce((w: number, r: unknown) => Math.max(w, Array.isArray(r) ? r.length : 1), 1);
          box = {
            top: at.top,
            left: at.left,
            bottom: at.top + Math.max(1, op.cells.length) - 1,
            right: at.left + width - 1,
          };
        }
      }
      const seen = mergeExtent.get(op.sheet) ?? { rows: 1, cols: 1 };
      if (box !== null)
        mergeExtent.set(op.sheet, {
          rows: Math.min(MAX_ROWS, Math.max(seen.rows, box.bottom + 1)),
          cols: Math.min(MAX_COLUMNS, Math.max(seen.cols, box.right + 1)),
        });
      else mergeExtent.set(op.sheet, seen);
    } else if (op.kind === 'removeTaggedHighlights') {
      // Every sheet that is not protected, whatever its name now: all of them in this same request.
      for (const [name, info] of existing) {
        const key = removalKey(index, taggedProbe(name));
        if (!info.state.protected && !removalTargets.some((t) => t.key === key))
          removalTargets.push({ key, sheet: name, a1: null });
      }
    } else if (op.kind === 'removeConditionalFormat') {
      const info = existing.get(op.format.sheet);
      const first = op.format.range.split(/\s+/)[0];
      if (info === undefined || info.state.protected || parseRange(first) === null) return;
      const key = removalKey(index, op.format);
      if (!removalTargets.some((t) => t.key === key))
        removalTargets.push({ key, sheet: op.format.sheet, a1: key.startsWith('sheet:') ? null : first });
    }
  });
  const wantMerges = mergesSupported && mergeExtent.size > 0;
  let merged = new Map<string, Excel.RangeAreas[]>();
  let mergeOps: { sheet: string; box: RangeBox; range: Excel.Range }[] = [];
  let removals: Removals = new Map();
  /** Queues the loads on fresh proxies (so that the request can be sent again without the merges). */
  const queueLoads = (withMerges: boolean): void => {
    merged = new Map();
    if (withMerges) {
      for (const [name, extent] of mergeExtent) {
        merged.set(name, queueMergedAreas((existing.get(name) as SheetInfo).ws, mergeTiles(extent.rows, extent.cols)));
      }
    }
    mergeOps = mergeChecks.map((m) => {
      const range = (existing.get(m.sheet) as SheetInfo).ws.getRange(m.a1);
      range.load('values');
      return { sheet: m.sheet, box: m.box, range };
    });
    removals = new Map();
    for (const t of removalTargets) {
      const ws = (existing.get(t.sheet) as SheetInfo).ws;
      const items = (t.a1 === null ? ws.getRange() : ws.getRange(t.a1)).conditionalFormats;
      items.load('items/type');
      removals.set(t.key, { items });
    }
  };
  if (wantMerges || mergeChecks.length > 0 || removalTargets.length > 0) {
    queueLoads(wantMerges);
    if (!wantMerges) await session.readSync();
    else {
      result.syncs++;
      try {
        await context.sync();
      } catch {
        // Excel could not give the merged areas (no tile holds more than 512: some other refusal): the same
        // request again without them (one more sync, only then). The check and the writes then know no merges
        // on those sheets.
        queueLoads(false);
        await session.readSync();
      }
    }
  }
  for (const [name, tiles] of merged) {
    const info = existing.get(name);
    if (info) info.state.merges = mergesOf(tiles);
  }
  const valueBoxes = new Map<string, { box: RangeBox; values: unknown[][] }[]>();
  for (const m of mergeOps) {
    const list = valueBoxes.get(m.sheet) ?? [];
    list.push({ box: m.box, values: m.range.values });
    valueBoxes.set(m.sheet, list);
  }
  for (const [name, list] of valueBoxes) {
    const info = existing.get(name);
    if (info === undefined) continue;
    info.state.hasValue = (row, col) =>
      list.some(({ box, values }) => {
        if (row < box.top || row > box.bottom || col < box.left || col > box.right) return false;
        const v = values[row - box.top]?.[col - box.left];
        return v !== '' && v !== null && v !== undefined;
      });
  }
  return removals;
}

/**
 * Step 4: the rules to remove, their details and ranges (one more request, only when there are some).
 * Returns what finds an op's rules among them; each rule is given to one op at most.
 */
export async function readRulesToRemove(session: ApplySession, removals: Removals): Promise<RuleMatcher> {
  const found = new Map<string, Found[]>();
  if (removals.size > 0) {
    for (const [key, { items }] of removals) {
      // On a whole sheet only tagged highlights are looked for: their formulas, nothing else.
      const wholeSheet = key.startsWith('sheet:');
      const list: Found[] = items.items.map((cf) => {
        const f: Found = {
          cf,
          type: cf.type,
          formula: null,
          colours: null,
          range: wholeSheet ? null : cf.getRangeOrNullObject(),
        };
        f.range?.load('address');
        if (f.type === 'Custom') cf.custom.rule.load('formula');
        else if (f.type === 'ColorScale' && !wholeSheet) cf.colorScale.load('criteria');
        return f;
      });
      found.set(key, list);
    }
    // Nothing queued (no rule on any sheet looked at): no request.
    const queued = [...found].some(([key, list]) =>
      key.startsWith('sheet:') ? list.some((f) => f.type === 'Custom') : list.length > 0,
    );
    if (queued) await session.readSync();
    for (const [key, list] of found) {
      for (const f of list) {
        if (f.type === 'Custom') f.formula = f.cf.custom.rule.formula;
        else if (f.type === 'ColorScale' && !key.startsWith('sheet:')) {
          const c = f.cf.colorScale.criteria;
          f.colours = [c.minimum?.color, c.midpoint?.color, c.maximum?.color].map((x) => (x ?? '').toUpperCase());
        }
      }
    }
  }
  const claimed = new Set<Excel.ConditionalFormat>();
  /** The rules an op removes: every tagged highlight left on its sheet, or the one rule where it was written. */
  return (index, format) => {
    const key = removalKey(index, format);
    if (key.startsWith('sheet:')) {
      const tagged = (found.get(key) ?? []).filter(
        (f) => !claimed.has(f.cf) && f.type === 'Custom' && f.formula !== null && isTaggedHighlight(f.formula),
      );
      for (const f of tagged) claimed.add(f.cf);
      return tagged.map((f) => f.cf);
    }
    const wanted = normalizeRange(format.range);
    for (const f of found.get(key) ?? []) {
      if (claimed.has(f.cf) || f.range === null || f.range.isNullObject) continue;
      if (normalizeRange(stripSheet(f.range.address)) !== wanted || !ruleMatches(foundRule(f), format.rule)) continue;
      claimed.add(f.cf);
      return [f.cf];
    }
    return [];
  };
}
