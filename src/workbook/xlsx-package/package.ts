// An .xlsx/.xlsm package being edited: the zip's entries in their order, each either carried over (its
// compressed bytes copied) or replaced, removed, or added; plus the two bookkeeping parts every edit touches,
// `[Content_Types].xml` and relationship parts, changed as text around the entries the tool adds or removes.
import { posix } from 'path';
import { missingPart, relsPartOf, resolveTarget, type Relationship } from './parts';
import { applyEdits, childrenNamed, escapeXml, parseXml, prefixOf, type TextEdit, type XmlNode } from './xml';
import { inflateRawSync } from 'zlib';
import { writeZipPieces, ZipReader, type Deflated, type ZipLimits, type ZipOutEntry } from './zip';

export const CONTENT_TYPES = '[Content_Types].xml';

/** A target written relative to the source part's folder. */
export function relativeTarget(sourcePart: string, part: string): string {
  const dir = posix.dirname(sourcePart);
  return dir === '.' ? part : posix.relative(dir, part);
}

// ---------------------------------------------------------------------------------------------------------
// Relationships and content types, edited as text

export class RelsEditor {
  private readonly root: XmlNode;
  private readonly removed = new Set<string>();
  private readonly added: Relationship[] = [];
  /** The part's own relationships, as read. */
  private readonly original: Relationship[];
  private readonly byId = new Map<string, Relationship>();

  constructor(
    private readonly source: string,
    readonly part: string,
  ) {
    this.root = parseXml(source, part);
    this.original = childrenNamed(this.root, 'Relationship').map((n) => ({
      id: n.attrs.Id ?? '',
      type: n.attrs.Type ?? '',
      target: n.attrs.Target ?? '',
      external: n.attrs.TargetMode === 'External',
    }));
    // The first of a (damaged) duplicate id wins, as a search of the list did.
    for (const r of [...this.original].reverse()) this.byId.set(r.id, r);
  }

  static empty(part: string): RelsEditor {
    return new RelsEditor(
      '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n' +
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"></Relationships>',
      part,
    );
  }

  get changed(): boolean {
    return this.removed.size > 0 || this.added.length > 0;
  }

  list(): Relationship[] {
    const own = this.original.filter((r) => !this.removed.has(r.id));
    return [...own, ...this.added];
  }

  get(id: string): Relationship | undefined {
    // By id, not by a fresh list: the workbook looks up each of its sheets (thousands).
    const own = this.byId.get(id);
    return own !== undefined && !this.removed.has(id) ? own : this.added.find((r) => r.id === id);
  }

  /** A new relationship with the first free `rIdN` (N above every rId number in use, or reused once freed). */
  add(type: string, target: string): string {
    const used = new Set(this.list().map((r) => r.id));
    let n = 1;
    while (used.has(`rId${n}`)) n++;
    const id = `rId${n}`;
    this.added.push({ id, type, target, external: false });
    return id;
  }

  remove(id: string): void {
    const at = this.added.findIndex((r) => r.id === id);
    if (at >= 0) this.added.splice(at, 1);
    else this.removed.add(id);
  }

  result(): string {
    if (!this.changed) return this.source;
    const p = prefixOf(this.root.name);
    const edits: TextEdit[] = [];
    for (const n of childrenNamed(this.root, 'Relationship')) {
      if (this.removed.has(n.attrs.Id ?? '')) edits.push({ start: n.start, end: n.end, text: '' });
    }
    const xml = this.added
      .map(
        (r) =>
          `<${p}Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(r.target)}"/>`,
      )
      .join('');
    edits.push(...closeInsert(this.source, this.root, xml));
    return applyEdits(this.source, edits);
  }
}

/** Edits that put `xml` just before the root's end tag (opening a self-closing root). */
function closeInsert(source: string, root: XmlNode, xml: string): TextEdit[] {
  if (xml === '') return [];
  if (!root.selfClosing) return [{ start: root.closeStart, end: root.closeStart, text: xml }];
  const tag = source.slice(root.start, root.end).replace(/\s*\/>$/, '>');
  return [{ start: root.start, end: root.end, text: `${tag}${xml}</${root.name}>` }];
}

