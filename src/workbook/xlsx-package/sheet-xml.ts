// Worksheet XML for the package writer: the sheets the tool creates are written whole from a small model;
// a user's sheet is only touched as text, around the tool's own conditional-formatting elements, which go at
// their schema position (ECMA-376 CT_Worksheet) with priorities unique in the sheet.
//
// A user's sheet can be gigabytes: it is kept as bytes, split once after its `</sheetData>` (found from the
// end, where the few elements that follow the cells are), and only that tail is decoded, parsed and edited.
import { cellAddress, columnLetter, parseRange, quoteSheetName, type RangeBox } from '../../core/address';
import {
  isPlanFormula,
  isTaggedHighlight,
  type CellStyle,
  type ConditionalRule,
  footerCodes,
  type PageSetup,
  type PaperSize,
  type PlanChart,
  type PlanCell,
} from '../../core/plan-types';
import { MAX_COLUMNS } from '../../core/excel-limits';
import { r1c1ToA1 } from '../../core/r1c1';
import type { CellValue } from '../../core/types';
import { toFileFormula, XLFN_FUNCTIONS } from '../file-formula';
import { normalizeRange, ruleMatches, type FoundRule } from '../rule-match';
import { PackageError } from './package-error';
import { badXml } from './parts';
import { PendingPart } from './package';
import { SheetEndFinder, type SheetEnd } from './sheet-end';
import type { SheetRewriter } from './sheet-rewriter';
import { crc32, RawDeflater, type Deflated, type StoredPart } from './zip';
import type { StylesEditor } from './styles';
import {
  applyEdits,
  childrenNamed,
  encodeOoxmlText,
  escapeXml,
  escapeXmlText,
  firstChild,
  parseXml,
  prefixOf,
  setAttributeEdit,
  type TextEdit,
  type XmlNode,
} from './xml';

export const SPREADSHEETML_NS = 'http://schemas.openxmlformats.org/spreadsheetml/2006/main';

const argb = (rrggbb: string): string => `FF${rrggbb.toUpperCase()}`;

// ---------------------------------------------------------------------------------------------------------
// Cells

/** A call of a function the file spells with `_xlfn.` may be in the formula (else it is written as it is). */
const MAY_NEED_XLFN = new RegExp(
  `(?:${[...XLFN_FUNCTIONS].map((f) => f.replace(/[.]/g, '\\.')).join('|')})\\s*\\(`,
  'i',
);

/** `toFileFormula`, skipped for the many formulas that call no such function. */
function fileFormula(formula: string): string {
  return MAY_NEED_XLFN.test(formula) ? toFileFormula(formula) : formula;
}

function numberText(n: number): string {
  return Object.is(n, -0) ? '0' : String(n);
}

/**
 * Numbers as written, each made once per sheet (up to a few thousand): a calculation sheet repeats the same few
 * hundred points and maxima hundreds of thousands of times, and a double's shortest text is slow to make.
 */
class NumberTexts {
  private readonly known = new Map<number, string>();

  text(n: number): string {
    let t = this.known.get(n);
    if (t === undefined) {
      t = numberText(n);
      if (this.known.size < 4096) this.known.set(n, t);
    }
    return t;
  }
}

function xstring(text: string): string {
  return escapeXmlText(encodeOoxmlText(text));
}

/** `<t>` with xml:space="preserve" when white space at an end (or a line break) would otherwise be lost. */
function tElement(p: string, text: string): string {
  const preserve = /^\s|\s$|[\n\r\t]/.test(text);
  return `<${p}t${preserve ? ' xml:space="preserve"' : ''}>${xstring(text)}</${p}t>`;
}

/**
 * How a cell's R1C1 formula is written: its own A1 text (null); the master of a shared formula (`open`, its
 * `<f>` start tag with the range it is filled down and its index, then its A1 text); or a copy of one
 * (`whole`, the `<f …/>` element naming the index only).
 */
type Sharing = null | { open: string } | { whole: string };

/**
 * One `<c>` element written to `out` (one text: a call per piece cost more than the text), at `ref`, the
 * A1 name of the cell at `row`, `col` (zero-based, for an R1C1 formula's A1 text); `style` is the xf index or 0.
 */
