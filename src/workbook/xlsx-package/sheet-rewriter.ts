// Users' edited sheets rewritten on a worker thread: each part's original bytes inflated, cut after its cells,
// the edited tail appended, deflated again (zlib level 6, as the main thread's RawDeflater). The command line
// hands them over before it writes the tool's own sheets, so the two run on two cores: at 1,000 unit sheets
// this is a third of `rank --out`'s writing. Why a worker: Node's asynchronous zlib calls cost 2.6 times the
// synchronous ones per part (measured on these 60 KB sheets), and a worker runs the synchronous ones.
// The worker's code is inline (no file of its own to find from dist or from the tests' TypeScript).
import { Worker } from 'worker_threads';
import type { Deflated } from './zip';

/** One part to rewrite: its stored bytes (method 0 stored, 8 deflated), the length kept, the tail after. */
interface Job {
  id: number;
  method: number;
  data: Uint8Array;
  split: number;
  tail: Uint8Array;
}

const WORKER_CODE = `
const { parentPort } = require('worker_threads');
const zlib = require('zlib');
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
parentPort.on('message', (job) => {
  try {
    const data = Buffer.from(job.data.buffer, job.data.byteOffset, job.data.byteLength);
    const whole = job.method === 0 ? data : zlib.inflateRawSync(data);
    const part = Buffer.concat([whole.subarray(0, job.split), Buffer.from(job.tail.buffer, job.tail.byteOffset, job.tail.byteLength)]);
    const out = zlib.deflateRawSync(part, { level: 6 });
    parentPort.postMessage({ id: job.id, out, crc32: crc32(part), size: part.length }, [out.buffer]);
  } catch (err) {
    parentPort.postMessage({ id: job.id, error: String(err && err.message ? err.message : err) });
  }
});
`;

interface Reply {
  id: number;
  out?: Uint8Array;
  crc32?: number;
  size?: number;
  error?: string;
}

export class SheetRewriter {
  private worker: Worker | null = null;
  private next = 0;
  private readonly waiting = new Map<number, { resolve: (d: Deflated) => void; reject: (e: Error) => void }>();

  private start(): Worker {
    const worker = new Worker(WORKER_CODE, { eval: true });
    const failAll = (err: Error): void => {
      if (this.worker !== worker) return;
      for (const w of this.waiting.values()) w.reject(err);
      this.waiting.clear();
      this.worker = null;
    };
    worker.on('message', (reply: Reply) => {
      const w = this.waiting.get(reply.id);
      if (w === undefined) return;
      this.waiting.delete(reply.id);
      if (reply.error !== undefined || reply.out === undefined) w.reject(new Error(reply.error ?? 'no output'));
      else {
        const out = Buffer.from(reply.out.buffer, reply.out.byteOffset, reply.out.byteLength);
        w.resolve({ pieces: [out], crc32: reply.crc32 as number, uncompressedSize: reply.size as number });
      }
      if (this.waiting.size === 0) void this.close();
    });
    worker.on('error', failAll);
    worker.on('exit', () => failAll(new Error('the worker stopped')));
    return worker;
  }

  /** The part `data` (stored with `method`), its first `split` bytes then `tail`, deflated on the worker. */
  rewrite(method: number, data: Buffer, split: number, tail: Buffer): Promise<Deflated> {
    this.worker ??= this.start();
    const id = this.next++;
    // Copies: the package's bytes stay the caller's (a transfer would detach them).
    const job: Job = { id, method, data: Uint8Array.from(data), split, tail: Uint8Array.from(tail) };
    const result = new Promise<Deflated>((resolve, reject) => this.waiting.set(id, { resolve, reject }));
    this.worker.postMessage(job);
    return result;
  }

  /** Stops the worker, once it has no part left (it is started again if more parts come). */
  async close(): Promise<void> {
    const worker = this.worker;
    this.worker = null;
    if (worker !== null) await worker.terminate();
  }
}