export class ContentTypesEditor {
  private readonly root: XmlNode;
  private readonly removed = new Set<string>();
  private readonly added: { part: string; type: string }[] = [];

  constructor(private readonly source: string) {
    this.root = parseXml(source, CONTENT_TYPES);
  }

  get changed(): boolean {
    return this.removed.size > 0 || this.added.length > 0;
  }

  /** The content type of a part: its Override, else the Default of its extension. */
  typeOf(part: string): string | undefined {
    const name = `/${part}`.toLowerCase();
    const added = this.added.find((a) => a.part.toLowerCase() === part.toLowerCase());
    if (added) return added.type;
    for (const o of childrenNamed(this.root, 'Override')) {
      if ((o.attrs.PartName ?? '').toLowerCase() === name && !this.removed.has(name)) return o.attrs.ContentType;
    }
    const ext = posix.extname(part).slice(1).toLowerCase();
    for (const d of childrenNamed(this.root, 'Default')) {
      if ((d.attrs.Extension ?? '').toLowerCase() === ext) return d.attrs.ContentType;
    }
    return undefined;
  }

  /** A content type some Override uses that passes `test` (to copy the package's own spelling). */
  overrideTypeLike(test: (contentType: string) => boolean): string | undefined {
    for (const o of childrenNamed(this.root, 'Override')) {
      const type = o.attrs.ContentType ?? '';
      if (test(type)) return type;
    }
    return undefined;
  }

  addOverride(part: string, type: string): void {
    this.removeOverride(part);
    this.added.push({ part, type });
  }

  removeOverride(part: string): void {
    const at = this.added.findIndex((a) => a.part.toLowerCase() === part.toLowerCase());
    if (at >= 0) this.added.splice(at, 1);
    else this.removed.add(`/${part}`.toLowerCase());
  }

  result(): string {
    if (!this.changed) return this.source;
    const p = prefixOf(this.root.name);
    const edits: TextEdit[] = [];
    for (const o of childrenNamed(this.root, 'Override')) {
      if (this.removed.has((o.attrs.PartName ?? '').toLowerCase()))
        edits.push({ start: o.start, end: o.end, text: '' });
    }
    const xml = this.added
      .map((a) => `<${p}Override PartName="/${escapeXml(a.part)}" ContentType="${escapeXml(a.type)}"/>`)
      .join('');
    edits.push(...closeInsert(this.source, this.root, xml));
    return applyEdits(this.source, edits);
  }
}

// ---------------------------------------------------------------------------------------------------------
// The package

/** A part being deflated elsewhere (sheet-rewriter.ts): its content when asked for, its bytes when settled. */
export class PendingPart {
  constructor(
    readonly deflated: Promise<Deflated>,
    readonly content: () => Buffer,
  ) {
    // Awaited when the package is written; a write given up before then must not end the process on it.
    deflated.catch(() => undefined);
  }
}

type PartData = Buffer | string | Deflated | PendingPart;

function contentOf(data: PartData): Buffer {
  if (typeof data === 'string') return Buffer.from(data, 'utf8');
  if (Buffer.isBuffer(data)) return data;
  if (data instanceof PendingPart) return data.content();
  return inflateRawSync(Buffer.concat(data.pieces));
}

export class XlsxPackage {
  readonly zip: ZipReader;
  /** Output order of the entries (original order, then the added ones). */
  private readonly order: string[];
  private readonly replaced = new Map<string, PartData>();
  readonly contentTypes: ContentTypesEditor;
  private readonly rels = new Map<string, RelsEditor>();

  private constructor(zip: ZipReader) {
    this.zip = zip;
    this.order = zip.entries.map((e) => e.name);
    const ct = zip.lookup(CONTENT_TYPES);
    if (ct === undefined) throw missingPart(CONTENT_TYPES, 'content types');
    this.contentTypes = new ContentTypesEditor(zip.text(ct));
  }

