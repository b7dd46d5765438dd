// Property: a workbook whose scores are all valid numbers (or "not applicable" in the appraised column), with
// evidence for each, and whose subtotals and totals are SUM formulas or the exact typed sums (or left blank),
// has no error finding, whatever the layout a province gives it: codes in a code column or at the start of the
// names, a header of one row or three, a summary table of units beside the unit sheets.
import fc from 'fast-check';
import { analyzeWorkbook } from '../../src/core/analyze';
import type { CellValue, SheetSnapshot } from '../../src/core/types';

const NA = 'Không áp dụng';

/** Criteria of one area: a leaf's maximum, or a criterion's sub-criteria maxima. */
type Criterion = { max: number } | { subs: number[] };
type Shape = Criterion[][];

const shape: fc.Arbitrary<Shape> = fc.array(
  fc.array(
    fc.oneof(
      fc.integer({ min: 1, max: 10 }).map((max): Criterion => ({ max })),
      fc.array(fc.integer({ min: 1, max: 6 }), { minLength: 2, maxLength: 3 }).map((subs): Criterion => ({ subs })),
    ),
    { minLength: 1, maxLength: 3 },
  ),
  { minLength: 1, maxLength: 3 },
);

type Subtotal = 'formula' | 'typed' | 'blank';
interface Style {
  codes: 'column' | 'name';
  header: 'one' | 'three';
  total: Subtotal | 'none';
  summary: boolean;
}
const style: fc.Arbitrary<Style> = fc.record({
  codes: fc.constantFrom('column', 'name'),
  header: fc.constantFrom('one', 'three'),
  total: fc.constantFrom('formula', 'typed', 'blank', 'none'),
  summary: fc.boolean(),
});

/** One row of the criteria table before it is laid out: its code both ways, maximum, children (row indices). */
interface Node {
  column: string;
  dotted: string;
  name: string;
  max: number;
  children: number[];
}

function nodesOf(areas: Shape): Node[] {
  const nodes: Node[] = [];
  const roman = ['I', 'II', 'III'];
  areas.forEach((criteria, a) => {
    const area: Node = { column: roman[a], dotted: `${a + 1}`, name: `Lĩnh vực thứ ${a + 1}`, max: 0, children: [] };
    nodes.push(area);
    criteria.forEach((c, i) => {
      const path = `${a + 1}.${i + 1}`;
      const node: Node = {
        column: `${i + 1}`,
        dotted: path,
        name: `Tiêu chí ${path} về cải cách`,
        max: 0,
        children: [],
      };
      area.children.push(nodes.length);
      nodes.push(node);
      if ('max' in c) node.max = c.max;
      else {
        c.subs.forEach((max, s) => {
          node.children.push(nodes.length);
          nodes.push({
            column: `${'abc'[s]})`,
            dotted: `${path}.${s + 1}`,
            name: `Tiêu chí thành phần ${path}.${s + 1}`,
            max,
            children: [],
          });
        });
        node.max = c.subs.reduce((x, y) => x + y, 0);
      }
      area.max += node.max;
    });
  });
  return nodes;
}

/** Valid scores for leaves of these maxima: quarters from 0 to the maximum, the appraised one or N/A. */
const leafCells = (maxima: number[]): fc.Arbitrary<{ self: number; appraised: CellValue }[]> =>
  fc.tuple(
    ...maxima.map((max) =>
      fc.record({
        self: fc.integer({ min: 0, max: max * 4 }).map((q) => q / 4),
        appraised: fc.oneof(
          fc.integer({ min: 0, max: max * 4 }).map((q): CellValue => q / 4),
          fc.constant<CellValue>(NA),
        ),
      }),
    ),
  );

