// How findings are counted and grouped for display; no rule here, only arrangement.
import { FINDING_CODES, findingTitle, type FindingCode } from '../core/findings';
import type { Analysis, Finding, Severity } from '../core/types';
import type { Lang } from './i18n';

export const SEVERITIES: readonly Severity[] = ['error', 'warning', 'info'];

export function countBySeverity(findings: readonly Finding[]): Record<Severity, number> {
  const counts: Record<Severity, number> = { error: 0, warning: 0, info: 0 };
  for (const f of findings) counts[f.severity] += 1;
  return counts;
}

export interface FindingGroup {
  key: string;
  /** The unit's name, or the finding type's short title in the UI's language. */
  label: string;
  /** Secondary: the sheet's name under the unit's own name when they differ, or the finding's code. */
  detail: string | null;
  /** The type's severity when grouped by type (every finding of a code has the code's severity). */
  severity: Severity | null;
  findings: Finding[];
}

/** The unit's name as read from the sheet (`Đơn vị: …`), else the sheet's name. */
export function unitLabel(analysis: Analysis | null, sheet: string): string {
  return analysis?.sheets.find((s) => s.sheet === sheet)?.unit ?? sheet;
}

function isFindingCode(code: string): code is FindingCode {
  return (FINDING_CODES as readonly string[]).includes(code);
}

/** Groups in first-seen order (workbook order for sheets, catalogue order for codes). */
export function groupFindings(
  findings: readonly Finding[],
  by: 'sheet' | 'code',
  analysis: Analysis | null,
  lang: Lang,
): FindingGroup[] {
  const groups = new Map<string, FindingGroup>();
  for (const f of findings) {
    const key = by === 'sheet' ? f.sheet : f.code;
    let group = groups.get(key);
    if (!group) {
      if (by === 'sheet') {
        const label = unitLabel(analysis, f.sheet);
        group = { key, label, detail: label !== f.sheet ? f.sheet : null, severity: null, findings: [] };
      } else {
        const label = isFindingCode(f.code) ? findingTitle(f.code)[lang] : f.code;
        group = { key, label, detail: f.code, severity: f.severity, findings: [] };
      }
      groups.set(key, group);
    }
    group.findings.push(f);
  }
  return [...groups.values()];
}
