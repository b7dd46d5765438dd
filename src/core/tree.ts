// Inferring the criteria hierarchy from the numbering: dotted (1, 1.1, 1.1.2) or mixed (Roman areas,
// criteria restarting at 1 in each area, lettered or dashed sub-criteria). A row's identity is its path.
import type { CellValue, CriteriaTree, CriterionKind, CriterionRow, SheetLayout, SheetSnapshot } from './types';
import { parseLevels, readPlainNumber } from './cells';
import { isColumnNumberRow } from './layout';
import { cellText, NON_ASCII, normalizeWords } from './text';

type CodeShape =
  | { shape: 'roman'; token: string }
  | { shape: 'dotted'; token: string; depth: number }
  | { shape: 'letter'; token: string }
  | { shape: 'bullet' }
  | { shape: 'other'; token: string }
  | { shape: 'none' };

const ROMAN = /^(?=[IVXL])(L?X{0,3})(IX|IV|V?I{0,3})\.?$/;
const DOTTED = /^\d{1,3}(\.\d{1,3})*\.?$/;
const LETTER = /^([a-zđ])[).]?$|^([A-ZĐ])\)$/u;
const BULLET = /^[-+•*–—]$/;
// A code written at the start of the name when there is no code column: `1.2. Ban hành…`, `a) Tỷ lệ…`.
const CODE_IN_NAME = /^((?:[IVXL]+|\d{1,3}(?:\.\d{1,3})*|[a-zđ])[.)])\s+(\S.*)$/u;
// `Tổng điểm…`, `Tổng cộng`, or a bare `Cộng`; never a criterion that merely starts with "Công…".
const TOTAL_LABEL = /^(tong diem|tong cong|tong so diem|grand total|total)( |$)|^(tong|cong|tong so|cong diem)$/;

export function classifyCode(raw: string): CodeShape {
  const code = (NON_ASCII.test(raw) ? raw.normalize('NFC') : raw).trim();
  if (code === '') return { shape: 'none' };
  const first = code.charCodeAt(0);
  const digitFirst = first >= 48 && first <= 57;
  if (!digitFirst && ROMAN.test(code)) return { shape: 'roman', token: code.replace(/\.$/, '') };
  if (digitFirst && DOTTED.test(code)) {
    const token = code.replace(/\.$/, '');
    return { shape: 'dotted', token, depth: token.split('.').length };
  }
  const letter = LETTER.exec(code);
  if (letter) return { shape: 'letter', token: (letter[1] ?? letter[2]).toLowerCase() };
  if (BULLET.test(code)) return { shape: 'bullet' };
  return { shape: 'other', token: code.replace(/\s+/g, '') };
}

export function isTotalLabel(text: string): boolean {
  // Total labels are short and start with T/C/G (Tổng, Cộng, Grand total, Total).
  if (text.length > 60 || !/^\s*[tcgTCG]/.test(text)) return false;
  const words = normalizeWords(text);
  return words !== '' && TOTAL_LABEL.test(words) && words.split(' ').length <= 6;
}

function kindFrom(kindCell: CellValue | undefined, name: string, inherited: CriterionKind): CriterionKind {
  if (kindCell !== undefined && kindCell !== null) {
    const k = normalizeWords(cellText(kindCell));
    if (/\b(thuong|cong|bonus)\b/.test(k)) return 'bonus';
    if (/\b(tru|penalty)\b/.test(k)) return 'penalty';
  }
  if (!/^\s*(điểm|diem|Điểm|ĐIỂM|DIEM|Diem|bonus|Bonus|BONUS|penalty|Penalty|PENALTY)/.test(name)) return inherited;
  const n = normalizeWords(name);
  if (/^(diem thuong|diem cong|bonus)\b/.test(n)) return 'bonus';
  if (/^(diem tru|penalty)\b/.test(n)) return 'penalty';
  return inherited;
}

const YES = new Set(['x', 'co', 'yes', 'y', '1', 'true', 'duoc', 'bat buoc', 'cho phep']);
const NO = new Set(['khong', 'no', 'n', '0', 'false', 'khong bat buoc', 'khong duoc']);

function flag(cell: CellValue | undefined, whenBlank: boolean): boolean {
  const t = normalizeWords(cellText(cell));
  if (t === '') return whenBlank;
  if (YES.has(t)) return true;
  if (NO.has(t)) return false;
  return whenBlank;
}

export interface TreeBuildResult {
  tree: CriteriaTree;
  /** Rows whose path was already taken (second and later occurrences). */
  duplicates: { key: string; row: number }[];
}

