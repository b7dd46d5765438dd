// Analysis → JSON and text, on a hand-built Analysis (no engine involved).
import { defaultSettings } from '../src/core/settings';
import type { Analysis, BlockResult, Finding, NodeScore, Settings, UnitResult } from '../src/core/types';
import {
  findingJson,
  formatTable,
  padEnd,
  padStart,
  rankJson,
  rankText,
  round4,
  textWidth,
  validateJson,
  validateText,
} from '../src/cli/report';

function area(code: string, name: string, points: number, max: number): NodeScore {
  return {
    key: code,
    code,
    name,
    level: 1,
    points,
    max,
    percent: max === 0 ? 0 : (points / max) * 100,
    notApplicable: false,
  };
}

function unit(
  partial: Partial<UnitResult> & Pick<UnitResult, 'sheet' | 'unit' | 'points' | 'max' | 'rank'>,
): UnitResult {
  const exactPercent = (partial.points / partial.max) * 100;
  return {
    block: 'Khối sở',
    exactPercent,
    percent: Math.round(exactPercent * 100) / 100,
    class: null,
    lastYearRank: null,
    rankChange: null,
    rankChangeText: null,
    areas: [],
    criteria: [],
    ...partial,
  };
}

function finding(partial: Partial<Finding> & Pick<Finding, 'code' | 'severity' | 'sheet' | 'cell'>): Finding {
  return {
    message: `Lỗi ${partial.code} / Error ${partial.code}`,
    messageVi: `Lỗi ${partial.code}`,
    messageEn: `Error ${partial.code}`,
    ...partial,
  };
}

// 68.32 / 84 = 81.333…: the Ban Dân tộc case of the primer (not-applicable criteria lower the maximum).
// 62.62 / 70 = 89.457…: published truncated as 89.45; half up gives 89.46.
const danToc = unit({
  sheet: 'Ban Dân tộc',
  unit: 'Ban Dân tộc tỉnh',
  points: 68.32000000000001,
  max: 84,
  rank: 2,
  class: 'B',
  lastYearRank: 5,
  rankChange: 3,
  rankChangeText: 'tăng 03 bậc',
  areas: [
    area('I', 'Công tác chỉ đạo, điều hành CCHC', 8.5, 10),
    area('II', 'Cải cách thủ tục hành chính', 10.123456, 13),
  ],
});
const noiVu = unit({
  sheet: 'Sở Nội vụ',
  unit: 'Sở Nội vụ',
  points: 62.62,
  max: 70,
  rank: 1,
  class: 'B',
  lastYearRank: 1,
  rankChange: 0,
  rankChangeText: 'giữ nguyên',
});
const taiChinh = unit({ sheet: 'Sở Tài chính', unit: 'Sở Tài chính', points: 55, max: 100, rank: 3, class: null });
const vanPhong = unit({
  sheet: 'VP UBND',
  unit: 'Văn phòng Ủy ban nhân dân tỉnh',
  points: 90,
  max: 100,
  rank: null,
  class: 'A',
});

function block(units: UnitResult[]): BlockResult {
  return {
    name: 'Khối sở',
    template: 'Bộ tiêu chí - Khối sở',
    // Deliberately in rank order, unranked last, as the engine gives them.
    units,
    averagePercent: (89.457142857 + 81.333333333 + 55) / 3,
    highest: units[0],
    lowest: units[2],
    areaAverages: [{ key: 'I', code: 'I', name: 'Công tác chỉ đạo, điều hành CCHC', averagePercent: 84.999 }],
    classCounts: [
      { label: 'A', count: 0 },
      { label: 'B', count: 2 },
      { label: 'C', count: 0 },
    ],
    bands: defaultSettings().bands,
  };
}

function analysis(settings: Partial<Settings> = {}, findings: Finding[] = []): Analysis {
  return {
    settings: { ...defaultSettings(), ...settings },
    sheets: [],
    blocks: [block([noiVu, danToc, taiChinh, vanPhong])],
    findings,
  };
}

const FINDINGS: Finding[] = [
  finding({
    code: 'EVIDENCE_MISSING',
    severity: 'error',
    sheet: 'Sở Ngoại vụ',
    cell: 'F27',
    criterion: 'II.2.b',
    expected: 'tài liệu',
    found: '',
  }),
  finding({ code: 'SCORE_TEXT_NUMBER', severity: 'warning', sheet: 'Sở Xây dựng', cell: 'D11' }),
  finding({ code: 'SHEET_SKIPPED', severity: 'info', sheet: 'Ghi chú', cell: null }),
  finding({ code: 'EVIDENCE_MISSING', severity: 'error', sheet: 'Sở Ngoại vụ', cell: 'F89' }),
];

