// What `gather` decides, apart from how a host copies sheets: which file's sheet stands for each unit, whether
// it is added, replaces the master's sheet, or is left out (unchanged, kept, older, the same unit twice), the
// name it gets (`Đơn vị:` line, else the file's name; never a generic `Sheet1`), the findings, and, once the
// copies are made, the `Danh sách nộp` listing (gather-listing.ts) and the engine's check of the units.
// The command line copies into the package (xlsx-package/gather.ts), the pane through Excel
// (workbook/office-gather.ts); both decide here. Pure: no I/O.
//
// A unit is never gathered twice: the master's sheet for it is replaced only when the listing proves it is
// the one gathered earlier, unchanged since, and the file is newer; the same unit in two files keeps the newer.
import { analyzeWorkbook } from './analyze';
import { makeFinding } from './findings';
import {
  findListing,
  LISTING_SHEET,
  listingCheck,
  listingOps,
  originsOf,
  type FoundListing,
  type ListingRow,
  type Origin,
} from './gather-listing';
import { findUnitName } from './layout';
import { sheetFingerprint } from './ownership';
import type { WriteOp } from './plan-types';
import { roundTo2 } from './rules/percent';
import { cleanSheetName, freeSheetName } from './sheet-names';
import { normalizeText } from './text';
import type { Analysis, Finding, Settings, SheetSnapshot, WorkbookSnapshot } from './types';

/** A unit's file as gather sees it: its name, when it was last modified, and what it holds (or why not). */
export interface GatherFileInput {
  /** The file as the listing and the messages name it (its path under the folder given, or its name). */
  name: string;
  modified: Date;
  /** The file's sheets; null when it could not be read, `error` saying why. */
  snapshot: WorkbookSnapshot | null;
  error?: { vi: string; en: string };
}

export type GatherAction = 'added' | 'replaced' | 'unchanged' | 'kept' | 'older' | 'duplicate' | 'skipped' | 'no-unit';

export interface GatherEntry {
  file: string;
  action: GatherAction;
  unit: string | null;
  /** The unit's sheet in the master (null for a file that gave none). */
  sheet: string | null;
  /** The sheet in the unit's file. */
  source: string | null;
  /** Why nothing was copied from the file (skipped, no-unit). */
  reason?: { vi: string; en: string };
}

/** One sheet to bring into the master. */
export interface SheetToCopy {
  /** The file's index in the files given. */
  fileIndex: number;
  file: string;
  unit: string;
  /** The sheet in the unit's file. */
  source: string;
  /** Its name in the master. */
  target: string;
  /** The master's sheet `target` is replaced (else `target` is a new sheet). */
  replace: boolean;
}

export interface GatherDecision {
  copies: SheetToCopy[];
  entries: GatherEntry[];
  /** The gather's own findings so far (files left out, duplicates, names, replacements). */
  findings: Finding[];
  /** What the listing needs once the copies are made. */
  listing: {
    found: FoundListing | null;
    /** Every unit's origin after the copies (the earlier ones kept), by normalised unit name. */
    origins: Map<string, Origin>;
    /** Rows of files and units from which nothing was copied. */
    leftOut: ListingRow[];
  };
}

export interface GatherCheck {
  /** The decision's findings, `copyFindings`, the template differences, then the engine's on the units. */
  findings: Finding[];
  /** The engine's analysis of the result. */
  analysis: Analysis;
  /** The listing written (the old one deleted first); null when nothing was copied and it already says this. */
  listingOps: WriteOp[] | null;
}

interface Candidate {
  fileIndex: number;
  file: GatherFileInput;
  sheet: SheetSnapshot;
  unit: string;
  key: string;
  fromFileName: boolean;
  fingerprint: string;
}

/** Criteria findings that say a unit's sheet follows another version of the template. */
const TEMPLATE_DIFFERENCES = new Set(['CRITERION_MISSING', 'CRITERION_UNKNOWN', 'MAX_ALTERED']);

const GENERIC_SHEET = /^(sheet|trang|trang tính)\s*\d*$/iu;

export const fileBaseName = (file: string): string =>
  (file.split(/[\\/]/).pop() ?? file).replace(/\.(xlsx|xlsm)$/i, '').trim() || file;

function iso(d: Date): string {
  return Number.isFinite(d.getTime()) ? d.toISOString() : '';
}