/** Reads the data rows under the header into a tree. Never throws on cell content. */
export function buildCriteriaTree(sheet: SheetSnapshot, layout: SheetLayout): TreeBuildResult {
  const cols = layout.columns;
  const at = (row: CellValue[] | undefined, col: number | undefined): CellValue | undefined =>
    col === undefined || !row ? undefined : row[col];

  interface Raw {
    row: number;
    shape: CodeShape;
    code: string;
    name: string;
    values: CellValue[];
  }
  const raws: Raw[] = [];
  let totalRow: number | null = null;
  let hasRoman = false;
  const firstData = layout.headerRow + 1;
  for (let r = firstData; r < sheet.rows.length; r++) {
    const values = sheet.rows[r];
    if (!values) continue;
    if (r <= firstData + 1 && isColumnNumberRow(values)) continue;
    let code = cellText(at(values, cols.code));
    let name = cellText(at(values, cols.name));
    if (code === '' && name === '') continue;
    // A total row carries no criterion code of its own (`Tổng` next to code `1` is a criterion).
    let shape = classifyCode(code);
    const uncoded = shape.shape === 'none' || shape.shape === 'other';
    if ((uncoded && isTotalLabel(name)) || (name === '' && isTotalLabel(code)) || (cols.name === cols.code && isTotalLabel(code))) {
      if (totalRow === null) totalRow = r;
      continue;
    }
    if (code === '' || cols.code === undefined || cols.code === cols.name) {
      const m = CODE_IN_NAME.exec(name.normalize('NFC'));
      if (m) {
        code = m[1];
        name = m[2];
        shape = classifyCode(code);
      } else if (cols.code === cols.name) {
        code = '';
        shape = { shape: 'none' };
      }
    }
    if (shape.shape === 'none' && readPlainNumber(at(values, cols.max)) === null) continue; // a note, not a criterion
    if (shape.shape === 'roman') hasRoman = true;
    raws.push({ row: r, shape, code, name, values });
  }

  const rows: CriterionRow[] = [];
  const byKey = new Map<string, CriterionRow>();
  const children = new Map<string | null, CriterionRow[]>();
  const duplicates: { key: string; row: number }[] = [];
  const stack: CriterionRow[] = [];
  const bulletCount = new Map<string, number>();
  let lastNumberedLevel = 0;
  let lastStructuredLevel = 0;
  let areaKey: string | null = null;

  for (const raw of raws) {
    const { shape } = raw;
    let level: number;
    switch (shape.shape) {
      case 'roman':
        level = 1;
        break;
      case 'dotted':
        level = shape.depth + (hasRoman ? 1 : 0);
        break;
      case 'letter':
        level = lastNumberedLevel + 1;
        break;
      default:
        level = lastStructuredLevel + 1;
    }
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    const parentKey = parent?.key ?? null;

    let key: string;
    switch (shape.shape) {
      case 'roman':
        key = shape.token;
        break;
      case 'dotted':
        key = hasRoman && areaKey !== null ? `${areaKey}.${shape.token}` : shape.token;
        break;
      case 'letter':
      case 'other':
        key = parentKey ? `${parentKey}.${shape.token}` : shape.token;
        break;
      default: {
        const n = (bulletCount.get(parentKey ?? '') ?? 0) + 1;
        bulletCount.set(parentKey ?? '', n);
        key = parentKey ? `${parentKey}.-${n}` : `-${n}`;
      }
    }

    if (byKey.has(key)) {
      duplicates.push({ key, row: raw.row });
      key = `${key}#${raw.row + 1}`;
    }
    const rawMax = readPlainNumber(at(raw.values, cols.max));
    const kind = kindFrom(at(raw.values, cols.kind), raw.name, parent?.kind ?? 'normal');
    const floorCell = readPlainNumber(at(raw.values, cols.floor));
    const floor = kind === 'penalty' ? -Math.abs(floorCell ?? rawMax ?? 0) : 0;
    const node: CriterionRow = {
      key,
      code: raw.code,
      name: raw.name,
      level,
      parentKey,
      row: raw.row,
      max: rawMax,
      kind,
      floor,
      levels: parseLevels(at(raw.values, cols.levels)),
      naAllowed: cols.naAllowed === undefined ? true : flag(at(raw.values, cols.naAllowed), false),
      evidenceRequired: cols.evidenceRequired === undefined ? true : flag(at(raw.values, cols.evidenceRequired), true),
    };
    rows.push(node);
    byKey.set(key, node);
    const siblings = children.get(parentKey);
    if (siblings) siblings.push(node);
    else children.set(parentKey, [node]);
    stack.push(node);
    if (shape.shape === 'roman' || shape.shape === 'dotted') lastNumberedLevel = level;
    if (shape.shape === 'roman' || shape.shape === 'dotted' || shape.shape === 'letter') lastStructuredLevel = level;
    if (level === 1) areaKey = key;
  }
  return { tree: { rows, byKey, children, totalRow }, duplicates };
}

export function isLeaf(tree: CriteriaTree, key: string): boolean {
  return !tree.children.has(key);
}

/** The maximum a criterion contributes to its parent: bonus and penalty rows add points, not maximum. */
export function contributesMax(row: CriterionRow): boolean {
  return row.kind === 'normal';
}
