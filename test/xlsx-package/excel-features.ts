// Fixtures that carry what Excel users put in their workbooks and a general workbook model drops: made by
// editing a real package (written by ExcelJS, or re-saved by LibreOffice) part by part, as Excel would have
// written these features (ECMA-376 element names and order; the x14 extensions as Excel 2010+ writes them):
//   - a chart and a text box on a unit sheet (drawing + chart parts, sheet relationships);
//   - the unit sheet's own conditional formats, one of them a data bar with its Excel 2010 settings in extLst
//     (priorities 1 and 5, so the tool's must come above), a sparkline group, ignored-error settings, and a
//     drop-down list fed from another sheet;
//   - defined names of every scope: global range, constant, hidden, sheet-scoped (localSheetId, before and
//     after the sheets the tool adds), print area and a hidden filter database;
//   - manual and iterative calculation settings, workbook structure protection, the active tab on a unit
//     sheet, a calcChain;
//   - user sheets added at the end (lists, odd text: a Word line break `\v`, CRLF, a literal `_x0041_`, a
//     control character), a hidden one, with part names, relationship ids and sheet ids out of the usual run;
//   - for `.xlsm`: `xl/vbaProject.bin`, its relationship and the macro-enabled content type.
import { ZipReader, writeZip } from '../../src/workbook/xlsx-package/zip';

const R_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
const MAIN_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml';
export const MACRO_CT = 'application/vnd.ms-excel.sheet.macroEnabled.main+xml';
const SHEET_CT = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';

/** The unit sheet that gets the chart, rules, validation and sparklines. */
export const FEATURE_SHEET = 'Sở Tư pháp';
export const USER_SHEETS = ['Danh mục', 'Ghi chú', 'Ẩn'];
/** Texts of the odd-text sheet, in cells A1… (what Excel shows). */
export const ODD_TEXTS = [
  'Dòng một\vdòng hai (ngắt dòng từ Word)',
  'CRLF\r\ngiữ nguyên',
  'chữ _x0041_ nguyên văn',
  '\u0001 ký tự điều khiển',
  '  khoảng trắng hai đầu  ',
];
export const VBA_BYTES = Buffer.from(Array.from({ length: 4096 }, (_, i) => (i * 131 + 7) % 256));

function sheetNameToPart(workbook: string, rels: string): Map<string, string> {
  const targets = new Map<string, string>();
  for (const m of rels.matchAll(/<Relationship\b[^>]*>/g)) {
    const id = /\bId="([^"]*)"/.exec(m[0])?.[1];
    const target = /\bTarget="([^"]*)"/.exec(m[0])?.[1];
    if (id && target) targets.set(id, target.startsWith('/') ? target.slice(1) : `xl/${target}`);
  }
  const out = new Map<string, string>();
  for (const m of workbook.matchAll(/<sheet\b[^>]*>/g)) {
    const name = /\bname="([^"]*)"/.exec(m[0])?.[1];
    const id = /\br:id="([^"]*)"/.exec(m[0])?.[1];
    if (name && id && targets.has(id)) out.set(name, targets.get(id)!);
  }
  return out;
}

const xmlEscape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

/** Characters XML 1.0 cannot carry (control characters but TAB, LF, CR). */
// eslint-disable-next-line no-control-regex
const NOT_IN_XML = /[\u0000-\u0008\u000B\u000C\u000E-\u001F]/g;

/** An ST_Xstring as Excel writes it: `_xHHHH_` for what XML cannot carry, `_x005F_` before a literal `_xHHHH_`. */
function xstring(s: string): string {
  return xmlEscape(
    s
      .replace(/_(x[0-9A-Fa-f]{4}_)/g, '_x005F_$1')
      .replace(NOT_IN_XML, (c) => `_x${c.charCodeAt(0).toString(16).toUpperCase().padStart(4, '0')}_`),
  ).replace(/\r/g, '&#13;');
}

function inlineSheet(rows: string[]): string {
  const cells = rows
    .map(
      (text, i) =>
        `<row r="${i + 1}"><c r="A${i + 1}" t="inlineStr"><is><t xml:space="preserve">${xstring(text)}</t></is></c></row>`,
    )
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${R_NS}">` +
    `<sheetData>${cells}</sheetData></worksheet>`
  );
}

