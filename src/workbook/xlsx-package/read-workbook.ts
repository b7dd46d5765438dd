// An .xlsx package → WorkbookSnapshot, read straight from the zip: the relationships, workbook.xml (sheet
// order, names, hidden state, date system), the shared-string table, then each worksheet (read-sheet.ts).
// Nothing else is parsed: styles are not needed, because numbers are kept as stored (see below).
//
// The result equals snapshotFromExcelJS(ExcelJS's load of the same bytes) (test/xlsx-package/read-equivalence.test.ts),
// except where ExcelJS misreads the file, here read as Excel reads it:
//  - a date-formatted number is the number stored; ExcelJS makes it a Date rounded to the millisecond and the
//    snapshot turns it back into a serial rounded to 1e-9 day, so a time such as 10:17:23 (0.4287384259259259)
//    came back as 0.428738426, a fraction of a score formatted as a date (1/3) as 0.333333333, and a number
//    beyond year 275760 as null. Whole days and half days are equal either way;
//  - `_xHHHH_` escapes are decoded in every string (also inline strings and formula results, also lower-case
//    hex); ExcelJS decodes them only in shared strings and rich-text runs, upper-case hex only;
//  - a formula's text result is not entity-decoded a second time (ExcelJS turns a result `&lt;` into `<`);
//  - phonetic runs of an inline string are left out (ExcelJS appends them to the text);
//  - `sheet="true"` protects a sheet and `date1904="true"` sets the 1904 system (ExcelJS knows only "1");
//  - a sheet name is not entity-decoded a second time; CDATA text is read; prefixed element names
//    (`<x:c>`) and parts not named `sheetN.xml` are read; an ISO date cell (`t="d"`) is its serial;
//  - a formula cell that also carries a hyperlink keeps its formula (ExcelJS drops it), and an empty cell with
//    a hyperlink is not materialised as null (ExcelJS materialises it);
//  - where ExcelJS fails the whole load (overlapping merges, an unexpected element in sharedStrings.xml, a cell
//    without `r` at the start of a row) this reads the file; where ExcelJS silently drops a sheet whose part is
//    missing, or reads a shared-string index as a number when the table is missing, this says so.
import type { SheetEnd } from './sheet-end';
import type { WorkbookSnapshot, SheetSnapshot } from '../../core/types';
import { PackageError } from './package-error';
import { missingPart, relsPartOf, resolveTarget, type Relationship } from './parts';
import { detach, decodeXString, scanXmlPart, TextTable, xmlTrue } from './read-xml';
import { readSheet, type SheetReadContext } from './read-sheet';
import { ZipReader } from './zip';

/**
 * Limits of what is read, generous on purpose (a province's workbook has a few hundred sheets of ~150 rows:
 * ~50 MB of XML and ~300,000 cells); they only turn away packages that would exhaust the machine instead of
 * failing late with "Invalid string length" or an out-of-memory crash:
 *  - MAX_UNCOMPRESSED_BYTES: what all parts may unzip to, checked on the zip directory before anything is
 *    inflated, and while inflating (a part giving more than its declared size is refused by ZipReader.chunks);
 *  - MAX_CELLS: cells in the whole workbook (every `<c>` element, and every cell a merged range covers),
 *    counted while scanning: ~150× a province's workbook; the snapshot costs ~40–80 bytes a cell (measured:
 *    4.7 million cells in 200 MB of heap), so a workbook at the limit needs 2–4 GB to be read.
 */
export const MAX_UNCOMPRESSED_BYTES = 4 * 1024 ** 3;
export const MAX_CELLS = 50_000_000;

const REL_OFFICE_DOCUMENT = '/officeDocument';
const REL_WORKSHEET = '/worksheet';
const REL_SHARED_STRINGS = '/sharedStrings';

