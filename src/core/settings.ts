// Settings live in the workbook (sheet `Cấu hình`), so they travel with it; defaults otherwise.
import type {
  CellValue,
  ClassBand,
  ColumnMap,
  Finding,
  PrintLabels,
  RoundingMode,
  ScoreBasis,
  Settings,
  SheetSnapshot,
} from './types';
import { cellAddress, columnIndex, columnLetter } from './address';
import { readPlainNumber } from './cells';
import { COLUMN_ROLES, MAPPED_ROLES, SETTINGS_WORDS, settingsHeader } from './column-roles';
import { makeFinding } from './findings';
import { cellText, normalizeWords } from './text';

export const SETTINGS_SHEET_NAME = 'Cấu hình';

export const DEFAULT_BANDS: ClassBand[] = [
  { label: 'A', min: 90 },
  { label: 'B', min: 80 },
  { label: 'C', min: 70 },
  { label: 'Dưới 70%', min: 0 },
];

export function defaultSettings(): Settings {
  return {
    basis: 'auto',
    rounding: 'half-up',
    naMarkers: ['Không áp dụng', 'KAD', 'N/A', 'NA', 'Không phát sinh', 'KPS', 'Không đánh giá'],
    placeholderEvidence: [
      '-',
      '--',
      'x',
      '.',
      '...',
      '0',
      'không',
      'không có',
      'chưa có',
      'chưa',
      'n/a',
      'đang cập nhật',
      'bổ sung sau',
    ],
    bands: DEFAULT_BANDS.map((b) => ({ ...b })),
    blocks: [],
    unitBlocks: {},
    lastYearRanks: {},
    unranked: [],
    mappings: [],
    templateSheets: [],
  };
}

export const DEFAULT_PRINT_LABELS: PrintLabels = {
  placeDate: '……………, ngày …… tháng …… năm ……',
  leftTitle: ['NGƯỜI LẬP BIỂU'],
  leftName: '',
  rightTitle: ['TM. HỘI ĐỒNG THẨM ĐỊNH', 'CHỦ TỊCH'],
  rightName: '',
};

/** The print labels of `settings`, defaults where the settings sheet says nothing. */
export function printLabels(settings: Settings): PrintLabels {
  return { ...DEFAULT_PRINT_LABELS, ...settings.print };
}

/** Each print label's row in the settings sheet's general section: its key (as written) and how it is read. */
const PRINT_KEYS: { key: string; field: keyof PrintLabels; lines: boolean }[] = [
  { key: 'Địa danh, ngày tháng', field: 'placeDate', lines: false },
  { key: 'Ký bên trái', field: 'leftTitle', lines: true },
  { key: 'Người ký bên trái', field: 'leftName', lines: false },
  { key: 'Ký bên phải', field: 'rightTitle', lines: true },
  { key: 'Người ký bên phải', field: 'rightName', lines: false },
];

/** A title as lines (`;` or a line break between them); `-` alone for none. */
function titleLines(text: string): string[] {
  return text.trim() === '-' ? [] : splitList(text);
}

export function isSettingsSheetName(name: string): boolean {
  return ['cau hinh', 'cai dat', 'settings', 'thiet lap', 'cau hinh cham diem'].includes(normalizeWords(name));
}

type Section = 'general' | 'bands' | 'blocks' | 'units' | 'mapping';

const SECTION_TITLES: [Section, string[]][] = [
  ['general', ['chung', 'cai dat chung', 'cau hinh chung', 'general']],
  ['bands', ['xep loai', 'muc xep loai', 'classification', 'bands']],
  ['blocks', ['khoi', 'cac khoi', 'khoi xep hang', 'blocks']],
  ['units', ['don vi', 'cac don vi', 'units']],
  ['mapping', ['anh xa cot', 'cot', 'column mapping', 'mapping']],
];

function sectionOf(text: string): Section | null {
  const words = normalizeWords(text).replace(/^([ivx]+|\d+) /, '');
  for (const [section, titles] of SECTION_TITLES) if (titles.includes(words)) return section;
  return null;
}

