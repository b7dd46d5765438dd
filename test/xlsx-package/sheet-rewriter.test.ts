// The worker that rewrites users' sheets (src/workbook/xlsx-package/sheet-rewriter.ts): a part handed over
// ahead or only at its rewrite, deflated or stored, gives its cells then the new tail, with the crc and size
// the zip needs; a part it cannot read is a refusal, not a wrong part. A sheet deflated in segments is one stream.
import fs from 'fs';
import { crc32, inflateRawSync, deflateRawSync } from 'zlib';
import { SHARED_PIECES, SheetRewriter } from '../../src/workbook/xlsx-package/sheet-rewriter';

const cells = Buffer.from('<worksheet><sheetData><row r="1"><c r="A1"><v>1</v></c></row></sheetData>', 'utf8');
const oldTail = Buffer.from('<pageMargins left="0.7"/></worksheet>', 'utf8');
const part = Buffer.concat([cells, oldTail]);
const newTail = Buffer.from('<conditionalFormatting sqref="A1"/><pageMargins left="0.7"/></worksheet>', 'utf8');
const expected = Buffer.concat([cells, newTail]);

const deflated = { method: 8, data: deflateRawSync(part), uncompressedSize: part.length };
const stored = { method: 0, data: part, uncompressedSize: part.length };

