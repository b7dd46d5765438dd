// Packages written part by part for the reader's tests: the XML exactly as a test gives it (what Excel,
// LibreOffice or another tool would write), zipped with the package's own writer; and workbooks ExcelJS writes.
import ExcelJS from 'exceljs';
import { PackageError, ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import type { WorkbookSnapshot } from '../../src/core/types';

export const MAIN_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';
export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const PKG_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';
const XML_DECL = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';

/** A worksheet part around `body` (the children of <worksheet>: sheetData, mergeCells, …). */
export function worksheet(body: string): string {
  return `${XML_DECL}<worksheet xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${body}</worksheet>`;
}

/** A sharedStrings part of these `<si>` bodies. */
export function sharedStrings(items: string[]): string {
  return `${XML_DECL}<sst xmlns="${MAIN_NS}" count="${items.length}" uniqueCount="${items.length}">${items
    .map((s) => `<si>${s}</si>`)
    .join('')}</sst>`;
}

/** Styles with a few plain cell formats (s="1"…s="5"), so that cells may carry a style. */
const STYLES =
  `${XML_DECL}<styleSheet xmlns="${MAIN_NS}"><fonts count="1"><font><sz val="11"/><name val="Calibri"/></font></fonts>` +
  '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
  '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
  '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
  `<cellXfs count="6">${'<xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/>'.repeat(6)}</cellXfs>` +
  '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles></styleSheet>';

export interface SheetSpec {
  name: string;
  /** The whole worksheet part (see `worksheet`); omit to leave the part out of the package. */
  xml?: string;
  state?: 'visible' | 'hidden' | 'veryHidden';
  /** Part name; default xl/worksheets/sheet<N>.xml. */
  part?: string;
  /** Relationship type; default worksheet. */
  type?: string;
  /** Leave the relationship out of workbook.xml.rels. */
  noRel?: boolean;
}

export interface PackageSpec {
  sheets: SheetSpec[];
  /** The sharedStrings part (see `sharedStrings`), referenced from the workbook's relationships. */
  sharedStrings?: string;
  /** Attributes of <workbookPr>, e.g. `date1904="1"`. */
  workbookPr?: string;
  /** Parts added as they are. */
  extra?: { name: string; data: string | Buffer }[];
}

export function buildPackage(spec: PackageSpec): Buffer {
  const rels: string[] = [];
  const sheetEntries: string[] = [];
  const parts: { name: string; data: string | Buffer }[] = [];
  spec.sheets.forEach((s, i) => {
    const id = `rId${i + 1}`;
    const part = s.part ?? `xl/worksheets/sheet${i + 1}.xml`;
    const type = s.type ?? `${REL_NS}/worksheet`;
    if (!s.noRel) rels.push(`<Relationship Id="${id}" Type="${type}" Target="${part.replace(/^xl\//, '')}"/>`);
    const state = s.state ? ` state="${s.state}"` : '';
    sheetEntries.push(`<sheet name="${escapeAttr(s.name)}" sheetId="${i + 1}"${state} r:id="${id}"/>`);
    if (s.xml !== undefined) parts.push({ name: part, data: s.xml });
  });
  if (spec.sharedStrings !== undefined) {
    rels.push(`<Relationship Id="rIdSst" Type="${REL_NS}/sharedStrings" Target="sharedStrings.xml"/>`);
    parts.push({ name: 'xl/sharedStrings.xml', data: spec.sharedStrings });
  }
  const workbookPr = spec.workbookPr !== undefined ? `<workbookPr ${spec.workbookPr}/>` : '';
  return writeZip([
    {
      name: '[Content_Types].xml',
      data:
        `${XML_DECL}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/></Types>',
    },
    {
      name: '_rels/.rels',
      data: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data: `${XML_DECL}<workbook xmlns="${MAIN_NS}" xmlns:r="${REL_NS}">${workbookPr}<sheets>${sheetEntries.join('')}</sheets></workbook>`,
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data: `${XML_DECL}<Relationships xmlns="${PKG_REL_NS}"><Relationship Id="rIdStyles" Type="${REL_NS}/styles" Target="styles.xml"/>${rels.join('')}</Relationships>`,
    },
    { name: 'xl/styles.xml', data: STYLES },
    ...parts,
    ...(spec.extra ?? []),
  ]);
}

/** A package of one sheet named `S` with this sheetData body and these shared strings. */
export function oneSheet(sheetBody: string, strings?: string[], more: Partial<PackageSpec> = {}): Buffer {
  return buildPackage({
    sheets: [{ name: 'S', xml: worksheet(sheetBody) }],
    sharedStrings: strings === undefined ? undefined : sharedStrings(strings),
    ...more,
  });
}

function escapeAttr(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/"/g, '&quot;').replace(/</g, '&lt;');
}

export async function loadWithExcelJS(bytes: Buffer): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load(bytes as unknown as Parameters<ExcelJS.Xlsx['load']>[0]);
  return wb;
}

/** What the ExcelJS path makes of these bytes. */
export async function excelJSSnapshot(bytes: Buffer): Promise<WorkbookSnapshot> {
  return snapshotFromExcelJS(await loadWithExcelJS(bytes));
}

/**
 * The same package with every shared-string cell written as an inline string (`t="inlineStr"`, the `<si>`'s
 * content in `<is>`), as streaming writers (xlsxwriter's constant memory mode, SheetJS, …) write them.
 */
export function withInlineStrings(bytes: Buffer): Buffer {
  const zip = ZipReader.open(bytes);
  const sst = zip.has('xl/sharedStrings.xml') ? zip.text('xl/sharedStrings.xml') : '';
  const items = [...sst.matchAll(/<si>([\s\S]*?)<\/si>|<si\/>/g)].map((m) => m[1] ?? '');
  return writeZip(
    zip.entries.map((e) => {
      if (!/^xl\/worksheets\/sheet\d+\.xml$/.test(e.name)) return { name: e.name, copyFrom: zip };
      const xml = zip
        .text(e.name)
        .replace(
          /<c ([^>]*?)t="s"([^>]*)><v>(\d+)<\/v><\/c>/g,
          (_m, before: string, after: string, i: string) =>
            `<c ${before}t="inlineStr"${after}><is>${items[Number(i)]}</is></c>`,
        );
      return { name: e.name, data: xml };
    }),
  );
}

export async function bytesOf(wb: ExcelJS.Workbook): Promise<Buffer> {
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** A workbook with every kind of content the engine reads. */
export async function featureWorkbook(date1904 = false, escapes = true): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  if (date1904) wb.properties.date1904 = true;
  const ws = wb.addWorksheet('Sở Nội vụ');
  ws.getCell('A1').value = 'BẢNG TỰ ĐÁNH GIÁ';
  ws.mergeCells('A1:G1');
  ws.getCell('A2').value = 'STT';
  ws.mergeCells('A2:A3');
  ws.getCell('B2').value = 'Điểm';
  ws.mergeCells('B2:C2');
  ws.getCell('B3').value = 'Tự chấm';
  ws.getCell('C3').value = 'Thẩm định';
  ws.getCell('A4').value = 1;
  ws.getCell('B4').value = 0.5;
  ws.getCell('C4').value = -1.25e-7;
  ws.getCell('D4').value = true;
  ws.getCell('E4').value = false;
  ws.getCell('F4').value = { error: '#N/A' };
  ws.getCell('G4').value = '';
  ws.getCell('A5').value = {
    richText: [{ text: 'Kế hoạch số ' }, { text: '39/KH-BDT', font: { bold: true } }, { text: ' ngày 24/01/2022' }],
  };
  ws.getCell('B5').value = { text: 'Báo cáo 12/BC', hyperlink: 'https://example.gov.vn/bc12.pdf' };
  // ExcelJS does not decode `_xHHHH_` in an inline string (Excel does): left out of the inline variant.
  ws.getCell('C5').value = `Dòng 1\nDòng 2\tcó tab,${escapes ? ' _x0041_ viết tay,' : ''} <&> "ngoặc"`;
  ws.getCell('D5').value = '  khoảng trắng hai đầu  ';
  ws.getCell('E5').value = 'Kế hoạch 😀 – “trích dẫn”';
  // Dates: whole days and half days (the serial is the same either way; see the time case below).
  ws.getCell('A6').value = new Date(Date.UTC(2024, 0, 15));
  ws.getCell('B6').value = new Date(Date.UTC(2024, 0, 15, 12));
  ws.getCell('C6').value = new Date(Date.UTC(1904, 0, 2));
  // Formulas: plain, with every kind of cached result, none cached, shared (master and copies), array.
  ws.getCell('A7').value = { formula: 'SUM(A4:B4)', result: 1.5 };
  ws.getCell('B7').value = { formula: 'Sheet9!A1', result: { error: '#REF!' } };
  ws.getCell('C7').value = { formula: 'A4*2', result: undefined };
  ws.getCell('D7').value = { formula: 'IF(A4>0,"đạt","không")', result: 'đạt' };
  ws.getCell('E7').value = { formula: 'A4>0', result: true };
  ws.getCell('F7').value = { formula: 'A4', result: new Date(Date.UTC(2024, 0, 15)) };
  ws.getCell('A8').value = {
    formula: 'A4*10+$B$4',
    result: 10.5,
    shareType: 'shared',
    ref: 'A8:C9',
  } as ExcelJS.CellFormulaValue;
  for (const a of ['B8', 'C8', 'A9', 'B9', 'C9']) ws.getCell(a).value = { sharedFormula: 'A8', result: 0 };
  ws.getCell('D8').value = {
    formula: 'ROW(A1:A2)',
    result: 1,
    shareType: 'array',
    ref: 'D8:D9',
  } as ExcelJS.CellFormulaValue;
  ws.getCell('D9').value = 2;
  // Styled empty cells (borders of a table beyond the data): not materialised.
  ws.getCell('H10').border = { top: { style: 'thin' } };
  ws.getCell('A12').value = 'cuối';
  wb.addWorksheet('Ẩn', { state: 'hidden' }).getCell('A1').value = 1;
  wb.addWorksheet('Rất ẩn', { state: 'veryHidden' }).getCell('A1').value = 2;
  const locked = wb.addWorksheet('Khóa');
  locked.getCell('A1').value = 3;
  await locked.protect('', { selectLockedCells: true });
  wb.addWorksheet('Trống');
  return wb;
}

/** A small two-sheet workbook as ExcelJS writes it (Vietnamese text, a number, a formula, a boolean). */
export async function excelJsXlsx(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Trang một');
  ws.getCell('A1').value = 'Tiếng Việt có dấu';
  ws.getCell('B2').value = 42;
  ws.getCell('C3').value = { formula: 'B2*2', result: 84 };
  wb.addWorksheet('Hai').getCell('A1').value = true;
  return Buffer.from(await wb.xlsx.writeBuffer());
}

/** The PackageError `run` throws (any other error is rethrown; none fails the test). */
export function packageError(run: () => unknown): PackageError {
  try {
    run();
  } catch (err) {
    if (err instanceof PackageError) return err;
    throw err;
  }
  throw new Error('expected a PackageError, the call succeeded');
}
