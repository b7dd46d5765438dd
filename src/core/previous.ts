// Last year's ranks from last year's results (`rank --previous`): the tool's own ranking sheets, or any plain
// table with a unit column and a rank column (as published), matched to this year's units by name without case,
// diacritics or punctuation. A rank typed in the settings sheet wins (it is how a renamed unit is put right);
// a unit found nowhere is said so, with last year's names no unit took.
import type {
  Analysis,
  AnalyzeOptions,
  CellValue,
  Finding,
  SheetSnapshot,
  UnitResult,
  WorkbookSnapshot,
} from './types';
import { cellAddress } from './address';
import { analyzeWorkbook } from './analyze';
import { makeFinding } from './findings';
import { cellText, hasPhrase, lookupByName, normalizeWords } from './text';

export interface PreviousRank {
  /** The unit's name as last year's table wrote it. */
  name: string;
  rank: number;
  /** The block, where the table says it (the tool's `Xếp hạng – <block>` sheets); null otherwise. */
  block: string | null;
  sheet: string;
  cell: string;
}

/** Header words of a rank column (whole words, without case or diacritics), at the header's start. */
const RANK_HEADER = /^(xep hang|thu hang|hang|vi thu|xep thu|thu tu xep hang|rank|ranking)( |$)/;
/** A rank column that is not this table's own ranks: last year's, or the change. */
const NOT_OWN_RANK = /nam truoc|so voi|last year|previous|tang giam|thay doi|change/;
/** Header phrases of the unit column. */
const UNIT_HEADER = ['don vi', 'co quan', 'dia phuong', 'so ban nganh', 'bo nganh', 'huyen', 'ten', 'unit', 'agency'];
/** A column naming a figure of the unit (`Điểm đơn vị tự đánh giá`), not the unit. */
const FIGURE_WORDS = /(^| )(diem|ty le|chi so|xep|score|percent)( |$)/;
const HEADER_TEXT_MAX = 80;

/** The rank a cell holds: a whole number from 1, or `07/20` as the press writes it. */
function rankOf(value: CellValue | undefined): number | null {
  if (typeof value === 'number') return Number.isInteger(value) && value >= 1 ? value : null;
  const m = /^0*(\d{1,5})(?:\s*\/\s*\d{1,5})?$/.exec(cellText(value));
  return m && Number(m[1]) >= 1 ? Number(m[1]) : null;
}

/** The rank and unit columns when `row` is a header row; for several rank columns, the latest year's. */
function headerColumns(row: CellValue[] | undefined): { rank: number; unit: number } | null {
  if (!row) return null;
  const words = row.map((v) => {
    const t = cellText(v);
    return t.length > HEADER_TEXT_MAX ? '' : normalizeWords(t);
  });
  const ranks = words
    .map((w, col) => ({ col, w }))
    .filter(({ w }) => RANK_HEADER.test(w) && !NOT_OWN_RANK.test(w))
    .map(({ col, w }) => ({ col, year: Number(/(?:^| )((?:19|20)\d\d)(?: |$)/.exec(w)?.[1] ?? 0) }));
  if (ranks.length === 0) return null;
  const rank = ranks.reduce((best, r) => (r.year > best.year ? r : best)).col;
  const unit = words.findIndex(
    (w, col) => col !== rank && !FIGURE_WORDS.test(w) && UNIT_HEADER.some((p) => hasPhrase(w, p)),
  );
  return unit < 0 ? null : { rank, unit };
}

/** `Xếp hạng – Khối sở` (the tool's ranking sheet) → `Khối sở`. */
function blockOfSheet(name: string): string | null {
  return /^Xếp hạng – (.+)$/u.exec(name.normalize('NFC'))?.[1] ?? null;
}

function ranksOfSheet(sheet: SheetSnapshot): PreviousRank[] {
  const out: PreviousRank[] = [];
  const block = blockOfSheet(sheet.name);
  let columns: { rank: number; unit: number } | null = null;
  sheet.rows.forEach((row, r) => {
    const header = headerColumns(row);
    if (header) {
      columns = header;
      return;
    }
    if (!columns || !row) return;
    const name = cellText(row[columns.unit]);
    const rank = rankOf(row[columns.rank]);
    if (name === '' || rank === null) return;
    out.push({ name, rank, block, sheet: sheet.name, cell: cellAddress(r, columns.rank) });
  });
  return out;
}

/**
 * Every unit's rank in last year's workbook: each table under a header with a rank column (`Hạng`, `Xếp hạng`,
 * `Thứ hạng`, `Vị thứ`; the latest year's where several) and a unit column (`Đơn vị`, `Cơ quan`, `Bộ, cơ quan
 * ngang Bộ`…), in every sheet. The same unit with the same rank in several tables (the tool's ranking and
 * summary sheets) counts once.
 */