function writeCell(
  out: (text: string) => void,
  p: string,
  ref: string,
  row: number,
  col: number,
  value: PlanCell | undefined,
  style: number,
  sharing: Sharing,
  numbers: NumberTexts,
): void {
  let xml = style > 0 ? `<${p}c r="${ref}" s="${style}"` : `<${p}c r="${ref}"`;
  if (value === undefined || value === null) return out(xml + '/>');
  if (isPlanFormula(value)) {
    const v = value.expected;
    // Without the engine's value no cached value: Excel computes a formula that has none when it opens the file.
    // A blank result (a reference to an empty cell) is cached as empty text: shown blank, as the engine says.
    xml +=
      v === undefined || typeof v === 'number'
        ? ''
        : v === null || typeof v === 'string'
          ? ' t="str"'
          : typeof v === 'boolean'
            ? ' t="b"'
            : ' t="e"';
    if (sharing !== null && 'whole' in sharing) xml += sharing.whole;
    else {
      xml += sharing === null ? `><${p}f>` : sharing.open;
      xml += xstring(fileFormula(value.r1c1 === true ? r1c1ToA1(value.formula, row, col) : value.formula));
      xml += `</${p}f>`;
    }
    if (v !== undefined) {
      xml += `<${p}v>`;
      if (v === null) {
        // empty text
      } else if (typeof v === 'number') xml += numbers.text(v);
      else if (typeof v === 'boolean') xml += v ? '1' : '0';
      else if (typeof v === 'string') xml += xstring(v);
      else xml += escapeXmlText(v.error);
      xml += `</${p}v>`;
    }
    return out(xml + `</${p}c>`);
  }
  const v: CellValue = value;
  if (typeof v === 'number') xml += `><${p}v>${numbers.text(v)}</${p}v>`;
  else if (typeof v === 'boolean') xml += ` t="b"><${p}v>${v ? 1 : 0}</${p}v>`;
  else if (typeof v === 'string') xml += ` t="inlineStr"><${p}is>${tElement(p, v)}</${p}is>`;
  else xml += ` t="e"><${p}v>${escapeXmlText(v.error)}</${p}v>`;
  out(xml + `</${p}c>`);
}

const key = (row: number, col: number): number => row * MAX_COLUMNS + col;

/** Where a TextSink's pieces come from: buffers of `bytes` each. */
export interface PieceSource {
  bytes: number;
  take: () => Buffer;
}

const NEW_PIECES: PieceSource = { bytes: 1 << 18, take: () => Buffer.allocUnsafe(1 << 18) };

/**
 * Text encoded as it is written into pieces (of 256 KiB unless `pieces` says otherwise) handed out (to a
 * deflater), never joined whole: small texts (a cell's XML) are gathered up to PENDING_CHARS and encoded together
 * (one encoding call per cell cost more than the cells' text: 0.4 s at 1,000 units), so no string of a sheet's
 * size is ever built. A piece is taken when text first goes into it: none is left over after `flush`.
 */
export class TextSink {
  private buffer: Buffer | null = null;
  private used = 0;
  private pending = '';

  constructor(
    private readonly flushTo: (chunk: Buffer) => void,
    private readonly pieces: PieceSource = NEW_PIECES,
  ) {}

  readonly write = (text: string): void => {
    if (text.length > GATHERED_CHARS) {
      // A formula or a long text, alone: one naming a sheet in Vietnamese would make the whole gathered text
      // two-byte, slower to join and to encode (a third of a calculation sheet's text was).
      this.encodePending();
      this.encode(text);
      return;
    }
    if (this.pending.length + text.length > PENDING_CHARS) this.encodePending();
    this.pending += text;
  };

  private encodePending(): void {
    if (this.pending === '') return;
    const text = this.pending;
    this.pending = '';
    this.encode(text);
  }

  private encode(text: string): void {
    if (text === '') return;
    // UTF-8 takes at most 3 bytes per UTF-16 unit.
    const most = text.length * 3;
    if (this.buffer !== null && most > this.buffer.length - this.used) this.flushBytes();
    if (most > this.pieces.bytes) {
      this.flushTo(Buffer.from(text, 'utf8'));
      return;
    }
    const buffer = (this.buffer ??= this.pieces.take());
    this.used += buffer.write(text, this.used, 'utf8');
  }

  flush(): void {
    this.encodePending();
    this.flushBytes();
  }

  private flushBytes(): void {
    if (this.buffer === null) return;
    // The receiver may keep the piece: the next text goes into another.
    this.flushTo(this.buffer.subarray(0, this.used));
    this.buffer = null;
    this.used = 0;
  }
}

/** Characters of small texts gathered before they are encoded. */
const PENDING_CHARS = 8192;

/** Texts up to this length are gathered (a cell's markup with a shared formula's copy and its value). */
const GATHERED_CHARS = 96;

/** Widens `span` to the first and last columns of `cells` that hold something (not null or undefined). */
function spanOf(cells: readonly unknown[] | undefined, span: { first: number; last: number }): void {
  if (cells === undefined) return;
  let first = 0;
  while (first < cells.length && cells[first] == null) first++;
  if (first === cells.length) return;
  let last = cells.length - 1;
  while (cells[last] == null) last--;
  span.first = Math.min(span.first, first);
  span.last = Math.max(span.last, last);
}

/** A style laid on a box of cells; a merge's (`covers`): the cells it covers take its top-left cell's style. */
interface StyleLayer {
  box: RangeBox;
  style: CellStyle | undefined;
  covers: boolean;
}

/** Cells of a sheet the tool writes: values and styles, as the plan's operations leave them. */
export class CellGrid {
  // Values by zero-based row then column, in a sparse grid (no object per cell: a calculation sheet has hundreds
  // of thousands); null or undefined: nothing there. A row the plan wrote whole from column A is the plan's own
  // row, not a copy (`shared`), copied only if written again: it is hundreds of thousands of slots less to
  // fill, to keep and for the garbage collector to copy.
  private readonly values: (PlanCell | undefined)[][] = [];
  private readonly shared = new Set<number>();
  /**
   * Styles as the operations set them, in order, each on its box (a merge's: the cells it covers take its
   * top-left cell's style), resolved a row at a time when written: not a style per cell kept for the sheet.
   */
  private readonly layers: StyleLayer[] = [];
  readonly merges: RangeBox[] = [];
  /** Cells covered by a merge (not its top-left cell). */
  private readonly covered = new Set<number>();
  /** Style merges made once per (old style, applied style): cells of one look share one object. */
  private readonly merged = new Map<CellStyle | null, Map<CellStyle, CellStyle>>();