describe('rankJson', () => {
  it('keeps the engine order of units, with unranked units last and rank null', () => {
    const json = rankJson(analysis());
    expect(json.blocks).toHaveLength(1);
    expect(json.blocks[0].units.map((u) => [u.sheet, u.rank])).toEqual([
      ['Sở Nội vụ', 1],
      ['Ban Dân tộc', 2],
      ['Sở Tài chính', 3],
      ['VP UBND', null],
    ]);
  });

  it('rounds points and maxima to 4 decimals, keeps the displayed percent, adds the extras', () => {
    const u = rankJson(analysis()).blocks[0].units[1];
    expect(u).toEqual({
      sheet: 'Ban Dân tộc',
      unit: 'Ban Dân tộc tỉnh',
      points: 68.32,
      max: 84,
      percent: 81.33,
      rank: 2,
      class: 'B',
      areas: [
        { code: 'I', name: 'Công tác chỉ đạo, điều hành CCHC', points: 8.5, max: 10, percent: 85 },
        { code: 'II', name: 'Cải cách thủ tục hành chính', points: 10.1235, max: 13, percent: 77.87 },
      ],
      exactPercent: danToc.exactPercent,
      lastYearRank: 5,
      rankChange: 3,
      rankChangeText: 'tăng 03 bậc',
    });
  });

  it('rounds the block average and area percents with the rounding setting', () => {
    const halfUp = rankJson(analysis({ rounding: 'half-up' })).blocks[0];
    const truncated = rankJson(analysis({ rounding: 'truncate' })).blocks[0];
    // (89.457142857 + 81.333333333 + 55) / 3 = 75.263492063
    expect(halfUp.average).toBe(75.26);
    expect(truncated.average).toBe(75.26);
    expect(halfUp.units[1].areas[1].percent).toBe(77.87); // 77.8727…
    expect(truncated.units[1].areas[1].percent).toBe(77.87);
    expect(halfUp.areaAverages).toEqual([{ code: 'I', name: 'Công tác chỉ đạo, điều hành CCHC', average: 85 }]);
    expect(truncated.areaAverages).toEqual([{ code: 'I', name: 'Công tác chỉ đạo, điều hành CCHC', average: 84.99 }]);
  });

  it('names the highest and lowest units and copies the class counts', () => {
    const b = rankJson(analysis()).blocks[0];
    expect(b.name).toBe('Khối sở');
    expect(b.highest).toBe('Sở Nội vụ');
    expect(b.lowest).toBe('Sở Tài chính');
    expect(b.classCounts).toEqual([
      { label: 'A', count: 0 },
      { label: 'B', count: 2 },
      { label: 'C', count: 0 },
    ]);
    const empty = rankJson({ ...analysis(), blocks: [{ ...block([]), highest: null, lowest: null }] }).blocks[0];
    expect(empty.highest).toBeNull();
    expect(empty.lowest).toBeNull();
    expect(empty.units).toEqual([]);
  });

  it('lists the findings with the documented fields', () => {
    const json = rankJson(analysis({}, FINDINGS));
    expect(json.findings).toHaveLength(4);
    expect(json.findings[0]).toEqual({
      code: 'EVIDENCE_MISSING',
      severity: 'error',
      sheet: 'Sở Ngoại vụ',
      cell: 'F27',
      message: 'Lỗi EVIDENCE_MISSING / Error EVIDENCE_MISSING',
      messageVi: 'Lỗi EVIDENCE_MISSING',
      messageEn: 'Error EVIDENCE_MISSING',
      expected: 'tài liệu',
      found: '',
      criterion: 'II.2.b',
    });
    expect(Object.keys(json.findings[2]).sort()).toEqual([
      'cell',
      'code',
      'message',
      'messageEn',
      'messageVi',
      'severity',
      'sheet',
    ]);
    expect(json.findings[2].cell).toBeNull();
  });

  it('survives JSON.stringify unchanged (plain data only)', () => {
    const json = rankJson(analysis({}, FINDINGS));
    expect(JSON.parse(JSON.stringify(json))).toEqual(json);
  });
});

describe('validateJson', () => {
  it('counts findings per severity', () => {
    expect(validateJson(analysis({}, FINDINGS)).summary).toEqual({ errors: 2, warnings: 1, info: 1 });
    expect(validateJson(analysis()).summary).toEqual({ errors: 0, warnings: 0, info: 0 });
    expect(validateJson(analysis({}, FINDINGS)).findings).toEqual(FINDINGS.map(findingJson));
  });
});

describe('round4', () => {
  it('drops float noise', () => {
    expect(round4(0.1 + 0.2)).toBe(0.3);
    expect(round4(68.32000000000001)).toBe(68.32);
    expect(round4(-0.00001)).toBe(0);
    expect(Object.is(round4(-0.00001), 0)).toBe(true);
    expect(round4(Number.NaN)).toBe(0);
  });
});

describe('text helpers', () => {
  it('measures Vietnamese by code points after NFC', () => {
    const decomposed = 'Nội vụ'.normalize('NFD');
    expect(decomposed.length).toBeGreaterThan(6);
    expect(textWidth(decomposed)).toBe(6);
    expect(padEnd(decomposed, 8)).toBe('Nội vụ  ');
    expect(padStart('Hạng', 6)).toBe('  Hạng');
    expect(padEnd('quá dài', 3)).toBe('quá dài');
  });

  it('aligns a table', () => {
    expect(
      formatTable(
        ['Hạng', 'Đơn vị'],
        [
          ['1', 'Sở Tư pháp'],
          ['10', 'Ban Dân tộc tỉnh'],
        ],
        ['right', 'left'],
      ),
    ).toEqual(['Hạng | Đơn vị', '-----+-----------------', '   1 | Sở Tư pháp', '  10 | Ban Dân tộc tỉnh']);
  });
});

