// `gather`: the units' own workbooks brought into the master. Each file is read and recognised as `rank`
// recognises a workbook (analyzeWorkbook): its unit score sheets are gathered, a copy of the template,
// instructions or a summary are not. Each unit's sheet is copied losslessly (copy-sheet.ts) under the unit's
// name (`Đơn vị:` line, else the file's name), its origin written to the `Danh sách nộp` listing
// (gather-listing.ts). A unit is never gathered twice: the master's sheet for it is replaced only when the
// listing proves it is the one gathered earlier, unchanged since, and the file is newer; the same unit in two
// files keeps the newer. Everything is then validated against the master's template by the engine itself.
// No file I/O here (src/cli/gather.ts reads and writes); the unit files' bytes are only read.
import type { Analysis, Finding, Settings, SheetSnapshot, WorkbookSnapshot } from '../../core/types';
import { analyzeWorkbook } from '../../core/analyze';
import { makeFinding } from '../../core/findings';
import { findUnitName } from '../../core/layout';
import { sheetFingerprint } from '../../core/ownership';
import { cleanSheetName, freeSheetName } from '../../core/sheet-names';
import { normalizeText } from '../../core/text';
import { roundTo2 } from '../../core/rules/percent';
import type { WritePlan } from '../../core/plan-types';
import { BilingualError } from '../errors';
import { readXlsxBytes } from '../xlsx-file';
import { applyPlanToPackagePieces } from './apply-plan';
import { copiedDefinedNames, copySheet, SourceBook } from './copy-sheet';
import { TargetBook } from './gather-book';
import {
  findListing,
  LISTING_SHEET,
  listingCheck,
  listingOps,
  originsOf,
  type ListingRow,
  type Origin,
} from './gather-listing';
import { XlsxPackage } from './package';
import { readXlsxPackage } from './read-workbook';

export interface GatherFile {
  /** The file as the listing and the messages name it (its path under the folder given, or its name). */
  name: string;
  modified: Date;
  /** The file's bytes; null when it could not be read, `error` saying why. */
  bytes: Buffer | null;
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
}

export interface GatherResult {
  /** The new master, or null when nothing changes (the master is then its own result, byte for byte). */
  output: Buffer[] | null;
  entries: GatherEntry[];
  /** The gather's own findings, then the engine's findings on the units gathered or already there. */
  findings: Finding[];
  /** The engine's analysis of the result. */
  analysis: Analysis;
  /** Milliseconds spent reading and recognising the files, copying the sheets, and checking the result. */
  phases: { read: number; copy: number; check: number };
}

interface Candidate {
  file: GatherFile;
  book: () => SourceBook;
  sheet: SheetSnapshot;
  unit: string;
  key: string;
  fromFileName: boolean;
  fingerprint: string;
}

/** Criteria findings that say a unit's sheet follows another version of the template. */
const TEMPLATE_DIFFERENCES = new Set(['CRITERION_MISSING', 'CRITERION_UNKNOWN', 'MAX_ALTERED']);

const baseName = (file: string): string =>
  (file.split(/[\\/]/).pop() ?? file).replace(/\.(xlsx|xlsm)$/i, '').trim() || file;

const GENERIC_SHEET = /^(sheet|trang|trang tính)\s*\d*$/iu;

