// The zip container of an .xlsx/.xlsm, read and written by hand over Node's zlib.
// Why by hand: no maintained npm zip library copies an entry's compressed bytes unchanged into a new archive,
// and that copy is what keeps every untouched part byte-identical and makes a write cost little more than a copy.
//
// Reading: the central directory (zip64 too) is parsed and checked at open (every entry's local header and
// data range inside the file, no encryption, no duplicate name, within the limits); a part is inflated on
// demand, whole (`read`, `text`) or in pieces (`chunks`, for parts of gigabytes), its size and crc checked.
// Writing: entries in the order given; a copied entry keeps its compressed bytes, method, flags and time; new
// data is deflated (level 6) with a fixed time (1980-01-01 00:00), so equal input gives equal bytes. Zip64
// records are written only when a size, an offset or the entry count needs them.
import * as zlib from 'zlib';
import { constants as bufferConstants } from 'buffer';
import { PackageError } from './package-error';

export { PackageError, type PackageErrorKind } from './package-error';

export interface ZipEntryInfo {
  name: string;
  /** 0 stored, 8 deflated. */
  method: number;
  compressedSize: number;
  uncompressedSize: number;
  crc32: number;
}

export interface ZipLimits {
  /** Most entries a package may have. */
  maxEntries?: number;
  /** Most bytes all entries may unzip to, as their directory declares them (inflation checks the declaration). */
  maxTotalUncompressed?: number;
}

/** Defaults when `ZipReader.open` is given no limits: generous, only there to refuse absurd packages. */
export const DEFAULT_ZIP_LIMITS: Required<ZipLimits> = {
  maxEntries: 500_000,
  maxTotalUncompressed: 64 * 1024 ** 3,
};

// ---------------------------------------------------------------------------------------------------------
// crc32: zlib's (Node ≥ 20.15), else a table

const CRC_TABLE: Uint32Array = (() => {
  const t = new Uint32Array(256);
  for (let n = 0; n < 256; n++) {
    let c = n;
    for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
    t[n] = c >>> 0;
  }
  return t;
})();

