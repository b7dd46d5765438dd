// Inferring the criteria hierarchy from the numbering: dotted (1, 1.1, 1.1.2) or mixed (Roman areas,
// criteria restarting at 1 in each area, lettered or dashed sub-criteria), possibly under parts A, B, …
// A row's identity is its path.
import type {
  CellValue,
  ColumnRole,
  CriteriaTree,
  CriterionKind,
  CriterionRow,
  SheetLayout,
  SheetSnapshot,
} from './types';
import { parseLevels, readPlainNumber } from './cells';
import { Cyrb53 } from './hash';
import { isColumnNumberRow } from './layout';
import { levelRowKeys } from './rules/level-rows';
import { cellText, NON_ASCII, normalizeWords } from './text';

type CodeShape =
  | { shape: 'part'; token: string }
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
// A part above the areas: `A`, `B.`, `C)`, `PHẦN A`, `Phần I`; in the name: `A. ĐIỂM THẨM ĐỊNH`.
const PART_CODE = /^(?:(phần|Phần|PHẦN)\s+([A-ZĐ]|[IVX]+)|([A-ZĐ]))\s*([.):]?)$/u;
const PART_IN_NAME = /^(?:(phần|Phần|PHẦN)\s+([A-ZĐ]|[IVX]+)\s*([.):\-–]?)|([A-ZĐ])\s*([.)]))\s+(\S.*)$/u;
// `Tổng điểm…`, `Tổng cộng`, or a bare `Cộng`; never a criterion that merely starts with "Công…".
const TOTAL_LABEL = /^(tong diem|tong cong|tong so diem|grand total|total)( |$)|^(tong|cong|tong so|cong diem)$/;
const TOTAL_START = /^(tong diem|tong cong|tong so diem)( |$)/;
// Numbers naming what is summed (`I II VIII`, `1 2 8`): not words of the label.
const NUMERAL_WORD = /^(\d+|[ivxl]+)$/;

/** Codes read so far: unit sheets repeat their template's codes, thousands of times over. */
const codeShapes = new Map<string, CodeShape>();

export function classifyCode(raw: string): CodeShape {
  let shape = codeShapes.get(raw);
  if (shape === undefined) {
    shape = readCodeShape(raw);
    if (codeShapes.size < 10000) codeShapes.set(raw, shape);
  }
  return shape;
}

function readCodeShape(raw: string): CodeShape {
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
  // `(I+II+…+VIII)` says what is summed, not what the row is.
  const bare = text.replace(/\([^()]*\)/g, ' ').trim();
  // Total labels are short and start with T/C/G (Tổng, Cộng, Grand total, Total).
  if (bare.length > 60 || !/^[tcgTCG]/.test(bare)) return false;
  const words = normalizeWords(bare);
  return words !== '' && TOTAL_LABEL.test(words) && words.split(' ').filter((w) => !NUMERAL_WORD.test(w)).length <= 6;
}

/** `Tổng điểm…`, `Tổng cộng…`, `Tổng số điểm…` of any length: a total when nothing else on the row is a code. */
function startsAsTotal(text: string): boolean {
  return /^[tT]/.test(text) && TOTAL_START.test(normalizeWords(text));
}

function isTotalRow(code: string, name: string, shape: CodeShape, oneColumn: boolean): boolean {
  // A total row carries no criterion code of its own (`Tổng` next to code `1` is a criterion).
  const uncoded = shape.shape === 'none' || shape.shape === 'other';
  if ((uncoded && isTotalLabel(name)) || ((name === '' || oneColumn) && isTotalLabel(code))) return true;
  const label = name === '' || oneColumn ? code : code === '' ? name : '';
  return label !== '' && startsAsTotal(label);
}

