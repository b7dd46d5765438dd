// Deciding what to write: the results of an analysis as a write plan, and the plan that removes them.
// A re-run first removes what the previous run wrote (as recorded in the workbook), so running twice is
// running once; the user's own sheets and cells are never written, only rules added to unit sheets.
import type { Analysis, CellValue, Finding, Settings, WorkbookSnapshot } from './types';
import {
  OWNERSHIP_SHEET,
  type OwnedConditionalFormat,
  type OwnershipRecord,
  type WriteOp,
  type WritePlan,
} from './plan-types';
import { makeFinding } from './findings';
import { FINGERPRINT_ALTERNATIVES, findOwnership, planFingerprints, provenUnchanged } from './ownership';
import { blockContext, buildCalcSheet, buildRankingSheet, placeholderList, type RankingLayout } from './results-block';
import { buildFindingsSheet, buildSummarySheet, evidenceFlagRules } from './results-sheets';
import { appraisalNotices } from './notices';
import { buildNoticesSheet, NOTICES_SHEET_NAME, type NoticesSheet } from './notices-sheet';
import { isSettingsSheetName, SETTINGS_SHEET_NAME, settingsSheetRows } from './settings';
import { cleanSheetName, freeSheetName, sheetNameKey } from './sheet-names';
import type { SheetBuilder } from './sheet-builder';

interface Removal {
  ops: WriteOp[];
  /** Sheets gone after the removal. */
  removed: Set<string>;
  /** The settings sheet the add-in created and the user has since edited: kept, still owned. */
  keptSettings: string | null;
  prior: OwnershipRecord | null;
  /** The sheet holding the prior record, found by content (findOwnership); null when there is none. */
  recordSheet: string | null;
  /** Sheets the record lists, present but not proven the add-in's unchanged output: kept, never touched. */
  unproven: string[];
  /** True when the record proves none of the sheets it lists that are there (stale, forged, older version). */
  mismatch: boolean;
  findings: Finding[];
}

/**
 * Removes what the record proves is the add-in's own and unchanged (ownership.ts provenUnchanged): a sheet
 * it lists is deleted only while present with its fingerprint; anything else it names is kept, and said so.
 * The highlights go by their tag on every sheet (renamed or moved ones too), never by the record's word. The
 * record itself goes too unless the caller writes a new one.
 */
function removal(snapshot: WorkbookSnapshot, keepRecord = false): Removal {
  const found = findOwnership(snapshot);
  const prior = found?.record ?? null;
  const ops: WriteOp[] = [];
  const removed = new Set<string>();
  const unproven: string[] = [];
  const findings: Finding[] = [];
  let keptSettings: string | null = null;
  let proven = 0;
  // Before the sheets go: a highlight on a sheet being deleted goes with it anyway.
  if (found !== null || keepRecord) ops.push({ kind: 'removeTaggedHighlights' });
  for (const name of new Set(prior?.sheets ?? [])) {
    if (name === found?.sheet) continue;
    const settings = isSettingsSheetName(name);
    const sheet = snapshot.sheets.find((s) => s.name === name);
    if (!sheet) continue;
    if (!sheet.protected && provenUnchanged(sheet, prior?.fingerprints[name])) {
      ops.push({ kind: 'deleteSheet', sheet: name });
      removed.add(name);
      if (!settings) proven++;
      continue;
    }
    // The settings sheet goes only while it is exactly what the add-in wrote; saved or edited, it stays, owned.
    if (settings) keptSettings = name;
    else unproven.push(name);
  }
  // Sheets it names are there but none is as the add-in wrote it: stale, forged, copied or from an older version.
  // (Names absent only, as when a run stopped before creating them, delete nothing and need no word.)
  const mismatch = found !== null && unproven.length > 0 && proven === 0;
  if (mismatch && found !== null) {
    const names = prior?.sheets.filter((n) => !isSettingsSheetName(n) && n !== found.sheet) ?? [];
    const shown = names.slice(0, 5).map((n) => `"${n}"`);
    if (names.length > 5) shown.push('…');
    findings.push(makeFinding('RECORD_MISMATCH', found.sheet, null, { sheets: shown.join(', ') }));
  }
  if (found !== null && !keepRecord) {
    ops.push({ kind: 'deleteSheet', sheet: found.sheet });
    removed.add(found.sheet);
  }
  return { ops, removed, keptSettings, prior, recordSheet: found?.sheet ?? null, unproven, mismatch, findings };
}