  /** Whether some cell has a style (the styles part is needed). */
  get styled(): boolean {
    return this.layers.some((l) => l.style !== undefined);
  }

  /** Row `row` of values, to be written to: a row of the plan's is copied first. */
  private line(row: number): (PlanCell | undefined)[] {
    let r = this.values[row];
    if (r === undefined) this.values[row] = r = [];
    else if (this.shared.delete(row)) this.values[row] = r = [...r];
    return r;
  }

  setCells(at: RangeBox, cells: PlanCell[][]): void {
    const checkCovered = this.covered.size > 0;
    for (let r = 0; r < cells.length; r++) {
      const row = cells[r];
      const row0 = at.top + r;
      if (at.left === 0 && !checkCovered && this.values[row0] === undefined) {
        this.values[row0] = row;
        this.shared.add(row0);
        continue;
      }
      let line: (PlanCell | undefined)[] | undefined;
      for (let c = 0; c < row.length; c++) {
        // A blank for a cell covered by a merge: it is blank already (checked: nothing else is written there).
        if (checkCovered && this.covered.has(key(row0, at.left + c))) continue;
        const v = row[c];
        if (v === null && this.values[row0] === undefined) continue;
        line ??= this.line(row0);
        line[at.left + c] = v;
      }
    }
  }

  private mergedStyle(old: CellStyle | undefined, style: CellStyle): CellStyle {
    let byStyle = this.merged.get(old ?? null);
    if (byStyle === undefined) this.merged.set(old ?? null, (byStyle = new Map()));
    let next = byStyle.get(style);
    if (next === undefined) byStyle.set(style, (next = { ...old, ...style }));
    return next;
  }

  setStyle(box: RangeBox, style: CellStyle): void {
    this.layers.push({ box, style, covers: false });
  }

  /** A cell's style once `layer` (whose box holds the cell) is laid over its style `old`. */
  private laid(layer: StyleLayer, old: CellStyle | undefined, row: number, col: number): CellStyle | undefined {
    const { box, style, covers } = layer;
    if (!covers) return this.mergedStyle(old, style as CellStyle);
    return row === box.top && col === box.left ? old : style;
  }

  /** The styles of row `row` by column; undefined when no layer touches it. */
  private rowStyles(row: number): (CellStyle | undefined)[] | undefined {
    let line: (CellStyle | undefined)[] | undefined;
    for (const layer of this.layers) {
      const { box } = layer;
      if (row < box.top || row > box.bottom) continue;
      line ??= [];
      // Cells side by side mostly have one style before the layer, so one after it: worked out once for them.
      let before: CellStyle | undefined | null = null;
      let after: CellStyle | undefined;
      for (let c = box.left; c <= box.right; c++) {
        if (layer.covers && row === box.top && c === box.left) continue;
        if (line[c] !== before) {
          before = line[c];
          after = this.laid(layer, before, row, c);
        }
        line[c] = after;
      }
    }
    return line;
  }

  /** The style of one cell, as the layers so far leave it. */
  private styleAt(row: number, col: number): CellStyle | undefined {
    let style: CellStyle | undefined;
    for (const layer of this.layers) {
      const { box } = layer;
      if (row >= box.top && row <= box.bottom && col >= box.left && col <= box.right)
        style = this.laid(layer, style, row, col);
    }
    return style;
  }

  /** As Excel (and ExcelJS) merge: the covered cells lose their values and take the top-left cell's format. */
  merge(box: RangeBox): void {
    const masterStyle = this.styleAt(box.top, box.left);
    for (let r = box.top; r <= box.bottom; r++) {
      const values = this.values[r] === undefined ? undefined : this.line(r);
      for (let c = box.left; c <= box.right; c++) {
        if (r === box.top && c === box.left) continue;
        if (values !== undefined) values[c] = undefined;
        this.covered.add(key(r, c));
      }
    }
    this.layers.push({ box, style: masterStyle, covers: true });
    this.merges.push(box);
  }

  clearValues(): void {
    this.values.length = 0;
    this.shared.clear();
  }

  /** Rows that may hold something (one past the last). */
  private height(): number {
    let height = this.values.length;
    for (const { box } of this.layers) height = Math.max(height, box.bottom + 1);
    return height;
  }

