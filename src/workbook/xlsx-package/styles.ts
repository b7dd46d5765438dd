// xl/styles.xml as the package writer changes it: records the tool needs (cell formats `xf` with their font,
// fill, border and number format; conditional-format styles `dxf`) are looked up among the existing ones
// (same text → same index, so a re-run reuses what the first run appended and the file does not grow) and
// appended at the end of their collection otherwise, with the collection's `count` updated. Nothing else of
// the part changes. Records are never removed: other parts (cells of every sheet, tables, pivot tables)
// point at them by index, and an unused record costs nothing.
import type { CellStyle, ConditionalRule } from '../../core/plan-types';
import { relativeTarget, type RelsEditor, type XlsxPackage } from './package';
import { resolveTarget, STYLES_TYPE } from './parts';
import {
  applyEdits,
  childrenNamed,
  escapeXml,
  firstChild,
  parseXml,
  prefixOf,
  setAttributeEdit,
  type TextEdit,
  type XmlNode,
} from './xml';

/** The collections of CT_Stylesheet, in schema order. */
const ORDER = [
  'numFmts',
  'fonts',
  'fills',
  'borders',
  'cellStyleXfs',
  'cellXfs',
  'cellStyles',
  'dxfs',
  'tableStyles',
  'colors',
  'extLst',
] as const;
export type Collection = 'numFmts' | 'fonts' | 'fills' | 'borders' | 'cellXfs' | 'dxfs';

const RECORD: Record<Collection, string> = {
  numFmts: 'numFmt',
  fonts: 'font',
  fills: 'fill',
  borders: 'border',
  cellXfs: 'xf',
  dxfs: 'dxf',
};

/** Excel's built-in number formats (ECMA-376 §18.8.30) by format code. */
const BUILTIN_NUMBER_FORMATS: Record<string, number> = {
  General: 0,
  '0': 1,
  '0.00': 2,
  '#,##0': 3,
  '#,##0.00': 4,
  '0%': 9,
  '0.00%': 10,
  '0.00E+00': 11,
  '# ?/?': 12,
  '# ??/??': 13,
  'mm-dd-yy': 14,
  'd-mmm-yy': 15,
  'd-mmm': 16,
  'mmm-yy': 17,
  'h:mm AM/PM': 18,
  'h:mm:ss AM/PM': 19,
  'h:mm': 20,
  'h:mm:ss': 21,
  'm/d/yy h:mm': 22,
  '#,##0 ;(#,##0)': 37,
  '#,##0 ;[Red](#,##0)': 38,
  '#,##0.00;(#,##0.00)': 39,
  '#,##0.00;[Red](#,##0.00)': 40,
  'mm:ss': 45,
  '[h]:mm:ss': 46,
  'mmss.0': 47,
  '##0.0E+0': 48,
  '@': 49,
};

/** A minimal styles part, for a package that has none. */
export function minimalStylesXml(mainNs: string): string {
  return (
    `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<styleSheet xmlns="${escapeXml(mainNs)}">` +
    '<fonts count="1"><font><sz val="11"/><name val="Calibri"/><family val="2"/></font></fonts>' +
    '<fills count="2"><fill><patternFill patternType="none"/></fill><fill><patternFill patternType="gray125"/></fill></fills>' +
    '<borders count="1"><border><left/><right/><top/><bottom/><diagonal/></border></borders>' +
    '<cellStyleXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0"/></cellStyleXfs>' +
    '<cellXfs count="1"><xf numFmtId="0" fontId="0" fillId="0" borderId="0" xfId="0"/></cellXfs>' +
    '<cellStyles count="1"><cellStyle name="Normal" xfId="0" builtinId="0"/></cellStyles>' +
    '<dxfs count="0"/><tableStyles count="0"/></styleSheet>'
  );
}

/**
 * The styles part of the workbook part `workbookPart` (whose relationships are `rels`), for editing; a package
 * without one gets a minimal part, with its relationship (of type `stylesRelType`) and content type.
 */
export function openWorkbookStyles(
  pkg: XlsxPackage,
  workbookPart: string,
  rels: RelsEditor,
  mainNs: string,
  stylesRelType: string,
): { part: string; editor: StylesEditor } {
  const rel = rels.list().find((r) => !r.external && r.type.endsWith('/styles'));
  const found = rel ? pkg.find(resolveTarget(workbookPart, rel.target)) : undefined;
  if (found !== undefined) return { part: found, editor: new StylesEditor(pkg.text(found), found) };
  const dir = workbookPart.includes('/') ? workbookPart.slice(0, workbookPart.lastIndexOf('/') + 1) : '';
  const part = `${dir}styles.xml`;
  const text = minimalStylesXml(mainNs);
  pkg.set(part, text);
  rels.add(stylesRelType, relativeTarget(workbookPart, part));
  pkg.contentTypes.addOverride(part, STYLES_TYPE);
  return { part, editor: new StylesEditor(text, part) };
}

