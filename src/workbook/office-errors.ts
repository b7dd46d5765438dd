// Office.js errors (OfficeExtension.Error: `code`, `message`, `debugInfo`) as clear Vietnamese/English
// messages. Pure: no Office global is needed to recognise them, so the simulated host's errors map too.

export interface OfficeErrorText {
  vi: string;
  en: string;
}

/** The error's Office code (`AccessDenied`, `ItemNotFound`…), or null when it is not an Office error. */
export function officeErrorCode(err: unknown): string | null {
  if (typeof err !== 'object' || err === null) return null;
  const code = (err as { code?: unknown }).code;
  if (typeof code === 'string' && code !== '') return code;
  const debug = (err as { debugInfo?: { code?: unknown } }).debugInfo;
  return typeof debug?.code === 'string' && debug.code !== '' ? debug.code : null;
}

function messageOf(err: unknown): string {
  if (err instanceof Error) return err.message;
  if (typeof err === 'object' && err !== null && typeof (err as { message?: unknown }).message === 'string')
    return (err as { message: string }).message;
  return String(err);
}

const PAYLOAD_LIMIT_CODES: ReadonlySet<string> = new Set([
  'RequestPayloadSizeLimitExceeded',
  'ResponsePayloadSizeLimitExceeded',
]);

/**
 * True when Excel refused a request, or the response it would send, for being over its size limit (5 MB on
 * the web): `RequestPayloadSizeLimitExceeded` or `ResponsePayloadSizeLimitExceeded`. The code decides (it is
 * the same in every language, the message is translated: "Kích cỡ tải trọng phản hồi đã vượt quá giới hạn…");
 * the message is looked at only when no code says so (an error passed on without its code).
 */
export function isPayloadLimitError(err: unknown): boolean {
  if (typeof err === 'object' && err !== null) {
    const codes = [(err as { code?: unknown }).code, (err as { debugInfo?: { code?: unknown } }).debugInfo?.code];
    if (codes.some((c) => typeof c === 'string' && PAYLOAD_LIMIT_CODES.has(c))) return true;
  }
  return /payload size|(Request|Response)PayloadSizeLimitExceeded|tải trọng (yêu cầu|phản hồi)/i.test(messageOf(err));
}

/** Share of the byte budget above which a request refused with a plain GeneralException counts as too big. */
export const LARGE_REQUEST_SHARE = 0.25;

/**
 * True when a request of `bytes` (estimated), large for `budget` (over LARGE_REQUEST_SHARE of it, 1 MB by
 * default), was refused with a plain GeneralException: Excel on the web has answered oversize requests so,
 * without a word of size. The adapter then halves it, once (a second refusal is a real error).
 */
export function isLargeRequestGeneralException(err: unknown, bytes: number, budget: number): boolean {
  return officeErrorCode(err) === 'GeneralException' && bytes > budget * LARGE_REQUEST_SHARE;
}