function crc32Table(data: Uint8Array, previous = 0): number {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = CRC_TABLE[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

type Crc32 = (data: Uint8Array, previous?: number) => number;
const nativeCrc32 = (zlib as unknown as { crc32?: Crc32 }).crc32;

/** CRC-32 of `data`, continuing from `previous` (the crc of what came before). */
export const crc32: Crc32 = typeof nativeCrc32 === 'function' ? nativeCrc32 : crc32Table;

// ---------------------------------------------------------------------------------------------------------
// Records

const SIG_LOCAL = 0x04034b50;
const SIG_CENTRAL = 0x02014b50;
const SIG_END = 0x06054b50;
const SIG_END64 = 0x06064b50;
const SIG_END64_LOCATOR = 0x07064b50;
const LOCAL_SIZE = 30;
const CENTRAL_SIZE = 46;
const END_SIZE = 22;
const END64_SIZE = 56;
const LOCATOR_SIZE = 20;
const MAX_COMMENT = 0xffff;
const U16 = 0xffff;
const U32 = 0xffffffff;
const ZIP64_EXTRA = 0x0001;
const FLAG_ENCRYPTED = 0x0001;
const FLAG_DESCRIPTOR = 0x0008;
const FLAG_UTF8 = 0x0800;
const FLAG_STRONG_ENCRYPTION = 0x0040;
const METHOD_STORED = 0;
const METHOD_DEFLATE = 8;
/** 1980-01-01 00:00:00 in DOS form. */
const DOS_DATE = 0x0021;
const DOS_TIME = 0;

/** What the reader knows of one entry (public info plus what a copy needs). */
interface Entry extends ZipEntryInfo {
  rawName: Buffer;
  flags: number;
  time: number;
  date: number;
  versionMadeBy: number;
  internalAttributes: number;
  externalAttributes: number;
  /** Where the compressed data starts and ends in the zip's bytes. */
  dataStart: number;
  dataEnd: number;
}

function damaged(detail: string, part?: string, cause?: unknown): PackageError {
  return new PackageError(
    'damaged',
    `Tệp nén (zip) bị hỏng hoặc không đầy đủ${part ? ` ở phần ${part}` : ''} (${detail})`,
    `The zip archive is damaged or incomplete${part ? ` at part ${part}` : ''} (${detail})`,
    { part, cause },
  );
}

/** Reads a 64-bit little-endian unsigned integer as a number (exact up to 2^53). */
function u64(buf: Buffer, at: number): number {
  const lo = buf.readUInt32LE(at);
  const hi = buf.readUInt32LE(at + 4);
  if (hi >= 0x200000) throw damaged('a 64-bit size or offset is out of range');
  return hi * 0x100000000 + lo;
}

function writeU64(buf: Buffer, value: number, at: number): void {
  buf.writeUInt32LE((value % 0x100000000) >>> 0, at);
  buf.writeUInt32LE(Math.floor(value / 0x100000000) >>> 0, at + 4);
}

/** Finds the end-of-central-directory record: the last one whose comment reaches the end of the file. */
function findEnd(bytes: Buffer): number {
  const last = bytes.length - END_SIZE;
  const first = Math.max(0, last - MAX_COMMENT);
  let loose = -1;
  for (let at = last; at >= first; at--) {
    if (bytes.readUInt32LE(at) !== SIG_END) continue;
    const commentLength = bytes.readUInt16LE(at + 20);
    if (at + END_SIZE + commentLength === bytes.length) return at;
    if (loose < 0 && at + END_SIZE + commentLength <= bytes.length) loose = at; // trailing bytes after the comment
  }
  if (loose >= 0) return loose;
  throw damaged('the zip directory at the end of the file is missing');
}

// ---------------------------------------------------------------------------------------------------------
// Inflating in pieces, synchronously

/** Node's zlib binding as its own sync code drives it (lib/zlib.js processChunkSync). */
interface ZlibHandle {
  writeSync(
    flush: number,
    input: Uint8Array,
    inOffset: number,
    inLength: number,
    output: Uint8Array,
    outOffset: number,
    outLength: number,
  ): void;
  onerror: (errno: number, code: string, message: string) => void;
  close(): void;
}

const CHUNK = 64 * 1024;

/**
 * Whether zlib's write state is the Uint32Array the handle reports its counters in. Checked by tag, not with
 * `instanceof`: the array can come from another realm (Jest's module sandbox), where `instanceof` is false.
 */
function isWriteState(state: unknown): state is Uint32Array {
  return ArrayBuffer.isView(state) && Object.prototype.toString.call(state) === '[object Uint32Array]';
}

/**
 * Inflates raw-deflate `data`, handing the output to `onChunk` in pieces of at most 64 KiB, holding no more
 * than one piece: the synchronous twin of a zlib stream. Node has no public synchronous streaming inflate, so
 * this drives the zlib handle the way Node's own `inflateRawSync` does; where that handle is not there (a
 * future Node), it falls back to one `inflateRawSync` of the whole part (correct, but not in pieces).
 */
function inflateInPieces(data: Buffer, maxOutput: number, onChunk: (chunk: Buffer) => void): void {
  const engine = zlib.createInflateRaw() as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
  const handle = engine._handle;
  const state = engine._writeState;
  if (handle === undefined || typeof handle.writeSync !== 'function' || !isWriteState(state)) {
    (engine as unknown as zlib.InflateRaw).close();
    const whole = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, maxOutput) });
    for (let at = 0; at < whole.length; at += CHUNK) onChunk(whole.subarray(at, Math.min(whole.length, at + CHUNK)));
    return;
  }
  let failure: Error | null = null;
  handle.onerror = (_errno, code, message) => {
    failure = new Error(`${message} (${code})`);
  };
  try {
    let inOffset = 0;
    let inLeft = data.length;
    let produced = 0;
    for (;;) {
      // No bigger than what is left to come (and one byte more, to see the end): most parts are smaller than
      // a piece, and a 64 KiB buffer for each would be most of what reading allocates.
      const room = Math.min(CHUNK, maxOutput - produced + 1);
      const out = Buffer.allocUnsafe(room);
      handle.writeSync(zlib.constants.Z_FINISH, data, inOffset, inLeft, out, 0, room);
      if (failure) throw failure;
      const outLeft = state[0];
      const inAfter = state[1];
      inOffset += inLeft - inAfter;
      inLeft = inAfter;
      const have = room - outLeft;
      if (have > 0) {
        produced += have;
        if (produced > maxOutput) throw new Error('more data than the zip directory declares');
        onChunk(out.subarray(0, have));
      }
      if (outLeft !== 0) break; // the stream ended (Z_FINISH with room to spare)
    }
  } finally {
    handle.close();
  }
}