/** The relationships of `sourcePart` by id (none when it has no .rels part). */
export function readRelationships(zip: ZipReader, sourcePart: string): Map<string, Relationship> {
  const rels = new Map<string, Relationship>();
  const part = zip.lookup(relsPartOf(sourcePart));
  if (part === undefined) return rels;
  scanXmlPart(
    zip,
    { part },
    {
      open(tag, attributes) {
        if (tag !== 'Relationship') return;
        const a = attributes.all();
        if (a.Id === undefined || a.Target === undefined) return;
        const external = a.TargetMode === 'External';
        rels.set(a.Id, {
          id: a.Id,
          type: a.Type ?? '',
          target: external ? a.Target : resolveTarget(sourcePart, a.Target),
          external,
        });
      },
      close() {},
      text() {},
    },
  );
  return rels;
}

interface SheetEntry {
  name: string;
  state: string | undefined;
  rId: string | undefined;
}

/** The `r:id` of an element, whatever the prefix bound to the relationships namespace. */
function relId(a: Record<string, string>): string | undefined {
  if (a['r:id'] !== undefined) return a['r:id'];
  for (const key of Object.keys(a)) if (key.endsWith(':id')) return a[key];
  return undefined;
}

function readWorkbookXml(zip: ZipReader, part: string): { sheets: SheetEntry[]; date1904: boolean } {
  const sheets: SheetEntry[] = [];
  let date1904 = false;
  let depth = 0;
  let inSheets = false;
  scanXmlPart(
    zip,
    { part, what: { vi: 'danh sách trang', en: 'the list of sheets' } },
    {
      open(tag, attributes) {
        depth++;
        const a = attributes.all();
        if (depth === 2 && tag === 'sheets') inSheets = true;
        else if (depth === 2 && tag === 'workbookPr') date1904 = xmlTrue(a.date1904);
        else if (depth === 3 && inSheets && tag === 'sheet') {
          sheets.push({ name: detach(a.name ?? ''), state: a.state, rId: relId(a) });
        }
      },
      close(tag) {
        depth--;
        if (depth === 1 && tag === 'sheets') inSheets = false;
      },
      text() {},
    },
  );
  return { sheets, date1904 };
}

/**
 * The shared-string table: each `<si>` as its text (`<t>`, else its rich-text runs joined; phonetic `<rPh>`
 * runs left out; `_xHHHH_` decoded), or null for an `<si>` with neither (ExcelJS's `{}`, a blank cell).
 */
export function readSharedStrings(zip: ZipReader, part: string, texts = new TextTable()): (string | null)[] {
  const table: (string | null)[] = [];
  let inSi = false;
  let phonetic = 0;
  let inRun = false;
  let collecting = false;
  let buffer = '';
  let plain: string | undefined;
  let runText: string | undefined;
  let runs: string[] | undefined;
  scanXmlPart(
    zip,
    { part, what: { vi: 'bảng chuỗi dùng chung', en: 'the shared-string table' } },
    {
      open(tag) {
        if (!inSi) {
          if (tag === 'si') {
            inSi = true;
            phonetic = 0;
            inRun = false;
            plain = undefined;
            runs = undefined;
          }
          return;
        }
        if (tag === 'rPh') phonetic++;
        if (phonetic > 0) return;
        if (tag === 'r') {
          inRun = true;
          runText = undefined;
        } else if (tag === 't') {
          collecting = true;
          buffer = '';
        }
      },
      close(tag) {
        if (!inSi) return;
        if (tag === 'rPh') {
          if (phonetic > 0) phonetic--;
          return;
        }
        if (phonetic > 0) return;
        if (tag === 't' && collecting) {
          collecting = false;
          // ExcelJS: the last <t> of a run, or of the <si> itself, is the text.
          if (inRun) runText = buffer;
          else plain = buffer;
        } else if (tag === 'r' && inRun) {
          inRun = false;
          (runs ??= []).push(runText === undefined ? '' : runText);
        } else if (tag === 'si') {
          inSi = false;
          const text = plain !== undefined ? plain : runs !== undefined ? runs.join('') : null;
          table.push(text === null ? null : texts.get(decodeXString(text)));
        }
      },
      text(piece) {
        if (collecting && phonetic === 0) buffer += piece;
      },
    },
  );
  return table;
}

