// Part-level checks of a written package (xlsx-package.md, "Checking your output"): what the tool changed
// compared element by element with what it must have left, and the invariants Excel is strict about
// (relationships resolve, ids unique, content types, element order, unique rule priorities, style counts).
// Parsed with the tests' own small XML reader, not with the code under test.
import { posix } from 'path';
import { ZipReader } from '../../src/workbook/xlsx-package/zip';
import { parseXml, descendants, type XmlElement } from '../helpers/mini-xml';

export interface Parts {
  order: string[];
  bytes: Map<string, Buffer>;
}

export function partsOf(zip: Buffer): Parts {
  const r = ZipReader.open(zip);
  return { order: r.entries.map((e) => e.name), bytes: new Map(r.entries.map((e) => [e.name, r.read(e.name)])) };
}

export const xmlOf = (parts: Parts, name: string): XmlElement => {
  const b = parts.bytes.get(name);
  if (b === undefined) throw new Error(`no part ${name}`);
  return parseXml(b.toString('utf8').replace(/^\ufeff/, ''));
};

/** An element as plain data (name, attributes, text, children), for deep equality. */
export interface PlainElement {
  name: string;
  attributes: Record<string, string>;
  text: string;
  children: PlainElement[];
}

export function plain(e: XmlElement, drop: (e: XmlElement) => boolean = () => false): PlainElement {
  return {
    name: e.name,
    attributes: e.attributes,
    text: e.text,
    children: e.children.filter((c) => !drop(c)).map((c) => plain(c, drop)),
  };
}

const local = (name: string) => name.slice(name.indexOf(':') + 1);

/** A conditional format the tool writes on a user's sheet: its rules carry the tag. */
export function isToolHighlight(e: XmlElement): boolean {
  return (
    local(e.name) === 'conditionalFormatting' &&
    e.children.length > 0 &&
    e.children.every((r) =>
      descendants(r, r.name.replace(/cfRule$/, 'formula')).some((f) => f.text.includes('ISTEXT("par-index")')),
    )
  );
}

/** The relationships of a part: Id → resolved target (external ones kept as written). */
export function relationshipsOf(
  parts: Parts,
  part: string,
): Map<string, { type: string; target: string; external: boolean }> {
  const dir = posix.dirname(part);
  const relsName = dir === '.' ? `_rels/${posix.basename(part)}.rels` : `${dir}/_rels/${posix.basename(part)}.rels`;
  const out = new Map<string, { type: string; target: string; external: boolean }>();
  if (!parts.bytes.has(relsName)) return out;
  for (const r of xmlOf(parts, relsName).children) {
    const external = r.attributes.TargetMode === 'External';
    const t = r.attributes.Target;
    const target = external ? t : t.startsWith('/') ? t.slice(1) : posix.normalize(dir === '.' ? t : `${dir}/${t}`);
    out.set(r.attributes.Id, { type: r.attributes.Type, target, external });
  }
  return out;
}

/** Sheets of the workbook in order: name, sheetId, state, part. */
export function sheetsOf(parts: Parts): { name: string; sheetId: string; state: string; part: string }[] {
  const wb = xmlOf(parts, 'xl/workbook.xml');
  const rels = relationshipsOf(parts, 'xl/workbook.xml');
  const sheets = wb.children.find((c) => local(c.name) === 'sheets')!;
  return sheets.children.map((s) => ({
    name: s.attributes.name,
    sheetId: s.attributes.sheetId,
    state: s.attributes.state ?? 'visible',
    part: rels.get(s.attributes['r:id'])?.target ?? '',
  }));
}

/** CT_Worksheet's children in schema order. */
const WORKSHEET_ORDER = [
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
  'dataValidations',
  'hyperlinks',
  'printOptions',
  'pageMargins',
  'pageSetup',
  'headerFooter',
  'rowBreaks',
  'colBreaks',
  'customProperties',
  'cellWatches',
  'ignoredErrors',
  'smartTags',
  'drawing',
  'legacyDrawing',
  'legacyDrawingHF',
  'drawingHF',
  'picture',
  'oleObjects',
  'controls',
  'webPublishItems',
  'tableParts',
  'extLst',
];

