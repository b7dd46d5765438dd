// The appraisal notices sheet (`Thông báo thẩm định`): one printed page per unit, a page break above each
// unit's title. Constants, not formulas: a notice is what was sent. Its headers name no maximum column, so the
// sheet never reads as a criteria table should it lose its owner's record.
import type { NoticeCriterion, NoticeScore, Notices, NoticeTotals, UnitNotice } from './notices';
import { MAX_PAGE_BREAKS } from './excel-limits';
import { fitHeight, signatureBlock, spanWidth } from './print-page';
import { printLabels } from './settings';
import type { PrintLabels, Settings } from './types';
import { BODY_STYLE, HEADER_STYLE, NOTE_STYLE, SheetBuilder, TITLE_STYLE } from './sheet-builder';

export const NOTICES_SHEET_NAME = 'Thông báo thẩm định';

export const NOTICE_TITLE = 'THÔNG BÁO KẾT QUẢ THẨM ĐỊNH CHỈ SỐ CẢI CÁCH HÀNH CHÍNH';

/** Columns: code, criterion, self, appraised, difference, the council's comment. */
const WIDTHS = [9, 40, 11, 11, 11, 34];
const LAST_COL = WIDTHS.length - 1;
export const NOTICE_HEADER = ['Mã', 'Tiêu chí', 'Tự đánh giá', 'Thẩm định', 'Chênh lệch', 'Nhận xét của Hội đồng'];
const NOT_APPLICABLE = 'Không áp dụng';
const POINTS_FORMAT = '0.00';
const DIFFERENCE_FORMAT = '+0.00;-0.00;0.00';

const scoreCell = (s: NoticeScore) => ('points' in s ? s.points : NOT_APPLICABLE);

export interface NoticesSheet {
  sheet: SheetBuilder;
  /** Each notice's first row (0-based), in order. */
  firstRows: number[];
}

/** `settings` give the signature under each notice (the council's side of the print labels). */
export function buildNoticesSheet(notices: Notices, name: string, settings: Settings): NoticesSheet {
  const b = new SheetBuilder(name, '7030A0');
  const labels: PrintLabels = { ...printLabels(settings), leftTitle: [], leftName: '' };
  const firstRows: number[] = [];
  let r = 0;
  for (const notice of notices.notices) {
    firstRows.push(r);
    r = writeNotice(b, notice, r) + 1;
    r = signatureBlock(b, r, labels, [0, 1], [2, LAST_COL], WIDTHS) + 1;
  }
  if (notices.withoutAppraisal.length > 0) {
    const list = notices.withoutAppraisal.map((u) => u.unit).join('; ');
    b.set(
      r,
      0,
      `Không lập thông báo cho ${notices.withoutAppraisal.length} đơn vị (trang không có cột điểm tự đánh giá hoặc thẩm định): ${list}`,
    );
    b.merge(r, 0, r, LAST_COL);
    b.style(r, 0, r, 0, { ...NOTE_STYLE, wrap: true });
  }
  if (notices.notices.length === 0 && notices.withoutAppraisal.length === 0) b.set(0, 0, 'Không có đơn vị nào.');
  b.columnWidths(WIDTHS);
  b.page({
    orientation: 'portrait',
    paper: 'A4',
    fitToWidth: true,
    centerHorizontally: true,
    // The first notice starts the sheet; each other one starts a page, as far as Excel's limit of breaks goes
    // (past it, notices follow each other).
    rowBreaks: firstRows.slice(1, 1 + MAX_PAGE_BREAKS),
  });
  return { sheet: b, firstRows };
}

