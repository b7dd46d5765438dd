// Every string of the task pane, in Vietnamese (the default) and English.
import { createContext, useContext } from 'react';
import { roleLabels } from '../core/column-roles';
import type { ColumnRole, ScoreBasis, Severity, RoundingMode, SheetReading } from '../core/types';
import type { UiMessage } from './errors';

export type Lang = 'vi' | 'en';

/** A long step of the pane, as the progress bar names it. */
export type Activity =
  | 'read'
  | 'reread'
  | 'read-previous'
  | 'read-units'
  | 'gather'
  | 'analyze'
  | 'write-results'
  | 'save-settings'
  | 'clean';

export function langOf(displayLanguage: string | undefined | null): Lang {
  return (displayLanguage ?? '').trim().toLowerCase().startsWith('en') ? 'en' : 'vi';
}

export interface Strings {
  appTitle: string;
  /** Short enough that the four tabs fit a 320 px pane in either language. */
  tabs: { workbook: string; check: string; results: string; evidence: string };
  tabListLabel: string;
  moreTabs: (hidden: number) => string;
  errorTitle: string;
  dismiss: string;
  // progress: what is being done, then how far (a share of the step, whatever the host counts in)
  activity: Record<Activity, string>;
  progressOf: (activity: string, percent: number | null) => string;
  // check
  checkButton: string;
  recheckButton: string;
  needAnalysis: string;
  severity: Record<Severity, string>;
  /** One finding's severity, read out for its icon. */
  severityOne: Record<Severity, string>;
  severityFilterLabel: string;
  groupByLabel: string;
  groupByUnit: string;
  groupByCode: string;
  findingsSummary: (errors: number, warnings: number, info: number) => string;
  noFindings: string;
  noFindingsShown: string;
  wholeSheet: string;
  goToCell: (sheet: string, cell: string | null) => string;
  count: (n: number) => string;
  // workbook
  blocksTitle: string;
  blockLine: (name: string, template: string, units: number) => string;
  noBlocks: string;
  sheetsTitle: string;
  roleCol: string;
  role: Record<SheetReading['role'], string>;
  columnsTitle: string;
  columnsOf: (sheet: string) => string;
  columnRole: Record<ColumnRole, string>;
  columnHeader: string;
  columnLetter: string;
  columnMeaning: string;
  mappedByUser: string;
  headerRowIs: (row: number) => string;
  skippedTitle: string;
  noSkipped: string;
  skippedNoReason: string;
  settingsTitle: string;
  basisLabel: string;
  basis: Record<ScoreBasis, string>;
  basisHint: string;
  roundingLabel: string;
  rounding: Record<RoundingMode, string>;
  bandsLabel: string;
  bandsHint: string;
  bandsInvalid: string;
  blockBands: (block: string) => string;
  blockBandsHint: string;
  blockBandsInvalid: (block: string) => string;
  unrankedTitle: string;
  unrankedHint: string;
  mappingTitle: string;
  mappingSheet: string;
  mappingNone: string;
  mappingHeaderRow: string;
  mappingColumnHint: string;
  mappingInvalid: (value: string) => string;
  lastYearTitle: string;
  lastYearHint: string;
  lastYearRankOf: (unit: string) => string;
  lastYearInvalid: (unit: string, value: string) => string;
  applySettings: string;
  resetSettings: string;
  overridesActive: string;
  overridesNotSaved: string;
  saveSettings: string;
  settingsSaved: string;
  confirmOverwrite: (sheet: string) => string;
  settingsSheetProtected: (sheet: string) => string;
  confirmSave: string;
  cancel: string;
  // results
  willWriteTitle: string;
  writeButton: string;
  written: string;
  includeNotices: string;
  previousFileButton: string;
  previousFileHint: string;
  previousLoaded: (file: string, ranked: number) => string;
  previousClear: string;
  gatherButton: string;
  gatherHint: string;
  gatherDrop: string;
  gatherTitle: string;
  gatherCounts: (counts: {
    added: number;
    replaced: number;
    unchanged: number;
    kept: number;
    twice: number;
    skipped: number;
  }) => string;
  gatherSkipped: string;
  gatherNothing: string;
  rankingOf: (block: string) => string;
  blockAverage: (value: string) => string;
  rankCol: string;
  unitCol: string;
  percentCol: string;
  pointsCol: string;
  classCol: string;
  changeCol: string;
  notRanked: string;
  planProblems: string;
  cleanButton: string;
  cleanConfirmTitle: string;
  cleanConfirm: string;
  cleanCancel: string;
  cleaned: string;
  preparingClean: string;
  // evidence
  evidenceTitle: string;
  evidenceNone: string;
  evidenceMissing: string;
  evidencePlaceholder: string;
  evidenceUnitCount: (missing: number, placeholder: number) => string;
  evidenceTotal: (gaps: number, units: number) => string;
  criterion: (path: string) => string;
}

