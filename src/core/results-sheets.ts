// The workbook-wide result sheets: the summary (units × areas, the table the press quotes), the findings
// sheet with links to the cells, and the live evidence flags on the unit sheets.
import type { Analysis, Finding } from './types';
import type { ConditionalRule } from './plan-types';
import { columnLetter, quoteSheetName } from './address';
import type { RankingLayout } from './results-block';
import { areaHeader } from './area-names';
import { findingTitle, type FindingCode } from './findings';
import { fitHeight, printPage, signatureBlock, spanWidth } from './print-page';
import { aboveMaxFormula } from './rules/bounds';
import { printLabels } from './settings';
import { evidenceFlagFormulas } from './rules/evidence';
import { highlightedRows } from './rules/level-rows';
import { roundTo2 } from './rules/percent';
import {
  HEADER_STYLE,
  NOTE_STYLE,
  SheetBuilder,
  TITLE_STYLE,
  BODY_STYLE,
  excelString as str,
  formulaCell as f,
  rangeOf,
} from './sheet-builder';

export function buildSummarySheet(analysis: Analysis, name: string, rankings: RankingLayout[]): SheetBuilder {
  const b = new SheetBuilder(name, '70AD47');
  const rounding = analysis.settings.rounding;
  const title = 'TỔNG HỢP CHỈ SỐ CCHC THEO LĨNH VỰC (tỷ lệ %)';
  b.set(0, 0, title);
  let r = 2;
  const widest = Math.max(3, ...analysis.blocks.map((block) => 3 + (block.units[0]?.areas.length ?? 0)));
  const widths = [6, 40, 10, ...Array.from({ length: widest - 3 }, () => 12)];
  // Each block starts a printed page.
  const breaks: number[] = [];
  analysis.blocks.forEach((block, i) => {
    const lay = rankings[i];
    const q = quoteSheetName(lay.sheet);
    const areas = block.units[0]?.areas ?? [];
    if (i > 0) breaks.push(r);
    b.set(r, 0, block.name);
    b.style(r, 0, r, 0, { bold: true, fontSize: 12 });
    r++;
    const header = r;
    const heads = ['Hạng', 'Đơn vị', 'Chỉ số chung', ...areas.map((a) => areaHeader(a))];
    b.setRow(r, heads);
    b.rowHeight(
      r,
      fitHeight(
        heads.map((text, c) => ({ text, width: widths[c] })),
        11,
        true,
      ),
    );
    r++;
    const top = r;
    lay.units.forEach((u, k) => {
      const src = lay.firstRow + k + 1;
      const ref = (c: number) => `${q}!${columnLetter(c)}${src}`;
      b.setRow(r, [
        u.rank === null ? null : f(ref(lay.col.rank), u.rank),
        u.unit,
        f(ref(lay.col.percent), u.percent),
        ...u.areas.map((a, j) => f(ref(lay.col.areaPercent(j)), a.max > 0 ? roundTo2(a.percent, rounding) : '–')),
      ]);
      r++;
    });
    const avgRef = (c: number) => `${q}!${columnLetter(c)}${lay.averageRow + 1}`;
    b.setRow(r, [
      '',
      'Bình quân',
      f(avgRef(lay.col.percent), roundTo2(block.averagePercent, rounding)),
      ...areas.map((_, j) => f(avgRef(lay.col.areaPercent(j)))),
    ]);
    b.style(r, 0, r, 2 + areas.length, { bold: true, fill: 'F2F2F2' });
    b.style(header, 0, header, 2 + areas.length, HEADER_STYLE);
    b.style(top, 0, r, 2 + areas.length, BODY_STYLE);
    b.style(top, 2, r, 2 + areas.length, { numberFormat: '0.00' });
    b.style(top, 0, r, 0, { horizontal: 'center' });
    r += 2;
    // Counts per class over the ranked units, live on the ranking sheet's class column.
    const classRange = `${q}!$${columnLetter(lay.col.cls)}$${lay.firstRow + 1}:$${columnLetter(lay.col.cls)}$${lay.firstRow + Math.max(lay.ranked, 1)}`;
    b.setRow(r, ['', 'Xếp loại', 'Số đơn vị']);
    b.style(r, 1, r, 2, HEADER_STYLE);
    r++;
    for (const c of block.classCounts) {
      b.setRow(r, ['', c.label, f(`COUNTIF(${classRange},${str(c.label)})`, c.count)]);
      b.style(r, 1, r, 2, BODY_STYLE);
      r++;
    }
    r += 2;
  });
  b.merge(0, 0, 0, widest - 1);
  b.style(0, 0, 0, 0, { ...TITLE_STYLE, wrap: true });
  b.rowHeight(0, fitHeight([{ text: title, width: spanWidth(widths, 0, widest - 1) }], 14, true));
  b.columnWidths(widths);
  b.freeze(0, 2);
  const half = Math.max(2, Math.ceil((widest - 1) / 2));
  signatureBlock(b, r, printLabels(analysis.settings), [0, 1], [half, widest - 1], widths);
  b.page({ ...printPage({ first: 0, last: 0 }), ...(breaks.length > 0 ? { rowBreaks: breaks } : {}) });
  return b;
}

