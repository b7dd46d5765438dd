// Criteria trees read from rows the way provinces really write them: total labels with the sum spelled out,
// a `Loại` column that says `Thường` (ordinary), scoring-guidance rows under a criterion, parts A/B above the
// Roman areas. Each case runs the whole engine on a template and unit sheets.
import { analyzeWorkbook } from '../../src/core/analyze';
import { isTotalLabel } from '../../src/core/tree';
import type { Analysis, CellValue, CriteriaTree, SheetSnapshot, WorkbookSnapshot } from '../../src/core/types';

const EV = 'Kế hoạch số 39/KH-UBND ngày 24/01/2024';
const TEMPLATE = 'Bộ tiêu chí - Khối sở';

/** code, name, maximum, then (unit sheets only) the self score. */
type Row = [code: string | null, name: string, max: CellValue, self?: CellValue];

function templateSheet(
  rows: CellValue[][],
  header: CellValue[] = ['STT', 'Lĩnh vực, tiêu chí, tiêu chí thành phần', 'Điểm tối đa'],
): SheetSnapshot {
  return {
    name: TEMPLATE,
    rows: [
      ['BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2024'],
      ['(Kèm theo Quyết định số 125/QĐ-UBND)'],
      header,
      ...rows,
    ],
  };
}

/** A unit's copy of the template; evidence is cited wherever a score above zero is written. */
function unitSheet(sheet: string, unit: string, rows: Row[]): SheetSnapshot {
  const body = rows.map(([code, name, max, self]) => [
    code,
    name,
    max,
    self ?? null,
    typeof self === 'number' && self > 0 ? EV : null,
  ]);
  return {
    name: sheet,
    rows: [
      ['BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC NĂM 2024'],
      [`Đơn vị: ${unit}`],
      ['STT', 'Lĩnh vực, tiêu chí, tiêu chí thành phần', 'Điểm tối đa', 'Điểm tự đánh giá', 'Tài liệu kiểm chứng'],
      ...body,
    ],
  };
}

const templateRows = (rows: Row[]): CellValue[][] => rows.map(([code, name, max]) => [code, name, max]);

function run(sheets: SheetSnapshot[]): Analysis {
  const snapshot: WorkbookSnapshot = { sheets };
  return analyzeWorkbook(snapshot);
}

function treeOf(a: Analysis, sheet: string): CriteriaTree {
  const tree = a.sheets.find((s) => s.sheet === sheet)?.tree;
  if (!tree) throw new Error(`no tree for ${sheet}`);
  return tree;
}

/** Findings that would alarm a user: everything but info. */
const alarms = (a: Analysis) =>
  a.findings
    .filter((f) => f.severity !== 'info')
    .map((f) => `${f.code} ${f.sheet} ${f.cell ?? ''} ${f.criterion ?? ''}`);

function unitResult(a: Analysis, sheet: string) {
  const u = a.blocks.flatMap((b) => b.units).find((x) => x.sheet === sheet);
  if (!u) throw new Error(`no result for ${sheet}`);
  return u;
}

/** The template's maximum as the engine counts it: a unit to which everything applies has the same. */
function templateMax(a: Analysis): number {
  expect(a.findings.filter((f) => f.code === 'TEMPLATE_TOTAL_NOT_100')).toEqual([]);
  return a.blocks[0].units[0].max;
}

// The 8 areas of the national provincial set (QĐ 2948/QĐ-BNV), two criteria each: 100 points.
const AREAS: [name: string, max: number, first: number, second: number][] = [
  ['Công tác chỉ đạo, điều hành CCHC', 10, 6, 4],
  ['Xây dựng và tổ chức thực hiện văn bản QPPL', 10, 5, 5],
  ['Cải cách thủ tục hành chính', 14.5, 7, 7.5],
  ['Cải cách tổ chức bộ máy hành chính', 11, 6, 5],
  ['Xây dựng và nâng cao chất lượng đội ngũ CBCCVC', 16, 8, 8],
  ['Cải cách tài chính công', 7, 4, 3],
  ['Hiện đại hóa hành chính', 16, 8, 8],
  ['Tác động của CCHC đến người dân, tổ chức và phát triển KT-XH', 15.5, 8, 7.5],
];
const ROMAN = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII'];

