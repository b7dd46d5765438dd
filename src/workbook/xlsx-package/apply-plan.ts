// WritePlan → .xlsx package, losslessly: the file adapter's twin of exceljs-apply's `applyPlan`.
//
// The output is the input package with only these changes (xlsx-package.md): new worksheet parts for the sheets
// the plan adds (cells as inline strings, numbers, booleans, errors, formulas with the engine's value cached);
// their entries in `workbook.xml`, its relationships and `[Content_Types].xml`; the records they need appended
// to `styles.xml`; the tool's conditional formats inserted into or removed from the users' sheets as text at
// their schema position; for a deleted sheet its part, relationships, content type, `<sheet>`, sheet-scoped
// and referring defined names (later `localSheetId`s renumbered) and its calcChain entries. Every other part
// keeps its compressed bytes; the users' sheets are never re-serialised.
//
// All or nothing: the plan is checked first (checkPlan, the same problems as the other adapters), and the
// result is a new buffer: nothing is written unless everything succeeded.
//
// Not supported (refused before anything is done, PLAN_OP_INVALID): writing cells, styles, merges, widths or
// panes into a sheet that exists before the plan (the tool only writes its own sheets; the record sheet is
// rewritten whole by writeOwnership).
import {
  HIGHLIGHT_TAG,
  OWNERSHIP_SHEET,
  isTaggedHighlight,
  type OwnedConditionalFormat,
  type WriteOp,
  type WritePlan,
} from '../../core/plan-types';
import { ownershipCells } from '../../core/ownership';
import { checkPlan, type SheetState } from '../plan-check';
import { invalidPlanError, OP_VI, opSheet, PlanApplyError, planProblem, type PlanProblem } from '../plan-errors';
import { BilingualError } from '../errors';
import { normalizeRange, ruleMatches } from '../rule-match';
import { PackageError } from './package-error';
import { relativeTarget, XlsxPackage, type RelsEditor } from './package';
import { missingPart, REL_NS, relsPartOf, resolveTarget, STYLES_REL, WORKSHEET_REL, WORKSHEET_TYPE } from './parts';
import {
  box,
  CellGrid,
  NewSheet,
  printTitlesFormula,
  replaceSheetData,
  deflatedGenerated,
  SPREADSHEETML_NS,
  UserSheet,
} from './sheet-xml';
import { SheetRewriter } from './sheet-rewriter';
import { openWorkbookStyles, StylesEditor } from './styles';
import { CHART_REL, CHART_TYPE, chartXml, DRAWING_REL, DRAWING_TYPE, drawingXml } from './chart-xml';
import {
  applyEdits,
  attrLocal,
  childrenNamed,
  encodeOoxmlText,
  escapeXml,
  escapeXmlText,
  firstChild,
  parseXml,
  prefixOf,
  removeAttributeEdit,
  setAttributeEdit,
  type TextEdit,
  type XmlNode,
} from './xml';
import type { SheetEnd, SheetEnds } from './sheet-end';
import { ZipReader, type StoredPart, type ZipLimits } from './zip';

type SheetVisibility = SheetState['state'];

interface SheetEntry {
  name: string;
  state: SheetVisibility;
  /** For a sheet of the input: its `<sheet>` element, relationship and part. */
  node?: XmlNode;
  originalIndex?: number;
  originalState?: SheetVisibility;
  rId?: string;
  sheetId?: number;
  part?: string | null;
  user?: UserSheet;
  /** The record sheet of the input, its cells to be replaced. */
  replacement?: CellGrid;
  /** A sheet the plan creates. */
  created?: NewSheet;
}

const visibility = (state: string | undefined): SheetVisibility =>
  state === 'hidden' || state === 'veryHidden' ? state : 'visible';

/** The workbook part and what hangs on it, as the plan changes it. */
class WorkbookModel {
  readonly part: string;
  readonly source: string;
  readonly root: XmlNode;
  readonly rels: RelsEditor;
  readonly sheets: SheetEntry[] = [];
  readonly deleted: SheetEntry[] = [];
  private readonly originals: SheetEntry[];
  private styles: StylesEditor | null = null;
  private stylesPart: string | null = null;

