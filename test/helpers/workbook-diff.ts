// "Nothing of the user's data is lost": a readable list of what differs between two workbooks, for the
// sheets of `before` (or the named ones). Each sheet is reduced to a normalized snapshot (stable JSON of its
// ExcelJS model, cell by cell) and the snapshots are compared; an empty list means identical.
//
// Normalizations, all for things ExcelJS itself changes on a writeBuffer → load round trip (or that carry
// no meaning), so that a round trip compares equal:
//  - null, undefined, {} and [] are the same thing ("not set"); object keys are compared sorted.
//  - styles: a font equal to ExcelJS's default (Calibri 11, theme colour 1 — font 0 of every file it
//    writes), `border: {}`, `fill: { type: 'pattern', pattern: 'none' }`, numFmt 'General' and
//    `protection: { locked: true }` are "no style"; a Date cell without a numFmt is written with numFmtId 14,
//    so it reads back as 'mm-dd-yy'.
//  - cell values: a string and a single unformatted rich-text run are compared by content, not by ExcelJS
//    value type (String / SharedString / RichText); shared formulas are compared by each cell's own
//    (translated) formula text and cached result: which cell is the master and the shared range (assigned
//    when writing) are bookkeeping. Array formulas keep their range.
//  - data validations: ExcelJS keeps `add('C1:C100', …)` as one range key but loads one key per cell; both
//    are expanded to cells.
//  - conditional formats: `dxfId` and the rule's copy of `ref` (added when writing) are dropped; formulae
//    compare as strings.
//  - sheet views: the defaults a load fills in (workbookViewId 0, zoom 100, gridlines/headers/ruler shown,
//    left-to-right, frozen pane's topLeftCell) are applied to both sides; `tabSelected` is not read back by
//    ExcelJS and is ignored (it is UI state).
//  - page setup: the defaults a load fills in (portrait, DPI, copies, pageOrder, scale 100, fit 1×1…) are
//    filled in on both sides, and it compares key by key. firstPageNumber only counts when it is used
//    (useFirstPageNumber) and is not 1: a load sets firstPageNumber 1 / useFirstPageNumber false, and the next
//    write turns that into useFirstPageNumber="1".
//  - header/footer: false, null and '' entries are "not set" (ExcelJS does not write them).
//  - hyperlink tooltips: ExcelJS neither writes nor reads them (a tooltip set in memory is gone after a
//    round trip, and one in a user's file is never loaded), so they are not compared.
//  - sheet protection: ExcelJS writes only the non-default permission flags (selectLockedCells false,
//    formatCells true…) and loads the defaults as undefined; defaults are dropped. The hash and salt compare.
//  - columns: ExcelJS gives a column that has no width (only hidden, or only a style) width 9 without
//    isCustomWidth; that is "no width". Otherwise the width compares, isCustomWidth does not.
//  - the sheet's `dimensions` (computed) and rows' `collapsed` (derived from the outline level) are ignored.
// Not normalized, because they are real losses the diff must show: ExcelJS does not write a row that has no
// cells and no height (a hidden empty row comes back visible).
// Trap when changing a loaded workbook: cells of one xf share ONE style object, so `cell.font = …` changes
// every cell with that style; assign a new object (`cell.style = { ...cell.style, font }`) instead.
import ExcelJS from 'exceljs';

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };

// ---------- stable JSON ----------

/** Drops null/undefined, empty objects and empty arrays (recursively); Dates become ISO strings. */
function clean(v: unknown): Json | undefined {
  if (v === null || v === undefined) return undefined;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'number' || typeof v === 'string' || typeof v === 'boolean') return v;
  if (Array.isArray(v)) {
    const out = v.map((x) => clean(x) ?? null);
    return out.length === 0 ? undefined : out;
  }
  if (typeof v === 'object') {
    const out: { [key: string]: Json } = {};
    for (const key of Object.keys(v).sort()) {
      const c = clean((v as Record<string, unknown>)[key]);
      if (c !== undefined) out[key] = c;
    }
    return Object.keys(out).length === 0 ? undefined : out;
  }
  return undefined; // functions, symbols
}

/** Stable JSON ('' when not set). */
function stable(v: unknown): string {
  const c = clean(v);
  return c === undefined ? '' : JSON.stringify(c);
}