const argb = (rrggbb: string): string => `FF${rrggbb.toUpperCase()}`;

export class StylesEditor {
  private readonly root: XmlNode;
  private readonly p: string;
  /** Record text → index, per collection (existing records first). */
  private readonly known = new Map<Collection, Map<string, number>>();
  private readonly counts = new Map<Collection, number>();
  private readonly added = new Map<Collection, string[]>();
  private readonly numFmtIds = new Map<string, number>();
  private nextNumFmtId = 164;
  private readonly xfCache = new Map<string, number>();
  private readonly xfByObject = new WeakMap<CellStyle, number>();

  constructor(
    private readonly source: string,
    private readonly part: string,
  ) {
    this.root = parseXml(source, part);
    this.p = prefixOf(this.root.name);
    for (const c of Object.keys(RECORD) as Collection[]) {
      const node = firstChild(this.root, c);
      const records = node ? childrenNamed(node, RECORD[c]) : [];
      const map = new Map<string, number>();
      records.forEach((r, i) => {
        const text = source.slice(r.start, r.end);
        if (!map.has(text)) map.set(text, i);
      });
      this.known.set(c, map);
      this.counts.set(c, records.length);
      this.added.set(c, []);
    }
    const numFmts = firstChild(this.root, 'numFmts');
    for (const n of numFmts ? childrenNamed(numFmts, 'numFmt') : []) {
      const id = Number(n.attrs.numFmtId);
      const code = n.attrs.formatCode;
      if (!Number.isInteger(id)) continue;
      if (typeof code === 'string' && !this.numFmtIds.has(code)) this.numFmtIds.set(code, id);
      this.nextNumFmtId = Math.max(this.nextNumFmtId, id + 1);
    }
  }

  get changed(): boolean {
    return [...this.added.values()].some((a) => a.length > 0);
  }

  /** The index of a record with this text in the collection, appended when there is none. */
  private record(c: Collection, text: string): number {
    const map = this.known.get(c)!;
    const found = map.get(text);
    if (found !== undefined) return found;
    const index = this.counts.get(c)! + this.added.get(c)!.length;
    this.added.get(c)!.push(text);
    map.set(text, index);
    return index;
  }

  /** The element prefix this part writes (`x:` or ''): records given to `recordText` must use it. */
  get prefix(): string {
    return this.p;
  }

  /** The index of a record given whole as text (a copied sheet's font, fill, border, xf, dxf), appended when new. */
  recordText(c: Exclude<Collection, 'numFmts'>, text: string): number {
    return this.record(c, text);
  }

  /** The id of a number format code in this part (built-in, present, or appended). */
  numberFormatId(code: string): number {
    return this.numFmtId(code);
  }

  private el(name: string, attrs = '', inner?: string): string {
    const q = this.p + name;
    return inner === undefined ? `<${q}${attrs}/>` : `<${q}${attrs}>${inner}</${q}>`;
  }

  private numFmtId(code: string): number {
    const builtin = BUILTIN_NUMBER_FORMATS[code];
    if (builtin !== undefined) return builtin;
    const known = this.numFmtIds.get(code);
    if (known !== undefined) return known;
    const id = this.nextNumFmtId++;
    this.numFmtIds.set(code, id);
    this.record('numFmts', this.el('numFmt', ` numFmtId="${id}" formatCode="${escapeXml(code)}"`));
    return id;
  }

  /** A font: the workbook's default font (font 0) with the style's bold, italic, size and colour. */
  private fontId(s: CellStyle): number {
    const fonts = firstChild(this.root, 'fonts');
    const base = fonts ? childrenNamed(fonts, 'font')[0] : undefined;
    let inner = '';
    if (s.bold === true) inner += this.el('b');
    if (s.italic === true) inner += this.el('i');
    let size = false;
    let colour = false;
    for (const child of base?.children ?? []) {
      if ((child.local === 'b' && s.bold !== undefined) || (child.local === 'i' && s.italic !== undefined)) continue;
      if (child.local === 'sz' && s.fontSize !== undefined) {
        inner += this.el('sz', ` val="${s.fontSize}"`);
        size = true;
      } else if (child.local === 'color' && s.fontColor !== undefined) {
        inner += this.el('color', ` rgb="${argb(s.fontColor)}"`);
        colour = true;
      } else inner += this.source.slice(child.start, child.end);
    }
    if (!size && s.fontSize !== undefined) inner += this.el('sz', ` val="${s.fontSize}"`);
    if (!colour && s.fontColor !== undefined) inner += this.el('color', ` rgb="${argb(s.fontColor)}"`);
    return this.record('fonts', this.el('font', '', inner));
  }

