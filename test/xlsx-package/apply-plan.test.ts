// The package writer against the ExcelJS adapter (the same plan gives the same sheets, the same refusals), and
// the details of a package edit: text escaping, deleted sheets (defined names, calcChain, active tab, their own
// relationships), prefixed SpreadsheetML, an empty sheetData, unsupported operations, damaged parts.
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../../src/core/analyze';
import { OWNERSHIP_SHEET, type WriteOp, type WritePlan } from '../../src/core/plan-types';
import { planResults } from '../../src/core/results-plan';
import { applyPlan, describeSheets } from '../../src/workbook/exceljs-apply';
import { PlanApplyError } from '../../src/workbook/plan-errors';
import { readXlsxBytes } from '../../src/workbook/xlsx-file';
import {
  applyPlanToPackage,
  applyPlanToPackageInBackground,
  describePackageSheets,
} from '../../src/workbook/xlsx-package/apply-plan';
import { PackageError } from '../../src/workbook/xlsx-package/package-error';
import { decodeOoxmlText, encodeOoxmlText } from '../../src/workbook/xlsx-package/xml';
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
import { packageProblems, partsOf, sheetsOf, xmlOf } from './package-check';
import { readFileSync } from 'fs';
import path from 'path';

const SAMPLE = path.join(__dirname, '..', '..', 'samples', 'sample.xlsx');
const plan = (...ops: WriteOp[]): WritePlan => ({ ops, summary: [], findings: [] });

async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

async function load(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as ArrayBuffer);
  return wb;
}

/** A package with some parts replaced (tests that need a shape ExcelJS does not write). */
function edit(bytes: Buffer, change: (name: string, text: string) => string | null): Buffer {
  const zip = ZipReader.open(bytes);
  return writeZip(
    zip.entries.map((e) => {
      const next = e.name.endsWith('.xml') || e.name.endsWith('.rels') ? change(e.name, zip.text(e.name)) : null;
      return next === null ? { name: e.name, copyFrom: zip } : { name: e.name, data: next };
    }),
  );
}

function thrown(f: () => unknown): unknown {
  try {
    f();
  } catch (err) {
    return err;
  }
  throw new Error('expected an error');
}

// ---------------------------------------------------------------------------------------------------------