const DRAWING =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<xdr:wsDr xmlns:xdr="http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
  '<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>2</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>' +
  '<xdr:to><xdr:col>14</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>18</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
  '<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="2" name="Biểu đồ 1"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>' +
  '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm><a:graphic><a:graphicData uri="http://schemas.openxmlformats.org/drawingml/2006/chart">' +
  `<c:chart xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:r="${R_NS}" r:id="rId1"/>` +
  '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>' +
  '<xdr:twoCellAnchor><xdr:from><xdr:col>8</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>20</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:from>' +
  '<xdr:to><xdr:col>12</xdr:col><xdr:colOff>0</xdr:colOff><xdr:row>23</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:to>' +
  '<xdr:sp macro="" textlink=""><xdr:nvSpPr><xdr:cNvPr id="3" name="Hộp văn bản 2"/><xdr:cNvSpPr txBox="1"/></xdr:nvSpPr>' +
  '<xdr:spPr><a:xfrm><a:off x="0" y="0"/><a:ext cx="2000000" cy="500000"/></a:xfrm><a:prstGeom prst="rect"><a:avLst/></a:prstGeom></xdr:spPr>' +
  '<xdr:txBody><a:bodyPr/><a:lstStyle/><a:p><a:r><a:t>Ghi chú của đơn vị: số liệu đã rà soát</a:t></a:r></a:p></xdr:txBody></xdr:sp>' +
  '<xdr:clientData/></xdr:twoCellAnchor></xdr:wsDr>';

const CHART =
  '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
  '<c:chartSpace xmlns:c="http://schemas.openxmlformats.org/drawingml/2006/chart" xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main">' +
  '<c:chart><c:autoTitleDeleted val="1"/><c:plotArea><c:layout/><c:barChart><c:barDir val="col"/><c:grouping val="clustered"/>' +
  '<c:varyColors val="0"/><c:ser><c:idx val="0"/><c:order val="0"/><c:val><c:numRef><c:f>\'Sở Tư pháp\'!$D$7:$D$12</c:f></c:numRef></c:val></c:ser>' +
  '<c:axId val="111"/><c:axId val="222"/></c:barChart><c:catAx><c:axId val="111"/><c:scaling><c:orientation val="minMax"/></c:scaling>' +
  '<c:delete val="0"/><c:axPos val="b"/><c:crossAx val="222"/></c:catAx><c:valAx><c:axId val="222"/><c:scaling><c:orientation val="minMax"/>' +
  '</c:scaling><c:delete val="0"/><c:axPos val="l"/><c:crossAx val="111"/></c:valAx></c:plotArea><c:plotVisOnly val="1"/></c:chart></c:chartSpace>';

const X14 = 'http://schemas.microsoft.com/office/spreadsheetml/2009/9/main';
const XM = 'http://schemas.microsoft.com/office/excel/2006/main';
const DATABAR_ID = '{8C8A3F0B-1D2E-4F60-8A9B-0C1D2E3F4A5B}';

/** What the feature sheet gets, by schema position. */
const SHEET_CF =
  '<conditionalFormatting sqref="C7:C100"><cfRule type="colorScale" priority="1"><colorScale><cfvo type="min"/><cfvo type="max"/>' +
  '<color rgb="FFF8696B"/><color rgb="FF63BE7B"/></colorScale></cfRule></conditionalFormatting>' +
  '<conditionalFormatting sqref="D7:D100"><cfRule type="dataBar" priority="5"><dataBar><cfvo type="min"/><cfvo type="max"/>' +
  `<color rgb="FF638EC6"/></dataBar><extLst><ext uri="{B025F937-C7B1-47D3-B67F-A62EFF666E3E}" xmlns:x14="${X14}"><x14:id>${DATABAR_ID}</x14:id></ext></extLst>` +
  '</cfRule></conditionalFormatting>';
const SHEET_VALIDATION =
  '<dataValidations count="1"><dataValidation type="list" allowBlank="1" showInputMessage="1" showErrorMessage="1" sqref="H7:H100">' +
  "<formula1>'Danh mục'!$A$1:$A$3</formula1></dataValidation></dataValidations>";
const SHEET_END =
  '<ignoredErrors><ignoredError sqref="D7:E100" numberStoredAsText="1"/></ignoredErrors><drawing r:id="rIdDraw7"/>' +
  '<extLst>' +
  `<ext uri="{78C0D931-6437-407d-A8EE-F0AAD7539E65}" xmlns:x14="${X14}"><x14:conditionalFormattings>` +
  `<x14:conditionalFormatting xmlns:xm="${XM}"><x14:cfRule type="dataBar" id="${DATABAR_ID}"><x14:dataBar minLength="0" maxLength="100" gradient="0" direction="leftToRight">` +
  '<x14:cfvo type="autoMin"/><x14:cfvo type="autoMax"/><x14:borderColor rgb="FF638EC6"/><x14:negativeFillColor rgb="FFFF0000"/><x14:axisColor rgb="FF000000"/>' +
  '</x14:dataBar></x14:cfRule><xm:sqref>D7:D100</xm:sqref></x14:conditionalFormatting></x14:conditionalFormattings></ext>' +
  `<ext uri="{05C60535-1F16-4fd2-B633-F4F36F0B64E0}" xmlns:x14="${X14}"><x14:sparklineGroups xmlns:xm="${XM}">` +
  '<x14:sparklineGroup displayEmptyCellsAs="gap"><x14:colorSeries rgb="FF376092"/><x14:colorNegative rgb="FFD00000"/><x14:colorAxis rgb="FF000000"/>' +
  '<x14:colorMarkers rgb="FFD00000"/><x14:colorFirst rgb="FFD00000"/><x14:colorLast rgb="FFD00000"/><x14:colorHigh rgb="FFD00000"/><x14:colorLow rgb="FFD00000"/>' +
  "<x14:sparklines><x14:sparkline><xm:f>'Sở Tư pháp'!D7:E7</xm:f><xm:sqref>I7</xm:sqref></x14:sparkline></x14:sparklines>" +
  '</x14:sparklineGroup></x14:sparklineGroups></ext></extLst>';

