// One block's live results: a calculation sheet (one row per criterion, four columns per unit, every cell a
// formula on the unit sheets) and the ranking sheet built on it. Each formula carries the engine's value.
import type { Analysis, BlockResult, CriteriaTree, CriterionRow, NodeScore, SheetLayout, UnitResult } from './types';
import { columnLetter, quoteSheetName } from './address';
import { countedCellFormula } from './rules/basis';
import { clampFormula, leafMax, scoreRange } from './rules/bounds';
import { formulaRowOf } from './rules/level-rows';
import { fixedRange, fixedRowRef, relativeRef } from './r1c1';
import { placeholderForms, placeholderListRange } from './rules/evidence';
import {
  branchMarkedFormula,
  naFlagFormula,
  naMarkerForms,
  isNaMarkerFormula,
  unlessNotApplicableFormula,
} from './rules/not-applicable';
import { numberFormula } from './rules/number-text';
import { displayFormula, percentFormula, roundTo2 } from './rules/percent';
import { rankChangeFormula, rankFormula, unitClassFormula } from './rules/ranking';
import {
  HEADER_STYLE,
  NOTE_STYLE,
  SheetBuilder,
  TITLE_STYLE,
  BODY_STYLE,
  excelString as str,
  formulaCell as f,
} from './sheet-builder';
import { contributesMax, isLeaf } from './tree';
import { areaHeader } from './area-names';
import { bandBarColours, bandColours } from './band-colours';
import { fitHeight, printPage, signatureBlock, spanWidth } from './print-page';
import { printLabels } from './settings';

/** How the calculation sheet's formulas spell a unit sheet's cell, a branch flag's cell and a marker test. */
interface Notation {
  cell: (col: number, sheetRow: number) => string;
  flag: (row: number, col: number) => string;
  isMarker: (ref: string) => string;
}

interface BlockContext {
  block: BlockResult;
  analysis: Analysis;
  templateTree: CriteriaTree;
  leaves: CriterionRow[];
}

export interface BlockSheets {
  calc: SheetBuilder;
  ranking: SheetBuilder;
  /** Where the ranking sheet keeps things the summary sheet refers to. */
  layout: RankingLayout;
}

export interface RankingLayout {
  sheet: string;
  firstRow: number;
  /** Rows of ranked units are firstRow … firstRow + ranked − 1; unranked follow. */
  ranked: number;
  units: UnitResult[];
  averageRow: number;
  col: {
    rank: number;
    unit: number;
    percent: number;
    cls: number;
    exact: number;
    areaPercent: (k: number) => number;
    areaExact: (k: number) => number;
  };
}

type Reading = { layout: SheetLayout; tree: CriteriaTree } | null;

function readingOfSheet(r: Analysis['sheets'][number] | undefined): Reading {
  return r?.layout && r.tree ? { layout: r.layout, tree: r.tree } : null;
}

function readingOf(analysis: Analysis, sheet: string): Reading {
  return readingOfSheet(analysis.sheets.find((s) => s.sheet === sheet));
}

/** readingOf for many sheets: looked up by name, not searched for each (a block has thousands of units). */
function readings(analysis: Analysis): (sheet: string) => Reading {
  const bySheet = new Map<string, Reading>();
  for (const r of analysis.sheets) if (!bySheet.has(r.sheet)) bySheet.set(r.sheet, readingOfSheet(r));
  return (sheet) => bySheet.get(sheet) ?? null;
}

export function blockContext(analysis: Analysis, block: BlockResult): BlockContext | null {
  const t = readingOf(analysis, block.template);
  if (!t) return null;
  return { block, analysis, templateTree: t.tree, leaves: t.tree.rows.filter((r) => isLeaf(t.tree, r.key)) };
}