/** The unit sheets of a file, as the engine recognises them; the reason when there is none. */
function unitSheets(
  file: GatherFile,
  snapshot: WorkbookSnapshot,
  settings: Partial<Settings> | undefined,
): { candidates: Omit<Candidate, 'book' | 'file'>[]; reason: { vi: string; en: string } } {
  const analysis = analyzeWorkbook(snapshot, { settings });
  const units = analysis.sheets.filter((s) => s.role === 'unit');
  const candidates = units.map((reading) => {
    const sheet = snapshot.sheets.find((s) => s.name === reading.sheet)!;
    const named = reading.layout ? findUnitName(sheet, reading.layout.headerTop) : null;
    let unit = named;
    if (unit === null) {
      unit =
        units.length === 1 || GENERIC_SHEET.test(sheet.name.trim())
          ? baseName(file.name) + (units.length === 1 ? '' : ` ${sheet.name}`)
          : sheet.name;
    }
    return {
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

function iso(d: Date): string {
  return Number.isFinite(d.getTime()) ? d.toISOString() : '';
}

/**
 * Gathers `files` into the master (`master`: its bytes and snapshot, read by the caller: nothing is done when it
 * cannot be read). Never modifies any input buffer.
 */
export function gatherIntoMaster(
  master: { bytes: Buffer; snapshot: WorkbookSnapshot },
  files: readonly GatherFile[],
  options: { settings?: Partial<Settings> } = {},
): GatherResult {
  const started = Date.now();
  const findings: Finding[] = [];
  const entries: GatherEntry[] = [];
  const listingRows: ListingRow[] = [];
  const listing = findListing(master.snapshot);
  const origins = originsOf(listing);
  const masterAnalysis = analyzeWorkbook(master.snapshot, options);
  const masterUnits = new Map<string, string>();
  for (const s of masterAnalysis.sheets)
    if (s.role === 'unit' && s.unit) masterUnits.set(normalizeText(s.unit), s.sheet);

  // 1. Every file read and recognised; the files that give no unit listed with why.
  const candidates: Candidate[] = [];
  for (const file of files) {
    const row = (note: string): ListingRow => listingRowWithout(file, null, note);
    let snapshot: WorkbookSnapshot | null = null;
    let book: SourceBook | null = null;
    let error = file.error;
    if (file.bytes !== null && error === undefined) {
      try {
        snapshot = readXlsxBytes(file.bytes, file.name);
        // The parts a copy reads beyond the sheets (styles, shared strings) checked now: a damaged one skips the
        // file here, not half way through the copies.
        const opened = new SourceBook(file.bytes);
        opened.check();
        book = opened;
      } catch (err) {
        if (!(err instanceof BilingualError)) throw err;
        error = { vi: err.messageVi, en: err.messageEn };
      }
    }
    /** A file from which nothing is copied: its finding, its entry and its listing row. */
    const leaveOut = (
      code: 'GATHER_FILE_SKIPPED' | 'GATHER_NO_UNIT',
      why: { vi: string; en: string },
      note: string,
    ): void => {
      findings.push(
        makeFinding(code, baseName(file.name), null, { file: file.name, reasonVi: why.vi, reasonEn: why.en }),
      );
      const action = code === 'GATHER_FILE_SKIPPED' ? 'skipped' : 'no-unit';
      entries.push({ file: file.name, action, unit: null, sheet: null, source: null });
      listingRows.push(row(note));
    };
    if (snapshot === null || book === null || file.bytes === null) {
      const why = error ?? { vi: 'không đọc được', en: 'not readable' };
      leaveOut('GATHER_FILE_SKIPPED', why, `${why.vi} / ${why.en}`);
      continue;
    }
    const { candidates: found, reason } = unitSheets(file, snapshot, options.settings);
    if (found.length === 0) {
      // Words no header recognition reads as a column (the listing must not look like a score table).
      leaveOut(
        'GATHER_NO_UNIT',
        reason,
        `Không có trang của đơn vị nào (${reason.vi}) / no unit's sheet (${reason.en})`,
      );
      continue;
    }
    const source = book;
    for (const c of found) candidates.push({ ...c, file, book: () => source });
  }

  // 2. One file per unit: the newest (the first given on a tie); the others said and listed.
  const byUnit = new Map<string, Candidate>();
  const duplicates: { dropped: Candidate; kept: Candidate }[] = [];
  for (const c of candidates) {
    const other = byUnit.get(c.key);
    if (other === undefined) byUnit.set(c.key, c);
    else if (c.file.modified.getTime() > other.file.modified.getTime()) {
      byUnit.set(c.key, c);
      duplicates.push({ dropped: other, kept: c });
    } else duplicates.push({ dropped: c, kept: other });
  }
  for (const { dropped } of duplicates) {
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
  const taken = master.snapshot.sheets.map((s) => s.name);
  const masterSheet = (name: string) => master.snapshot.sheets.find((s) => s.name === name);
  const plan: { c: Candidate; name: string; replace: boolean }[] = [];
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
    if (existing === undefined) {
      const wanted = cleanSheetName(c.unit);
      const name = freeSheetName(wanted, taken);
      taken.push(name);
      if (c.fromFileName) {
        findings.push(makeFinding('GATHER_NAMED_FROM_FILE', name, null, { file: c.file.name, source: c.sheet.name }));
      }
      if (name !== wanted) findings.push(makeFinding('GATHER_NAME_TAKEN', name, null, { wanted, unit: c.unit }));
      entry.sheet = name;
      plan.push({ c, name, replace: false });
      record(name);
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
        leftOut(
          c,
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
      notCopied.push(leftOut(c, `Không chép: cũ hơn ${origin.file} / not copied: older than ${origin.file}`));
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
    plan.push({ c, name: existing.name, replace: true });
    record(existing.name);
  }

  // 4. The copies, into the master's package.
  const copying = Date.now();
  let gathered = master.bytes;
  if (plan.length > 0) {
    const target = new TargetBook(XlsxPackage.open(master.bytes));
    for (const { c, name, replace } of plan) {
      const book = c.book();
      const source = book.sheet(c.sheet.name);
      if (source === undefined) throw new Error(`sheet ${c.sheet.name} of ${c.file.name} has no part`);
      if (replace) {
        const copy = copySheet(book, source, target, target.find(name)!.part!, name);
        target.replaceSheet(name, copy.xml, copy.rels);
        dropped(copy.dropped, c, name, findings);
      } else {
        const part = target.newSheetPart();
        const copy = copySheet(book, source, target, part, name);
        target.addSheet(name, part, copy.xml, copy.rels, copiedDefinedNames(book, source, name, target.workbookPrefix));
        dropped(copy.dropped, c, name, findings);
      }
    }
    gathered = target.toBuffer();
  }
  const checking = Date.now();
  const snapshot = plan.length > 0 ? readXlsxPackage(gathered) : master.snapshot;

  // 5. The engine on the result: each unit validated against the master's template, its totals for the listing.
  const analysis = analyzeWorkbook(snapshot, options);
  const selfTotals = analyzeWorkbook(snapshot, { settings: { ...options.settings, basis: 'self' } });
  const appraisedTotals = analyzeWorkbook(snapshot, { settings: { ...options.settings, basis: 'appraised' } });
  const pointsOf = (a: Analysis, sheet: string) => a.blocks.flatMap((b) => b.units).find((u) => u.sheet === sheet);
  const fellBack = new Set(appraisedTotals.findings.filter((f) => f.code === 'BASIS_FALLBACK').map((f) => f.sheet));
  const unitSheetsNow = new Set(snapshot.sheets.map((s) => s.name));
  const gatheredNames = new Set(plan.map((p) => p.name));
  for (const origin of originByUnit.values()) {
    if (!unitSheetsNow.has(origin.sheet)) continue;
    const reading = analysis.sheets.find((s) => s.sheet === origin.sheet);
    const own = analysis.findings.filter((f) => f.sheet === origin.sheet);
    const self = pointsOf(selfTotals, origin.sheet);
    const appraised = fellBack.has(origin.sheet) ? undefined : pointsOf(appraisedTotals, origin.sheet);
    listingRows.push({
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
    if (!gatheredNames.has(origin.sheet)) continue;
    const differences = own.filter((f) => TEMPLATE_DIFFERENCES.has(f.code));
    if (differences.length > 0) {
      const c = plan.find((p) => p.name === origin.sheet)!.c;
      const block = analysis.blocks.find((b) => b.name === reading?.block);
      const keys = [...new Set(differences.map((f) => f.criterion ?? f.cell ?? '?'))];
      findings.push(
        makeFinding('GATHER_TEMPLATE_VERSION', origin.sheet, null, {
          unit: origin.unit,
          file: c.file.name,
          template: block?.template ?? '',
          count: String(keys.length),
          keys: keys.join(', '),
        }),
      );
    }
  }
  listingRows.push(...notCopied);
  // Duplicates listed after the units, with the file that was used instead.
  for (const { dropped: d } of duplicates) {
    const winner = byUnit.get(d.key)!;
    listingRows.push({
      file: d.file.name,
      modified: iso(d.file.modified),
      unit: d.unit,
      sheet: null,
      block: null,
      self: null,
      appraised: null,
      errors: null,
      warnings: null,
      note: `Trùng đơn vị; dùng tệp ${winner.file.name} / same unit; ${winner.file.name} used`,
      fingerprint: '',
    });
  }
  listingRows.sort((a, b) => a.file.localeCompare(b.file, 'vi') || (a.unit ?? '').localeCompare(b.unit ?? '', 'vi'));

  // 6. The listing: rewritten unless it already says exactly this.
  const engineFindings = analysis.findings.filter(
    (f) => originByUnit.size > 0 && [...originByUnit.values()].some((o) => o.sheet === f.sheet),
  );
  const allFindings = [...findings, ...engineFindings];
  const same = listing !== null && listing.proven && listing.sheet.rows[0]?.[10] === listingCheck(listingRows);
  const phases = () => ({ read: copying - started, copy: checking - copying, check: Date.now() - checking });
  if (plan.length === 0 && same) return { output: null, entries, findings: allFindings, analysis, phases: phases() };
  const ops: WritePlan['ops'] = [];
  let name = LISTING_SHEET;
  if (listing !== null && listing.proven) {
    ops.push({ kind: 'deleteSheet', sheet: listing.sheet.name });
    name = listing.sheet.name;
  } else {
    name = freeSheetName(
      LISTING_SHEET,
      snapshot.sheets.map((s) => s.name),
    );
  }
  ops.push(...listingOps(name, listingRows));
  const output = applyPlanToPackagePieces(gathered, { ops, summary: [], findings: [] });
  return { output, entries, findings: allFindings, analysis, phases: phases() };
}

/** The listing row of a unit's file that was not copied. */
function leftOut(c: Candidate, note: string): ListingRow {
  return listingRowWithout(c.file, c.unit, note);
}

/** The listing row of a file (and the unit it holds, if known) from which nothing was copied. */
function listingRowWithout(file: Candidate['file'], unit: string | null, note: string): ListingRow {
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

function dropped(types: readonly string[], c: Candidate, sheet: string, findings: Finding[]): void {
  if (types.length === 0) return;
  findings.push(
    makeFinding('GATHER_PARTS_DROPPED', sheet, null, { unit: c.unit, parts: [...new Set(types)].join(', ') }),
  );
}