/** The settings sheet's words for each score basis: the first is written, each is read (without case or diacritics). */
const BASIS_WORDS: Record<ScoreBasis, string[]> = {
  self: ['tự đánh giá', 'tự chấm', 'self', 'điểm tự đánh giá'],
  appraised: ['thẩm định', 'appraised', 'điểm thẩm định'],
  auto: ['tự động', 'auto', 'thẩm định nếu có'],
};

/** The same for the rounding of displayed percentages. */
const ROUNDING_WORDS: Record<RoundingMode, string[]> = {
  'half-up': ['làm tròn', 'half up', 'làm tròn lên', 'round'],
  truncate: ['cắt bỏ', 'cắt', 'truncate', 'làm tròn xuống', 'cắt bớt'],
};

function valueOf<T extends string>(text: string, table: Record<T, string[]>): T | null {
  const w = normalizeWords(text);
  for (const [value, words] of Object.entries(table) as [T, string[]][])
    if (words.some((word) => normalizeWords(word) === w)) return value;
  return null;
}

export function parseBasis(text: string): ScoreBasis | null {
  return valueOf(text, BASIS_WORDS);
}

function parseRounding(text: string): RoundingMode | null {
  return valueOf(text, ROUNDING_WORDS);
}

function splitList(text: string): string[] {
  return text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
}

const YES = new Set(['x', 'co', 'yes', 'y', '1', 'true']);

/** Which field a table-section column holds, by its header text. */
const TABLE_FIELDS: Record<string, string[]> = {
  block: ['khoi', 'block'],
  label: ['xep loai', 'loai', 'class', 'label'],
  min: ['tu', 'tu %', 'diem san', 'toi thieu', 'min', 'from', 'tu ty le', 'ty le tu'],
  template: ['trang bo tieu chi', 'bo tieu chi', 'trang mau', 'template'],
  sheet: ['trang', 'trang don vi', 'sheet', 'don vi'],
  lastYear: ['thu hang nam truoc', 'hang nam truoc', 'xep hang nam truoc', 'last year', 'last year rank'],
  unranked: ['khong xep hang', 'unranked', 'not ranked'],
  headerRow: ['dong tieu de', 'header row'],
};

function fieldOf(header: string, table: Record<string, readonly string[]>): string | null {
  const w = normalizeWords(header);
  for (const [field, names] of Object.entries(table)) if (names.includes(w)) return field;
  return null;
}