/** A copy of `obj` without the keys whose value equals the given default. */
function withoutDefaults(
  obj: Record<string, unknown> | null | undefined,
  defaults: Record<string, unknown>,
): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const [key, value] of Object.entries(obj ?? {})) {
    if (key in defaults && stable(defaults[key]) === stable(value)) continue;
    out[key] = value;
  }
  return out;
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v) && !(v instanceof Date);
}

// ---------- addresses ----------

function colLetters(col: number): string {
  let s = '';
  for (let n = col; n > 0; n = Math.floor((n - 1) / 26)) s = String.fromCharCode(65 + ((n - 1) % 26)) + s;
  return s;
}

function decodeAddress(a1: string): { row: number; col: number } {
  const m = /^\$?([A-Z]+)\$?(\d+)$/.exec(a1.toUpperCase());
  if (m === null) throw new Error(`not a cell address: ${a1}`);
  let col = 0;
  for (const ch of m[1]) col = col * 26 + ch.charCodeAt(0) - 64;
  return { row: Number(m[2]), col };
}

function compareAddresses(a: string, b: string): number {
  const x = decodeAddress(a);
  const y = decodeAddress(b);
  return x.row - y.row || x.col - y.col;
}

/** 'C1:D3' → every cell address in it; 'C1' → ['C1']. */
function expandRange(range: string): string[] {
  const [from, to = from] = range.replace(/^range:/, '').split(':');
  const a = decodeAddress(from);
  const b = decodeAddress(to);
  const out: string[] = [];
  for (let r = Math.min(a.row, b.row); r <= Math.max(a.row, b.row); r++) {
    for (let c = Math.min(a.col, b.col); c <= Math.max(a.col, b.col); c++) out.push(`${colLetters(c)}${r}`);
  }
  return out;
}

