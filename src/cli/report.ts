// Analysis → what the command line prints: JSON objects (a stable, documented shape) and human text
// (Vietnamese, aligned tables). Pure functions: no I/O, no scoring rule.
import { formatDecimalVi, formatPercentVi, formatRankOf, formatRankChangeVi, roundTo2 } from '../core/format';
import type { Analysis, BlockResult, Finding, NodeScore, RoundingMode, Severity, UnitResult } from '../core/types';

// ---------------------------------------------------------------------------------------------------
// JSON

export interface FindingJson {
  code: string;
  severity: Severity;
  sheet: string;
  cell: string | null;
  message: string;
  messageVi?: string;
  messageEn?: string;
  expected?: string;
  found?: string;
  criterion?: string;
}

export interface AreaJson {
  code: string;
  name: string;
  points: number;
  max: number;
  percent: number;
}

export interface UnitJson {
  sheet: string;
  unit: string;
  points: number;
  max: number;
  percent: number;
  rank: number | null;
  class: string | null;
  areas: AreaJson[];
  exactPercent: number;
  lastYearRank: number | null;
  rankChange: number | null;
  rankChangeText: string | null;
}

export interface BlockJson {
  name: string;
  average: number;
  units: UnitJson[];
  highest: string | null;
  lowest: string | null;
  classCounts: { label: string; count: number }[];
  areaAverages: { code: string; name: string; average: number }[];
}

export interface RankJson {
  blocks: BlockJson[];
  findings: FindingJson[];
}

export interface FindingSummary {
  errors: number;
  warnings: number;
  info: number;
}

export interface ValidateJson {
  summary: FindingSummary;
  findings: FindingJson[];
}

/** Points and maxima without float noise (68.32000000000001 → 68.32). */
export function round4(x: number): number {
  if (!Number.isFinite(x)) return 0;
  const r = Math.round(x * 1e4) / 1e4;
  return r === 0 ? 0 : r;
}

export function findingJson(f: Finding): FindingJson {
  const out: FindingJson = { code: f.code, severity: f.severity, sheet: f.sheet, cell: f.cell, message: f.message };
  if (f.messageVi !== undefined) out.messageVi = f.messageVi;
  if (f.messageEn !== undefined) out.messageEn = f.messageEn;
  if (f.expected !== undefined) out.expected = f.expected;
  if (f.found !== undefined) out.found = f.found;
  if (f.criterion !== undefined) out.criterion = f.criterion;
  return out;
}

function areaJson(a: NodeScore, rounding: RoundingMode): AreaJson {
  return {
    code: a.code,
    name: a.name,
    points: round4(a.points),
    max: round4(a.max),
    percent: roundTo2(a.percent, rounding),
  };
}

function unitJson(u: UnitResult, rounding: RoundingMode): UnitJson {
  return {
    sheet: u.sheet,
    unit: u.unit,
    points: round4(u.points),
    max: round4(u.max),
    percent: u.percent,
    rank: u.rank,
    class: u.class,
    areas: u.areas.map((a) => areaJson(a, rounding)),
    exactPercent: u.exactPercent,
    lastYearRank: u.lastYearRank,
    rankChange: u.rankChange,
    rankChangeText: u.rankChangeText,
  };
}

function blockJson(b: BlockResult, rounding: RoundingMode): BlockJson {
  return {
    name: b.name,
    average: roundTo2(b.averagePercent, rounding),
    // The engine's order is the rank order (unranked last): kept as is.
    units: b.units.map((u) => unitJson(u, rounding)),
    highest: b.highest ? b.highest.unit : null,
    lowest: b.lowest ? b.lowest.unit : null,
    classCounts: b.classCounts.map((c) => ({ label: c.label, count: c.count })),
    areaAverages: b.areaAverages.map((a) => ({
      code: a.code,
      name: a.name,
      average: roundTo2(a.averagePercent, rounding),
    })),
  };
}

export function summarize(findings: readonly Finding[]): FindingSummary {
  const summary: FindingSummary = { errors: 0, warnings: 0, info: 0 };
  for (const f of findings) {
    if (f.severity === 'error') summary.errors++;
    else if (f.severity === 'warning') summary.warnings++;
    else summary.info++;
  }
  return summary;
}

export function rankJson(analysis: Analysis): RankJson {
  const rounding = analysis.settings.rounding;
  return { blocks: analysis.blocks.map((b) => blockJson(b, rounding)), findings: analysis.findings.map(findingJson) };
}

export function validateJson(analysis: Analysis): ValidateJson {
  return { summary: summarize(analysis.findings), findings: analysis.findings.map(findingJson) };
}