const SEVERITY_VI: Record<Finding['severity'], string> = { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' };

export function buildFindingsSheet(analysis: Analysis, name: string, extra: Finding[]): SheetBuilder {
  const b = new SheetBuilder(name, 'C00000');
  const findings = [...analysis.findings, ...extra];
  const units = new Map(analysis.sheets.map((s) => [s.sheet, s.unit ?? '']));
  const count = (sev: Finding['severity']) => findings.filter((x) => x.severity === sev).length;
  const title = 'KẾT QUẢ KIỂM TRA BẢNG ĐIỂM / VALIDATION FINDINGS';
  const titleOf = (code: string) => findingTitle(code as FindingCode).vi;
  b.set(0, 0, title);
  b.set(
    1,
    0,
    `Lỗi: ${count('error')} · Cảnh báo: ${count('warning')} · Thông tin: ${count('info')} — bấm vào vị trí để đến ô / click a location to go to the cell`,
  );
  // Both tables share the columns: the list of findings is location, title, code, level, unit, sheet, the
  // Vietnamese and English texts; the count per code above it has its title over A:B and its example over F:H.
  const widths = [18, 28, 24, 9, 26, 14, 50, 44];
  const last = widths.length - 1;
  b.setRow(3, ['Vấn đề', null, 'Mã', 'Mức', 'Số lượng', 'Ví dụ']);
  b.merge(3, 0, 3, 1);
  b.merge(3, 5, 3, last);
  const byCode = new Map<string, Finding[]>();
  for (const x of findings) byCode.set(x.code, [...(byCode.get(x.code) ?? []), x]);
  const order = { error: 0, warning: 1, info: 2 };
  const codes = [...byCode.entries()].sort(
    (a, c) =>
      order[a[1][0].severity] - order[c[1][0].severity] || c[1].length - a[1].length || a[0].localeCompare(c[0]),
  );
  let r = 4;
  for (const [code, list] of codes) {
    const example = list[0].messageVi;
    b.setRow(r, [titleOf(code), null, code, SEVERITY_VI[list[0].severity], list.length, example]);
    b.merge(r, 0, r, 1);
    b.merge(r, 5, r, last);
    b.rowHeight(
      r,
      fitHeight([
        { text: titleOf(code), width: spanWidth(widths, 0, 1) },
        { text: code, width: widths[2] },
        { text: example, width: spanWidth(widths, 5, last) },
      ]),
    );
    r++;
  }
  b.style(3, 0, 3, last, HEADER_STYLE);
  if (r > 4) {
    b.style(4, 0, r - 1, last, { ...BODY_STYLE, wrap: true, vertical: 'top' });
    b.style(4, 4, r - 1, 4, { horizontal: 'center' });
  }
  r += 1;
  const header = r;
  b.setRow(r++, ['Vị trí', 'Vấn đề', 'Mã', 'Mức', 'Đơn vị', 'Trang', 'Nội dung', 'Content']);
  for (const x of findings) {
    const target = `${quoteSheetName(x.sheet)}!${x.cell ?? 'A1'}`;
    const label = x.cell ? `${x.sheet}!${x.cell}` : x.sheet;
    const texts = [
      label,
      titleOf(x.code),
      x.code,
      SEVERITY_VI[x.severity],
      units.get(x.sheet) ?? '',
      x.sheet,
      x.messageVi,
      x.messageEn,
    ];
    b.setRow(r, [f(`HYPERLINK(${str(`#${target}`)},${str(label)})`, label), ...texts.slice(1)]);
    b.rowHeight(r, fitHeight(texts.map((text, c) => ({ text, width: widths[c] }))));
    r++;
  }
  b.merge(0, 0, 0, last);
  b.merge(1, 0, 1, last);
  b.style(0, 0, 0, 0, { ...TITLE_STYLE, wrap: true });
  b.style(1, 0, 1, 0, { ...NOTE_STYLE, wrap: true });
  b.rowHeight(0, fitHeight([{ text: title, width: spanWidth(widths, 0, last) }], 14, true));
  b.style(header, 0, header, last, HEADER_STYLE);
  if (r > header + 1) {
    b.style(header + 1, 0, r - 1, last, { ...BODY_STYLE, wrap: true, vertical: 'top' });
    b.style(header + 1, 0, r - 1, 0, { fontColor: '0563C1' });
    b.rule(header + 1, 3, r - 1, 3, {
      type: 'expression',
      formula: `$D${header + 2}="Lỗi"`,
      fill: 'FFC7CE',
      fontColor: '9C0006',
    });
  }
  b.columnWidths(widths);
  b.freeze(header + 1, 0);
  signatureBlock(b, r + 1, printLabels(analysis.settings), [0, 1], [5, last], widths);
  // The list of findings starts a page, its header repeated on every page after.
  b.page({ ...printPage({ first: header, last: header }), rowBreaks: [header] });
  return b;
}

const EVIDENCE_RULE = { fill: 'FFC7CE', fontColor: '9C0006' };
const ABOVE_MAX_RULE = { fill: 'FFEB9C', fontColor: '9C5700' };

/**
 * Characters of one highlight rule's range (its areas joined by spaces; the Office.js adapter joins them by
 * commas, as long): a bound of ours, well under what `Worksheet.getRanges` has been seen to refuse
 * (MAX_RANGE_AREAS_ADDRESS_LENGTH). A column whose areas go beyond it gets a second rule, and so on.
 */
export const MAX_HIGHLIGHT_RANGE_LENGTH = 2048;

/** Runs of consecutive rows (0-based, ascending) as `[top, bottom]`. */
function runsOf(rows: number[]): [number, number][] {
  const out: [number, number][] = [];
  for (const r of rows) {
    const last = out[out.length - 1];
    if (last && r === last[1] + 1) last[1] = r;
    else out.push([r, r]);
  }
  return out;
}

/**
 * The rows of one column as multi-area ranges (`F7 F9:F12 F15`), one area per run of consecutive rows, top
 * to bottom, each range at most MAX_HIGHLIGHT_RANGE_LENGTH characters; with the top row (0-based) of each.
 */
export function columnAreas(rows: number[], col: number): { range: string; top: number }[] {
  const out: { range: string; top: number }[] = [];
  for (const [top, bottom] of runsOf(rows)) {
    const area = rangeOf(top, col, bottom, col);
    const last = out[out.length - 1];
    if (last && last.range.length + 1 + area.length <= MAX_HIGHLIGHT_RANGE_LENGTH) last.range += ` ${area}`;
    else out.push({ range: area, top });
  }
  return out;
}

/**
 * Live highlights on each unit sheet: evidence cells of a row scored above zero with no evidence and no
 * explanation; scores above the row's maximum. One rule per column and kind (more only past
 * MAX_HIGHLIGHT_RANGE_LENGTH), whose range lists exactly the criterion rows it applies to, as areas of
 * consecutive rows. Its formula is written for the first area's top cell with row-relative references to the
 * row's own cells (columns absolute where they are another column), so Excel evaluates every cell of every
 * area on its own row: the areas go top to bottom in one column, so that cell is also the top-left of their
 * bounding box, whichever of the two a host takes as the origin. No row needs a constant of its own: the
 * maximum is read from the row's own cell, the placeholders are the settings' (the same on every row), and
 * which rows need evidence decides only which rows the evidence range covers. So the cells highlighted are
 * the same as with one rule per run of rows.
 */
export function evidenceFlagRules(
  analysis: Analysis,
  /** Per block name, the placeholders its highlights match (placeholderList of its calculation sheet). */
  placeholderLists: ReadonlyMap<string, string>,
): { sheet: string; range: string; rule: ConditionalRule }[] {
  const rules: { sheet: string; range: string; rule: ConditionalRule }[] = [];
  const templates = new Map(
    analysis.blocks.map((b) => [b.name, analysis.sheets.find((s) => s.sheet === b.template)?.tree ?? null]),
  );
  for (const reading of analysis.sheets) {
    if (reading.role !== 'unit' || !reading.layout || !reading.tree || !reading.block) continue;
    const template = templates.get(reading.block);
    if (!template) continue;
    const cols = reading.layout.columns;
    const leafRows = highlightedRows(reading.tree, template).map(({ row, criterion }) => ({
      row,
      evidence: criterion.evidenceRequired,
    }));
    const scoreCols = [cols.self, cols.appraised].filter((c): c is number => c !== undefined);
    const list = placeholderLists.get(reading.block);
    if (cols.evidence !== undefined && scoreCols.length > 0 && list !== undefined) {
      const evidenceFlag = evidenceFlagFormulas(list);
      const evidenceRows = leafRows.filter((x) => x.evidence).map((x) => x.row);
      for (const { range, top } of columnAreas(evidenceRows, cols.evidence)) {
        const formula = evidenceFlag(top + 1, {
          scores: scoreCols,
          evidence: cols.evidence,
          explanation: cols.explanation,
        });
        rules.push({ sheet: reading.sheet, range, rule: { type: 'expression', formula, ...EVIDENCE_RULE } });
      }
    }
    if (cols.max !== undefined) {
      for (const c of scoreCols) {
        for (const { range, top } of columnAreas(
          leafRows.map((x) => x.row),
          c,
        )) {
          const formula = aboveMaxFormula(`${columnLetter(c)}${top + 1}`, `$${columnLetter(cols.max)}${top + 1}`);
          rules.push({ sheet: reading.sheet, range, rule: { type: 'expression', formula, ...ABOVE_MAX_RULE } });
        }
      }
    }
  }
  return rules;
}
