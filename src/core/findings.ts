// The findings catalogue: one stable code per defect, its severity, and its message in Vietnamese and English.
import type { Finding, Severity } from './types';
import { scoreColumnWords } from './column-roles';

type Params = Record<string, string>;
interface Entry {
  severity: Severity;
  /** A few words naming the kind of defect: group headings in the pane, first column of the findings sheet. */
  title: { vi: string; en: string };
  vi: (p: Params) => string;
  en: (p: Params) => string;
}

const CATALOGUE = {
  // Workbook and sheets
  NO_CRITERIA_SHEETS: {
    severity: 'error',
    title: { vi: 'Không có bảng tiêu chí', en: 'No criteria table' },
    vi: () => 'Không tìm thấy trang nào có bảng tiêu chí (cần các cột mã/tên tiêu chí và điểm tối đa).',
    en: () => 'No sheet with a criteria table was found (it needs code/name and maximum columns).',
  },
  NO_TEMPLATE: {
    severity: 'warning',
    title: { vi: 'Không có trang bộ tiêu chí', en: 'No template sheet' },
    vi: (p) => `Không có trang bộ tiêu chí; dùng cấu trúc của trang "${p.sheet}" làm mẫu.`,
    en: (p) => `No criteria template sheet; using the structure of sheet "${p.sheet}" as the template.`,
  },
  SHEET_SKIPPED: {
    severity: 'info',
    title: { vi: 'Trang được bỏ qua', en: 'Sheet skipped' },
    vi: () => 'Bỏ qua: trang không có bảng tiêu chí.',
    en: () => 'Skipped: the sheet has no criteria table.',
  },
  LAYOUT_INCOMPLETE: {
    severity: 'error',
    title: { vi: 'Không đọc được bảng điểm', en: 'Score table not readable' },
    vi: (p) => `Không đọc được bảng điểm: thiếu cột ${p.missingVi}. Hãy chỉ rõ cột (ánh xạ cột) cho trang này.`,
    en: (p) => `Cannot read the score table: no ${p.missingEn} column. Map the columns for this sheet.`,
  },
  NO_SCORE_COLUMN: {
    severity: 'error',
    title: { vi: 'Không có cột điểm', en: 'No score column' },
    vi: (p) =>
      `Trang có các tiêu chí của "${p.template}" nhưng không nhận ra cột điểm tự đánh giá hay điểm thẩm định; hãy chỉ rõ cột (ánh xạ cột).`,
    en: (p) =>
      `The sheet has the criteria of "${p.template}" but no recognisable self-score or appraised-score column; map its columns.`,
  },
  SHEET_UNMATCHED: {
    severity: 'warning',
    title: { vi: 'Trang không phải bảng chấm điểm', en: 'Not a score sheet' },
    vi: () =>
      'Bỏ qua: trang có bảng điểm nhưng không có cột tài liệu kiểm chứng và không có tiêu chí nào trùng với bộ tiêu chí (bảng tổng hợp?). Nếu đây là bảng chấm điểm của một đơn vị, hãy kiểm tra tên các tiêu chí.',
    en: () =>
      "Skipped: the sheet has a score table but no evidence column and no criterion in common with any template (a summary table?). If it is a unit's score sheet, check its criteria names.",
  },
  SHEET_NO_TEMPLATE: {
    severity: 'error',
    title: { vi: 'Không khớp bộ tiêu chí nào', en: 'Matches no template' },
    vi: (p) => `Các tiêu chí của trang không khớp bộ tiêu chí nào (khớp nhiều nhất ${p.best}).`,
    en: (p) => `The sheet's criteria match no template (best match ${p.best}).`,
  },
  BASIS_FALLBACK: {
    severity: 'warning',
    title: { vi: 'Chưa có điểm thẩm định', en: 'No appraised scores yet' },
    vi: () => 'Trang chưa có cột điểm thẩm định; dùng điểm tự đánh giá.',
    en: () => 'The sheet has no appraised-score column; the self score is used.',
  },
  UNIT_NO_MAX: {
    severity: 'warning',
    title: { vi: 'Không có tiêu chí áp dụng', en: 'No applicable criterion' },
    vi: () => 'Đơn vị không có tiêu chí nào được áp dụng (tổng điểm tối đa bằng 0); không xếp hạng.',
    en: () => 'No criterion applies to the unit (applicable maximum is 0); it is not ranked.',
  },
  SHEET_PROTECTED: {
    severity: 'warning',
    title: { vi: 'Trang được bảo vệ', en: 'Protected sheet' },
    vi: () => 'Trang đang được bảo vệ: không gắn cờ tô màu lên trang này (không ghi gì vào trang).',
    en: () => 'The sheet is protected: no highlights were added to it (nothing was written to it).',
  },
  OUTPUT_KEPT: {
    severity: 'warning',
    title: { vi: 'Giữ nguyên trang của người dùng', en: "User's sheet kept" },
    vi: (p) =>
      `Trang "${p.sheet}" trông như kết quả của add-in (trùng tên, hoặc có trong bản ghi của add-in) nhưng không chứng minh được là bản add-in đã ghi và chưa ai sửa (trang của người dùng, đã được sửa, hoặc ghi bởi phiên bản cũ): giữ nguyên, không ghi đè, không xóa${p.beside ? `; kết quả mới ghi vào trang "${p.beside}"` : ''}.`,
    en: (p) =>
      `Sheet "${p.sheet}" looks like the add-in's output (same name, or listed in the add-in's record) but is not provably the add-in's own, unedited output (a user's sheet, edited since, or written by an older version): kept as it is, neither overwritten nor deleted${p.beside ? `; the new output goes to sheet "${p.beside}"` : ''}.`,
  },
  RECORD_MISMATCH: {
    severity: 'warning',
    title: { vi: 'Bản ghi của add-in không khớp', en: "Add-in's record does not match" },
    vi: (p) =>
      `Bản ghi của add-in (trang ẩn "${p.sheet}") không khớp với sổ tính: không trang nào nó liệt kê còn đúng như add-in đã ghi (${p.sheets}). Bản ghi này không được dùng để xóa gì.`,
    en: (p) =>
      `The add-in's record (hidden sheet "${p.sheet}") does not match this workbook: none of the sheets it lists is still as the add-in wrote it (${p.sheets}). Nothing is deleted on its word.`,
  },
  SETTINGS_INVALID: {
    severity: 'warning',
    title: { vi: 'Cấu hình không hợp lệ', en: 'Invalid setting' },
    vi: (p) => `Giá trị cấu hình "${p.value}" không hợp lệ cho "${p.key}"; dùng mặc định "${p.fallback}".`,
    en: (p) => `Setting value "${p.value}" is not valid for "${p.key}"; the default "${p.fallback}" is used.`,
  },
  // Template
  TEMPLATE_DUPLICATE_CRITERION: {
    severity: 'error',
    title: { vi: 'Tiêu chí trùng trong bộ tiêu chí', en: 'Duplicate criterion in template' },
    vi: (p) => `Tiêu chí ${p.key} xuất hiện hai lần trong bộ tiêu chí.`,
    en: (p) => `Criterion ${p.key} appears twice in the template.`,
  },
  TEMPLATE_MISSING_MAX: {
    severity: 'error',
    title: { vi: 'Thiếu điểm tối đa', en: 'Maximum missing' },
    vi: (p) => `Tiêu chí ${p.key} chưa có điểm tối đa.`,
    en: (p) => `Criterion ${p.key} has no maximum.`,
  },
  TEMPLATE_MAX_INVALID: {
    severity: 'error',
    title: { vi: 'Điểm tối đa không hợp lệ', en: 'Maximum not valid' },
    vi: (p) => `Điểm tối đa của ${p.key} (${p.found}) không hợp lệ: phải là số không âm, không quá 1.000; tính là 0.`,
    en: (p) => `The maximum of ${p.key} (${p.found}) is not valid: it must be a number from 0 to 1,000; counted as 0.`,
  },
  TEMPLATE_PARENT_SUM: {
    severity: 'error',
    title: { vi: 'Điểm tối đa không khớp tổng', en: 'Maximum differs from its parts' },
    vi: (p) => `Điểm tối đa của ${p.key} (${p.found}) khác tổng các tiêu chí con (${p.expected}).`,
    en: (p) => `The maximum of ${p.key} (${p.found}) differs from the sum of its sub-criteria (${p.expected}).`,
  },
  TEMPLATE_LEVEL_ROWS: {
    severity: 'info',
    title: { vi: 'Dòng mức điểm', en: 'Scoring-level rows' },
    vi: (p) =>
      `Các dòng ${p.rows} dưới tiêu chí ${p.key} được đọc là mức điểm (cách chấm), không phải tiêu chí con, vì điểm của chúng không cộng lại bằng điểm tối đa của ${p.key}; điểm của ${p.key} lấy ở dòng của nó.`,
    en: (p) =>
      `Rows ${p.rows} under ${p.key} are read as its scoring levels, not sub-criteria, because their points do not add up to the maximum of ${p.key}; ${p.key} is scored on its own row.`,
  },
  TEMPLATE_TOTAL_NOT_100: {
    severity: 'warning',
    title: { vi: 'Tổng điểm tối đa khác 100', en: 'Maxima do not total 100' },
    vi: (p) => `Tổng điểm tối đa của bộ tiêu chí là ${p.found}, không phải 100.`,
    en: (p) => `The template's maxima add up to ${p.found}, not 100.`,
  },
  DUPLICATE_UNIT: {
    severity: 'error',
    title: { vi: 'Đơn vị trùng', en: 'Duplicate unit' },
    vi: (p) =>
      `Trang này trùng với trang "${p.first}" (${p.reasonVi}): một đơn vị chỉ chấm điểm một lần; trang này không được xếp hạng.`,
    en: (p) =>
      `This sheet duplicates sheet "${p.first}" (${p.reasonEn}): a unit is scored once; this sheet is not ranked.`,
  },
  // Unit sheet against its template
  CRITERION_MISSING: {
    severity: 'error',
    title: { vi: 'Thiếu tiêu chí', en: 'Criterion missing' },
    vi: (p) => `Thiếu tiêu chí ${p.key} "${p.name}" của bộ tiêu chí.`,
    en: (p) => `Criterion ${p.key} "${p.name}" of the template is missing.`,
  },
  CRITERION_UNKNOWN: {
    severity: 'error',
    title: { vi: 'Tiêu chí lạ', en: 'Unknown criterion' },
    vi: (p) => `Tiêu chí ${p.key} không có trong bộ tiêu chí; không được tính điểm.`,
    en: (p) => `Criterion ${p.key} is not in the template; it is not counted.`,
  },
  CRITERION_DUPLICATE: {
    severity: 'error',
    title: { vi: 'Tiêu chí trùng', en: 'Duplicate criterion' },
    vi: (p) => `Tiêu chí ${p.key} xuất hiện nhiều lần; chỉ tính lần đầu.`,
    en: (p) => `Criterion ${p.key} appears more than once; only the first is counted.`,
  },
  MAX_ALTERED: {
    severity: 'error',
    title: { vi: 'Điểm tối đa bị sửa', en: 'Maximum altered' },
    vi: (p) => `Điểm tối đa của ${p.key} bị sửa: bộ tiêu chí ghi ${p.expected}, trang ghi ${p.found}.`,
    en: (p) => `The maximum of ${p.key} was altered: the template says ${p.expected}, the sheet ${p.found}.`,
  },
  SCORE_NOT_NUMBER: {
    severity: 'error',
    title: { vi: 'Điểm không phải số', en: 'Score not a number' },
    vi: (p) => `Điểm ${p.column} của ${p.key} không phải là số ("${p.found}"); tính là 0.`,
    en: (p) => `The ${p.columnEn} of ${p.key} is not a number ("${p.found}"); counted as 0.`,
  },
  SCORE_ON_LEVEL_ROW: {
    severity: 'error',
    title: { vi: 'Điểm ghi ở dòng mức điểm', en: 'Score on a level row' },
    vi: (p) =>
      `Điểm ${p.column} (${p.found}) ghi ở dòng mức điểm của tiêu chí ${p.key}, không được tính: hãy ghi điểm vào dòng của tiêu chí (ô ${p.parentCell}).`,
    en: (p) =>
      `The ${p.columnEn} (${p.found}) is written on a scoring-level row of ${p.key} and is not counted: write it on the criterion's row (cell ${p.parentCell}).`,
  },
  NA_WITH_TEXT: {
    severity: 'error',
    title: { vi: 'Ghi chú lẫn dấu không áp dụng', en: 'Not-applicable marker with text' },
    vi: (p) =>
      `Điểm ${p.column} của ${p.key} ghi "${p.found}": để tính là không áp dụng, ô chỉ ghi đúng dấu hiệu (ví dụ "Không áp dụng"), lý do ghi ở cột giải trình; hiện tính là 0.`,
    en: (p) =>
      `The ${p.columnEn} of ${p.key} reads "${p.found}": to count as not applicable the cell must hold the marker alone (e.g. "Không áp dụng"), with the reason in the explanation column; counted as 0 for now.`,
  },
  SCORE_TEXT_NUMBER: {
    severity: 'warning',
    title: { vi: 'Điểm nhập dạng chữ', en: 'Score typed as text' },
    vi: (p) =>
      `Điểm ${p.column} của ${p.key} được nhập dạng chữ ("${p.found}"); đã tính là ${p.value}, nhưng công thức SUM của Excel bỏ qua ô chữ. Hãy nhập dạng số.`,
    en: (p) =>
      `The ${p.columnEn} of ${p.key} is typed as text ("${p.found}"); counted as ${p.value}, but Excel's SUM skips text. Type it as a number.`,
  },
  SCORE_NEGATIVE: {
    severity: 'error',
    title: { vi: 'Điểm âm', en: 'Negative score' },
    vi: (p) => `Điểm ${p.column} của ${p.key} là số âm (${p.found}); tính là 0.`,
    en: (p) => `The ${p.columnEn} of ${p.key} is negative (${p.found}); counted as 0.`,
  },
  SCORE_ABOVE_MAX: {
    severity: 'error',
    title: { vi: 'Điểm vượt tối đa', en: 'Score above maximum' },
    vi: (p) => `Điểm ${p.column} của ${p.key} (${p.found}) vượt điểm tối đa (${p.expected}); chỉ tính ${p.expected}.`,
    en: (p) =>
      `The ${p.columnEn} of ${p.key} (${p.found}) is above its maximum (${p.expected}); counted as ${p.expected}.`,
  },
  SCORE_BELOW_FLOOR: {
    severity: 'error',
    title: { vi: 'Điểm trừ vượt mức', en: 'Penalty beyond its floor' },
    vi: (p) => `Điểm trừ của ${p.key} (${p.found}) vượt mức trừ tối đa (${p.expected}); chỉ tính ${p.expected}.`,
    en: (p) => `The penalty on ${p.key} (${p.found}) exceeds its floor (${p.expected}); counted as ${p.expected}.`,
  },
  SCORE_NOT_ALLOWED_LEVEL: {
    severity: 'error',
    title: { vi: 'Điểm không thuộc mức cho phép', en: 'Score not an allowed level' },
    vi: (p) => `Điểm ${p.column} của ${p.key} (${p.found}) không thuộc các mức cho phép (${p.expected}).`,
    en: (p) => `The ${p.columnEn} of ${p.key} (${p.found}) is not an allowed level (${p.expected}).`,
  },
  NA_NOT_ALLOWED: {
    severity: 'error',
    title: { vi: 'Không được ghi không áp dụng', en: 'Not applicable not allowed' },
    vi: (p) => `Tiêu chí ${p.key} không được đánh dấu "không áp dụng"; tính là 0.`,
    en: (p) => `Criterion ${p.key} may not be marked "not applicable"; counted as 0.`,
  },
  SCORE_MISSING: {
    severity: 'warning',
    title: { vi: 'Chưa có điểm', en: 'Score missing' },
    vi: (p) => `Chưa có điểm ${p.column} cho ${p.key}; tính là 0.`,
    en: (p) => `No ${p.columnEn} for ${p.key}; counted as 0.`,
  },
  SUBTOTAL_MISMATCH: {
    severity: 'error',
    title: { vi: 'Điểm tiêu chí khác tổng tiêu chí con', en: 'Subtotal mismatch' },
    vi: (p) => `Điểm ${p.column} của ${p.key} (${p.found}) khác tổng các tiêu chí con (${p.expected}).`,
    en: (p) => `The ${p.columnEn} of ${p.key} (${p.found}) differs from the sum of its sub-criteria (${p.expected}).`,
  },
  TOTAL_MISMATCH: {
    severity: 'error',
    title: { vi: 'Tổng điểm khác tổng các lĩnh vực', en: 'Total mismatch' },
    vi: (p) => `Tổng điểm ${p.column} (${p.found}) khác tổng các lĩnh vực (${p.expected}).`,
    en: (p) => `The total ${p.columnEn} (${p.found}) differs from the sum of the areas (${p.expected}).`,
  },
  CELL_ERROR_VALUE: {
    severity: 'error',
    title: { vi: 'Ô bị lỗi', en: 'Error value in cell' },
    vi: (p) => `Ô chứa lỗi ${p.found} (${p.key}); tính là 0.`,
    en: (p) => `The cell holds the error ${p.found} (${p.key}); counted as 0.`,
  },
  EVIDENCE_MISSING: {
    severity: 'error',
    title: { vi: 'Thiếu tài liệu kiểm chứng', en: 'Evidence missing' },
    vi: (p) => `Tiêu chí ${p.key} có điểm (${p.score}) nhưng không có tài liệu kiểm chứng và không có giải trình.`,
    en: (p) => `Criterion ${p.key} is scored (${p.score}) with neither evidence nor explanation.`,
  },
  EVIDENCE_PLACEHOLDER: {
    severity: 'error',
    title: { vi: 'Tài liệu kiểm chứng chưa thật', en: 'Placeholder evidence' },
    vi: (p) =>
      `Tài liệu kiểm chứng của ${p.key} chỉ ghi "${p.found}", không phải tài liệu; cần trích dẫn văn bản hoặc giải trình.`,
    en: (p) => `The evidence for ${p.key} is only "${p.found}", not a document; cite one or explain.`,
  },
  APPRAISED_ABOVE_SELF: {
    severity: 'warning',
    title: { vi: 'Điểm thẩm định cao hơn tự chấm', en: 'Appraised above self score' },
    vi: (p) => `Điểm thẩm định của ${p.key} (${p.found}) cao hơn điểm tự đánh giá (${p.expected}).`,
    en: (p) => `The appraised score of ${p.key} (${p.found}) is above the self score (${p.expected}).`,
  },
  // Gathering the units' files into the master (`par-index gather`); `sheet` is the unit's sheet in the master,
  // or the file's name when the file gave none.
  GATHER_FILE_SKIPPED: {
    severity: 'warning',
    title: { vi: 'Tệp không đọc được', en: 'File not readable' },
    vi: (p) => `Bỏ qua tệp ${p.file}: ${p.reasonVi}`,
    en: (p) => `File ${p.file} skipped: ${p.reasonEn}`,
  },
  GATHER_NO_UNIT: {
    severity: 'warning',
    title: { vi: 'Tệp không có bảng tự chấm', en: 'File without a score sheet' },
    vi: (p) => `Tệp ${p.file} không có trang tự chấm điểm của đơn vị nào (${p.reasonVi}); không thu thập gì.`,
    en: (p) => `File ${p.file} holds no unit's score sheet (${p.reasonEn}); nothing gathered from it.`,
  },
  GATHER_UNIT_TWICE: {
    severity: 'warning',
    title: { vi: 'Đơn vị nộp hai lần', en: 'Unit sent twice' },
    vi: (p) =>
      `Đơn vị "${p.unit}" có trong hai tệp: ${p.kept} và ${p.other}; lấy tệp ${p.kept} (sửa lúc ${p.keptTime}), bỏ tệp kia.`,
    en: (p) =>
      `Unit "${p.unit}" is in two files: ${p.kept} and ${p.other}; ${p.kept} (modified ${p.keptTime}) is used, the other left out.`,
  },
  GATHER_REPLACED: {
    severity: 'info',
    title: { vi: 'Thay bằng bản mới hơn', en: 'Replaced by a newer file' },
    vi: (p) =>
      `Trang của đơn vị "${p.unit}" được thay bằng tệp mới hơn ${p.file} (sửa lúc ${p.time}; trước là ${p.previous}).`,
    en: (p) =>
      `The sheet of unit "${p.unit}" was replaced by the newer file ${p.file} (modified ${p.time}; was ${p.previous}).`,
  },
  GATHER_OLDER_FILE: {
    severity: 'warning',
    title: { vi: 'Tệp cũ hơn bản đã thu thập', en: 'File older than the one gathered' },
    vi: (p) =>
      `Tệp ${p.file} của đơn vị "${p.unit}" khác bản đã thu thập (${p.previous}) nhưng không mới hơn; giữ bản đã thu thập.`,
    en: (p) =>
      `File ${p.file} of unit "${p.unit}" differs from the one gathered (${p.previous}) but is not newer; the gathered one is kept.`,
  },
  GATHER_KEPT: {
    severity: 'warning',
    title: { vi: 'Giữ trang đã có', en: 'Existing sheet kept' },
    vi: (p) =>
      `Tệp tổng hợp đã có trang của đơn vị "${p.unit}" ${p.whyVi}; giữ nguyên, không chép tệp ${p.file}. Muốn thay, hãy xóa trang đó rồi thu thập lại.`,
    en: (p) =>
      `The master already has a sheet for unit "${p.unit}" ${p.whyEn}; it is kept and ${p.file} is not copied. To replace it, delete that sheet and gather again.`,
  },
  GATHER_NAMED_FROM_FILE: {
    severity: 'info',
    title: { vi: 'Tên đơn vị lấy từ tên tệp', en: 'Unit named after the file' },
    vi: (p) => `Trang "${p.source}" của tệp ${p.file} không có dòng "Đơn vị: …"; đặt tên theo tên tệp.`,
    en: (p) => `Sheet "${p.source}" of ${p.file} has no "Đơn vị: …" line; it is named after the file.`,
  },
  GATHER_NAME_TAKEN: {
    severity: 'info',
    title: { vi: 'Tên trang đã có', en: 'Sheet name taken' },
    vi: (p) => `Tên trang "${p.wanted}" đã có trong tệp tổng hợp; trang của đơn vị "${p.unit}" đặt tên "${p.sheet}".`,
    en: (p) => `The master already has a sheet "${p.wanted}"; the sheet of unit "${p.unit}" is named "${p.sheet}".`,
  },
  GATHER_TEMPLATE_VERSION: {
    severity: 'warning',
    title: { vi: 'Dùng bộ tiêu chí khác', en: 'Another template version' },
    vi: (p) =>
      `Đơn vị "${p.unit}" (tệp ${p.file}) dùng bộ tiêu chí khác với "${p.template}" của tệp tổng hợp: ${p.count} tiêu chí khác (${p.keys}); xem các phát hiện của từng tiêu chí.`,
    en: (p) =>
      `Unit "${p.unit}" (file ${p.file}) used another version of the template than the master's "${p.template}": ${p.count} criteria differ (${p.keys}); see each criterion's findings.`,
  },
  GATHER_PARTS_DROPPED: {
    severity: 'warning',
    title: { vi: 'Phần không chép được', en: 'Parts not copied' },
    vi: (p) => `Trang của đơn vị "${p.unit}" có ${p.parts} (cần dữ liệu của cả sổ tính): không chép sang.`,
    en: (p) => `The sheet of unit "${p.unit}" has ${p.parts} (they need workbook-wide records): not copied.`,
  },
  // Last year's ranks (rank --previous)
  PREVIOUS_RANK_UNMATCHED: {
    severity: 'warning',
    title: { vi: 'Không có thứ hạng năm trước', en: 'No rank from last year' },
    vi: (p) =>
      `Không tìm thấy "${p.unit}" trong kết quả năm trước (${p.file}); cột "So với năm trước" để trống. Nếu đơn vị đã đổi tên, ghi thứ hạng năm trước vào trang "Cấu hình", mục Đơn vị.${p.unusedVi}`,
    en: (p) =>
      `"${p.unit}" is not in last year's results (${p.file}); its rank change stays empty. If the unit was renamed, type last year's rank in the "Cấu hình" sheet, section Đơn vị.${p.unusedEn}`,
  },
  PREVIOUS_RANK_AMBIGUOUS: {
    severity: 'warning',
    title: { vi: 'Thứ hạng năm trước không rõ', en: "Last year's rank unclear" },
    vi: (p) =>
      `"${p.unit}" có nhiều thứ hạng khác nhau trong kết quả năm trước (${p.file}): ${p.ranks}; không dùng. Ghi thứ hạng đúng vào trang "Cấu hình", mục Đơn vị.`,
    en: (p) =>
      `"${p.unit}" has several ranks in last year's results (${p.file}): ${p.ranks}; none is used. Type the right one in the "Cấu hình" sheet, section Đơn vị.`,
  },
} satisfies Record<string, Entry>;

export type FindingCode = keyof typeof CATALOGUE;

export const FINDING_CODES = Object.keys(CATALOGUE) as FindingCode[];

export function severityOf(code: FindingCode): Severity {
  return CATALOGUE[code].severity as Severity;
}

export function findingTitle(code: FindingCode): { vi: string; en: string } {
  return (CATALOGUE[code] as Entry).title;
}

export function makeFinding(
  code: FindingCode,
  sheet: string,
  cell: string | null,
  params: Params = {},
  extra: { expected?: string; found?: string; criterion?: string } = {},
): Finding {
  const entry: Entry = CATALOGUE[code] as Entry;
  const p = { sheet, ...params };
  const messageVi = entry.vi(p);
  const messageEn = entry.en(p);
  return {
    code,
    severity: entry.severity,
    sheet,
    cell,
    message: `${messageVi} / ${messageEn}`,
    messageVi,
    messageEn,
    ...extra,
  };
}

/** Score column names for messages (`Điểm tự đánh giá của…`, `The self score of…`). */
export const SCORE_COLUMN = { self: scoreColumnWords('self'), appraised: scoreColumnWords('appraised') } as const;
