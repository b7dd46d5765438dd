// Users' edited sheets rewritten on a worker thread. A sheet's cells (everything up to the end of
// `</sheetData>`) are never changed by a plan: the worker inflates each sheet handed over (`prepare`, as soon as
// the command line has read the file and knows where its cells end) and deflates its cells at once, ending on a
// byte boundary without the final bit (Z_SYNC_FLUSH), while this thread analyses, plans and writes the tool's
// sheets. Once the plan has edited a sheet's tail (`rewrite`), only the tail is deflated, as a second stream
// joined to the first: one deflate stream, whose crc is the cells' continued over the tail. The tool's own
// sheets are deflated on it too, a piece at a time (`segment`). Why a worker: Node's asynchronous zlib calls cost
// 2.6 times the synchronous ones per part (measured on these 60 KB sheets), and a worker runs the synchronous
// ones. The worker's code is inline (no file of its own to find from dist or from the tests' TypeScript).
// The tool's sheets are written (made into text) on this thread. Writing the calculation sheet on the worker
// instead, begun as soon as the plan had made it, was tried at 1,000 units and was no faster on two cores: the
// copy of its cells to the worker, the worker's garbage collection and compiling cost what this thread saved,
// and this thread then waited for the worker.
import { Worker } from 'worker_threads';
import type { PieceSource } from './sheet-xml';
import type { Deflated, StoredPart } from './zip';

/**
 * zlib level of a rewritten sheet: on the bench's 1,000 unit sheets, level 2 takes half of level 5's time
 * (0.19 s against 0.38 s) for parts 7% larger (6.2 MB against 5.7 MB); the two threads' work is the bound
 * of `rank --out` on two cores.
 */
const REWRITE_LEVEL = 2;

/**
 * Parts handed over ahead (`prepare`), counted by inflated size: past this, a part goes at its rewrite. The
 * worker inflates each as it comes and keeps only its deflated cells.
 */
const PREPARED_BYTES = 256 * 2 ** 20;

/** The largest buffer the worker allocates up front for an inflated part (the zip's stated size may lie). */
const PREPARED_LIMIT = 64 * 2 ** 20;

/** The worker thread's nice value (Linux): 0 is the main thread's, 19 the lowest. */
const WORKER_NICE = 10;

/** Pieces of the tool's sheets in the memory shared with the worker: how many, and their size. */
export const SHARED_PIECES = 8;
const SHARED_PIECE_BYTES = 1 << 18;

