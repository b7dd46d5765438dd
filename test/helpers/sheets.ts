// Builders for in-memory sheets shaped like the real ones: title rows, a header, criteria rows.
import type { CellValue, SheetSnapshot } from '../../src/core/types';

export type TemplateRow = [code: string | null, name: string, max: CellValue];

export function templateSheet(name: string, rows: TemplateRow[], total: number | null = null): SheetSnapshot {
  const out: CellValue[][] = [['BỘ TIÊU CHÍ XÁC ĐỊNH CHỈ SỐ CCHC'], [], ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa']];
  for (const r of rows) out.push([...r]);
  if (total !== null) out.push([null, 'Tổng điểm', total]);
  return { name, rows: out };
}

/** code, name, max, self, appraised, evidence, explanation */
export type UnitRow = [
  code: string | null,
  name: string,
  max: CellValue,
  self?: CellValue,
  appraised?: CellValue,
  evidence?: CellValue,
  explanation?: CellValue,
];

/** Header on rows 4–5 (two-row, merged), data from row 6: leaf row i of `rows` is at Excel row 6 + i. */
export function unitSheet(name: string, unit: string | null, rows: UnitRow[]): SheetSnapshot {
  const out: CellValue[][] = [
    ['BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC'],
    unit === null ? [] : [`Đơn vị: ${unit}`],
    [],
    ['STT', 'Lĩnh vực, tiêu chí', 'Điểm tối đa', 'Điểm', null, 'Tài liệu kiểm chứng', 'Giải trình'],
    [null, null, null, 'Tự đánh giá', 'Thẩm định', null, null],
  ];
  for (const r of rows) out.push([r[0], r[1], r[2], r[3] ?? null, r[4] ?? null, r[5] ?? null, r[6] ?? null]);
  return { name, rows: out, merges: ['A4:A5', 'B4:B5', 'C4:C5', 'D4:E4', 'F4:F5', 'G4:G5'] };
}

/** A small mixed-numbering template: I (1: a, b; 2), II (1) — 10 points. */
export const SMALL_TEMPLATE: TemplateRow[] = [
  ['I', 'Công tác chỉ đạo, điều hành CCHC', 6],
  ['1', 'Kế hoạch CCHC', 4],
  ['a)', 'Ban hành kịp thời', 2],
  ['b)', 'Đầy đủ nội dung', 2],
  ['2', 'Báo cáo CCHC', 2],
  ['II', 'Cải cách thủ tục hành chính', 4],
  ['1', 'Công khai thủ tục hành chính', 4],
];

/** Unit rows for SMALL_TEMPLATE with leaf scores [a, b, 2, II.1] (self = appraised) and evidence everywhere. */
export function smallUnitRows(
  scores: [CellValue, CellValue, CellValue, CellValue],
  appraised?: [CellValue, CellValue, CellValue, CellValue],
): UnitRow[] {
  const a = appraised ?? scores;
  return [
    ['I', 'Công tác chỉ đạo, điều hành CCHC', 6],
    ['1', 'Kế hoạch CCHC', 4],
    ['a)', 'Ban hành kịp thời', 2, scores[0], a[0], 'Kế hoạch số 39/KH-BDT ngày 24/01/2022'],
    ['b)', 'Đầy đủ nội dung', 2, scores[1], a[1], 'Kế hoạch số 39/KH-BDT ngày 24/01/2022'],
    ['2', 'Báo cáo CCHC', 2, scores[2], a[2], 'Báo cáo số 12/BC-BDT ngày 15/12/2022'],
    ['II', 'Cải cách thủ tục hành chính', 4],
    ['1', 'Công khai thủ tục hành chính', 4, scores[3], a[3], 'Quyết định số 5/QĐ-UBND ngày 2/1/2022'],
  ];
}
