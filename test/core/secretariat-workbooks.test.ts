// No false alarms on workbooks laid out the way a provincial secretariat lays them: no code column (the code
// starts the name, `1.1. Kế hoạch…`), typed subtotals and totals, survey points typed as text with a decimal
// comma, "not applicable" written only in the appraised column, a summary table of units, headers of three
// rows with and without merges. One describe per class of false alarm or silent gap.
import { analyzeWorkbook } from '../../src/core/analyze';
import { recognizeLayout } from '../../src/core/layout';
import type { Analysis, CellValue, SheetSnapshot } from '../../src/core/types';

const NA = 'Không áp dụng';
const SURVEY_EVIDENCE = 'Kết quả điều tra xã hội học năm 2024 (Quyết định số 215/QĐ-SNV)';

/** The criteria as the province publishes them: codes at the start of the names, 100 points. */
const CRITERIA: [name: string, max: number][] = [
  ['1. Công tác chỉ đạo, điều hành cải cách hành chính', 20],
  ['1.1. Kế hoạch cải cách hành chính năm', 10],
  ['1.2. Báo cáo cải cách hành chính định kỳ', 10],
  ['2. Cải cách thủ tục hành chính', 50],
  ['2.1. Công khai thủ tục hành chính', 30],
  ['2.2. Giải quyết thủ tục hành chính liên thông', 20],
  ['3. Điểm điều tra xã hội học', 30],
  ['3.1. Mức độ hài lòng về giải quyết thủ tục hành chính', 15],
  ['3.2. Mức độ hài lòng về công tác chỉ đạo, điều hành', 15],
];

const TEMPLATE: SheetSnapshot = {
  name: 'Bộ tiêu chí',
  rows: [
    ['BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH CÁC SỞ, BAN, NGÀNH'],
    [],
    ['Lĩnh vực/Tiêu chí', 'Điểm tối đa'],
    ...CRITERIA.map(([name, max]) => [name, max]),
    ['Tổng cộng', 100],
  ],
};

/** A leaf's cells: self, appraised (as typed), evidence. */
type Leaf = [self: CellValue, appraised: CellValue, evidence: CellValue];
/** Leaves 1.1, 1.2, 2.1, 2.2, 3.1, 3.2. */
type Leaves = [Leaf, Leaf, Leaf, Leaf, Leaf, Leaf];

/** Sở Tư pháp: 2.2 not applicable in the appraised column only, survey points typed as text. */
const TU_PHAP: Leaves = [
  [9, 8.5, 'Kế hoạch số 12/KH-STP ngày 10/01/2024'],
  [10, 9.75, 'Báo cáo số 45/BC-STP ngày 12/12/2024'],
  [28, 27.36, 'Quyết định số 88/QĐ-STP ngày 03/3/2024'],
  [15, NA, 'Văn bản số 301/STP-VP ngày 20/5/2024'],
  [null, '12,5', SURVEY_EVIDENCE],
  [null, '13,75', SURVEY_EVIDENCE],
];

/** Each column's value as the engine reads it (text with a decimal comma is a number, a marker is nothing). */
function readNumber(v: CellValue): number {
  if (typeof v === 'number') return v;
  if (typeof v === 'string' && /^\d+(,\d+)?$/.test(v)) return Number(v.replace(',', '.'));
  return 0;
}
/** As Excel's SUM reads it: numbers only. */
const sumNumber = (v: CellValue): number => (typeof v === 'number' ? v : 0);
const round2 = (x: number) => Math.round(x * 100) / 100;

type Subtotals = 'typed' | 'formulas';

interface UnitOptions {
  /** Title rows' unit line; null for none. */
  unit?: string | null;
  subtotals?: Subtotals;
  /** Header rows: 1 (one row), 3 (three rows, merged), '3-plain' (three rows, no merges). */
  header?: 1 | 3 | '3-plain';
  /** Overrides a typed cell: [criterion index in CRITERIA or 'total', column 0 self / 1 appraised, value]. */
  typed?: [number | 'total', 0 | 1, number][];
}