/** The unit sheets of a file, as the engine recognises them; the reason when there is none. */
function unitSheets(
  fileIndex: number,
  file: GatherFileInput,
  snapshot: WorkbookSnapshot,
  settings: Partial<Settings> | undefined,
): { candidates: Candidate[]; reason: { vi: string; en: string } } {
  const analysis = analyzeWorkbook(snapshot, { settings });
  const units = analysis.sheets.filter((s) => s.role === 'unit');
  const candidates = units.map((reading) => {
    const sheet = snapshot.sheets.find((s) => s.name === reading.sheet)!;
    const named = reading.layout ? findUnitName(sheet, reading.layout.headerTop) : null;
    let unit = named;
    if (unit === null) {
      unit =
        units.length === 1 || GENERIC_SHEET.test(sheet.name.trim())
          ? fileBaseName(file.name) + (units.length === 1 ? '' : ` ${sheet.name}`)
          : sheet.name;
    }
    return {
      fileIndex,
      file,
      sheet,
      unit,
      key: normalizeText(unit),
      fromFileName: named === null,
      fingerprint: sheetFingerprint(sheet),
    };
  });
  const templates = analysis.sheets.filter((s) => s.role === 'template').length;
  const reason =
    templates > 0
      ? { vi: 'chỉ có bộ tiêu chí', en: 'the template only' }
      : { vi: 'không có bảng điểm nào đọc được', en: 'no readable score table' };
  return { candidates, reason };
}

/** The listing row of a file (and the unit it holds, if known) from which nothing was copied. */
function listingRowWithout(file: GatherFileInput, unit: string | null, note: string): ListingRow {
  return {
    file: file.name,
    modified: iso(file.modified),
    unit,
    sheet: null,
    block: null,
    self: null,
    appraised: null,
    errors: null,
    warnings: null,
    note,
    fingerprint: '',
  };
}