/** The national set in mixed (Roman) or dotted numbering; `lost[i]` points are lost on area i's second criterion. */
function nationalRows(style: 'roman' | 'dotted', lost?: number[]): Row[] {
  const rows: Row[] = [];
  AREAS.forEach(([name, max, c1, c2], i) => {
    const area = style === 'roman' ? ROMAN[i] : String(i + 1);
    const sub = (n: number) => (style === 'roman' ? String(n) : `${i + 1}.${n}`);
    const l = lost?.[i] ?? 0;
    rows.push([area, name, max, lost ? max - l : undefined]);
    rows.push([sub(1), `Tiêu chí thứ nhất của lĩnh vực ${area}`, c1, lost ? c1 : undefined]);
    rows.push([sub(2), `Tiêu chí thứ hai của lĩnh vực ${area}`, c2, lost ? c2 - l : undefined]);
  });
  return rows;
}
// Sở Tư pháp loses 20 points (80 %), Sở Nội vụ 10 (90 %).
const LOST_80 = [1, 2, 3, 2, 3, 1, 3, 5];
const LOST_90 = [1, 1, 1, 1, 2, 1, 2, 1];

describe('total rows that spell out the sum', () => {
  test('labels with the summed areas in parentheses or as numerals are totals, criteria are not', () => {
    expect(isTotalLabel('TỔNG ĐIỂM (I+II+III+IV+V+VI+VII+VIII)')).toBe(true);
    expect(isTotalLabel('Tổng điểm (1+2+…+8)')).toBe(true);
    expect(isTotalLabel('Tổng điểm I+II+III+IV+V+VI+VII+VIII')).toBe(true);
    expect(isTotalLabel('TỔNG CỘNG (A+B)')).toBe(true);
    expect(isTotalLabel('Công khai thủ tục hành chính (TTHC) trên cổng dịch vụ công')).toBe(false);
    expect(isTotalLabel('Tổng hợp báo cáo định kỳ (quý, 6 tháng, năm)')).toBe(false);
  });

  test.each([
    ['roman', 'TỔNG ĐIỂM (I+II+III+IV+V+VI+VII+VIII)'],
    ['dotted', 'Tổng điểm (1+2+3+4+5+6+7+8)'],
    ['roman', 'Tổng điểm tối đa các lĩnh vực của bộ tiêu chí'],
    ['dotted', 'Tổng số điểm đạt được (tính theo thang điểm 100)'],
  ] as const)('%s numbering, total row "%s": 100 points, 80 % and 90 %, no false finding', (style, label) => {
    const a = run([
      templateSheet([...templateRows(nationalRows(style)), [null, label, 100]]),
      unitSheet('Sở Tư pháp', 'Sở Tư pháp', [...nationalRows(style, LOST_80), [null, label, 100, 80]]),
      unitSheet('Sở Nội vụ', 'Sở Nội vụ', [...nationalRows(style, LOST_90), [null, label, 100, 90]]),
    ]);
    const tree = treeOf(a, TEMPLATE);
    expect(tree.rows).toHaveLength(24);
    expect(tree.children.get(null)).toHaveLength(8);
    expect(tree.totalRow).toBe(3 + 24);
    expect(templateMax(a)).toBe(100);
    expect(unitResult(a, 'Sở Tư pháp')).toMatchObject({ points: 80, max: 100, percent: 80, rank: 2 });
    expect(unitResult(a, 'Sở Nội vụ')).toMatchObject({ points: 90, max: 100, percent: 90, rank: 1 });
    expect(alarms(a)).toEqual([]);
  });

  test('the label may sit in the code cell of a merged row, and a wrong unit total is still caught', () => {
    const label = 'TỔNG CỘNG ĐIỂM CÁC LĨNH VỰC (I+II+III+IV+V+VI+VII+VIII)';
    const a = run([
      templateSheet([...templateRows(nationalRows('roman')), [label, null, 100]]),
      unitSheet('Sở Tư pháp', 'Sở Tư pháp', [...nationalRows('roman', LOST_80), [label, '', 100, 82]]),
    ]);
    expect(treeOf(a, TEMPLATE).totalRow).toBe(27);
    expect(unitResult(a, 'Sở Tư pháp')).toMatchObject({ percent: 80, rank: 1 });
    expect(alarms(a)).toEqual(['TOTAL_MISMATCH Sở Tư pháp D28 ']);
  });
});

