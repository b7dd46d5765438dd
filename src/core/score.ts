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

/** Each template row's place in its tree, by key: a unit's scores are kept in an array in that order. */
const rowPlaces = new WeakMap<Template, Map<string, number>>();

function placesOf(template: Template): Map<string, number> {
  let places = rowPlaces.get(template);
  if (places === undefined) {
    places = new Map(template.tree.rows.map((row, i) => [row.key, i]));
    rowPlaces.set(template, places);
  }
  return places;
}

export function scoreUnit(template: Template, leaves: Map<string, LeafValue>): UnitScore {
  const { tree } = template;
  const places = placesOf(template);
  // In the tree's order (keys are unique in a tree): no map of a unit's scores built and grown for each unit.
  const scores: NodeScore[] = new Array<NodeScore>(tree.rows.length);
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
        const s = scores[places.get(k.key) as number];
        points += s.points;
        if (contributesMax(k)) max += s.max;
        if (!s.notApplicable) notApplicable = false;
      }
      if (!contributesMax(row)) max = 0;
    }
    points = clean(points);
    max = clean(max);
    scores[i] = {
      key: row.key,
      code: row.code,
      name: row.name,
      level: row.level,
      points,
      max,
      percent: percentOf(points, max),
      notApplicable,
    };
  }
  const areas = (tree.children.get(null) ?? []).map((a) => scores[places.get(a.key) as number]);
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
    criteria: scores,
  };
}