/** Bonus or penalty as a kind cell says it; null for anything else (`Thường`, ordinary). */
function kindOfText(text: string): CriterionKind | null {
  const lower = text.normalize('NFC').toLowerCase();
  const words = normalizeWords(lower);
  if (/\bbonus\b/.test(words)) return 'bonus';
  if (NON_ASCII.test(lower)) {
    // `thưởng` (bonus) and `thường` (ordinary) are one word once diacritics go: compare them with diacritics.
    if (/(^|[^\p{L}])(thưởng|cộng)(?![\p{L}])/u.test(lower)) return 'bonus';
  } else if (/\bcong\b|^diem thuong\b/.test(words)) {
    // Without diacritics a bare `thuong` may be either word; `cong` (cộng) and `diem thuong` (nobody calls
    // an ordinary row "điểm thường") are plainly a bonus, as a criterion named so is.
    return 'bonus';
  }
  if (/\b(tru|penalty)\b/.test(words)) return 'penalty';
  return null;
}

function kindOfName(name: string): CriterionKind | null {
  const n = normalizeWords(name);
  if (/^(diem tru|penalty)\b/.test(n)) return 'penalty';
  if (!/^(diem thuong|diem cong|bonus)\b/.test(n)) return null;
  // A criterion named `Diem thuong` can only be a bonus; `Điểm thường` would say ordinary.
  return /^\s*điểm\s+thường(?![\p{L}])/u.test(name.normalize('NFC').toLowerCase()) ? null : 'bonus';
}

function kindFrom(kindCell: CellValue | undefined, name: string, inherited: CriterionKind): CriterionKind {
  const fromCell = kindCell === undefined || kindCell === null ? null : kindOfText(cellText(kindCell));
  if (fromCell) return fromCell;
  if (!/^\s*(điểm|diem|Điểm|ĐIỂM|DIEM|Diem|bonus|Bonus|BONUS|penalty|Penalty|PENALTY)/.test(name)) return inherited;
  return kindOfName(name) ?? inherited;
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
  /** The tree with every row read, scoring levels included. */
  full: CriteriaTree;
  /** Uncoded rows under a criterion read as its scoring levels, not sub-criteria (zero-based sheet rows). */
  levelRows: { parentKey: string; rows: number[] }[];
  levelKeys: ReadonlySet<string>;
}

/** How a row reads if it turns out to be a part; `style` is how its code is written (`*.`, `PHẦN *`). */
interface PartReading {
  token: string;
  style: string;
  code: string;
  name: string;
}

interface Raw {
  row: number;
  shape: CodeShape;
  code: string;
  name: string;
  values: CellValue[];
  part: PartReading | null;
  /** No code and no maximum: a note, unless it is a part. */
  noteUnlessPart: boolean;
}

function partFromCode(code: string, name: string): PartReading | null {
  // Hot path (every row): a part code is a capital letter or `Phần …`, never a number.
  const first = code.charCodeAt(0);
  if (code === '' || (first >= 48 && first <= 57)) return null;
  const m = PART_CODE.exec((NON_ASCII.test(code) ? code.normalize('NFC') : code).trim());
  if (!m) return null;
  const token = m[2] ?? m[3];
  return { token, style: `${m[1] ? m[1].toUpperCase() + ' ' : ''}*${m[4]}`, code, name };
}

function partFromName(name: string): PartReading | null {
  const m = PART_IN_NAME.exec(name.normalize('NFC'));
  if (!m) return null;
  const token = m[2] ?? m[4];
  const prefix = m[1] ? `${m[1].toUpperCase()} ` : '';
  const mark = m[3] ?? m[5] ?? '';
  return { token, style: `name:${prefix}*${mark}`, code: `${prefix}${token}${mark}`.trim(), name: m[6] };
}