/**
 * A unit sheet: two title rows, a header, one row per criterion, `Tổng cộng`. Subtotals are typed as the true
 * sums of what the engine reads (`typed`), or SUM formulas with Excel's cached results (`formulas`).
 */
function unitSheet(name: string, leaves: Leaves, options: UnitOptions = {}): SheetSnapshot {
  const { unit = name, subtotals = 'typed', header = 1 } = options;
  const rows: CellValue[][] = [['ỦY BAN NHÂN DÂN TỈNH ĐIỆN BIÊN'], unit === null ? [] : [`Đơn vị: ${unit}`]];
  let merges: string[] = [];
  if (header === 1) {
    rows.push(['Lĩnh vực/Tiêu chí', 'Điểm tối đa', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Tài liệu kiểm chứng']);
  } else {
    rows.push(['Lĩnh vực/Tiêu chí', 'Điểm tối đa', 'Kết quả chấm điểm', null, null, null, 'Tài liệu kiểm chứng']);
    rows.push([null, null, 'Điểm', null, 'Tỷ lệ (%)', null, null]);
    rows.push([null, null, 'Tự đánh giá', 'Thẩm định', 'Tự đánh giá', 'Thẩm định', null]);
    if (header === 3) merges = ['A3:A5', 'B3:B5', 'C3:F3', 'C4:D4', 'E4:F4', 'G3:G5'];
  }
  const evidenceCol = header === 1 ? 4 : 6;
  const first = rows.length;
  const leafAt = [1, 2, 4, 5, 7, 8];
  const areaAt = [0, 3, 6];
  const childrenOf = (area: number) => [area + 1, area + 2];
  const formulas: (string | null)[][] = [];
  const letter = (c: number) => 'ABCDEFG'[c];
  const cells = new Map<number, Leaf>();
  leafAt.forEach((i, k) => cells.set(i, leaves[k]));
  const areaValue = (area: number, c: 0 | 1, read: (v: CellValue) => number) =>
    round2(childrenOf(area).reduce((s, i) => s + read((cells.get(i) as Leaf)[c]), 0));
  CRITERIA.forEach(([label, max], i) => {
    const row: CellValue[] = [label, max, null, null];
    const leaf = cells.get(i);
    if (leaf) {
      row[2] = leaf[0];
      row[3] = leaf[1];
      row[evidenceCol] = leaf[2];
    } else {
      for (const c of [0, 1] as const) {
        const r = first + i;
        if (subtotals === 'formulas') {
          (formulas[r] ??= [])[2 + c] = `SUM(${letter(2 + c)}${r + 2}:${letter(2 + c)}${r + 3})`;
          row[2 + c] = areaValue(i, c, sumNumber);
        } else row[2 + c] = areaValue(i, c, readNumber);
      }
    }
    rows.push(row);
  });
  const totalRow: CellValue[] = ['Tổng cộng', 100, null, null];
  for (const c of [0, 1] as const) {
    const r = first + CRITERIA.length;
    if (subtotals === 'formulas') {
      (formulas[r] ??= [])[2 + c] = areaAt.map((a) => `${letter(2 + c)}${first + a + 1}`).join('+');
      totalRow[2 + c] = round2(areaAt.reduce((s, a) => s + areaValue(a, c, sumNumber), 0));
    } else totalRow[2 + c] = round2(areaAt.reduce((s, a) => s + areaValue(a, c, readNumber), 0));
  }
  rows.push(totalRow);
  for (const [at, c, value] of options.typed ?? []) {
    rows[at === 'total' ? first + CRITERIA.length : first + at][2 + c] = value;
  }
  return { name, rows, merges, ...(subtotals === 'formulas' ? { formulas } : {}) };
}

const errors = (a: Analysis) => a.findings.filter((f) => f.severity === 'error');
const codesOf = (a: Analysis, sheet: string) => a.findings.filter((f) => f.sheet === sheet).map((f) => f.code);
const unitOf = (a: Analysis, sheet: string) => a.blocks.flatMap((b) => b.units).find((u) => u.sheet === sheet);

describe('typed subtotals and totals next to survey points typed as text', () => {
  test('typed as the true sums: the text is reported once, no subtotal or total mismatch', () => {
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitSheet('Sở Tư pháp', TU_PHAP)] });
    expect(errors(a)).toEqual([]);
    expect(codesOf(a, 'Sở Tư pháp')).toEqual(['SCORE_TEXT_NUMBER', 'SCORE_TEXT_NUMBER']);
    // 8.5 + 9.75 + 27.36 + 12.5 + 13.75 out of 100 − 20 (2.2 not applicable in the appraised column).
    expect(unitOf(a, 'Sở Tư pháp')).toMatchObject({ points: 71.86, max: 80 });
  });

  test('SUM formulas (Excel skips the text in its cached results): no mismatch either', () => {
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP, { subtotals: 'formulas' });
    expect(sheet.rows[3 + 6][3]).toBe(0); // the survey area's SUM skipped both texts
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a)).toEqual([]);
    expect(codesOf(a, 'Sở Tư pháp')).toEqual(['SCORE_TEXT_NUMBER', 'SCORE_TEXT_NUMBER']);
    expect(unitOf(a, 'Sở Tư pháp')).toMatchObject({ points: 71.86, max: 80 });
  });

  test('a typed subtotal or total that is wrong is still caught, against the numbers as the engine reads them', () => {
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP, {
      typed: [
        [6, 1, 25],
        ['total', 1, 70],
      ],
    });
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a).map((f) => [f.code, f.cell, f.expected, f.found])).toEqual([
      ['SUBTOTAL_MISMATCH', 'D10', '26.25', '25'],
      // The total adds what the areas hold: 8.5 + 9.75, 27.36 and the 25 typed.
      ['TOTAL_MISMATCH', 'D13', '70.61', '70'],
    ]);
  });

  test('a SUM formula whose cached result disagrees with what Excel reads in its children is caught', () => {
    // Area 1's formula sums 1.1 only (SUM(D5:D5)): Excel shows 8.5, and the total formula adds that.
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP, {
      subtotals: 'formulas',
      typed: [
        [0, 1, 8.5],
        ['total', 1, 35.86],
      ],
    });
    (sheet.formulas as (string | null)[][])[3][3] = 'SUM(D5:D5)';
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a).map((f) => [f.code, f.cell, f.expected, f.found])).toEqual([
      ['SUBTOTAL_MISMATCH', 'D4', '18.25', '8.5'],
    ]);
  });
});