function worksheetMissing(sheet: string, part: string, why: { vi: string; en: string }): PackageError {
  return new PackageError(
    'missing-part',
    `thiếu dữ liệu của trang “${sheet}” (${why.vi})`,
    `the data of sheet "${sheet}" is missing (${why.en})`,
    { part },
  );
}

export interface ReadPackageOptions {
  maxCells?: number;
  /** Filled with where each worksheet's cells end, by part (for a write of the same bytes: SheetEnds). */
  sheetEnds?: Map<string, SheetEnd>;
}

/** Every worksheet of the package, in workbook order (chart sheets, dialog and macro sheets are not worksheets). */
export function readWorkbookPackage(zip: ZipReader, options: ReadPackageOptions = {}): WorkbookSnapshot {
  const rootRels = readRelationships(zip, '');
  let workbookPart: string | undefined;
  for (const rel of rootRels.values()) {
    if (!rel.external && rel.type.endsWith(REL_OFFICE_DOCUMENT)) {
      workbookPart = zip.lookup(rel.target);
      if (workbookPart !== undefined) break;
    }
  }
  workbookPart ??= zip.lookup('xl/workbook.xml');
  if (workbookPart === undefined) {
    throw missingPart({ part: 'xl/workbook.xml', what: { vi: 'sổ tính', en: 'the workbook' } });
  }
  const { sheets, date1904 } = readWorkbookXml(zip, workbookPart);
  const rels = readRelationships(zip, workbookPart);

  let sharedStringsPart: string | undefined;
  for (const rel of rels.values()) {
    if (!rel.external && rel.type.endsWith(REL_SHARED_STRINGS)) {
      sharedStringsPart = zip.lookup(rel.target);
      if (sharedStringsPart !== undefined) break;
    }
  }
  sharedStringsPart ??= zip.lookup(resolveTarget(workbookPart, 'sharedStrings.xml'));
  const texts = new TextTable();
  const ctx: SheetReadContext = {
    sharedStrings: sharedStringsPart === undefined ? null : readSharedStrings(zip, sharedStringsPart, texts),
    sharedStringsPart: sharedStringsPart ?? resolveTarget(workbookPart, 'sharedStrings.xml'),
    date1904,
    cells: { count: 0 },
    maxCells: options.maxCells ?? MAX_CELLS,
    texts,
    sheetEnds: options.sheetEnds,
  };

  const out: SheetSnapshot[] = [];
  for (const entry of sheets) {
    const rel = entry.rId === undefined ? undefined : rels.get(entry.rId);
    if (rel === undefined) {
      throw worksheetMissing(entry.name, workbookPart, {
        vi: `sổ tính không chỉ tới phần nào (${entry.rId ?? 'không có r:id'})`,
        en: `the workbook points to no part for it (${entry.rId ?? 'no r:id'})`,
      });
    }
    if (!rel.type.endsWith(REL_WORKSHEET)) continue; // a chart sheet, dialog sheet or macro sheet
    const part = rel.external ? undefined : zip.lookup(rel.target);
    if (part === undefined) {
      throw worksheetMissing(entry.name, rel.target, {
        vi: `không có phần ${rel.target}`,
        en: `no part ${rel.target}`,
      });
    }
    const sheet = readSheet(zip, part, entry.name, ctx);
    if (entry.state !== undefined && entry.state !== 'visible') sheet.hidden = true;
    out.push(sheet);
  }
  return { sheets: out };
}

/** The snapshot of an .xlsx held in memory. Throws PackageError (damaged, limit, missing-part, bad-xml, …). */
export function readXlsxPackage(bytes: Buffer, options: ReadPackageOptions = {}): WorkbookSnapshot {
  const zip = ZipReader.open(bytes, { maxTotalUncompressed: MAX_UNCOMPRESSED_BYTES });
  return readWorkbookPackage(zip, options);
}