const WORKER_CODE = `
const { parentPort, workerData } = require('worker_threads');
const zlib = require('zlib');
const shared = workerData.pieces;
const pieceStates = new Int32Array(workerData.states);
// Background work: on Linux, where a thread has its own priority, this thread yields to the main one.
if (process.platform === 'linux') {
  try {
    const tid = Number(require('fs').readlinkSync('/proc/thread-self').split('/').pop());
    if (Number.isInteger(tid) && tid > 0 && tid !== process.pid) require('os').setPriority(tid, ${WORKER_NICE});
  } catch {
    // left at the process's priority
  }
}
const table = new Uint32Array(256);
for (let n = 0; n < 256; n++) {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  table[n] = c >>> 0;
}
const crc32 = zlib.crc32 || ((data, previous = 0) => {
  let c = (previous ^ 0xffffffff) >>> 0;
  for (let i = 0; i < data.length; i++) c = table[(c ^ data[i]) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
});
const view = (a) => Buffer.from(a.buffer, a.byteOffset, a.byteLength);
// Inflated into one buffer of the size the zip states (else in 16 KiB pieces joined: a copy of every sheet).
const inflatedNew = (data, size) =>
  zlib.inflateRawSync(data, { chunkSize: Math.min(size > 0 ? size : 0, ${PREPARED_LIMIT}) + 64 });
// Node's own zlib handle, driven as its synchronous functions drive it; null where it is not there.
const handleOf = (engine) => {
  const handle = engine._handle;
  const state = engine._writeState;
  if (!handle || typeof handle.writeSync !== 'function' || !(state instanceof Uint32Array) || state.length < 2) {
    engine.close();
    return null;
  }
  const z = { engine, handle, state, failure: null };
  handle.onerror = (errno, code, message) => {
    z.failure = new Error(message + ' (' + code + ')');
  };
  return z;
};
// All of \`input\` through handle \`z\` (flushed by \`flush\`) into \`out\`, grown when it is too small (its bytes
// so far copied over); the buffer and how much of it was written. The handle is reset for the next part.
const through = (z, flush, input, out) => {
  let inOffset = 0;
  let inLeft = input.length;
  let produced = 0;
  z.failure = null;
  for (;;) {
    const room = out.length - produced;
    z.handle.writeSync(flush, input, inOffset, inLeft, out, produced, room);
    if (z.failure) throw z.failure;
    inOffset += inLeft - z.state[1];
    inLeft = z.state[1];
    produced += room - z.state[0];
    if (z.state[0] !== 0) break; // done, with room to spare
    const larger = Buffer.allocUnsafe(out.length * 2);
    out.copy(larger, 0, 0, produced);
    out = larger;
  }
  z.handle.reset();
  return { out, produced };
};
// Every part is inflated into the same buffer, and its cells deflated into another, by one inflater and one
// deflater reset between parts: new buffers and a new zlib state per part were new memory each time, slow to
// touch (nothing of them is kept but the deflated bytes, copied out). \`reused(make)\`: a function putting an
// input through that one stream into that one buffer (at least \`size\` bytes), null where Node's handle is not
// there (the caller then uses inflateRawSync or deflateRawSync).
const reused = (make) => {
  let z;
  let buffer = Buffer.alloc(0);
  return (flush, input, size) => {
    if (z === undefined) z = handleOf(make());
    if (z === null) return null;
    if (buffer.length < size) buffer = Buffer.allocUnsafe(size);
    try {
      const { out, produced } = through(z, flush, input, buffer);
      buffer = out;
      return out.subarray(0, produced);
    } catch (err) {
      z.engine.close();
      z = undefined;
      throw err;
    }
  };
};
const inflating = reused(() => zlib.createInflateRaw());
const deflating = reused(() => zlib.createDeflateRaw({ level: ${REWRITE_LEVEL} }));
const inflated = (method, data, size) => {
  if (method === 0) return view(data);
  const input = view(data);
  const out = inflating(zlib.constants.Z_FINISH, input, Math.min(Math.max(size, 0), ${PREPARED_LIMIT}) + 64);
  return out ?? inflatedNew(input, size);
};
const deflatedCells = (cells) => {
  const out = deflating(zlib.constants.Z_SYNC_FLUSH, cells, 64 * 1024);
  return out === null
    ? zlib.deflateRawSync(cells, { level: ${REWRITE_LEVEL}, finishFlush: zlib.constants.Z_SYNC_FLUSH })
    : Buffer.from(out);
};
// A part's cells, its first bytes up to job.split: their crc and their deflated segment.
const cellsOf = (job) => {
  const whole = inflated(job.method, job.data, job.size);
  if (job.split > whole.length) throw new Error('the cells end past the end of the part');
  const cells = whole.subarray(0, job.split);
  return { split: job.split, crc: crc32(cells), out: deflatedCells(cells) };
};
const prepared = new Map();
parentPort.on('message', (job) => {
  if (job.kind === 'prepare') {
    // Many parts in one message, their bytes side by side in one buffer.
    for (const part of job.parts) {
      try {
        const data = job.bytes.subarray(part.offset, part.offset + part.length);
        prepared.set(part.name, cellsOf({ ...part, data }));
      } catch (err) {
        prepared.set(part.name, err);
      }
    }
    return;
  }
  if (job.kind === 'segment') {
    try {
      const flush = job.final ? zlib.constants.Z_FINISH : zlib.constants.Z_SYNC_FLUSH;
      const data = job.piece === undefined
        ? view(job.data)
        : Buffer.from(shared, job.piece * ${SHARED_PIECE_BYTES}, job.length);
      const out = zlib.deflateRawSync(data, { level: job.level, finishFlush: flush });
      parentPort.postMessage({ id: job.id, out }, [out.buffer]);
    } catch (err) {
      parentPort.postMessage({ id: job.id, error: String(err && err.message ? err.message : err) });
    } finally {
      // Deflated (or failed): the shared piece is free for the main thread's next text.
      if (job.piece !== undefined) Atomics.store(pieceStates, job.piece, 0);
    }
    return;
  }
  try {
    const cells = job.data ? cellsOf(job) : prepared.get(job.name);
    prepared.delete(job.name);
    if (cells === undefined) throw new Error('the part was not handed over');
    if (cells instanceof Error) throw cells;
    if (cells.split !== job.split) throw new Error('the part was handed over cut elsewhere');
    const tail = view(job.tail);
    const out = [cells.out, zlib.deflateRawSync(tail, { level: ${REWRITE_LEVEL} })];
    const size = job.split + tail.length;
    parentPort.postMessage({ id: job.id, out, crc32: crc32(tail, cells.crc), size }, out.map((o) => o.buffer));
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message ? err.message : err) });
  }
});
`;

