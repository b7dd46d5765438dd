// The workbook sheets are copied into (the master for `gather`, a new file for `split`): its package, its
// sheets, and the changes a copy makes (xlsx-package.md): a new worksheet part with its relationship,
// content type and `<sheet>` entry appended at the end of `<sheets>`; sheet-scoped defined names appended
// to `<definedNames>`; records appended to styles.xml; or an existing sheet's part replaced in place (its
// name, position and defined names kept; the parts only it used removed; calcChain removed, Excel rebuilds
// it). Every other part keeps its compressed bytes.
import { posix } from 'path';
import { CONTENT_TYPES, relativeTarget, XlsxPackage, type RelsEditor } from './package';
import {
  missingPart,
  REL_NS,
  relsPartOf,
  resolveTarget,
  STYLES_REL,
  STYLES_TYPE,
  WORKSHEET_REL,
  WORKSHEET_TYPE,
} from './parts';
import { readRelationships } from './read-workbook';
import { SPREADSHEETML_NS } from './sheet-xml';
import { minimalStylesXml, openWorkbookStyles, StylesEditor } from './styles';
import { applyEdits, attrLocal, childrenNamed, escapeXml, firstChild, parseXml, prefixOf, type TextEdit } from './xml';
import { writeZip } from './zip';

const PACKAGE_REL_NS = 'http://schemas.openxmlformats.org/package/2006/relationships';

/** Relationship types of parts that belong to one sheet only: removed with the sheet part they hang on. */
const SHEET_OWNED_PARTS = /\/(comments|vmlDrawing|printerSettings|drawing|table|threadedComment)$/;

export interface TargetSheet {
  name: string;
  /** The worksheet part (null for a sheet whose part cannot be found). */
  part: string | null;
  rId: string;
  sheetId: number;
  created: boolean;
}

/** A relationship of a part being written: `target` is a part name (internal) or the raw target (external). */
export interface NewRelationship {
  id: string;
  type: string;
  target: string;
  external: boolean;
}

/** A relationships part for `part`, written whole (a new part's relationships). */
export function relationshipsXml(part: string, rels: readonly NewRelationship[]): string {
  const items = rels
    .map(
      (r) =>
        `<Relationship Id="${escapeXml(r.id)}" Type="${escapeXml(r.type)}" Target="${escapeXml(
          r.external ? r.target : relativeTarget(part, r.target),
        )}"${r.external ? ' TargetMode="External"' : ''}/>`,
    )
    .join('');
  return `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="${PACKAGE_REL_NS}">${items}</Relationships>`;
}

export class TargetBook {
  readonly part: string;
  private readonly source: string;
  private readonly rels: RelsEditor;
  readonly sheets: TargetSheet[] = [];
  private readonly definedNames: string[] = [];
  private readonly reserved = new Set<string>();
  private readonly lastNumber = new Map<string, number>();
  private styles: StylesEditor | null = null;
  private stylesPart: string | null = null;
  private replacedAny = false;
  private readonly mainNs: string;
  private readonly prefix: string;

  constructor(readonly pkg: XlsxPackage) {
    this.part = pkg.workbookPart();
    this.source = pkg.text(this.part);
    const root = parseXml(this.source, this.part);
    this.prefix = prefixOf(root.name);
    this.mainNs = root.attrs[this.prefix === '' ? 'xmlns' : `xmlns:${this.prefix.slice(0, -1)}`] ?? SPREADSHEETML_NS;
    this.rels = pkg.relsOf(this.part);
    const sheetsNode = firstChild(root, 'sheets');
    if (sheetsNode === undefined) throw missingPart(this.part, '<sheets>');
    for (const node of childrenNamed(sheetsNode, 'sheet')) {
      const rId = attrLocal(node, 'id') ?? '';
      const rel = this.rels.get(rId);
      const target = rel && !rel.external ? resolveTarget(this.part, rel.target) : null;
      this.sheets.push({
        name: node.attrs.name ?? '',
        part: target === null ? null : (pkg.find(target) ?? null),
        rId,
        sheetId: Number(node.attrs.sheetId),
        created: false,
      });
    }
  }

