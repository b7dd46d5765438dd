// How findings are counted and grouped for display; no rule here, only arrangement.
import type { Analysis, Finding, Severity } from '../core/types';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export interface FindingGroup {
  key: string;
  label: string;
  /** The sheet's name, shown under the unit's own name when they differ. */
  detail: string | null;
  findings: Finding[];
}

/** The unit's name as read from the sheet (`Đơn vị: …`), else the sheet's name. */
export function unitLabel(analysis: Analysis | null, sheet: string): string {
  return analysis?.sheets.find((s) => s.sheet === sheet)?.unit ?? sheet;
}

/** Groups in first-seen order (workbook order for sheets, catalogue order for codes). */
export function groupFindings(
  findings: readonly Finding[],
  by: 'sheet' | 'code',
  analysis: Analysis | null,
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = by === 'sheet' ? f.sheet : f.code;
    let group = groups.get(key);
    if (!group) {
      const label = by === 'sheet' ? unitLabel(analysis, f.sheet) : f.code;
      group = { key, label, detail: by === 'sheet' && label !== f.sheet ? f.sheet : null, findings: [] };
      groups.set(key, group);
    }
    group.findings.push(f);
  }
  return [...groups.values()];
}