  /** The used range as A1 (null when no cell is written). */
  dimension(): string | null {
    let top = -1;
    let bottom = -1;
    let left = Infinity;
    let right = -1;
    // Every layer leaves a style on its whole box, unless a merge over an unstyled cell takes some away: only
    // then are the rows' styles worked out (writeRows does that once more).
    const clears = this.layers.some((l) => l.style === undefined);
    const height = this.height();
    for (let row = 0; row < height; row++) {
      const span = { first: Infinity, last: -1 };
      spanOf(this.values[row], span);
      if (clears) spanOf(this.rowStyles(row), span);
      else {
        for (const { box } of this.layers) {
          if (row < box.top || row > box.bottom) continue;
          span.first = Math.min(span.first, box.left);
          span.last = Math.max(span.last, box.right);
        }
      }
      if (span.last < 0) continue;
      if (top < 0) top = row;
      bottom = row;
      left = Math.min(left, span.first);
      right = Math.max(right, span.last);
    }
    if (bottom < 0) return null;
    return top === bottom && left === right
      ? cellAddress(top, left)
      : `${cellAddress(top, left)}:${cellAddress(bottom, right)}`;
  }

  /** The `<row>` elements in order, written to `sink`, with custom `heights` (points, by row); false when none. */
  writeRows(p: string, styles: StylesEditor | null, sink: TextSink, heights?: ReadonlyMap<number, number>): boolean {
    let any = false;
    // An R1C1 formula down a column, cell under cell, is written once: a shared formula (ECMA-376 §18.3.1.40).
    const letters: string[] = []; // column names, made once per column
    const numbers = new NumberTexts();
    // Cells side by side mostly share one style object: its cell format is looked up once for them.
    let lastStyle: CellStyle | undefined;
    let lastXf = 0;
    // The run of a shared formula going down each column: its text, last row, and its copies' `<f>`, made once.
    const runs: ({ formula: string; last: number; copy: { whole: string } } | undefined)[] = [];
    let nextSi = 0;
    const sharing = (row: number, col: number, value: PlanCell | undefined): Sharing => {
      if (!isPlanFormula(value) || value.r1c1 !== true) return null;
      const run = runs[col];
      if (run !== undefined && run.formula === value.formula && row <= run.last) return run.copy;
      let last = row;
      for (;;) {
        const below = this.values[last + 1]?.[col];
        if (!isPlanFormula(below) || below.r1c1 !== true || below.formula !== value.formula) break;
        last++;
      }
      if (last === row) return null;
      const si = nextSi++;
      runs[col] = { formula: value.formula, last, copy: { whole: `><${p}f t="shared" si="${si}"/>` } };
      return { open: `><${p}f t="shared" ref="${cellAddress(row, col)}:${cellAddress(last, col)}" si="${si}">` };
    };
    let height = this.height();
    for (const r of heights?.keys() ?? []) height = Math.max(height, r + 1);
    for (let row = 0; row < height; row++) {
      const h = heights?.get(row);
      const values = this.values[row];
      const rowStyles = this.rowStyles(row);
      const width = Math.max(values?.length ?? 0, rowStyles?.length ?? 0);
      let first = 0;
      while (first < width && values?.[first] == null && rowStyles?.[first] === undefined) first++;
      const empty = first === width;
      if (empty && h === undefined) continue;
      any = true;
      const ht = h === undefined ? '' : ` ht="${h}" customHeight="1"`;
      if (empty) {
        sink.write(`<${p}row r="${row + 1}"${ht}/>`);
        continue;
      }
      const rowText = String(row + 1);
      sink.write(`<${p}row r="${rowText}"${ht}>`);
      for (let col = first; col < width; col++) {
        const value = values?.[col] ?? undefined;
        const style = rowStyles?.[col];
        if (value === undefined && style === undefined) continue;
        if (style !== lastStyle) {
          lastStyle = style;
          lastXf = style && styles ? styles.xf(style) : 0;
        }
        writeCell(
          sink.write,
          p,
          (letters[col] ??= columnLetter(col)) + rowText,
          row,
          col,
          value,
          lastXf,
          sharing(row, col, value),
          numbers,
        );
      }
      sink.write(`</${p}row>`);
    }
    return any;
  }

  /** The `<sheetData>` element as a string (for the small record sheet). */
  sheetDataXml(p: string, styles: StylesEditor | null): { xml: string; dimension: string | null } {
    const parts: string[] = [];
    const sink = new TextSink((chunk) => parts.push(chunk.toString('utf8')));
    const any = this.writeRows(p, styles, sink);
    sink.flush();
    return { xml: any ? parts.join('') : '', dimension: this.dimension() };
  }
}

// ---------------------------------------------------------------------------------------------------------
// Conditional formats

/** A `<conditionalFormatting>` with one rule; its dxf taken from (or added to) the styles. */
export function conditionalFormattingXml(
  p: string,
  range: string,
  rule: ConditionalRule,
  priority: number,
  styles: StylesEditor,
): string {
  const sqref = range.trim().split(/\s+/).join(' ');
  let cf: string;
  if (rule.type === 'expression') {
    const dxfId = styles.dxf(rule);
    cf =
      `<${p}cfRule type="expression" dxfId="${dxfId}" priority="${priority}">` +
      `<${p}formula>${xstring(fileFormula(rule.formula))}</${p}formula></${p}cfRule>`;
  } else {
    cf =
      `<${p}cfRule type="colorScale" priority="${priority}"><${p}colorScale>` +
      `<${p}cfvo type="min"/><${p}cfvo type="percentile" val="50"/><${p}cfvo type="max"/>` +
      `<${p}color rgb="${argb(rule.min)}"/><${p}color rgb="${argb(rule.mid)}"/><${p}color rgb="${argb(rule.max)}"/>` +
      `</${p}colorScale></${p}cfRule>`;
  }
  return `<${p}conditionalFormatting sqref="${escapeXml(sqref)}">${cf}</${p}conditionalFormatting>`;
}