interface Reply {
  id: number;
  /** A segment; a rewritten part's cells and tail. */
  out?: Uint8Array | Uint8Array[];
  crc32?: number;
  size?: number;
  error?: string;
}

/** Buffers at least this large have their own memory (Node pools only those under 4 KiB). */
const OWN_MEMORY_BYTES = 64 * 1024;

const asBuffer = (a: Uint8Array): Buffer => Buffer.from(a.buffer, a.byteOffset, a.byteLength);

/**
 * Memory shared with the worker, in pieces that the text of the tool's sheets is written into: a piece handed
 * over comes back free once the worker has deflated it, so the 40 MB of a calculation sheet of 1,000 units go
 * through the same 2 MiB. A new buffer per piece cost this thread 130 ms there: the first touch of memory is
 * slow (on these machines 4 ms per MiB). When no piece is free (the worker is behind), a new buffer it is.
 */
class SharedPieces implements PieceSource {
  readonly bytes = SHARED_PIECE_BYTES;
  readonly memory = new SharedArrayBuffer(SHARED_PIECES * SHARED_PIECE_BYTES);
  /** Per piece: 0 free, 1 taken (set here when taken, cleared by the worker once it is deflated). */
  readonly states = new Int32Array(new SharedArrayBuffer(4 * SHARED_PIECES));

  readonly take = (): Buffer => {
    for (let i = 0; i < SHARED_PIECES; i++) {
      if (Atomics.load(this.states, i) !== 0) continue;
      Atomics.store(this.states, i, 1);
      return Buffer.from(this.memory, i * SHARED_PIECE_BYTES, SHARED_PIECE_BYTES);
    }
    return Buffer.allocUnsafe(SHARED_PIECE_BYTES);
  };

  /** The piece `data` lies in; -1 when it is not in this memory. */
  pieceOf(data: Uint8Array): number {
    return data.buffer === this.memory ? Math.floor(data.byteOffset / SHARED_PIECE_BYTES) : -1;
  }
}

