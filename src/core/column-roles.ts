// What each column of a criteria sheet can mean (ColumnRole), said once: the header words that recognise it,
// its name in the settings sheet's column mapping, and its label in Vietnamese and English. Layout
// recognition (layout.ts), the settings sheet (settings.ts), the findings' messages (analyze.ts, findings.ts)
// and the task pane (taskpane/i18n.ts) all take their words from here.
import type { ColumnRole } from './types';
import { normalizeWords } from './text';

interface RoleWords {
  /**
   * Header phrases that recognise the role in a criteria sheet, matched as whole words without case,
   * diacritics or punctuation (normalizeWords). The longest phrase found in a header wins; between phrases of
   * the same length, the role listed first here, then the phrase listed first: the order is part of the rule.
   */
  header: readonly string[];
  /** Its name in the settings sheet's `Ánh xạ cột` section: the first is written, each is read (as above). */
  settings: readonly string[];
  /** As shown to people: the task pane, and the findings' messages (in a sentence: roleInSentence). */
  label: { vi: string; en: string };
}

const ROLE_WORDS = {
  code: {
    header: ['STT', 'TT', 'Mã', 'Số TT', 'Số thứ tự', 'Mã số', 'Mã tiêu chí', 'Ký hiệu', 'Mã lĩnh vực'],
    settings: ['Mã', 'STT', 'Code'],
    label: { vi: 'Mã/STT', en: 'Code' },
  },
  name: {
    header: [
      'Lĩnh vực',
      'Tiêu chí',
      'Nội dung',
      'Tên tiêu chí',
      'Tiêu chí thành phần',
      'Lĩnh vực, tiêu chí',
      'Chỉ số',
      'Nội dung đánh giá',
      'Tên lĩnh vực',
      'Nội dung tiêu chí',
      'Chỉ số thành phần',
    ],
    settings: ['Tên', 'Tên tiêu chí', 'Nội dung', 'Name'],
    label: { vi: 'Tên tiêu chí', en: 'Criterion name' },
  },
  max: {
    header: [
      'Điểm tối đa',
      'Tối đa',
      'Điểm chuẩn',
      'Thang điểm',
      'Điểm quy định',
      'Số điểm tối đa',
      'Khung điểm',
      'Điểm theo quy định',
      'Max',
      'Maximum',
      'Max points',
    ],
    settings: ['Tối đa', 'Điểm tối đa', 'Max'],
    label: { vi: 'Điểm tối đa', en: 'Maximum' },
  },
  self: {
    header: [
      'Tự đánh giá',
      'Tự chấm',
      'TĐG',
      'Điểm TĐG',
      'Điểm tự đánh giá',
      'Điểm tự chấm',
      'Đơn vị tự chấm',
      'Tự chấm điểm',
      'Kết quả tự đánh giá',
      'Self',
      'Self score',
      'Self assessment',
    ],
    settings: ['Tự đánh giá', 'Tự chấm', 'Self'],
    label: { vi: 'Điểm tự đánh giá', en: 'Self score' },
  },
  appraised: {
    header: [
      'Thẩm định',
      'Điểm thẩm định',
      'HĐTĐ',
      'Điểm HĐTĐ',
      'Kết quả thẩm định',
      'Hội đồng thẩm định',
      'Điểm hội đồng',
      'Appraised',
      'Appraisal',
    ],
    settings: ['Thẩm định', 'Appraised'],
    label: { vi: 'Điểm thẩm định', en: 'Appraised score' },
  },
  evidence: {
    header: [
      'Tài liệu kiểm chứng',
      'TLKC',
      'Minh chứng',
      'Căn cứ chấm điểm',
      'Căn cứ',
      'Tài liệu minh chứng',
      'Văn bản kiểm chứng',
      'Evidence',
    ],
    settings: ['TLKC', 'Tài liệu kiểm chứng', 'Evidence'],
    label: { vi: 'Tài liệu kiểm chứng', en: 'Evidence' },
  },
  explanation: {
    header: ['Giải trình', 'Thuyết minh', 'Ghi chú', 'Lý do', 'Explanation', 'Notes', 'Note'],
    settings: ['Giải trình', 'Explanation'],
    label: { vi: 'Giải trình', en: 'Explanation' },
  },
  levels: {
    header: ['Mức điểm', 'Các mức điểm', 'Mức điểm cho phép', 'Giá trị cho phép', 'Levels', 'Allowed levels'],
    settings: ['Mức điểm', 'Levels'],
    label: { vi: 'Mức điểm', en: 'Levels' },
  },
  floor: {
    header: ['Điểm sàn', 'Điểm trừ tối đa', 'Mức trừ tối đa', 'Điểm tối thiểu', 'Floor'],
    settings: ['Điểm sàn', 'Floor'],
    label: { vi: 'Điểm trừ tối đa', en: 'Penalty floor' },
  },
  kind: {
    header: ['Loại', 'Loại tiêu chí', 'Loại điểm', 'Kind'],
    settings: ['Loại', 'Kind'],
    label: { vi: 'Loại', en: 'Kind' },
  },
  naAllowed: {
    // `NA allowed`, not `N/A allowed`: punctuation is a word break, `N/A` would read as the words `n a`.
    header: ['Cho phép không áp dụng', 'Được không áp dụng', 'Cho phép KAD', 'Không áp dụng', 'NA allowed'],
    settings: ['Cho phép không áp dụng', 'NA allowed'],
    label: { vi: 'Cho phép không áp dụng', en: 'N/A allowed' },
  },
  evidenceRequired: {
    header: [
      'Bắt buộc TLKC',
      'Bắt buộc tài liệu kiểm chứng',
      'Yêu cầu TLKC',
      'Yêu cầu tài liệu kiểm chứng',
      'Cần TLKC',
      'Evidence required',
    ],
    settings: ['Bắt buộc TLKC', 'Evidence required'],
    label: { vi: 'Bắt buộc TLKC', en: 'Evidence required' },
  },
  comment: {
    // The council's word on a criterion (the appraisal notices carry it). Longer than `thẩm định` and
    // `hội đồng thẩm định` on purpose: `Ý kiến thẩm định` is a comment column, not the appraised score.
    header: [
      'Nhận xét',
      'Nhận xét thẩm định',
      'Nhận xét của Hội đồng',
      'Nhận xét của Hội đồng thẩm định',
      'Ý kiến thẩm định',
      'Ý kiến của Hội đồng',
      'Ý kiến Hội đồng thẩm định',
      'Ý kiến của Hội đồng thẩm định',
      'Comment',
      "Council's comment",
    ],
    settings: ['Nhận xét', 'Comment'],
    label: { vi: 'Nhận xét thẩm định', en: "Council's comment" },
  },
} satisfies Record<ColumnRole, RoleWords>;