export function readPreviousRanks(snapshot: WorkbookSnapshot): PreviousRank[] {
  const seen = new Set<string>();
  const out: PreviousRank[] = [];
  for (const sheet of snapshot.sheets) {
    if (sheet.hidden) continue;
    for (const entry of ranksOfSheet(sheet)) {
      const key = `${normalizeWords(entry.name)}|${entry.rank}`;
      if (seen.has(key)) continue;
      seen.add(key);
      out.push(entry);
    }
  }
  return out;
}

const sameName = (a: string, b: string) => normalizeWords(a) === normalizeWords(b);

/** Last year's entries naming `unit` (by its name or its sheet's), those of its block first when there are several ranks. */
function candidates(unit: UnitResult, entries: readonly PreviousRank[]): PreviousRank[] {
  const named = entries.filter((e) => sameName(e.name, unit.unit) || sameName(e.name, unit.sheet));
  if (new Set(named.map((e) => e.rank)).size <= 1) return named;
  const inBlock = named.filter((e) => e.block !== null && sameName(e.block, unit.block));
  return inBlock.length > 0 ? inBlock : named;
}

export interface PreviousMatch {
  /** Last year's rank by unit sheet: the settings' typed ranks, then the matched ones. */
  lastYearRanks: Record<string, number>;
  /** Units given a rank from last year's file. */
  matched: number;
  findings: Finding[];
}

/** Matches last year's ranks to this year's units; `file` names last year's workbook in the findings. */
export function matchPreviousRanks(analysis: Analysis, entries: readonly PreviousRank[], file: string): PreviousMatch {
  const typed = analysis.settings.lastYearRanks;
  const lastYearRanks: Record<string, number> = { ...typed };
  const used = new Set<PreviousRank>();
  const unmatched: UnitResult[] = [];
  const findings: Finding[] = [];
  let matched = 0;
  for (const unit of analysis.blocks.flatMap((b) => b.units)) {
    const found = candidates(unit, entries);
    found.forEach((e) => used.add(e));
    if (lookupByName(typed, unit.sheet, unit.unit) !== undefined) continue;
    const ranks = [...new Set(found.map((e) => e.rank))];
    if (ranks.length === 1) {
      lastYearRanks[unit.sheet] = ranks[0];
      matched++;
    } else if (ranks.length > 1)
      findings.push(
        makeFinding('PREVIOUS_RANK_AMBIGUOUS', unit.sheet, null, {
          unit: unit.unit,
          file,
          ranks: found.map((e) => `${e.rank} (${e.sheet}!${e.cell})`).join(', '),
        }),
      );
    else if (unit.rank !== null) unmatched.push(unit);
  }
  const unused = entries.filter((e) => !used.has(e));
  const shown = unused.slice(0, 5).map((e) => `"${e.name}" (${e.rank})`);
  if (unused.length > 5) shown.push('…');
  for (const unit of unmatched)
    findings.push(
      makeFinding('PREVIOUS_RANK_UNMATCHED', unit.sheet, null, {
        unit: unit.unit,
        file,
        unusedVi: shown.length > 0 ? ` Tên năm trước chưa khớp đơn vị nào: ${shown.join(', ')}.` : '',
        unusedEn: shown.length > 0 ? ` Last year's names no unit matched: ${shown.join(', ')}.` : '',
      }),
    );
  return { lastYearRanks, matched, findings };
}

/**
 * The analysis again with last year's ranks from `entries` (the rank change filled), and the findings of the
 * match added. `options` are those the analysis was made with.
 */
export function withPreviousRanks(
  snapshot: WorkbookSnapshot,
  analysis: Analysis,
  entries: readonly PreviousRank[],
  file: string,
  options: AnalyzeOptions = {},
): Analysis & { previous: PreviousMatch } {
  const previous = matchPreviousRanks(analysis, entries, file);
  const settings = { ...options.settings, lastYearRanks: previous.lastYearRanks };
  const again = analyzeWorkbook(snapshot, { ...options, settings });
  return { ...again, findings: [...again.findings, ...previous.findings], previous };
}

/** What is said of last year's file `file` when it holds no ranking table (the run stops, nothing written). */
export function noRankingTable(file: string): { vi: string; en: string } {
  return {
    vi: `Không tìm thấy bảng xếp hạng trong "${file}" (cần một dòng tiêu đề có cột Hạng / Xếp hạng / Thứ hạng và cột Đơn vị / Cơ quan)`,
    en: `No ranking table in "${file}" (it needs a header row with a rank column, Hạng / Xếp hạng / Thứ hạng, and a unit column, Đơn vị / Cơ quan)`,
  };
}