/** Removes everything the add-in provably wrote; what it cannot prove (edited, a user's) is kept and said so. */
export function planClean(snapshot: WorkbookSnapshot): WritePlan {
  const r = removal(snapshot);
  const findings: Finding[] = [...r.findings];
  if (!r.mismatch) for (const name of r.unproven) findings.push(makeFinding('OUTPUT_KEPT', name, null));
  // The highlights the record lists on the user's sheets (all tagged ones go, wherever they are now).
  const rules = (r.prior?.conditionalFormats ?? []).filter((f) => !(r.prior?.sheets ?? []).includes(f.sheet)).length;
  const summary =
    r.ops.length === 0
      ? [{ vi: 'Không có gì do add-in ghi để xóa.', en: 'Nothing written by the add-in to remove.' }]
      : [
          {
            vi: `Xóa ${r.removed.size} trang và ${rules} quy tắc tô màu do add-in tạo.`,
            en: `Remove ${r.removed.size} sheets and ${rules} highlight rules the add-in created.`,
          },
        ];
  if (r.keptSettings)
    summary.push({
      vi: `Giữ lại trang "${r.keptSettings}" vì đã được sửa.`,
      en: `Keep sheet "${r.keptSettings}" because it was edited.`,
    });
  return { ops: r.ops, summary, findings };
}

/**
 * Where the record goes: where it is now (found by content), else OWNERSHIP_SHEET, else (a user's sheet has
 * that name, compared as Excel does) the next free name beside it. A user's sheet is never the record's.
 */
function recordSheetName(current: string | null, taken: readonly string[]): string {
  return current ?? freeSheetName(OWNERSHIP_SHEET, taken);
}

export interface ResultNames {
  settings: string | null;
  calc: string[];
  ranking: string[];
  summary: string;
  findings: string;
  /** The appraisal notices sheet, when asked for. */
  notices: string | null;
}

export interface ResultOptions {
  /** Also write the appraisal notices (one page per unit: what the council changed). */
  notices?: boolean;
}