/** The calculation sheet: row per template leaf; per unit: the cell counted, N/A flag, points, applicable maximum. */
export function buildCalcSheet(ctx: BlockContext, name: string): SheetBuilder {
  const { block, analysis, leaves, templateTree } = ctx;
  const settings = analysis.settings;
  const b = new SheetBuilder(name, 'A6A6A6');
  const first = 3;
  const total = first + leaves.length;
  b.set(
    0,
    0,
    `BẢNG TÍNH ĐIỂM – ${block.name.toUpperCase()} (add-in tạo; các ô là công thức trên trang của từng đơn vị / formulas on each unit's sheet)`,
  );
  b.setRow(1, ['Mã', 'Tiêu chí', 'Điểm tối đa']);
  b.setRow(2, ['', '', '']);
  leaves.forEach((leaf, i) =>
    b.setRow(first + i, [leaf.key, leaf.name, leaf.kind === 'normal' ? leafMax(leaf) : (leaf.max ?? 0)]),
  );
  b.setRow(total, ['', 'Tổng', null]);
  // The N/A markers as the formulas match them, listed once in a column of this sheet (formulas stay short
  // whatever the list's length).
  const markerForms = naMarkerForms(settings.naMarkers);
  const markerCol = 4 + block.units.length * 4;
  b.set(2, markerCol, 'Dấu hiệu KAD');
  markerForms.forEach((m, i) => b.set(first + i, markerCol, m));
  const markerRows = Math.max(1, markerForms.length);
  const markerRange = `$${columnLetter(markerCol)}$${first + 1}:$${columnLetter(markerCol)}$${first + markerRows}`;
  const isMarker = (ref: string) => isNaMarkerFormula(ref, markerForms.length > 0 ? markerRange : null);
  const markerRangeR1C1 = fixedRange(first, markerCol, first + markerRows - 1, markerCol);
  const isMarkerR1C1 = (ref: string) => isNaMarkerFormula(ref, markerForms.length > 0 ? markerRangeR1C1 : null);
  // Beside them, the evidence placeholders the unit sheets' highlights match (placeholderList).
  b.set(2, markerCol + 1, 'Tài liệu không hợp lệ');
  placeholderForms(settings.placeholderEvidence).forEach((p, i) => b.set(first + i, markerCol + 1, p));

  // Below the total, each branch (a criterion with sub-criteria) once per unit and score column: marked not
  // applicable on its row or above. A criterion refers to its parent's flag, so each cell is matched once,
  // not once per criterion under it.
  const branches = templateTree.rows.filter((row) => !isLeaf(templateTree, row.key));
  const branchTitle = total + 2;
  const branchRow = new Map(branches.map((g, j) => [g.key, branchTitle + 1 + j]));
  if (branches.length > 0) {
    b.set(branchTitle, 1, 'Mục có dấu KAD trên trang đơn vị, ở chính mục hoặc mục cha / branches marked N/A');
    branches.forEach((g, j) => b.setRow(branchTitle + 1 + j, [g.key, g.name]));
  }

  // A criterion's points and applicable maximum name no unit: one text each serves every unit's columns.
  const leafTexts = leaves.map((leaf) => ({
    points: unlessNotApplicableFormula(
      relativeRef(0, -1),
      clampFormula(scoreRange(leaf), numberFormula(relativeRef(0, -2))),
    ),
    max: unlessNotApplicableFormula(relativeRef(0, -2), leafMax(leaf)),
    maxValue: leafMax(leaf),
    contributes: contributesMax(leaf),
  }));
  const readingOfUnit = readings(analysis);

  block.units.forEach((unit, u) => {
    const c0 = 3 + u * 4;
    const [ptsC, maxC] = [2, 3].map((k) => columnLetter(c0 + k));
    b.set(1, c0, unit.unit);
    b.merge(1, c0, 1, c0 + 3);
    b.setRow(2, ['Ô điểm', 'KAD', 'Điểm', 'Tối đa'], c0);
    const reading = readingOfUnit(unit.sheet);
    const scores = new Map(unit.criteria.map((c) => [c.key, c]));
    const countedTexts = new Map<number, string>();
    const flagTexts = new Map<number, string | null>();
    const q = quoteSheetName(unit.sheet);
    const a1: Notation = {
      cell: (col, sheetRow) => `${q}!${columnLetter(col)}${sheetRow + 1}`,
      flag: (row, col) => `${columnLetter(col)}${row + 1}`,
      isMarker,
    };
    /** References from the calculation cell at `r`, `c`, in R1C1: filled down a column, they are one text. */
    const r1c1At = (r: number, c: number): Notation => ({
      cell: (col, sheetRow) => `${q}!${relativeRef(sheetRow - r, col - c)}`,
      flag: (row, col) => fixedRowRef(row, col - c),
      isMarker: isMarkerR1C1,
    });
    /** The terms saying a row's ancestors hold a marker in `col`: the nearest branch flag, else their cells. */
    const branchAbove = (unitTree: CriteriaTree, node: CriterionRow, col: number, flagCol: number, n: Notation) => {
      const terms: string[] = [];
      for (let p = node.parentKey; p !== null;) {
        const parent = unitTree.byKey.get(p);
        if (!parent) break;
        const at = branchRow.get(p);
        if (at !== undefined) {
          terms.push(n.flag(at, flagCol));
          break;
        }
        terms.push(n.isMarker(n.cell(col, parent.row)));
        p = parent.parentKey;
      }
      return terms;
    };
    if (reading && branches.length > 0) {
      const cols = reading.layout.columns;
      b.setRow(branchTitle, ['Tự chấm', 'Thẩm định'], c0);
      // The unit's self column flags go under its first column, the appraised column's under its second.
      const flagged = [
        { col: cols.self, at: c0 },
        { col: cols.appraised, at: c0 + 1 },
      ];
      branches.forEach((g, j) => {
        const node = reading.tree.byKey.get(g.key);
        if (!node) return;
        for (const { col, at } of flagged) {
          if (col === undefined) continue;
          const above = branchAbove(reading.tree, node, col, at, a1);
          b.set(branchTitle + 1 + j, at, f(branchMarkedFormula(a1.cell(col, node.row), above, isMarker)));
        }
      });
    }
    leaves.forEach((leaf, i) => {
      const r = first + i;
      const score = scores.get(leaf.key) as NodeScore;
      const unitRow = reading ? formulaRowOf(reading.tree, leaf.key) : undefined;
      if (!reading || !unitRow) {
        b.setRow(r, ['', 0, f('0', 0), leafTexts[i].maxValue], c0);
        return;
      }
      const cols = reading.layout.columns;
      // In R1C1 the cell counted depends only on the unit row's offset from this row, and the N/A flag on it, on
      // whether N/A is allowed and on the parent's flag (the nearest term above, when the parent has one): each
      // text is made once per such case, not once per criterion.
      const offset = unitRow.row - r;
      let counted = countedTexts.get(offset);
      if (counted === undefined) {
        const inRaw = r1c1At(r, c0);
        const cellOf = (col: number | undefined) => (col === undefined ? null : inRaw.cell(col, unitRow.row));
        countedTexts.set(
          offset,
          (counted = countedCellFormula(settings.basis, cellOf(cols.self), cellOf(cols.appraised))),
        );
      }
      const parentRow = unitRow.parentKey === null ? -1 : branchRow.get(unitRow.parentKey);
      // A number for (parent's flag row, offset, N/A allowed); none when the parent has no flag row.
      const flagKey =
        parentRow === undefined ? null : ((parentRow + 1) * 2 ** 21 + offset + 2 ** 20) * 2 + (leaf.naAllowed ? 1 : 0);
      let naFlag = flagKey === null ? undefined : flagTexts.get(flagKey);
      if (naFlag === undefined) {
        const inNa = r1c1At(r, c0 + 1);
        const cellsOf = (col: number | undefined, flagCol: number) =>
          col === undefined
            ? null
            : { cell: inNa.cell(col, unitRow.row), above: branchAbove(reading.tree, unitRow, col, flagCol, inNa) };
        naFlag = naFlagFormula({
          basis: settings.basis,
          counted: relativeRef(0, -1),
          self: cellsOf(cols.self, c0),
          appraised: cellsOf(cols.appraised, c0 + 1),
          naAllowed: leaf.naAllowed,
          isMarker: isMarkerR1C1,
        });
        if (flagKey !== null) flagTexts.set(flagKey, naFlag);
      }
      // Cell by cell, not a row array per criterion and unit (hundreds of thousands, for the garbage collector).
      b.set(r, c0, b.r1c1(counted));
      b.set(r, c0 + 1, naFlag === null ? 0 : b.r1c1(naFlag, score.notApplicable ? 1 : 0));
      b.set(r, c0 + 2, b.r1c1(leafTexts[i].points, score.points));
      b.set(r, c0 + 3, leafTexts[i].contributes ? b.r1c1(leafTexts[i].max, score.max) : 0);
    });
    b.set(total, c0 + 2, f(`SUM(${ptsC}${first + 1}:${ptsC}${total})`, unit.points));
    b.set(total, c0 + 3, f(`SUM(${maxC}${first + 1}:${maxC}${total})`, unit.max));
  });
  const lastCol = 2 + block.units.length * 4;
  b.style(0, 0, 0, 0, { bold: true });
  b.style(1, 0, 2, lastCol, HEADER_STYLE);
  b.style(total, 0, total, lastCol, { bold: true });
  if (branches.length > 0) b.style(branchTitle, 0, branchTitle, lastCol, { bold: true });
  b.style(first, 3, total, lastCol, { numberFormat: '0.00' });
  b.style(2, markerCol, 2, markerCol + 1, HEADER_STYLE);
  b.columnWidths([10, 50, 9, ...block.units.flatMap(() => [9, 6, 8, 8]), 3, 16, 16]);
  b.freeze(3, 3);
  return b;
}

