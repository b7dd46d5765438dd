// Packages written part by part for the reader's tests: the XML exactly as a test gives it (what Excel,
// LibreOffice or another tool would write), zipped with the package's own writer.
import ExcelJS from 'exceljs';
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';
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