describe('rankText', () => {
  const text = rankText(analysis({}, FINDINGS), { file: 'bang.xlsx' });
  const lines = text.split('\n');

  it('prints an aligned table per block with Vietnamese numbers', () => {
    expect(text).toContain('KHỐI: Khối sở — 4 đơn vị, 1 không xếp hạng');
    const header = lines.find((l) => l.includes('Hạng') && l.includes('So với năm trước'));
    expect(header).toBeDefined();
    const row = lines.find((l) => l.includes('Ban Dân tộc tỉnh'));
    expect(row).toMatch(/^02\/03 \| Ban Dân tộc tỉnh +\| +68,32 \| +84,00 \| 81,33 % \| B +\| tăng 03 bậc$/);
    const unranked = lines.find((l) => l.includes('Văn phòng Ủy ban nhân dân tỉnh'));
    expect(unranked).toMatch(/^ +— \|/);
    // Every row of the table has its column separators at the same places as the header.
    const bars = (l: string): number[] => [...l].flatMap((ch, i) => (ch === '|' ? [i] : []));
    for (const name of ['Sở Nội vụ', 'Ban Dân tộc tỉnh', 'Sở Tài chính', 'Văn phòng Ủy ban']) {
      const l = lines.find((x) => x.includes(name) && x.includes('|'));
      expect(bars(l ?? '')).toEqual(bars(header ?? ''));
    }
  });

  it('gives the average, highest and lowest', () => {
    expect(text).toContain('Tỷ lệ trung bình của khối: 75,26 %');
    expect(text).toContain('Cao nhất: Sở Nội vụ (89,46 %)');
    expect(text).toContain('Thấp nhất: Sở Tài chính (55,00 %)');
  });

  it('summarises findings per severity and per code, then lists them, errors first', () => {
    expect(text).toContain('PHÁT HIỆN: 4 (2 lỗi, 1 cảnh báo, 1 thông tin)');
    expect(lines.some((l) => /EVIDENCE_MISSING +\| lỗi +\| +2$/.test(l))).toBe(true);
    const listed = lines.filter((l) => /\[[A-Z_]+\]/.test(l));
    expect(listed.map((l) => l.split(/\s+/)[0])).toEqual(['Sở', 'Sở', 'Sở', 'Ghi']);
    expect(listed[0]).toMatch(
      /^Sở Ngoại vụ!F27 +\[EVIDENCE_MISSING\] +Lỗi EVIDENCE_MISSING \/ Error EVIDENCE_MISSING$/,
    );
    expect(listed[1]).toMatch(/^Sở Ngoại vụ!F89/);
    expect(listed[2]).toMatch(/^Sở Xây dựng!D11/);
    expect(listed[3]).toMatch(/^Ghi chú +\[SHEET_SKIPPED\]/);
  });

  it('lists at most 20 findings and says how many more and where to see them', () => {
    const many = Array.from({ length: 27 }, (_, i) =>
      finding({ code: 'EVIDENCE_MISSING', severity: 'error', sheet: 'S', cell: `F${i + 1}` }),
    );
    const t = rankText(analysis({}, many), { file: 'bang.xlsx' });
    expect(t.split('\n').filter((l) => l.startsWith('S!F'))).toHaveLength(20);
    expect(t).toContain('… và 7 phát hiện khác. Xem đầy đủ: par-index validate bang.xlsx');
  });

  it('says so when nothing could be ranked', () => {
    const t = rankText({ ...analysis(), blocks: [] });
    expect(t).toContain('Không xếp hạng được đơn vị nào');
    expect(t).toContain('PHÁT HIỆN: 0');
  });
});

describe('validateText', () => {
  it('prints the summary, then every finding grouped by sheet', () => {
    const t = validateText(analysis({}, FINDINGS));
    expect(t).toContain('PHÁT HIỆN: 4 (2 lỗi, 1 cảnh báo, 1 thông tin)');
    const groups = t.split('\n').filter((l) => l.startsWith('Trang tính'));
    expect(groups).toEqual([
      'Trang tính "Sở Ngoại vụ": 2 phát hiện (2 lỗi, 0 cảnh báo, 0 thông tin)',
      'Trang tính "Sở Xây dựng": 1 phát hiện (0 lỗi, 1 cảnh báo, 0 thông tin)',
      'Trang tính "Ghi chú": 1 phát hiện (0 lỗi, 0 cảnh báo, 1 thông tin)',
    ]);
    expect(t).toMatch(/\n {2}F27 {2}lỗi {2}\[EVIDENCE_MISSING\] {2}Lỗi EVIDENCE_MISSING/);
    expect(t).toMatch(/\n {2}— {2}thông tin {2}\[SHEET_SKIPPED\]/);
  });

  it('says there is nothing to report', () => {
    expect(validateText(analysis())).toContain('Không có phát hiện nào.');
  });
});