/** Reads the settings sheet over the defaults. Unreadable values keep the default and give a finding. */
export function parseSettingsSheet(
  sheet: SheetSnapshot,
  base: Settings = defaultSettings(),
): { settings: Settings; findings: Finding[] } {
  const settings: Settings = {
    ...base,
    bands: base.bands,
    blocks: [...base.blocks],
    unitBlocks: { ...base.unitBlocks },
    lastYearRanks: { ...base.lastYearRanks },
    unranked: [...base.unranked],
    mappings: [...base.mappings],
  };
  const findings: Finding[] = [];
  const bandsByBlock = new Map<string, ClassBand[]>();
  let section: Section | null = null;
  let header: (string | null)[] | null = null;
  const invalid = (r: number, c: number, key: string, value: string, fallback: string) =>
    findings.push(makeFinding('SETTINGS_INVALID', sheet.name, cellAddress(r, c), { key, value, fallback }));

  sheet.rows.forEach((row: CellValue[] | undefined, r) => {
    if (!row) return;
    const texts = row.map((v) => cellText(v));
    const first = texts.findIndex((t) => t !== '');
    if (first < 0) return;
    const filled = texts.filter((t) => t !== '').length;
    const title = filled === 1 ? sectionOf(texts[first]) : null;
    if (title) {
      section = title;
      header = null;
      return;
    }
    if (section === null) return;
    if (section === 'general') {
      const key = normalizeWords(texts[first]);
      const value = texts[first + 1] ?? '';
      if (value === '') return;
      if (/cach tinh diem|co so tinh diem|basis|diem dung de xep hang/.test(key)) {
        const basis = parseBasis(value);
        if (basis) settings.basis = basis;
        else invalid(r, first + 1, texts[first], value, base.basis);
      } else if (/lam tron|rounding/.test(key)) {
        const rounding = parseRounding(value);
        if (rounding) settings.rounding = rounding;
        else invalid(r, first + 1, texts[first], value, base.rounding);
      } else if (/khong ap dung|not applicable|na markers/.test(key)) {
        settings.naMarkers = splitList(value);
      } else if (/tai lieu khong hop le|placeholder/.test(key)) {
        settings.placeholderEvidence = splitList(value);
      } else {
        const label = PRINT_KEYS.find((k) => normalizeWords(k.key) === key);
        if (label) {
          const text = value.trim() === '-' ? '' : value.trim();
          settings.print = { ...settings.print, [label.field]: label.lines ? titleLines(value) : text };
        }
      }
      return;
    }
    if (header === null) {
      const table = section === 'mapping' ? { ...TABLE_FIELDS, ...SETTINGS_WORDS } : TABLE_FIELDS;
      header = texts.map((t) => (t === '' ? null : fieldOf(t, table)));
      return;
    }
    const cols = header;
    const get = (field: string): { text: string; col: number; value: CellValue } | null => {
      const c = cols.indexOf(field);
      return c < 0 ? null : { text: texts[c] ?? '', col: c, value: row[c] ?? null };
    };
    if (section === 'bands') {
      const label = get('label');
      const min = get('min');
      if (!label || label.text === '' || !min) return;
      const value = readPlainNumber(min.value);
      if (value === null) return void invalid(r, min.col, label.text, min.text, '—');
      const block = get('block')?.text ?? '';
      const list = bandsByBlock.get(block) ?? [];
      list.push({ label: label.text, min: value <= 1 && value > 0 && min.text.trim() !== '1' ? value * 100 : value });
      bandsByBlock.set(block, list);
    } else if (section === 'blocks') {
      const block = get('block');
      const template = get('template');
      if (block && block.text !== '' && template && template.text !== '')
        settings.blocks.push({ name: block.text, template: template.text });
    } else if (section === 'units') {
      const s = get('sheet');
      if (!s || s.text === '') return;
      const block = get('block');
      if (block && block.text !== '') settings.unitBlocks[s.text] = block.text;
      const last = get('lastYear');
      if (last && last.text !== '') {
        const rank = readPlainNumber(last.value);
        if (rank !== null && rank >= 1) settings.lastYearRanks[s.text] = Math.round(rank);
        else invalid(r, last.col, s.text, last.text, '—');
      }
      const unranked = get('unranked');
      if (unranked && YES.has(normalizeWords(unranked.text))) settings.unranked.push(s.text);
    } else if (section === 'mapping') {
      const s = get('sheet');
      if (!s || s.text === '') return;
      const columns: ColumnMap = {};
      for (const role of COLUMN_ROLES) {
        const cell = get(role);
        if (!cell || cell.text === '') continue;
        const index = columnIndex(cell.text);
        if (index === null) invalid(r, cell.col, `${s.text} / ${role}`, cell.text, '—');
        else columns[role] = index;
      }
      const hr = get('headerRow');
      const headerRow = hr ? readPlainNumber(hr.value) : null;
      settings.mappings.push({
        sheet: s.text,
        columns,
        ...(headerRow !== null && headerRow >= 1 ? { headerRow: headerRow - 1 } : {}),
      });
    }
  });

  const common = bandsByBlock.get('');
  if (common && common.length > 0) settings.bands = sortBands(common);
  for (const [block, bands] of bandsByBlock) {
    if (block === '') continue;
    const existing = settings.blocks.find((b) => normalizeWords(b.name) === normalizeWords(block));
    if (existing) existing.bands = sortBands(bands);
    else settings.blocks.push({ name: block, template: '', bands: sortBands(bands) });
  }
  return { settings, findings };
}