function sheetRef(name: string): string {
  return /^[\p{L}_][\p{L}\p{N}_.]*$/u.test(name) && !/^[A-Z]{1,3}\d+$/i.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

// ---------- the raw model (the parts of ws.model read here) ----------

interface RawCell {
  address: string;
  type: number;
  style?: Record<string, unknown>;
  comment?: { note?: unknown };
}
interface RawRow {
  number: number;
  cells?: RawCell[];
  height?: number;
  hidden?: boolean;
  outlineLevel?: number;
  collapsed?: boolean;
  style?: Record<string, unknown>;
}
interface RawCol {
  min: number;
  max: number;
  width?: number;
  isCustomWidth?: boolean;
  hidden?: boolean;
  outlineLevel?: number;
  collapsed?: boolean;
  style?: Record<string, unknown>;
}
interface RawConditionalFormatting {
  ref: string;
  rules?: Record<string, unknown>[];
}
interface RawSheetModel {
  rows?: (RawRow | null | undefined)[];
  cols?: RawCol[] | null;
  merges?: string[];
  conditionalFormattings?: RawConditionalFormatting[];
  dataValidations?: Record<string, unknown>;
  views?: Record<string, unknown>[] | null;
  sheetProtection?: Record<string, unknown> | null;
  pageSetup?: Record<string, unknown>;
  headerFooter?: Record<string, unknown> | null;
  properties?: Record<string, unknown>;
  autoFilter?: unknown;
  tables?: unknown[];
  media?: Record<string, unknown>[];
  rowBreaks?: unknown[];
}

// ---------- normalization ----------

const STYLE_PARTS = ['numFmt', 'font', 'fill', 'border', 'alignment', 'protection'] as const;
type StylePart = (typeof STYLE_PARTS)[number];
type StyleSnapshot = Record<StylePart, string>;

const DEFAULT_FONT = stable({ name: 'Calibri', size: 11, color: { theme: 1 }, family: 2, scheme: 'minor' });
const NO_FILL = stable({ type: 'pattern', pattern: 'none' });

/** The style without what means "no style" (see the header); parts that are not set are undefined. */
function normalizeStyleObject(
  style: Record<string, unknown> | undefined,
  isDate = false,
): Record<StylePart, Json | undefined> {
  const s = style ?? {};
  const numFmt = s.numFmt === 'General' ? undefined : (s.numFmt ?? (isDate ? 'mm-dd-yy' : undefined));
  const protection = isRecord(s.protection)
    ? withoutDefaults(s.protection, { locked: true, hidden: false })
    : s.protection;
  const font = clean(s.font);
  const fill = clean(s.fill);
  return {
    numFmt: clean(numFmt),
    font: font !== undefined && JSON.stringify(font) === DEFAULT_FONT ? undefined : font,
    fill: fill !== undefined && JSON.stringify(fill) === NO_FILL ? undefined : fill,
    border: clean(s.border),
    alignment: clean(s.alignment),
    protection: clean(protection),
  };
}

function normalizeStyle(style: Record<string, unknown> | undefined, isDate = false): StyleSnapshot {
  const o = normalizeStyleObject(style, isDate);
  return {
    numFmt: stable(o.numFmt),
    font: stable(o.font),
    fill: stable(o.fill),
    border: stable(o.border),
    alignment: stable(o.alignment),
    protection: stable(o.protection),
  };
}

function formatResult(v: unknown): string {
  if (v === undefined || v === null) return '';
  if (isRecord(v) && typeof v.error === 'string') return v.error;
  if (v instanceof Date) return v.toISOString();
  if (typeof v === 'boolean') return v ? 'TRUE' : 'FALSE';
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

function richText(runs: ExcelJS.RichText[]): string {
  if (runs.every((r) => stable(r.font) === '')) return JSON.stringify(runs.map((r) => r.text).join(''));
  return `rich text ${stable(runs)}`;
}

/** How a cell's value reads in a message: `"text"`, `3`, `=SUM(A1:A2) (cached 3)`, `#N/A`, … */
function describeValue(cell: ExcelJS.Cell): string {
  const v = cell.value;
  switch (cell.type) {
    case ExcelJS.ValueType.Null:
      return '(empty)';
    case ExcelJS.ValueType.Merge:
      return `(merged into ${cell.master.address})`;
    case ExcelJS.ValueType.Formula: {
      const f = v as ExcelJS.CellFormulaValue & { shareType?: string; ref?: string };
      const array = f.shareType === 'array' ? ` [array ${f.ref ?? ''}]` : '';
      const result = formatResult(cell.result);
      return `=${cell.formula}${array}${result === '' ? '' : ` (cached ${result})`}`;
    }
    case ExcelJS.ValueType.Hyperlink: {
      const h = v as ExcelJS.CellHyperlinkValue;
      const text =
        isRecord(h.text) && Array.isArray(h.text.richText)
          ? richText(h.text.richText as ExcelJS.RichText[])
          : JSON.stringify(h.text);
      return `${text} (link ${JSON.stringify(h.hyperlink)})`; // no tooltip: see the header
    }
    case ExcelJS.ValueType.RichText:
      return richText((v as ExcelJS.CellRichTextValue).richText);
    case ExcelJS.ValueType.Error:
      return (v as ExcelJS.CellErrorValue).error;
    default:
      return formatResult(v);
  }
}

function describeNote(note: unknown): string {
  if (note === undefined || note === null) return '';
  if (typeof note === 'string') return JSON.stringify(note);
  if (isRecord(note) && Array.isArray(note.texts)) return richText(note.texts as ExcelJS.RichText[]);
  return stable(note);
}

interface CellSnapshot {
  value: string;
  note: string;
  style: StyleSnapshot;
}

interface SheetSnapshot {
  name: string;
  state: string;
  cells: Map<string, CellSnapshot>;
  merges: string[];
  conditionalFormats: Map<string, string>;
  validations: Map<string, string>;
  columns: Map<string, Record<string, string>>;
  rows: Map<string, Record<string, string>>;
  parts: Record<string, string>;
}

const VIEW_DEFAULTS = {
  workbookViewId: 0,
  rightToLeft: false,
  state: 'normal',
  showRuler: true,
  showRowColHeaders: true,
  showGridLines: true,
  zoomScale: 100,
  zoomScaleNormal: 100,
};

function normalizeView(view: Record<string, unknown>): Record<string, unknown> {
  const { tabSelected: _ignored, ...rest } = view;
  const v: Record<string, unknown> = { ...VIEW_DEFAULTS, ...withoutDefaults(rest, {}) };
  for (const key of Object.keys(v))
    if (v[key] === undefined || v[key] === null) v[key] = VIEW_DEFAULTS[key as keyof typeof VIEW_DEFAULTS];
  if (v.state === 'frozen') {
    const x = typeof v.xSplit === 'number' ? v.xSplit : 0;
    const y = typeof v.ySplit === 'number' ? v.ySplit : 0;
    v.xSplit = x;
    v.ySplit = y;
    v.topLeftCell ??= `${colLetters(x + 1)}${y + 1}`;
  }
  return v;
}

const PAGE_SETUP_DEFAULTS = {
  orientation: 'portrait',
  horizontalDpi: 4294967295,
  verticalDpi: 4294967295,
  fitToPage: false,
  pageOrder: 'downThenOver',
  blackAndWhite: false,
  draft: false,
  cellComments: 'None',
  errors: 'displayed',
  scale: 100,
  fitToWidth: 1,
  fitToHeight: 1,
  usePrinterDefaults: false,
  copies: 1,
  showRowColHeaders: false,
  showGridLines: false,
  horizontalCentered: false,
  verticalCentered: false,
};

function normalizePageSetup(ps: Record<string, unknown> | undefined): Record<string, unknown> {
  const { useFirstPageNumber, firstPageNumber, ...rest } = ps ?? {};
  const used = useFirstPageNumber === false || firstPageNumber === 1 ? undefined : firstPageNumber;
  const given = Object.fromEntries(Object.entries(rest).filter(([, v]) => v !== null && v !== undefined));
  return { ...PAGE_SETUP_DEFAULTS, ...given, firstPageNumber: used };
}

// Flags that default to true (allowed) in ExcelJS's protection model; the others default to false.
const PROTECTION_DEFAULTS = {
  objects: true,
  scenarios: true,
  selectLockedCells: true,
  selectUnlockedCells: true,
  formatCells: false,
  formatColumns: false,
  formatRows: false,
  insertColumns: false,
  insertRows: false,
  insertHyperlinks: false,
  deleteColumns: false,
  deleteRows: false,
  sort: false,
  autoFilter: false,
  pivotTables: false,
};

function normalizeProtection(p: Record<string, unknown> | null | undefined): Record<string, unknown> | undefined {
  if (p === null || p === undefined) return undefined;
  const out = withoutDefaults(p, PROTECTION_DEFAULTS);
  for (const key of Object.keys(PROTECTION_DEFAULTS)) if (out[key] === undefined) delete out[key];
  return out;
}

function normalizeRule(rule: Record<string, unknown>): Record<string, unknown> {
  const { dxfId: _dxf, ref: _ref, style, formulae, ...rest } = rule;
  return {
    ...rest,
    formulae: Array.isArray(formulae) ? formulae.map((f) => String(f)) : formulae,
    style: isRecord(style) ? normalizeStyleObject(style) : style,
  };
}

function snapshot(ws: ExcelJS.Worksheet): SheetSnapshot {
  const model = ws.model as unknown as RawSheetModel;

  const cells = new Map<string, CellSnapshot>();
  for (const row of model.rows ?? []) {
    for (const raw of row?.cells ?? []) {
      const cell = ws.getCell(raw.address);
      const snap: CellSnapshot = {
        value: describeValue(cell),
        note: describeNote(raw.comment?.note),
        style: normalizeStyle(raw.style, cell.type === ExcelJS.ValueType.Date),
      };
      const empty =
        cell.type === ExcelJS.ValueType.Null && snap.note === '' && Object.values(snap.style).every((v) => v === '');
      if (!empty) cells.set(raw.address, snap);
    }
  }

  // Row attributes come from the Row objects, not ws.model: the model leaves out a row without cells or a
  // height, so ExcelJS never writes e.g. a hidden empty row. Reading the rows shows that loss.
  const rows = new Map<string, Record<string, string>>();
  const rowObjects = (ws as unknown as { _rows?: (RawRow | undefined | null)[] })._rows; // ExcelJS Row objects
  const rowAttrs = (rowObjects ?? model.rows ?? []).filter((r): r is RawRow => r !== undefined && r !== null);
  for (const row of rowAttrs) {
    const attrs = {
      height: stable(row.height),
      hidden: stable(row.hidden === true ? true : undefined),
      outlineLevel: stable(row.outlineLevel === 0 ? undefined : row.outlineLevel),
      style: stable(normalizeStyleObject(row.style)),
    };
    if (Object.values(attrs).some((v) => v !== '')) rows.set(String(row.number), attrs);
  }

  const columns = new Map<string, Record<string, string>>();
  for (const col of model.cols ?? []) {
    const attrs = {
      // ExcelJS gives a column without a width (e.g. only hidden) width 9 and isCustomWidth false.
      width: stable(col.isCustomWidth !== true && col.width === 9 ? undefined : col.width),
      hidden: stable(col.hidden === true ? true : undefined),
      outlineLevel: stable(col.outlineLevel === 0 ? undefined : col.outlineLevel),
      collapsed: stable(col.collapsed === true ? true : undefined),
      style: stable(normalizeStyleObject(col.style)),
    };
    if (!Object.values(attrs).some((v) => v !== '')) continue;
    for (let c = col.min; c <= col.max; c++) columns.set(colLetters(c), attrs);
  }

  const conditionalFormats = new Map<string, string>();
  const byRef = new Map<string, unknown[]>();
  for (const cf of model.conditionalFormattings ?? []) {
    byRef.set(cf.ref, [...(byRef.get(cf.ref) ?? []), ...(cf.rules ?? []).map(normalizeRule)]);
  }
  for (const [ref, rules] of byRef) conditionalFormats.set(ref, stable(rules));

  const validations = new Map<string, string>();
  for (const [key, dv] of Object.entries(model.dataValidations ?? {})) {
    for (const address of expandRange(key)) validations.set(address, stable(dv));
  }

  const headerFooter = Object.fromEntries(
    Object.entries(model.headerFooter ?? {}).filter(([, v]) => v !== false && v !== null && v !== ''),
  );
  const parts: Record<string, string> = {
    'sheet views (frozen panes, zoom, gridlines)': stable((model.views ?? []).map(normalizeView)),
    'sheet protection': stable(normalizeProtection(model.sheetProtection)),
  };
  // Records compare key by key, so a message names the one setting that changed.
  const flatten = (label: string, record: Record<string, unknown>): void => {
    for (const [key, value] of Object.entries(record)) {
      const v = stable(value);
      if (v !== '') parts[`${label} ${key}`] = v;
    }
  };
  flatten('page setup', normalizePageSetup(model.pageSetup));
  flatten('header/footer', headerFooter);
  flatten('sheet property', model.properties ?? {});
  Object.assign(parts, {
    'auto filter': stable(model.autoFilter),
    'row page breaks': stable(model.rowBreaks),
    tables: stable(model.tables),
    'images (anchors)': stable((model.media ?? []).map(({ imageId: _id, ...rest }) => rest)),
  });

  return {
    name: ws.name,
    state: ws.state ?? 'visible',
    cells,
    merges: [...(model.merges ?? [])].sort(),
    conditionalFormats,
    validations,
    columns,
    rows,
    parts,
  };
}

// ---------- comparison ----------

function show(s: string): string {
  return s === '' ? '(none)' : s;
}

/** Groups identical before → after changes over many cells into one line. */
function groupedCellChanges(
  where: string,
  what: string,
  before: Map<string, string>,
  after: Map<string, string>,
): string[] {
  const groups = new Map<string, string[]>();
  const keys = [...new Set([...before.keys(), ...after.keys()])].sort(compareAddresses);
  for (const key of keys) {
    const b = before.get(key) ?? '';
    const a = after.get(key) ?? '';
    if (a === b) continue;
    const k = JSON.stringify([b, a]);
    groups.set(k, [...(groups.get(k) ?? []), key]);
  }
  return [...groups].map(([k, addresses]) => {
    const [b, a] = JSON.parse(k) as [string, string];
    const at =
      addresses.length <= 4
        ? addresses.join(', ')
        : `${addresses.slice(0, 3).join(', ')}, … ${addresses[addresses.length - 1]} (${addresses.length} cells)`;
    return `${where}!${at}: ${what} ${show(b)} → ${show(a)}`;
  });
}

function compareAttrs(
  prefix: string,
  before: Map<string, Record<string, string>>,
  after: Map<string, Record<string, string>>,
  sort: (a: string, b: string) => number,
): string[] {
  const out: string[] = [];
  const empty: Record<string, string> = {};
  for (const key of [...new Set([...before.keys(), ...after.keys()])].sort(sort)) {
    const b = before.get(key) ?? empty;
    const a = after.get(key) ?? empty;
    for (const attr of new Set([...Object.keys(b), ...Object.keys(a)])) {
      if ((b[attr] ?? '') !== (a[attr] ?? ''))
        out.push(`${prefix} ${key} ${attr} ${show(b[attr] ?? '')} → ${show(a[attr] ?? '')}`);
    }
  }
  return out;
}

function compareSheets(b: SheetSnapshot, a: SheetSnapshot): string[] {
  const where = sheetRef(b.name);
  const out: string[] = [];
  if (b.state !== a.state) out.push(`${where}: state ${b.state} → ${a.state}`);

  for (const address of [...new Set([...b.cells.keys(), ...a.cells.keys()])].sort(compareAddresses)) {
    const x = b.cells.get(address);
    const y = a.cells.get(address);
    const xv = x?.value ?? '(empty)';
    const yv = y?.value ?? '(empty)';
    if (xv !== yv) out.push(`${where}!${address}: value ${xv} → ${yv}`);
    if ((x?.note ?? '') !== (y?.note ?? ''))
      out.push(`${where}!${address}: note ${show(x?.note ?? '')} → ${show(y?.note ?? '')}`);
    for (const part of STYLE_PARTS) {
      const xs = x?.style[part] ?? '';
      const ys = y?.style[part] ?? '';
      if (xs !== ys) out.push(`${where}!${address}: ${part} ${show(xs)} → ${show(ys)}`);
    }
  }

  const merges = new Set(a.merges);
  for (const m of b.merges) if (!merges.has(m)) out.push(`${where}: merge ${m} removed`);
  const before = new Set(b.merges);
  for (const m of a.merges) if (!before.has(m)) out.push(`${where}: merge ${m} added`);

  for (const ref of [...new Set([...b.conditionalFormats.keys(), ...a.conditionalFormats.keys()])].sort()) {
    const x = b.conditionalFormats.get(ref);
    const y = a.conditionalFormats.get(ref);
    if (x === y) continue;
    if (y === undefined) out.push(`${where}: conditional format ${ref} removed (rules ${x})`);
    else if (x === undefined) out.push(`${where}: conditional format ${ref} added (rules ${y})`);
    else out.push(`${where}: conditional format ${ref} rules ${x} → ${y}`);
  }

  out.push(...groupedCellChanges(where, 'data validation', b.validations, a.validations));
  out.push(
    ...compareAttrs(
      `${where}: column`,
      b.columns,
      a.columns,
      (p, q) => p.length - q.length || (p < q ? -1 : p > q ? 1 : 0),
    ),
  );
  out.push(...compareAttrs(`${where}: row`, b.rows, a.rows, (p, q) => Number(p) - Number(q)));
  for (const part of new Set([...Object.keys(b.parts), ...Object.keys(a.parts)])) {
    const x = b.parts[part] ?? '';
    const y = a.parts[part] ?? '';
    if (x !== y) out.push(`${where}: ${part} ${show(x)} → ${show(y)}`);
  }
  return out;
}

interface DefinedName {
  name: string;
  ranges: string[];
}

/** The sheets a defined name's ranges point at ('Sở Tư pháp'!$A$1 → Sở Tư pháp). */
function namedSheets(ranges: string[]): string[] {
  return ranges.map((r) => {
    const m = /^(?:'((?:[^']|'')+)'|([^!]+))!/.exec(r);
    return m === null ? '' : (m[1] ?? m[2]).replace(/''/g, "'");
  });
}