/** Decides what gathering `files` into the master `master` does. */
export function decideGather(
  master: WorkbookSnapshot,
  files: readonly GatherFileInput[],
  options: { settings?: Partial<Settings> } = {},
): GatherDecision {
  const findings: Finding[] = [];
  const entries: GatherEntry[] = [];
  const leftOutRows: ListingRow[] = [];
  const found = findListing(master);
  const origins = originsOf(found);
  const masterAnalysis = analyzeWorkbook(master, options);
  const masterUnits = new Map<string, string>();
  for (const s of masterAnalysis.sheets)
    if (s.role === 'unit' && s.unit) masterUnits.set(normalizeText(s.unit), s.sheet);

  // 1. Every file recognised; the files that give no unit listed with why.
  const candidates: Candidate[] = [];
  files.forEach((file, fileIndex) => {
    /** A file from which nothing is copied: its finding, its entry and its listing row. */
    const leaveOut = (
      code: 'GATHER_FILE_SKIPPED' | 'GATHER_NO_UNIT',
      why: { vi: string; en: string },
      note: string,
    ): void => {
      findings.push(
        makeFinding(code, fileBaseName(file.name), null, { file: file.name, reasonVi: why.vi, reasonEn: why.en }),
      );
      const action = code === 'GATHER_FILE_SKIPPED' ? 'skipped' : 'no-unit';
      entries.push({ file: file.name, action, unit: null, sheet: null, source: null, reason: why });
      leftOutRows.push(listingRowWithout(file, null, note));
    };
    if (file.snapshot === null || file.error !== undefined) {
      const why = file.error ?? { vi: 'không đọc được', en: 'not readable' };
      leaveOut('GATHER_FILE_SKIPPED', why, `${why.vi} / ${why.en}`);
      return;
    }
    const { candidates: inFile, reason } = unitSheets(fileIndex, file, file.snapshot, options.settings);
    if (inFile.length === 0) {
      // Words no header recognition reads as a column (the listing must not look like a score table).
      leaveOut(
        'GATHER_NO_UNIT',
        reason,
        `Không có trang của đơn vị nào (${reason.vi}) / no unit's sheet (${reason.en})`,
      );
      return;
    }
    candidates.push(...inFile);
  });

  // 2. One file per unit: the newest (the first given on a tie); the others said and listed.
  const byUnit = new Map<string, Candidate>();
  const duplicates: Candidate[] = [];
  for (const c of candidates) {
    const other = byUnit.get(c.key);
    if (other === undefined) byUnit.set(c.key, c);
    else if (c.file.modified.getTime() > other.file.modified.getTime()) {
      byUnit.set(c.key, c);
      duplicates.push(other);
    } else duplicates.push(c);
  }
  for (const dropped of duplicates) {
    const winner = byUnit.get(dropped.key)!;
    findings.push(
      makeFinding('GATHER_UNIT_TWICE', cleanSheetName(dropped.unit), null, {
        unit: dropped.unit,
        kept: winner.file.name,
        other:
          dropped.file.name === winner.file.name ? `${dropped.file.name} (${dropped.sheet.name})` : dropped.file.name,
        keptTime: iso(winner.file.modified),
      }),
    );
    entries.push({
      file: dropped.file.name,
      action: 'duplicate',
      unit: dropped.unit,
      sheet: null,
      source: dropped.sheet.name,
    });
  }

  // 3. Each unit against the master: added, replaced, unchanged, or kept.
  const taken = master.sheets.map((s) => s.name);
  const masterSheet = (name: string) => master.sheets.find((s) => s.name === name);
  const copies: SheetToCopy[] = [];
  const originByUnit = new Map<string, Origin>(origins);
  const notCopied: ListingRow[] = [];
  for (const c of byUnit.values()) {
    const origin = origins.get(c.key);
    const existingName =
      origin !== undefined && masterSheet(origin.sheet) !== undefined ? origin.sheet : masterUnits.get(c.key);
    const existing = existingName === undefined ? undefined : masterSheet(existingName);
    const entry: GatherEntry = { file: c.file.name, action: 'added', unit: c.unit, sheet: null, source: c.sheet.name };
    entries.push(entry);
    const record = (sheet: string): void => {
      originByUnit.set(c.key, {
        unit: c.unit,
        sheet,
        file: c.file.name,
        modified: iso(c.file.modified),
        fingerprint: c.fingerprint,
      });
    };
    const copy = (target: string, replace: boolean): void => {
      copies.push({ fileIndex: c.fileIndex, file: c.file.name, unit: c.unit, source: c.sheet.name, target, replace });
      record(target);
    };
    if (existing === undefined) {
      const wanted = cleanSheetName(c.unit);
      const name = freeSheetName(wanted, taken);
      taken.push(name);
      if (c.fromFileName) {
        findings.push(makeFinding('GATHER_NAMED_FROM_FILE', name, null, { file: c.file.name, source: c.sheet.name }));
      }
      if (name !== wanted) findings.push(makeFinding('GATHER_NAME_TAKEN', name, null, { wanted, unit: c.unit }));
      entry.sheet = name;
      copy(name, false);
      continue;
    }
    entry.sheet = existing.name;
    const now = sheetFingerprint(existing);
    if (now === c.fingerprint) {
      entry.action = 'unchanged';
      // The same content from the same file keeps its origin (its listing row unchanged); else this file is it.
      if (origin === undefined || origin.fingerprint !== c.fingerprint || origin.sheet !== existing.name)
        record(existing.name);
      continue;
    }
    const gatheredUnchanged = origin !== undefined && origin.sheet === existing.name && origin.fingerprint === now;
    if (!gatheredUnchanged) {
      entry.action = 'kept';
      const edited = origin !== undefined && origin.sheet === existing.name;
      notCopied.push(
        listingRowWithout(
          c.file,
          c.unit,
          edited
            ? `Không chép: trang "${existing.name}" đã sửa sau khi thu thập / not copied: "${existing.name}" edited since gathered`
            : `Không chép: đã có trang "${existing.name}" / not copied: "${existing.name}" already there`,
        ),
      );
      findings.push(
        makeFinding('GATHER_KEPT', existing.name, null, {
          unit: c.unit,
          file: c.file.name,
          whyVi: edited
            ? `("${existing.name}") đã được sửa sau khi thu thập`
            : `("${existing.name}") không do lệnh gather thu thập`,
          whyEn: edited
            ? `("${existing.name}") edited since it was gathered`
            : `("${existing.name}") that gather did not bring in`,
        }),
      );
      continue;
    }
    if (c.file.modified.getTime() <= Date.parse(origin.modified)) {
      entry.action = 'older';
      notCopied.push(
        listingRowWithout(c.file, c.unit, `Không chép: cũ hơn ${origin.file} / not copied: older than ${origin.file}`),
      );
      findings.push(
        makeFinding('GATHER_OLDER_FILE', existing.name, null, {
          unit: c.unit,
          file: c.file.name,
          previous: `${origin.file}, ${origin.modified}`,
        }),
      );
      continue;
    }
    entry.action = 'replaced';
    findings.push(
      makeFinding('GATHER_REPLACED', existing.name, null, {
        unit: c.unit,
        file: c.file.name,
        time: iso(c.file.modified),
        previous: `${origin.file}, ${origin.modified}`,
      }),
    );
    copy(existing.name, true);
  }

  // Duplicates listed after the units, with the file that was used instead.
  const duplicateRows = duplicates.map((d) =>
    listingRowWithout(
      d.file,
      d.unit,
      `Trùng đơn vị; dùng tệp ${byUnit.get(d.key)!.file.name} / same unit; ${byUnit.get(d.key)!.file.name} used`,
    ),
  );
  return {
    copies,
    entries,
    findings,
    listing: { found, origins: originByUnit, leftOut: [...leftOutRows, ...notCopied, ...duplicateRows] },
  };
}