function insertAfterLast(xml: string, names: string[], text: string): string {
  let at = -1;
  for (const n of names) {
    const close = xml.lastIndexOf(`</${n}>`);
    if (close >= 0) at = Math.max(at, close + n.length + 3);
    const self = new RegExp(`<${n}\\b[^>]*/>`, 'g');
    for (const m of xml.matchAll(self)) at = Math.max(at, m.index + m[0].length);
  }
  if (at < 0) throw new Error(`none of ${names.join(', ')} found`);
  return xml.slice(0, at) + text + xml.slice(at);
}

function insertBefore(xml: string, marker: string, text: string): string {
  const at = xml.lastIndexOf(marker);
  if (at < 0) throw new Error(`${marker} not found`);
  return xml.slice(0, at) + text + xml.slice(at);
}

export interface FeatureOptions {
  /** Add the macros and the macro-enabled content type (save as .xlsm). */
  macro?: boolean;
}

/** `base` (an .xlsx of the sample shape) with the features above added. */
export function withExcelFeatures(base: Buffer, options: FeatureOptions = {}): Buffer {
  const zip = ZipReader.open(base);
  const parts = new Map<string, Buffer | string>();
  for (const e of zip.entries) parts.set(e.name, zip.read(e.name));
  const text = (name: string) => {
    const v = parts.get(name);
    if (v === undefined) throw new Error(`no part ${name}`);
    return typeof v === 'string' ? v : v.toString('utf8');
  };

  let workbook = text('xl/workbook.xml');
  let rels = text('xl/_rels/workbook.xml.rels');
  let types = text('[Content_Types].xml');
  const sheetParts = sheetNameToPart(workbook, rels);
  const featurePart = sheetParts.get(FEATURE_SHEET);
  if (!featurePart) throw new Error(`no sheet ${FEATURE_SHEET}`);
  const names = [...sheetParts.keys()];
  const index = (name: string) => names.indexOf(name);

  // User sheets at the end, with unusual part names, relationship ids and sheet ids.
  const userParts = ['xl/worksheets/sheet901.xml', 'xl/worksheets/sheet902.xml', 'xl/worksheets/sheet903.xml'];
  parts.set(userParts[0], inlineSheet(['Đạt', 'Không đạt', 'Chưa chấm']));
  parts.set(userParts[1], inlineSheet(ODD_TEXTS));
  parts.set(userParts[2], inlineSheet(['trang ẩn của người dùng']));
  workbook = insertBefore(
    workbook,
    '</sheets>',
    `<sheet name="${USER_SHEETS[0]}" sheetId="101" r:id="rIdU1"/>` +
      `<sheet name="${USER_SHEETS[1]}" sheetId="102" r:id="rIdU2"/>` +
      `<sheet name="${USER_SHEETS[2]}" sheetId="103" state="hidden" r:id="rIdU3"/>`,
  );
  rels = insertBefore(
    rels,
    '</Relationships>',
    userParts
      .map((p, i) => `<Relationship Id="rIdU${i + 1}" Type="${R_NS}/worksheet" Target="${p.slice(3)}"/>`)
      .join(''),
  );
  types = insertBefore(
    types,
    '</Types>',
    userParts.map((p) => `<Override PartName="/${p}" ContentType="${SHEET_CT}"/>`).join(''),
  );

  // Workbook settings: structure protection, the active tab, defined names, calculation.
  workbook = workbook.replace(/<workbookProtection\b[^>]*\/>/, '');
  workbook = insertAfterLast(workbook, ['workbookPr', 'fileVersion'], '<workbookProtection lockStructure="1"/>');
  if (/<workbookView\b/.test(workbook)) {
    workbook = workbook.replace(/<workbookView\b[^>]*?(\/?)>/, (tag, close: string) => {
      const bare = tag.replace(/\s(activeTab|firstSheet)="[^"]*"/g, '').replace(/\s*\/?>$/, '');
      return `${bare} firstSheet="1" activeTab="${index('Sở Nội vụ')}"${close}>`;
    });
  } else {
    workbook = insertAfterLast(
      workbook,
      ['workbookProtection'],
      `<bookViews><workbookView firstSheet="1" activeTab="${index('Sở Nội vụ')}"/></bookViews>`,
    );
  }
  const local = names.length + 1; // "Ghi chú", after every sheet of the base
  const defined =
    '<definedName name="_xlnm._FilterDatabase" localSheetId="3" hidden="1">\'Sở Ngoại vụ\'!$A$6:$G$100</definedName>' +
    `<definedName name="_xlnm.Print_Area" localSheetId="${index(FEATURE_SHEET)}">'Sở Tư pháp'!$A$1:$G$50</definedName>` +
    `<definedName name="CucBo" localSheetId="${local}">'Ghi chú'!$A$1</definedName>` +
    '<definedName name="DanhSach">\'Danh mục\'!$A$1:$A$3</definedName>' +
    '<definedName name="NoiBo" hidden="1">\'Sở Nội vụ\'!$D$7</definedName>' +
    '<definedName name="TyLe" comment="hằng số">0.05</definedName>';
  if (/<definedNames>/.test(workbook)) workbook = insertBefore(workbook, '</definedNames>', defined);
  else workbook = insertAfterLast(workbook, ['sheets'], `<definedNames>${defined}</definedNames>`);
  workbook = workbook.replace(/<calcPr\b[^>]*\/>/, '');
  workbook = insertAfterLast(
    workbook,
    ['definedNames'],
    '<calcPr calcId="191029" calcMode="manual" iterate="1" iterateCount="50" iterateDelta="0.0001"/>',
  );
  // A calcChain naming some formula cells of the unit sheets (Excel writes one with every save).
  parts.set(
    'xl/calcChain.xml',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<calcChain xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main">' +
      `<c r="D6" i="${index(FEATURE_SHEET) + 1}" l="1"/><c r="E6"/><c r="D7" i="${index('Sở Nội vụ') + 1}"/></calcChain>`,
  );
  rels = insertBefore(
    rels,
    '</Relationships>',
    `<Relationship Id="rIdCalc" Type="${R_NS}/calcChain" Target="calcChain.xml"/>`,
  );
  types = insertBefore(
    types,
    '</Types>',
    '<Override PartName="/xl/calcChain.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.calcChain+xml"/>',
  );

  // The feature sheet: rules, validation, ignored errors, drawing, extensions.
  let sheet = text(featurePart);
  sheet = insertAfterLast(sheet, ['sheetData', 'mergeCells', 'phoneticPr'], SHEET_CF + SHEET_VALIDATION);
  sheet = insertBefore(sheet, '</worksheet>', SHEET_END);
  parts.set(featurePart, sheet);
  const featureRels = featurePart.replace(/([^/]+)$/, '_rels/$1.rels');
  parts.set(
    featureRels,
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rIdDraw7" Type="${R_NS}/drawing" Target="../drawings/drawing1.xml"/></Relationships>`,
  );
  parts.set('xl/drawings/drawing1.xml', DRAWING);
  parts.set(
    'xl/drawings/_rels/drawing1.xml.rels',
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
      `<Relationship Id="rId1" Type="${R_NS}/chart" Target="../charts/chart1.xml"/></Relationships>`,
  );
  parts.set('xl/charts/chart1.xml', CHART);
  types = insertBefore(
    types,
    '</Types>',
    '<Override PartName="/xl/drawings/drawing1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawing+xml"/>' +
      '<Override PartName="/xl/charts/chart1.xml" ContentType="application/vnd.openxmlformats-officedocument.drawingml.chart+xml"/>',
  );

  if (options.macro) {
    parts.set('xl/vbaProject.bin', VBA_BYTES);
    rels = insertBefore(
      rels,
      '</Relationships>',
      '<Relationship Id="rIdVba" Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" Target="vbaProject.bin"/>',
    );
    types = types.replace(MAIN_CT, MACRO_CT);
    types = insertBefore(
      types,
      '</Types>',
      '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>',
    );
  }

  parts.set('xl/workbook.xml', workbook);
  parts.set('xl/_rels/workbook.xml.rels', rels);
  parts.set('[Content_Types].xml', types);
  const order = ['[Content_Types].xml', ...[...parts.keys()].filter((n) => n !== '[Content_Types].xml')];
  return writeZip(order.map((name) => ({ name, data: parts.get(name)! })));
}