/** The evidence placeholders listed on a block's calculation sheet `calcName`, as a highlight reads them. */
export function placeholderList(block: BlockResult, calcName: string, placeholderEvidence: readonly string[]): string {
  return placeholderListRange(
    quoteSheetName(calcName),
    5 + block.units.length * 4,
    3,
    placeholderForms(placeholderEvidence).length,
  );
}

/** Rows of the calculation sheet (1-based, inclusive) holding each area's leaves. */
function areaLeafRows(ctx: BlockContext): { area: CriterionRow; from: number; to: number }[] {
  const { templateTree, leaves } = ctx;
  const areaOf = (row: CriterionRow): string => {
    let r: CriterionRow = row;
    while (r.parentKey !== null) r = templateTree.byKey.get(r.parentKey) as CriterionRow;
    return r.key;
  };
  return (templateTree.children.get(null) ?? []).map((area) => {
    const idx = leaves.map((l, i) => (areaOf(l) === area.key ? i : -1)).filter((i) => i >= 0);
    return { area, from: 4 + (idx[0] ?? 0), to: 4 + (idx[idx.length - 1] ?? -1) };
  });
}

export function buildRankingSheet(
  ctx: BlockContext,
  name: string,
  calcName: string,
): { sheet: SheetBuilder; layout: RankingLayout } {
  const { block, analysis } = ctx;
  const { rounding, basis } = analysis.settings;
  const b = new SheetBuilder(name, '2E75B6');
  const areas = areaLeafRows(ctx);
  const A = areas.length;
  const col = {
    rank: 0,
    unit: 1,
    points: 2,
    max: 3,
    percent: 4,
    cls: 5,
    lastYear: 6,
    change: 7,
    areaPoints: (k: number) => 8 + 2 * k,
    areaPercent: (k: number) => 9 + 2 * k,
    exact: 8 + 2 * A,
    areaExact: (k: number) => 9 + 2 * A + k,
  };
  const L = (c: number) => columnLetter(c);
  // Title, note, two header rows (the areas' names over their points and percentages), then the units.
  const first = 4;
  const units = block.units;
  const ranked = units.filter((u) => u.rank !== null).length;
  const lastRankedRow = first + Math.max(ranked, 1);
  const calc = quoteSheetName(calcName);
  const totalRow = 4 + ctx.leaves.length;
  const display = (x: string) => displayFormula(x, rounding);
  const bands = block.bands;

  const lastVisible = col.change + 2 * A;
  // Visible columns, then the hidden ones: exact percentages, the charts' per-band and per-area cells.
  const widths = [
    ...[6, 40, 8, 8, 8, 10, 8, 12, ...areas.flatMap(() => [7, 7])],
    ...[12, ...areas.map(() => 10)],
    ...[...bands.map(() => 10), 24, 10],
  ];
  const title = `BẢNG XẾP HẠNG CHỈ SỐ CẢI CÁCH HÀNH CHÍNH – ${block.name.toUpperCase()}`;
  b.set(0, 0, title);
  b.merge(0, 0, 0, lastVisible);
  const basisVi =
    basis === 'self'
      ? 'điểm tự đánh giá'
      : basis === 'appraised'
        ? 'điểm thẩm định'
        : 'điểm thẩm định (tự đánh giá nếu chưa thẩm định)';
  const note = `${units.length} đơn vị · tính theo ${basisVi} · tỷ lệ % ${rounding === 'truncate' ? 'cắt bỏ' : 'làm tròn'} 2 chữ số, xếp hạng theo giá trị chính xác · công thức tự cập nhật khi sửa điểm`;
  b.set(1, 0, note);
  b.merge(1, 0, 1, lastVisible);
  const heads = ['Hạng', 'Đơn vị', 'Điểm', 'Tối đa', 'Tỷ lệ %', 'Xếp loại', 'Năm trước', 'So với năm trước'];
  b.setRow(2, heads);
  heads.forEach((_, c) => b.merge(2, c, 3, c));
  areas.forEach(({ area }, k) => {
    b.set(2, col.areaPoints(k), areaHeader(area));
    b.merge(2, col.areaPoints(k), 2, col.areaPercent(k));
    b.set(3, col.areaPoints(k), 'Điểm');
    b.set(3, col.areaPercent(k), '%');
  });
  b.set(2, col.exact, 'Tỷ lệ chính xác (để xếp hạng)');
  b.merge(2, col.exact, 3, col.exact);
  areas.forEach(({ area }, k) => {
    b.set(2, col.areaExact(k), `${area.code} chính xác`);
    b.merge(2, col.areaExact(k), 3, col.areaExact(k));
  });

  units.forEach((u, i) => {
    const r = first + i;
    const row = r + 1;
    const calcCol = 3 + block.units.indexOf(u) * 4;
    const exactRef = `${L(col.exact)}${row}`;
    b.setRow(r, [
      u.rank === null
        ? null
        : f(rankFormula(`$${L(col.exact)}$${first + 1}:$${L(col.exact)}$${lastRankedRow}`, exactRef), u.rank),
      f(`HYPERLINK(${str(`#${quoteSheetName(u.sheet)}!A1`)},${str(u.unit)})`, u.unit),
      f(`${calc}!${L(calcCol + 2)}${totalRow}`, u.points),
      f(`${calc}!${L(calcCol + 3)}${totalRow}`, u.max),
      f(display(exactRef), u.percent),
      f(unitClassFormula(exactRef, `${L(col.max)}${row}`, bands), u.class ?? ''),
      u.lastYearRank,
      f(rankChangeFormula(`${L(col.lastYear)}${row}`, `${L(col.rank)}${row}`), u.rankChangeText ?? ''),
    ]);
    b.set(r, col.exact, f(percentFormula(`${L(col.points)}${row}`, `${L(col.max)}${row}`), u.exactPercent));
    areas.forEach(({ from, to }, k) => {
      const a = u.areas[k];
      const pts = `SUM(${calc}!${L(calcCol + 2)}${from}:${L(calcCol + 2)}${to})`;
      const mx = `SUM(${calc}!${L(calcCol + 3)}${from}:${L(calcCol + 3)}${to})`;
      b.set(r, col.areaPoints(k), f(pts, a.points));
      const exact = `${L(col.areaExact(k))}${row}`;
      b.set(
        r,
        col.areaExact(k),
        f(percentFormula(`${L(col.areaPoints(k))}${row}`, mx, '"–"'), a.max > 0 ? a.percent : '–'),
      );
      b.set(
        r,
        col.areaPercent(k),
        f(`IF(ISNUMBER(${exact}),${display(exact)},"–")`, a.max > 0 ? roundTo2(a.percent, rounding) : '–'),
      );
    });
  });

  const averageRow = first + units.length;
  const basisUnits = ranked > 0 ? ranked : units.length;
  const avgOf = (c: number) => `${L(c)}${first + 1}:${L(c)}${first + Math.max(basisUnits, 1)}`;
  b.set(averageRow, col.unit, 'Bình quân của khối');
  if (units.length > 0) {
    b.set(
      averageRow,
      col.percent,
      f(display(`AVERAGE(${avgOf(col.exact)})`), roundTo2(block.averagePercent, rounding)),
    );
    areas.forEach((_, k) => {
      const stat = block.areaAverages[k];
      const applicable = units.slice(0, basisUnits).some((u) => u.areas[k]?.max > 0);
      b.set(
        averageRow,
        col.areaPercent(k),
        f(
          `IFERROR(${display(`AVERAGE(${avgOf(col.areaExact(k))})`)},"–")`,
          applicable && stat ? roundTo2(stat.averagePercent, rounding) : '–',
        ),
      );
    });
  }

  const lastCol = col.areaExact(A - 1);
  const lastRow = Math.max(averageRow, first);
  b.style(0, 0, 0, 0, { ...TITLE_STYLE, wrap: true });
  b.style(1, 0, 1, 0, { ...NOTE_STYLE, wrap: true, horizontal: 'center' });
  b.style(2, 0, 3, lastCol, HEADER_STYLE);
  b.style(first, 0, lastRow, lastCol, BODY_STYLE);
  b.style(first, col.points, lastRow, col.percent, { numberFormat: '0.00' });
  b.style(first, col.areaPoints(0), lastRow, lastCol, { numberFormat: '0.00' });
  b.style(first, col.rank, lastRow, col.rank, { horizontal: 'center', bold: true });
  b.style(averageRow, 0, averageRow, lastCol, { bold: true, fill: 'F2F2F2' });
  b.style(first, col.cls, lastRow, col.lastYear, { horizontal: 'center' });
  if (units.length > 0) {
    b.rule(first, col.percent, first + units.length - 1, col.percent, {
      type: 'colorScale',
      min: 'F8696B',
      mid: 'FFEB84',
      max: '63BE7B',
    });
    // The class column coloured per band, live on the class each row's formula gives.
    bandColours(bands.map((x) => x.label)).forEach(({ label, fill, fontColor }) =>
      b.rule(first, col.cls, first + units.length - 1, col.cls, {
        type: 'expression',
        formula: `${L(col.cls)}${first + 1}=${str(label)}`,
        fill,
        fontColor,
      }),
    );
  }
  b.columnWidths(widths);
  b.freeze(first, 2);
  const tableWidth = spanWidth(widths, 0, lastVisible);
  b.rowHeight(0, fitHeight([{ text: title, width: tableWidth }], 14, true));
  b.rowHeight(1, fitHeight([{ text: note, width: tableWidth }]));
  b.rowHeight(
    2,
    fitHeight(
      areas.map(({ area }, k) => ({
        text: areaHeader(area),
        width: spanWidth(widths, col.areaPoints(k), col.areaPercent(k)),
      })),
      11,
      true,
    ),
  );
  const half = Math.max(2, Math.ceil(lastVisible / 2));
  const after = signatureBlock(b, lastRow + 2, printLabels(analysis.settings), [0, 1], [half, lastVisible], widths);

  // The charts' cells, in hidden columns after the exact ones: per band, each unit's percentage where it is
  // in that band (#N/A elsewhere, drawn as no bar), so the bars take their band's colour whatever the score
  // becomes; and the areas' short names beside the block's average in each.
  const barColours = bandBarColours(bands.map((x) => x.label));
  const bandCol = (j: number) => lastCol + 1 + j;
  const avgLabelCol = bandCol(bands.length);
  const avgValueCol = avgLabelCol + 1;
  barColours.forEach(({ label }, j) => {
    b.set(2, bandCol(j), label);
    b.merge(2, bandCol(j), 3, bandCol(j));
    units.forEach((u, i) => {
      const row = first + i + 1;
      const formula = `IF(${L(col.cls)}${row}=${str(label)},${L(col.percent)}${row},NA())`;
      b.set(first + i, bandCol(j), u.class === label ? f(formula, u.percent) : f(formula));
    });
  });
  b.set(2, avgLabelCol, 'Lĩnh vực');
  b.set(2, avgValueCol, 'Bình quân %');
  areas.forEach(({ area }, k) => {
    const stat = block.areaAverages[k];
    const applicable = units.slice(0, basisUnits).some((u) => u.areas[k]?.max > 0);
    b.set(first + k, avgLabelCol, areaHeader(area));
    b.set(
      first + k,
      avgValueCol,
      units.length > 0
        ? f(
            `${L(col.areaPercent(k))}${averageRow + 1}`,
            applicable && stat ? roundTo2(stat.averagePercent, rounding) : '–',
          )
        : null,
    );
  });
  b.hideColumns([
    col.exact,
    ...areas.map((_, k) => col.areaExact(k)),
    ...bands.map((_, j) => bandCol(j)),
    avgLabelCol,
    avgValueCol,
  ]);
  const chartTop = after + 1;
  if (units.length > 0) {
    const q = quoteSheetName(name);
    const abs = (c: number, top: number, bottom: number) => `${q}!$${L(c)}$${top + 1}:$${L(c)}$${bottom + 1}`;
    const unitRows = (c: number) => abs(c, first, first + units.length - 1);
    const tall = Math.max(26, Math.ceil(units.length * 2.2) + 8);
    b.chart({
      title: `Tỷ lệ % theo thứ hạng – ${block.name}`,
      from: { row: chartTop, col: 0 },
      to: { row: chartTop + tall, col: half },
      categories: unitRows(col.unit),
      series: barColours.map(({ label, color }, j) => ({ name: label, values: unitRows(bandCol(j)), color })),
      overlap: true,
      min: 0,
      max: 100,
    });
    b.chart({
      title: `Bình quân theo lĩnh vực (%) – ${block.name}`,
      from: { row: chartTop, col: half },
      to: { row: chartTop + tall, col: lastVisible + 1 },
      categories: abs(avgLabelCol, first, first + A - 1),
      series: [{ name: 'Bình quân', values: abs(avgValueCol, first, first + A - 1), color: '2E75B6' }],
      min: 0,
      max: 100,
    });
  }
  // The table on its page, the charts on the next.
  b.page({ ...printPage({ first: 2, last: 3 }), ...(units.length > 0 ? { rowBreaks: [chartTop] } : {}) });
  return {
    sheet: b,
    layout: {
      sheet: name,
      firstRow: first,
      ranked,
      units,
      averageRow,
      col: {
        rank: col.rank,
        unit: col.unit,
        percent: col.percent,
        cls: col.cls,
        exact: col.exact,
        areaPercent: col.areaPercent,
        areaExact: col.areaExact,
      },
    },
  };
}