/** The data rows under the header that may be criteria, and the total row. */
function readRaws(sheet: SheetSnapshot, layout: SheetLayout): { raws: Raw[]; totalRow: number | null } {
  const cols = layout.columns;
  const oneColumn = cols.name === cols.code;
  const raws: Raw[] = [];
  let totalRow: number | null = null;
  const firstData = layout.headerRow + 1;
  for (let r = firstData; r < sheet.rows.length; r++) {
    const values = sheet.rows[r];
    if (!values) continue;
    if (r <= firstData + 1 && isColumnNumberRow(values)) continue;
    let code = cellText(at(values, cols.code));
    let name = cellText(at(values, cols.name));
    if (code === '' && name === '') continue;
    let shape = classifyCode(code);
    if (isTotalRow(code, name, shape, oneColumn)) {
      if (totalRow === null) totalRow = r;
      continue;
    }
    let part = shape.shape === 'roman' ? null : partFromCode(code, name);
    if (code === '' || cols.code === undefined || oneColumn) {
      const m = CODE_IN_NAME.exec(name.normalize('NFC'));
      if (m) {
        code = m[1];
        name = m[2];
        shape = classifyCode(code);
      } else {
        part = partFromName(name) ?? part;
        if (oneColumn) {
          code = '';
          shape = { shape: 'none' };
        }
      }
    }
    const noMax = readPlainNumber(at(values, cols.max)) === null;
    if (shape.shape === 'none' && noMax && !part) continue; // a note, not a criterion
    raws.push({ row: r, shape, code, name, values, part, noteUnlessPart: shape.shape === 'none' && noMax });
  }
  return { raws, totalRow };
}

const at = (row: CellValue[] | undefined, col: number | undefined): CellValue | undefined =>
  col === undefined || !row ? undefined : row[col];

/**
 * Parts (`A. Điểm thẩm định`, `B. Điểm điều tra xã hội học`) stand above the areas. Parts are only
 * recognised when the sheet's first numbered row is one, followed by a Roman area or criterion `1`; later
 * parts are written the same way and open the same way. Capital-letter sub-criteria (`A)`, `B)`) stay.
 */
function resolveParts(raws: Raw[]): { raws: Raw[]; hasParts: boolean } {
  const opens = (i: number): boolean => {
    const n = raws[i + 1]?.shape;
    return n?.shape === 'roman' || (n?.shape === 'dotted' && n.token === '1');
  };
  const first = raws.findIndex((r) => r.part !== null || r.shape.shape === 'roman' || r.shape.shape === 'dotted');
  const lead = first >= 0 ? raws[first].part : null;
  if (!lead || !opens(first)) return { raws: raws.filter((r) => !r.noteUnlessPart), hasParts: false };
  const used = new Set<string>();
  const out: Raw[] = [];
  raws.forEach((r, i) => {
    if (r.part && r.part.style === lead.style && opens(i) && !used.has(r.part.token)) {
      used.add(r.part.token);
      out.push({ ...r, shape: { shape: 'part', token: r.part.token }, code: r.part.code, name: r.part.name });
    } else if (!r.noteUnlessPart) out.push(r);
  });
  return { raws: out, hasParts: true };
}

/** Reads the data rows under the header into a tree. Never throws on cell content. */
export function buildCriteriaTree(sheet: SheetSnapshot, layout: SheetLayout): TreeBuildResult {
  const read = readRaws(sheet, layout);
  const { raws, hasParts } = resolveParts(read.raws);
  const placed = placeRows(raws, layout, hasParts);
  const tree: CriteriaTree = {
    rows: placed.rows,
    byKey: placed.byKey,
    children: placed.children,
    totalRow: read.totalRow,
  };
  const guidance = levelRowKeys(tree, placed.loose, placed.areaLevel);
  return {
    tree: withoutRows(tree, guidance),
    full: tree,
    duplicates: placed.duplicates,
    levelRows: levelRowsOf(tree, guidance),
    levelKeys: guidance,
  };
}

/** The columns readRaws and makeNode read: a role they start to read belongs here, or trees are shared wrongly. */
const TREE_ROLES: readonly ColumnRole[] = [
  'code',
  'name',
  'max',
  'kind',
  'floor',
  'levels',
  'naAllowed',
  'evidenceRequired',
];

/**
 * Trees built once per criteria table: unit sheets copied from one template hold the same codes, names and
 * maxima row for row and differ in their scores, which a tree never reads. A tree is not changed once built,
 * so sheets with the same table share one (a fifth of the analysis at 300 unit sheets was building them again).
 */
export class CriteriaTrees {
  /** Trees built, by the hash of what they were built from; each with that sheet and layout, to compare. */
  private readonly built = new Map<number, { sheet: SheetSnapshot; layout: SheetLayout; result: TreeBuildResult }[]>();
  private readonly hasher = new Cyrb53();
  private readonly pair: [number, number] = [0, 0];