/**
 * Deflates data handed in pieces, synchronously, keeping only the compressed output (a part rewritten from
 * the pieces of the original is never whole in memory). Drives the zlib handle as Node's own `deflateRawSync`
 * does; where that handle is not there, it collects the input and deflates it at the end.
 */
export class RawDeflater {
  private readonly handle: ZlibHandle | null;
  private readonly state: Uint32Array | null;
  private readonly out: Buffer[] = [];
  private readonly pending: Buffer[] = [];
  private crc = 0;
  private size = 0;
  private failure: Error | null = null;
  private finished = false;

  constructor(private readonly level = 6) {
    const engine = zlib.createDeflateRaw({ level }) as unknown as { _handle?: ZlibHandle; _writeState?: Uint32Array };
    if (engine._handle && typeof engine._handle.writeSync === 'function' && isWriteState(engine._writeState)) {
      this.handle = engine._handle;
      this.state = engine._writeState;
      this.handle.onerror = (_errno, code, message) => {
        this.failure = new Error(`${message} (${code})`);
      };
    } else {
      (engine as unknown as zlib.DeflateRaw).close();
      this.handle = null;
      this.state = null;
    }
  }

  push(data: Buffer): void {
    if (this.finished) throw new Error('RawDeflater: push after finish');
    if (data.length === 0) return;
    this.crc = crc32(data, this.crc);
    this.size += data.length;
    if (this.handle === null) this.pending.push(data);
    else this.run(zlib.constants.Z_NO_FLUSH, data);
  }

  finish(): Deflated {
    if (!this.finished) {
      this.finished = true;
      if (this.handle === null) this.out.push(zlib.deflateRawSync(Buffer.concat(this.pending), { level: this.level }));
      else {
        try {
          this.run(zlib.constants.Z_FINISH, Buffer.alloc(0));
        } finally {
          this.handle.close();
        }
      }
    }
    return { pieces: this.out, crc32: this.crc, uncompressedSize: this.size };
  }