  /**
   * `rewriter`: the worker that deflates the users' edited sheets (UserSheet.deflated); else they are here.
   * `ends`: where the package's sheets' cells end, when a read of the same bytes found it.
   */
  constructor(
    readonly pkg: XlsxPackage,
    private readonly rewriter?: SheetRewriter,
    private readonly ends?: ReadonlyMap<string, SheetEnd>,
  ) {
    this.part = pkg.workbookPart();
    this.source = pkg.text(this.part);
    this.root = parseXml(this.source, this.part);
    this.rels = pkg.relsOf(this.part);
    const sheetsNode = firstChild(this.root, 'sheets');
    if (sheetsNode === undefined) throw missingPart(this.part, '<sheets>');
    childrenNamed(sheetsNode, 'sheet').forEach((node, index) => {
      const rId = attrLocal(node, 'id') ?? '';
      const rel = this.rels.get(rId);
      const target = rel && !rel.external ? resolveTarget(this.part, rel.target) : null;
      this.sheets.push({
        name: node.attrs.name ?? '',
        state: visibility(node.attrs.state),
        originalState: visibility(node.attrs.state),
        node,
        originalIndex: index,
        rId,
        sheetId: Number(node.attrs.sheetId),
        part: target === null ? null : (pkg.find(target) ?? null),
      });
    });
    this.originals = [...this.sheets];
  }

  get mainNs(): string {
    const p = prefixOf(this.root.name);
    return this.root.attrs[p === '' ? 'xmlns' : `xmlns:${p.slice(0, -1)}`] ?? SPREADSHEETML_NS;
  }

  find(name: string): SheetEntry | undefined {
    return this.sheets.find((s) => s.name === name);
  }

  userSheet(entry: SheetEntry): UserSheet {
    if (entry.user === undefined) {
      if (!entry.part) throw missingPart(`(sheet "${entry.name}")`, `sheet "${entry.name}"`);
      entry.user = new UserSheet(entry.part, this.pkg.zip, this.ends?.get(entry.part));
      // The worker deflates its cells now (if it was not handed them already), ready for its rewrite.
      if (entry.user.kind === 'worksheet')
        this.rewriter?.prepare(entry.part, this.pkg.zip.stored(entry.part), entry.user.split);
    }
    return entry.user;
  }

  stylesEditor(): StylesEditor {
    if (this.styles === null) {
      const opened = openWorkbookStyles(
        this.pkg,
        this.part,
        this.rels,
        this.mainNs,
        this.relType('/styles', STYLES_REL),
      );
      this.stylesPart = opened.part;
      this.styles = opened.editor;
    }
    return this.styles;
  }

  /** The relationship type the package itself uses for this kind (transitional or strict spelling). */
  private relType(suffix: string, fallback: string): string {
    const rel = this.rels.list().find((r) => r.type.endsWith(suffix));
    return (
      rel?.type ??
      (this.mainNs.includes('purl.oclc.org')
        ? fallback.replace(REL_NS, 'http://purl.oclc.org/ooxml/officeDocument/relationships')
        : fallback)
    );
  }