describe('a summary table of units', () => {
  const units = [
    unitSheet('Sở Tư pháp', TU_PHAP),
    unitSheet('Sở Nội vụ', TU_PHAP.map(([s, , e]) => [s, s ?? '14', e]) as Leaves),
  ];
  test.each([
    [['TT', 'Tên đơn vị', 'Điểm đánh giá', 'Vị thứ', 'Xếp loại']],
    [['TT', 'Tên đơn vị', 'Điểm tự đánh giá', 'Điểm thẩm định', 'Chỉ số (%)', 'Xếp hạng', 'Ghi chú']],
    [['STT', 'Cơ quan, đơn vị', 'Điểm tối đa', 'Điểm đạt được', 'Tỷ lệ %', 'Xếp loại']],
    [['STT', 'Sở, ban, ngành', 'Tổng điểm', 'Xếp hạng']],
    [['TT', 'UBND các huyện, thị xã, thành phố', 'Chỉ số CCHC (%)', 'Thứ hạng']],
  ])('%j: skipped with SHEET_UNMATCHED (a warning), the units ranked', (header) => {
    const summary: SheetSnapshot = {
      name: 'Tổng hợp',
      rows: [
        ['BẢNG TỔNG HỢP KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024'],
        header,
        [1, 'Sở Nội vụ', 93.4, 1, 'Xuất sắc'],
        [2, 'Sở Tư pháp', 89.83, 2, 'Tốt'],
      ],
    };
    const a = analyzeWorkbook({ sheets: [TEMPLATE, ...units, summary] });
    expect(errors(a)).toEqual([]);
    expect(a.findings.filter((f) => f.sheet === 'Tổng hợp').map((f) => [f.code, f.severity])).toEqual([
      ['SHEET_UNMATCHED', 'warning'],
    ]);
    expect(a.sheets.find((s) => s.sheet === 'Tổng hợp')?.role).toBe('skipped');
    expect(a.blocks[0].units.map((u) => u.sheet).sort()).toEqual(['Sở Nội vụ', 'Sở Tư pháp']);
  });

  test('a unit sheet whose score column is named "Đơn vị tự chấm" is no summary table', () => {
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP);
    sheet.rows[2] = ['Lĩnh vực/Tiêu chí', 'Điểm tối đa', 'Đơn vị tự chấm', 'Điểm thẩm định', 'Tài liệu kiểm chứng'];
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a)).toEqual([]);
    expect(unitOf(a, 'Sở Tư pháp')).toMatchObject({ points: 71.86 });
  });

  test('a unit sheet whose title block states its name and total, in a table of its own, stays a unit sheet', () => {
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP);
    sheet.rows[1] = ['Tên đơn vị:', 'Sở Tư pháp', 'Tổng điểm tự đánh giá:', 62];
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a)).toEqual([]);
    expect(a.sheets.find((s) => s.sheet === 'Sở Tư pháp')?.role).toBe('unit');
    expect(unitOf(a, 'Sở Tư pháp')).toMatchObject({ points: 71.86, max: 80 });
  });
});