  /**
   * A new package holding nothing but a workbook (no sheet yet: at least one must be added before writing),
   * a minimal styles part and, when given, the theme `theme` (colours and fonts the copied styles refer to).
   */
  static empty(theme: Buffer | null): TargetBook {
    const rels = [`<Relationship Id="rId1" Type="${STYLES_REL}" Target="styles.xml"/>`];
    const overrides = [
      '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>',
      `<Override PartName="/xl/styles.xml" ContentType="${STYLES_TYPE}"/>`,
    ];
    const entries: { name: string; data: string | Buffer }[] = [];
    if (theme !== null) {
      rels.push(`<Relationship Id="rId2" Type="${REL_NS}/theme" Target="theme/theme1.xml"/>`);
      overrides.push(
        '<Override PartName="/xl/theme/theme1.xml" ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/>',
      );
    }
    const head = '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n';
    entries.push(
      {
        name: CONTENT_TYPES,
        data:
          `${head}<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">` +
          '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
          '<Default Extension="xml" ContentType="application/xml"/>' +
          `${overrides.join('')}</Types>`,
      },
      {
        name: '_rels/.rels',
        data: `${head}<Relationships xmlns="${PACKAGE_REL_NS}"><Relationship Id="rId1" Type="${REL_NS}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
      },
      {
        name: 'xl/workbook.xml',
        data:
          `${head}<workbook xmlns="${SPREADSHEETML_NS}" xmlns:r="${REL_NS}">` +
          '<bookViews><workbookView/></bookViews><sheets></sheets></workbook>',
      },
      {
        name: 'xl/_rels/workbook.xml.rels',
        data: `${head}<Relationships xmlns="${PACKAGE_REL_NS}">${rels.join('')}</Relationships>`,
      },
      { name: 'xl/styles.xml', data: minimalStylesXml(SPREADSHEETML_NS) },
    );
    if (theme !== null) entries.push({ name: 'xl/theme/theme1.xml', data: theme });
    return new TargetBook(XlsxPackage.open(writeZip(entries)));
  }

  /** The theme part of this workbook, if any (for a new file that should look the same). */
  themeBytes(): Buffer | null {
    const rel = this.rels.list().find((r) => !r.external && r.type.endsWith('/theme'));
    const part = rel ? this.pkg.find(resolveTarget(this.part, rel.target)) : undefined;
    return part === undefined ? null : this.pkg.bytes(part);
  }

  find(name: string): TargetSheet | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  stylesEditor(): StylesEditor {
    if (this.styles === null) {
      const opened = openWorkbookStyles(this.pkg, this.part, this.rels, this.mainNs, STYLES_REL);
      this.stylesPart = opened.part;
      this.styles = opened.editor;
    }
    return this.styles;
  }

  /** A part name not in the package nor handed out: `dir/base<N>.ext` with the first free N from 1. */
  freePart(like: string): string {
    const dir = posix.dirname(like);
    const ext = posix.extname(like);
    const base = posix.basename(like, ext).replace(/\d+$/, '');
    const key = `${dir}/${base}${ext}`.toLowerCase();
    // Numbers below the last one handed out are taken: start after it (a thousand copies stay linear).
    for (let n = this.lastNumber.get(key) ?? 1; ; n++) {
      const name = `${dir === '.' ? '' : `${dir}/`}${base}${n}${ext}`;
      if (!this.reserved.has(name.toLowerCase()) && !this.pkg.has(name)) {
        this.reserved.add(name.toLowerCase());
        this.lastNumber.set(key, n + 1);
        return name;
      }
    }
  }

  /** The part a new worksheet goes to. */
  newSheetPart(): string {
    const dir = posix.dirname(this.part);
    return this.freePart(`${dir === '.' ? '' : `${dir}/`}worksheets/sheet1.xml`);
  }

  /**
   * Appends a sheet: its part `part` (from newSheetPart) with `xml`, its relationships, and `definedNames`
   * (given the new sheet's position, the `<definedName>` elements to add).
   */
  addSheet(
    name: string,
    part: string,
    xml: string,
    rels: readonly NewRelationship[],
    definedNames: (localSheetId: number) => string[],
  ): void {
    this.pkg.set(part, xml);
    this.writeRels(part, rels);
    const contentType = this.pkg.contentTypes.overrideTypeLike((t) => /\.worksheet\+xml$/i.test(t)) ?? WORKSHEET_TYPE;
    this.pkg.contentTypes.addOverride(part, contentType);
    const worksheetRel = this.rels.list().find((r) => r.type.endsWith('/worksheet'))?.type ?? WORKSHEET_REL;
    const rId = this.rels.add(worksheetRel, relativeTarget(this.part, part));
    const sheetId = Math.max(0, ...this.sheets.map((s) => (Number.isFinite(s.sheetId) ? s.sheetId : 0))) + 1;
    this.definedNames.push(...definedNames(this.sheets.length));
    this.sheets.push({ name, part, rId, sheetId, created: true });
  }

  /** Replaces the part of the existing sheet `name` (keeping its name, position and defined names). */
  replaceSheet(name: string, xml: string, rels: readonly NewRelationship[]): void {
    const sheet = this.find(name);
    if (sheet === undefined || sheet.part === null) throw missingPart(`(sheet "${name}")`, `sheet "${name}"`);
    const part = sheet.part;
    // The parts only this sheet used (its comments, drawings, printer settings) go with its old content.
    for (const rel of readRelationships(this.pkg.zip, part).values()) {
      if (rel.external || !SHEET_OWNED_PARTS.test(rel.type)) continue;
      const target = this.pkg.find(rel.target);
      if (target === undefined) continue;
      this.pkg.remove(target);
      if (this.pkg.has(relsPartOf(target))) this.pkg.remove(relsPartOf(target));
      this.pkg.contentTypes.removeOverride(target);
    }
    this.pkg.set(part, xml);
    this.writeRels(part, rels);
    this.replacedAny = true;
  }

  private writeRels(part: string, rels: readonly NewRelationship[]): void {
    const relsPart = relsPartOf(part);
    if (rels.length > 0) this.pkg.set(relsPart, relationshipsXml(part, rels));
    else if (this.pkg.has(relsPart)) this.pkg.remove(relsPart);
  }

  /** The package's bytes with every change written. */
  toPieces(): Buffer[] {
    const styles = this.styles?.result() ?? null;
    if (styles !== null && this.stylesPart !== null) this.pkg.set(this.stylesPart, styles);
    if (this.replacedAny) this.removeCalcChain();
    this.pkg.set(this.part, this.workbookXml());
    return this.pkg.toPieces();
  }

  toBuffer(): Buffer {
    return Buffer.concat(this.toPieces());
  }

  /** calcChain.xml lists formula cells by sheet: a replaced sheet's cells changed, so Excel rebuilds the chain. */
  private removeCalcChain(): void {
    const rel = this.rels.list().find((r) => !r.external && r.type.endsWith('/calcChain'));
    if (!rel) return;
    const part = this.pkg.find(resolveTarget(this.part, rel.target));
    if (part !== undefined) {
      this.pkg.remove(part);
      this.pkg.contentTypes.removeOverride(part);
    }
    this.rels.remove(rel.id);
  }

  private workbookXml(): string {
    const src = this.source;
    const root = parseXml(src, this.part);
    const p = this.prefix;
    const edits: TextEdit[] = [];
    const sheetsNode = firstChild(root, 'sheets')!;
    // The r:id attribute as the workbook spells it, else declared on the element.
    let idAttr = '';
    for (const node of childrenNamed(sheetsNode, 'sheet')) {
      idAttr = Object.keys(node.attrs).find((k) => k.endsWith(':id')) ?? '';
      if (idAttr) break;
    }
    if (idAttr === '' && root.attrs['xmlns:r'] === REL_NS) idAttr = 'r:id';
    const added = this.sheets
      .filter((s) => s.created)
      .map(
        (s) =>
          `<${p}sheet name="${escapeXml(s.name)}" sheetId="${s.sheetId}"` +
          (idAttr ? ` ${idAttr}="${escapeXml(s.rId)}"/>` : ` xmlns:r="${REL_NS}" r:id="${escapeXml(s.rId)}"/>`),
      )
      .join('');
    if (added !== '') {
      if (sheetsNode.selfClosing) {
        edits.push({ start: sheetsNode.start, end: sheetsNode.end, text: `<${p}sheets>${added}</${p}sheets>` });
      } else edits.push({ start: sheetsNode.closeStart, end: sheetsNode.closeStart, text: added });
    }
    if (this.definedNames.length > 0) {
      const names = this.definedNames.join('');
      const existing = firstChild(root, 'definedNames');
      if (existing && !existing.selfClosing) {
        edits.push({ start: existing.closeStart, end: existing.closeStart, text: names });
      } else if (existing) {
        edits.push({ start: existing.start, end: existing.end, text: `<${p}definedNames>${names}</${p}definedNames>` });
      } else {
        // CT_Workbook: definedNames after sheets, functionGroups and externalReferences.
        const before = root.children.filter((c) =>
          ['sheets', 'functionGroups', 'externalReferences'].includes(c.local),
        );
        const at = before[before.length - 1].end;
        edits.push({ start: at, end: at, text: `<${p}definedNames>${names}</${p}definedNames>` });
      }
    }
    return applyEdits(src, edits);
  }

  /** The element prefix of the workbook part (for defined names written into it). */
  get workbookPrefix(): string {
    return this.prefix;
  }
}
