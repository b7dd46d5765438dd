// Reading an .xlsx file from disk, with clear, typed errors for what users actually hand in: a wrong path, a
// folder, an old .xls, a password-protected workbook, a LibreOffice .ods, a CSV or text file renamed, a file
// cut short by an e-mail gateway, a damaged part, a package too large to read.
//
// The snapshot is read straight from the package (xlsx-package/read-workbook.ts: streamed inflate and a SAX
// scan, a third of ExcelJS's time and less than half its memory). ExcelJS is loaded only by `loadXlsxBuffer`,
// which the command line no longer calls (tests and the harness do).
import { readFileSync, statSync } from 'fs';
import type ExcelJS from 'exceljs';
import type { WorkbookSnapshot } from '../core/types';
import { WorkbookReadError } from './read-error';
import { checkXlsxBytes, corruptError } from './xlsx-bytes';
import { errnoCode, errorText } from './errors';
import { PackageError } from './xlsx-package/package-error';
import { readXlsxPackage, type ReadPackageOptions } from './xlsx-package/read-workbook';
import type { SheetEnd, SheetEnds } from './xlsx-package/sheet-end';

export { WorkbookReadError, type WorkbookReadErrorKind } from './read-error';
export { checkXlsxBytes } from './xlsx-bytes';

type XlsxLoadInput = Parameters<ExcelJS.Xlsx['load']>[0];

/** A package error (damaged zip, missing part, bad XML, a limit) as the read error of the file `path`. */
function packageReadError(path: string, err: PackageError): WorkbookReadError {
  switch (err.kind) {
    case 'limit':
      return new WorkbookReadError(
        'too-large',
        path,
        `Tệp ${path} quá lớn để đọc: ${err.messageVi}`,
        `The file ${path} is too large to read: ${err.messageEn}`,
        err,
      );
    case 'unsupported':
      return new WorkbookReadError(
        'unsupported',
        path,
        `Không đọc được tệp ${path}: ${err.messageVi}`,
        `Cannot read the file ${path}: ${err.messageEn}`,
        err,
      );
    default:
      return new WorkbookReadError(
        'corrupt',
        path,
        `Tệp ${path} bị hỏng hoặc không đầy đủ; không đọc được (${err.messageVi})`,
        `The file ${path} is damaged or incomplete; it cannot be read (${err.messageEn})`,
        err,
      );
  }
}

/**
 * The snapshot of an .xlsx held in memory, read directly from the package. Throws WorkbookReadError when the
 * bytes are not a readable .xlsx (never on what a cell holds).
 */
export function readXlsxBytes(buffer: Buffer, path = '(buffer)', options: ReadPackageOptions = {}): WorkbookSnapshot {
  checkXlsxBytes(buffer, path);
  try {
    return readXlsxPackage(buffer, options);
  } catch (err) {
    if (err instanceof PackageError) throw packageReadError(path, err);
    // Anything else (a string or array too long for the engine…) is still this file's fault, said the same way.
    throw corruptError(path, errorText(err), err);
  }
}

/** Loads an .xlsx held in memory with ExcelJS. Throws WorkbookReadError when the bytes are not a readable .xlsx. */
export async function loadXlsxBuffer(buffer: Buffer, path = '(buffer)'): Promise<ExcelJS.Workbook> {
  checkXlsxBytes(buffer, path);
  // Loaded here only: ExcelJS takes a few hundred milliseconds to load, which a read without a write skips.
  const { Workbook } = await import('exceljs');
  const workbook = new Workbook();
  try {
    // ExcelJS types its argument as an ArrayBuffer-like; at run time it takes a Node Buffer (JSZip reads it).
    await workbook.xlsx.load(buffer as unknown as XlsxLoadInput);
  } catch (err) {
    throw corruptError(path, errorText(err), err);
  }
  return workbook;
}

/** An .xlsx file as read: its snapshot and its bytes (the package a write edits). */
export interface XlsxFile {
  snapshot: WorkbookSnapshot;
  bytes: Buffer;
  /** Where its sheets' cells end, when asked for (`forWrite`): a write of `bytes` need not look again. */
  sheetEnds?: SheetEnds;
}

export async function readXlsxFile(path: string, options: { forWrite?: boolean } = {}): Promise<XlsxFile> {
  let buffer: Buffer;
  try {
    // Read at once, not through the thread pool: the command line has nothing to do meanwhile, and an
    // asynchronous read kept the process waiting for the file's close after its work was done.
    const stat = statSync(path);
    if (!stat.isFile()) {
      throw new WorkbookReadError(
        'not-a-file',
        path,
        `${path} là thư mục, không phải tệp .xlsx`,
        `${path} is a folder, not an .xlsx file`,
      );
    }
    buffer = readFileSync(path);
  } catch (err) {
    if (err instanceof WorkbookReadError) throw err;
    const code = errnoCode(err);
    if (code === 'ENOENT' || code === 'ENOTDIR') {
      throw new WorkbookReadError('not-found', path, `Không tìm thấy tệp: ${path}`, `File not found: ${path}`, err);
    }
    if (code === 'EISDIR') {
      throw new WorkbookReadError(
        'not-a-file',
        path,
        `${path} là thư mục, không phải tệp .xlsx`,
        `${path} is a folder, not an .xlsx file`,
        err,
      );
    }
    throw new WorkbookReadError(
      'unreadable',
      path,
      `Không mở được tệp ${path} (${code ?? errorText(err)})`,
      `Cannot open the file ${path} (${code ?? errorText(err)})`,
      err,
    );
  }
  if (!options.forWrite) return { snapshot: readXlsxBytes(buffer, path), bytes: buffer };
  const parts = new Map<string, SheetEnd>();
  const snapshot = readXlsxBytes(buffer, path, { sheetEnds: parts });
  return { snapshot, bytes: buffer, sheetEnds: { bytes: buffer, parts } };
}
