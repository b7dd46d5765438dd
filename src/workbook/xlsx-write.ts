// Writing a workbook to an .xlsx file, never leaving a half-written file behind: the bytes are made in
// memory first, written to a temporary file in the output's folder, flushed, then renamed over the output
// (a rename within one folder replaces the file at once). Writing over the input file is therefore safe.
// ExcelJS is only a type here: the command line can load this module (and its error) without loading ExcelJS.
import { randomBytes } from 'crypto';
import { promises as fs } from 'fs';
import { basename, dirname, join, resolve } from 'path';
import type { Workbook } from 'exceljs';
import { BilingualError, errnoCode, errorText } from './errors';

export type WorkbookWriteErrorKind =
  'folder-missing' | 'is-folder' | 'not-regular' | 'permission' | 'busy' | 'disk-full' | 'serialize' | 'write-failed';

export class WorkbookWriteError extends BilingualError {
  readonly kind: WorkbookWriteErrorKind;
  readonly path: string;

  constructor(kind: WorkbookWriteErrorKind, outPath: string, messageVi: string, messageEn: string, cause?: unknown) {
    super(messageVi, messageEn, cause);
    this.name = 'WorkbookWriteError';
    this.kind = kind;
    this.path = outPath;
  }
}

/** The workbook as .xlsx bytes. */
export async function workbookToBuffer(wb: Workbook): Promise<Buffer> {
  const bytes = await wb.xlsx.writeBuffer();
  // ExcelJS types the result as an ArrayBuffer-like; under Node it is a Buffer already.
  return Buffer.isBuffer(bytes) ? bytes : Buffer.from(bytes as ArrayBuffer);
}

function writeError(err: unknown, outPath: string): WorkbookWriteError {
  const code = errnoCode(err);
  switch (code) {
    case 'ENOENT':
    case 'ENOTDIR':
      return new WorkbookWriteError(
        'folder-missing',
        outPath,
        `Không có thư mục để ghi ${outPath}`,
        `The folder for ${outPath} does not exist`,
        err,
      );
    case 'EISDIR':
      return new WorkbookWriteError(
        'is-folder',
        outPath,
        `${outPath} là thư mục, không ghi tệp đè lên được`,
        `${outPath} is a folder; cannot write a file over it`,
        err,
      );
    case 'EACCES':
    case 'EPERM':
    case 'EROFS':
      return new WorkbookWriteError(
        'permission',
        outPath,
        `Không có quyền ghi ${outPath} (hoặc tệp đang mở trong Excel); hãy đóng tệp hoặc chọn nơi lưu khác`,
        `No permission to write ${outPath} (or the file is open in Excel); close it or choose another place`,
        err,
      );
    case 'EBUSY':
      return new WorkbookWriteError(
        'busy',
        outPath,
        `Tệp ${outPath} đang được chương trình khác dùng (Excel?); hãy đóng rồi thử lại`,
        `${outPath} is in use by another program (Excel?); close it and try again`,
        err,
      );
    case 'ENOSPC':
    case 'EDQUOT':
      return new WorkbookWriteError(
        'disk-full',
        outPath,
        `Hết chỗ trên ổ đĩa khi ghi ${outPath}`,
        `The disk is full; cannot write ${outPath}`,
        err,
      );
    default:
      return new WorkbookWriteError(
        'write-failed',
        outPath,
        `Không ghi được ${outPath} (${code ?? errorText(err)})`,
        `Cannot write ${outPath} (${code ?? errorText(err)})`,
        err,
      );
  }
}

/** Folders of the system's special files: a path there is never a workbook, whatever its type says. */
const SPECIAL_ROOTS = ['/proc/', '/sys/', '/dev/'];

function notRegular(outPath: string, what: string): WorkbookWriteError {
  return new WorkbookWriteError(
    'not-regular',
    outPath,
    `${outPath} không phải tệp thông thường (${what}); hãy chọn một tệp .xlsx hoặc một tên tệp mới trong thư mục có sẵn`,
    `${outPath} is not a regular file (${what}); choose an .xlsx file or a new file name in an existing folder`,
  );
}

/**
 * Where the bytes must go: the output itself, or the regular file a symbolic link points to (so that the link
 * stays a link). Only a regular file or a new name in an existing folder is taken: a device (`/dev/full`), a
 * FIFO, a socket, a dangling link or a link into `/proc` would be replaced by a regular file, or written half.
 */