describe('one code normal form whatever the source', () => {
  test('codes at the start of the names: areas 1, 2, 3 and criteria 1.1… (not "1.")', () => {
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitSheet('Sở Tư pháp', TU_PHAP)] });
    const u = unitOf(a, 'Sở Tư pháp');
    expect(u?.areas.map((x) => [x.code, x.name])).toEqual([
      ['1', 'Công tác chỉ đạo, điều hành cải cách hành chính'],
      ['2', 'Cải cách thủ tục hành chính'],
      ['3', 'Điểm điều tra xã hội học'],
    ]);
    expect(u?.criteria.map((x) => x.code)).toEqual(['1', '1.1', '1.2', '2', '2.1', '2.2', '3', '3.1', '3.2']);
  });

  test('a code column writing `I.`, `1.` and `a)` gives I, 1 and a, as names starting so do', () => {
    const column: SheetSnapshot = {
      name: 'Bộ tiêu chí',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa'],
        ['I.', 'Công tác chỉ đạo', 60],
        ['1.', 'Kế hoạch', 60],
        ['a)', 'Ban hành kịp thời', 30],
        ['b.', 'Đầy đủ nội dung', 30],
        ['II', 'Thủ tục hành chính', 40],
        ['1', 'Công khai', 40],
      ],
    };
    const inName: SheetSnapshot = {
      name: 'Bộ tiêu chí',
      rows: [
        ['Lĩnh vực, tiêu chí', 'Điểm tối đa'],
        ['I. Công tác chỉ đạo', 60],
        ['1. Kế hoạch', 60],
        ['a) Ban hành kịp thời', 30],
        ['b. Đầy đủ nội dung', 30],
        ['II. Thủ tục hành chính', 40],
        ['1. Công khai', 40],
      ],
    };
    const codes = (sheet: SheetSnapshot) =>
      analyzeWorkbook({ sheets: [sheet] }).sheets[0].tree?.rows.map((r) => [r.key, r.code, r.name]);
    const expected = [
      ['I', 'I', 'Công tác chỉ đạo'],
      ['I.1', '1', 'Kế hoạch'],
      ['I.1.a', 'a', 'Ban hành kịp thời'],
      ['I.1.b', 'b', 'Đầy đủ nội dung'],
      ['II', 'II', 'Thủ tục hành chính'],
      ['II.1', '1', 'Công khai'],
    ];
    expect(codes(column)).toEqual(expected);
    expect(codes(inName)).toEqual(expected);
  });
});