  build(sheet: SheetSnapshot, layout: SheetLayout): TreeBuildResult {
    const hash = this.inputsHash(sheet, layout);
    const seen = this.built.get(hash);
    for (const e of seen ?? []) if (sameTreeInputs(e.sheet, e.layout, sheet, layout)) return e.result;
    const result = buildCriteriaTree(sheet, layout);
    const entry = { sheet, layout, result };
    if (seen) seen.push(entry);
    else this.built.set(hash, [entry]);
    return result;
  }

  /**
   * A hash of everything buildCriteriaTree reads: the header row, the columns it reads and their cells on every
   * row below, with their types, and whether one of the first two is a row of column numbers (skipped). Fed
   * cell by cell: spelling it out as one text per sheet (10 KB each) was a tenth of reading 300 units.
   */
  private inputsHash(sheet: SheetSnapshot, layout: SheetLayout): number {
    const h = this.hasher.reset().code(layout.headerRow).code(sheet.rows.length);
    const read = treeColumns(layout);
    for (const col of read) h.code(col ?? -1);
    const firstData = layout.headerRow + 1;
    for (let r = firstData; r < sheet.rows.length; r++) {
      const values = sheet.rows[r];
      if (!values) {
        h.code(-2);
        continue;
      }
      h.code(r <= firstData + 1 && isColumnNumberRow(values) ? -3 : -4);
      for (const col of read) if (col !== undefined) hashCell(h, values[col]);
    }
    const [lo, hi] = h.digest(this.pair);
    return hi * 2 ** 32 + lo;
  }
}

function treeColumns(layout: SheetLayout): (number | undefined)[] {
  return TREE_ROLES.map((role) => layout.columns[role]);
}

function hashCell(h: Cyrb53, v: CellValue | undefined): void {
  if (v === undefined) h.code(1);
  else if (v === null) h.code(2);
  else if (typeof v === 'number') h.code(3).number(v);
  else if (typeof v === 'boolean') h.code(v ? 4 : 5);
  else if (typeof v === 'string') h.code(6).code(v.length).text(v);
  else h.code(7).text(v.error);
}

/** Whether buildCriteriaTree reads the same from both: then it builds the same tree. */
function sameTreeInputs(a: SheetSnapshot, la: SheetLayout, b: SheetSnapshot, lb: SheetLayout): boolean {
  if (la.headerRow !== lb.headerRow || a.rows.length !== b.rows.length) return false;
  const read: number[] = [];
  for (const role of TREE_ROLES) {
    const col = la.columns[role];
    if (col !== lb.columns[role]) return false;
    if (col !== undefined) read.push(col);
  }
  const firstData = la.headerRow + 1;
  for (let r = firstData; r < a.rows.length; r++) {
    const va = a.rows[r];
    const vb = b.rows[r];
    if (!va || !vb) {
      if (!va !== !vb) return false;
      continue;
    }
    if (r <= firstData + 1 && isColumnNumberRow(va) !== isColumnNumberRow(vb)) return false;
    for (let k = 0; k < read.length; k++) {
      const x = va[read[k]];
      const y = vb[read[k]];
      // Mostly the very same value (the reader keeps one copy of each text): told at once.
      if (x === y ? x === 0 && !Object.is(x, y) : !sameCell(x, y)) return false;
    }
  }
  return true;
}

/** Two values that are not ===: the same only as NaN and NaN, or as error values of one text. */
function sameCell(x: CellValue | undefined, y: CellValue | undefined): boolean {
  if (typeof x === 'number' && typeof y === 'number') return Number.isNaN(x) && Number.isNaN(y);
  if (typeof x === 'object' && x !== null && typeof y === 'object' && y !== null) return x.error === y.error;
  return false;
}

/**
 * A unit sheet read with its template's scoring levels: the template decides which rows are levels, so a
 * unit that altered a maximum or left it blank keeps the template's structure.
 */