  /** Writes every change into the package. */
  finish(): void {
    const pkg = this.pkg;
    // Deleted sheets: parts, relationships, content types; their drawings and the charts on them.
    for (const entry of this.deleted) {
      if (entry.part) {
        for (const part of this.drawingParts(entry.part)) {
          pkg.remove(part);
          if (pkg.has(relsPartOf(part))) pkg.remove(relsPartOf(part));
          pkg.contentTypes.removeOverride(part);
        }
        pkg.remove(entry.part);
        const relsPart = relsPartOf(entry.part);
        if (pkg.has(relsPart)) pkg.remove(relsPart);
        pkg.contentTypes.removeOverride(entry.part);
      }
      if (entry.rId) this.rels.remove(entry.rId);
    }
    // Users' sheets edited as text, the record sheet's cells replaced.
    for (const entry of this.sheets) {
      if (entry.created || !entry.part) continue;
      if (entry.replacement) {
        pkg.set(
          entry.part,
          deflatedGenerated(
            replaceSheetData(
              entry.part,
              pkg.text(entry.part),
              entry.replacement,
              this.stylesIfNeeded(entry.replacement),
            ),
          ),
        );
      } else if (entry.user?.changed) pkg.set(entry.part, entry.user.deflated(this.rewriter));
    }
    // New sheets: parts named sheetN.xml with the first free N, relationship, content type, sheetId.
    const worksheetType = this.relType('/worksheet', WORKSHEET_REL);
    const contentType = pkg.contentTypes.overrideTypeLike((t) => /\.worksheet\+xml$/i.test(t)) ?? WORKSHEET_TYPE;
    const dir = this.part.includes('/') ? this.part.slice(0, this.part.lastIndexOf('/') + 1) : '';
    let nextId = Math.max(
      0,
      ...this.sheets.filter((s) => !s.created).map((s) => (Number.isFinite(s.sheetId) ? s.sheetId! : 0)),
    );
    let n = 1;
    for (const entry of this.sheets) {
      if (!entry.created) continue;
      while (pkg.has(`${dir}worksheets/sheet${n}.xml`)) n++;
      const part = `${dir}worksheets/sheet${n}.xml`;
      if (entry.created.charts.length > 0) this.addCharts(part, entry.created, dir);
      const worker = entry.created.oneStream ? undefined : this.rewriter;
      pkg.set(part, entry.created.deflated(this.mainNs, this.stylesIfNeeded(entry.created), worker));
      pkg.contentTypes.addOverride(part, contentType);
      entry.part = part;
      entry.rId = this.rels.add(worksheetType, relativeTarget(this.part, part));
      entry.sheetId = ++nextId;
    }
    const styles = this.styles?.result() ?? null;
    if (styles !== null && this.stylesPart !== null) pkg.set(this.stylesPart, styles);
    pkg.set(this.part, this.workbookXml());
    this.filterCalcChain();
  }

  /** A drawing part holding the sheet's charts, each in a chart part (first free names), with their rels and types. */
  private addCharts(sheetPart: string, sheet: NewSheet, dir: string): void {
    const pkg = this.pkg;
    const free = (kind: string) => {
      let k = 1;
      while (pkg.has(`${dir}${kind}s/${kind}${k}.xml`)) k++;
      return `${dir}${kind}s/${kind}${k}.xml`;
    };
    const drawing = free('drawing');
    pkg.set(drawing, '');
    const drawingRels = pkg.relsOf(drawing);
    const anchored = sheet.charts.map((chart) => {
      const part = free('chart');
      pkg.set(part, chartXml(chart));
      pkg.contentTypes.addOverride(part, CHART_TYPE);
      return { chart, rId: drawingRels.add(CHART_REL, relativeTarget(drawing, part)) };
    });
    pkg.set(drawing, drawingXml(anchored));
    pkg.contentTypes.addOverride(drawing, DRAWING_TYPE);
    sheet.drawingRel = pkg.relsOf(sheetPart).add(DRAWING_REL, relativeTarget(sheetPart, drawing));
  }

  /** The drawing parts of a sheet and what they hold (charts and their own parts; not shared media). */
  private drawingParts(sheetPart: string): string[] {
    const pkg = this.pkg;
    const internal = (part: string, type: RegExp) =>
      pkg
        .relsOf(part)
        .list()
        .filter((r) => !r.external && type.test(r.type))
        .map((r) => pkg.find(resolveTarget(part, r.target)))
        .filter((p): p is string => p !== undefined);
    const out: string[] = [];
    for (const drawing of internal(sheetPart, /\/drawing$/)) {
      out.push(drawing);
      for (const chart of internal(drawing, /\/chart$/))
        out.push(chart, ...internal(chart, /\/chart(Style|ColorStyle|UserShapes)$|\/themeOverride$/));
    }
    return out;
  }

  private stylesIfNeeded(x: NewSheet | CellGrid): StylesEditor | null {
    const grid = x instanceof NewSheet ? x.grid : x;
    if (x instanceof NewSheet && x.formats.length > 0) return this.stylesEditor();
    return grid.styled ? this.stylesEditor() : null;
  }