/** Every role, in the order recognition tries them. */
export const COLUMN_ROLES = Object.keys(ROLE_WORDS) as ColumnRole[];

/** The roles a user maps by hand: the settings sheet's `Ánh xạ cột` columns (the others are optional template columns). */
export const MAPPED_ROLES: readonly ColumnRole[] = [
  'code',
  'name',
  'max',
  'self',
  'appraised',
  'evidence',
  'explanation',
];

function normalizedOf(pick: (w: RoleWords) => readonly string[]): Record<ColumnRole, readonly string[]> {
  const out = {} as Record<ColumnRole, readonly string[]>;
  for (const role of COLUMN_ROLES) out[role] = pick(ROLE_WORDS[role]).map(normalizeWords);
  return out;
}

/** Header phrases per role, normalized (as recognition compares them), in order. */
export const HEADER_PHRASES = normalizedOf((w) => w.header);

/** The words naming each role in the settings sheet's column mapping, normalized, in order. */
export const SETTINGS_WORDS = normalizedOf((w) => w.settings);

/** The header the settings sheet's column mapping writes for a role (`Mã`, `Tối đa`, `TLKC`…). */
export function settingsHeader(role: ColumnRole): string {
  return ROLE_WORDS[role].settings[0];
}

export type LabelLanguage = 'vi' | 'en';

/** `Điểm tối đa`, `Maximum`. */
export function roleLabel(role: ColumnRole, lang: LabelLanguage): string {
  return ROLE_WORDS[role].label[lang];
}

/** Every role's label in one language (the task pane's strings). */
export function roleLabels(lang: LabelLanguage): Record<ColumnRole, string> {
  const out = {} as Record<ColumnRole, string>;
  for (const role of COLUMN_ROLES) out[role] = roleLabel(role, lang);
  return out;
}

/** The label inside a sentence: `điểm tối đa`, `maximum`, `mã/STT`; an acronym stays (`N/A allowed`). */
export function roleInSentence(role: ColumnRole, lang: LabelLanguage): string {
  const label = roleLabel(role, lang);
  const first = label.split(' ')[0];
  return first.length > 1 && first === first.toUpperCase() ? label : label[0].toLowerCase() + label.slice(1);
}

/**
 * A score column in the findings' messages: the words after "điểm" in Vietnamese (`Điểm tự đánh giá của
 * 1.1…`), the label in a sentence in English (`The self score of 1.1…`).
 */
export function scoreColumnWords(role: 'self' | 'appraised'): { vi: string; en: string } {
  return { vi: roleLabel(role, 'vi').replace(/^Điểm /, ''), en: roleInSentence(role, 'en') };
}