export class SheetRewriter {
  private worker: Worker | null = null;
  /** The memory shared with the current worker. */
  private shared: SharedPieces | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (r: Reply) => void; reject: (e: Error) => void }>();
  /** Parts handed over by `prepare` (the worker keeps their cells deflated), where their cells end, and their bytes in all. */
  private readonly prepared = new Map<string, number>();
  private preparedBytes = 0;

  private start(): Worker {
    // Each worker has memory of its own: pieces a stopped one held are never waited for.
    const shared = (this.shared = new SharedPieces());
    const { memory, states } = shared;
    const worker = new Worker(WORKER_CODE, { eval: true, workerData: { pieces: memory, states: states.buffer } });
    const failAll = (err: Error): void => {
      if (this.worker !== worker) return;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      this.worker = null;
      // What it held is gone with it: a later rewrite sends its part (to a new worker).
      this.prepared.clear();
      this.preparedBytes = 0;
    };
    worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.error !== undefined || reply.out === undefined) w.reject(new Error(reply.error ?? 'no output'));
      else w.resolve(reply);
    });
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('the worker stopped')));
    return worker;
  }

  /**
   * Hands part `name` over, its cells ending at byte `split`: the worker deflates them now, ahead of the part's
   * rewrite (up to PREPARED_BYTES in all, by inflated size). The bytes are copied: the package's stay the
   * caller's (a transfer would detach them).
   */
  prepare(name: string, stored: StoredPart, split: number): void {
    this.prepareAll([{ name, stored, split }]);
  }

  /**
   * The same for many parts, in one message: their bytes copied side by side into one buffer that changes
   * hands (a message per part cost the main thread about 60 ms for 1,000 sheets).
   */
  prepareAll(parts: readonly { name: string; stored: StoredPart; split: number }[]): void {
    const taken: { name: string; method: number; size: number; split: number; offset: number; length: number }[] = [];
    let length = 0;
    const sources: Uint8Array[] = [];
    for (const { name, stored, split } of parts) {
      if (this.prepared.has(name) || this.preparedBytes + stored.uncompressedSize > PREPARED_BYTES) continue;
      this.prepared.set(name, split);
      this.preparedBytes += stored.uncompressedSize;
      const { method, uncompressedSize: size, data } = stored;
      taken.push({ name, method, size, split, offset: length, length: data.length });
      sources.push(data);
      length += data.length;
    }
    if (taken.length === 0) return;
    this.worker ??= this.start();
    const bytes = new Uint8Array(length);
    taken.forEach((part, i) => bytes.set(sources[i], part.offset));
    this.worker.postMessage({ kind: 'prepare', parts: taken, bytes }, [bytes.buffer]);
  }

  /** Part `name` (`stored`), its first `split` bytes then `tail`, deflated on the worker. */
  async rewrite(name: string, stored: StoredPart, split: number, tail: Buffer): Promise<Deflated> {
    this.worker ??= this.start();
    const id = this.next++;
    // Handed over cut at the same place: only the tail goes; else the part again (the worker drops the other).
    const handedOver = this.prepared.get(name) === split;
    this.prepared.delete(name);
    const job = {
      kind: 'rewrite',
      id,
      name,
      method: stored.method,
      size: stored.uncompressedSize,
      ...(handedOver ? {} : { data: new Uint8Array(stored.data) }),
      split,
      tail: new Uint8Array(tail),
    };
    this.worker.postMessage(job);
    const r = await this.reply(id);
    const pieces = (r.out as Uint8Array[]).map(asBuffer);
    return { pieces, crc32: r.crc32 as number, uncompressedSize: r.size as number };
  }

  /**
   * One segment of a deflate stream, `data` handed over (the caller does not use it after): each but the
   * `final` one ends on a byte boundary without the final bit (Z_SYNC_FLUSH), so the segments joined in order
   * are one stream. The tool's own sheets are deflated so, a piece at a time, while the next is written.
   */
  async segment(data: Buffer, level: number, final: boolean): Promise<Buffer> {
    const worker = (this.worker ??= this.start());
    const id = this.next++;
    const piece = this.shared?.pieceOf(data) ?? -1;
    if (piece >= 0) worker.postMessage({ kind: 'segment', id, piece, length: data.length, level, final });
    else {
      // A piece with memory of its own (never Node's shared pool, of 8 KiB) is handed over as it is; else copied.
      const own =
        data.buffer instanceof ArrayBuffer && data.byteOffset === 0 && data.buffer.byteLength >= OWN_MEMORY_BYTES;
      const bytes = own ? new Uint8Array(data.buffer, 0, data.byteLength) : new Uint8Array(data);
      worker.postMessage({ kind: 'segment', id, data: bytes, level, final }, [bytes.buffer as ArrayBuffer]);
    }
    return asBuffer((await this.reply(id)).out as Uint8Array);
  }

  /** Where the text of a sheet deflated here by `segment` is best written: the memory shared with the worker. */
  get pieces(): PieceSource {
    this.worker ??= this.start();
    return this.shared as SharedPieces;
  }

  private reply(id: number): Promise<Reply> {
    return new Promise<Reply>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
  }

  /** Stops the worker (it is started again if more parts come). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    this.prepared.clear();
    this.preparedBytes = 0;
    if (worker !== null) await worker.terminate();
  }
}