/** What a sheet the tool writes looks like to a reader, reduced to what the plan decides. */
function projectSheet(ws: ExcelJS.Worksheet): unknown {
  const cells: unknown[] = [];
  ws.eachRow({ includeEmpty: false }, (row) =>
    row.eachCell({ includeEmpty: true }, (cell) => {
      const v: unknown = cell.value;
      let value: unknown = v;
      // A shared formula's copy as its own text (ExcelJS translates it from the master).
      if (cell.type === ExcelJS.ValueType.Formula) value = { f: cell.formula };
      else if (v !== null && typeof v === 'object' && 'richText' in v)
        value = (v as ExcelJS.CellRichTextValue).richText.map((r) => r.text).join('');
      if (value === '' || value === undefined) value = null;
      const s = cell.style ?? {};
      const style = {
        bold: s.font?.bold ?? false,
        italic: s.font?.italic ?? false,
        size: s.font?.size ?? 11,
        color: s.font?.color?.argb ?? null,
        fill: s.fill && s.fill.type === 'pattern' && s.fill.pattern === 'solid' ? (s.fill.fgColor?.argb ?? null) : null,
        numFmt: s.numFmt ?? null,
        h: s.alignment?.horizontal ?? null,
        v: s.alignment?.vertical ?? null,
        wrap: s.alignment?.wrapText ?? false,
        border: ['top', 'left', 'bottom', 'right'].map((k) => s.border?.[k as 'top']?.style ?? null).join(','),
      };
      if (value === null && JSON.stringify(style) === JSON.stringify(projectEmpty)) return;
      cells.push([cell.address, value, style]);
    }),
  );
  const columns: unknown[] = [];
  for (let c = 1; c <= ws.columnCount; c++) {
    const col = ws.getColumn(c);
    // ExcelJS writes no <col> for a width of 9 (its default) and reads a missing one as 9.
    const width = col.width === 9 ? undefined : col.width;
    if (col.hidden || width !== undefined) columns.push([c, width ?? null, col.hidden]);
  }
  const view = (ws.views ?? [])[0] ?? {};
  const merges = Object.keys((ws as unknown as { _merges: Record<string, unknown> })._merges).sort();
  const cf = (
    (ws as unknown as { conditionalFormattings?: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings ?? []
  ).map((f) => ({
    ref: f.ref,
    rules: f.rules.map((r) => ({
      type: r.type,
      formulae: 'formulae' in r ? r.formulae : undefined,
      color: 'color' in r ? r.color?.map((c) => c.argb) : undefined,
    })),
  }));
  return {
    name: ws.name,
    state: ws.state,
    tab: ws.properties.tabColor?.argb ?? null,
    frozen: view.state === 'frozen' ? [view.xSplit ?? 0, view.ySplit ?? 0] : null,
    cells,
    columns,
    merges,
    cf,
  };
}
const projectEmpty = {
  bold: false,
  italic: false,
  size: 11,
  color: null,
  fill: null,
  numFmt: null,
  h: null,
  v: null,
  wrap: false,
  border: ',,,',
};

describe('the package writer writes what the ExcelJS adapter writes', () => {
  test('the sample’s results: every sheet, cell, style, merge, width, pane and rule', async () => {
    const input = readFileSync(SAMPLE);
    const snapshot = readXlsxBytes(input);
    const p = planResults(snapshot, analyzeWorkbook(snapshot));
    const viaExcelJS = await load(input);
    applyPlan(viaExcelJS, p);
    const a = await load(await bytesOf(viaExcelJS));
    const b = await load(applyPlanToPackage(input, p));
    expect(b.worksheets.map((w) => [w.name, w.state])).toEqual(a.worksheets.map((w) => [w.name, w.state]));
    // The tool's sheets whole; on the users' sheets (which ExcelJS re-serialises, the package writer not) the rules.
    const mine = new Set(snapshot.sheets.map((s) => s.name));
    for (const ws of a.worksheets) {
      const pa = projectSheet(ws) as { cf: unknown };
      const pb = projectSheet(b.getWorksheet(ws.name)!) as { cf: unknown };
      if (mine.has(ws.name)) expect([ws.name, pb.cf]).toEqual([ws.name, pa.cf]);
      else expect(pb).toEqual(pa);
    }
  });

  test('on two threads (the command line’s write): the same parts, in the same order', async () => {
    const input = readFileSync(SAMPLE);
    const snapshot = readXlsxBytes(input);
    const p = planResults(snapshot, analyzeWorkbook(snapshot));
    const here = applyPlanToPackage(input, p);
    // Only the users' rewritten sheets are deflated otherwise (zlib level 5 there, 6 here).
    expect(partsOf(Buffer.concat(await applyPlanToPackageInBackground(input, p)))).toEqual(partsOf(here));
    // The same with every part of the input stored uncompressed (zip method 0), as some programs write them.
    const zip = ZipReader.open(input);
    const stored = writeZip(
      zip.entries.map((e) => ({ name: e.name, data: zip.read(e.name) })),
      { level: 0 },
    );
    const fromStored = Buffer.concat(await applyPlanToPackageInBackground(stored, p));
    expect(partsOf(fromStored)).toEqual(partsOf(applyPlanToPackage(stored, p)));
  });

  test('the sheets as the plan check sees them (describeSheets’ twin)', async () => {
    const wb = new ExcelJS.Workbook();
    const a = wb.addWorksheet('Một');
    a.getCell('A1').value = 'x';
    a.getCell('C3').value = { formula: 'A1&"y"', result: 'xy' };
    a.mergeCells('A5:B6');
    a.getCell('D4').value = 0;
    await wb.addWorksheet('Khóa').protect('', {});
    wb.addWorksheet('Ẩn', { state: 'hidden' });
    wb.addWorksheet('Rất ẩn', { state: 'veryHidden' });
    const bytes = await bytesOf(wb);
    const loaded = await load(bytes);
    const norm = (states: ReturnType<typeof describeSheets>) =>
      states.map((s) => ({
        name: s.name,
        protected: s.protected,
        state: s.state,
        merges: [...s.merges].sort(),
        values: [
          [0, 0],
          [2, 2],
          [3, 3],
          [0, 1],
          [4, 0],
          [5, 1],
        ].map(([r, c]) => s.hasValue?.(r, c) ?? null),
      }));
    expect(norm(describePackageSheets(bytes))).toEqual(norm(describeSheets(loaded)));
  });

  test('a refused plan: the same problems, nothing returned', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Đơn vị').getCell('B2').value = 5;
    wb.getWorksheet('Đơn vị')!.getCell('A1').value = 'tiêu đề';
    await wb.addWorksheet('Khóa').protect('', {});
    const bytes = await bytesOf(wb);
    const cases: WriteOp[][] = [
      [{ kind: 'addSheet', sheet: 'đơn VỊ' }],
      [{ kind: 'deleteSheet', sheet: 'Không có' }],
      [{ kind: 'addSheet', sheet: 'Tên/sai' }],
      [
        {
          kind: 'addConditionalFormat',
          format: { sheet: 'Khóa', range: 'A1:A5', rule: { type: 'expression', formula: 'A1>1', fill: 'FF0000' } },
        },
      ],
      [{ kind: 'merge', sheet: 'Đơn vị', range: 'A1:B2' }],
      [
        { kind: 'addSheet', sheet: 'Mới' },
        { kind: 'setCells', sheet: 'Mới', address: 'A1', cells: [[{ formula: '' }]] },
      ],
      [
        { kind: 'deleteSheet', sheet: 'Đơn vị' },
        { kind: 'deleteSheet', sheet: 'Khóa' },
      ],
    ];
    const loaded = await load(bytes);
    for (const ops of cases) {
      // Both refuse before changing anything: the same loaded workbook serves every case.
      const exceljsError = thrown(() => applyPlan(loaded, plan(...ops))) as PlanApplyError;
      const packageError = thrown(() => applyPlanToPackage(bytes, plan(...ops))) as PlanApplyError;
      expect(packageError).toBeInstanceOf(PlanApplyError);
      expect(packageError.kind).toBe('invalid-plan');
      expect(packageError.problems).toEqual(exceljsError.problems);
    }
  });
});

describe('text is written so that it reads back exactly', () => {
  const ODD = [
    'ngắt dòng Word\vtiếp',
    'CRLF\r\ndòng hai',
    'CR một mình\r',
    'chữ _x0041_ nguyên văn',
    '_x005F_ cũng vậy',
    'NUL\u0000 và BEL\u0007',
    'nửa cặp \ud800 lẻ',
    'U+FFFE \ufffe',
    'emoji 😀 đủ cặp',
    '  hai đầu có khoảng trắng  ',
    'tab\tgiữa',
    '& < > " \' ký tự XML',
    '',
  ];

  test('encode/decode are inverse', () => {
    for (const t of ODD) expect(decodeOoxmlText(encodeOoxmlText(t))).toBe(t);
    expect(encodeOoxmlText('_x0041_')).toBe('_x005F_x0041_');
    expect(encodeOoxmlText('a\u000bb')).toBe('a_x000B_b');
    expect(encodeOoxmlText('_x0041_', { literals: false })).toBe('_x0041_');
  });

  test('cells of a new sheet, formulas’ cached text, read by the direct reader and by ExcelJS', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').getCell('A1').value = 1;
    const out = applyPlanToPackage(
      await bytesOf(wb),
      plan(
        { kind: 'addSheet', sheet: 'Văn bản' },
        {
          kind: 'setCells',
          sheet: 'Văn bản',
          address: 'A1',
          cells: ODD.map((t) => [t, { formula: 'A1', expected: t }]),
        },
      ),
    );
    expect(packageProblems(out)).toEqual([]);
    const sheet = readXlsxBytes(out).sheets.find((s) => s.name === 'Văn bản')!;
    expect(sheet.rows.map((r) => r[0] ?? '')).toEqual(ODD);
    expect(sheet.rows.map((r) => r[1] ?? '')).toEqual(ODD);
    const viaExcelJS = (await load(out)).getWorksheet('Văn bản')!;
    // ExcelJS reads '' as no value and does not undo the ST_Xstring escape (`_xHHHH_`) in inline strings, which
    // Excel does: texts with a `_x` escape or a character that needs one are left out of its check.
    ODD.forEach((t, i) => {
      if (t === '' || encodeOoxmlText(t) !== t) return;
      expect([i, viaExcelJS.getCell(i + 1, 1).value]).toEqual([i, t]);
    });
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('deleting sheets', () => {
  /** A, B, C, D: names scoped to each, a calcChain over B and C, the active tab on C, B with its own rels. */
  async function fourSheets(): Promise<Buffer> {
    const wb = new ExcelJS.Workbook();
    for (const n of ['A', 'B', 'C', 'D']) wb.addWorksheet(n).getCell('A1').value = { formula: '1+1', result: 2 };
    wb.getWorksheet('B')!.getCell('A2').value = { text: 'liên kết', hyperlink: 'https://example.org' };
    return edit(await bytesOf(wb), (name, text) => {
      if (name === 'xl/workbook.xml') {
        const names =
          '<definedNames><definedName name="a" localSheetId="0">A!$A$1</definedName>' +
          '<definedName name="b" localSheetId="1">B!$A$1</definedName>' +
          '<definedName name="c" localSheetId="2">C!$A$1</definedName>' +
          '<definedName name="d" localSheetId="3" hidden="1">D!$A$1</definedName>' +
          '<definedName name="toB">\'B\'!$A$1:$A$2</definedName>' +
          '<definedName name="keep">A!$A$1+1</definedName></definedNames>';
        return text
          .replace(/<definedNames\/>|<definedNames>.*?<\/definedNames>/, '')
          .replace('</sheets>', `</sheets>${names}`)
          .replace(/<bookViews>.*?<\/bookViews>/, '')
          .replace('<sheets>', '<bookViews><workbookView activeTab="2" firstSheet="1"/></bookViews><sheets>');
      }
      if (name === 'xl/_rels/workbook.xml.rels')
        return text.replace(
          '</Relationships>',
          '<Relationship Id="rIdCc" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/calcChain" Target="calcChain.xml"/></Relationships>',
        );
      if (name === '[Content_Types].xml')
        return text.replace(
          '</Types>',
          '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/></Types>',
        );
      return null;
    });
  }

  function withCalcChain(bytes: Buffer, chain: string): Buffer {
    const zip = ZipReader.open(bytes);
    return writeZip([
      ...zip.entries.map((e) => ({ name: e.name, copyFrom: zip })),
      {
        name: 'xl/calcChain.xml',
        data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">${chain}</calcChain>`,
      },
    ]);
  }

  test('names, calcChain, active tab, relationships and types follow', async () => {
    const input = withCalcChain(
      await fourSheets(),
      '<c r="A1" i="2" l="1"/><c r="A1" i="3"/><c r="B1"/><c r="A1" i="1"/>',
    );
    expect(packageProblems(input)).toEqual([]);
    const sheetB = sheetsOf(partsOf(input)).find((s) => s.name === 'B')!.part;
    const relsB = sheetB.replace(/([^/]+)$/, '_rels/$1.rels');
    expect(partsOf(input).bytes.has(relsB)).toBe(true);

    const out = applyPlanToPackage(input, plan({ kind: 'deleteSheet', sheet: 'B' }));
    expect(packageProblems(out)).toEqual([]);
    const parts = partsOf(out);
    expect(sheetsOf(parts).map((s) => s.name)).toEqual(['A', 'C', 'D']);
    expect(parts.bytes.has(sheetB)).toBe(false);
    expect(parts.bytes.has(relsB)).toBe(false);
    expect(parts.bytes.get('[Content_Types].xml')!.toString()).not.toContain(sheetB);
    const wb = xmlOf(parts, 'xl/workbook.xml');
    const names = wb.children
      .find((c) => c.name === 'definedNames')!
      .children.map((d) => [d.attributes.name, d.attributes.localSheetId ?? null, d.text]);
    expect(names).toEqual([
      ['a', '0', 'A!$A$1'],
      ['c', '1', 'C!$A$1'],
      ['d', '2', 'D!$A$1'],
      ['keep', null, 'A!$A$1+1'],
    ]);
    const view = wb.children.find((c) => c.name === 'bookViews')!.children[0].attributes;
    expect(sheetsOf(parts)[Number(view.activeTab)].name).toBe('C');
    // The chain loses B's entry; C's second entry, which relied on the removed one for its sheet, says it.
    expect(parts.bytes.get('xl/calcChain.xml')!.toString()).toContain('<c r="A1" i="3"/><c r="B1"/><c r="A1" i="1"/>');
    expect(parts.bytes.get('xl/calcChain.xml')!.toString()).not.toContain('i="2"');
  });

  test('a chain left empty goes with its relationship and type; the active tab falls on a visible sheet', async () => {
    const input = withCalcChain(await fourSheets(), '<c r="A1" i="3"/>');
    const out = applyPlanToPackage(input, plan({ kind: 'deleteSheet', sheet: 'C' }));
    expect(packageProblems(out)).toEqual([]);
    const parts = partsOf(out);
    expect(parts.bytes.has('xl/calcChain.xml')).toBe(false);
    expect(parts.bytes.get('xl/_rels/workbook.xml.rels')!.toString()).not.toContain('calcChain');
    expect(parts.bytes.get('[Content_Types].xml')!.toString()).not.toContain('calcChain');
    const view = xmlOf(parts, 'xl/workbook.xml').children.find((c) => c.name === 'bookViews')!.children[0];
    expect(view.attributes.activeTab).toBe('0');
  });

  test('a sheet added and deleted in one plan leaves nothing behind', async () => {
    const input = await fourSheets();
    const out = applyPlanToPackage(
      input,
      plan(
        { kind: 'addSheet', sheet: 'Tạm' },
        { kind: 'setCells', sheet: 'Tạm', address: 'A1', cells: [[1]] },
        {
          kind: 'deleteSheet',
          sheet: 'Tạm',
        },
      ),
    );
    const before = partsOf(input);
    const after = partsOf(out);
    expect(after.order).toEqual(before.order);
    for (const p of before.order) expect([p, after.bytes.get(p)!.equals(before.bytes.get(p)!)]).toEqual([p, true]);
  });
});

// ---------------------------------------------------------------------------------------------------------

describe('users’ sheets as other programs write them', () => {
  const rule = { type: 'expression' as const, formula: 'AND($D7>0,ISTEXT("par-index"))', fill: 'FFC7CE' };

  test('prefixed SpreadsheetML (x:worksheet): the rule goes in with the same prefix, after the cells', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Đơn vị').getCell('D7').value = 2;
    const prefixed = edit(await bytesOf(wb), (name, text) => {
      if (!/^xl\/worksheets\/sheet1\.xml$/.test(name)) return null;
      return text
        .replace(/<(\/?)([A-Za-z][\w]*)(?=[\s/>])/g, (_, slash: string, tag: string) => `<${slash}x:${tag}`)
        .replace(
          'xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
          'xmlns:x="http://schemas.openxmlformats.org/spreadsheetml/2006/main"',
        );
    });
    expect(ZipReader.open(prefixed).text('xl/worksheets/sheet1.xml')).toContain('</x:sheetData>');
    const out = applyPlanToPackage(
      prefixed,
      plan({ kind: 'addConditionalFormat', format: { sheet: 'Đơn vị', range: 'D7:D20', rule } }),
    );
    const sheet = ZipReader.open(out).text('xl/worksheets/sheet1.xml');
    expect(sheet).toMatch(
      /<\/x:sheetData><x:conditionalFormatting sqref="D7:D20"><x:cfRule type="expression" dxfId="\d+" priority="1"><x:formula>AND\(\$D7&gt;0,ISTEXT\("par-index"\)\)<\/x:formula><\/x:cfRule><\/x:conditionalFormatting>/,
    );
    const back = applyPlanToPackage(
      out,
      plan({ kind: 'removeConditionalFormat', format: { sheet: 'Đơn vị', range: 'D7:D20', rule } }),
    );
    expect(ZipReader.open(back).text('xl/worksheets/sheet1.xml')).toBe(
      ZipReader.open(prefixed).text('xl/worksheets/sheet1.xml'),
    );
  });

  test('a rule over several areas: one element, its sqref the areas separated by spaces (ExcelJS too); removed whole', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Đơn vị').getCell('D7').value = 2;
    const input = await bytesOf(wb);
    const format = { sheet: 'Đơn vị', range: 'D7 D9:D12 D15', rule };
    const out = applyPlanToPackage(input, plan({ kind: 'addConditionalFormat', format }));
    expect(packageProblems(out)).toEqual([]);
    const text = ZipReader.open(out).text('xl/worksheets/sheet1.xml');
    expect(text.match(/<cfRule /g)).toHaveLength(1);
    expect(text).toMatch(
      /<conditionalFormatting sqref="D7 D9:D12 D15"><cfRule type="expression"[^>]*><formula>AND\(\$D7&gt;0/,
    );
    // the ExcelJS adapter writes the same sqref
    const viaExcelJS = await load(input);
    applyPlan(viaExcelJS, plan({ kind: 'addConditionalFormat', format }));
    const written = ZipReader.open(await bytesOf(viaExcelJS)).text('xl/worksheets/sheet1.xml');
    expect(written).toContain('<conditionalFormatting sqref="D7 D9:D12 D15">');
    // removed whole, by its tag: the sheet as it was
    const back = applyPlanToPackage(out, plan({ kind: 'removeConditionalFormat', format }));
    expect(ZipReader.open(back).text('xl/worksheets/sheet1.xml')).toBe(
      ZipReader.open(input).text('xl/worksheets/sheet1.xml'),
    );
  });

  test('an empty sheet (<sheetData/>) and a user rule in the way', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Trống');
    const input = edit(await bytesOf(wb), (name, text) =>
      name === 'xl/worksheets/sheet1.xml'
        ? text
            .replace(/<sheetData>\s*<\/sheetData>|<sheetData\/>/, '<sheetData/>')
            .replace(
              /<pageMargins/,
              '<conditionalFormatting sqref="A1"><cfRule type="colorScale" priority="7"><colorScale><cfvo type="min"/><cfvo type="max"/><color rgb="FFFF0000"/><color rgb="FF00FF00"/></colorScale></cfRule></conditionalFormatting><pageMargins',
            )
        : null,
    );
    const out = applyPlanToPackage(
      input,
      plan({ kind: 'addConditionalFormat', format: { sheet: 'Trống', range: 'A1:A3', rule } }),
    );
    expect(packageProblems(out)).toEqual([]);
    const text = ZipReader.open(out).text('xl/worksheets/sheet1.xml');
    expect(text).toMatch(
      /<sheetData\/>.*priority="7".*<\/conditionalFormatting><conditionalFormatting sqref="A1:A3"><cfRule type="expression" dxfId="\d+" priority="8">/,
    );
  });

  test('the end of the cells across two pieces of the inflated part (64 KiB boundary)', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Dài').getCell('A1').value = 'x';
    const base = await bytesOf(wb);
    const original = ZipReader.open(base).text('xl/worksheets/sheet1.xml');
    for (const offset of [-11, -6, -1, 0]) {
      // Pad a cell so that `</sheetData>` starts `offset` bytes from the 64 KiB boundary.
      const at = original.indexOf('</sheetData>');
      const row = (n: number) => `<row r="9"><c r="A9" t="inlineStr"><is><t>${'y'.repeat(n)}</t></is></c></row>`;
      const pad = 65536 + offset - Buffer.byteLength(original.slice(0, at)) - row(0).length;
      const padded = original.replace('</sheetData>', `${row(pad)}</sheetData>`);
      expect(Buffer.byteLength(padded.slice(0, padded.indexOf('</sheetData>')))).toBe(65536 + offset);
      const input = edit(base, (name) => (name === 'xl/worksheets/sheet1.xml' ? padded : null));
      const out = applyPlanToPackage(
        input,
        plan({ kind: 'addConditionalFormat', format: { sheet: 'Dài', range: 'A1:A9', rule } }),
      );
      const text = ZipReader.open(out).text('xl/worksheets/sheet1.xml');
      expect(text.startsWith(padded.slice(0, padded.indexOf('</sheetData>') + 12))).toBe(true);
      expect(text.slice(padded.indexOf('</sheetData>') + 12)).toMatch(/^<conditionalFormatting sqref="A1:A9">/);
      expect(packageProblems(out)).toEqual([]);
    }
  });

  test('cells written into a sheet that exists before the plan are refused (PLAN_OP_INVALID), nothing returned', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Của tôi').getCell('A1').value = 'dữ liệu';
    const input = await bytesOf(wb);
    const refused = thrown(() =>
      applyPlanToPackage(input, plan({ kind: 'setCells', sheet: 'Của tôi', address: 'B1', cells: [[1]] })),
    ) as PlanApplyError;
    expect(refused).toBeInstanceOf(PlanApplyError);
    expect(refused.problems.map((p) => p.code)).toEqual(['PLAN_OP_INVALID']);
  });

  test('a user’s sheet whose XML is damaged: a PackageError naming the part', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('Hỏng').getCell('A1').value = 1;
    const input = edit(await bytesOf(wb), (name, text) =>
      name === 'xl/worksheets/sheet1.xml'
        ? text.replace('</sheetData>', '</sheetData><mergeCells><oops></mergeCells>')
        : null,
    );
    const err = thrown(() =>
      applyPlanToPackage(input, plan({ kind: 'addConditionalFormat', format: { sheet: 'Hỏng', range: 'A1', rule } })),
    ) as PackageError;
    expect(err).toBeInstanceOf(PackageError);
    expect(err).toMatchObject({ kind: 'bad-xml', part: 'xl/worksheets/sheet1.xml' });
  });

  test('the record sheet that exists is rewritten in place (same part, very hidden), the rest of it kept', async () => {
    const wb = new ExcelJS.Workbook();
    wb.addWorksheet('A').getCell('A1').value = 1;
    const rec = wb.addWorksheet(OWNERSHIP_SHEET);
    rec.getCell('A1').value = 'cũ';
    rec.getCell('A5').value = 'còn sót';
    rec.getColumn(1).width = 40;
    const input = await bytesOf(wb);
    const record = { version: 1 as const, sheets: [], conditionalFormats: [], fingerprints: {} };
    const out = applyPlanToPackage(input, plan({ kind: 'writeOwnership', record }));
    expect(packageProblems(out)).toEqual([]);
    const sheets = sheetsOf(partsOf(out));
    expect(sheets.map((s) => [s.name, s.state])).toEqual([
      ['A', 'visible'],
      [OWNERSHIP_SHEET, 'veryHidden'],
    ]);
    expect(sheets[1].part).toBe(sheetsOf(partsOf(input))[1].part);
    const snapshot = readXlsxBytes(out).sheets[1];
    expect(snapshot.rows.flat().filter((v) => v !== null).length).toBe(2);
    expect(partsOf(out).bytes.get(sheets[1].part)!.toString()).toContain('width="40');
  });
});