  private fillId(rrggbb: string): number {
    const pattern = this.el(
      'patternFill',
      ' patternType="solid"',
      this.el('fgColor', ` rgb="${argb(rrggbb)}"`) + this.el('bgColor', ' indexed="64"'),
    );
    return this.record('fills', this.el('fill', '', pattern));
  }

  private thinBorderId(): number {
    const side = (name: string) => this.el(name, ' style="thin"', this.el('color', ' indexed="64"'));
    return this.record(
      'borders',
      this.el('border', '', side('left') + side('right') + side('top') + side('bottom') + this.el('diagonal')),
    );
  }

  /** The cell format (index into cellXfs) for a style applied to a new cell. */
  xf(s: CellStyle): number {
    const known = this.xfByObject.get(s);
    if (known !== undefined) return known;
    const index = this.xfOf(s);
    this.xfByObject.set(s, index);
    return index;
  }

  private xfOf(s: CellStyle): number {
    const key = JSON.stringify([
      s.bold,
      s.italic,
      s.fontSize,
      s.fontColor,
      s.fill,
      s.numberFormat,
      s.horizontal,
      s.vertical,
      s.wrap,
      s.border,
    ]);
    const cached = this.xfCache.get(key);
    if (cached !== undefined) return cached;
    const fontChanged =
      s.bold !== undefined || s.italic !== undefined || s.fontSize !== undefined || s.fontColor !== undefined;
    const numFmtId = s.numberFormat === undefined ? 0 : this.numFmtId(s.numberFormat);
    const fontId = fontChanged ? this.fontId(s) : 0;
    const fillId = s.fill === undefined ? 0 : this.fillId(s.fill);
    const borderId = s.border === 'thin' ? this.thinBorderId() : 0;
    let attrs = ` numFmtId="${numFmtId}" fontId="${fontId}" fillId="${fillId}" borderId="${borderId}" xfId="0"`;
    if (s.numberFormat !== undefined) attrs += ' applyNumberFormat="1"';
    if (fontChanged) attrs += ' applyFont="1"';
    if (s.fill !== undefined) attrs += ' applyFill="1"';
    if (s.border !== undefined) attrs += ' applyBorder="1"';
    let alignment = '';
    if (s.horizontal !== undefined || s.vertical !== undefined || s.wrap !== undefined) {
      attrs += ' applyAlignment="1"';
      let a = '';
      if (s.horizontal !== undefined) a += ` horizontal="${s.horizontal}"`;
      if (s.vertical !== undefined) a += ` vertical="${s.vertical === 'middle' ? 'center' : s.vertical}"`;
      if (s.wrap !== undefined) a += ` wrapText="${s.wrap ? 1 : 0}"`;
      alignment = this.el('alignment', a);
    }
    const index = this.record('cellXfs', alignment === '' ? this.el('xf', attrs) : this.el('xf', attrs, alignment));
    this.xfCache.set(key, index);
    return index;
  }

  /** The differential format (index into dxfs) of an expression rule: its fill and font colour. */
  dxf(rule: Extract<ConditionalRule, { type: 'expression' }>): number {
    let inner = '';
    if (rule.fontColor !== undefined) inner += this.el('font', '', this.el('color', ` rgb="${argb(rule.fontColor)}"`));
    inner += this.el(
      'fill',
      '',
      this.el('patternFill', ' patternType="solid"', this.el('bgColor', ` rgb="${argb(rule.fill)}"`)),
    );
    return this.record('dxfs', this.el('dxf', '', inner));
  }

  /** The part's new text, or null when nothing was added. */
  result(): string | null {
    if (!this.changed) return null;
    const edits: TextEdit[] = [];
    for (const c of Object.keys(RECORD) as Collection[]) {
      const added = this.added.get(c)!;
      if (added.length === 0) continue;
      const count = this.counts.get(c)! + added.length;
      const node = firstChild(this.root, c);
      if (node === undefined) {
        const at = this.insertionPoint(c);
        edits.push({ start: at, end: at, text: this.el(c, ` count="${count}"`, added.join('')) });
      } else if (node.selfClosing) {
        const tag = setAttributeEdit(this.source, node, 'count', String(count)).text.replace(/\s*\/>$/, '>');
        edits.push({ start: node.start, end: node.end, text: `${tag}${added.join('')}</${node.name}>` });
      } else {
        edits.push(setAttributeEdit(this.source, node, 'count', String(count)));
        edits.push({ start: node.closeStart, end: node.closeStart, text: added.join('') });
      }
    }
    return applyEdits(this.source, edits);
  }

  /** Where a missing collection goes: before the first later collection present, else before the end tag. */
  private insertionPoint(c: Collection): number {
    const after = ORDER.slice(ORDER.indexOf(c) + 1) as readonly string[];
    const next = this.root.children.find((ch) => after.includes(ch.local));
    if (next) return next.start;
    if (this.root.selfClosing) throw new Error(`${this.part}: empty style sheet`);
    return this.root.closeStart;
  }
}
