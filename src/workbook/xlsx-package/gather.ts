// `gather` into a master file: the units' own workbooks read from their bytes, what to copy decided by
// core/gather-plan.ts (which unit, which name, added or replaced, the findings, the `Danh sách nộp` listing),
// each unit's sheet copied losslessly (copy-sheet.ts) into the master's package, the result checked by the
// engine and the listing written. No file I/O here (src/cli/gather.ts reads and writes); the unit files' bytes
// are only read.
import type { Analysis, Finding, Settings, WorkbookSnapshot } from '../../core/types';
import { makeFinding } from '../../core/findings';
import {
  checkGathered,
  decideGather,
  type GatherEntry,
  type GatherFileInput,
  type SheetToCopy,
} from '../../core/gather-plan';
import { BilingualError } from '../errors';
import { readXlsxBytes } from '../xlsx-file';
import { applyPlanToPackagePieces } from './apply-plan';
import { copiedDefinedNames, copySheet, SourceBook } from './copy-sheet';
import { TargetBook } from './gather-book';
import { XlsxPackage } from './package';
import { readXlsxPackage } from './read-workbook';

export type { GatherAction, GatherEntry } from '../../core/gather-plan';

export interface GatherFile {
  /** The file as the listing and the messages name it (its path under the folder given, or its name). */
  name: string;
  modified: Date;
  /** The file's bytes; null when it could not be read, `error` saying why. */
  bytes: Buffer | null;
  error?: { vi: string; en: string };
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

/**
 * Gathers `files` into the master (`master`: its bytes and snapshot, read by the caller: nothing is done when it
 * cannot be read). Never modifies any input buffer. What to copy and the listing are decided by
 * core/gather-plan.ts; this reads the files and copies their sheets into the package.
 */
export function gatherIntoMaster(
  master: { bytes: Buffer; snapshot: WorkbookSnapshot },
  files: readonly GatherFile[],
  options: { settings?: Partial<Settings> } = {},
): GatherResult {
  const started = Date.now();
  // 1. Every file read; a damaged one is left out by the decision with why.
  const books: (SourceBook | null)[] = [];
  const inputs: GatherFileInput[] = files.map((file) => {
    let error = file.error;
    if (file.bytes !== null && error === undefined) {
      try {
        const snapshot = readXlsxBytes(file.bytes, file.name);
        // The parts a copy reads beyond the sheets (styles, shared strings) checked now: a damaged one skips the
        // file here, not half way through the copies.
        const opened = new SourceBook(file.bytes);
        opened.check();
        books.push(opened);
        return { name: file.name, modified: file.modified, snapshot };
      } catch (err) {
        if (!(err instanceof BilingualError)) throw err;
        error = { vi: err.messageVi, en: err.messageEn };
      }
    }
    books.push(null);
    return { name: file.name, modified: file.modified, snapshot: null, error };
  });
  const decision = decideGather(master.snapshot, inputs, options);

  // 2. The copies, into the master's package.
  const copying = Date.now();
  const copyFindings: Finding[] = [];
  let gathered = master.bytes;
  if (decision.copies.length > 0) {
    const target = new TargetBook(XlsxPackage.open(master.bytes));
    for (const c of decision.copies) {
      const book = books[c.fileIndex]!;
      const source = book.sheet(c.source);
      if (source === undefined) throw new Error(`sheet ${c.source} of ${c.file} has no part`);
      if (c.replace) {
        const copy = copySheet(book, source, target, target.find(c.target)!.part!, c.target);
        target.replaceSheet(c.target, copy.xml, copy.rels);
        dropped(copy.dropped, c, copyFindings);
      } else {
        const part = target.newSheetPart();
        const copy = copySheet(book, source, target, part, c.target);
        target.addSheet(
          c.target,
          part,
          copy.xml,
          copy.rels,
          copiedDefinedNames(book, source, c.target, target.workbookPrefix),
        );
        dropped(copy.dropped, c, copyFindings);
      }
    }
    gathered = target.toBuffer();
  }
  const checking = Date.now();
  const snapshot = decision.copies.length > 0 ? readXlsxPackage(gathered) : master.snapshot;

  // 3. The engine on the result, and the listing: rewritten unless it already says exactly this.
  const { findings, analysis, listingOps } = checkGathered(decision, snapshot, { ...options, copyFindings });
  const phases = () => ({ read: copying - started, copy: checking - copying, check: Date.now() - checking });
  const entries = decision.entries;
  if (listingOps === null) return { output: null, entries, findings, analysis, phases: phases() };
  const output = applyPlanToPackagePieces(gathered, { ops: listingOps, summary: [], findings: [] });
  return { output, entries, findings, analysis, phases: phases() };
}

function dropped(types: readonly string[], c: SheetToCopy, findings: Finding[]): void {
  if (types.length === 0) return;
  findings.push(
    makeFinding('GATHER_PARTS_DROPPED', c.target, null, { unit: c.unit, parts: [...new Set(types)].join(', ') }),
  );
}