describe('one unit in two sheets', () => {
  test('copies of a sheet (same unit in the title) are reported and not ranked; the others keep their ranks', () => {
    const other = unitSheet('Sở Nội vụ', TU_PHAP.map(([s, , e]) => [s, s ?? '14', e]) as Leaves);
    const copies = [2, 3, 4].map((n) => ({ ...unitSheet('Sở Tư pháp', TU_PHAP), name: `Sở Tư pháp (${n})` }));
    const a = analyzeWorkbook({ sheets: [TEMPLATE, unitSheet('Sở Tư pháp', TU_PHAP), other, ...copies] });
    expect(errors(a).map((f) => [f.code, f.sheet])).toEqual(copies.map((c) => ['DUPLICATE_UNIT', c.name]));
    expect(errors(a)[0].messageEn).toContain('"Sở Tư pháp"');
    const ranked = a.blocks[0].units.filter((u) => u.rank !== null);
    expect(ranked.map((u) => [u.sheet, u.rank])).toEqual([
      ['Sở Nội vụ', 1],
      ['Sở Tư pháp', 2],
    ]);
    expect(a.blocks[0].units).toHaveLength(5);
  });

  test('sheets without a unit line: an identical copy is a duplicate, blank copies of the template are not', () => {
    const blank = TU_PHAP.map(() => [null, null, null]) as Leaves;
    const a = analyzeWorkbook({
      sheets: [
        TEMPLATE,
        unitSheet('Sở Tư pháp', TU_PHAP, { unit: null }),
        unitSheet('Sở Y tế', TU_PHAP, { unit: null }),
        unitSheet('Sở Xây dựng', blank, { unit: null }),
        unitSheet('Sở Công thương', blank, { unit: null }),
      ],
    });
    expect(a.findings.filter((f) => f.code === 'DUPLICATE_UNIT').map((f) => [f.sheet, f.messageEn])).toEqual([
      [
        'Sở Y tế',
        'This sheet duplicates sheet "Sở Tư pháp" (the same scores and content on every row): a unit is scored once; this sheet is not ranked.',
      ],
    ]);
  });

  test('sheets without a unit line are copies when every cell below the header is the same, as their JSON would be', () => {
    const copy = unitSheet('Sở Tư pháp', TU_PHAP, { unit: null });
    const below = (sheet: SheetSnapshot, edit: (rows: CellValue[][]) => void, name: string): SheetSnapshot => {
      const rows = sheet.rows.map((r) => [...r]);
      edit(rows);
      return { ...sheet, name, rows };
    };
    const last = copy.rows.length - 1;
    const blankAt = copy.rows.findIndex((r, i) => i > 2 && r.includes(null));
    expect(blankAt).toBeGreaterThan(2);
    const a = analyzeWorkbook({
      sheets: [
        TEMPLATE,
        copy,
        // A number written as text is another cell; a blank and a cell left out are one.
        below(copy, (rows) => (rows[last][1] = String(rows[last][1])), 'Văn bản'),
        below(copy, (rows) => rows[last].push(null), 'Ô trống thêm'),
        // NaN is written null: the same as a blank.
        below(copy, (rows) => (rows[blankAt][rows[blankAt].indexOf(null)] = Number.NaN), 'Giống'),
      ],
    });
    expect(a.findings.filter((f) => f.code === 'DUPLICATE_UNIT').map((f) => f.sheet)).toEqual(['Giống']);
  });

  test('two units with the same scores, each named in its title, are two units; "Đơn vị: ……" names no unit', () => {
    const a = analyzeWorkbook({
      sheets: [
        TEMPLATE,
        unitSheet('Sở Tư pháp', TU_PHAP),
        unitSheet('Sở Y tế', TU_PHAP),
        unitSheet('Sở Xây dựng', TU_PHAP.slice().reverse() as Leaves, { unit: '……………………' }),
        unitSheet('Sở Công thương', TU_PHAP.map(([s, , e]) => [s, s ?? '15', e]) as Leaves, { unit: '……………' }),
      ],
    });
    expect(a.findings.filter((f) => f.code === 'DUPLICATE_UNIT')).toEqual([]);
    expect(a.blocks[0].units.map((u) => u.unit).sort()).toEqual([
      'Sở Công thương',
      'Sở Tư pháp',
      'Sở Xây dựng',
      'Sở Y tế',
    ]);
  });
});