describe('a kind column that says "Thường" (ordinary)', () => {
  const HEADER = ['STT', 'Lĩnh vực, tiêu chí, tiêu chí thành phần', 'Điểm tối đa', 'Loại'];
  const rows = (ordinary: string): CellValue[][] => [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 60, ordinary],
    ['1', 'Ban hành kế hoạch CCHC năm', 30, ordinary],
    ['2', 'Báo cáo CCHC định kỳ', 30, ordinary],
    ['II', 'Cải cách thủ tục hành chính', 40, 'Bình thường'],
    ['1', 'Công khai thủ tục hành chính', 40, ordinary],
    ['III', 'Điểm thưởng, điểm trừ', null, null],
    ['1', 'Sáng kiến CCHC được công nhận', 2, 'Thưởng'],
    ['2', 'Để xảy ra sai phạm trong giải quyết TTHC', -2, 'Điểm trừ'],
  ];
  const unitRows: Row[] = [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 60, 55],
    ['1', 'Ban hành kế hoạch CCHC năm', 30, 30],
    ['2', 'Báo cáo CCHC định kỳ', 30, 25],
    ['II', 'Cải cách thủ tục hành chính', 40, 33],
    ['1', 'Công khai thủ tục hành chính', 40, 33],
    ['III', 'Điểm thưởng, điểm trừ', null, 1],
    ['1', 'Sáng kiến CCHC được công nhận', 2, 2],
    ['2', 'Để xảy ra sai phạm trong giải quyết TTHC', -2, -1],
  ];

  test.each(['Thường', 'THƯỜNG', 'thuong', 'Tiêu chí thường'])(
    '"%s" is ordinary; "Thưởng" is a bonus, "Điểm trừ" a penalty',
    (ordinary) => {
      const a = run([
        templateSheet(rows(ordinary), HEADER),
        unitSheet('UBND huyện Yên Định', 'UBND huyện Yên Định', unitRows),
      ]);
      const tree = treeOf(a, TEMPLATE);
      const kinds = Object.fromEntries(tree.rows.map((r) => [r.key, r.kind]));
      // Area III is a bonus content by its name; its penalty row says so in the kind column.
      expect(kinds).toEqual({
        I: 'normal',
        'I.1': 'normal',
        'I.2': 'normal',
        II: 'normal',
        'II.1': 'normal',
        III: 'bonus',
        'III.1': 'bonus',
        'III.2': 'penalty',
      });
      expect(tree.byKey.get('III.2')?.floor).toBe(-2);
      // 88 points of 100, +2 bonus, −1 penalty.
      expect(unitResult(a, 'UBND huyện Yên Định')).toMatchObject({ points: 89, max: 100, percent: 89, rank: 1 });
      expect(alarms(a)).toEqual([]);
    },
  );

  test('bonus written with diacritics in capitals or decomposed Unicode, or as "Diem thuong", is still a bonus', () => {
    for (const bonus of ['THƯỞNG', 'Điểm thưởng', 'Thưởng'.normalize('NFD'), 'Cộng', 'bonus', 'Diem thuong']) {
      const r = rows('Thường');
      r[6][3] = bonus;
      const a = run([templateSheet(r, HEADER), unitSheet('UBND huyện Yên Định', 'UBND huyện Yên Định', unitRows)]);
      expect(treeOf(a, TEMPLATE).byKey.get('III.1')?.kind).toBe('bonus');
    }
  });
});