function compareDefinedNames(before: ExcelJS.Workbook, after: ExcelJS.Workbook, sheets: Set<string>): string[] {
  const read = (wb: ExcelJS.Workbook): Map<string, string> => {
    const out = new Map<string, string>();
    for (const dn of wb.definedNames.model as DefinedName[]) out.set(dn.name, stable([...dn.ranges].sort()));
    return out;
  };
  const b = read(before);
  const a = read(after);
  const out: string[] = [];
  for (const name of [...new Set([...b.keys(), ...a.keys()])].sort()) {
    const x = b.get(name);
    const y = a.get(name);
    if (x === y) continue;
    if (x === undefined) {
      // A new name that points only at other sheets (e.g. a ranking sheet the tool added) is not a change to
      // the compared sheets; a new name on a compared sheet, or one without a sheet, is.
      const touches = namedSheets(JSON.parse(y ?? '[]') as string[]);
      if (touches.every((s) => s !== '' && !sheets.has(s))) continue;
    }
    out.push(`defined name ${name}: ${show(x ?? '')} → ${show(y ?? '')}`);
  }
  return out;
}

/**
 * Human-readable differences between `before` and `after` for the sheets of `before` (or `opts.sheets`):
 * sheet order and state, cell values (formulas, shared formulas, rich text, hyperlinks, errors, notes) and
 * styles, merges, conditional formats, data validations, columns, rows, views, protection, page setup, and the
 * workbook's defined names (changed or removed ones; added ones only when they point at a compared sheet).
 * Sheets only in `after` are not reported. [] = identical.
 */
