// Appraisal notices (Thông báo kết quả thẩm định): per unit, what the council's appraisal changed against the
// unit's self-assessment: both totals, every criterion scored differently, the criteria the council found not
// applicable, with the council's comment. The figures are the engine's, read twice: once on the self scores,
// once on the appraised ones (as the run counts them), so a notice adds up to the totals the ranking uses.
import type { Analysis, AnalyzeOptions, BlockResult, NodeScore, UnitResult, WorkbookSnapshot } from './types';
import { analyzeWorkbook } from './analyze';
import { clean } from './points';
import { cellText } from './text';
import { isLeaf } from './tree';

/** A score as the notice shows it: the points counted, or "not applicable". */
export type NoticeScore = { points: number } | { notApplicable: true };

export interface NoticeCriterion {
  /** The criterion's path (`II.2.b`). */
  key: string;
  name: string;
  self: NoticeScore;
  appraised: NoticeScore;
  /** Appraised − self, in points; null where either side is not applicable. */
  difference: number | null;
  /** The council's comment on the unit's row (comment column), '' where none. */
  comment: string;
}

export interface NoticeTotals {
  points: number;
  max: number;
  /** Displayed percentage (2 decimals, per the rounding setting). */
  percent: number;
}

export interface UnitNotice {
  block: string;
  sheet: string;
  unit: string;
  /** False when the unit's sheet has an appraised column but no appraised score in it yet. */
  appraised: boolean;
  selfTotals: NoticeTotals;
  appraisedTotals: NoticeTotals;
  /** Criteria the council scored differently (the unit's "not applicable" scored by the council included). */
  changed: NoticeCriterion[];
  /** Criteria the council counted as not applicable. */
  notApplicable: NoticeCriterion[];
}

export interface Notices {
  notices: UnitNotice[];
  /** Units whose sheet has no appraised column, or no self column: nothing to compare. */
  withoutAppraisal: { sheet: string; unit: string }[];
}

/**
 * The two readings a notice compares: the self scores (basis `self`), and the appraised scores as the run counts
 * them (its own analysis; basis `auto` when the run counts the self scores). Same settings otherwise.
 */
function readings(snapshot: WorkbookSnapshot, analysis: Analysis, options: AnalyzeOptions): [Analysis, Analysis] {
  const reread = (basis: 'self' | 'auto') =>
    analyzeWorkbook(snapshot, { ...options, settings: { ...analysis.settings, basis } });
  return [reread('self'), analysis.settings.basis === 'self' ? reread('auto') : analysis];
}

const totals = (u: UnitResult): NoticeTotals => ({ points: u.points, max: u.max, percent: u.percent });

const scoreOf = (s: NodeScore): NoticeScore => (s.notApplicable ? { notApplicable: true } : { points: s.points });

/** Every unit's notice, block by block in rank order (the run's), from the engine's two readings. */
export function appraisalNotices(
  snapshot: WorkbookSnapshot,
  analysis: Analysis,
  options: AnalyzeOptions = {},
): Notices {
  const [selfReading, appraisedReading] = readings(snapshot, analysis, options);
  const unitsOf = (reading: Analysis) => new Map(reading.blocks.flatMap((b) => b.units.map((u) => [u.sheet, u])));
  const selfUnits = unitsOf(selfReading);
  const appraisedUnits = unitsOf(appraisedReading);
  const notices: UnitNotice[] = [];
  const withoutAppraisal: Notices['withoutAppraisal'] = [];
  for (const block of analysis.blocks) {
    const leaves = leafKeys(analysis, block);
    for (const unit of block.units) {
      const reading = analysis.sheets.find((s) => s.sheet === unit.sheet);
      const self = selfUnits.get(unit.sheet);
      const appraised = appraisedUnits.get(unit.sheet);
      const columns = reading?.layout?.columns;
      if (
        !reading?.tree ||
        !columns ||
        columns.self === undefined ||
        columns.appraised === undefined ||
        !self ||
        !appraised
      ) {
        withoutAppraisal.push({ sheet: unit.sheet, unit: unit.unit });
        continue;
      }
      const rows = snapshot.sheets.find((s) => s.name === unit.sheet)?.rows ?? [];
      const tree = reading.tree;
      const cellOf = (key: string, col: number | undefined): string => {
        const row = tree.byKey.get(key)?.row;
        return row === undefined || col === undefined ? '' : cellText(rows[row]?.[col]);
      };
      const selfScores = new Map(self.criteria.map((c) => [c.key, c]));
      const changed: NoticeCriterion[] = [];
      const notApplicable: NoticeCriterion[] = [];
      for (const a of appraised.criteria) {
        const s = selfScores.get(a.key);
        if (!s || !leaves.has(a.key)) continue;
        const both = !a.notApplicable && !s.notApplicable;
        const difference = both ? clean(a.points - s.points) : null;
        const item: NoticeCriterion = {
          key: a.key,
          name: a.name,
          self: scoreOf(s),
          appraised: scoreOf(a),
          difference,
          comment: cellOf(a.key, columns.comment),
        };
        if (a.notApplicable) notApplicable.push(item);
        else if (s.notApplicable || difference !== 0) changed.push(item);
      }
      notices.push({
        block: block.name,
        sheet: unit.sheet,
        unit: unit.unit,
        appraised: [...leaves].some((key) => cellOf(key, columns.appraised) !== ''),
        selfTotals: totals(self),
        appraisedTotals: totals(appraised),
        changed,
        notApplicable,
      });
    }
  }
  return { notices, withoutAppraisal };
}

/** The keys of the block's template leaves (the criteria scored). */
function leafKeys(analysis: Analysis, block: BlockResult): Set<string> {
  const tree = analysis.sheets.find((s) => s.sheet === block.template)?.tree;
  return new Set(tree ? tree.rows.filter((r) => isLeaf(tree, r.key)).map((r) => r.key) : []);
}