function sortBands(bands: ClassBand[]): ClassBand[] {
  return [...bands].sort((a, b) => b.min - a.min);
}

/** Merges explicit overrides (command-line options, the task pane) over workbook settings. */
export function withOverrides(settings: Settings, overrides: Partial<Settings> | undefined): Settings {
  if (!overrides) return settings;
  const merged: Settings = { ...settings };
  for (const [key, value] of Object.entries(overrides) as [keyof Settings, unknown][]) {
    if (value === undefined) continue;
    if (key === 'mappings') merged.mappings = [...(value as Settings['mappings']), ...settings.mappings];
    else (merged as unknown as Record<string, unknown>)[key] = value;
  }
  return merged;
}

const PRINT_HINT =
  'cuối các trang in (xếp hạng, tổng hợp, kiểm tra): dòng địa danh, ngày tháng và chữ ký; nhiều dòng cách nhau bởi ;, "-" để bỏ trống';

/** The settings sheet's content, in the format parseSettingsSheet reads (written when the sheet is absent). */
export function settingsSheetRows(settings: Settings, units: { sheet: string; block: string }[]): CellValue[][] {
  const rows: CellValue[][] = [
    ['CẤU HÌNH CHẤM ĐIỂM CHỈ SỐ CCHC / PAR INDEX SETTINGS'],
    [
      'Add-in tạo trang này với giá trị mặc định; có thể sửa, lần chạy sau dùng giá trị mới. / Created with defaults: edit it, the next run uses it.',
    ],
    [],
    ['Chung'],
    [
      'Cách tính điểm',
      BASIS_WORDS[settings.basis][0],
      'tự đánh giá / thẩm định / tự động (điểm thẩm định nếu Hội đồng đã chấm, nếu không thì điểm tự đánh giá)',
    ],
    [
      'Làm tròn',
      ROUNDING_WORDS[settings.rounding][0],
      'làm tròn / cắt bỏ: tỷ lệ % hiển thị 2 chữ số thập phân; xếp hạng luôn theo giá trị chính xác',
    ],
    ['Dấu hiệu không áp dụng', settings.naMarkers.join('; '), 'các giá trị, cách nhau bởi dấu ;'],
    [
      'Tài liệu không hợp lệ',
      settings.placeholderEvidence.join('; '),
      'ghi như vầy trong cột TLKC thì coi như chưa có tài liệu',
    ],
    ...PRINT_KEYS.map(({ key, field }, i): CellValue[] => {
      const v = printLabels(settings)[field];
      return [key, Array.isArray(v) ? v.join('; ') : v || '-', i === 0 ? PRINT_HINT : null];
    }),
    [],
    ['Xếp loại'],
    ['Khối', 'Xếp loại', 'Từ (%)'],
    ...settings.bands.map((b): CellValue[] => [null, b.label, b.min]),
  ];
  for (const block of settings.blocks) for (const b of block.bands ?? []) rows.push([block.name, b.label, b.min]);
  rows.push([], ['Khối'], ['Khối', 'Trang bộ tiêu chí']);
  for (const block of settings.blocks) if (block.template !== '') rows.push([block.name, block.template]);
  rows.push([], ['Đơn vị'], ['Trang', 'Khối', 'Thứ hạng năm trước', 'Không xếp hạng']);
  const unranked = new Set(settings.unranked);
  for (const u of units)
    rows.push([u.sheet, u.block, settings.lastYearRanks[u.sheet] ?? null, unranked.has(u.sheet) ? 'x' : null]);
  if (settings.mappings.length > 0) {
    rows.push([], ['Ánh xạ cột'], ['Trang', 'Dòng tiêu đề', ...MAPPED_ROLES.map(settingsHeader)]);
    for (const m of settings.mappings) {
      rows.push([
        m.sheet,
        m.headerRow === undefined ? null : m.headerRow + 1,
        ...MAPPED_ROLES.map((r) => (m.columns[r] === undefined ? null : columnLetter(m.columns[r] as number))),
      ]);
    }
  }
  return rows;
}