/** Everything the results write: settings sheet if absent, per block a calculation and a ranking sheet, summary, findings, flags. */
export function planResults(
  snapshot: WorkbookSnapshot,
  analysis: Analysis,
  options: ResultOptions = {},
): WritePlan & { names: ResultNames } {
  const r = removal(snapshot, true);
  const ops: WriteOp[] = [];
  const findings: Finding[] = [...r.findings];
  const taken = snapshot.sheets.map((s) => s.name).filter((n) => !r.removed.has(n));
  // The record's sheet first: a user's own sheet named like it keeps its name (and is never written).
  const recordName = recordSheetName(r.recordSheet, taken);
  if (r.recordSheet === null) taken.push(recordName);
  const keptSaid = new Set<string>();
  const keptSheet = (name: string, beside?: string): void => {
    if (keptSaid.has(name)) return;
    keptSaid.add(name);
    findings.push(makeFinding('OUTPUT_KEPT', name, null, beside === undefined ? {} : { beside }));
  };
  if (r.recordSheet === null && recordName !== OWNERSHIP_SHEET) {
    const user = snapshot.sheets.find((s) => sheetNameKey(s.name) === sheetNameKey(OWNERSHIP_SHEET));
    if (user) keptSheet(user.name, recordName);
  }
  /** A free name for an output; a sheet of the workbook already holding the wanted name is kept and said so. */
  const claim = (wanted: string) => {
    const name = freeSheetName(wanted, taken);
    if (name !== cleanSheetName(wanted)) {
      const key = sheetNameKey(cleanSheetName(wanted));
      const there = snapshot.sheets.find((s) => !r.removed.has(s.name) && sheetNameKey(s.name) === key);
      if (there) keptSheet(there.name, name);
    }
    taken.push(name);
    return name;
  };
  const record: OwnershipRecord = { version: 1, sheets: [], conditionalFormats: [], fingerprints: {} };
  const builders: SheetBuilder[] = [];

  // The settings sheet: the user's own (or one they edited) is left alone; otherwise written with what was used.
  let settingsName: string | null = null;
  const hasSettings = snapshot.sheets.some((s) => isSettingsSheetName(s.name) && !r.removed.has(s.name));
  if (r.keptSettings) {
    record.sheets.push(r.keptSettings);
    const old = r.prior?.fingerprints[r.keptSettings];
    if (old) record.fingerprints[r.keptSettings] = old;
  }
  if (!hasSettings) {
    settingsName = claim(SETTINGS_SHEET_NAME);
    const rows = settingsRows(analysis, analysis.settings);
    ops.push(
      { kind: 'addSheet', sheet: settingsName, tabColor: SETTINGS_TAB_COLOR },
      { kind: 'setCells', sheet: settingsName, address: 'A1', cells: rows.map((row) => pad(row, 3)) },
    );
    ops.push({ kind: 'setStyle', sheet: settingsName, range: 'A1', style: { bold: true, fontSize: 13 } });
    ops.push({ kind: 'columnWidths', sheet: settingsName, first: 0, widths: [...SETTINGS_WIDTHS] });
    record.sheets.push(settingsName);
  }

  const rankings: RankingLayout[] = [];
  const calcNames: string[] = [];
  const rankingNames: string[] = [];
  const placeholderLists = new Map<string, string>();
  for (const block of analysis.blocks) {
    const ctx = blockContext(analysis, block);
    if (!ctx) continue;
    const calcName = claim(`Tính điểm – ${block.name}`);
    const rankingName = claim(`Xếp hạng – ${block.name}`);
    builders.push(buildCalcSheet(ctx, calcName));
    placeholderLists.set(block.name, placeholderList(block, calcName, analysis.settings.placeholderEvidence));
    const ranking = buildRankingSheet(ctx, rankingName, calcName);
    builders.push(ranking.sheet);
    rankings.push(ranking.layout);
    calcNames.push(calcName);
    rankingNames.push(rankingName);
  }
  const summaryName = claim('Tổng hợp');
  builders.push(buildSummarySheet(analysis, summaryName, rankings));

  // Flags go on the unit sheets; a protected sheet gets none, and the user is told.
  const flags: OwnedConditionalFormat[] = [];
  const refused = new Set<string>();
  const protectedSheets = new Set(snapshot.sheets.filter((s) => s.protected).map((s) => s.name));
  for (const rule of evidenceFlagRules(analysis, placeholderLists)) {
    if (protectedSheets.has(rule.sheet)) refused.add(rule.sheet);
    else flags.push(rule);
  }
  for (const sheet of refused) findings.push(makeFinding('SHEET_PROTECTED', sheet, null));
  const findingsName = claim('Kiểm tra');
  builders.push(buildFindingsSheet(analysis, findingsName, findings));
  let notices: NoticesSheet | null = null;
  if (options.notices) {
    notices = buildNoticesSheet(appraisalNotices(snapshot, analysis), claim(NOTICES_SHEET_NAME), analysis.settings);
    builders.push(notices.sheet);
  }

  for (const b of builders) {
    ops.push(...b.toOps());
    record.sheets.push(b.sheet);
    record.conditionalFormats.push(...b.formats);
  }
  // Each sheet created is fingerprinted from the plan's own writes (ownership.ts): the proof, at the next run
  // or clean, that it is still what the add-in wrote.
  const states = planFingerprints(ops);
  const pending: Record<string, string> = {};
  for (const [name, s] of states) {
    record.fingerprints[name] = s.final;
    pending[name] = s.states.join(FINGERPRINT_ALTERNATIVES);
  }
  // Sheets the record named but cannot prove are kept (a stale record is said once, as RECORD_MISMATCH).
  if (!r.mismatch) for (const name of r.unproven) keptSheet(name);
  for (const format of flags) ops.push({ kind: 'addConditionalFormat', format });
  record.conditionalFormats.push(...flags);
  // Excel cannot write all or nothing: the record goes first listing both the old results and the new, so
  // a run that stops half way leaves nothing that a re-run or clean cannot find; then the final record.
  ops.unshift({ kind: 'writeOwnership', sheet: recordName, record: recordUnion(r.prior, record, pending) }, ...r.ops);
  ops.push({ kind: 'writeOwnership', sheet: recordName, record });

  const units = analysis.blocks.reduce((s, b) => s + b.units.length, 0);
  const summary = [
    {
      vi: `Ghi ${analysis.blocks.length} bảng xếp hạng (${units} đơn vị) với công thức tự cập nhật, trang tính điểm, trang "${summaryName}" và trang "${findingsName}" (${analysis.findings.length} phát hiện).`,
      en: `Write ${analysis.blocks.length} ranking sheets (${units} units) with live formulas, calculation sheets, "${summaryName}" and "${findingsName}" (${analysis.findings.length} findings).`,
    },
    {
      vi: `Tô màu ô thiếu tài liệu kiểm chứng và điểm vượt tối đa trên ${new Set(flags.map((x) => x.sheet)).size} trang đơn vị (không sửa nội dung ô).`,
      en: `Highlight missing evidence and scores above the maximum on ${new Set(flags.map((x) => x.sheet)).size} unit sheets (cell contents untouched).`,
    },
  ];
  if (settingsName)
    summary.push({
      vi: `Tạo trang cấu hình "${settingsName}" với giá trị mặc định.`,
      en: `Create the settings sheet "${settingsName}" with defaults.`,
    });
  if (notices)
    summary.push({
      vi: `Ghi thông báo kết quả thẩm định cho ${notices.firstRows.length} đơn vị vào trang "${notices.sheet.sheet}" (mỗi đơn vị một trang in).`,
      en: `Write appraisal notices for ${notices.firstRows.length} units to "${notices.sheet.sheet}" (one printed page per unit).`,
    });
  if (r.prior !== null)
    summary.unshift({ vi: 'Thay kết quả của lần chạy trước.', en: 'Replace the results of the previous run.' });
  return {
    ops,
    summary,
    findings,
    names: {
      settings: settingsName,
      calc: calcNames,
      ranking: rankingNames,
      summary: summaryName,
      findings: findingsName,
      notices: notices?.sheet.sheet ?? null,
    },
  };
}

