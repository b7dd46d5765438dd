// The lossless checks of lossless.test.ts and lossless.libreoffice.test.ts: a workbook with real Excel features
// (excel-features.ts) through the command line (`rank --out`, again, `clean`): every part of the original is
// present; byte-identical (inflated) where the tool did not touch it; equal element by element where it did,
// once the tool's own elements are taken out; rank twice = rank once; clean gives the original's parts back; the
// package keeps Excel's invariants. The files are written to a directory of the importing test file's own.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { run, type CliIO } from '../../src/cli/main';
import { readXlsxBytes } from '../../src/workbook/xlsx-file';
import { FEATURE_SHEET, MACRO_CT, ODD_TEXTS, USER_SHEETS, VBA_BYTES, withExcelFeatures } from './excel-features';
import {
  isToolHighlight,
  packageProblems,
  partsOf,
  plain,
  relationshipsOf,
  sheetsOf,
  stylesWithoutAppended,
  xmlOf,
  type Parts,
} from './package-check';

export const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'sample.xlsx');
let dir: string;

beforeAll(() => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-lossless-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** The importing test file's directory for its files (made in beforeAll, removed in afterAll). */
export function workDir(): string {
  return dir;
}

async function cli(args: string[]): Promise<void> {
  let out = '';
  const io: CliIO = { stdout: (t) => (out += t), stderr: (t) => (out += t) };
  const code = await run(args, io);
  if (code !== 0) throw new Error(`par-index ${args.join(' ')} exited ${code}: ${out}`);
}

export interface Runs {
  original: Buffer;
  ranked: Buffer;
  twice: Buffer;
  cleaned: Buffer;
}

export async function rankRankClean(name: string, original: Buffer, ext = 'xlsx'): Promise<Runs> {
  const input = path.join(dir, `${name}.${ext}`);
  const ranked = path.join(dir, `${name}-ranked.${ext}`);
  const twice = path.join(dir, `${name}-twice.${ext}`);
  const cleaned = path.join(dir, `${name}-clean.${ext}`);
  fs.writeFileSync(input, original);
  await cli(['rank', input, '--out', ranked, '--json']);
  await cli(['rank', ranked, '--out', twice, '--json']);
  await cli(['clean', twice, '--out', cleaned]);
  return {
    original,
    ranked: fs.readFileSync(ranked),
    twice: fs.readFileSync(twice),
    cleaned: fs.readFileSync(cleaned),
  };
}

/** Parts the tool may change: the workbook's bookkeeping, the styles, and the users' sheets it highlights. */
function changedParts(before: Parts, after: Parts): string[] {
  return before.order.filter((p) => after.bytes.has(p) && !after.bytes.get(p)!.equals(before.bytes.get(p)!));
}

/** The print titles the tool names for a sheet it added (scoped to it by position). */
function isPrintTitlesOf(e: { attributes: Record<string, string> }, sheetIndexes: Set<string>): boolean {
  return e.attributes.name === '_xlnm.Print_Titles' && sheetIndexes.has(e.attributes.localSheetId);
}

/** The original's parts, each compared with the output's once the tool's own elements are removed. */
function expectOnlyToolChanges(before: Parts, after: Parts): void {
  const beforeSheets = sheetsOf(before);
  const afterSheets = sheetsOf(after);
  const added = afterSheets.filter((s) => !beforeSheets.some((b) => b.name === s.name));
  // An added sheet's parts: the sheet, and what hangs on it (its drawing, the charts on it), with their rels.
  const addedParts = new Set<string>();
  const own = (part: string) => {
    if (addedParts.has(part)) return;
    addedParts.add(part);
    const dir = path.posix.dirname(part);
    const rels = `${dir}/_rels/${path.posix.basename(part)}.rels`;
    if (after.bytes.has(rels)) addedParts.add(rels);
    for (const r of relationshipsOf(after, part).values()) if (!r.external) own(r.target);
  };
  for (const s of added) own(s.part);
  expect(before.order.filter((p) => !after.bytes.has(p))).toEqual([]);
  // Entry order kept; new parts after them.
  expect(after.order.filter((p) => before.bytes.has(p))).toEqual(before.order);
  expect(after.order.filter((p) => !before.bytes.has(p)).every((p) => addedParts.has(p))).toBe(true);
  for (const part of changedParts(before, after)) {
    const a = xmlOf(before, part);
    const b = xmlOf(after, part);
    if (part === '[Content_Types].xml') {
      const notAdded = (e: { name: string; attributes: Record<string, string> }) =>
        e.name === 'Override' && addedParts.has(e.attributes.PartName.slice(1));
      expect([part, plain(b, notAdded)]).toEqual([part, plain(a)]);
    } else if (part === 'xl/_rels/workbook.xml.rels') {
      expect([part, plain(b, (e) => addedParts.has(`xl/${e.attributes.Target}`))]).toEqual([part, plain(a)]);
    } else if (part === 'xl/workbook.xml') {
      const names = new Set(added.map((s) => s.name));
      const addedIndex = new Set(afterSheets.flatMap((s, i) => (names.has(s.name) ? [String(i)] : [])));
      expect([
        part,
        plain(
          b,
          (e) =>
            (e.name === 'sheet' && names.has(e.attributes.name)) ||
            (e.name === 'definedName' && isPrintTitlesOf(e, addedIndex)),
        ),
      ]).toEqual([part, plain(a)]);
    } else if (part === 'xl/styles.xml') {
      expect([part, stylesWithoutAppended(b, a)]).toEqual([part, plain(a)]);
    } else {
      expect(beforeSheets.some((s) => s.part === part)).toBe(true);
      expect([part, plain(b, isToolHighlight)]).toEqual([part, plain(a)]);
    }
  }
}

function expectSameParts(a: Parts, b: Parts, except: string[] = []): void {
  expect(b.order).toEqual(a.order);
  for (const p of a.order)
    if (!except.includes(p)) expect([p, b.bytes.get(p)!.equals(a.bytes.get(p)!)]).toEqual([p, true]);
}

export function lossless(name: string, makeBase: () => Buffer | Promise<Buffer>, options: { macro?: boolean } = {}) {
  describe(name, () => {
    let runs: Runs;
    let original: Parts;
    let ranked: Parts;
    let cleaned: Parts;
    beforeAll(async () => {
      const base = await makeBase();
      runs = await rankRankClean(
        name.replace(/\W+/g, '-'),
        withExcelFeatures(base, options),
        options.macro ? 'xlsm' : 'xlsx',
      );
      original = partsOf(runs.original);
      ranked = partsOf(runs.ranked);
      cleaned = partsOf(runs.cleaned);
    });

    test('the fixture is a valid package with its features', () => {
      expect(packageProblems(runs.original)).toEqual([]);
      expect(original.bytes.has('xl/charts/chart1.xml')).toBe(true);
    });

    test('rank --out: every original part kept, unchanged but for the tool’s own elements', () => {
      expectOnlyToolChanges(original, ranked);
      // What the tool may touch, and nothing else: the chart, drawing, macros, calcChain, shared strings…
      const touched = changedParts(original, ranked);
      const allowed = ['[Content_Types].xml', 'xl/_rels/workbook.xml.rels', 'xl/workbook.xml', 'xl/styles.xml'];
      const sheetParts = new Set(sheetsOf(original).map((s) => s.part));
      expect(touched.filter((p) => !allowed.includes(p) && !sheetParts.has(p))).toEqual([]);
      // The highlighted unit sheets are the only sheets touched, and the feature sheet is one of them.
      const featurePart = sheetsOf(original).find((s) => s.name === FEATURE_SHEET)!.part;
      expect(touched).toContain(featurePart);
      const userOnly = sheetsOf(original).filter((s) => USER_SHEETS.includes(s.name));
      for (const s of userOnly) expect(touched).not.toContain(s.part);
    });

    test('the output keeps Excel’s invariants (ids, targets, types, order, priorities, counts)', () => {
      expect(packageProblems(runs.ranked)).toEqual([]);
      expect(packageProblems(runs.twice)).toEqual([]);
      expect(packageProblems(runs.cleaned)).toEqual([]);
    });

    test('the tool’s rules come after the user’s, with priorities above theirs (1, 5)', () => {
      const featurePart = sheetsOf(original).find((s) => s.name === FEATURE_SHEET)!.part;
      const ws = xmlOf(ranked, featurePart);
      const cf = ws.children.filter((c) => c.name === 'conditionalFormatting');
      const tool = cf.filter(isToolHighlight);
      expect(tool.length).toBeGreaterThan(0);
      expect(cf.slice(0, 2).some(isToolHighlight)).toBe(false);
      const priorities = tool.flatMap((c) => c.children.map((r) => Number(r.attributes.priority)));
      expect(Math.min(...priorities)).toBe(6);
    });

    test('rank twice = rank once, byte for byte', () => {
      expect(runs.twice.equals(runs.ranked)).toBe(true);
    });

    test('clean(rank(x)) gives x’s parts back (styles keep the records the tool appended)', () => {
      expectSameParts(original, cleaned, ['xl/styles.xml']);
      const styles = 'xl/styles.xml';
      expect(stylesWithoutAppended(xmlOf(cleaned, styles), xmlOf(original, styles))).toEqual(
        plain(xmlOf(original, styles)),
      );
    });

    test('names, calculation settings, protection and the active tab survive', () => {
      for (const parts of [ranked, cleaned]) {
        const wb = xmlOf(parts, 'xl/workbook.xml');
        // The tool's own print titles (on the sheets it added) aside; clean leaves none.
        const added = new Set(
          sheetsOf(parts).flatMap((s, i) => (sheetsOf(original).some((o) => o.name === s.name) ? [] : [String(i)])),
        );
        const names = wb.children
          .find((c) => c.name === 'definedNames')!
          .children.filter((d) => !isPrintTitlesOf(d, added))
          .map((d) => [d.attributes.name, d.attributes.localSheetId ?? null, d.attributes.hidden ?? null, d.text]);
        expect(names).toEqual(
          xmlOf(original, 'xl/workbook.xml')
            .children.find((c) => c.name === 'definedNames')!
            .children.map((d) => [
              d.attributes.name,
              d.attributes.localSheetId ?? null,
              d.attributes.hidden ?? null,
              d.text,
            ]),
        );
        expect(wb.children.find((c) => c.name === 'calcPr')!.attributes).toMatchObject({
          calcMode: 'manual',
          iterate: '1',
        });
        expect(wb.children.find((c) => c.name === 'workbookProtection')!.attributes.lockStructure).toBe('1');
        const view = wb.children.find((c) => c.name === 'bookViews')!.children[0];
        expect(sheetsOf(parts)[Number(view.attributes.activeTab)].name).toBe('Sở Nội vụ');
      }
    });

    test('the odd texts of a user sheet read back exactly', () => {
      const snapshot = readXlsxBytes(runs.cleaned);
      const sheet = snapshot.sheets.find((s) => s.name === USER_SHEETS[1])!;
      expect(sheet.rows.map((r) => r[0])).toEqual(ODD_TEXTS);
    });

    if (options.macro) {
      test('.xlsm stays .xlsm: macros and the macro-enabled type kept', () => {
        for (const parts of [ranked, cleaned]) {
          expect(parts.bytes.get('xl/vbaProject.bin')!.equals(VBA_BYTES)).toBe(true);
          const types = xmlOf(parts, '[Content_Types].xml');
          const main = types.children.find((t) => t.attributes.PartName === '/xl/workbook.xml')!;
          expect(main.attributes.ContentType).toBe(MACRO_CT);
        }
      });
    }

    test('ExcelJS reads the output, with the results and the user’s sheets', async () => {
      const wb = new ExcelJS.Workbook();
      await wb.xlsx.load(runs.ranked as unknown as ArrayBuffer);
      expect(wb.getWorksheet('Xếp hạng – Khối sở')).toBeDefined();
      expect(wb.getWorksheet(USER_SHEETS[0])?.getCell('A2').value).toBe('Không đạt');
    });
  });
}