// ---------------------------------------------------------------------------------------------------
// Human text

/** Width of a string as a terminal shows it: code points after NFC (Vietnamese letters are one each). */
export function textWidth(s: string): number {
  return [...s.normalize('NFC')].length;
}

export function padEnd(s: string, width: number): string {
  const t = s.normalize('NFC');
  return t + ' '.repeat(Math.max(0, width - textWidth(t)));
}

export function padStart(s: string, width: number): string {
  const t = s.normalize('NFC');
  return ' '.repeat(Math.max(0, width - textWidth(t))) + t;
}

export type Align = 'left' | 'right';

/** An aligned table: header, a rule, the rows; columns separated by ` | `, no trailing spaces. */
export function formatTable(
  header: readonly string[],
  rows: readonly (readonly string[])[],
  align: readonly Align[],
): string[] {
  const widths = header.map((h, i) => Math.max(textWidth(h), ...rows.map((r) => textWidth(r[i] ?? ''))));
  const line = (cells: readonly string[]): string =>
    cells
      .map((c, i) => (align[i] === 'right' ? padStart(c, widths[i]) : padEnd(c, widths[i])))
      .join(' | ')
      .trimEnd();
  return [line(header), widths.map((w) => '-'.repeat(w)).join('-+-'), ...rows.map(line)];
}

const SEVERITY_VI: Record<Severity, string> = { error: 'lỗi', warning: 'cảnh báo', info: 'thông tin' };
const SEVERITY_ORDER: Record<Severity, number> = { error: 0, warning: 1, info: 2 };

function location(f: Finding): string {
  return f.cell ? `${f.sheet}!${f.cell}` : f.sheet;
}

function rankChangeCell(u: UnitResult): string {
  if (u.rankChangeText) return u.rankChangeText;
  if (u.rankChange !== null) return formatRankChangeVi(u.rankChange);
  if (u.lastYearRank !== null) return `năm trước: ${u.lastYearRank}`;
  return '—';
}

function unitLabel(u: UnitResult | null): string {
  return u ? `${u.unit} (${formatPercentVi(u.percent)})` : '—';
}

export function blockText(b: BlockResult, rounding: RoundingMode): string[] {
  const ranked = b.units.filter((u) => u.rank !== null).length;
  const lines: string[] = [];
  const unrankedNote = ranked < b.units.length ? `, ${b.units.length - ranked} không xếp hạng` : '';
  lines.push(`KHỐI: ${b.name} — ${b.units.length} đơn vị${unrankedNote}`);
  lines.push('');
  const rows = b.units.map((u) => [
    u.rank === null ? '—' : formatRankOf(u.rank, ranked),
    u.unit,
    formatDecimalVi(u.points, 2),
    formatDecimalVi(u.max, 2),
    formatPercentVi(u.percent),
    u.class ?? '—',
    rankChangeCell(u),
  ]);
  lines.push(
    ...formatTable(['Hạng', 'Đơn vị', 'Điểm', 'Tối đa', 'Tỷ lệ', 'Xếp loại', 'So với năm trước'], rows, [
      'right',
      'left',
      'right',
      'right',
      'right',
      'left',
      'left',
    ]),
  );
  lines.push('');
  lines.push(`Tỷ lệ trung bình của khối: ${formatPercentVi(roundTo2(b.averagePercent, rounding))}`);
  lines.push(`Cao nhất: ${unitLabel(b.highest)}`);
  lines.push(`Thấp nhất: ${unitLabel(b.lowest)}`);
  if (b.classCounts.length > 0) {
    lines.push(`Xếp loại: ${b.classCounts.map((c) => `${c.label}: ${c.count}`).join('; ')}`);
  }
  if (b.areaAverages.length > 0) {
    lines.push('Tỷ lệ trung bình theo lĩnh vực:');
    const areaRows = b.areaAverages.map((a) => [a.code, a.name, formatPercentVi(roundTo2(a.averagePercent, rounding))]);
    lines.push(...formatTable(['Mã', 'Lĩnh vực', 'Tỷ lệ'], areaRows, ['left', 'left', 'right']).map((l) => `  ${l}`));
  }
  return lines;
}

function countLine(summary: FindingSummary): string {
  return `${summary.errors} lỗi, ${summary.warnings} cảnh báo, ${summary.info} thông tin`;
}

