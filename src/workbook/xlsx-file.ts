// Reading an .xlsx file from disk, with clear, typed errors for what users actually hand in: a wrong path, a
// folder, an old .xls, a password-protected workbook, a LibreOffice .ods, a CSV or text file renamed, a file
// cut short by an e-mail gateway, a damaged part, a package too large to read.
//
// The snapshot is read straight from the package (xlsx-package/read-workbook.ts: streamed inflate and a SAX
// scan, a third of ExcelJS's time and less than half its memory). ExcelJS is loaded only by `loadXlsxBuffer`,
// which the command line no longer calls (tests and the harness do).
import { promises as fs } from 'fs';
import type ExcelJS from 'exceljs';
import type { WorkbookSnapshot } from '../core/types';
import { WorkbookReadError } from './read-error';
import { errnoCode, errorText } from './errors';
import { PackageError } from './xlsx-package/package-error';
import { readXlsxPackage } from './xlsx-package/read-workbook';

export { WorkbookReadError, type WorkbookReadErrorKind } from './read-error';

type XlsxLoadInput = Parameters<ExcelJS.Xlsx['load']>[0];

const ZIP_MAGIC = Buffer.from([0x50, 0x4b, 0x03, 0x04]);
/** End of central directory record; also the first bytes of an empty zip. */
const ZIP_END_MAGIC = Buffer.from([0x50, 0x4b, 0x05, 0x06]);
/** A zip's end record sits in the last 22 bytes plus its comment (at most 65,535 bytes). */
const MAX_ZIP_COMMENT = 0xffff;
/** OLE2 compound document: .xls of Excel 97–2003, and also every password-encrypted .xlsx. */
const OLE_MAGIC = Buffer.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What the bytes say, before ExcelJS is asked. Throws WorkbookReadError; returns when it may be an .xlsx. */
export function checkXlsxBytes(buffer: Buffer, path: string): void {
  if (buffer.length === 0) {
    throw new WorkbookReadError(
      'empty-file',
      path,
      `Tệp rỗng (0 byte): ${path}`,
      `The file is empty (0 bytes): ${path}`,
    );
  }
  const head = buffer.subarray(0, 8);
  if (head.equals(OLE_MAGIC)) {
    throw new WorkbookReadError(
      'xls-or-encrypted',
      path,
      `Không đọc được ${path}: đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu; hãy mở trong Excel và lưu lại dạng .xlsx không mật khẩu`,
      `Cannot read ${path}: it is an old Excel file (.xls) or a password-protected workbook; open it in Excel and save it as .xlsx without a password`,
    );
  }
  const zip = head.subarray(0, 4);
  if (!zip.equals(ZIP_MAGIC) && !zip.equals(ZIP_END_MAGIC)) {
    throw new WorkbookReadError(
      'not-xlsx',
      path,
      `${path} không phải tệp Excel .xlsx (có vẻ là văn bản, CSV hoặc định dạng khác)`,
      `${path} is not an Excel .xlsx file (it looks like text, CSV or another format)`,
    );
  }
  // A zip: an OpenDocument file names its type in the first, uncompressed entry "mimetype".
  if (buffer.subarray(0, 100).includes('application/vnd.oasis.opendocument')) {
    throw new WorkbookReadError(
      'ods',
      path,
      `${path} là tệp OpenDocument (.ods, LibreOffice), không phải .xlsx; hãy lưu lại dạng .xlsx`,
      `${path} is an OpenDocument file (.ods, LibreOffice), not .xlsx; save it as .xlsx`,
    );
  }
  // A zip ends with its directory; a file cut short (download, e-mail gateway) has lost it.
  const tail = buffer.subarray(Math.max(0, buffer.length - (MAX_ZIP_COMMENT + 22)));
  if (!tail.includes(ZIP_END_MAGIC)) {
    throw corruptError(path, 'the zip directory at the end of the file is missing');
  }
  // Entry names are stored uncompressed in the zip directory; an .xlsx that ExcelJS reads has xl/workbook.xml.
  if (!buffer.includes('xl/workbook.xml')) {
    throw new WorkbookReadError(
      'not-xlsx',
      path,
      `${path} là tệp nén (zip) nhưng không phải sổ tính Excel .xlsx`,
      `${path} is a zip archive but not an Excel .xlsx workbook`,
    );
  }
}

function corruptError(path: string, detail: string, cause?: unknown): WorkbookReadError {
  return new WorkbookReadError(
    'corrupt',
    path,
    `Tệp ${path} bị hỏng hoặc không đầy đủ (có thể bị cắt khi tải về/gửi thư); không đọc được`,
    `The file ${path} is damaged or incomplete (perhaps cut short in a download or e-mail); it cannot be read (${detail})`,
    cause,
  );
}

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
export function readXlsxBytes(buffer: Buffer, path = '(buffer)'): WorkbookSnapshot {
  checkXlsxBytes(buffer, path);
  try {
    return readXlsxPackage(buffer);
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
}

export async function readXlsxFile(path: string): Promise<XlsxFile> {
  let buffer: Buffer;
  try {
    const stat = await fs.stat(path);
    if (!stat.isFile()) {
      throw new WorkbookReadError(
        'not-a-file',
        path,
        `${path} là thư mục, không phải tệp .xlsx`,
        `${path} is a folder, not an .xlsx file`,
      );
    }
    buffer = await fs.readFile(path);
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
  return { snapshot: readXlsxBytes(buffer, path), bytes: buffer };
}