/**
 * The record written before anything else: the old results and the new, each new sheet with every state it
 * passes through (`pending`), and a name in both with the old fingerprint too, so that a run stopped at any
 * request leaves only sheets the record proves.
 */
function recordUnion(
  prior: OwnershipRecord | null,
  next: OwnershipRecord,
  pending: Record<string, string>,
): OwnershipRecord {
  const formats = new Map<string, OwnedConditionalFormat>();
  for (const f of [...(prior?.conditionalFormats ?? []), ...next.conditionalFormats]) formats.set(JSON.stringify(f), f);
  const fingerprints: Record<string, string> = { ...prior?.fingerprints, ...next.fingerprints };
  for (const [name, states] of Object.entries(pending)) {
    const old = prior?.fingerprints[name];
    fingerprints[name] = old === undefined ? states : `${old}${FINGERPRINT_ALTERNATIVES}${states}`;
  }
  return {
    version: 1,
    sheets: [...new Set([...(prior?.sheets ?? []), ...next.sheets])],
    conditionalFormats: [...formats.values()],
    fingerprints,
  };
}

const SETTINGS_TAB_COLOR = 'FFC000';
const SETTINGS_WIDTHS = [26, 40, 60, 16];

/** The settings sheet's rows for `settings`, naming the blocks found (each with its own bands, if any) and every unit. */
function settingsRows(analysis: Analysis, settings: Settings): CellValue[][] {
  const withBlocks: Settings = {
    ...settings,
    blocks: analysis.blocks.map((b) => {
      const bands = settings.blocks.find((x) => x.name === b.name)?.bands;
      return { name: b.name, template: b.template, ...(bands ? { bands } : {}) };
    }),
  };
  return settingsSheetRows(
    withBlocks,
    analysis.blocks.flatMap((b) => b.units.map((u) => ({ sheet: u.sheet, block: b.name }))),
  );
}