/**
 * The engine on the gathered master `result`: each unit validated against the master's template (a unit on
 * another version of it said), its totals for the listing, and the listing's ops.
 */
export function checkGathered(
  decision: GatherDecision,
  result: WorkbookSnapshot,
  options: { settings?: Partial<Settings>; copyFindings?: readonly Finding[] } = {},
): GatherCheck {
  const { settings } = options;
  const findings: Finding[] = [...decision.findings, ...(options.copyFindings ?? [])];
  const { origins, found, leftOut } = decision.listing;
  const analysis = analyzeWorkbook(result, { settings });
  const selfTotals = analyzeWorkbook(result, { settings: { ...settings, basis: 'self' } });
  const appraisedTotals = analyzeWorkbook(result, { settings: { ...settings, basis: 'appraised' } });
  const pointsOf = (a: Analysis, sheet: string) => a.blocks.flatMap((b) => b.units).find((u) => u.sheet === sheet);
  const fellBack = new Set(appraisedTotals.findings.filter((f) => f.code === 'BASIS_FALLBACK').map((f) => f.sheet));
  const sheetsNow = new Set(result.sheets.map((s) => s.name));
  const copied = new Map(decision.copies.map((c) => [c.target, c]));
  const rows: ListingRow[] = [];
  for (const origin of origins.values()) {
    if (!sheetsNow.has(origin.sheet)) continue;
    const reading = analysis.sheets.find((s) => s.sheet === origin.sheet);
    const own = analysis.findings.filter((f) => f.sheet === origin.sheet);
    const self = pointsOf(selfTotals, origin.sheet);
    const appraised = fellBack.has(origin.sheet) ? undefined : pointsOf(appraisedTotals, origin.sheet);
    rows.push({
      file: origin.file,
      modified: origin.modified,
      unit: origin.unit,
      sheet: origin.sheet,
      block: reading?.block ?? null,
      self: self ? roundTo2(self.points, 'half-up') : null,
      appraised: appraised ? roundTo2(appraised.points, 'half-up') : null,
      errors: own.filter((f) => f.severity === 'error').length,
      warnings: own.filter((f) => f.severity === 'warning').length,
      note: '',
      fingerprint: origin.fingerprint,
    });
    const copy = copied.get(origin.sheet);
    if (copy === undefined) continue;
    const differences = own.filter((f) => TEMPLATE_DIFFERENCES.has(f.code));
    if (differences.length > 0) {
      const block = analysis.blocks.find((b) => b.name === reading?.block);
      const keys = [...new Set(differences.map((f) => f.criterion ?? f.cell ?? '?'))];
      findings.push(
        makeFinding('GATHER_TEMPLATE_VERSION', origin.sheet, null, {
          unit: origin.unit,
          file: copy.file,
          template: block?.template ?? '',
          count: String(keys.length),
          keys: keys.join(', '),
        }),
      );
    }
  }
  rows.push(...leftOut);
  rows.sort((a, b) => a.file.localeCompare(b.file, 'vi') || (a.unit ?? '').localeCompare(b.unit ?? '', 'vi'));

  const gatheredSheets = new Set([...origins.values()].map((o) => o.sheet));
  const engineFindings = analysis.findings.filter((f) => gatheredSheets.has(f.sheet));
  const all = [...findings, ...engineFindings];
  const same = found !== null && found.proven && found.sheet.rows[0]?.[10] === listingCheck(rows);
  if (decision.copies.length === 0 && same) return { findings: all, analysis, listingOps: null };
  const ops: WriteOp[] = [];
  let name: string;
  if (found !== null && found.proven) {
    ops.push({ kind: 'deleteSheet', sheet: found.sheet.name });
    name = found.sheet.name;
  } else {
    name = freeSheetName(
      LISTING_SHEET,
      result.sheets.map((s) => s.name),
    );
  }
  ops.push(...listingOps(name, rows));
  return { findings: all, analysis, listingOps: ops };
}