/** Every invariant a valid package keeps; [] when all hold. */
export function packageProblems(zip: Buffer): string[] {
  const parts = partsOf(zip);
  const problems: string[] = [];
  if (parts.order[0] !== '[Content_Types].xml') problems.push('[Content_Types].xml is not the first entry');
  // Content types: every Override names a part; every part has a type.
  const types = xmlOf(parts, '[Content_Types].xml');
  const overrides = new Map<string, string>();
  const defaults = new Map<string, string>();
  for (const t of types.children) {
    if (local(t.name) === 'Override') {
      const p = t.attributes.PartName.slice(1);
      if (overrides.has(p.toLowerCase())) problems.push(`two overrides for ${p}`);
      overrides.set(p.toLowerCase(), t.attributes.ContentType);
      if (!parts.bytes.has(p)) problems.push(`override for a missing part ${p}`);
    } else defaults.set(t.attributes.Extension.toLowerCase(), t.attributes.ContentType);
  }
  for (const p of parts.order) {
    if (p === '[Content_Types].xml' || p.endsWith('/')) continue;
    if (!overrides.has(p.toLowerCase()) && !defaults.has(p.slice(p.lastIndexOf('.') + 1).toLowerCase()))
      problems.push(`no content type for ${p}`);
  }
  // Relationships: ids unique, targets present.
  for (const relsPart of parts.order.filter((p) => p.endsWith('.rels'))) {
    const ids = new Set<string>();
    const source = relsPart.replace(/(^|\/)_rels\/([^/]+)\.rels$/, (_, lead: string, base: string) => `${lead}${base}`);
    for (const r of xmlOf(parts, relsPart).children) {
      if (ids.has(r.attributes.Id)) problems.push(`${relsPart}: duplicate id ${r.attributes.Id}`);
      ids.add(r.attributes.Id);
    }
    for (const [id, r] of relationshipsOf(parts, source)) {
      if (!r.external && !parts.bytes.has(r.target))
        problems.push(`${relsPart}: ${id} points at a missing ${r.target}`);
    }
  }
  // Workbook: sheet ids and names unique, every sheet's part present, defined names in range.
  const sheets = sheetsOf(parts);
  if (new Set(sheets.map((s) => s.sheetId)).size !== sheets.length) problems.push('duplicate sheetId');
  if (new Set(sheets.map((s) => s.name.toLowerCase())).size !== sheets.length) problems.push('duplicate sheet name');
  if (!sheets.some((s) => s.state === 'visible')) problems.push('no visible sheet');
  for (const s of sheets) if (!parts.bytes.has(s.part)) problems.push(`sheet ${s.name}: missing part ${s.part}`);
  const wb = xmlOf(parts, 'xl/workbook.xml');
  for (const dn of descendants(wb).filter((e) => local(e.name) === 'definedName')) {
    const l = dn.attributes.localSheetId;
    if (l !== undefined && !(Number(l) >= 0 && Number(l) < sheets.length))
      problems.push(`defined name ${dn.attributes.name}: localSheetId ${l}`);
  }
  for (const v of descendants(wb).filter((e) => local(e.name) === 'workbookView')) {
    const a = v.attributes.activeTab;
    if (a !== undefined && (Number(a) >= sheets.length || sheets[Number(a)].state !== 'visible'))
      problems.push(`activeTab ${a} is not a visible sheet`);
  }
  const calcChain = parts.bytes.has('xl/calcChain.xml') ? xmlOf(parts, 'xl/calcChain.xml') : null;
  if (calcChain) {
    const ids = new Set(sheets.map((s) => s.sheetId));
    let current = '';
    for (const c of calcChain.children) {
      current = c.attributes.i ?? current;
      if (!ids.has(current)) problems.push(`calcChain names sheetId ${current}, which does not exist`);
    }
  }
  // Styles: counts right.
  const styles = xmlOf(parts, 'xl/styles.xml');
  const counts = new Map<string, number>();
  for (const c of styles.children) {
    if (c.attributes.count !== undefined && Number(c.attributes.count) !== c.children.length)
      problems.push(`styles ${c.name}: count ${c.attributes.count} but ${c.children.length} records`);
    counts.set(local(c.name), c.children.length);
  }
  // Worksheets: element order, unique priorities, style and dxf indexes in range.
  for (const s of sheets) {
    if (!parts.bytes.has(s.part)) continue;
    const ws = xmlOf(parts, s.part);
    if (local(ws.name) !== 'worksheet') continue;
    let last = -1;
    for (const c of ws.children) {
      const at = WORKSHEET_ORDER.indexOf(local(c.name));
      if (at < 0) continue;
      if (at < last) problems.push(`${s.name}: <${c.name}> out of schema order`);
      last = at;
    }
    const priorities = descendants(ws)
      .filter((e) => local(e.name) === 'cfRule' && e.attributes.priority !== undefined)
      .map((e) => e.attributes.priority);
    if (new Set(priorities).size !== priorities.length) problems.push(`${s.name}: duplicate cfRule priorities`);
    for (const e of descendants(ws)) {
      if (
        local(e.name) === 'cfRule' &&
        e.attributes.dxfId !== undefined &&
        Number(e.attributes.dxfId) >= (counts.get('dxfs') ?? 0)
      )
        problems.push(`${s.name}: dxfId ${e.attributes.dxfId} out of range`);
      if (
        local(e.name) === 'c' &&
        e.attributes.s !== undefined &&
        Number(e.attributes.s) >= (counts.get('cellXfs') ?? 0)
      )
        problems.push(`${s.name}: style ${e.attributes.s} out of range`);
    }
  }
  return problems;
}

/**
 * styles.xml as it was before the tool appended its records: each collection cut to `before`'s length and
 * its count set back (so the rest of the part can be compared element by element).
 */
export function stylesWithoutAppended(after: XmlElement, before: XmlElement): PlainElement {
  const lengths = new Map(before.children.map((c) => [c.name, c.children.length]));
  const counts = new Map(before.children.map((c) => [c.name, c.attributes.count]));
  const p = plain(after);
  p.children = p.children
    .filter((c) => lengths.has(c.name))
    .map((c) => {
      const n = lengths.get(c.name);
      if (n === undefined) return c;
      const attributes = { ...c.attributes };
      if (counts.get(c.name) === undefined) delete attributes.count;
      else attributes.count = counts.get(c.name)!;
      return { ...c, attributes, children: c.children.slice(0, n) };
    });
  return p;
}