const TEXTS: Record<string, OfficeErrorText> = {
  AccessDenied: {
    vi: 'Excel từ chối ghi: trang tính hoặc sổ tính đang được bảo vệ (hoặc bạn chỉ có quyền xem). Hãy bỏ bảo vệ rồi chạy lại',
    en: 'Excel refused the change: the sheet or workbook is protected (or you may only view it). Unprotect it and run again',
  },
  ItemNotFound: {
    vi: 'Không tìm thấy trang tính hoặc vùng ô cần dùng (có thể đã bị xóa hoặc đổi tên trong lúc chạy)',
    en: 'A sheet or range the add-in needs was not found (it may have been deleted or renamed meanwhile)',
  },
  ItemAlreadyExists: {
    vi: 'Đã có một trang tính cùng tên (Excel không phân biệt chữ hoa, chữ thường)',
    en: 'A sheet of that name already exists (Excel ignores case)',
  },
  InvalidArgument: {
    vi: 'Excel không chấp nhận một giá trị hoặc địa chỉ được gửi',
    en: 'Excel did not accept a value or address that was sent',
  },
  InvalidOperation: {
    vi: 'Excel không cho phép thao tác này lúc này (ví dụ: ô đang được gộp, hoặc đang sửa một ô)',
    en: 'Excel does not allow this operation now (for example a merged cell, or a cell being edited)',
  },
  InvalidOperationInCellEditMode: {
    vi: 'Bạn đang sửa một ô: hãy nhấn Enter hoặc Esc rồi thử lại',
    en: 'A cell is being edited: press Enter or Esc, then try again',
  },
  RequestPayloadSizeLimitExceeded: {
    vi: 'Yêu cầu gửi tới Excel vượt giới hạn kích thước (5 MB trên Excel cho web)',
    en: 'The request to Excel exceeded its size limit (5 MB in Excel on the web)',
  },
  ResponsePayloadSizeLimitExceeded: {
    vi: 'Dữ liệu Excel trả về vượt giới hạn kích thước (5 MB trên Excel cho web)',
    en: "Excel's response exceeded its size limit (5 MB in Excel on the web)",
  },
  PropertyNotLoaded: {
    vi: 'Lỗi của add-in: đọc một thuộc tính chưa được tải từ Excel',
    en: 'Add-in error: a property was read before it was loaded from Excel',
  },
  ApiNotFound: {
    vi: 'Phiên bản Excel này chưa hỗ trợ chức năng add-in cần; hãy cập nhật Office hoặc dùng Excel cho web',
    en: 'This version of Excel lacks a function the add-in needs; update Office or use Excel on the web',
  },
  NotImplemented: {
    vi: 'Phiên bản Excel này chưa hỗ trợ chức năng add-in cần',
    en: 'This version of Excel does not implement a function the add-in needs',
  },
  UnsupportedOperation: { vi: 'Excel không hỗ trợ thao tác này', en: 'Excel does not support this operation' },
  Conflict: {
    vi: 'Sổ tính đang được người khác sửa cùng lúc; hãy thử lại',
    en: 'The workbook is being edited by someone else at the same time; try again',
  },
  EditConflict: {
    vi: 'Sổ tính đang được người khác sửa cùng lúc; hãy thử lại',
    en: 'The workbook is being edited by someone else at the same time; try again',
  },
  ActivityLimitReached: {
    vi: 'Excel đang quá tải yêu cầu; hãy đợi một lát rồi thử lại',
    en: 'Excel has reached its activity limit; wait a moment and try again',
  },
  RequestAborted: { vi: 'Yêu cầu tới Excel bị hủy giữa chừng', en: 'The request to Excel was aborted' },
  Timeout: { vi: 'Excel không trả lời kịp (hết thời gian chờ)', en: 'Excel did not answer in time (timeout)' },
  ServiceNotAvailable: {
    vi: 'Dịch vụ Excel tạm thời không sẵn sàng; hãy thử lại',
    en: 'The Excel service is temporarily unavailable; try again',
  },
  MergedRangeConflict: { vi: 'Thao tác đụng vào một vùng ô đã gộp', en: 'The operation touches a merged range' },
  InsertDeleteConflict: {
    vi: 'Thao tác chèn/xóa xung đột với dữ liệu hiện có',
    en: 'An insert or delete conflicts with existing data',
  },
  GeneralException: {
    vi: 'Excel báo một lỗi chung khi thực hiện yêu cầu',
    en: 'Excel reported a general error while running the request',
  },
};

/** A clear message for an Office error; `during` says what the add-in was doing (e.g. "reading the workbook"). */
export function describeOfficeError(err: unknown, during?: OfficeErrorText): OfficeErrorText {
  const code = officeErrorCode(err);
  const known = code === null ? undefined : TEXTS[code];
  const detail = messageOf(err);
  const base: OfficeErrorText = known ?? {
    vi: `Excel báo lỗi${code ? ` ${code}` : ''}: ${detail}`,
    en: `Excel reported an error${code ? ` ${code}` : ''}: ${detail}`,
  };
  if (during === undefined) return base;
  return { vi: `Khi ${during.vi}: ${base.vi}`, en: `While ${during.en}: ${base.en}` };
}

/** An Office error with the add-in's bilingual message; `cause` keeps the original. */
export class OfficeAdapterError extends Error {
  readonly code: string | null;
  readonly messageVi: string;
  readonly messageEn: string;

  /** `text`, when given, is said instead of what the error's code says (the add-in knows better why). */
  constructor(err: unknown, during?: OfficeErrorText, text: OfficeErrorText = describeOfficeError(err, during)) {
    super(`${text.vi} / ${text.en}`, { cause: err });
    this.name = 'OfficeAdapterError';
    this.code = officeErrorCode(err);
    this.messageVi = text.vi;
    this.messageEn = text.en;
  }
}
