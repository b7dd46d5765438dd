// Where a sheet's cells end (sheet-end.ts): the same whatever pieces the part comes in, and the same whether the
// reader found it while scanning or the writer looks again; the writer trusts a read's ends only for the very
// bytes they were found in.
import fc from 'fast-check';
import { readFileSync } from 'fs';
import path from 'path';
import { analyzeWorkbook } from '../../src/core/analyze';
import { planResults } from '../../src/core/results-plan';
import { readXlsxBytes } from '../../src/workbook/xlsx-file';
import { applyPlanToPackageInBackground } from '../../src/workbook/xlsx-package/apply-plan';
import { SheetEndFinder, type SheetEnd } from '../../src/workbook/xlsx-package/sheet-end';
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
import { withExcelFeatures } from './excel-features';
import { buildPackage, MAIN_NS, worksheet } from './read-fixtures';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'sample.xlsx');

function endIn(pieces: Buffer[], part = 'xl/worksheets/sheet1.xml'): SheetEnd {
  const finder = new SheetEndFinder(part);
  for (const piece of pieces) finder.feed(piece);
  return finder.result();
}

/** `bytes` cut at `cuts` (positions, any order, repeats allowed). */
function cut(bytes: Buffer, cuts: number[]): Buffer[] {
  const at = [...new Set(cuts.map((c) => c % (bytes.length + 1)))].sort((a, b) => a - b);
  const pieces: Buffer[] = [];
  let from = 0;
  for (const c of [...at, bytes.length]) {
    if (c > from) pieces.push(bytes.subarray(from, c));
    from = Math.max(from, c);
  }
  return pieces;
}

describe('SheetEndFinder', () => {
  const head = '<?xml version="1.0" encoding="UTF-8"?>\n<!-- đầu --><x:worksheet xmlns:x="' + MAIN_NS + '">';

  test('the end of the last cells element, and what follows it, in pieces of any size', () => {
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom('<x:row r="1"/>', 'Điểm', '</x:sheetData>', '<x:sheetData/>', 'é'), {
          maxLength: 8,
        }),
        fc.array(fc.nat(), { maxLength: 12 }),
        (bits, cuts) => {
          const xml = Buffer.from(`${head}<x:sheetData>${bits.join('')}</x:sheetData><x:cols/></x:worksheet>`);
          const whole = endIn([xml]);
          expect(endIn(cut(xml, cuts))).toEqual(whole);
          expect(whole.kind).toBe('worksheet');
          expect(whole.p).toBe('x:');
          // The last marker wins: the tail is what follows the closing element written last.
          expect(whole.tail.toString()).toBe('<x:cols/></x:worksheet>');
          expect(xml.subarray(0, whole.split).toString().endsWith('</x:sheetData>')).toBe(true);
        },
      ),
    );
  });

  test('no cells element: -1; another kind of sheet: everything after its root tag; no root: bad-xml', () => {
    expect(endIn([Buffer.from(`${head}<x:cols/></x:worksheet>`)]).split).toBe(-1);
    const chart = Buffer.from(`<chartsheet xmlns="${MAIN_NS}"><sheetPr/></chartsheet>`);
    const end = endIn(cut(chart, [3, 30, 31]));
    expect(end).toMatchObject({ kind: 'chartsheet', p: '', split: end.rootEnd });
    expect(end.tail.toString()).toBe('<sheetPr/></chartsheet>');
    expect(() => endIn([Buffer.from('<?xml version="1.0"?>')])).toThrow(/no root element/);
  });
});

describe('a read’s sheet ends, used by the write', () => {
  const input = withExcelFeatures(readFileSync(SAMPLE));

  test('the reader finds, for every worksheet, what the writer would find looking again', () => {
    const ends = new Map<string, SheetEnd>();
    readXlsxBytes(input, 'x.xlsx', { sheetEnds: ends });
    const zip = ZipReader.open(input);
    expect(ends.size).toBeGreaterThan(3);
    for (const [part, end] of ends) {
      const finder = new SheetEndFinder(part);
      zip.chunks(part, (chunk) => finder.feed(chunk));
      expect(end).toEqual(finder.result());
    }
  });

  test('the same output with them; ends found in other bytes are not used', async () => {
    const parts = new Map<string, SheetEnd>();
    const snapshot = readXlsxBytes(input, 'x.xlsx', { sheetEnds: parts });
    const plan = planResults(snapshot, analyzeWorkbook(snapshot));
    const without = Buffer.concat(await applyPlanToPackageInBackground(input, plan));
    const withEnds = Buffer.concat(
      await applyPlanToPackageInBackground(input, plan, { sheetEnds: { bytes: input, parts } }),
    );
    expect(withEnds.equals(without)).toBe(true);
    // Wrong ends, said to come from a copy of the file: ignored (a different buffer is not proof of the same bytes).
    const wrong = new Map([...parts].map(([part, end]) => [part, { ...end, split: 5, tail: Buffer.from('<bad') }]));
    const copy = Buffer.from(input);
    const fromCopy = Buffer.concat(
      await applyPlanToPackageInBackground(input, plan, { sheetEnds: { bytes: copy, parts: wrong } }),
    );
    expect(fromCopy.equals(without)).toBe(true);
    // The control: said to come from these very bytes, the same wrong ends are used (so they were above too).
    const trusted = applyPlanToPackageInBackground(input, plan, { sheetEnds: { bytes: input, parts: wrong } });
    const outcome = await trusted.then(
      (pieces) => Buffer.concat(pieces),
      (err: unknown) => err,
    );
    expect(Buffer.isBuffer(outcome) && outcome.equals(without)).toBe(false);
  });

  test('a sheet the finder cannot read (UTF-16) is left out, not a failure of the read', () => {
    const xml = worksheet('<sheetData><row r="1"><c r="A1" t="inlineStr"><is><t>Điểm</t></is></c></row></sheetData>');
    const utf16 = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(xml.replace('UTF-8', 'UTF-16'), 'utf16le')]);
    const bytes = buildPackage({
      sheets: [
        { name: 'A', xml },
        { name: 'B', xml: '' },
      ],
      extra: [],
    });
    const zip = ZipReader.open(bytes);
    const patched = writeZip(
      zip.entries.map((e) =>
        e.name === 'xl/worksheets/sheet2.xml' ? { name: e.name, data: utf16 } : { name: e.name, copyFrom: zip },
      ),
    );
    const ends = new Map<string, SheetEnd>();
    const snapshot = readXlsxBytes(patched, 'x.xlsx', { sheetEnds: ends });
    expect(snapshot.sheets.map((s) => s.rows)).toEqual([[['Điểm']], [['Điểm']]]);
    expect([...ends.keys()]).toEqual(['xl/worksheets/sheet1.xml']);
  });
});
