// The units' score workbooks picked in the pane (`gather`), read in the browser. The package reader needs
// Node's zlib, so this uses ExcelJS's browser build: the pane imports this module lazily, so ExcelJS stays a
// chunk of its own, fetched only when files are picked. A file that cannot be read (.xls, a password, damaged)
// carries the reason and is left out by the gather; the others are never changed (only read).
import ExcelJS from 'exceljs';
import type { GatherFileInput } from '../core/gather-plan';
import type { SheetContent } from '../core/sheet-content';
import { BilingualError, errorText } from '../workbook/errors';
import { sheetContentOf } from '../workbook/exceljs-sheet-content';
import { snapshotFromExcelJS } from '../workbook/exceljs-snapshot';
import { checkXlsxBytes, corruptError } from '../workbook/xlsx-bytes';
import { fileBytes } from './previous-file';

export interface PickedFile {
  name: string;
  modified: Date;
  bytes: ArrayBuffer;
}

export interface UnitFile extends GatherFileInput {
  /** The file as base64 (what Excel inserts a sheet from). */
  base64: string;
  /** A sheet of the file, cell by cell (for a host that cannot insert it from the file). */
  content(sheet: string): SheetContent;
}

/** A file picked or dropped in the pane, read. */
export async function pickedFile(file: File): Promise<PickedFile> {
  return { name: file.name, modified: new Date(file.lastModified), bytes: await fileBytes(file) };
}

/** Bytes as base64, in slices (a string argument list has a limit). */
function toBase64(bytes: Uint8Array): string {
  let binary = '';
  const slice = 0x8000;
  for (let i = 0; i < bytes.length; i += slice)
    binary += String.fromCharCode(...bytes.subarray(i, Math.min(bytes.length, i + slice)));
  return btoa(binary);
}

async function readOne(file: PickedFile): Promise<UnitFile> {
  const bytes = new Uint8Array(file.bytes);
  const unreadable = (err: BilingualError): UnitFile => ({
    name: file.name,
    modified: file.modified,
    snapshot: null,
    error: { vi: err.messageVi, en: err.messageEn },
    base64: '',
    content: () => ({ cells: [], numberFormats: [], merges: [], columnWidths: [] }),
  });
  const wb = new ExcelJS.Workbook();
  try {
    checkXlsxBytes(bytes, file.name);
    await wb.xlsx.load(file.bytes);
  } catch (err) {
    return unreadable(err instanceof BilingualError ? err : corruptError(file.name, errorText(err), err));
  }
  const date1904 = (wb.properties as { date1904?: boolean } | undefined)?.date1904 === true;
  return {
    name: file.name,
    modified: file.modified,
    snapshot: snapshotFromExcelJS(wb),
    base64: toBase64(bytes),
    content(sheet: string): SheetContent {
      const ws = wb.getWorksheet(sheet);
      if (ws === undefined) throw new Error(`no sheet ${sheet} in ${file.name}`);
      return sheetContentOf(ws, date1904);
    },
  };
}

/** Every picked file read, in order; `onProgress` after each. */
export async function readUnitFiles(
  files: readonly PickedFile[],
  onProgress?: (done: number, total: number) => void,
): Promise<UnitFile[]> {
  const out: UnitFile[] = [];
  for (const file of files) {
    out.push(await readOne(file));
    onProgress?.(out.length, files.length);
  }
  return out;
}