  private workbookXml(): string {
    const src = this.source;
    const edits: TextEdit[] = [];
    const sheetsNode = firstChild(this.root, 'sheets')!;
    const p = prefixOf(this.root.name);
    const deletedIndex = new Set(this.deleted.map((d) => d.originalIndex!));
    const deletedNames = this.deleted.map((d) => d.node?.attrs.name ?? d.name);
    for (const d of this.deleted) if (d.node) edits.push({ start: d.node.start, end: d.node.end, text: '' });
    for (const s of this.sheets) {
      if (!s.node || s.state === s.originalState) continue;
      edits.push(
        s.state === 'visible'
          ? removeAttributeEdit(src, s.node, 'state')
          : setAttributeEdit(src, s.node, 'state', s.state),
      );
    }
    // The r:id attribute as the package spells it (its prefix bound on the root), else declared on the element.
    let idAttr = '';
    for (const s of this.originals) {
      const q = Object.keys(s.node!.attrs).find((k) => k.endsWith(':id'));
      if (q) {
        idAttr = q;
        break;
      }
    }
    const relNs = this.mainNs.includes('purl.oclc.org')
      ? 'http://purl.oclc.org/ooxml/officeDocument/relationships'
      : REL_NS;
    const newSheets = this.sheets
      .filter((s) => s.created)
      .map(
        (s) =>
          `<${p}sheet name="${escapeXml(encodeOoxmlText(s.name, { literals: false }))}" sheetId="${s.sheetId}"` +
          (s.state === 'visible' ? '' : ` state="${s.state}"`) +
          (idAttr ? ` ${idAttr}="${escapeXml(s.rId!)}"/>` : ` xmlns:r="${relNs}" r:id="${escapeXml(s.rId!)}"/>`),
      )
      .join('');
    if (newSheets !== '') edits.push({ start: sheetsNode.closeStart, end: sheetsNode.closeStart, text: newSheets });

    // Defined names: those of a deleted sheet (by localSheetId or naming it) go; later localSheetIds shift.
    const newIndex = (original: number): number => {
      let shift = 0;
      for (const d of deletedIndex) if (d < original) shift++;
      return original - shift;
    };
    let printTitles = this.sheets
      .map((s, index) => {
        const rows = s.created?.page?.titleRows;
        if (!rows) return '';
        const formula = escapeXmlText(encodeOoxmlText(printTitlesFormula(s.name, rows), { literals: false }));
        return `<${p}definedName name="_xlnm.Print_Titles" localSheetId="${index}">${formula}</${p}definedName>`;
      })
      .join('');
    const definedNames = firstChild(this.root, 'definedNames');
    if (definedNames && this.deleted.length > 0) {
      const names = childrenNamed(definedNames, 'definedName');
      let kept = 0;
      for (const dn of names) {
        const local = dn.attrs.localSheetId;
        const index = local === undefined ? null : Number(local);
        const refersToDeleted = deletedNames.some((name) => formulaNamesSheet(dn.text, name));
        if ((index !== null && deletedIndex.has(index)) || refersToDeleted) {
          edits.push({ start: dn.start, end: dn.end, text: '' });
          continue;
        }
        kept++;
        if (index !== null && Number.isInteger(index) && newIndex(index) !== index) {
          edits.push(setAttributeEdit(src, dn, 'localSheetId', String(newIndex(index))));
        }
      }
      if (kept === 0) {
        // An empty <definedNames> is not valid: the element goes with its names (the new ones take its place).
        for (let i = edits.length - 1; i >= 0; i--) {
          if (edits[i].start >= definedNames.start && edits[i].end <= definedNames.end) edits.splice(i, 1);
        }
        const text = printTitles === '' ? '' : `<${p}definedNames>${printTitles}</${p}definedNames>`;
        edits.push({ start: definedNames.start, end: definedNames.end, text });
        printTitles = '';
      }
    }
    // The print titles of created sheets: names scoped to their sheet, so a deleted sheet takes its own along.
    if (printTitles !== '') {
      if (definedNames && !definedNames.selfClosing)
        edits.push({ start: definedNames.closeStart, end: definedNames.closeStart, text: printTitles });
      else if (definedNames)
        edits.push({
          start: definedNames.start,
          end: definedNames.end,
          text: `<${p}definedNames>${printTitles}</${p}definedNames>`,
        });
      else {
        // Schema order: after sheets, functionGroups and externalReferences.
        const before = this.root.children.filter((c) =>
          ['sheets', 'functionGroups', 'externalReferences'].includes(c.local),
        );
        const at = before[before.length - 1].end;
        edits.push({ start: at, end: at, text: `<${p}definedNames>${printTitles}</${p}definedNames>` });
      }
    }

    // The active and first tabs: kept on their sheet, moved to the first visible sheet when it is gone or hidden.
    const firstVisible = this.sheets.findIndex((s) => s.state === 'visible');
    const bookViews = firstChild(this.root, 'bookViews');
    for (const view of bookViews ? childrenNamed(bookViews, 'workbookView') : []) {
      let tag = src.slice(view.start, view.openEnd);
      let changed = false;
      for (const attr of ['activeTab', 'firstSheet'] as const) {
        const raw = view.attrs[attr];
        if (raw === undefined) continue;
        const old = Number(raw);
        const entry = this.originals[old];
        let next = entry && this.sheets.includes(entry) ? this.sheets.indexOf(entry) : firstVisible;
        if (attr === 'activeTab' && this.sheets[next]?.state !== 'visible') next = firstVisible;
        if (next < 0 || next === old) continue;
        tag = setAttributeEdit(tag, { ...view, start: 0, openEnd: tag.length }, attr, String(next)).text;
        changed = true;
      }
      if (changed) edits.push({ start: view.start, end: view.openEnd, text: tag });
    }

    return applyEdits(src, edits);
  }