function countsByCode(findings: readonly Finding[]): { code: string; severity: Severity; count: number }[] {
  const byCode = new Map<string, { code: string; severity: Severity; count: number }>();
  for (const f of findings) {
    const entry = byCode.get(f.code);
    if (entry) {
      entry.count++;
      if (SEVERITY_ORDER[f.severity] < SEVERITY_ORDER[entry.severity]) entry.severity = f.severity;
    } else byCode.set(f.code, { code: f.code, severity: f.severity, count: 1 });
  }
  return [...byCode.values()].sort(
    (a, b) =>
      SEVERITY_ORDER[a.severity] - SEVERITY_ORDER[b.severity] || b.count - a.count || a.code.localeCompare(b.code),
  );
}

/** Counts per severity, then per code. */
export function findingsSummaryText(findings: readonly Finding[]): string[] {
  const lines = [`PHÁT HIỆN: ${findings.length} (${countLine(summarize(findings))})`];
  const rows = countsByCode(findings).map((c) => [c.code, SEVERITY_VI[c.severity], String(c.count)]);
  if (rows.length > 0)
    lines.push(...formatTable(['Mã', 'Mức', 'Số lượng'], rows, ['left', 'left', 'right']).map((l) => `  ${l}`));
  return lines;
}

/** Errors first, then warnings, then info; the engine's order within a severity. */
function bySeverity(findings: readonly Finding[]): Finding[] {
  return findings
    .map((f, i) => ({ f, i }))
    .sort((a, b) => SEVERITY_ORDER[a.f.severity] - SEVERITY_ORDER[b.f.severity] || a.i - b.i)
    .map((x) => x.f);
}

export interface RankTextOptions {
  /** Shown in the hint to run `validate`. */
  file?: string;
  /** How many findings to list (default 20). */
  maxFindings?: number;
}

export function rankText(analysis: Analysis, options: RankTextOptions = {}): string {
  const rounding = analysis.settings.rounding;
  const maxFindings = options.maxFindings ?? 20;
  const lines: string[] = [];
  lines.push(`BẢNG XẾP HẠNG CHỈ SỐ CCHC — ${analysis.blocks.length} khối`);
  lines.push('');
  if (analysis.blocks.length === 0) {
    lines.push('Không xếp hạng được đơn vị nào (không nhận ra bảng tiêu chí / bảng chấm điểm của đơn vị).');
    lines.push('');
  }
  for (const b of analysis.blocks) {
    lines.push(...blockText(b, rounding));
    lines.push('');
  }
  lines.push(...findingsSummaryText(analysis.findings));
  if (analysis.findings.length > 0) {
    lines.push('');
    const shown = bySeverity(analysis.findings).slice(0, maxFindings);
    lines.push(...formatFindingLines(shown));
    const more = analysis.findings.length - shown.length;
    if (more > 0) {
      const file = options.file ?? '<tệp.xlsx>';
      lines.push(`… và ${more} phát hiện khác. Xem đầy đủ: par-index validate ${file}`);
    }
  }
  return lines.join('\n') + '\n';
}

function formatFindingLines(findings: readonly Finding[]): string[] {
  const locWidth = Math.max(0, ...findings.map((f) => textWidth(location(f))));
  const codeWidth = Math.max(0, ...findings.map((f) => textWidth(f.code) + 2));
  return findings.map((f) => `${padEnd(location(f), locWidth)}  ${padEnd(`[${f.code}]`, codeWidth)}  ${f.message}`);
}

export function validateText(analysis: Analysis): string {
  const findings = analysis.findings;
  const lines: string[] = [];
  lines.push('KIỂM TRA SỔ TÍNH CHỈ SỐ CCHC');
  lines.push('');
  lines.push(...findingsSummaryText(findings));
  if (findings.length === 0) {
    lines.push('Không có phát hiện nào.');
    return lines.join('\n') + '\n';
  }
  // Group by sheet, sheets in the order they first appear.
  const groups = new Map<string, Finding[]>();
  for (const f of findings) {
    const g = groups.get(f.sheet);
    if (g) g.push(f);
    else groups.set(f.sheet, [f]);
  }
  for (const [sheet, list] of groups) {
    lines.push('');
    lines.push(`Trang tính "${sheet}": ${list.length} phát hiện (${countLine(summarize(list))})`);
    const cellWidth = Math.max(0, ...list.map((f) => textWidth(f.cell ?? '—')));
    const sevWidth = Math.max(...list.map((f) => textWidth(SEVERITY_VI[f.severity])));
    const codeWidth = Math.max(...list.map((f) => textWidth(f.code) + 2));
    for (const f of list) {
      lines.push(
        `  ${padEnd(f.cell ?? '—', cellWidth)}  ${padEnd(SEVERITY_VI[f.severity], sevWidth)}  ${padEnd(`[${f.code}]`, codeWidth)}  ${f.message}`,
      );
    }
  }
  return lines.join('\n') + '\n';
}