/** One unit's notice from row `top`; returns its last row. */
function writeNotice(b: SheetBuilder, n: UnitNotice, top: number): number {
  let r = top;
  const line = (text: string, style: Parameters<SheetBuilder['style']>[4]) => {
    b.set(r, 0, text);
    b.merge(r, 0, r, LAST_COL);
    b.style(r, 0, r, LAST_COL, style);
    r++;
  };
  b.rowHeight(r, fitHeight([{ text: NOTICE_TITLE, width: spanWidth(WIDTHS, 0, LAST_COL) }], 14, true));
  line(NOTICE_TITLE, { ...TITLE_STYLE, wrap: true });
  line(`Kính gửi: ${n.unit}`, { bold: true, fontSize: 12, horizontal: 'center' });
  line(`${n.block} · trang "${n.sheet}"`, { ...NOTE_STYLE, horizontal: 'center' });
  r++;
  if (!n.appraised) {
    line('Hội đồng thẩm định chưa chấm điểm trang của đơn vị này.', { italic: true });
    return r - 1;
  }
  // The totals: points, out of, percentage.
  b.setRow(r, ['Kết quả', null, 'Điểm đạt', 'Trên tổng', 'Tỷ lệ %']);
  b.merge(r, 0, r, 1);
  b.style(r, 0, r, 4, HEADER_STYLE);
  const totalsTop = ++r;
  const totalsRow = (label: string, t: NoticeTotals) => {
    b.setRow(r, [label, null, t.points, t.max, t.percent]);
    b.merge(r, 0, r, 1);
    r++;
  };
  totalsRow('Đơn vị tự đánh giá', n.selfTotals);
  totalsRow('Hội đồng thẩm định', n.appraisedTotals);
  b.setRow(r, [
    'Chênh lệch',
    null,
    round(n.appraisedTotals.points - n.selfTotals.points),
    round(n.appraisedTotals.max - n.selfTotals.max),
    round(n.appraisedTotals.percent - n.selfTotals.percent),
  ]);
  b.merge(r, 0, r, 1);
  b.style(totalsTop, 0, r, 4, BODY_STYLE);
  b.style(totalsTop, 2, r - 1, 4, { numberFormat: POINTS_FORMAT });
  b.style(r, 0, r, 4, { bold: true, numberFormat: DIFFERENCE_FORMAT });
  r += 2;

  r = criteriaTable(
    b,
    r,
    `1. Tiêu chí Hội đồng chấm khác điểm tự đánh giá: ${n.changed.length}`,
    n.changed,
    'Không có: Hội đồng thống nhất với điểm tự đánh giá của đơn vị.',
  );
  r++;
  r = criteriaTable(
    b,
    r,
    `2. Tiêu chí Hội đồng đánh giá không áp dụng: ${n.notApplicable.length}`,
    n.notApplicable,
    'Không có.',
  );
  return r - 1;
}

/** A section title and its table (or a line saying there is none); returns the row after it. */
function criteriaTable(b: SheetBuilder, top: number, title: string, items: NoticeCriterion[], none: string): number {
  let r = top;
  b.set(r, 0, title);
  b.merge(r, 0, r, LAST_COL);
  b.style(r, 0, r, 0, { bold: true });
  r++;
  if (items.length === 0) {
    b.set(r, 0, none);
    b.merge(r, 0, r, LAST_COL);
    b.style(r, 0, r, 0, { italic: true });
    return r + 1;
  }
  b.setRow(r, NOTICE_HEADER);
  b.rowHeight(
    r,
    fitHeight(
      NOTICE_HEADER.map((text, c) => ({ text, width: WIDTHS[c] })),
      11,
      true,
    ),
  );
  b.style(r, 0, r, LAST_COL, HEADER_STYLE);
  const first = ++r;
  for (const c of items) {
    b.setRow(r, [c.key, c.name, scoreCell(c.self), scoreCell(c.appraised), c.difference, c.comment]);
    const wrapped = [
      { text: c.name, width: WIDTHS[1] },
      { text: c.comment, width: WIDTHS[LAST_COL] },
      ...('points' in c.self ? [] : [{ text: NOT_APPLICABLE, width: WIDTHS[2] }]),
      ...('points' in c.appraised ? [] : [{ text: NOT_APPLICABLE, width: WIDTHS[3] }]),
    ];
    b.rowHeight(r, fitHeight(wrapped));
    r++;
  }
  b.style(first, 0, r - 1, LAST_COL, { ...BODY_STYLE, vertical: 'top', wrap: true });
  b.style(first, 2, r - 1, 3, { numberFormat: POINTS_FORMAT, horizontal: 'right' });
  b.style(first, 4, r - 1, 4, { numberFormat: DIFFERENCE_FORMAT, horizontal: 'right' });
  return r;
}

const round = (x: number) => Math.round(x * 1e6) / 1e6;
