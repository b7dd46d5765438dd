// What a file's first and last bytes say before it is read as an .xlsx: empty, an old .xls or a
// password-protected workbook (both OLE2), text, an OpenDocument file, a zip cut short, a zip that is no
// workbook. On plain bytes (no Node Buffer): the command line and the pane (picked files) both use it.
import { WorkbookReadError } from './read-error';

function startsWith(bytes: Uint8Array, prefix: Uint8Array): boolean {
  if (bytes.length < prefix.length) return false;
  for (let i = 0; i < prefix.length; i++) if (bytes[i] !== prefix[i]) return false;
  return true;
}

/** Whether `needle` (bytes, or ASCII text) occurs in `bytes`. */
function contains(bytes: Uint8Array, needle: Uint8Array | string): boolean {
  const n = typeof needle === 'string' ? Uint8Array.from(needle, (ch) => ch.charCodeAt(0)) : needle;
  const first = n[0];
  for (let i = bytes.indexOf(first); i >= 0 && i + n.length <= bytes.length; i = bytes.indexOf(first, i + 1)) {
    let j = 1;
    while (j < n.length && bytes[i + j] === n[j]) j++;
    if (j === n.length) return true;
  }
  return false;
}

const ZIP_MAGIC = Uint8Array.from([0x50, 0x4b, 0x03, 0x04]);
/** End of central directory record; also the first bytes of an empty zip. */
const ZIP_END_MAGIC = Uint8Array.from([0x50, 0x4b, 0x05, 0x06]);
/** A zip's end record sits in the last 22 bytes plus its comment (at most 65,535 bytes). */
const MAX_ZIP_COMMENT = 0xffff;
/** OLE2 compound document: .xls of Excel 97–2003, and also every password-encrypted .xlsx. */
const OLE_MAGIC = Uint8Array.from([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1]);

/** What the bytes say, before ExcelJS is asked. Throws WorkbookReadError; returns when it may be an .xlsx. */
export function checkXlsxBytes(buffer: Uint8Array, path: string): void {
  if (buffer.length === 0) {
    throw new WorkbookReadError(
      'empty-file',
      path,
      `Tệp rỗng (0 byte): ${path}`,
      `The file is empty (0 bytes): ${path}`,
    );
  }
  const head = buffer.subarray(0, 8);
  if (startsWith(head, OLE_MAGIC)) {
    throw new WorkbookReadError(
      'xls-or-encrypted',
      path,
      `Không đọc được ${path}: đây là tệp Excel cũ (.xls) hoặc tệp có mật khẩu; hãy mở trong Excel và lưu lại dạng .xlsx không mật khẩu`,
      `Cannot read ${path}: it is an old Excel file (.xls) or a password-protected workbook; open it in Excel and save it as .xlsx without a password`,
    );
  }
  const zip = head.subarray(0, 4);
  if (!startsWith(zip, ZIP_MAGIC) && !startsWith(zip, ZIP_END_MAGIC)) {
    throw new WorkbookReadError(
      'not-xlsx',
      path,
      `${path} không phải tệp Excel .xlsx (có vẻ là văn bản, CSV hoặc định dạng khác)`,
      `${path} is not an Excel .xlsx file (it looks like text, CSV or another format)`,
    );
  }
  // A zip: an OpenDocument file names its type in the first, uncompressed entry "mimetype".
  if (contains(buffer.subarray(0, 100), 'application/vnd.oasis.opendocument')) {
    throw new WorkbookReadError(
      'ods',
      path,
      `${path} là tệp OpenDocument (.ods, LibreOffice), không phải .xlsx; hãy lưu lại dạng .xlsx`,
      `${path} is an OpenDocument file (.ods, LibreOffice), not .xlsx; save it as .xlsx`,
    );
  }
  // A zip ends with its directory; a file cut short (download, e-mail gateway) has lost it.
  const tail = buffer.subarray(Math.max(0, buffer.length - (MAX_ZIP_COMMENT + 22)));
  if (!contains(tail, ZIP_END_MAGIC)) {
    throw corruptError(path, 'the zip directory at the end of the file is missing');
  }
  // Entry names are stored uncompressed in the zip directory; an .xlsx that ExcelJS reads has xl/workbook.xml.
  if (!contains(buffer, 'xl/workbook.xml')) {
    throw new WorkbookReadError(
      'not-xlsx',
      path,
      `${path} là tệp nén (zip) nhưng không phải sổ tính Excel .xlsx`,
      `${path} is a zip archive but not an Excel .xlsx workbook`,
    );
  }
}

export function corruptError(path: string, detail: string, cause?: unknown): WorkbookReadError {
  return new WorkbookReadError(
    'corrupt',
    path,
    `Tệp ${path} bị hỏng hoặc không đầy đủ (có thể bị cắt khi tải về/gửi thư); không đọc được`,
    `The file ${path} is damaged or incomplete (perhaps cut short in a download or e-mail); it cannot be read (${detail})`,
    cause,
  );
}