async function realTarget(outPath: string): Promise<string> {
  const link = await fs.lstat(outPath).catch((err: unknown) => {
    if (errnoCode(err) === 'ENOENT') return null;
    throw err;
  });
  if (link === null) {
    const folder = await fs.stat(dirname(resolve(outPath))).catch(() => null);
    if (!folder?.isDirectory()) throw writeError(Object.assign(new Error('no folder'), { code: 'ENOENT' }), outPath);
    return resolve(outPath); // a new file
  }
  if (link.isSymbolicLink()) {
    // The chain as written, not only where it ends: /proc/self/fd/1 ends at whatever the process's stdout is.
    let hop = resolve(outPath);
    for (let i = 0; i < 40; i++) {
      const next = await fs.readlink(hop).catch(() => null);
      if (next === null) break;
      hop = resolve(dirname(hop), next);
      if (SPECIAL_ROOTS.some((root) => hop.startsWith(root))) throw notRegular(outPath, hop);
    }
  }
  let target: string;
  try {
    target = await fs.realpath(outPath);
  } catch (err) {
    if (errnoCode(err) === 'ENOENT') throw notRegular(outPath, 'liên kết hỏng / a broken link');
    throw err;
  }
  const stat = await fs.stat(target);
  if (stat.isDirectory()) {
    throw new WorkbookWriteError(
      'is-folder',
      outPath,
      `${outPath} là thư mục, không ghi tệp đè lên được`,
      `${outPath} is a folder; cannot write a file over it`,
    );
  }
  if (!stat.isFile()) {
    const kind = stat.isFIFO() ? 'FIFO' : stat.isSocket() ? 'socket' : 'thiết bị / a device';
    throw notRegular(outPath, kind);
  }
  if (SPECIAL_ROOTS.some((root) => target.startsWith(root))) throw notRegular(outPath, target);
  return target;
}

/**
 * Writes the workbook to `outPath` (replacing it), through a temporary file in the same folder: the output is
 * either the old file or the complete new one, never a partial one. Throws WorkbookWriteError.
 */
export async function writeXlsxFile(wb: Workbook, outPath: string): Promise<void> {
  let bytes: Buffer;
  try {
    bytes = await workbookToBuffer(wb);
  } catch (err) {
    throw new WorkbookWriteError(
      'serialize',
      outPath,
      `Không tạo được nội dung tệp .xlsx (${errorText(err)}); chưa ghi gì`,
      `Cannot produce the .xlsx content (${errorText(err)}); nothing was written`,
      err,
    );
  }
  await writeXlsxBytes(bytes, outPath);
}

/** Most buffers one `writev` takes (the system's IOV_MAX is 1024 on Linux). */
const WRITEV_BUFFERS = 1024;

/** Every piece appended to the file, in order, by gathered writes (no copy of the whole file joined). */
async function writePieces(handle: fs.FileHandle, pieces: readonly Buffer[]): Promise<void> {
  for (let i = 0; i < pieces.length; i += WRITEV_BUFFERS) {
    const batch = pieces.slice(i, i + WRITEV_BUFFERS).filter((b) => b.length > 0);
    while (batch.length > 0) {
      let { bytesWritten } = await handle.writev(batch);
      // A short write: what is left of the batch, from the first byte not written.
      while (batch.length > 0 && bytesWritten >= batch[0].length) bytesWritten -= batch.shift()!.length;
      if (batch.length > 0 && bytesWritten > 0) batch[0] = batch[0].subarray(bytesWritten);
    }
  }
}

/**
 * Writes an .xlsx's bytes (whole, or as pieces to write one after the other) to `outPath` (replacing it), through
 * a temporary file in the same folder: the output is either the old file or the complete new one, never a
 * partial one. Throws WorkbookWriteError.
 */
export async function writeXlsxBytes(bytes: Buffer | readonly Buffer[], outPath: string): Promise<void> {
  const pieces: readonly Buffer[] = Buffer.isBuffer(bytes) ? [bytes] : bytes;
  let target: string;
  try {
    target = await realTarget(outPath);
  } catch (err) {
    if (err instanceof WorkbookWriteError) throw err;
    throw writeError(err, outPath);
  }

  const dir = dirname(target);
  const temp = join(dir, `.${basename(target)}.${process.pid}.${randomBytes(6).toString('hex')}.tmp`);
  let created = false;
  try {
    const handle = await fs.open(temp, 'wx');
    created = true;
    try {
      await writePieces(handle, pieces);
      await handle.sync();
    } finally {
      await handle.close();
    }
    await fs.rename(temp, target);
    created = false;
  } catch (err) {
    const error = writeError(err, outPath);
    if (created) {
      try {
        await fs.rm(temp, { force: true });
      } catch (cleanup) {
        throw new WorkbookWriteError(
          error.kind,
          outPath,
          `${error.messageVi}; còn sót tệp tạm ${temp} (${errorText(cleanup)})`,
          `${error.messageEn}; the temporary file ${temp} was left behind (${errorText(cleanup)})`,
          err,
        );
      }
    }
    throw error;
  }
}