describe('a template maximum that is not a sane number', () => {
  const withMax = (changes: Record<number, CellValue>): SheetSnapshot => ({
    ...TEMPLATE,
    rows: TEMPLATE.rows.map((r, i) => (i - 3 in changes ? [r[0], changes[i - 3]] : r)),
  });

  test('two maxima of 1e308: an error each, counted 0, every figure finite', () => {
    const a = analyzeWorkbook({ sheets: [withMax({ 1: 1e308, 2: 1e308 }), unitSheet('Sở Tư pháp', TU_PHAP)] });
    const invalid = a.findings.filter((f) => f.code === 'TEMPLATE_MAX_INVALID');
    expect(invalid.map((f) => [f.severity, f.cell, f.criterion])).toEqual([
      ['error', 'B5', '1.1'],
      ['error', 'B6', '1.2'],
    ]);
    const u = unitOf(a, 'Sở Tư pháp');
    expect(u?.max).toBe(60);
    expect(Number.isFinite(u?.exactPercent)).toBe(true);
    expect(u?.exactPercent).toBeLessThanOrEqual(100);
  });

  test.each([
    ['negative', -5],
    ['above 1,000', 1000.5],
  ])('%s: an error', (_what, max) => {
    const a = analyzeWorkbook({ sheets: [withMax({ 1: max }), unitSheet('Sở Tư pháp', TU_PHAP)] });
    expect(a.findings.filter((f) => f.code === 'TEMPLATE_MAX_INVALID').map((f) => f.criterion)).toEqual(['1.1']);
  });

  test('a penalty written negative, and 1,000 itself, are sane', () => {
    const sheet: SheetSnapshot = {
      name: 'Bộ tiêu chí',
      rows: [
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa'],
        ['1', 'Công tác chỉ đạo', 1000],
        ['1.1', 'Kế hoạch', 1000],
        ['2', 'Điểm trừ', -2],
        ['2.1', 'Điểm trừ: chậm báo cáo', -2],
      ],
    };
    expect(analyzeWorkbook({ sheets: [sheet] }).findings.map((f) => f.code)).not.toContain('TEMPLATE_MAX_INVALID');
  });
});

describe('headers of three rows', () => {
  test.each([
    ['merged', 3],
    ['without merges', '3-plain'],
  ] as const)('%s: group, sub-group and score rows read as one header', (_what, header) => {
    const sheet = unitSheet('Sở Tư pháp', TU_PHAP, { header });
    const layout = recognizeLayout(sheet);
    if (!layout.ok) throw new Error(`not recognised: ${layout.reason}`);
    expect(layout.layout).toMatchObject({
      headerTop: 2,
      headerRow: 4,
      columns: { name: 0, max: 1, self: 2, appraised: 3, evidence: 6 },
    });
    const a = analyzeWorkbook({ sheets: [TEMPLATE, sheet] });
    expect(errors(a)).toEqual([]);
    expect(unitOf(a, 'Sở Tư pháp')).toMatchObject({ points: 71.86, max: 80 });
  });

  test('a title above a two-row header is not taken into it', () => {
    const sheet: SheetSnapshot = {
      name: 'Sở A',
      rows: [
        ['BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC'],
        ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Điểm', null, 'Tài liệu kiểm chứng'],
        [null, null, null, 'Tự đánh giá', 'Thẩm định', null],
        ['1', 'Chỉ đạo', 100, 80, 80, null],
      ],
    };
    const layout = recognizeLayout(sheet);
    expect(layout.ok && layout.layout).toMatchObject({
      headerTop: 1,
      headerRow: 2,
      columns: { code: 0, name: 1, max: 2, self: 3, appraised: 4, evidence: 5 },
    });
  });
});
