// Which appraisal notice goes into each unit's file of a split. The master's notices sheet is sent only when the
// ownership record proves it is the tool's own and unchanged (ownership.ts); a sheet of that name the council
// edited or made by hand is not the tool's word and is said so. Each unit's page is rebuilt by the engine with
// the builder that wrote the master's (notices-sheet.ts), so it looks and prints the same (A4 portrait); the
// notice holds constants only (a notice is what was sent), so nothing in it refers to a sheet the unit's file
// lacks. The rebuilt page is checked against the master's: one that differs (scores changed after the notices
// were written) follows the scores now, which are the ones in the unit's file, and is said so. In the unit's
// file the page is owned as in the master (its own ownership record): never read as a criteria sheet there,
// replaced by a re-run, removed by `clean`.
import { appraisalNotices, type UnitNotice } from './notices';
import { buildNoticesSheet, NOTICE_TITLE, NOTICES_SHEET_NAME } from './notices-sheet';
import { findOwnership, planFingerprints, provenUnchanged, sheetFingerprint } from './ownership';
import { isPlanFormula, OWNERSHIP_SHEET, type WriteOp } from './plan-types';
import { formulaA1 } from './r1c1';
import type { SheetBuilder } from './sheet-builder';
import { sheetNameKey } from './sheet-names';
import { cellText } from './text';
import type { Analysis, CellValue, Settings, SheetSnapshot, WorkbookSnapshot } from './types';

type Message = { vi: string; en: string };

export interface NoticesToSend {
  /** Unit sheet → its notice, for the units the engine writes a notice for; empty when none is sent. */
  bySheet: Map<string, UnitNotice>;
  /** The master's notices sheet the pages come from, null when they are generated (`split --notices`) or none. */
  from: string | null;
  /** What the user should know: a notices sheet not trusted, pages that no longer match the scores. */
  messages: Message[];
}

/** The names `rank --notices` gives its sheet: its own, or the next free one beside a user's sheet of that name. */
function noticesLike(name: string): boolean {
  const base = sheetNameKey(NOTICES_SHEET_NAME);
  const key = sheetNameKey(name);
  return key === base || (key.startsWith(`${base} (`) && /^ \(\d+\)$/.test(key.slice(base.length)));
}

/** The tool's own notices sheet in the master, proven unchanged; null when there is none. */
function ownNoticesSheet(snapshot: WorkbookSnapshot): SheetSnapshot | null {
  const record = findOwnership(snapshot)?.record;
  if (!record) return null;
  for (const name of record.sheets) {
    const sheet = snapshot.sheets.find((s) => s.name === name);
    if (sheet && noticesLike(name) && provenUnchanged(sheet, record.fingerprints[name])) return sheet;
  }
  return null;
}

/** One unit's notice as a sheet of its own: the same page the master's notices sheet holds for it. */
function unitNoticeSheet(notice: UnitNotice, name: string, settings: Settings): SheetBuilder {
  return buildNoticesSheet({ notices: [notice], withoutAppraisal: [] }, name, settings).sheet;
}

/**
 * The writes that add the unit's notice as sheet `name` to a workbook the tool has written nothing into yet:
 * the sheet, then the ownership record proving it (its fingerprint).
 */
export function unitNoticePlan(notice: UnitNotice, name: string, settings: Settings): WriteOp[] {
  const ops = unitNoticeSheet(notice, name, settings).toOps();
  const fingerprint = planFingerprints(ops).get(name)?.final;
  const record = {
    version: 1 as const,
    sheets: [name],
    conditionalFormats: [],
    fingerprints: fingerprint === undefined ? {} : { [name]: fingerprint },
  };
  return [...ops, { kind: 'writeOwnership', sheet: OWNERSHIP_SHEET, record }];
}

/** The page's values as a snapshot (formula cells marked as such), for a fingerprint. */
function pageSnapshot(page: SheetBuilder): SheetSnapshot {
  const cells = page.toOps().find((op) => op.kind === 'setCells');
  const grid = cells?.kind === 'setCells' ? cells.cells : [];
  return {
    name: page.sheet,
    rows: grid.map((row) => row.map((c) => (isPlanFormula(c) ? null : c))),
    formulas: grid.map((row, r) => row.map((c, k) => (isPlanFormula(c) ? formulaA1(c, r, k) : null))),
  };
}

/** Whether the master's notices sheet holds `page`, value for value (found by its title and address lines). */
function masterHolds(master: SheetSnapshot, page: SheetBuilder): boolean {
  const wanted = pageSnapshot(page);
  const first = (r: number) => cellText(master.rows[r]?.[0]);
  for (let top = 0; top < master.rows.length; top++) {
    if (first(top) !== NOTICE_TITLE || first(top + 1) !== cellText(wanted.rows[1]?.[0])) continue;
    const rows: CellValue[][] = master.rows.slice(top, top + wanted.rows.length).map((r) => r ?? []);
    const formulas = (master.formulas ?? []).slice(top, top + wanted.rows.length).map((r) => r ?? []);
    const theirs: SheetSnapshot = { name: master.name, rows, formulas };
    if (sheetFingerprint(theirs) === sheetFingerprint(wanted)) return true;
  }
  return false;
}

const unitList = (units: string[]) => units.slice(0, 5).join('; ') + (units.length > 5 ? '; …' : '');

/**
 * The notices each unit's file gets: the master's own (proven) notices sheet, or with `generate` the engine's
 * even when the master has none. Never throws on cell content.
 */
export function noticesToSend(snapshot: WorkbookSnapshot, analysis: Analysis, generate = false): NoticesToSend {
  const messages: Message[] = [];
  const own = ownNoticesSheet(snapshot);
  if (own === null) {
    const lookalike = snapshot.sheets.find((s) => noticesLike(s.name));
    if (lookalike)
      messages.push({
        vi: `Trang "${lookalike.name}" không phải thông báo do công cụ ghi (đã sửa hoặc tự lập): không gửi kèm${generate ? '; tệp của mỗi đơn vị mang thông báo lập lại từ điểm hiện tại' : ''}.`,
        en: `Sheet "${lookalike.name}" is not the notices the tool wrote (edited, or made by hand): not sent${generate ? "; each unit's file carries a notice made again from the scores now" : ''}.`,
      });
    if (!generate) return { bySheet: new Map(), from: null, messages };
  }
  const notices = appraisalNotices(snapshot, analysis).notices;
  const stale: string[] = [];
  if (own !== null)
    for (const n of notices)
      if (!masterHolds(own, unitNoticeSheet(n, NOTICES_SHEET_NAME, analysis.settings))) stale.push(n.unit);
  if (stale.length > 0)
    messages.push({
      vi: `Thông báo của ${stale.length} đơn vị trong trang "${own!.name}" không còn khớp điểm hiện tại (${unitList(stale)}): tệp gửi đơn vị mang thông báo theo điểm hiện tại; chạy lại rank --out --notices để cập nhật tệp tổng hợp.`,
      en: `The notices of ${stale.length} ${stale.length === 1 ? 'unit' : 'units'} in sheet "${own!.name}" no longer match the scores (${unitList(stale)}): their files carry the notice for the scores now; run rank --out --notices again to bring the master up to date.`,
    });
  return { bySheet: new Map(notices.map((n) => [n.sheet, n])), from: own?.name ?? null, messages };
}