export function withTemplateLevels(built: TreeBuildResult, templateLevels: ReadonlySet<string>): TreeBuildResult {
  const keys = new Set([...templateLevels].filter((k) => built.full.byKey.has(k)));
  return { ...built, tree: withoutRows(built.full, keys), levelRows: levelRowsOf(built.full, keys), levelKeys: keys };
}

function levelRowsOf(tree: CriteriaTree, keys: ReadonlySet<string>): { parentKey: string; rows: number[] }[] {
  const byParent = new Map<string, number[]>();
  for (const key of keys) {
    const row = tree.byKey.get(key);
    if (!row || row.parentKey === null) continue;
    byParent.set(row.parentKey, [...(byParent.get(row.parentKey) ?? []), row.row]);
  }
  return [...byParent].map(([parentKey, rows]) => ({ parentKey, rows }));
}

interface Placed {
  rows: CriterionRow[];
  byKey: Map<string, CriterionRow>;
  children: Map<string | null, CriterionRow[]>;
  duplicates: { key: string; row: number }[];
  /** Keys of rows without a code of their own (blank or a dash). */
  loose: Set<string>;
  /** Level of the areas (lĩnh vực); parts, when there are any, are above them. */
  areaLevel: number;
}

/** How a sheet numbers its rows: whether parts stand above the areas, where criteria numbering restarts. */
interface Numbering {
  hasParts: boolean;
  romanLevel: number;
  /** Criteria 1, 2, … restart under the row at this level (0: numbered once for the whole sheet). */
  restartLevel: number;
}

function numberingOf(raws: Raw[], hasParts: boolean): Numbering & { areaLevel: number } {
  const hasRoman = raws.some((r) => r.shape.shape === 'roman');
  // Parts take level 1 and push the Roman areas down to 2.
  const romanLevel = hasParts ? 2 : 1;
  const restartLevel = hasRoman ? romanLevel : hasParts ? 1 : 0;
  // A flat list of criteria 1, 2, 3 has no areas.
  const nested = hasRoman || hasParts || raws.some((r) => r.shape.shape === 'dotted' && r.shape.depth > 1);
  return { hasParts, romanLevel, restartLevel, areaLevel: nested ? Math.max(restartLevel, 1) : 0 };
}

function levelOf(shape: CodeShape, n: Numbering, lastNumbered: number, lastStructured: number): number {
  switch (shape.shape) {
    case 'part':
      return 1;
    case 'roman':
      return n.romanLevel;
    case 'dotted':
      return shape.depth + n.restartLevel;
    case 'letter':
      return lastNumbered + 1;
    default:
      return lastStructured + 1;
  }
}

/** The row's path; `stack` holds its ancestors, nearest last. */
function keyOf(shape: CodeShape, stack: CriterionRow[], n: Numbering, bulletCount: Map<string, number>): string {
  const parentKey = stack.length > 0 ? stack[stack.length - 1].key : null;
  switch (shape.shape) {
    case 'part':
      return shape.token;
    case 'roman':
      return n.hasParts && parentKey !== null ? `${parentKey}.${shape.token}` : shape.token;
    case 'dotted': {
      // The path goes through the area (or part) where the numbering restarts.
      const area = n.restartLevel > 0 ? nearest(stack, n.restartLevel) : null;
      return area ? `${area.key}.${shape.token}` : shape.token;
    }
    case 'letter':
    case 'other':
      return parentKey ? `${parentKey}.${shape.token}` : shape.token;
    default: {
      const count = (bulletCount.get(parentKey ?? '') ?? 0) + 1;
      bulletCount.set(parentKey ?? '', count);
      return parentKey ? `${parentKey}.-${count}` : `-${count}`;
    }
  }
}

function nearest(stack: CriterionRow[], maxLevel: number): CriterionRow | null {
  for (let i = stack.length - 1; i >= 0; i--) if (stack[i].level <= maxLevel) return stack[i];
  return null;
}