function workbook(areas: Shape, st: Style, units: { self: number; appraised: CellValue }[][], modes: Subtotal[][]) {
  const nodes = nodesOf(areas);
  const withCode = st.codes === 'column';
  const label = (n: Node) => (withCode ? [n.column, n.name] : [`${n.dotted}. ${n.name}`]);
  const total = nodes.filter((n) => n.dotted.split('.').length === 1).reduce((s, n) => s + n.max, 0);
  const template: SheetSnapshot = {
    name: 'Bộ tiêu chí',
    rows: [
      ['BỘ TIÊU CHÍ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH'],
      [...(withCode ? ['STT'] : []), 'Lĩnh vực, tiêu chí', 'Điểm tối đa'],
      ...nodes.map((n) => [...label(n), n.max]),
      ...(st.total === 'none' ? [] : [[...(withCode ? [null] : []), 'Tổng cộng', total]]),
    ],
  };
  const sheets: SheetSnapshot[] = [template];
  const off = withCode ? 1 : 0; // the name column's shift
  const scoreCols = [off + 2, off + 3];
  const letter = (c: number) => String.fromCharCode(65 + c);
  units.forEach((leaves, u) => {
    const rows: CellValue[][] = [['BẢNG TỰ ĐÁNH GIÁ CHỈ SỐ CCHC'], [`Đơn vị: Sở số ${u + 1}`]];
    const head = withCode ? ['STT', 'Lĩnh vực, tiêu chí'] : ['Lĩnh vực, tiêu chí'];
    if (st.header === 'one') {
      rows.push([...head, 'Điểm tối đa', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Tài liệu kiểm chứng']);
    } else {
      const blank = head.map(() => null);
      rows.push([...head, 'Điểm tối đa', 'Kết quả chấm điểm', null, 'Tài liệu kiểm chứng']);
      rows.push([...blank, null, 'Điểm', null, null]);
      rows.push([...blank, null, 'Tự đánh giá', 'Thẩm định', null]);
    }
    const first = rows.length;
    const formulas: (string | null)[][] = [];
    // What each row holds per column, as Excel reads it (numbers only) and as typed sums would be written.
    const excel: number[][] = nodes.map(() => [0, 0]);
    let leaf = 0;
    const cells: CellValue[][] = nodes.map((n) => [...label(n), n.max, null, null, null]);
    nodes.forEach((n, i) => {
      if (n.children.length > 0) return;
      const { self, appraised } = leaves[leaf++];
      cells[i][scoreCols[0]] = self;
      cells[i][scoreCols[1]] = appraised;
      cells[i][off + 4] = `Báo cáo số ${u + 1}${i}/BC-UBND ngày 15/12/2024`;
      excel[i] = [self, typeof appraised === 'number' ? appraised : 0];
    });
    // Parents after their children: walk backwards.
    let parent = 0;
    for (let i = nodes.length - 1; i >= 0; i--) {
      const n = nodes[i];
      if (n.children.length === 0) continue;
      const mode = modes[u][parent++ % modes[u].length];
      for (const k of [0, 1]) {
        excel[i][k] = n.children.reduce((s, c) => s + excel[c][k], 0);
        if (mode === 'blank') continue;
        cells[i][scoreCols[k]] = excel[i][k];
        if (mode === 'formula') {
          const refs = n.children.map((c) => `${letter(scoreCols[k])}${first + c + 1}`);
          (formulas[first + i] ??= [])[scoreCols[k]] = `SUM(${refs.join(',')})`;
        }
      }
    }
    rows.push(...cells);
    if (st.total !== 'none') {
      const areasAt = nodes.flatMap((n, i) => (n.dotted.split('.').length === 1 ? [i] : []));
      const row: CellValue[] = [...(withCode ? [null] : []), 'Tổng cộng', total, null, null];
      for (const k of [0, 1]) {
        if (st.total === 'blank') continue;
        row[scoreCols[k]] = areasAt.reduce((s, a) => s + excel[a][k], 0);
        if (st.total === 'formula') {
          const refs = areasAt.map((a) => `${letter(scoreCols[k])}${first + a + 1}`);
          (formulas[first + nodes.length] ??= [])[scoreCols[k]] = refs.join('+');
        }
      }
      rows.push(row);
    }
    sheets.push({ name: `Sở số ${u + 1}`, rows, ...(formulas.length > 0 ? { formulas } : {}) });
  });
  if (st.summary) {
    sheets.push({
      name: 'Tổng hợp',
      rows: [
        ['BẢNG TỔNG HỢP KẾT QUẢ'],
        ['TT', 'Tên đơn vị', 'Điểm đánh giá', 'Vị thứ', 'Xếp loại'],
        ...units.map((_, u) => [u + 1, `Sở số ${u + 1}`, 80 - u, u + 1, 'Tốt']),
      ],
    });
  }
  return sheets;
}

test('valid numbers with SUM formulas or exact typed subtotals: no error finding, in any layout', () => {
  const input = shape.chain((areas) => {
    const maxima = nodesOf(areas).flatMap((n) => (n.children.length === 0 ? [n.max] : []));
    return fc.record({
      areas: fc.constant(areas),
      style,
      units: fc.array(leafCells(maxima), { minLength: 1, maxLength: 3 }),
      modes: fc.array(
        fc.array(fc.constantFrom<Subtotal>('formula', 'typed', 'blank'), { minLength: 1, maxLength: 4 }),
        {
          minLength: 3,
          maxLength: 3,
        },
      ),
    });
  });
  fc.assert(
    fc.property(input, ({ areas, style: st, units, modes }) => {
      const sheets = workbook(areas, st, units, modes);
      const a = analyzeWorkbook({ sheets });
      expect(a.findings.filter((f) => f.severity === 'error').map((f) => `${f.code} ${f.sheet}!${f.cell}`)).toEqual([]);
      expect(a.blocks.flatMap((b) => b.units)).toHaveLength(units.length);
    }),
    { numRuns: 200 },
  );
});
