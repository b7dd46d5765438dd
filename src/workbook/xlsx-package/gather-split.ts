// `split`: the master taken apart again, one new workbook per unit holding the unit's sheet (with whatever the
// council wrote in it) and its block's template, both copied losslessly (copy-sheet.ts) into a fresh package
// with the master's theme. Each file holds only its own unit's text: strings are inlined, never the master's
// shared-string table, so no other unit's words travel with it. When notices are sent (core/split-notices.ts),
// the unit's own page goes in as a third sheet, written by the package writer as `rank --notices` writes it.
import type { Settings, WorkbookSnapshot } from '../../core/types';
import { analyzeWorkbook } from '../../core/analyze';
import { NOTICES_SHEET_NAME } from '../../core/notices-sheet';
import { freeSheetName, cutToUnits } from '../../core/sheet-names';
import { noticesToSend, unitNoticePlan } from '../../core/split-notices';
import { applyPlanToPackagePieces } from './apply-plan';
import { copiedDefinedNames, copySheet, SourceBook } from './copy-sheet';
import { TargetBook } from './gather-book';
import { XlsxPackage } from './package';

export interface SplitFile {
  unit: string;
  /** The unit's sheet in the master (and in the file). */
  sheet: string;
  /** `<unit>.xlsx`, unique without case among the files of this split. */
  fileName: string;
  /** The template copied with it, null when its block has none of its own. */
  template: string | null;
  /** The appraisal notice sheet in it, null when none is sent. */
  notice: string | null;
  pieces: Buffer[];
}

export interface SplitResult {
  files: SplitFile[];
  /** Where the notices come from: the master's notices sheet, `generated` (`--notices`), or null: none sent. */
  noticesFrom: string | 'generated' | null;
  /** About the notices: a sheet of that name not trusted, pages that no longer match the scores. */
  messages: { vi: string; en: string }[];
}

/** Most UTF-16 units of a file name before `.xlsx` (well under every file system's 255). */
const MAX_FILE_STEM = 120;

/** A unit's name as a file name: characters Windows refuses replaced, cut on a character boundary. */
export function unitFileStem(unit: string): string {
  const cleaned = unit
    // eslint-disable-next-line no-control-regex
    .replace(/[\\/:*?"<>|\u0000-\u001f]/g, '-')
    .replace(/\s+/g, ' ')
    .trim();
  const stem = cutToUnits(cleaned, MAX_FILE_STEM).replace(/[. ]+$/, '');
  return stem === '' || /^(con|prn|aux|nul|com\d|lpt\d)$/i.test(stem) ? `_${stem}` : stem;
}

export function splitMaster(
  master: { bytes: Buffer; snapshot: WorkbookSnapshot },
  options: { settings?: Partial<Settings>; notices?: boolean } = {},
): SplitResult {
  const analysis = analyzeWorkbook(master.snapshot, { settings: options.settings });
  const notices = noticesToSend(master.snapshot, analysis, options.notices === true);
  const pkg = XlsxPackage.open(master.bytes);
  const source = new SourceBook(pkg);
  const theme = new TargetBook(pkg).themeBytes();
  const used = new Set<string>();
  const out: SplitFile[] = [];
  for (const reading of analysis.sheets) {
    if (reading.role !== 'unit' || reading.block === null) continue;
    const unitSheet = source.sheet(reading.sheet);
    if (unitSheet === undefined) continue;
    const block = analysis.blocks.find((b) => b.name === reading.block);
    const templateName = block && block.template !== reading.sheet ? block.template : null;
    const templateSheet = templateName === null ? undefined : source.sheet(templateName);
    const target = TargetBook.empty(theme);
    for (const s of templateSheet ? [unitSheet, templateSheet] : [unitSheet]) {
      const part = target.newSheetPart();
      const copy = copySheet(source, s, target, part, s.name);
      target.addSheet(s.name, part, copy.xml, copy.rels, copiedDefinedNames(source, s, s.name, target.workbookPrefix));
    }
    const unit = reading.unit ?? reading.sheet;
    const stem = unitFileStem(unit);
    let fileName = `${stem}.xlsx`;
    for (let n = 2; used.has(fileName.toLowerCase()); n++) fileName = `${stem} (${n}).xlsx`;
    used.add(fileName.toLowerCase());
    let pieces = target.toPieces();
    let noticeName: string | null = null;
    const notice = notices.bySheet.get(reading.sheet);
    if (notice) {
      // The tool's own sheet goes through its one writer for new sheets (apply-plan.ts), record included.
      noticeName = freeSheetName(
        NOTICES_SHEET_NAME,
        target.sheets.map((s) => s.name),
      );
      const ops = unitNoticePlan(notice, noticeName, analysis.settings);
      pieces = applyPlanToPackagePieces(Buffer.concat(pieces), { ops, summary: [], findings: [] });
    }
    out.push({
      unit,
      sheet: reading.sheet,
      fileName,
      template: templateSheet ? templateSheet.name : null,
      notice: noticeName,
      pieces,
    });
  }
  const noticesFrom = notices.bySheet.size === 0 ? null : (notices.from ?? 'generated');
  return { files: out, noticesFrom, messages: notices.messages };
}