function pad<T>(row: T[], width: number): (T | null)[] {
  return row.length >= width ? row : [...row, ...Array.from({ length: width - row.length }, () => null)];
}

/**
 * Saves settings edited in the task pane into the settings sheet, in place (the sheet keeps its position),
 * or as a new sheet when there is none. The caller asks the user first when the sheet is the user's own.
 * Saved settings are the user's: the record keeps the sheet owned but drops its fingerprint, so `clean`
 * never removes them.
 */
export function planSaveSettings(
  snapshot: WorkbookSnapshot,
  analysis: Analysis,
  settings: Settings,
): WritePlan & { sheet: string; overwritesUserSheet: boolean } {
  const found = findOwnership(snapshot);
  const prior = found?.record ?? null;
  const existing = snapshot.sheets.find((s) => isSettingsSheetName(s.name));
  const sheet =
    existing?.name ??
    freeSheetName(
      SETTINGS_SHEET_NAME,
      snapshot.sheets.map((s) => s.name),
    );
  const rows = settingsRows(analysis, settings).map((r) => pad(r, 9));
  const ops: WriteOp[] = [];
  if (existing?.protected) {
    return {
      ops: [],
      sheet,
      overwritesUserSheet: false,
      summary: [],
      findings: [makeFinding('SHEET_PROTECTED', sheet, null)],
    };
  }
  if (existing) {
    // Clear what is there beyond the new content, then write: one block covering both.
    const height = Math.max(existing.rows.length, rows.length);
    const width = Math.max(9, ...existing.rows.map((r) => r?.length ?? 0));
    const cells = Array.from({ length: height }, (_, r) =>
      Array.from({ length: width }, (_, c) => rows[r]?.[c] ?? null),
    );
    ops.push({ kind: 'setCells', sheet, address: 'A1', cells });
  } else {
    ops.push(
      { kind: 'addSheet', sheet, tabColor: SETTINGS_TAB_COLOR },
      { kind: 'setCells', sheet, address: 'A1', cells: rows },
      { kind: 'columnWidths', sheet, first: 0, widths: [...SETTINGS_WIDTHS] },
    );
  }
  const owned = prior?.sheets.includes(sheet) ?? false;
  const record: OwnershipRecord = prior
    ? { ...prior, fingerprints: { ...prior.fingerprints } }
    : { version: 1, sheets: [], conditionalFormats: [], fingerprints: {} };
  if (!existing) record.sheets.push(sheet);
  delete record.fingerprints[sheet];
  const taken = [...snapshot.sheets.map((s) => s.name), sheet];
  ops.push({ kind: 'writeOwnership', sheet: recordSheetName(found?.sheet ?? null, taken), record });
  return {
    ops,
    sheet,
    overwritesUserSheet: existing !== undefined && !owned,
    summary: [
      {
        vi: `Lưu cấu hình vào trang "${sheet}"; lần chạy sau dùng cấu hình này.`,
        en: `Save the settings to sheet "${sheet}"; the next run uses them.`,
      },
    ],
    findings: [],
  };
}
