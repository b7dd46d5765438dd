// One worksheet copied from its workbook's package into another (TargetBook), as Excel's "Move or Copy" does
// but without re-serialising it: the sheet's XML is kept as written, except
//  - style indexes (`s` of cells and rows, `style` of columns, `dxfId` of conditional formats) remapped into
//    the destination's styles.xml (style-remap.ts);
//  - shared strings (`t="s"`) turned into inline strings holding the shared item's own XML (rich text kept), so
//    the destination's string table is not touched;
//  - `tabSelected` removed (two selected tabs would group the sheets in Excel), and the VBA `codeName` (it names
//    the sheet in its own workbook's macros, which do not come along; a code name is unique in a workbook);
// and the parts hanging on the sheet (comments and their VML drawing, drawings and their images and charts,
// printer settings, tables) copied under fresh names, with their content types. Parts that need workbook-level
// records (pivot tables, slicers, timelines, query tables, threaded comments' persons) are not carried: their
// relationships are dropped with the elements that point at them, and the copy says so (`dropped`).
// Sheet-scoped defined names (print titles, print area, filter) come along, re-pointed at the new name.
import { posix } from 'path';
import { XlsxPackage } from './package';
import { relsPartOf, resolveTarget, type Relationship } from './parts';
import { readRelationships } from './read-workbook';
import { StyleRemap, reprefix } from './style-remap';
import { relationshipsXml, type NewRelationship, type TargetBook } from './gather-book';
import {
  applyEdits,
  attrLocal,
  childrenNamed,
  escapeXml,
  firstChild,
  parseXml,
  prefixOf,
  removeAttributeEdit,
  type TextEdit,
  type XmlNode,
} from './xml';

/** Relationships whose parts need records of the whole workbook: not carried. */
const NOT_CARRIED = /\/(pivotTable|slicer|timeline|queryTable|threadedComment|customProperty)$/i;

export interface SourceSheet {
  name: string;
  /** Position among the workbook's `<sheet>` entries (what `localSheetId` counts). */
  index: number;
  part: string;
}

interface DefinedName {
  attrs: Record<string, string>;
  formula: string;
}

/** A unit's workbook being copied from: read once, copied into one destination. */
export class SourceBook {
  readonly pkg: XlsxPackage;
  readonly sheets: SourceSheet[] = [];
  private readonly definedNames: DefinedName[] = [];
  private sharedItems: string[] | null = null;
  private sharedPrefix = '';
  private readonly sharedPart: string | undefined;
  private readonly stylesPart: string | undefined;
  private remap: { target: TargetBook; remap: StyleRemap } | null = null;
  /** Source part → destination part, per destination. */
  private readonly copied = new WeakMap<TargetBook, Map<string, string>>();

  constructor(bytes: Buffer | XlsxPackage) {
    this.pkg = bytes instanceof XlsxPackage ? bytes : XlsxPackage.open(bytes);
    const workbookPart = this.pkg.workbookPart();
    const text = this.pkg.text(workbookPart);
    const root = parseXml(text, workbookPart);
    const rels = readRelationships(this.pkg.zip, workbookPart);
    const sheetsNode = firstChild(root, 'sheets');
    childrenNamed(sheetsNode ?? root, 'sheet').forEach((node, index) => {
      const rel = rels.get(attrLocal(node, 'id') ?? '');
      if (!rel || rel.external || !rel.type.endsWith('/worksheet')) return;
      const part = this.pkg.find(rel.target);
      if (part !== undefined) this.sheets.push({ name: node.attrs.name ?? '', index, part });
    });
    const names = firstChild(root, 'definedNames');
    for (const n of names ? childrenNamed(names, 'definedName') : []) {
      this.definedNames.push({ attrs: n.attrs, formula: n.text });
    }
    const find = (suffix: string): string | undefined => {
      const rel = [...rels.values()].find((r) => !r.external && r.type.endsWith(suffix));
      return rel ? this.pkg.find(rel.target) : undefined;
    };
    this.sharedPart = find('/sharedStrings');
    this.stylesPart = find('/styles');
  }