describe('scoring-guidance rows under a criterion', () => {
  // Area I: criterion 1 lists two alternative levels (1 or 0,5), criterion 2 has two real `-` sub-criteria
  // that add up, criterion 3 lists levels 1 / 0. Area II brings the set to 100.
  const template: Row[] = [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 4],
    ['1', 'Ban hành kế hoạch CCHC năm', 1],
    [null, '- Ban hành đúng hạn (trước ngày 31/12 năm trước)', 1],
    [null, '- Ban hành chậm so với quy định', '0,5'],
    ['2', 'Thực hiện chế độ báo cáo CCHC', 2],
    ['-', 'Báo cáo quý, 6 tháng đầy đủ, đúng hạn', 1],
    ['-', 'Báo cáo năm đầy đủ, đúng hạn', 1],
    ['3', 'Tổ chức tuyên truyền CCHC', 1],
    ['-', 'Có tổ chức tuyên truyền: 1 điểm', 1],
    ['-', 'Không tổ chức: 0 điểm', 0],
    ['II', 'Cải cách thủ tục hành chính', 96],
    ['1', 'Công khai thủ tục hành chính', 96],
  ];
  const unit = (plan: number, guidance: CellValue): Row[] => [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 4, plan + 2 + 1],
    ['1', 'Ban hành kế hoạch CCHC năm', 1, plan],
    [null, '- Ban hành đúng hạn (trước ngày 31/12 năm trước)', 1, guidance],
    [null, '- Ban hành chậm so với quy định', '0,5'],
    ['2', 'Thực hiện chế độ báo cáo CCHC', 2, 2],
    ['-', 'Báo cáo quý, 6 tháng đầy đủ, đúng hạn', 1, 1],
    ['-', 'Báo cáo năm đầy đủ, đúng hạn', 1, 1],
    ['3', 'Tổ chức tuyên truyền CCHC', 1, 1],
    ['-', 'Có tổ chức tuyên truyền: 1 điểm', 1],
    ['-', 'Không tổ chức: 0 điểm', 0],
    ['II', 'Cải cách thủ tục hành chính', 96, 76],
    ['1', 'Công khai thủ tục hành chính', 96, 76],
  ];

  test('levels are guidance: the criterion stays a leaf scored on its own row; sub-criteria that add up stay', () => {
    const a = run([
      templateSheet(templateRows(template)),
      unitSheet('Sở Xây dựng', 'Sở Xây dựng', unit(1, null)),
      unitSheet('Sở Y tế', 'Sở Y tế', unit(0.5, null)),
    ]);
    const tree = treeOf(a, TEMPLATE);
    expect(tree.rows.map((r) => r.key)).toEqual(['I', 'I.1', 'I.2', 'I.2.-1', 'I.2.-2', 'I.3', 'II', 'II.1']);
    expect(tree.children.has('I.1')).toBe(false);
    expect(tree.children.has('I.3')).toBe(false);
    expect(treeOf(a, 'Sở Xây dựng').rows.map((r) => r.key)).toEqual(tree.rows.map((r) => r.key));
    expect(templateMax(a)).toBe(100);
    expect(unitResult(a, 'Sở Xây dựng')).toMatchObject({ points: 80, max: 100, percent: 80, rank: 1 });
    expect(unitResult(a, 'Sở Y tế')).toMatchObject({ points: 79.5, max: 100, percent: 79.5, rank: 2 });
    expect(alarms(a)).toEqual([]);
    // said, not silent: the template's reader is told which rows were read as levels
    const said = a.findings.filter((f) => f.code === 'TEMPLATE_LEVEL_ROWS');
    expect(said.map((f) => [f.sheet, f.severity, f.criterion])).toEqual([
      [TEMPLATE, 'info', 'I.1'],
      [TEMPLATE, 'info', 'I.3'],
    ]);
    expect(said[0].messageVi).toMatch(/^Các dòng \d+, \d+ dưới tiêu chí I\.1 được đọc là mức điểm/);
  });

  test('a score a unit writes on a guidance row is not counted and raises no finding', () => {
    const a = run([templateSheet(templateRows(template)), unitSheet('Sở Xây dựng', 'Sở Xây dựng', unit(1, 1))]);
    expect(unitResult(a, 'Sở Xây dựng')).toMatchObject({ points: 80, percent: 80, rank: 1 });
    expect(alarms(a)).toEqual([]);
  });

  test('in a flat list of criteria (no areas) the levels are guidance too', () => {
    const rows: Row[] = [
      ['1', 'Ban hành kế hoạch CCHC năm', 40],
      [null, '- Ban hành đúng hạn', 40],
      [null, '- Ban hành chậm', 20],
      ['2', 'Thực hiện chế độ báo cáo CCHC', 60],
    ];
    const unitRows: Row[] = [
      ['1', 'Ban hành kế hoạch CCHC năm', 40, 20],
      ...rows.slice(1, 3),
      ['2', 'Thực hiện chế độ báo cáo CCHC', 60, 60],
    ];
    const a = run([templateSheet(templateRows(rows)), unitSheet('UBND xã Định Tân', 'UBND xã Định Tân', unitRows)]);
    expect(treeOf(a, TEMPLATE).rows.map((r) => r.key)).toEqual(['1', '2']);
    expect(unitResult(a, 'UBND xã Định Tân')).toMatchObject({ points: 80, max: 100, percent: 80, rank: 1 });
    expect(alarms(a)).toEqual([]);
  });

  test('dashes directly under an area are criteria, never levels: a wrong area maximum is still reported', () => {
    const rows: Row[] = [
      ['I', 'Công tác chỉ đạo, điều hành CCHC', 50],
      ['-', 'Kế hoạch CCHC', 20],
      ['-', 'Báo cáo CCHC', 20],
      ['II', 'Cải cách thủ tục hành chính', 60],
      ['1', 'Công khai thủ tục hành chính', 60],
    ];
    const a = run([templateSheet(templateRows(rows))]);
    expect(
      treeOf(a, TEMPLATE)
        .children.get('I')
        ?.map((r) => r.key),
    ).toEqual(['I.-1', 'I.-2']);
    expect(a.findings.filter((f) => f.code === 'TEMPLATE_PARENT_SUM').map((f) => f.criterion)).toEqual(['I']);
  });

  test('coded sub-criteria that do not add up are still a template error; so are rows above the parent', () => {
    const rows: Row[] = [
      ['I', 'Công tác chỉ đạo, điều hành CCHC', 100],
      ['1', 'Ban hành kế hoạch CCHC năm', 50],
      ['a)', 'Ban hành đúng hạn', 30],
      ['b)', 'Nội dung đầy đủ', 30],
      ['2', 'Thực hiện chế độ báo cáo', 50],
      ['-', 'Báo cáo quý', 40],
      ['-', 'Báo cáo năm', 60],
    ];
    const a = run([templateSheet(templateRows(rows))]);
    const sums = a.findings.filter((f) => f.code === 'TEMPLATE_PARENT_SUM').map((f) => f.criterion);
    expect(sums).toEqual(['I', 'I.1', 'I.2']);
    expect(treeOf(a, TEMPLATE).children.get('I.2')).toHaveLength(2);
  });
});