  /** calcChain.xml names formula cells by sheetId: entries of deleted sheets go (the part too when emptied). */
  private filterCalcChain(): void {
    if (this.deleted.length === 0) return;
    const rel = this.rels.list().find((r) => !r.external && r.type.endsWith('/calcChain'));
    if (!rel) return;
    const part = this.pkg.find(resolveTarget(this.part, rel.target));
    if (part === undefined) return;
    const gone = new Set(this.deleted.map((d) => String(d.sheetId)));
    const text = this.pkg.text(part);
    const root = parseXml(text, part);
    const entries = childrenNamed(root, 'c');
    // `i` (the sheet id) may be left out: it is then the previous entry's.
    let current = '';
    const sheetOf = entries.map((c) => (current = c.attrs.i ?? current));
    if (!sheetOf.some((i) => gone.has(i))) return;
    const kept = entries.filter((_, k) => !gone.has(sheetOf[k]));
    if (kept.length === 0) {
      this.pkg.remove(part);
      this.rels.remove(rel.id);
      this.pkg.contentTypes.removeOverride(part);
      return;
    }
    const edits: TextEdit[] = [];
    let previous = '';
    entries.forEach((c, k) => {
      if (gone.has(sheetOf[k])) {
        edits.push({ start: c.start, end: c.end, text: '' });
        return;
      }
      // A kept entry whose sheet was implied by a removed one now says it.
      if (c.attrs.i === undefined && sheetOf[k] !== previous) edits.push(setAttributeEdit(text, c, 'i', sheetOf[k]));
      previous = sheetOf[k];
    });
    this.pkg.set(part, applyEdits(text, edits));
  }

  /** The description the plan check needs; sheets outside `only` get no protection or merges (not looked at). */
  describe(only?: ReadonlySet<string>): SheetState[] {
    return this.sheets.map((s) => {
      const look = s.part && (only === undefined || only.has(s.name));
      const user = look ? this.userSheet(s) : null;
      const state: SheetState = {
        name: s.name,
        protected: user?.isProtected ?? false,
        state: s.state,
        merges: user?.kind === 'worksheet' ? user.merges : [],
      };
      if (user?.kind === 'worksheet') state.hasValue = (row, col) => user.hasValue(row, col);
      return state;
    });
  }
}