  /** Parses the styles and shared strings now (throws PackageError when one is damaged). */
  check(): void {
    this.shared();
    if (this.stylesPart !== undefined) parseXml(this.pkg.text(this.stylesPart), this.stylesPart);
  }

  sheet(name: string): SourceSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  /** The inner XML of each shared-string item (`<t>` or rich-text runs). */
  private shared(): string[] {
    if (this.sharedItems === null) {
      this.sharedItems = [];
      if (this.sharedPart !== undefined) {
        const text = this.pkg.text(this.sharedPart);
        const root = parseXml(text, this.sharedPart);
        this.sharedPrefix = prefixOf(root.name);
        for (const si of childrenNamed(root, 'si')) {
          this.sharedItems.push(si.selfClosing ? '' : text.slice(si.openEnd, si.closeStart));
        }
      }
    }
    return this.sharedItems;
  }

  styleRemap(target: TargetBook): StyleRemap {
    if (this.remap === null || this.remap.target !== target) {
      const xml = this.stylesPart === undefined ? null : this.pkg.text(this.stylesPart);
      this.remap = { target, remap: new StyleRemap(xml, this.stylesPart ?? 'xl/styles.xml', target.stylesEditor()) };
    }
    return this.remap.remap;
  }

  sharedItem(index: number, prefix: string): string {
    const items = this.shared();
    const item = items[index];
    return item === undefined ? `<${prefix}t></${prefix}t>` : reprefix(item, this.sharedPrefix, prefix);
  }

  copiedParts(target: TargetBook): Map<string, string> {
    let map = this.copied.get(target);
    if (map === undefined) this.copied.set(target, (map = new Map()));
    return map;
  }

  sheetDefinedNames(index: number): DefinedName[] {
    return this.definedNames.filter((d) => d.attrs.localSheetId === String(index));
  }
}

export interface CopiedSheet {
  xml: string;
  rels: NewRelationship[];
  /** The relationship types left behind (see NOT_CARRIED). */
  dropped: string[];
}

/** `'Name'!` as a formula refers to a sheet. */
function quotedSheet(name: string): string {
  return `'${name.replace(/'/g, "''")}'!`;
}

/** A formula's references to sheet `from` turned into references to sheet `to`. */
export function renameSheetRefs(formula: string, from: string, to: string): string {
  let out = formula.split(quotedSheet(from)).join(quotedSheet(to));
  if (/^[\p{L}_][\p{L}\p{N}_.]*$/u.test(from)) {
    const escaped = from.replace(/[.]/g, '\\.');
    out = out.replace(new RegExp(`(?<![\\p{L}\\p{N}_.'])${escaped}!`, 'gu'), quotedSheet(to));
  }
  return out;
}

const attrPatterns = new Map<string, { value: RegExp; whole: RegExp }>();

/** An attribute's value (group 2, quoted) after `name=` (group 1), and the attribute with its leading space. */
function attrPattern(name: string): { value: RegExp; whole: RegExp } {
  let found = attrPatterns.get(name);
  if (found === undefined) {
    found = {
      value: new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`),
      whole: new RegExp(`\\s+${name}\\s*=\\s*("[^"]*"|'[^']*')`),
    };
    attrPatterns.set(name, found);
  }
  return found;
}

/** The start tag `tag` with attributes set (replaced, or added before the end of the tag). */
function setAttrs(tag: string, values: Record<string, string>): string {
  let out = tag;
  for (const [name, value] of Object.entries(values)) {
    const re = attrPattern(name).value;
    if (re.test(out)) out = out.replace(re, `$1"${value}"`);
    else out = out.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
  }
  return out;
}

function removeAttr(tag: string, name: string): string {
  return tag.replace(attrPattern(name).whole, '');
}

/** The start tag with the whole-number attribute `name` mapped by `map` (unchanged when absent or not a number). */
function mapNumber(tag: string, name: string, map: (n: number) => number | null): string {
  const m = attrPattern(name).value.exec(tag);
  if (m === null) return tag;
  const v = Number(m[2].slice(1, -1));
  if (!Number.isInteger(v) || v < 0) return tag;
  const mapped = map(v);
  if (mapped === null) return removeAttr(tag, name);
  const at = m.index + m[1].length;
  return `${tag.slice(0, at)}"${mapped}"${tag.slice(at + m[2].length)}`;
}