describe('SheetRewriter', () => {
  const rewriter = new SheetRewriter();
  afterAll(() => rewriter.close());

  test.each([
    ['deflated, handed over ahead', deflated, true],
    ['deflated, at its rewrite only', deflated, false],
    ['stored, handed over ahead', stored, true],
    ['stored, at its rewrite only', stored, false],
  ])('%s: the cells, then the new tail', async (_name, source, ahead) => {
    const name = `xl/worksheets/${_name}.xml`;
    if (ahead) rewriter.prepare(name, source, cells.length);
    const out = await rewriter.rewrite(name, source, cells.length, newTail);
    const bytes = inflateRawSync(Buffer.concat(out.pieces));
    expect(bytes.toString('utf8')).toBe(expected.toString('utf8'));
    expect(out.uncompressedSize).toBe(expected.length);
    expect(out.crc32).toBe(crc32(expected));
  });

  test('tails longer and shorter than the old, sizes stated wrong both ways, parts one after another', async () => {
    // A sheet larger than zlib's pieces, so that a size stated too small inflates in several.
    const bigCells = Buffer.from(`<worksheet><sheetData>${'<row><c><v>1</v></c></row>'.repeat(4000)}</sheetData>`);
    const big = Buffer.concat([bigCells, oldTail]);
    const longTail = Buffer.from(`${'<conditionalFormatting sqref="A1"/>'.repeat(2000)}</worksheet>`, 'utf8');
    const shortTail = Buffer.from('</worksheet>', 'utf8');
    const cases = [
      { name: 'long.xml', source: deflated, split: cells.length, tail: longTail },
      {
        name: 'small.xml',
        source: { method: 8, data: deflateRawSync(big), uncompressedSize: 3 },
        split: bigCells.length,
        tail: newTail,
      },
      {
        name: 'large.xml',
        source: { method: 8, data: deflateRawSync(big), uncompressedSize: big.length * 3 },
        split: bigCells.length,
        tail: newTail,
      },
      { name: 'short.xml', source: stored, split: cells.length, tail: shortTail },
      // Inflated into the buffer the larger parts before it were inflated into: only its own bytes.
      { name: 'after.xml', source: deflated, split: cells.length, tail: newTail },
    ];
    for (const { name, source, split, tail } of cases) {
      rewriter.prepare(name, source, split);
      const out = await rewriter.rewrite(name, source, split, tail);
      const whole = Buffer.concat([source === stored || source === deflated ? cells : bigCells, tail]);
      expect(inflateRawSync(Buffer.concat(out.pieces)).equals(whole)).toBe(true);
      expect(out.crc32).toBe(crc32(whole));
      expect(out.uncompressedSize).toBe(whole.length);
    }
    // The stored part handed over is a copy: the caller's bytes are as they were.
    expect(stored.data.equals(part)).toBe(true);
  });

  test('segments deflated apart, joined in order, are one deflate stream of the whole', async () => {
    const pieces = [0, 1, 2].map((k) => Buffer.from(`<row r="${k}">${'<c><v>1</v></c>'.repeat(5000)}</row>`));
    const whole = Buffer.concat(pieces);
    // The first handed over (memory of its own), the others copied (views into a larger buffer).
    const big = Buffer.alloc(128 * 1024);
    pieces[0].copy(big);
    const first = big.subarray(0, pieces[0].length);
    const segments = await Promise.all([
      rewriter.segment(first, 3, false),
      rewriter.segment(Buffer.concat([Buffer.alloc(8), pieces[1]]).subarray(8), 3, false),
      rewriter.segment(pieces[2], 3, false),
      rewriter.segment(Buffer.alloc(0), 3, true),
    ]);
    expect(inflateRawSync(Buffer.concat(segments)).equals(whole)).toBe(true);
  });

  test('pieces written in the shared memory: deflated in order, each free again once deflated', async () => {
    const source = rewriter.pieces;
    const rows = (k: number) => `<row r="${k}">${'<c><v>2</v></c>'.repeat(3000)}</row>`;
    // More pieces at once than the shared memory holds: the later ones are new buffers, the stream the same.
    const count = SHARED_PIECES + 4;
    const taken = Array.from({ length: count }, (_, k) => {
      const piece = source.take();
      return piece.subarray(0, piece.write(rows(k)));
    });
    expect(taken.filter((p) => p.buffer instanceof SharedArrayBuffer).length).toBe(SHARED_PIECES);
    expect(taken.slice(SHARED_PIECES).every((p) => p.buffer instanceof ArrayBuffer)).toBe(true);
    const segments = await Promise.all([
      ...taken.map((p) => rewriter.segment(p, 3, false)),
      rewriter.segment(Buffer.alloc(0), 3, true),
    ]);
    const whole = Array.from({ length: count }, (_, k) => rows(k)).join('');
    expect(inflateRawSync(Buffer.concat(segments)).toString('utf8')).toBe(whole);
    // Every shared piece came back: all are taken from the shared memory again, none is new.
    const again = Array.from({ length: SHARED_PIECES }, () => source.take());
    expect(again.every((p) => p.buffer instanceof SharedArrayBuffer)).toBe(true);
    await Promise.all(again.map((p) => rewriter.segment(p.subarray(0, 0), 3, false)));
  });

  test('a worker that stopped: what it held is sent again, to a new one', async () => {
    const own = new SheetRewriter();
    own.prepare('c.xml', deflated, cells.length);
    // The worker ends as if it had failed (its 'exit' as Node reports it), before the rewrite.
    const worker = (own as unknown as { worker: { terminate: () => Promise<number> } }).worker;
    await worker.terminate();
    const out = await own.rewrite('c.xml', deflated, cells.length, newTail);
    expect(inflateRawSync(Buffer.concat(out.pieces)).equals(expected)).toBe(true);
    await own.close();
  });

  // Linux alone gives a thread its own priority (elsewhere the worker keeps the process's).
  (process.platform === 'linux' ? test : test.skip)(
    "the worker's thread yields to this one: its nice value is 10, this thread's unchanged",
    async () => {
      /** Each thread of this process and its nice value (field 19 of /proc/self/task/<tid>/stat). */
      const niceByThread = (): Map<number, number> =>
        new Map(
          fs.readdirSync('/proc/self/task').map((tid) => {
            const stat = fs.readFileSync(`/proc/self/task/${tid}/stat`, 'utf8');
            const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
            return [Number(tid), Number(fields[19 - 3])];
          }),
        );
      const before = niceByThread();
      const own = new SheetRewriter();
      let after: Map<number, number>;
      try {
        await own.segment(Buffer.from('<x/>'), 3, true); // answered: the worker's start-up code has run
        after = niceByThread();
      } finally {
        await own.close();
      }
      const added = [...after].filter(([tid]) => !before.has(tid));
      expect(added.filter(([, nice]) => nice === 10)).toHaveLength(1);
      expect(after.get(process.pid)).toBe(before.get(process.pid));
    },
  );

  test('bytes that do not inflate: the rewrite is refused', async () => {
    const broken = { method: 8, data: Buffer.from('not deflate data at all'), uncompressedSize: 10 };
    rewriter.prepare('a.xml', broken, 5);
    await expect(rewriter.rewrite('a.xml', broken, 5, newTail)).rejects.toThrow();
    await expect(rewriter.rewrite('b.xml', broken, 5, newTail)).rejects.toThrow();
    // Cells said to end past the part's end: refused, handed over ahead or not.
    rewriter.prepare('c.xml', deflated, part.length + 1);
    await expect(rewriter.rewrite('c.xml', deflated, part.length + 1, newTail)).rejects.toThrow(/past the end/);
    await expect(rewriter.rewrite('d.xml', deflated, part.length + 1, newTail)).rejects.toThrow(/past the end/);
  });

  test('handed over cut at one place and rewritten cut at another: the part is sent again', async () => {
    rewriter.prepare('e.xml', deflated, 5);
    const out = await rewriter.rewrite('e.xml', deflated, cells.length, newTail);
    expect(inflateRawSync(Buffer.concat(out.pieces)).equals(expected)).toBe(true);
    expect(out.crc32).toBe(crc32(expected));
  });
});