/** Whether a defined name's formula refers to the sheet `name` (`'Sheet name'!A1` or `Sheet!A1`). */
function formulaNamesSheet(formula: string, name: string): boolean {
  const f = formula.toLowerCase();
  const n = name.toLowerCase();
  if (f.includes(`'${n.replace(/'/g, "''")}'!`)) return true;
  const at = f.indexOf(`${n}!`);
  if (at < 0) return false;
  const before = at === 0 ? '' : f[at - 1];
  return before === '' || /[\s=,(:+\-*/&^<>;{]/.test(before);
}

// ---------------------------------------------------------------------------------------------------------

function unsupportedProblem(index: number, op: WriteOp): PlanProblem {
  const sheet = opSheet(op);
  const messageVi = `Thao tác ${index + 1} (${OP_VI[op.kind]}), trang "${sheet}": khi ghi tệp, add-in chỉ ghi ô vào trang do chính lần ghi này tạo`;
  const messageEn = `Op ${index + 1} (${op.kind}), sheet "${sheet}": the file writer writes cells only into sheets the same plan creates`;
  return planProblem('PLAN_OP_INVALID', { sheet, opIndex: index, op: op.kind }, messageVi, messageEn);
}

/** Cell-level operations aimed at a sheet that exists before the plan (not supported here). */
function unsupportedOps(plan: WritePlan, existing: readonly string[]): PlanProblem[] {
  const created = new Set<string>();
  const present = new Set(existing);
  const problems: PlanProblem[] = [];
  plan.ops.forEach((op, index) => {
    switch (op.kind) {
      case 'addSheet':
        created.add(op.sheet);
        present.add(op.sheet);
        return;
      case 'deleteSheet':
        created.delete(op.sheet);
        present.delete(op.sheet);
        return;
      case 'writeOwnership': {
        const name = op.sheet ?? OWNERSHIP_SHEET;
        if (!present.has(name)) created.add(name);
        present.add(name);
        return;
      }
      case 'setCells':
      case 'setStyle':
      case 'merge':
      case 'columnWidths':
      case 'hideColumns':
      case 'rowHeights':
      case 'pageSetup':
      case 'addChart':
      case 'freeze':
        if (present.has(op.sheet) && !created.has(op.sheet)) problems.push(unsupportedProblem(index, op));
        return;
      default:
        return;
    }
  });
  return problems;
}

function removeFromNew(sheet: NewSheet, format: OwnedConditionalFormat): void {
  const rule = format.rule;
  if (rule.type === 'expression' && isTaggedHighlight(rule.formula)) {
    for (let i = sheet.formats.length - 1; i >= 0; i--) {
      const r = sheet.formats[i].rule;
      if (r.type === 'expression' && isTaggedHighlight(r.formula)) sheet.formats.splice(i, 1);
    }
    return;
  }
  const at = sheet.formats.findIndex(
    (f) =>
      normalizeRange(f.range) === normalizeRange(format.range) &&
      ruleMatches(
        f.rule.type === 'expression'
          ? { type: 'expression', formula: f.rule.formula }
          : { type: 'colorScale', colours: [f.rule.min, f.rule.mid, f.rule.max] },
        rule,
      ),
  );
  if (at >= 0) sheet.formats.splice(at, 1);
}

function applyOp(model: WorkbookModel, op: WriteOp): void {
  const entry = (name: string): SheetEntry => {
    const e = model.find(name);
    if (e === undefined) throw new Error(`no sheet "${name}" (the check should have caught this)`);
    return e;
  };
  const created = (name: string): NewSheet => {
    const e = entry(name);
    if (!e.created) throw new Error(`sheet "${name}" is not one the plan created`);
    return e.created;
  };
  switch (op.kind) {
    case 'addSheet':
      model.sheets.push({
        name: op.sheet,
        state: op.hidden ?? 'visible',
        created: new NewSheet(op.tabColor === undefined ? {} : { tabColor: op.tabColor }),
      });
      return;
    case 'deleteSheet': {
      const e = entry(op.sheet);
      model.sheets.splice(model.sheets.indexOf(e), 1);
      if (!e.created) model.deleted.push(e);
      return;
    }
    case 'setCells':
      created(op.sheet).grid.setCells(box(op.address), op.cells);
      return;
    case 'setStyle':
      created(op.sheet).grid.setStyle(box(op.range), op.style);
      return;
    case 'merge':
      created(op.sheet).grid.merge(box(op.range));
      return;
    case 'columnWidths': {
      const s = created(op.sheet);
      op.widths.forEach((w, i) => s.widths.set(op.first + i, w));
      return;
    }
    case 'rowHeights': {
      const s = created(op.sheet);
      op.heights.forEach((h, i) => s.heights.set(op.first + i, h));
      return;
    }
    case 'pageSetup':
      created(op.sheet).page = op.setup;
      return;
    case 'addChart':
      created(op.sheet).charts.push(op.chart);
      return;
    case 'hideColumns': {
      const s = created(op.sheet);
      for (const c of op.columns) s.hidden.add(c);
      return;
    }
    case 'freeze':
      created(op.sheet).frozen = { rows: op.rows, columns: op.columns };
      return;
    case 'addConditionalFormat': {
      const e = entry(op.format.sheet);
      if (e.created) e.created.formats.push({ range: op.format.range, rule: op.format.rule });
      else model.userSheet(e).addConditionalFormat(op.format.range, op.format.rule, model.stylesEditor());
      return;
    }
    case 'removeConditionalFormat': {
      const e = model.find(op.format.sheet);
      if (e === undefined) return;
      if (e.created) removeFromNew(e.created, op.format);
      else if (e.part) model.userSheet(e).removeConditionalFormat(op.format.range, op.format.rule);
      return;
    }
    case 'removeTaggedHighlights': {
      // Every worksheet part's conditional formats are scanned for the tag (renamed or moved sheets too).
      const probe = { type: 'expression', formula: HIGHLIGHT_TAG, fill: 'FFFFFF' } as const;
      for (const e of model.sheets) {
        if (e.created) removeFromNew(e.created, { sheet: e.name, range: 'A1', rule: probe });
        else if (e.part) {
          const user = model.userSheet(e);
          if (user.kind === 'worksheet' && !user.isProtected) user.removeConditionalFormat('A1', probe);
        }
      }
      return;
    }
    case 'writeOwnership': {
      const cells = ownershipCells(op.record);
      const grid = new CellGrid();
      grid.setCells(box('A1'), cells);
      const name = op.sheet ?? OWNERSHIP_SHEET;
      let e = model.find(name);
      if (e === undefined) {
        e = { name, state: 'veryHidden', created: new NewSheet() };
        model.sheets.push(e);
      }
      e.state = 'veryHidden';
      if (e.created) {
        // One stream, as deflatedGenerated makes it when a re-run replaces it: rank twice gives the same bytes.
        e.created.oneStream = true;
        e.created.grid.clearValues();
        e.created.grid.setCells(box('A1'), cells);
      } else e.replacement = grid;
      return;
    }
    default: {
      const never: never = op;
      throw new Error(`unknown operation ${JSON.stringify(never)}`);
    }
  }
}

/** The sheets of a package as the plan check sees them (the ExcelJS adapter's `describeSheets`, from the file). */
export function describePackageSheets(input: Buffer | XlsxPackage, only?: ReadonlySet<string>): SheetState[] {
  const pkg = input instanceof XlsxPackage ? input : XlsxPackage.open(input);
  return new WorkbookModel(pkg).describe(only);
}

export interface ApplyPackageOptions {
  limits?: ZipLimits;
  /** Where the sheets' cells end, as the read found them: used only when found in these very bytes. */
  sheetEnds?: SheetEnds;
}

/**
 * Carries out `plan.ops` on the package `input` and returns the new package's bytes. All or nothing: throws
 * PlanApplyError ('invalid-plan', with the same problems as the other adapters) before doing anything when an
 * operation cannot be applied, PackageError when a part it must read or change is damaged; `input` is never
 * modified.
 */
export function applyPlanToPackage(input: Buffer, plan: WritePlan, options: ApplyPackageOptions = {}): Buffer {
  return Buffer.concat(applyPlanToPackagePieces(input, plan, options));
}

/** The same, as pieces to write one after the other (no joined copy of the whole file). */
export function applyPlanToPackagePieces(input: Buffer, plan: WritePlan, options: ApplyPackageOptions = {}): Buffer[] {
  return applyingPlan(plan, (at) => appliedPackage(input, plan, options, undefined, at).toPieces());
}

/**
 * The same, the users' edited sheets rewritten on a worker thread while this one writes the tool's sheets
 * (the command line's write: on two cores, the results of a large workbook in less time).
 */
export async function applyPlanToPackageInBackground(
  input: Buffer,
  plan: WritePlan,
  options: ApplyPackageOptions = {},
): Promise<Buffer[]> {
  const write = new PackageWrite(input, options);
  try {
    return await write.apply(plan);
  } finally {
    await write.close();
  }
}

/**
 * The command line's write, begun before its plan is made: every sheet whose cells' end the read found
 * (`options.sheetEnds`) is handed to the worker at once, which deflates its cells (a plan never changes them)
 * while this thread analyses and plans; `apply` then only adds the edited sheets' tails. `close` when done.
 */
export class PackageWrite {
  private readonly rewriter = new SheetRewriter();

  constructor(
    private readonly input: Buffer,
    private readonly options: ApplyPackageOptions = {},
  ) {
    const ends = endsOf(input, options);
    if (ends === undefined) return;
    let zip: ZipReader;
    try {
      zip = ZipReader.open(input, options.limits);
    } catch {
      return; // said by `apply`, with the plan's context
    }
    const parts: { name: string; stored: StoredPart; split: number }[] = [];
    for (const [part, end] of ends) {
      if (end.kind === 'worksheet' && end.split >= 0 && zip.has(part))
        parts.push({ name: part, stored: zip.stored(part), split: end.split });
    }
    this.rewriter.prepareAll(parts);
  }

  /** The package with `plan` carried out, in pieces (as applyPlanToPackagePieces). */
  async apply(plan: WritePlan): Promise<Buffer[]> {
    const pkg = applyingPlan(plan, (at) => appliedPackage(this.input, plan, this.options, this.rewriter, at));
    try {
      return await pkg.settledPieces();
    } catch (err) {
      throw applyFailed(err, plan, plan.ops.length);
    }
  }

  close(): Promise<void> {
    return this.rewriter.close();
  }
}

/** The read's sheet ends, when they were found in these very bytes. */
function endsOf(input: Buffer, options: ApplyPackageOptions): ReadonlyMap<string, SheetEnd> | undefined {
  return options.sheetEnds?.bytes === input ? options.sheetEnds.parts : undefined;
}

/** Which operation is being carried out, for the message of a failure. */
interface Progress {
  index: number;
}

/** The package with every operation of the plan carried out (checked first: all or nothing). */
function appliedPackage(
  input: Buffer,
  plan: WritePlan,
  options: ApplyPackageOptions,
  rewriter: SheetRewriter | undefined,
  at: Progress,
): XlsxPackage {
  const pkg = XlsxPackage.open(input, options.limits);
  const model = new WorkbookModel(pkg, rewriter, endsOf(input, options));
  const touched = new Set(plan.ops.map((op) => opSheet(op)));
  const problems = checkPlan(plan, model.describe(touched));
  if (problems.length > 0) throw invalidPlanError(problems);
  const unsupported = unsupportedOps(
    plan,
    model.sheets.map((s) => s.name),
  );
  if (unsupported.length > 0) throw invalidPlanError(unsupported);
  for (at.index = 0; at.index < plan.ops.length; at.index++) applyOp(model, plan.ops[at.index]);
  model.finish();
  return pkg;
}

/** `run`'s result; a failure that is not already bilingual is told as PLAN_APPLY_FAILED at its operation. */
function applyingPlan<T>(plan: WritePlan, run: (at: Progress) => T): T {
  const at: Progress = { index: 0 };
  try {
    return run(at);
  } catch (err) {
    if (err instanceof BilingualError) throw err;
    throw applyFailed(err, plan, at.index);
  }
}

function applyFailed(err: unknown, plan: WritePlan, index: number): PlanApplyError {
  const op = plan.ops[Math.min(index, plan.ops.length - 1)];
  const detail = err instanceof Error ? err.message : String(err);
  const sheet = op ? opSheet(op) : '';
  const messageVi = `Không ghi được kết quả vào tệp (${detail}); chưa ghi gì`;
  const messageEn = `Cannot write the results into the file (${detail}); nothing was written`;
  const problem: PlanProblem = planProblem(
    'PLAN_APPLY_FAILED',
    { sheet, opIndex: index < plan.ops.length ? index : null, op: index < plan.ops.length && op ? op.kind : null },
    messageVi,
    messageEn,
  );
  return new PlanApplyError('apply-failed', [problem], messageVi, messageEn, err);
}

export { PackageError };