describe('parts A/B above the Roman areas', () => {
  const survey: Row[] = [
    ['I', 'Khảo sát lãnh đạo, công chức', 15],
    ['1', 'Đánh giá về công tác chỉ đạo, điều hành CCHC', 15],
    ['II', 'Khảo sát người dân, tổ chức (SIPAS)', 15],
    ['1', 'Mức độ hài lòng về giải quyết TTHC', 15],
  ];
  const appraisal: Row[] = [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 30],
    ['1', 'Kế hoạch CCHC', 15],
    ['2', 'Báo cáo CCHC', 15],
    ['II', 'Cải cách thủ tục hành chính', 40],
    ['1', 'Công khai thủ tục hành chính', 20],
    ['1.1', 'Công khai đầy đủ, đúng quy định', 10],
    ['1.2', 'Công khai trên cổng dịch vụ công', 10],
    ['2', 'Giải quyết thủ tục hành chính', 20],
  ];
  const scores: Record<string, number[]> = {
    // Leaf scores in order: A.I.1, A.I.2, A.II.1.1, A.II.1.2, A.II.2, B.I.1, B.II.1.
    'Sở Công Thương': [15, 12, 10, 8, 15, 12, 11],
    'Sở Tài chính': [15, 15, 10, 10, 18, 14, 13],
  };
  const KEYS = [
    'A',
    'A.I',
    'A.I.1',
    'A.I.2',
    'A.II',
    'A.II.1',
    'A.II.1.1',
    'A.II.1.2',
    'A.II.2',
    'B',
    'B.I',
    'B.I.1',
    'B.II',
    'B.II.1',
  ];

  function withScoresAt(rows: Row[], at: Record<number, number>): Row[] {
    return rows.map((r, i) => (i in at ? [r[0], r[1], r[2], at[i]] : r));
  }

  function withScores(rows: Row[], leafScores: number[] | null): Row[] {
    if (!leafScores) return rows;
    const leafAt = [2, 3, 6, 7, 8, 11, 13];
    const out = rows.map((r) => [...r] as Row);
    leafAt.forEach((i, k) => (out[i][3] = leafScores[k]));
    // Subtotals as the unit's SUM formulas hold them, deepest first.
    const sum = (...is: number[]) => is.reduce((s, i) => s + (out[i][3] as number), 0);
    out[5][3] = sum(6, 7);
    out[1][3] = sum(2, 3);
    out[4][3] = sum(5, 8);
    out[0][3] = sum(1, 4);
    out[10][3] = sum(11);
    out[12][3] = sum(13);
    out[9][3] = sum(10, 12);
    return out;
  }

  function rowsWith(
    partA: [string | null, string],
    partB: [string | null, string],
    leafScores: number[] | null,
  ): Row[] {
    return withScores([[partA[0], partA[1], 70], ...appraisal, [partB[0], partB[1], 30], ...survey], leafScores);
  }

  test.each([
    [
      ['A', 'ĐIỂM THẨM ĐỊNH'],
      ['B', 'ĐIỂM ĐIỀU TRA XÃ HỘI HỌC'],
    ],
    [
      ['A.', 'Điểm thẩm định'],
      ['B.', 'Điểm điều tra xã hội học'],
    ],
    [
      ['PHẦN A', 'ĐIỂM THẨM ĐỊNH'],
      ['PHẦN B', 'ĐIỂM ĐIỀU TRA XÃ HỘI HỌC'],
    ],
    [
      [null, 'A. ĐIỂM THẨM ĐỊNH'],
      [null, 'B. ĐIỂM ĐIỀU TRA XÃ HỘI HỌC'],
    ],
  ] as [[string | null, string], [string | null, string]][])(
    'parts %j / %j: paths stay unique, 100 points, parts are the areas',
    (partA, partB) => {
      const total: Row = [null, 'TỔNG ĐIỂM (A+B)', 100];
      const sheets = [templateSheet(templateRows([...rowsWith(partA, partB, null), total]))];
      for (const [unit, s] of Object.entries(scores)) {
        const rows = rowsWith(partA, partB, s);
        sheets.push(
          unitSheet(unit, unit, [
            ...rows,
            [null, 'TỔNG ĐIỂM (A+B)', 100, (rows[0][3] as number) + (rows[9][3] as number)],
          ]),
        );
      }
      const a = run(sheets);
      const tree = treeOf(a, TEMPLATE);
      expect(tree.rows.map((r) => r.key)).toEqual(KEYS);
      expect(tree.rows.map((r) => r.level)).toEqual([1, 2, 3, 3, 2, 3, 4, 4, 3, 1, 2, 3, 2, 3]);
      expect(tree.byKey.get('A.II.1.2')?.parentKey).toBe('A.II.1');
      expect(tree.byKey.get('B.I.1')?.parentKey).toBe('B.I');
      expect(templateMax(a)).toBe(100);
      // Công Thương: 15+12+10+8+15 = 60 appraised + 23 survey = 83; Tài chính: 68 + 27 = 95.
      const ct = unitResult(a, 'Sở Công Thương');
      expect(ct).toMatchObject({ points: 83, max: 100, percent: 83, rank: 2 });
      expect(ct.areas.map((x) => [x.key, x.points, x.max])).toEqual([
        ['A', 60, 70],
        ['B', 23, 30],
      ]);
      expect(unitResult(a, 'Sở Tài chính')).toMatchObject({ points: 95, percent: 95, rank: 1 });
      expect(alarms(a)).toEqual([]);
    },
  );

  test('once parts are in use, a part whose criteria follow without Roman areas is a part too', () => {
    const rows: Row[] = [
      ['A', 'ĐIỂM THẨM ĐỊNH', 70],
      ...appraisal,
      ['B', 'ĐIỂM ĐIỀU TRA XÃ HỘI HỌC', 30],
      ['1', 'Khảo sát lãnh đạo, công chức', 15],
      ['2', 'Khảo sát người dân, tổ chức (SIPAS)', 15],
    ];
    const a = run([templateSheet(templateRows(rows))]);
    const tree = treeOf(a, TEMPLATE);
    expect(tree.children.get(null)?.map((r) => r.key)).toEqual(['A', 'B']);
    expect(tree.children.get('B')?.map((r) => r.key)).toEqual(['B.1', 'B.2']);
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });

  test('parts above criteria numbered 1, 1.1 without Roman areas', () => {
    const rows: Row[] = [
      ['A', 'ĐIỂM THẨM ĐỊNH', 70],
      ['1', 'Công tác chỉ đạo, điều hành CCHC', 30],
      ['1.1', 'Kế hoạch CCHC', 15],
      ['1.2', 'Báo cáo CCHC', 15],
      ['2', 'Cải cách thủ tục hành chính', 40],
      ['B', 'ĐIỂM ĐIỀU TRA XÃ HỘI HỌC', 30],
      ['1', 'Khảo sát lãnh đạo, công chức', 15],
      ['2', 'Khảo sát người dân, tổ chức (SIPAS)', 15],
    ];
    const unitRows: Row[] = withScoresAt(rows, { 1: 25, 2: 15, 3: 10, 4: 35, 6: 12, 7: 13, 0: 60, 5: 25 });
    const a = run([templateSheet(templateRows(rows)), unitSheet('Sở Công Thương', 'Sở Công Thương', unitRows)]);
    const tree = treeOf(a, TEMPLATE);
    expect(tree.rows.map((r) => [r.key, r.level])).toEqual([
      ['A', 1],
      ['A.1', 2],
      ['A.1.1', 3],
      ['A.1.2', 3],
      ['A.2', 2],
      ['B', 1],
      ['B.1', 2],
      ['B.2', 2],
    ]);
    expect(unitResult(a, 'Sở Công Thương')).toMatchObject({ points: 85, max: 100, percent: 85, rank: 1 });
    expect(alarms(a)).toEqual([]);
  });

  test('parts numbered PHẦN I, PHẦN II above Roman areas', () => {
    const rows: Row[] = [
      ['PHẦN I', 'ĐIỂM THẨM ĐỊNH', 70],
      ...appraisal,
      ['PHẦN II', 'ĐIỂM ĐIỀU TRA XÃ HỘI HỌC', 30],
      ...survey,
    ];
    const a = run([
      templateSheet(templateRows(rows)),
      unitSheet('Sở Tài chính', 'Sở Tài chính', withScores(rows, scores['Sở Tài chính'])),
    ]);
    expect(treeOf(a, TEMPLATE).rows.map((r) => r.key)).toEqual([
      'I',
      'I.I',
      'I.I.1',
      'I.I.2',
      'I.II',
      'I.II.1',
      'I.II.1.1',
      'I.II.1.2',
      'I.II.2',
      'II',
      'II.I',
      'II.I.1',
      'II.II',
      'II.II.1',
    ]);
    expect(unitResult(a, 'Sở Tài chính')).toMatchObject({ points: 95, percent: 95, rank: 1 });
    expect(alarms(a)).toEqual([]);
  });

  test('capital-letter sub-criteria are not parts, and templates without parts read as before', () => {
    const rows: Row[] = [
      ['I', 'Công tác chỉ đạo, điều hành CCHC', 60],
      ['1', 'Kế hoạch CCHC', 60],
      ['A)', 'Ban hành đúng hạn', 30],
      ['B)', 'Nội dung đầy đủ', 30],
      ['II', 'Cải cách thủ tục hành chính', 40],
      ['1', 'Công khai thủ tục hành chính', 40],
    ];
    const a = run([templateSheet(templateRows(rows))]);
    expect(treeOf(a, TEMPLATE).rows.map((r) => r.key)).toEqual(['I', 'I.1', 'I.1.a', 'I.1.b', 'II', 'II.1']);
    expect(a.findings.filter((f) => f.severity === 'error')).toEqual([]);
  });
});