export function diffWorkbooks(
  before: ExcelJS.Workbook,
  after: ExcelJS.Workbook,
  opts: { sheets?: string[] } = {},
): string[] {
  const names = opts.sheets ?? before.worksheets.map((ws) => ws.name);
  const wanted = new Set(names);
  const out: string[] = [];
  const missingBefore = names.filter((n) => before.getWorksheet(n) === undefined);
  if (missingBefore.length > 0)
    throw new Error(
      `diffWorkbooks: no sheet ${missingBefore.map((n) => `"${n}"`).join(', ')} in the "before" workbook`,
    );

  const orderBefore = before.worksheets.map((ws) => ws.name).filter((n) => wanted.has(n));
  const orderAfter = after.worksheets.map((ws) => ws.name).filter((n) => wanted.has(n));
  for (const n of orderBefore) if (!orderAfter.includes(n)) out.push(`sheet ${sheetRef(n)} is missing`);
  const kept = orderBefore.filter((n) => orderAfter.includes(n));
  if (stable(kept) !== stable(orderAfter))
    out.push(`sheet order ${kept.map(sheetRef).join(', ')} → ${orderAfter.map(sheetRef).join(', ')}`);

  for (const name of kept) {
    const b = before.getWorksheet(name);
    const a = after.getWorksheet(name);
    if (b !== undefined && a !== undefined) out.push(...compareSheets(snapshot(b), snapshot(a)));
  }
  out.push(...compareDefinedNames(before, after, wanted));
  return out;
}