  private run(flush: number, input: Buffer): void {
    const handle = this.handle!;
    const state = this.state!;
    let inOffset = 0;
    let inLeft = input.length;
    let out = Buffer.allocUnsafe(CHUNK);
    for (;;) {
      handle.writeSync(flush, input, inOffset, inLeft, out, 0, CHUNK);
      if (this.failure) throw this.failure;
      const outLeft = state[0];
      inOffset += inLeft - state[1];
      inLeft = state[1];
      const have = CHUNK - outLeft;
      if (have === CHUNK) {
        this.out.push(out);
        out = Buffer.allocUnsafe(CHUNK);
      } else if (have > 0) this.out.push(Buffer.from(out.subarray(0, have))); // a copy: no 64 KiB kept for a few bytes
      if (outLeft !== 0 && inLeft === 0) return;
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// Reader

export class ZipReader {
  readonly entries: readonly ZipEntryInfo[];
  /** The zip's bytes (shared, never modified). */
  readonly bytes: Buffer;
  private readonly byName: Map<string, Entry>;
  private readonly byLowerName: Map<string, Entry>;

  private constructor(bytes: Buffer, entries: Entry[]) {
    this.bytes = bytes;
    this.byName = new Map(entries.map((e) => [e.name, e]));
    this.byLowerName = new Map();
    for (const e of entries)
      if (!this.byLowerName.has(e.name.toLowerCase())) this.byLowerName.set(e.name.toLowerCase(), e);
    this.entries = entries.map((e): ZipEntryInfo => ({
      name: e.name,
      method: e.method,
      compressedSize: e.compressedSize,
      uncompressedSize: e.uncompressedSize,
      crc32: e.crc32,
    }));
  }

  /** Parses the central directory (and its zip64 records). Throws PackageError on a damaged or refused zip. */
  static open(bytes: Buffer, limits: ZipLimits = {}): ZipReader {
    const maxEntries = limits.maxEntries ?? DEFAULT_ZIP_LIMITS.maxEntries;
    const maxTotal = limits.maxTotalUncompressed ?? DEFAULT_ZIP_LIMITS.maxTotalUncompressed;
    if (bytes.length < END_SIZE) throw damaged('too short to be a zip');
    const end = findEnd(bytes);
    const disk = bytes.readUInt16LE(end + 4);
    const cdDisk = bytes.readUInt16LE(end + 6);
    let count = bytes.readUInt16LE(end + 10);
    let cdSize = bytes.readUInt32LE(end + 12);
    let cdOffset = bytes.readUInt32LE(end + 16);
    let cdEnd = end; // where the central directory must end
    const locatorAt = end - LOCATOR_SIZE;
    if (locatorAt >= 0 && bytes.readUInt32LE(locatorAt) === SIG_END64_LOCATOR) {
      const end64 = u64(bytes, locatorAt + 8);
      if (end64 + END64_SIZE > locatorAt || bytes.readUInt32LE(end64) !== SIG_END64) {
        throw damaged('the zip64 directory record is missing');
      }
      if (bytes.readUInt32LE(end64 + 16) !== 0 || bytes.readUInt32LE(end64 + 20) !== 0) throw splitArchive();
      count = u64(bytes, end64 + 32);
      cdSize = u64(bytes, end64 + 40);
      cdOffset = u64(bytes, end64 + 48);
      cdEnd = end64;
    } else if (count === U16 || cdSize === U32 || cdOffset === U32) {
      throw damaged('the zip64 directory locator is missing');
    } else if (disk !== 0 || cdDisk !== 0) {
      throw splitArchive();
    }
    if (count > maxEntries) {
      throw new PackageError(
        'limit',
        `Tệp có ${count} phần, vượt giới hạn ${maxEntries}`,
        `The package has ${count} entries, beyond the limit of ${maxEntries}`,
      );
    }
    if (cdOffset + cdSize > cdEnd) throw damaged('the zip directory lies outside the file');

    const entries: Entry[] = [];
    const seen = new Set<string>();
    let total = 0;
    let at = cdOffset;
    for (let i = 0; i < count; i++) {
      if (at + CENTRAL_SIZE > cdOffset + cdSize || bytes.readUInt32LE(at) !== SIG_CENTRAL) {
        throw damaged(`zip directory record ${i + 1} of ${count} is damaged`);
      }
      const versionMadeBy = bytes.readUInt16LE(at + 4);
      const flags = bytes.readUInt16LE(at + 8);
      const method = bytes.readUInt16LE(at + 10);
      const time = bytes.readUInt16LE(at + 12);
      const date = bytes.readUInt16LE(at + 14);
      const crc = bytes.readUInt32LE(at + 16);
      let compressedSize = bytes.readUInt32LE(at + 20);
      let uncompressedSize = bytes.readUInt32LE(at + 24);
      const nameLength = bytes.readUInt16LE(at + 28);
      const extraLength = bytes.readUInt16LE(at + 30);
      const commentLength = bytes.readUInt16LE(at + 32);
      const diskStart = bytes.readUInt16LE(at + 34);
      const internalAttributes = bytes.readUInt16LE(at + 36);
      const externalAttributes = bytes.readUInt32LE(at + 38);
      let localOffset = bytes.readUInt32LE(at + 42);
      const recordEnd = at + CENTRAL_SIZE + nameLength + extraLength + commentLength;
      if (recordEnd > cdOffset + cdSize) throw damaged(`zip directory record ${i + 1} of ${count} is cut short`);
      const rawName = bytes.subarray(at + CENTRAL_SIZE, at + CENTRAL_SIZE + nameLength);
      const name = rawName.toString(flags & FLAG_UTF8 || isAscii(rawName) ? 'utf8' : 'latin1');
      // Zip64 extra field: the 64-bit values of the fields set to 0xFFFFFFFF, in this order.
      let x = at + CENTRAL_SIZE + nameLength;
      const extraEnd = x + extraLength;
      while (x + 4 <= extraEnd) {
        const id = bytes.readUInt16LE(x);
        const size = bytes.readUInt16LE(x + 2);
        if (id === ZIP64_EXTRA) {
          let y = x + 4;
          const take = (): number => {
            if (y + 8 > x + 4 + size) throw damaged('a zip64 field is cut short', name);
            const v = u64(bytes, y);
            y += 8;
            return v;
          };
          if (uncompressedSize === U32) uncompressedSize = take();
          if (compressedSize === U32) compressedSize = take();
          if (localOffset === U32) localOffset = take();
          break;
        }
        x += 4 + size;
      }
      if (diskStart !== 0 && diskStart !== U16) throw splitArchive();
      if (flags & (FLAG_ENCRYPTED | FLAG_STRONG_ENCRYPTION)) {
        throw new PackageError(
          'unsupported',
          `Phần ${name} của tệp được mã hóa; hãy mở trong Excel và lưu lại không mật khẩu`,
          `Part ${name} is encrypted; open the file in Excel and save it without a password`,
          { part: name },
        );
      }
      if (method !== METHOD_STORED && method !== METHOD_DEFLATE) {
        throw new PackageError(
          'unsupported',
          `Phần ${name} nén theo cách không hỗ trợ (phương pháp ${method})`,
          `Part ${name} uses an unsupported compression (method ${method})`,
          { part: name },
        );
      }
      if (method === METHOD_STORED && compressedSize !== uncompressedSize) {
        throw damaged('a stored entry whose sizes differ', name);
      }
      if (seen.has(name)) throw damaged('two entries have the same name', name);
      seen.add(name);
      total += uncompressedSize;
      if (total > maxTotal) {
        throw new PackageError(
          'limit',
          `Tệp khi giải nén vượt ${formatBytes(maxTotal)}, giới hạn cho phép`,
          `The package would unzip to more than ${formatBytes(maxTotal)}, the limit`,
          { part: name },
        );
      }
      // The local header: where the data really starts (its own name and extra lengths may differ).
      if (localOffset + LOCAL_SIZE > cdOffset || bytes.readUInt32LE(localOffset) !== SIG_LOCAL) {
        throw damaged('an entry header is missing', name);
      }
      const dataStart =
        localOffset + LOCAL_SIZE + bytes.readUInt16LE(localOffset + 26) + bytes.readUInt16LE(localOffset + 28);
      const dataEnd = dataStart + compressedSize;
      if (dataEnd > cdOffset) throw damaged('an entry runs past the end of the data', name);
      entries.push({
        name,
        method,
        compressedSize,
        uncompressedSize,
        crc32: crc,
        rawName: Buffer.from(rawName),
        flags,
        time,
        date,
        versionMadeBy,
        internalAttributes,
        externalAttributes,
        dataStart,
        dataEnd,
      });
      at = recordEnd;
    }
    return new ZipReader(bytes, entries);
  }

  has(name: string): boolean {
    return this.byName.has(name);
  }

  /** The entry's actual name when one matches `name` ignoring case (part names are case-insensitive). */
  lookup(name: string): string | undefined {
    return this.byName.get(name)?.name ?? this.byLowerName.get(name.toLowerCase())?.name;
  }

  info(name: string): ZipEntryInfo {
    const e = this.entry(name);
    return {
      name: e.name,
      method: e.method,
      compressedSize: e.compressedSize,
      uncompressedSize: e.uncompressedSize,
      crc32: e.crc32,
    };
  }

  /** The whole part, inflated; its size and crc checked. */
  read(name: string): Buffer {
    const e = this.entry(name);
    if (e.uncompressedSize > bufferConstants.MAX_LENGTH) throw tooLarge(e.name, e.uncompressedSize);
    const data = this.bytes.subarray(e.dataStart, e.dataEnd);
    let out: Buffer;
    if (e.method === METHOD_STORED) out = Buffer.from(data);
    else {
      try {
        out = zlib.inflateRawSync(data, { maxOutputLength: Math.max(1, e.uncompressedSize) });
      } catch (err) {
        throw damaged(`cannot inflate: ${err instanceof Error ? err.message : String(err)}`, e.name, err);
      }
    }
    if (out.length !== e.uncompressedSize) throw damaged('the size does not match the zip directory', e.name);
    if (crc32(out) !== e.crc32) throw damaged('the checksum (crc) does not match', e.name);
    return out;
  }

  /** The whole part as text (UTF-8, a byte-order mark dropped). */
  text(name: string): string {
    const e = this.entry(name);
    if (e.uncompressedSize > bufferConstants.MAX_STRING_LENGTH) throw tooLarge(e.name, e.uncompressedSize);
    const bytes = this.read(name);
    const start = bytes.length >= 3 && bytes[0] === 0xef && bytes[1] === 0xbb && bytes[2] === 0xbf ? 3 : 0;
    return bytes.toString('utf8', start);
  }

  /**
   * The part inflated in pieces (at most 64 KiB each, in order), never the whole of it in memory: for parts of
   * any size. Its size and crc are checked at the end (an error after some pieces were handed out).
   */
  chunks(name: string, onChunk: (chunk: Buffer) => void): void {
    const e = this.entry(name);
    const data = this.bytes.subarray(e.dataStart, e.dataEnd);
    let size = 0;
    let crc = 0;
    let callerError: { error: unknown } | null = null;
    const take = (chunk: Buffer): void => {
      size += chunk.length;
      crc = crc32(chunk, crc);
      try {
        onChunk(chunk);
      } catch (error) {
        callerError = { error };
        throw error;
      }
    };
    if (e.method === METHOD_STORED) {
      for (let at = 0; at < data.length; at += CHUNK) {
        take(Buffer.from(data.subarray(at, Math.min(data.length, at + CHUNK))));
      }
    } else {
      try {
        inflateInPieces(data, e.uncompressedSize, take);
      } catch (err) {
        if (callerError !== null) throw err; // the caller's own error, thrown from onChunk
        throw damaged(`cannot inflate: ${err instanceof Error ? err.message : String(err)}`, e.name, err);
      }
    }
    if (size !== e.uncompressedSize) throw damaged('the size does not match the zip directory', e.name);
    if (crc !== e.crc32) throw damaged('the checksum (crc) does not match', e.name);
  }

  /** The entry's compressed bytes as stored (shared with the zip's bytes: do not modify). */
  compressed(name: string): { info: ZipEntryInfo; data: Buffer } {
    const e = this.entry(name);
    return { info: this.info(name), data: this.bytes.subarray(e.dataStart, e.dataEnd) };
  }

  /** @internal What `writeZip` needs to copy an entry. */
  rawEntry(name: string): Readonly<Entry> {
    return this.entry(name);
  }

  /** A part's bytes as stored (a view), its method and its size once inflated. */
  stored(name: string): StoredPart {
    const e = this.entry(name);
    return {
      method: e.method,
      data: this.bytes.subarray(e.dataStart, e.dataEnd),
      uncompressedSize: e.uncompressedSize,
    };
  }

  private entry(name: string): Entry {
    const e = this.byName.get(name);
    if (e === undefined) {
      throw new PackageError('missing-part', `Không có phần ${name} trong tệp`, `The package has no part ${name}`, {
        part: name,
      });
    }
    return e;
  }
}

function isAscii(b: Buffer): boolean {
  for (let i = 0; i < b.length; i++) if (b[i] > 0x7f) return false;
  return true;
}

function formatBytes(n: number): string {
  if (n >= 1024 ** 3) return `${(n / 1024 ** 3).toFixed(1)} GiB`;
  if (n >= 1024 ** 2) return `${(n / 1024 ** 2).toFixed(1)} MiB`;
  return `${n} B`;
}

function tooLarge(part: string, size: number): PackageError {
  return new PackageError(
    'limit',
    `Phần ${part} quá lớn để đọc liền một khối (${formatBytes(size)})`,
    `Part ${part} is too large to read in one piece (${formatBytes(size)})`,
    { part },
  );
}

function splitArchive(): PackageError {
  return new PackageError(
    'unsupported',
    'Tệp nén chia thành nhiều phần (split/spanned zip) không được hỗ trợ',
    'A zip split over several files is not supported',
  );
}

// ---------------------------------------------------------------------------------------------------------
// Writer

/** A part as the zip stores it: method (0 stored, 8 deflated), its bytes, its size once inflated. */
export interface StoredPart {
  method: number;
  data: Buffer;
  uncompressedSize: number;
}

/** Data deflated already (by a RawDeflater): written as they are. */
export interface Deflated {
  pieces: Buffer[];
  crc32: number;
  uncompressedSize: number;
}

export type ZipOutEntry =
  | { name: string; data: Buffer | string }
  | { name: string; copyFrom: ZipReader }
  | { name: string; deflated: Deflated };

export interface ZipWriteOptions {
  /** Write zip64 records for every entry even when not needed (tests of the reader). */
  forceZip64?: boolean;
  /** zlib level for new data; default 6; 0 stores the data uncompressed. */
  level?: number;
}

interface OutRecord {
  rawName: Buffer;
  flags: number;
  method: number;
  time: number;
  date: number;
  crc: number;
  compressedSize: number;
  uncompressedSize: number;
  versionMadeBy: number;
  internalAttributes: number;
  externalAttributes: number;
  data: Buffer[];
  offset: number;
}

/**
 * The archive as a list of buffers to write one after the other (copied data are views of the readers'
 * bytes: no copy is made). `writeZip` joins them.
 */
export function writeZipPieces(entries: readonly ZipOutEntry[], options: ZipWriteOptions = {}): Buffer[] {
  const pieces: Buffer[] = [];
  const records: OutRecord[] = [];
  const names = new Set<string>();
  let offset = 0;
  const force = options.forceZip64 === true;
  for (const entry of entries) {
    if (names.has(entry.name)) throw new Error(`writeZip: two entries named ${entry.name}`);
    names.add(entry.name);
    let r: OutRecord;
    if ('copyFrom' in entry) {
      const e = entry.copyFrom.rawEntry(entry.name);
      r = {
        rawName: e.rawName,
        // Sizes and crc go in the local header: no data descriptor.
        flags: e.flags & ~FLAG_DESCRIPTOR,
        method: e.method,
        time: e.time,
        date: e.date,
        crc: e.crc32,
        compressedSize: e.compressedSize,
        uncompressedSize: e.uncompressedSize,
        versionMadeBy: e.versionMadeBy,
        internalAttributes: e.internalAttributes,
        externalAttributes: e.externalAttributes,
        data: [entry.copyFrom.bytes.subarray(e.dataStart, e.dataEnd)],
        offset,
      };
    } else if ('deflated' in entry) {
      const rawName = Buffer.from(entry.name, 'utf8');
      r = {
        rawName,
        flags: isAscii(rawName) ? 0 : FLAG_UTF8,
        method: METHOD_DEFLATE,
        time: DOS_TIME,
        date: DOS_DATE,
        crc: entry.deflated.crc32,
        compressedSize: entry.deflated.pieces.reduce((n, b) => n + b.length, 0),
        uncompressedSize: entry.deflated.uncompressedSize,
        versionMadeBy: 20,
        internalAttributes: 0,
        externalAttributes: 0,
        data: entry.deflated.pieces,
        offset,
      };
    } else {
      const raw = typeof entry.data === 'string' ? Buffer.from(entry.data, 'utf8') : entry.data;
      const rawName = Buffer.from(entry.name, 'utf8');
      r = {
        rawName,
        flags: isAscii(rawName) ? 0 : FLAG_UTF8,
        method: options.level === 0 ? METHOD_STORED : METHOD_DEFLATE,
        time: DOS_TIME,
        date: DOS_DATE,
        crc: crc32(raw),
        compressedSize: 0,
        uncompressedSize: raw.length,
        versionMadeBy: 20,
        internalAttributes: 0,
        externalAttributes: 0,
        data: [options.level === 0 ? raw : zlib.deflateRawSync(raw, { level: options.level ?? 6 })],
        offset,
      };
      r.compressedSize = r.data[0].length;
    }
    const zip64 = force || r.compressedSize >= U32 || r.uncompressedSize >= U32;
    const local = Buffer.alloc(LOCAL_SIZE + r.rawName.length + (zip64 ? 20 : 0));
    local.writeUInt32LE(SIG_LOCAL, 0);
    local.writeUInt16LE(zip64 ? 45 : 20, 4);
    local.writeUInt16LE(r.flags, 6);
    local.writeUInt16LE(r.method, 8);
    local.writeUInt16LE(r.time, 10);
    local.writeUInt16LE(r.date, 12);
    local.writeUInt32LE(r.crc, 14);
    local.writeUInt32LE(zip64 ? U32 : r.compressedSize, 18);
    local.writeUInt32LE(zip64 ? U32 : r.uncompressedSize, 22);
    local.writeUInt16LE(r.rawName.length, 26);
    local.writeUInt16LE(zip64 ? 20 : 0, 28);
    r.rawName.copy(local, LOCAL_SIZE);
    if (zip64) {
      const x = LOCAL_SIZE + r.rawName.length;
      local.writeUInt16LE(ZIP64_EXTRA, x);
      local.writeUInt16LE(16, x + 2);
      writeU64(local, r.uncompressedSize, x + 4);
      writeU64(local, r.compressedSize, x + 12);
    }
    pieces.push(local, ...r.data);
    records.push(r);
    offset += local.length + r.compressedSize;
  }

  const cdOffset = offset;
  for (const r of records) {
    const big = [
      force || r.uncompressedSize >= U32 ? r.uncompressedSize : null,
      force || r.compressedSize >= U32 ? r.compressedSize : null,
      force || r.offset >= U32 ? r.offset : null,
    ].filter((v): v is number => v !== null);
    const extra = big.length > 0 ? 4 + 8 * big.length : 0;
    const c = Buffer.alloc(CENTRAL_SIZE + r.rawName.length + extra);
    c.writeUInt32LE(SIG_CENTRAL, 0);
    c.writeUInt16LE(r.versionMadeBy, 4);
    c.writeUInt16LE(big.length > 0 ? 45 : 20, 6);
    c.writeUInt16LE(r.flags, 8);
    c.writeUInt16LE(r.method, 10);
    c.writeUInt16LE(r.time, 12);
    c.writeUInt16LE(r.date, 14);
    c.writeUInt32LE(r.crc, 16);
    c.writeUInt32LE(force || r.compressedSize >= U32 ? U32 : r.compressedSize, 20);
    c.writeUInt32LE(force || r.uncompressedSize >= U32 ? U32 : r.uncompressedSize, 24);
    c.writeUInt16LE(r.rawName.length, 28);
    c.writeUInt16LE(extra, 30);
    c.writeUInt16LE(0, 32); // comment
    c.writeUInt16LE(0, 34); // disk
    c.writeUInt16LE(r.internalAttributes, 36);
    c.writeUInt32LE(r.externalAttributes, 38);
    c.writeUInt32LE(force || r.offset >= U32 ? U32 : r.offset, 42);
    r.rawName.copy(c, CENTRAL_SIZE);
    if (extra > 0) {
      let x = CENTRAL_SIZE + r.rawName.length;
      c.writeUInt16LE(ZIP64_EXTRA, x);
      c.writeUInt16LE(extra - 4, x + 2);
      x += 4;
      for (const v of big) {
        writeU64(c, v, x);
        x += 8;
      }
    }
    pieces.push(c);
    offset += c.length;
  }
  const cdSize = offset - cdOffset;
  const count = records.length;
  const zip64End = force || count >= U16 || cdOffset >= U32 || cdSize >= U32;
  if (zip64End) {
    const end64 = Buffer.alloc(END64_SIZE + LOCATOR_SIZE);
    end64.writeUInt32LE(SIG_END64, 0);
    writeU64(end64, END64_SIZE - 12, 4);
    end64.writeUInt16LE(45, 12);
    end64.writeUInt16LE(45, 14);
    writeU64(end64, count, 24);
    writeU64(end64, count, 32);
    writeU64(end64, cdSize, 40);
    writeU64(end64, cdOffset, 48);
    end64.writeUInt32LE(SIG_END64_LOCATOR, END64_SIZE);
    writeU64(end64, offset, END64_SIZE + 8);
    end64.writeUInt32LE(1, END64_SIZE + 16); // disks
    pieces.push(end64);
  }
  const end = Buffer.alloc(END_SIZE);
  end.writeUInt32LE(SIG_END, 0);
  end.writeUInt16LE(zip64End ? U16 : count, 8);
  end.writeUInt16LE(zip64End ? U16 : count, 10);
  end.writeUInt32LE(zip64End ? U32 : cdSize, 12);
  end.writeUInt32LE(zip64End ? U32 : cdOffset, 16);
  pieces.push(end);
  return pieces;
}

/**
 * A zip of these entries, in this order. `copyFrom` copies the entry of that name from a reader with its
 * compressed bytes unchanged (no re-deflate); new data is deflated (level 6) with its crc32.
 */
export function writeZip(entries: readonly ZipOutEntry[], options: ZipWriteOptions = {}): Buffer {
  return Buffer.concat(writeZipPieces(entries, options));
}