describe('scoring levels are the template’s, and only where they look like levels', () => {
  const base: Row[] = [
    ['I', 'Công tác chỉ đạo, điều hành', 10],
    ['1', 'Kế hoạch CCHC', 4],
    ['-', 'Ban hành kế hoạch đúng hạn', 2],
    ['-', 'Hoàn thành các nhiệm vụ đề ra', 2],
    ['2', 'Báo cáo', 6],
    ['II', 'Thủ tục hành chính', 90],
    ['1', 'Công khai thủ tục', 90],
  ];
  /** Every leaf at full marks. */
  const full = (rows: Row[]): Row[] =>
    rows.map((r, i) =>
      ['-', '2'].includes(r[0] ?? '') || (r[0] === '1' && rows[i - 1]?.[0] === 'II') ? [r[0], r[1], r[2], r[2]] : r,
    );

  test('a unit that altered or blanked a sub-criterion maximum keeps the template’s sub-criteria', () => {
    const altered = full(base);
    altered[2] = ['-', 'Ban hành kế hoạch đúng hạn', 2.5, 2];
    const blanked = full(base).map((r): Row => (r[0] === '-' ? [r[0], r[1], null, r[3]] : r));
    const a = run([
      templateSheet(templateRows(base)),
      unitSheet('Sở A', 'Sở A', altered),
      unitSheet('Sở B', 'Sở B', blanked),
    ]);
    expect(unitResult(a, 'Sở A')).toMatchObject({ points: 100, max: 100 });
    expect(unitResult(a, 'Sở B')).toMatchObject({ points: 100, max: 100 });
    expect(alarms(a).map((x) => x.split(' ')[0])).toEqual(['MAX_ALTERED']);
  });

  test('sub-criteria that merely miss the sum are a template error, not levels', () => {
    const typo = base.map((r): Row => (r[1] === 'Hoàn thành các nhiệm vụ đề ra' ? [r[0], r[1], 1.5] : r));
    const a = run([templateSheet(templateRows(typo)), unitSheet('Sở A', 'Sở A', full(typo))]);
    expect(a.findings.filter((f) => f.code === 'TEMPLATE_LEVEL_ROWS')).toEqual([]);
    expect(alarms(a).some((x) => x.startsWith('TEMPLATE_PARENT_SUM'))).toBe(true);
    expect(treeOf(a, TEMPLATE).children.get('I.1')?.length).toBe(2);
  });

  test('itemised deductions under a penalty criterion stay criteria', () => {
    const rows: Row[] = [
      ...base.slice(0, 5),
      ['3', 'Điểm trừ: chậm báo cáo', -2],
      ['-', 'Chậm 1 báo cáo', -0.5],
      ['-', 'Chậm từ 2 báo cáo', -1],
      ...base.slice(5),
    ];
    const unit = full(rows).map((r): Row =>
      r[1] === 'Chậm 1 báo cáo' ? [r[0], r[1], r[2], -0.5] : r[1] === 'Chậm từ 2 báo cáo' ? [r[0], r[1], r[2], 0] : r,
    );
    const a = run([templateSheet(templateRows(rows)), unitSheet('Sở A', 'Sở A', unit)]);
    expect(treeOf(a, TEMPLATE).children.get('I.3')?.length).toBe(2);
    expect(unitResult(a, 'Sở A')).toMatchObject({ points: 99.5, max: 100 });
  });

  test('a score written on a level row while the criterion’s row is blank is an error that names both cells', () => {
    const levels: Row[] = [
      ['I', 'Công tác chỉ đạo, điều hành', 10],
      ['1', 'Ban hành kế hoạch CCHC', 4],
      ['-', 'Ban hành đúng hạn', 4],
      ['-', 'Ban hành chậm', 2],
      ['-', 'Không ban hành', 0],
      ['2', 'Báo cáo', 6],
      ['II', 'Thủ tục hành chính', 90],
      ['1', 'Công khai thủ tục', 90],
    ];
    const unit: Row[] = levels.map((r, i): Row =>
      i === 2 ? [r[0], r[1], r[2], 4] : i === 5 ? [r[0], r[1], r[2], 6] : i === 7 ? [r[0], r[1], r[2], 90] : r,
    );
    const a = run([templateSheet(templateRows(levels)), unitSheet('Sở A', 'Sở A', unit)]);
    const f = a.findings.find((x) => x.code === 'SCORE_ON_LEVEL_ROW');
    expect(f).toMatchObject({ sheet: 'Sở A', cell: 'D6', severity: 'error', criterion: 'I.1' });
    expect(f?.messageVi).toContain('ô D5');
    expect(unitResult(a, 'Sở A')).toMatchObject({ points: 96, max: 100 });
  });

  test('a unit that blanked the levels’ points still reads them as levels, as the template does', () => {
    const levels: Row[] = [
      ['I', 'Công tác chỉ đạo, điều hành', 10],
      ['1', 'Ban hành kế hoạch CCHC', 4],
      ['-', 'Ban hành đúng hạn', 4],
      ['-', 'Ban hành chậm', 2],
      ['2', 'Báo cáo', 6],
      ['II', 'Thủ tục hành chính', 90],
      ['1', 'Công khai thủ tục', 90],
    ];
    const unit: Row[] = levels.map((r, i): Row =>
      i === 1
        ? [r[0], r[1], r[2], 4]
        : r[0] === '-'
          ? [r[0], r[1], null]
          : i === 4
            ? [r[0], r[1], r[2], 6]
            : i === 6
              ? [r[0], r[1], r[2], 90]
              : r,
    );
    const a = run([templateSheet(templateRows(levels)), unitSheet('Sở A', 'Sở A', unit)]);
    expect(unitResult(a, 'Sở A')).toMatchObject({ points: 100, max: 100 });
    expect(alarms(a)).toEqual([]);
  });
});