  static open(bytes: Buffer, limits?: ZipLimits): XlsxPackage {
    return new XlsxPackage(ZipReader.open(bytes, limits));
  }

  /** The entry name of a part, matched without case as OPC part names are. */
  find(part: string): string | undefined {
    const lower = part.toLowerCase();
    return this.order.find((n) => n === part) ?? this.order.find((n) => n.toLowerCase() === lower);
  }

  has(part: string): boolean {
    return this.find(part) !== undefined;
  }

  text(part: string): string {
    const name = this.find(part);
    if (name === undefined) throw missingPart(part, 'part');
    const r = this.replaced.get(name);
    if (r !== undefined) return contentOf(r).toString('utf8');
    return this.zip.text(name);
  }

  bytes(part: string): Buffer {
    const name = this.find(part);
    if (name === undefined) throw missingPart(part, 'part');
    const r = this.replaced.get(name);
    if (r !== undefined) return contentOf(r);
    return this.zip.read(name);
  }

  /** Replaces a part's content, or adds a part at the end. */
  set(part: string, data: PartData): void {
    const name = this.find(part) ?? part;
    if (!this.order.includes(name)) this.order.push(name);
    this.replaced.set(name, data);
  }

  remove(part: string): void {
    const name = this.find(part);
    // A relationships part removed: its editor goes too (a part added later under the name starts empty).
    this.rels.delete(part);
    if (name !== undefined) this.rels.delete(name);
    if (name === undefined) return;
    this.order.splice(this.order.indexOf(name), 1);
    this.replaced.delete(name);
  }

  /** The relationships of `part` (an empty set when it has none), kept for editing. */
  relsOf(part: string): RelsEditor {
    const relsPart = relsPartOf(part);
    let editor = this.rels.get(relsPart);
    if (editor === undefined) {
      const name = this.find(relsPart);
      editor = name === undefined ? RelsEditor.empty(relsPart) : new RelsEditor(this.text(name), name);
      this.rels.set(relsPart, editor);
    }
    return editor;
  }

  /** The workbook part, from the package relationships. */
  workbookPart(): string {
    const root = this.relsOf('');
    const rel = root
      .list()
      .find((r) => !r.external && /\/officeDocument$/.test(r.type) && !/\/extended-properties$/.test(r.type));
    const part = rel ? resolveTarget('', rel.target) : 'xl/workbook.xml';
    const found = this.find(part);
    if (found === undefined) throw missingPart(part, 'workbook');
    return found;
  }

  /** The package's bytes: every untouched entry copied with its compressed bytes, `[Content_Types].xml` first. */
  toPieces(): Buffer[] {
    for (const [relsPart, editor] of this.rels) {
      if (!editor.changed) continue;
      if (editor.list().length === 0 && this.find(relsPart) !== undefined) this.remove(relsPart);
      else if (editor.list().length > 0) this.set(relsPart, editor.result());
    }
    const ct = this.find(CONTENT_TYPES)!;
    if (this.contentTypes.changed) this.replaced.set(ct, this.contentTypes.result());
    const names = [ct, ...this.order.filter((n) => n !== ct)];
    const entries: ZipOutEntry[] = names.map((name) => {
      const data = this.replaced.get(name);
      if (data === undefined) return { name, copyFrom: this.zip };
      if (data instanceof PendingPart) throw new Error(`toPieces: ${name} is still being deflated`);
      return typeof data === 'string' || Buffer.isBuffer(data) ? { name, data } : { name, deflated: data };
    });
    return writeZipPieces(entries);
  }

  /** toPieces, once every part deflated in the background is done. */
  async settledPieces(): Promise<Buffer[]> {
    for (const [name, data] of this.replaced)
      if (data instanceof PendingPart) this.replaced.set(name, await data.deflated);
    return this.toPieces();
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.toPieces());
  }
}
