// Points, applicable maximum and percentage for every criterion, area and the unit.
// "Not applicable" removes both points and maximum; bonus and penalty move points, not the maximum.
import type { NodeScore } from './types';
import type { Template } from './template';
import type { LeafValue } from './unit';
import { clean } from './points';
import { percentOf } from './rules/percent';
import { unlessNotApplicable } from './rules/not-applicable';
import { contributesMax } from './tree';

export interface UnitScore {
  points: number;
  max: number;
  percent: number;
  areas: NodeScore[];
  criteria: NodeScore[];
}

export function scoreUnit(template: Template, leaves: Map<string, LeafValue>): UnitScore {
  const { tree } = template;
  const scores = new Map<string, NodeScore>();
  for (let i = tree.rows.length - 1; i >= 0; i--) {
    const row = tree.rows[i];
    const kids = tree.children.get(row.key);
    let points = 0;
    let max = 0;
    let notApplicable: boolean;
    if (!kids) {
      const leaf = leaves.get(row.key);
      notApplicable = leaf?.notApplicable ?? false;
      points = unlessNotApplicable(notApplicable, leaf?.value ?? 0);
      max = unlessNotApplicable(notApplicable, contributesMax(row) ? (template.effectiveMax.get(row.key) ?? 0) : 0);
    } else {
      notApplicable = true;
      for (const k of kids) {
        const s = scores.get(k.key) as NodeScore;
        points += s.points;
        if (contributesMax(k)) max += s.max;
        if (!s.notApplicable) notApplicable = false;
      }
      if (!contributesMax(row)) max = 0;
    }
    points = clean(points);
    max = clean(max);
    scores.set(row.key, {
      key: row.key,
      code: row.code,
      name: row.name,
      level: row.level,
      points,
      max,
      percent: percentOf(points, max),
      notApplicable,
    });
  }
  const areas = (tree.children.get(null) ?? []).map((a) => scores.get(a.key) as NodeScore);
  let points = 0;
  let max = 0;
  for (const a of areas) {
    points += a.points;
    const row = tree.byKey.get(a.key);
    if (row && contributesMax(row)) max += a.max;
  }
  points = clean(points);
  max = clean(max);
  return {
    points,
    max,
    percent: percentOf(points, max),
    areas,
    criteria: tree.rows.map((r) => scores.get(r.key) as NodeScore),
  };
}