/** A cfRule as the shared comparison sees it. */
function foundRule(rule: XmlNode): FoundRule {
  const type = rule.attrs.type;
  if (type === 'expression') {
    const f = firstChild(rule, 'formula');
    return { type: 'expression', formula: f === undefined ? null : decodeX(f.text) };
  }
  if (type === 'colorScale') {
    const scale = firstChild(rule, 'colorScale');
    const colours = scale ? childrenNamed(scale, 'color').map((c) => c.attrs.rgb ?? null) : [];
    return { type: 'colorScale', colours };
  }
  return { type: 'other' };
}

/** A rule of the plan (typed spelling) as the shared comparison sees it. */
function typedRule(rule: ConditionalRule): FoundRule {
  return rule.type === 'expression'
    ? { type: 'expression', formula: rule.formula }
    : { type: 'colorScale', colours: [rule.min, rule.mid, rule.max] };
}

function decodeX(text: string): string {
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

// ---------------------------------------------------------------------------------------------------------
// A sheet the tool creates

export interface NewSheetOptions {
  tabColor?: string;
}

/** The relationships namespace that goes with a SpreadsheetML namespace (transitional or strict). */
export function relationshipsNs(mainNs: string): string {
  return mainNs.includes('purl.oclc.org')
    ? 'http://purl.oclc.org/ooxml/officeDocument/relationships'
    : 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
}

const PAPER_CODE: Record<PaperSize, number> = { Letter: 1, A3: 8, A4: 9 };

/** The print title rows as the defined name `_xlnm.Print_Titles` holds them: `'Sheet'!$1:$3`. */
export function printTitlesFormula(sheet: string, rows: { first: number; last: number }): string {
  return `${quoteSheetName(sheet)}!$${rows.first + 1}:$${rows.last + 1}`;
}

/** The page-layout elements after the cells, in schema order (printOptions … rowBreaks). */
function pageXml(page: PageSetup | null): string {
  const margins = '<pageMargins left="0.5" right="0.5" top="0.6" bottom="0.6" header="0.3" footer="0.3"/>';
  if (page === null) return '<pageMargins left="0.7" right="0.7" top="0.75" bottom="0.75" header="0.3" footer="0.3"/>';
  let xml = page.centerHorizontally ? '<printOptions horizontalCentered="1"/>' : '';
  xml += margins;
  xml +=
    `<pageSetup paperSize="${PAPER_CODE[page.paper]}" orientation="${page.orientation}"` +
    (page.fitToWidth ? ' fitToWidth="1" fitToHeight="0"' : '') +
    '/>';
  const footer = page.footer ? footerCodes(page.footer) : '';
  if (footer !== '') xml += `<headerFooter><oddFooter>${escapeXmlText(footer)}</oddFooter></headerFooter>`;
  const breaks = page.rowBreaks ?? [];
  if (breaks.length > 0) {
    xml += `<rowBreaks count="${breaks.length}" manualBreakCount="${breaks.length}">`;
    // `id` is the last row above the break, 1-based: the 0-based row that starts the new page.
    for (const r of breaks) xml += `<brk id="${r}" max="${MAX_COLUMNS - 1}" man="1"/>`;
    xml += '</rowBreaks>';
  }
  return xml;
}

/**
 * zlib level for the sheets the tool writes: their formulas repeat so much that level 6's longer match search
 * costs twice level 3's time (half a second for 1,000 units' calculation sheet) for a file 10% smaller.
 */
const GENERATED_SHEET_LEVEL = 3;

/** A sheet part the tool writes whole from text (its record sheet), deflated as NewSheet's: a re-run gives the same bytes. */
export function deflatedGenerated(text: string): Deflated {
  const deflater = new RawDeflater(GENERATED_SHEET_LEVEL);
  deflater.push(Buffer.from(text, 'utf8'));
  return deflater.finish();
}

export class NewSheet {
  readonly grid = new CellGrid();
  /** Deflated here in one stream, never in segments on a worker (the record sheet: see deflatedGenerated). */
  oneStream = false;
  tabColor?: string;
  readonly widths = new Map<number, number>();
  /** Row heights in points, by zero-based row. */
  readonly heights = new Map<number, number>();
  page: PageSetup | null = null;
  readonly charts: PlanChart[] = [];
  /** The relationship id of the sheet's drawing (its charts), set when the parts are named. */
  drawingRel: string | null = null;
  readonly hidden = new Set<number>();
  frozen: { rows: number; columns: number } | null = null;
  readonly formats: { range: string; rule: ConditionalRule }[] = [];

  constructor(options: NewSheetOptions = {}) {
    if (options.tabColor !== undefined) this.tabColor = options.tabColor;
  }

  /**
   * The worksheet part, deflated as it is written (the cells are never one string). `mainNs` is the workbook's
   * SpreadsheetML namespace (transitional or strict).
   */
  deflated(mainNs: string, styles: StylesEditor | null, worker?: SheetRewriter): Deflated | PendingPart {
    if (worker !== undefined) return this.deflatedBy(worker, mainNs, styles);
    const deflater = new RawDeflater(GENERATED_SHEET_LEVEL);
    const sink = new TextSink((chunk) => deflater.push(chunk));
    this.write(mainNs, styles, sink);
    sink.flush();
    return deflater.finish();
  }

  /** The same, each piece deflated on `worker` (a segment of one stream) while the next is written here. */
  private deflatedBy(worker: SheetRewriter, mainNs: string, styles: StylesEditor | null): PendingPart {
    const segments: Promise<Buffer>[] = [];
    let crc = 0;
    let size = 0;
    const sink = new TextSink((chunk) => {
      crc = crc32(chunk, crc);
      size += chunk.length;
      segments.push(worker.segment(chunk, GENERATED_SHEET_LEVEL, false));
    }, worker.pieces);
    this.write(mainNs, styles, sink);
    sink.flush();
    segments.push(worker.segment(Buffer.alloc(0), GENERATED_SHEET_LEVEL, true));
    const deflated = Promise.all(segments).then((pieces) => ({ pieces, crc32: crc, uncompressedSize: size }));
    return new PendingPart(deflated, () => Buffer.from(this.xml(mainNs, styles), 'utf8'));
  }

  /** The worksheet part as one string (tests, small sheets). */
  xml(mainNs: string, styles: StylesEditor | null): string {
    const parts: string[] = [];
    const sink = new TextSink((chunk) => parts.push(chunk.toString('utf8')));
    this.write(mainNs, styles, sink);
    sink.flush();
    return parts.join('');
  }

  private write(mainNs: string, styles: StylesEditor | null, sink: TextSink): void {
    const r = this.drawingRel === null ? '' : ` xmlns:r="${escapeXml(relationshipsNs(mainNs))}"`;
    sink.write(`<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="${escapeXml(mainNs)}"${r}>`);
    const fit = this.page?.fitToWidth ? '<pageSetUpPr fitToPage="1"/>' : '';
    const tab = this.tabColor === undefined ? '' : `<tabColor rgb="${argb(this.tabColor)}"/>`;
    if (tab !== '' || fit !== '') sink.write(`<sheetPr>${tab}${fit}</sheetPr>`);
    sink.write(`<dimension ref="${this.grid.dimension() ?? 'A1'}"/>`);
    let view = '<sheetView workbookViewId="0"';
    const f = this.frozen;
    if (f !== null && (f.rows > 0 || f.columns > 0)) {
      const pane = f.rows > 0 && f.columns > 0 ? 'bottomRight' : f.rows > 0 ? 'bottomLeft' : 'topRight';
      view +=
        '><pane' +
        (f.columns > 0 ? ` xSplit="${f.columns}"` : '') +
        (f.rows > 0 ? ` ySplit="${f.rows}"` : '') +
        ` topLeftCell="${cellAddress(f.rows, f.columns)}" activePane="${pane}" state="frozen"/>` +
        `<selection pane="${pane}"/></sheetView>`;
    } else view += '/>';
    sink.write(`<sheetViews>${view}</sheetViews><sheetFormatPr defaultRowHeight="15"/>`);
    const columns = [...new Set([...this.widths.keys(), ...this.hidden])].sort((a, b) => a - b);
    if (columns.length > 0) {
      sink.write('<cols>');
      for (const c of columns) {
        const w = this.widths.get(c);
        sink.write(
          `<col min="${c + 1}" max="${c + 1}" width="${w ?? 9.140625}"` +
            (w !== undefined ? ' customWidth="1"' : '') +
            (this.hidden.has(c) ? ' hidden="1"' : '') +
            '/>',
        );
      }
      sink.write('</cols>');
    }
    sink.write('<sheetData>');
    this.grid.writeRows('', styles, sink, this.heights);
    sink.write('</sheetData>');
    if (this.grid.merges.length > 0) {
      sink.write(`<mergeCells count="${this.grid.merges.length}">`);
      for (const m of this.grid.merges) {
        const a = cellAddress(m.top, m.left);
        const b = cellAddress(m.bottom, m.right);
        sink.write(`<mergeCell ref="${a === b ? a : `${a}:${b}`}"/>`);
      }
      sink.write('</mergeCells>');
    }
    if (this.formats.length > 0) {
      if (styles === null) throw new Error('conditional formats need the styles part');
      this.formats.forEach((fm, i) => sink.write(conditionalFormattingXml('', fm.range, fm.rule, i + 1, styles)));
    }
    const drawing = this.drawingRel === null ? '' : `<drawing r:id="${escapeXml(this.drawingRel)}"/>`;
    sink.write(`${pageXml(this.page)}${drawing}</worksheet>`);
  }
}

// ---------------------------------------------------------------------------------------------------------
// A user's sheet, edited as text around the tool's elements

/** Top-level elements of CT_Worksheet that come before `conditionalFormatting` (and itself). */
const BEFORE_CF = new Set([
  'sheetPr',
  'dimension',
  'sheetViews',
  'sheetFormatPr',
  'cols',
  'sheetData',
  'sheetCalcPr',
  'sheetProtection',
  'protectedRanges',
  'scenarios',
  'autoFilter',
  'sortState',
  'dataConsolidate',
  'customSheetViews',
  'mergeCells',
  'phoneticPr',
  'conditionalFormatting',
]);

/** Where a part's bytes come from (a ZipReader): in pieces, whole, or as stored. */
export interface PartSource {
  chunks(name: string, onChunk: (chunk: Buffer) => void): void;
  read(name: string): Buffer;
  stored(name: string): StoredPart;
}

/** A part rewritten whole goes to the worker (SheetRewriter) up to this size; a larger one is streamed here. */
const REWRITER_PART_BYTES = 64 * 2 ** 20;

export class UserSheet {
  readonly part: string;
  private readonly source: PartSource;
  /** Where the cells end (just after `</sheetData>`): the bytes before are copied as they are. */
  readonly split: number;
  private tail: string;
  private readonly rootTag: string;
  /** Prefix of the SpreadsheetML elements (`x:` or ''). */
  readonly p: string;
  readonly kind: string;
  private tree: XmlNode | null = null;
  private pending: { range: string; rule: ConditionalRule; styles: StylesEditor }[] = [];
  changed = false;

  /**
   * Reads the part once, in pieces, keeping only what follows the cells (SheetEndFinder); `found`: what a read
   * of the same bytes found already.
   */
  constructor(part: string, source: PartSource, found?: SheetEnd) {
    this.part = part;
    this.source = source;
    let end = found;
    if (end === undefined) {
      const finder = new SheetEndFinder(part);
      source.chunks(part, (chunk) => finder.feed(chunk));
      end = finder.result();
    }
    this.rootTag = end.rootTag;
    this.p = end.p;
    this.kind = end.kind;
    // No cells element (or an unusual spelling of it): the whole part after the root tag is the tail.
    const whole = end.split < 0;
    this.split = whole ? end.rootEnd : end.split;
    this.tail = (whole ? source.read(part).subarray(end.rootEnd) : end.tail).toString('utf8');
  }

  /** The top-level elements after the cells, parsed (with the root start tag, for a well-formed text). */
  private root(): XmlNode {
    if (this.tree === null) this.tree = parseXml(this.rootTag + this.tail, this.part, -this.rootTag.length);
    return this.tree;
  }

  private edit(edits: TextEdit[]): void {
    this.tail = applyEdits(this.tail, edits);
    this.tree = null;
    this.changed = true;
  }

  private requireWorksheet(): void {
    if (this.kind !== 'worksheet') {
      throw new PackageError(
        'unsupported',
        `Phần ${this.part} không phải trang tính thường (là ${this.kind})`,
        `Part ${this.part} is not a worksheet (it is a ${this.kind})`,
        { part: this.part },
      );
    }
  }

  get isProtected(): boolean {
    const prot = this.root().children.find((c) => c.local === 'sheetProtection');
    if (!prot) return false;
    const v = this.kind === 'chartsheet' ? prot.attrs.content : prot.attrs.sheet;
    return v === '1' || v === 'true';
  }

  get merges(): string[] {
    const mc = firstChild(this.root(), 'mergeCells');
    return mc
      ? childrenNamed(mc, 'mergeCell')
          .map((m) => m.attrs.ref ?? '')
          .filter((r) => r !== '')
      : [];
  }

  /** Whether a cell (zero-based) holds a value: looked for in the cells' text (slow; only for merge checks). */
  hasValue(row: number, col: number): boolean {
    const p = this.p;
    const re = new RegExp(`<${p}c\\s[^>]*?\\br="${cellAddress(row, col)}"[^>]*?(/>|>([\\s\\S]*?)</${p}c>)`);
    const m = re.exec(this.source.read(this.part).subarray(0, this.split).toString('utf8'));
    if (!m || m[1] === '/>') return false;
    const inner = m[2] ?? '';
    if (new RegExp(`<${p}f[\\s>/]`).test(inner)) return true;
    const v = new RegExp(`<${p}v>([\\s\\S]*?)</${p}v>`).exec(inner);
    if (v) return v[1] !== '';
    return new RegExp(`<${p}t(\\s[^>]*)?>[^<]`).test(inner);
  }

  private maxPriority(): number {
    let max = 0;
    for (const m of this.tail.matchAll(/\bpriority\s*=\s*["'](\d+)["']/g)) max = Math.max(max, Number(m[1]));
    return max;
  }

  /** Adds one conditional format after the sheet's own, with the next free priority (written at the end, in order). */
  addConditionalFormat(range: string, rule: ConditionalRule, styles: StylesEditor): void {
    this.requireWorksheet();
    this.pending.push({ range, rule, styles });
    this.changed = true;
  }

  /**
   * Removes a conditional format the tool added: every tagged highlight of the sheet, wherever Excel moved it;
   * another rule where it was written (same range and rule), the first one found. True when one was removed.
   */
  removeConditionalFormat(range: string, rule: ConditionalRule): boolean {
    if (this.kind !== 'worksheet') return false;
    const tagged = rule.type === 'expression' && isTaggedHighlight(rule.formula);
    const wanted = normalizeRange(range);
    const edits: TextEdit[] = [];
    for (const cf of childrenNamed(this.root(), 'conditionalFormatting')) {
      const rules = childrenNamed(cf, 'cfRule');
      let doomed: XmlNode[];
      if (tagged) {
        doomed = rules.filter((r) => {
          const found = foundRule(r);
          return found.type === 'expression' && found.formula !== null && isTaggedHighlight(found.formula);
        });
      } else {
        if (normalizeRange(cf.attrs.sqref ?? '') !== wanted) continue;
        const one = rules.find((r) => ruleMatches(foundRule(r), rule, 'file'));
        doomed = one ? [one] : [];
      }
      if (doomed.length === 0) continue;
      if (doomed.length === rules.length) edits.push({ start: cf.start, end: cf.end, text: '' });
      else for (const r of doomed) edits.push({ start: r.start, end: r.end, text: '' });
      if (!tagged) break;
    }
    if (edits.length > 0) this.edit(edits);
    // Rules added earlier in the same plan (not written yet) come after the sheet's own.
    let removed = edits.length > 0;
    for (let i = 0; i < this.pending.length && (tagged || !removed); i++) {
      const p = this.pending[i];
      const hit = tagged
        ? p.rule.type === 'expression' && isTaggedHighlight(p.rule.formula)
        : normalizeRange(p.range) === wanted && ruleMatches(typedRule(p.rule), rule);
      if (hit) {
        this.pending.splice(i--, 1);
        removed = true;
      }
    }
    return removed;
  }

  /** Writes the pending rules after the sheet's own conditional formats (schema position), priorities above all. */
  private flush(): void {
    if (this.pending.length === 0) return;
    let at = 0; // in tail coordinates: right after the cells when nothing else comes before
    for (const child of this.root().children) if (BEFORE_CF.has(child.local)) at = Math.max(at, child.end);
    let priority = this.maxPriority();
    const xml = this.pending
      .map((p) => conditionalFormattingXml(this.p, p.range, p.rule, ++priority, p.styles))
      .join('');
    this.pending = [];
    this.edit([{ start: at, end: at, text: xml }]);
  }

  /**
   * The new part, the original cells then the edited tail: deflated here as it is made, or by `rewriter` (a
   * worker) when given one and the part is at most REWRITER_PART_BYTES.
   */
  deflated(rewriter?: SheetRewriter): Deflated | PendingPart {
    this.flush();
    const tail = Buffer.from(this.tail, 'utf8');
    const stored = this.source.stored(this.part);
    if (rewriter !== undefined && stored.uncompressedSize + tail.length <= REWRITER_PART_BYTES) {
      const content = (): Buffer => {
        const pieces: Buffer[] = [];
        this.head((chunk) => pieces.push(chunk));
        return Buffer.concat([...pieces, tail]);
      };
      return new PendingPart(rewriter.rewrite(this.part, stored, this.split, tail), content);
    }
    const deflater = new RawDeflater();
    this.head((chunk) => deflater.push(chunk));
    deflater.push(tail);
    return deflater.finish();
  }

  /** The part's bytes before `split` (its cells and what comes before them), in pieces, as they are. */
  private head(onChunk: (chunk: Buffer) => void): void {
    let seen = 0;
    this.source.chunks(this.part, (chunk) => {
      if (seen < this.split) onChunk(chunk.subarray(0, Math.min(chunk.length, this.split - seen)));
      seen += chunk.length;
    });
  }
}

/**
 * The tool's record sheet when it exists already: its cells replaced (as ExcelJS clears every value and
 * writes the record), the rest of the part kept. The part is parsed whole: it is the tool's own, small sheet.
 */
export function replaceSheetData(part: string, text: string, grid: CellGrid, styles: StylesEditor | null): string {
  const root = parseXml(text, part);
  const p = prefixOf(root.name);
  if (root.local !== 'worksheet') throw badXml(part, `expected a worksheet, found ${root.local}`);
  const data = grid.sheetDataXml(p, styles);
  const sheetData = firstChild(root, 'sheetData');
  const edits: TextEdit[] = [];
  const xml = data.xml === '' ? `<${p}sheetData/>` : `<${p}sheetData>${data.xml}</${p}sheetData>`;
  if (sheetData) edits.push({ start: sheetData.start, end: sheetData.end, text: xml });
  else {
    const before = root.children.filter((c) =>
      ['sheetPr', 'dimension', 'sheetViews', 'sheetFormatPr', 'cols'].includes(c.local),
    );
    const at = before.length > 0 ? before[before.length - 1].end : root.openEnd;
    edits.push({ start: at, end: at, text: xml });
  }
  const dimension = firstChild(root, 'dimension');
  if (dimension) edits.push(setAttributeEdit(text, dimension, 'ref', data.dimension ?? 'A1'));
  return applyEdits(text, edits);
}

/** A box from an A1 range the check has accepted. */
export function box(a1: string): RangeBox {
  const b = parseRange(a1.replace(/\$/g, ''));
  if (b === null) throw new Error(`bad range ${a1}`);
  return b;
}