/** The normalized content of one sheet, one line per cell / attribute, for debugging a failing diff. */
export function dumpSheet(ws: ExcelJS.Worksheet): string[] {
  const s = snapshot(ws);
  const where = sheetRef(s.name);
  const out = [`${where}: state ${s.state}`];
  for (const [address, cell] of [...s.cells].sort(([p], [q]) => compareAddresses(p, q))) {
    const style = STYLE_PARTS.filter((p) => cell.style[p] !== '').map((p) => `${p} ${cell.style[p]}`);
    out.push(
      `${where}!${address}: ${cell.value}${cell.note === '' ? '' : ` note ${cell.note}`}${style.length === 0 ? '' : ` | ${style.join(' | ')}`}`,
    );
  }
  for (const m of s.merges) out.push(`${where}: merge ${m}`);
  for (const [ref, rules] of s.conditionalFormats) out.push(`${where}: conditional format ${ref} ${rules}`);
  for (const [address, dv] of s.validations) out.push(`${where}!${address}: data validation ${dv}`);
  for (const [col, attrs] of s.columns) out.push(`${where}: column ${col} ${stable(attrs)}`);
  for (const [row, attrs] of s.rows) out.push(`${where}: row ${row} ${stable(attrs)}`);
  for (const [part, value] of Object.entries(s.parts)) if (value !== '') out.push(`${where}: ${part} ${value}`);
  return out;
}