/**
 * The start tags the copy changes (attribute values may hold `>`), and the root element giving the prefix.
 * `<` starts markup only, in XML: text and attribute values escape it.
 */
const CHANGED_TAG =
  /<((?:[A-Za-z_][\w.-]*:)?)(c|row|col|cfRule|sheetView|sheetPr)(?=[\s/>])[^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;
const ROOT_TAG = /<((?:[A-Za-z_][\w.-]*:)?)worksheet(?=[\s/>])/;

/**
 * rewriteSheetXml by a scan of the start tags it changes, without building a tree (a sheet's cells are most
 * of its text); null when the sheet has something the scan does not handle (then the tree does it).
 */
function rewriteByScan(text: string, source: SourceBook, target: TargetBook): string | null {
  const root = ROOT_TAG.exec(text);
  if (root === null) return null;
  const p = root[1];
  const remap = source.styleRemap(target);
  const xf = (n: number): number => remap.xf(n);
  const sharedValue = new RegExp(`(\\s*)<${p.replace('.', '\\.')}v>\\s*(\\d+)\\s*</${p.replace('.', '\\.')}v>`, 'y');
  const pieces: string[] = [];
  let at = 0;
  CHANGED_TAG.lastIndex = 0;
  for (let m = CHANGED_TAG.exec(text); m !== null; m = CHANGED_TAG.exec(text)) {
    if (m[1] !== p) continue;
    const tag = m[0];
    let next = tag;
    let end = m.index + tag.length;
    switch (m[2]) {
      case 'c': {
        next = mapNumber(tag, 's', xf);
        if (/\st\s*=\s*["']s["']/.test(tag)) {
          if (tag.endsWith('/>')) {
            next = removeAttr(next, 't');
            break;
          }
          sharedValue.lastIndex = end;
          const v = sharedValue.exec(text);
          if (v === null) return null;
          next = setAttrs(next, { t: 'inlineStr' }) + `${v[1]}<${p}is>${source.sharedItem(Number(v[2]), p)}</${p}is>`;
          end = sharedValue.lastIndex;
        }
        break;
      }
      case 'row':
        next = mapNumber(tag, 's', xf);
        break;
      case 'col':
        next = mapNumber(tag, 'style', xf);
        break;
      case 'cfRule':
        next = mapNumber(tag, 'dxfId', (n) => remap.dxf(n));
        break;
      case 'sheetPr':
        next = removeAttr(next, 'codeName');
        break;
      default:
        next = removeAttr(next, 'tabSelected');
    }
    if (next === tag && end === m.index + tag.length) continue;
    pieces.push(text.slice(at, m.index), next);
    at = end;
    CHANGED_TAG.lastIndex = end;
  }
  pieces.push(text.slice(at));
  return pieces.join('');
}

const numAttr = (node: XmlNode, name: string): number | null => {
  const raw = node.attrs[name];
  if (raw === undefined) return null;
  const v = Number(raw);
  return Number.isInteger(v) && v >= 0 ? v : null;
};

/**
 * The sheet's XML rewritten for the destination (styles remapped, shared strings inlined, tab not selected).
 * `scan: false` forces the tree (tests compare the two ways).
 */
export function rewriteSheetXml(
  text: string,
  part: string,
  source: SourceBook,
  target: TargetBook,
  dropIds: ReadonlySet<string>,
  options: { scan?: boolean } = {},
): string {
  if (dropIds.size === 0 && options.scan !== false) {
    const scanned = rewriteByScan(text, source, target);
    if (scanned !== null) return scanned;
  }
  const root = parseXml(text, part);
  const p = prefixOf(root.name);
  const remap = source.styleRemap(target);
  const edits: TextEdit[] = [];
  const tagOf = (n: XmlNode): string => text.slice(n.start, n.openEnd);
  for (const child of root.children) {
    switch (child.local) {
      case 'sheetPr':
        if (child.attrs.codeName !== undefined) edits.push(removeAttributeEdit(text, child, 'codeName'));
        break;
      case 'sheetViews':
        for (const view of childrenNamed(child, 'sheetView')) {
          if (view.attrs.tabSelected !== undefined) edits.push(removeAttributeEdit(text, view, 'tabSelected'));
        }
        break;
      case 'cols':
        for (const col of childrenNamed(child, 'col')) {
          const style = numAttr(col, 'style');
          if (style !== null) {
            edits.push({
              start: col.start,
              end: col.openEnd,
              text: setAttrs(tagOf(col), { style: String(remap.xf(style)) }),
            });
          }
        }
        break;
      case 'sheetData':
        for (const row of childrenNamed(child, 'row')) {
          const rs = numAttr(row, 's');
          if (rs !== null) {
            edits.push({ start: row.start, end: row.openEnd, text: setAttrs(tagOf(row), { s: String(remap.xf(rs)) }) });
          }
          for (const c of childrenNamed(row, 'c')) {
            const s = numAttr(c, 's');
            const shared = c.attrs.t === 's';
            if (s === null && !shared) continue;
            let tag = tagOf(c);
            if (s !== null) tag = setAttrs(tag, { s: String(remap.xf(s)) });
            if (shared) {
              const v = firstChild(c, 'v');
              const index = v === undefined ? NaN : Number(v.text.trim());
              if (v === undefined || !Number.isInteger(index)) tag = removeAttr(tag, 't');
              else {
                tag = setAttrs(tag, { t: 'inlineStr' });
                edits.push({ start: v.start, end: v.end, text: `<${p}is>${source.sharedItem(index, p)}</${p}is>` });
              }
            }
            edits.push({ start: c.start, end: c.openEnd, text: tag });
          }
        }
        break;
      case 'conditionalFormatting':
        for (const rule of childrenNamed(child, 'cfRule')) {
          const dxf = numAttr(rule, 'dxfId');
          const mapped = dxf === null ? null : remap.dxf(dxf);
          if (dxf !== null) {
            edits.push({
              start: rule.start,
              end: rule.openEnd,
              text:
                mapped === null ? removeAttr(tagOf(rule), 'dxfId') : setAttrs(tagOf(rule), { dxfId: String(mapped) }),
            });
          }
        }
        break;
      default:
        if (dropIds.size > 0) dropReferences(child, dropIds, edits);
    }
  }
  return applyEdits(text, edits);
}

/** Removes the elements under `node` (or `node` itself) that point at a relationship not carried. */
function dropReferences(node: XmlNode, ids: ReadonlySet<string>, edits: TextEdit[]): void {
  const id = Object.entries(node.attrs).find(([k]) => k.endsWith(':id'))?.[1];
  if (id !== undefined && ids.has(id)) {
    edits.push({ start: node.start, end: node.end, text: '' });
    return;
  }
  for (const c of node.children) dropReferences(c, ids, edits);
}

/** A part hanging on the sheet (and what hangs on it), copied into the destination once; its new name. */
function copyPart(source: SourceBook, target: TargetBook, part: string, from: string, to: string): string {
  const done = source.copiedParts(target);
  const known = done.get(part);
  if (known !== undefined) return known;
  const name = target.freePart(part);
  done.set(part, name);
  const type = source.pkg.contentTypes.typeOf(part);
  let data: Buffer | string = source.pkg.bytes(part);
  if (type !== undefined && /drawingml\.chart\+xml$/i.test(type)) {
    // A chart's series name their cells by sheet: the sheet has a new name.
    data = data
      .toString('utf8')
      .replace(
        /(<(?:\w+:)?f>)([^<]*)(<\/(?:\w+:)?f>)/g,
        (_m, a: string, f: string, b: string) =>
          a + escapeXml(renameSheetRefs(unescape(f), from, to)).replace(/&#10;|&#13;|&#9;/g, (e) => e) + b,
      );
  } else if (type !== undefined && /table\+xml$/i.test(type)) {
    data = uniqueTable(data.toString('utf8'), part, target);
  }
  target.pkg.set(name, data);
  if (type !== undefined && target.pkg.contentTypes.typeOf(name) !== type)
    target.pkg.contentTypes.addOverride(name, type);
  const rels = [...readRelationships(source.pkg.zip, part).values()];
  if (rels.length > 0) {
    const out: NewRelationship[] = [];
    for (const r of rels) {
      if (r.external) out.push({ ...r });
      else if (source.pkg.has(r.target)) {
        out.push({ ...r, target: copyPart(source, target, source.pkg.find(r.target)!, from, to) });
      }
    }
    target.pkg.set(relsPartOf(name), relationshipsXml(name, out));
  }
  return name;
}

function unescape(xmlText: string): string {
  return xmlText
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&apos;/g, "'")
    .replace(/&amp;/g, '&');
}

const tableIds = new WeakMap<TargetBook, { ids: Set<number>; names: Set<string> }>();

/** A table's `id` and names made unique in the destination (Excel refuses two tables with one id or name). */
function uniqueTable(xml: string, part: string, target: TargetBook): string {
  let used = tableIds.get(target);
  if (used === undefined) {
    used = { ids: new Set(), names: new Set() };
    for (const entry of target.pkg.zip.entries) {
      if (!/^xl\/tables\/[^/]+\.xml$/i.test(entry.name) || !target.pkg.has(entry.name)) continue;
      const root = parseXml(target.pkg.text(entry.name), entry.name);
      used.ids.add(Number(root.attrs.id));
      used.names.add((root.attrs.name ?? '').toLowerCase());
      used.names.add((root.attrs.displayName ?? '').toLowerCase());
    }
    tableIds.set(target, used);
  }
  const root = parseXml(xml, part);
  const id = Math.max(0, ...used.ids) + 1;
  used.ids.add(id);
  const values: Record<string, string> = { id: String(id) };
  for (const attr of ['name', 'displayName'] as const) {
    const wanted = root.attrs[attr];
    if (wanted === undefined) continue;
    let name = wanted;
    for (let n = 2; used.names.has(name.toLowerCase()); n++) name = `${wanted}_${n}`;
    used.names.add(name.toLowerCase());
    values[attr] = escapeXml(name);
  }
  return xml.slice(0, root.start) + setAttrs(xml.slice(root.start, root.openEnd), values) + xml.slice(root.openEnd);
}

/**
 * The sheet `sheet` of `source` written for the destination `target` as sheet `name` in part `part`: its XML,
 * its relationships (the parts they point at are copied into the destination now), and what was left behind.
 */
export function copySheet(
  source: SourceBook,
  sheet: SourceSheet,
  target: TargetBook,
  part: string,
  name: string,
): CopiedSheet {
  const rels: NewRelationship[] = [];
  const dropped: string[] = [];
  const dropIds = new Set<string>();
  for (const r of readRelationships(source.pkg.zip, sheet.part).values()) {
    if (r.external) rels.push({ ...r });
    else if (NOT_CARRIED.test(r.type) || !source.pkg.has(r.target)) {
      dropIds.add(r.id);
      dropped.push(posix.basename(r.type));
    } else {
      rels.push({ ...r, target: copyPart(source, target, source.pkg.find(r.target)!, sheet.name, name) });
    }
  }
  const xml = rewriteSheetXml(source.pkg.text(sheet.part), sheet.part, source, target, dropIds);
  return { xml, rels, dropped };
}

/** The sheet's own defined names (print titles, print area, filter) for the destination's `<definedNames>`. */
export function copiedDefinedNames(source: SourceBook, sheet: SourceSheet, name: string, prefix: string) {
  return (localSheetId: number): string[] =>
    source.sheetDefinedNames(sheet.index).map((d) => {
      const attrs = Object.entries({ ...d.attrs, localSheetId: String(localSheetId) })
        .map(([k, v]) => ` ${k}="${escapeXml(v)}"`)
        .join('');
      const formula = renameSheetRefs(d.formula, sheet.name, name);
      return `<${prefix}definedName${attrs}>${escapeXml(formula)}</${prefix}definedName>`;
    });
}

export type { Relationship };
export { resolveTarget };