const VI: Strings = {
  appTitle: 'Chấm điểm Chỉ số CCHC',
  tabs: { workbook: 'Bảng tính', check: 'Kiểm tra', results: 'Kết quả', evidence: 'Kiểm chứng' },
  tabListLabel: 'Các màn hình',
  moreTabs: (n) => `${n} màn hình khác`,
  errorTitle: 'Có lỗi',
  dismiss: 'Đóng',
  activity: {
    read: 'Đang đọc bảng tính',
    reread: 'Đang đọc lại bảng tính',
    'read-previous': 'Đang đọc tệp năm trước',
    'read-units': 'Đang đọc tệp của các đơn vị',
    gather: 'Đang thu thập trang của các đơn vị',
    analyze: 'Đang kiểm tra và tính điểm',
    'write-results': 'Đang ghi kết quả',
    'save-settings': 'Đang lưu cấu hình',
    clean: 'Đang xóa kết quả',
  },
  progressOf: (activity, percent) => (percent === null ? `${activity}…` : `${activity}: ${percent} %`),
  checkButton: 'Đọc và kiểm tra bảng tính',
  recheckButton: 'Kiểm tra lại',
  needAnalysis: 'Chưa đọc bảng tính. Bấm nút dưới đây để đọc và kiểm tra.',
  severity: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
  severityOne: { error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' },
  severityFilterLabel: 'Hiện các mức',
  groupByLabel: 'Nhóm theo',
  groupByUnit: 'Đơn vị (trang)',
  groupByCode: 'Loại phát hiện',
  findingsSummary: (e, w, i) => `${e} lỗi, ${w} cảnh báo, ${i} thông tin`,
  noFindings: 'Không có phát hiện nào.',
  noFindingsShown: 'Không có phát hiện nào ở các mức đã chọn.',
  wholeSheet: 'cả trang',
  goToCell: (sheet, cell) => `Đến ${cell ? `ô ${cell}` : 'trang'} của trang "${sheet}"`,
  count: (n) => `${n}`,
  blocksTitle: 'Các khối và bộ tiêu chí',
  blockLine: (name, template, units) => `${name}: bộ tiêu chí "${template}", ${units} đơn vị`,
  noBlocks: 'Chưa tìm thấy khối nào để xếp hạng.',
  sheetsTitle: 'Các trang tính',
  roleCol: 'Đọc là',
  role: { template: 'Bộ tiêu chí', unit: 'Đơn vị', settings: 'Cấu hình', owned: 'Do add-in ghi', skipped: 'Bỏ qua' },
  columnsTitle: 'Cách đọc các cột',
  columnsOf: (sheet) => `Cách đọc các cột của trang "${sheet}"`,
  columnRole: roleLabels('vi'),
  columnHeader: 'Tiêu đề cột',
  columnLetter: 'Cột',
  columnMeaning: 'Ý nghĩa',
  mappedByUser: 'theo ánh xạ cột',
  headerRowIs: (row) => `Dòng tiêu đề: ${row}`,
  skippedTitle: 'Các trang bỏ qua',
  noSkipped: 'Không bỏ qua trang nào.',
  skippedNoReason: 'Trang không có bảng tiêu chí.',
  settingsTitle: 'Cấu hình đang dùng',
  basisLabel: 'Cách tính điểm',
  basis: {
    self: 'Tự đánh giá',
    appraised: 'Thẩm định',
    auto: 'Tự động',
  },
  basisHint: 'Tự động: dùng điểm thẩm định nếu đã có, nếu không thì điểm tự đánh giá.',
  roundingLabel: 'Làm tròn tỷ lệ %',
  rounding: { 'half-up': 'Làm tròn (2 chữ số thập phân)', truncate: 'Cắt bỏ (2 chữ số thập phân)' },
  bandsLabel: 'Xếp loại (mức: từ %)',
  bandsHint: 'Ví dụ: A: 90; B: 80; C: 70; Dưới 70%: 0',
  bandsInvalid: 'Không đọc được mức xếp loại. Ghi theo dạng "A: 90; B: 80".',
  blockBands: (block) => `Xếp loại riêng của ${block}`,
  blockBandsHint: 'Để trống: dùng mức xếp loại chung ở trên.',
  blockBandsInvalid: (block) => `Không đọc được mức xếp loại của ${block}. Ghi theo dạng "A: 90; B: 80".`,
  unrankedTitle: 'Không xếp hạng',
  unrankedHint: 'Đơn vị được đánh dấu vẫn được chấm điểm nhưng không xếp thứ hạng.',
  mappingTitle: 'Chỉ rõ cột cho một trang',
  mappingSheet: 'Trang',
  mappingNone: '(không chỉnh)',
  mappingHeaderRow: 'Dòng tiêu đề (số dòng)',
  mappingColumnHint: 'Chữ cái của cột, ví dụ C',
  mappingInvalid: (v) => `"${v}" không phải chữ cái cột hợp lệ.`,
  lastYearTitle: 'Thứ hạng năm trước',
  lastYearHint: 'Số nguyên từ 1; để trống nếu không có.',
  lastYearRankOf: (unit) => `Thứ hạng năm trước của ${unit}`,
  lastYearInvalid: (unit, v) => `Thứ hạng năm trước của ${unit}: "${v}" không phải số nguyên từ 1.`,
  applySettings: 'Áp dụng và kiểm tra lại',
  resetSettings: 'Bỏ các thay đổi',
  overridesActive: 'Đang dùng cấu hình đã chỉnh trong khung này.',
  overridesNotSaved:
    'Thay đổi dùng ngay cho lần kiểm tra tiếp theo; bấm "Lưu vào trang Cấu hình" để giữ trong bảng tính (lần sau và máy khác đều dùng).',
  saveSettings: 'Lưu vào trang Cấu hình',
  settingsSaved: 'Đã lưu cấu hình vào trang Cấu hình; từ nay bảng tính dùng cấu hình này.',
  confirmOverwrite: (sheet) =>
    `Trang "${sheet}" không do add-in tạo: nội dung của nó sẽ được thay bằng cấu hình này. Tiếp tục?`,
  settingsSheetProtected: (sheet) =>
    `Chưa lưu: trang "${sheet}" đang được bảo vệ. Hãy bỏ bảo vệ trang (Xem lại → Bỏ bảo vệ trang tính) rồi lưu lại; các thay đổi của bạn trong khung này vẫn được giữ.`,
  confirmSave: 'Ghi đè và lưu',
  cancel: 'Hủy',
  willWriteTitle: 'Sẽ ghi vào bảng tính',
  writeButton: 'Ghi kết quả',
  written: 'Đã ghi kết quả vào bảng tính.',
  includeNotices: 'Kèm thông báo kết quả thẩm định',
  previousFileButton: 'Thứ hạng năm trước từ tệp…',
  previousFileHint: 'Tệp .xlsx kết quả năm trước (trang xếp hạng, hoặc bảng Đơn vị – Xếp hạng).',
  previousLoaded: (file, ranked) => `Năm trước (${file}): ${ranked} đơn vị có thứ hạng.`,
  previousClear: 'Bỏ thứ hạng từ tệp',
  gatherButton: 'Thêm bảng tự chấm của đơn vị',
  gatherHint:
    'Chọn hoặc kéo thả vào đây các tệp .xlsx đơn vị gửi về: mỗi đơn vị thành một trang mang tên đơn vị; tệp của đơn vị không bị sửa.',
  gatherDrop: 'Thả các tệp của đơn vị vào đây',
  gatherTitle: 'Kết quả thu thập',
  gatherCounts: (n) =>
    `Thêm ${n.added}, thay ${n.replaced}, không đổi ${n.unchanged}, giữ trang cũ ${n.kept}, trùng đơn vị ${n.twice}, bỏ qua ${n.skipped}`,
  gatherSkipped: 'Tệp bỏ qua',
  gatherNothing: 'Không có gì thay đổi trong bảng tính.',
  rankingOf: (block) => `Xếp hạng ${block}`,
  blockAverage: (v) => `Trung bình của khối: ${v}`,
  rankCol: 'Hạng',
  unitCol: 'Đơn vị',
  percentCol: 'Tỷ lệ',
  pointsCol: 'Điểm',
  classCol: 'Xếp loại',
  changeCol: 'So với năm trước',
  notRanked: 'không xếp hạng',
  planProblems: 'Lưu ý khi ghi',
  cleanButton: 'Xóa kết quả',
  cleanConfirmTitle: 'Xóa các trang kết quả do add-in tạo?',
  cleanConfirm: 'Xác nhận xóa',
  cleanCancel: 'Hủy',
  cleaned: 'Đã xóa kết quả do add-in ghi.',
  preparingClean: 'Đang đọc bảng tính để xem cần xóa gì…',
  evidenceTitle: 'Thiếu tài liệu kiểm chứng',
  evidenceNone: 'Không có tiêu chí nào thiếu tài liệu kiểm chứng.',
  evidenceMissing: 'Thiếu tài liệu và giải trình',
  evidencePlaceholder: 'Tài liệu không hợp lệ',
  evidenceUnitCount: (m, p) => `${m} thiếu, ${p} không hợp lệ`,
  evidenceTotal: (gaps, units) => `${gaps} tiêu chí cần bổ sung tài liệu ở ${units} đơn vị.`,
  criterion: (path) => `Tiêu chí ${path}`,
};

/** `1 unit`, `2 units`, `0 units`: English needs the plural (Vietnamese nouns do not change). */
export function nounCount(n: number, one: string, many: string): string {
  return `${n} ${n === 1 ? one : many}`;
}

const EN: Strings = {
  appTitle: 'PAR Index scoring',
  tabs: { workbook: 'Workbook', check: 'Check', results: 'Results', evidence: 'Evidence' },
  tabListLabel: 'Screens',
  moreTabs: (n) => `${nounCount(n, 'more screen', 'more screens')}`,
  errorTitle: 'Error',
  dismiss: 'Dismiss',
  activity: {
    read: 'Reading the workbook',
    reread: 'Reading the workbook again',
    'read-previous': "Reading last year's file",
    'read-units': "Reading the units' files",
    gather: "Gathering the units' sheets",
    analyze: 'Checking and scoring',
    'write-results': 'Writing the results',
    'save-settings': 'Saving the settings',
    clean: 'Removing the results',
  },
  progressOf: (activity, percent) => (percent === null ? `${activity}…` : `${activity}: ${percent}%`),
  checkButton: 'Read and check the workbook',
  recheckButton: 'Check again',
  needAnalysis: 'The workbook has not been read yet. Use the button below to read and check it.',
  severity: { error: 'Errors', warning: 'Warnings', info: 'Info' },
  severityOne: { error: 'Error', warning: 'Warning', info: 'Info' },
  severityFilterLabel: 'Show',
  groupByLabel: 'Group by',
  groupByUnit: 'Unit (sheet)',
  groupByCode: 'Finding type',
  findingsSummary: (e, w, i) => `${nounCount(e, 'error', 'errors')}, ${nounCount(w, 'warning', 'warnings')}, ${i} info`,
  noFindings: 'No findings.',
  noFindingsShown: 'No findings at the selected levels.',
  wholeSheet: 'whole sheet',
  goToCell: (sheet, cell) => `Go to ${cell ? `cell ${cell}` : 'the sheet'} in sheet "${sheet}"`,
  count: (n) => `${n}`,
  blocksTitle: 'Blocks and criteria templates',
  blockLine: (name, template, units) => `${name}: template "${template}", ${nounCount(units, 'unit', 'units')}`,
  noBlocks: 'No block to rank was found.',
  sheetsTitle: 'Sheets',
  roleCol: 'Read as',
  role: {
    template: 'Criteria template',
    unit: 'Unit',
    settings: 'Settings',
    owned: 'Written by the add-in',
    skipped: 'Skipped',
  },
  columnsTitle: 'How the columns were read',
  columnsOf: (sheet) => `How the columns of "${sheet}" were read`,
  columnRole: roleLabels('en'),
  columnHeader: 'Header',
  columnLetter: 'Column',
  columnMeaning: 'Meaning',
  mappedByUser: 'from the column mapping',
  headerRowIs: (row) => `Header row: ${row}`,
  skippedTitle: 'Skipped sheets',
  noSkipped: 'No sheet was skipped.',
  skippedNoReason: 'The sheet has no criteria table.',
  settingsTitle: 'Settings in force',
  basisLabel: 'Score basis',
  basis: { self: 'Self assessment', appraised: 'Appraised', auto: 'Automatic' },
  basisHint: 'Automatic: the appraised score where there is one, else the self-assessed score.',
  roundingLabel: 'Percentage rounding',
  rounding: { 'half-up': 'Round half up (2 decimals)', truncate: 'Truncate (2 decimals)' },
  bandsLabel: 'Classification (label: from %)',
  bandsHint: 'For example: A: 90; B: 80; C: 70; Below 70%: 0',
  bandsInvalid: 'The classification could not be read. Write it as "A: 90; B: 80".',
  blockBands: (block) => `Classification of ${block}`,
  blockBandsHint: 'Empty: the shared classification above.',
  blockBandsInvalid: (block) => `The classification of ${block} could not be read. Write it as "A: 90; B: 80".`,
  unrankedTitle: 'Not ranked',
  unrankedHint: 'A ticked unit is still scored but given no rank.',
  mappingTitle: 'Say which column is which for a sheet',
  mappingSheet: 'Sheet',
  mappingNone: '(no change)',
  mappingHeaderRow: 'Header row (row number)',
  mappingColumnHint: 'Column letter, e.g. C',
  mappingInvalid: (v) => `"${v}" is not a valid column letter.`,
  lastYearTitle: "Last year's ranks",
  lastYearHint: 'A whole number from 1; empty if none.',
  lastYearRankOf: (unit) => `Last year's rank of ${unit}`,
  lastYearInvalid: (unit, v) => `Last year's rank of ${unit}: "${v}" is not a whole number from 1.`,
  applySettings: 'Apply and check again',
  resetSettings: 'Discard changes',
  overridesActive: 'Using the settings edited here.',
  overridesNotSaved:
    'Changes apply to the next check at once; press "Save to the Cấu hình sheet" to keep them in the workbook (for later runs and other computers).',
  saveSettings: 'Save to the Cấu hình sheet',
  settingsSaved: 'The settings were saved to the Cấu hình sheet; the workbook uses them from now on.',
  confirmOverwrite: (sheet) =>
    `Sheet "${sheet}" was not created by the add-in: its content will be replaced by these settings. Continue?`,
  settingsSheetProtected: (sheet) =>
    `Not saved: sheet "${sheet}" is protected. Unprotect it (Review → Unprotect Sheet) and save again; your changes in this pane are kept.`,
  confirmSave: 'Overwrite and save',
  cancel: 'Cancel',
  willWriteTitle: 'What will be written',
  writeButton: 'Write results',
  written: 'The results were written to the workbook.',
  includeNotices: 'Include appraisal notices',
  previousFileButton: "Last year's ranks from a file…",
  previousFileHint: "Last year's results as .xlsx (ranking sheets, or a table of unit and rank).",
  previousLoaded: (file, ranked) =>
    `Last year (${file}): ${ranked} ${ranked === 1 ? 'unit has' : 'units have'} a rank.`,
  previousClear: 'Drop the ranks from the file',
  gatherButton: "Add units' score workbooks",
  gatherHint:
    "Pick or drop here the .xlsx files the units sent: each unit becomes a sheet named after it; the units' files are not changed.",
  gatherDrop: "Drop the units' files here",
  gatherTitle: 'Gathered',
  gatherCounts: (n) =>
    `${n.added} added, ${n.replaced} replaced, ${n.unchanged} unchanged, ${n.kept} kept as they were, ${n.twice} sent twice, ${n.skipped} skipped`,
  gatherSkipped: 'Files skipped',
  gatherNothing: 'Nothing changed in the workbook.',
  rankingOf: (block) => `Ranking: ${block}`,
  blockAverage: (v) => `Block average: ${v}`,
  rankCol: 'Rank',
  unitCol: 'Unit',
  percentCol: 'Percentage',
  pointsCol: 'Points',
  classCol: 'Class',
  changeCol: 'Change from last year',
  notRanked: 'not ranked',
  planProblems: 'Notes on the write',
  cleanButton: 'Remove results',
  cleanConfirmTitle: 'Remove the result sheets the add-in created?',
  cleanConfirm: 'Confirm removal',
  cleanCancel: 'Cancel',
  cleaned: 'The results written by the add-in were removed.',
  preparingClean: 'Reading the workbook to see what to remove…',
  evidenceTitle: 'Missing evidence',
  evidenceNone: 'No criterion lacks evidence.',
  evidenceMissing: 'No evidence nor explanation',
  evidencePlaceholder: 'Placeholder evidence',
  evidenceUnitCount: (m, p) => `${m} missing, ${p} placeholder`,
  evidenceTotal: (gaps, units) =>
    `${nounCount(gaps, 'criterion needs', 'criteria need')} evidence in ${nounCount(units, 'unit', 'units')}.`,
  criterion: (path) => `Criterion ${path}`,
};

export function stringsFor(lang: Lang): Strings {
  return lang === 'en' ? EN : VI;
}

export interface I18n {
  lang: Lang;
  t: Strings;
  /** Picks the message of the UI's language. */
  say: (message: UiMessage) => string;
}

export function makeI18n(lang: Lang): I18n {
  return { lang, t: stringsFor(lang), say: (m) => (lang === 'en' ? m.en : m.vi) };
}

export const I18nContext = createContext<I18n>(makeI18n('vi'));

export function useI18n(): I18n {
  return useContext(I18nContext);
}