function placeRows(raws: Raw[], layout: SheetLayout, hasParts: boolean): Placed {
  const numbering = numberingOf(raws, hasParts);
  const out: Placed = {
    rows: [],
    byKey: new Map(),
    children: new Map(),
    duplicates: [],
    loose: new Set(),
    areaLevel: numbering.areaLevel,
  };
  const stack: CriterionRow[] = [];
  const bulletCount = new Map<string, number>();
  let lastNumberedLevel = 0;
  let lastStructuredLevel = 0;

  for (const raw of raws) {
    const { shape } = raw;
    const level = levelOf(shape, numbering, lastNumberedLevel, lastStructuredLevel);
    while (stack.length > 0 && stack[stack.length - 1].level >= level) stack.pop();
    const parent = stack.length > 0 ? stack[stack.length - 1] : null;
    let key = keyOf(shape, stack, numbering, bulletCount);
    if (out.byKey.has(key)) {
      out.duplicates.push({ key, row: raw.row });
      key = `${key}#${raw.row + 1}`;
    }
    const node = makeNode(raw, layout.columns, key, level, parent);
    out.rows.push(node);
    out.byKey.set(key, node);
    const siblings = out.children.get(node.parentKey);
    if (siblings) siblings.push(node);
    else out.children.set(node.parentKey, [node]);
    stack.push(node);
    if (shape.shape === 'none' || shape.shape === 'bullet') out.loose.add(key);
    if (shape.shape === 'part' || shape.shape === 'roman' || shape.shape === 'dotted') lastNumberedLevel = level;
    if (shape.shape === 'part' || shape.shape === 'roman' || shape.shape === 'dotted' || shape.shape === 'letter')
      lastStructuredLevel = level;
  }
  return out;
}

/**
 * A code in one normal form whatever its source (a code column, the start of the name, `I.` or `I`, `a)` or
 * `a.`): the token its path is built from (`I`, `1.2`, `a`, a part's letter), as written for a dash or an
 * unrecognised code.
 */
export function normalCode(shape: CodeShape, written: string): string {
  switch (shape.shape) {
    case 'part':
    case 'roman':
    case 'dotted':
    case 'letter':
      return shape.token;
    case 'none':
      return '';
    default:
      return written.trim();
  }
}

function makeNode(
  raw: Raw,
  cols: SheetLayout['columns'],
  key: string,
  level: number,
  parent: CriterionRow | null,
): CriterionRow {
  const rawMax = readPlainNumber(at(raw.values, cols.max));
  const kind = kindFrom(at(raw.values, cols.kind), raw.name, parent?.kind ?? 'normal');
  const floorCell = readPlainNumber(at(raw.values, cols.floor));
  return {
    key,
    code: normalCode(raw.shape, raw.code),
    name: raw.name,
    level,
    parentKey: parent?.key ?? null,
    row: raw.row,
    max: rawMax,
    kind,
    floor: kind === 'penalty' ? -Math.abs(floorCell ?? rawMax ?? 0) : 0,
    levels: parseLevels(at(raw.values, cols.levels)),
    naAllowed: cols.naAllowed === undefined ? true : flag(at(raw.values, cols.naAllowed), false),
    evidenceRequired: cols.evidenceRequired === undefined ? true : flag(at(raw.values, cols.evidenceRequired), true),
  };
}

function withoutRows(tree: CriteriaTree, drop: Set<string>): CriteriaTree {
  if (drop.size === 0) return tree;
  const rows = tree.rows.filter((r) => !drop.has(r.key));
  const children = new Map<string | null, CriterionRow[]>();
  for (const [key, kids] of tree.children) {
    const kept = kids.filter((k) => !drop.has(k.key));
    // A criterion left without children is a leaf again: scored on its own row.
    if (kept.length > 0) children.set(key, kept);
  }
  return { rows, byKey: new Map(rows.map((r) => [r.key, r])), children, totalRow: tree.totalRow };
}

export function isLeaf(tree: CriteriaTree, key: string): boolean {
  return !tree.children.has(key);
}

/** The maximum a criterion contributes to its parent: bonus and penalty rows add points, not maximum. */
export function contributesMax(row: CriterionRow): boolean {
  return row.kind === 'normal';
}
