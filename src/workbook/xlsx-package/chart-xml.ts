// Chart parts for the package writer (ECMA-376 DrawingML): a bar chart reading ranges of the workbook's cells,
// and the drawing that anchors charts to a sheet's cells. Written whole from a PlanChart (small parts); the
// cached values are left out, so Excel and LibreOffice read the cells when they draw the chart. Cells in hidden
// columns are plotted (plotVisOnly off): the charts read the ranking sheet's hidden helper columns.
import type { PlanChart } from '../../core/plan-types';
import { escapeXml, escapeXmlText } from './xml';
import { REL_NS } from './parts';

const C_NS = 'http://schemas.openxmlformats.org/drawingml/2006/chart';
const A_NS = 'http://schemas.openxmlformats.org/drawingml/2006/main';
const XDR_NS = 'http://schemas.openxmlformats.org/drawingml/2006/spreadsheetDrawing';

export const DRAWING_TYPE = 'application/vnd.openxmlformats-officedocument.drawing+xml';
export const CHART_TYPE = 'application/vnd.openxmlformats-officedocument.drawingml.chart+xml';
export const DRAWING_REL = `${REL_NS}/drawing`;
export const CHART_REL = `${REL_NS}/chart`;

const text = (s: string) => escapeXmlText(s);
const solid = (rgb: string) => `<a:solidFill><a:srgbClr val="${escapeXml(rgb.toUpperCase())}"/></a:solidFill>`;

/** A rich text run (chart title). */
function richText(s: string, size: number): string {
  return (
    `<c:tx><c:rich><a:bodyPr/><a:lstStyle/><a:p><a:pPr><a:defRPr sz="${size}" b="1"/></a:pPr>` +
    `<a:r><a:rPr lang="vi-VN" sz="${size}" b="1"/><a:t>${text(s)}</a:t></a:r></a:p></c:rich></c:tx>`
  );
}

/** The chart part: horizontal bars (first category on top), a series per entry, a legend when more than one. */
export function chartXml(chart: PlanChart): string {
  const series = chart.series
    .map(
      (s, i) =>
        `<c:ser><c:idx val="${i}"/><c:order val="${i}"/><c:tx><c:v>${text(s.name)}</c:v></c:tx>` +
        `<c:spPr>${solid(s.color)}</c:spPr><c:invertIfNegative val="0"/>` +
        `<c:cat><c:strRef><c:f>${text(chart.categories)}</c:f></c:strRef></c:cat>` +
        `<c:val><c:numRef><c:f>${text(s.values)}</c:f></c:numRef></c:val></c:ser>`,
    )
    .join('');
  const bounds =
    (chart.max !== undefined ? `<c:max val="${chart.max}"/>` : '') +
    (chart.min !== undefined ? `<c:min val="${chart.min}"/>` : '');
  const legend = chart.series.length > 1 ? '<c:legend><c:legendPos val="b"/><c:overlay val="0"/></c:legend>' : '';
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<c:chartSpace xmlns:c="${C_NS}" xmlns:a="${A_NS}" xmlns:r="${REL_NS}">` +
    '<c:roundedCorners val="0"/>' +
    `<c:chart><c:title>${richText(chart.title, 1200)}<c:overlay val="0"/></c:title>` +
    '<c:autoTitleDeleted val="0"/><c:plotArea><c:layout/>' +
    '<c:barChart><c:barDir val="bar"/><c:grouping val="clustered"/><c:varyColors val="0"/>' +
    series +
    '<c:dLbls><c:numFmt formatCode="0.00" sourceLinked="0"/><c:showLegendKey val="0"/><c:showVal val="1"/>' +
    '<c:showCatName val="0"/><c:showSerName val="0"/><c:showPercent val="0"/><c:showBubbleSize val="0"/></c:dLbls>' +
    `<c:gapWidth val="60"/>${chart.overlap ? '<c:overlap val="100"/>' : ''}` +
    '<c:axId val="1001"/><c:axId val="1002"/></c:barChart>' +
    '<c:catAx><c:axId val="1001"/><c:scaling><c:orientation val="maxMin"/></c:scaling><c:delete val="0"/>' +
    '<c:axPos val="l"/><c:numFmt formatCode="General" sourceLinked="0"/><c:majorTickMark val="none"/>' +
    '<c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/><c:crossAx val="1002"/><c:crosses val="autoZero"/>' +
    '<c:auto val="1"/><c:lblAlgn val="ctr"/><c:lblOffset val="100"/><c:noMultiLvlLbl val="0"/></c:catAx>' +
    `<c:valAx><c:axId val="1002"/><c:scaling><c:orientation val="minMax"/>${bounds}</c:scaling>` +
    '<c:delete val="0"/><c:axPos val="t"/><c:majorGridlines/><c:numFmt formatCode="0" sourceLinked="0"/>' +
    '<c:majorTickMark val="out"/><c:minorTickMark val="none"/><c:tickLblPos val="nextTo"/>' +
    '<c:crossAx val="1001"/><c:crosses val="max"/><c:crossBetween val="between"/></c:valAx>' +
    `</c:plotArea>${legend}<c:plotVisOnly val="0"/><c:dispBlanksAs val="gap"/></c:chart></c:chartSpace>`
  );
}

/** The drawing part: each chart anchored over its cells, by its relationship id in the drawing's rels. */
export function drawingXml(charts: { chart: PlanChart; rId: string }[]): string {
  const anchors = charts
    .map(({ chart, rId }, i) => {
      const at = (tag: string, p: { row: number; col: number }) =>
        `<xdr:${tag}><xdr:col>${p.col}</xdr:col><xdr:colOff>0</xdr:colOff>` +
        `<xdr:row>${p.row}</xdr:row><xdr:rowOff>0</xdr:rowOff></xdr:${tag}>`;
      return (
        `<xdr:twoCellAnchor editAs="oneCell">${at('from', chart.from)}${at('to', chart.to)}` +
        `<xdr:graphicFrame macro=""><xdr:nvGraphicFramePr><xdr:cNvPr id="${i + 2}" name="${escapeXml(`Chart ${i + 1}`)}" ` +
        `descr="${escapeXml(chart.title)}"/><xdr:cNvGraphicFramePr/></xdr:nvGraphicFramePr>` +
        '<xdr:xfrm><a:off x="0" y="0"/><a:ext cx="0" cy="0"/></xdr:xfrm>' +
        `<a:graphic><a:graphicData uri="${C_NS}"><c:chart xmlns:c="${C_NS}" r:id="${escapeXml(rId)}"/>` +
        '</a:graphicData></a:graphic></xdr:graphicFrame><xdr:clientData/></xdr:twoCellAnchor>'
      );
    })
    .join('');
  return (
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
    `<xdr:wsDr xmlns:xdr="${XDR_NS}" xmlns:a="${A_NS}" xmlns:r="${REL_NS}">${anchors}</xdr:wsDr>`
  );
}
