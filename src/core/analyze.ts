// snapshot → analysis: recognise every sheet, build the templates, read and score every unit, rank per block.
import type {
  AnalyzeOptions,
  Analysis,
  BlockResult,
  CellValue,
  Finding,
  Settings,
  SheetLayout,
  SheetMapping,
  SheetReading,
  SheetSnapshot,
  UnitResult,
  WorkbookSnapshot,
} from './types';
import { cellAddress, parseAddress } from './address';
import { findOwnership, provenUnchanged } from './ownership';
import { Cyrb53 } from './hash';
import { OWNERSHIP_SHEET } from './plan-types';
import { makeMarkerSet } from './cells';
import { roleInSentence } from './column-roles';
import { makeFinding } from './findings';
import { findUnitName, recognizeLayout, unitsTableRow, type LayoutResult } from './layout';
import { rankBlock } from './rank';
import { roundTo2 } from './rules/percent';
import { scoreUnit } from './score';
import { defaultSettings, isSettingsSheetName, parseSettingsSheet, withOverrides } from './settings';
import { blockNameFromTemplate, buildTemplate, looksLikeTemplateName, matchShare, type Template } from './template';
import { cellText, lookupByName, normalizeText } from './text';
import { CriteriaTrees, withTemplateLevels, type TreeBuildResult } from './tree';
import { readUnitSheet } from './unit';

/** A template needs this share of its criteria in a unit sheet to claim it. */
const MIN_MATCH = 0.5;

interface Candidate {
  sheet: SheetSnapshot;
  reading: SheetReading;
  built: TreeBuildResult;
}

function mappingFor(settings: Settings, sheetName: string): { own?: SheetMapping; every?: SheetMapping } {
  if (settings.mappings.length === 0) return {};
  const wanted = normalizeText(sheetName);
  return {
    own: settings.mappings.find((m) => normalizeText(m.sheet) === wanted),
    every: settings.mappings.find((m) => m.sheet === '*'),
  };
}

/**
 * A sheet's columns: its own mapping when it has one; a mapping for every sheet (`*`, `--map`) is meant for
 * the unit sheets, so a template named as such keeps its own header (the mapping applies only if that cannot
 * be read), and a sheet the mapping does not fit (instructions, a summary table) is read as if there were none.
 */
type SheetRead =
  Exclude<LayoutResult, { ok: true }> | (Extract<LayoutResult, { ok: true }> & { built: TreeBuildResult });

function recognizeWithMapping(
  sheet: SheetSnapshot,
  settings: Settings,
  namedTemplate: boolean,
  trees: CriteriaTrees,
): SheetRead {
  const read = (mapping: SheetMapping | undefined): SheetRead => {
    const recognized = recognizeLayout(sheet, mapping);
    return recognized.ok ? { ...recognized, built: trees.build(sheet, recognized.layout) } : recognized;
  };
  const { own, every } = mappingFor(settings, sheet.name);
  if (own) return read(own);
  if (!every) return read(undefined);
  if (namedTemplate) {
    // A template keeps its own header; the mapping only where its header cannot be read.
    const plain = read(undefined);
    return plain.ok ? plain : read(every);
  }
  const mapped = read(every);
  return mapped.ok && mapped.built.tree.rows.length > 0 ? mapped : read(undefined);
}

export function analyzeWorkbook(snapshot: WorkbookSnapshot, options: AnalyzeOptions = {}): Analysis {
  const findings: Finding[] = [];
  // The add-in's own sheets (recorded in the workbook) are results, never criteria; the settings sheet stays readable.
  // A record that proves none of the sheets it names (stale, forged) is not trusted to hide any of them.
  const found = findOwnership(snapshot);
  const trusted =
    found !== null &&
    found.record.sheets.some((name) => {
      const sheet = snapshot.sheets.find((s) => s.name === name);
      return sheet !== undefined && provenUnchanged(sheet, found.record.fingerprints[name]);
    });
  // Untrusted, it still hides what is named as only the add-in names its output (a record of an older version).
  const outputLike = (name: string) =>
    /^(Tính điểm|Xếp hạng) – |^Tổng hợp( \(\d+\))?$|^Kiểm tra( \(\d+\))?$/u.test(name);
  const recorded = found === null ? [] : [...found.record.sheets.filter((n) => trusted || outputLike(n)), found.sheet];
  const owned = new Set(
    [...(options.ownedSheets ?? []), ...recorded, OWNERSHIP_SHEET]
      .filter((n) => !isSettingsSheetName(n))
      .map(normalizeText),
  );

  // Settings first: they say how everything else is read.
  let settings = defaultSettings();
  const settingsSheet = snapshot.sheets.find((s) => isSettingsSheetName(s.name) && !owned.has(normalizeText(s.name)));
  if (settingsSheet) {
    const parsed = parseSettingsSheet(settingsSheet, settings);
    settings = parsed.settings;
    findings.push(...parsed.findings);
  }
  settings = withOverrides(settings, options.settings);
  const naMarkers = makeMarkerSet(settings.naMarkers);
  const placeholders = makeMarkerSet(settings.placeholderEvidence);
  const namedTemplates = new Set(
    [...settings.templateSheets, ...settings.blocks.map((b) => b.template)].map(normalizeText),
  );

  const sheets: SheetReading[] = [];
  const trees = new CriteriaTrees();
  const templateCandidates: Candidate[] = [];
  const unitCandidates: Candidate[] = [];
  for (const sheet of snapshot.sheets) {
    const base = { sheet: sheet.name, block: null, unit: null, layout: null, tree: null };
    if (sheet === settingsSheet) {
      sheets.push({ ...base, role: 'settings' });
      continue;
    }
    if (owned.has(normalizeText(sheet.name))) {
      sheets.push({ ...base, role: 'owned' });
      continue;
    }
    const namedTemplate = namedTemplates.has(normalizeText(sheet.name)) || looksLikeTemplateName(sheet.name);
    const recognized = recognizeWithMapping(sheet, settings, namedTemplate, trees);
    // A summary table of units is not a criteria sheet, whatever columns it has or lacks (unless mapped as one);
    // a unit sheet whose title block states its name and total (`Tên đơn vị: | … | Tổng điểm: | …`) has its
    // criteria table below that.
    const unitsRow = namedTemplate || mappingFor(settings, sheet.name).own ? null : unitsTableRow(sheet);
    if (
      unitsRow !== null &&
      !(recognized.ok && recognized.layout.headerTop > unitsRow && recognized.built.tree.rows.length > 0)
    ) {
      sheets.push({ ...base, role: 'skipped' });
      findings.push(makeFinding('SHEET_UNMATCHED', sheet.name, null));
      continue;
    }
    if (!recognized.ok) {
      const reading: SheetReading = { ...base, role: 'skipped' };
      sheets.push(reading);
      if (recognized.reason === 'incomplete') {
        const missing = recognized.missing;
        findings.push(
          makeFinding('LAYOUT_INCOMPLETE', sheet.name, null, {
            missingVi: missing.map((r) => roleInSentence(r, 'vi')).join(', '),
            missingEn: missing.map((r) => roleInSentence(r, 'en')).join(', '),
          }),
        );
      } else findings.push(makeFinding('SHEET_SKIPPED', sheet.name, null));
      continue;
    }
    const { layout, built } = recognized;
    const hasScores = layout.columns.self !== undefined || layout.columns.appraised !== undefined;
    const isTemplate = namedTemplate || !hasScores;
    const reading: SheetReading = { ...base, role: isTemplate ? 'template' : 'unit', layout, tree: built.tree };
    sheets.push(reading);
    (isTemplate ? templateCandidates : unitCandidates).push({ sheet, reading, built });
  }

  // Templates, one block each. With none, the first unit sheet's structure stands in.
  const templates: Template[] = [];
  const templateLevels = new Map<Template, ReadonlySet<string>>();
  if (templateCandidates.length === 0 && unitCandidates.length > 0) {
    const first = unitCandidates[0];
    findings.push(makeFinding('NO_TEMPLATE', first.sheet.name, null));
    templateCandidates.push(first);
  }
  // A sheet without score columns is a template only if it is not a copy of a named one: a unit sheet
  // whose score columns were not recognised must say so, not become a block of its own.
  const named = templateCandidates.filter(
    (c) => namedTemplates.has(normalizeText(c.sheet.name)) || looksLikeTemplateName(c.sheet.name),
  );
  for (const c of templateCandidates.filter((x) => !named.includes(x))) {
    const copyOf = named.find((n) => matchShare(n.built.tree, c.built.tree) >= MIN_MATCH);
    if (!copyOf) continue;
    templateCandidates.splice(templateCandidates.indexOf(c), 1);
    c.reading.role = 'skipped';
    findings.push(makeFinding('NO_SCORE_COLUMN', c.sheet.name, null, { template: copyOf.sheet.name }));
  }
  for (const c of templateCandidates) {
    const configured = settings.blocks.find((b) => normalizeText(b.template) === normalizeText(c.sheet.name));
    const block =
      configured?.name ?? (c.reading.role === 'template' ? blockNameFromTemplate(c.sheet.name) : 'Các đơn vị');
    const { template, findings: tf } = buildTemplate(
      c.sheet,
      c.reading.layout!,
      c.built.tree,
      c.built.duplicates,
      block,
    );
    templates.push(template);
    templateLevels.set(template, c.built.levelKeys);
    const codeCol = c.reading.layout!.columns.code ?? c.reading.layout!.columns.name ?? 0;
    for (const { parentKey, rows } of c.built.levelRows) {
      const parent = c.built.tree.byKey.get(parentKey);
      findings.push(
        makeFinding(
          'TEMPLATE_LEVEL_ROWS',
          c.sheet.name,
          parent ? cellAddress(parent.row, codeCol) : null,
          { key: parentKey, rows: rows.map((r) => r + 1).join(', ') },
          { criterion: parentKey },
        ),
      );
    }
    if (c.reading.role === 'template') c.reading.block = block;
    findings.push(...tf);
  }
  if (templates.length === 0) {
    findings.push(makeFinding('NO_CRITERIA_SHEETS', snapshot.sheets[0]?.name ?? '', null));
  }

  // A unit is scored once: a second sheet of the same unit (named so in its title, or, where a title does not
  // name the unit, a copy of another sheet's rows) is reported and not ranked, so copies cannot push the others
  // down. Two sheets whose titles name different units are two units, however alike their scores.
  const duplicates = new Set<string>();
  const firstByName = new Map<string, string>();
  // By a hash of the rows (the sheets' texts are not kept: thousands of units), a hit confirmed on the rows.
  const firstByContent = new Map<string, { sheet: SheetSnapshot; layout: SheetLayout; titled: boolean }[]>();
  const textHashes = new TextHashes();
  const noteDuplicate = (
    sheet: SheetSnapshot,
    layout: SheetLayout,
    titleName: string | null,
    leafRows: number[],
  ): void => {
    const byName = titleName === null ? undefined : firstByName.get(normalizeText(titleName));
    const key = isScored(sheet, layout, leafRows) ? rowsBelowHash(sheet, layout, textHashes) : null;
    const alike = key === null ? undefined : firstByContent.get(key);
    const sameContent = alike?.find((first) => sameRowsBelow(first.sheet, first.layout, sheet, layout));
    const byContent = sameContent && !(sameContent.titled && titleName !== null) ? sameContent.sheet.name : undefined;
    if (titleName !== null && byName === undefined) firstByName.set(normalizeText(titleName), sheet.name);
    if (key !== null && sameContent === undefined) {
      const entry = { sheet, layout, titled: titleName !== null };
      if (alike === undefined) firstByContent.set(key, [entry]);
      else alike.push(entry);
    }
    const first = byName ?? byContent;
    if (first === undefined) return;
    duplicates.add(sheet.name);
    const sameName = byName !== undefined;
    findings.push(
      makeFinding('DUPLICATE_UNIT', sheet.name, null, {
        first,
        reasonVi: sameName ? `cùng tên đơn vị "${titleName}"` : 'cùng điểm và nội dung từng dòng',
        reasonEn: sameName ? `the same unit name "${titleName}"` : 'the same scores and content on every row',
      }),
    );
  };

  const templateNames = new Set(templates.flatMap((t) => t.tree.rows.map((row) => normalizeText(row.name))));
  const unitsByTemplate = new Map<Template, UnitResult[]>();
  for (const t of templates) unitsByTemplate.set(t, []);
  for (const c of unitCandidates) {
    const { sheet, reading, built } = c;
    const layout = reading.layout!;
    const titleName = findUnitName(sheet, layout.headerTop);
    const unitName = titleName ?? sheet.name;
    reading.unit = unitName;
    const forced = lookupByName(settings.unitBlocks, sheet.name);
    let template: Template | undefined;
    let best = 0;
    if (forced) template = templates.find((t) => normalizeText(t.block) === normalizeText(forced));
    if (!template) {
      for (const t of templates) {
        const share = matchShare(t.tree, built.tree);
        if (share > best) {
          best = share;
          template = t;
        }
      }
      if (best < MIN_MATCH) template = undefined;
    }
    if (!template) {
      // No evidence column and not one criterion named as in any template: a table of another kind (a
      // summary of units), not a score sheet. A unit sheet of a block without its template stays an error.
      if (
        layout.columns.evidence === undefined &&
        !built.tree.rows.some((row) => templateNames.has(normalizeText(row.name)))
      ) {
        reading.role = 'skipped';
        findings.push(makeFinding('SHEET_UNMATCHED', sheet.name, null));
      } else findings.push(makeFinding('SHEET_NO_TEMPLATE', sheet.name, null, { best: `${Math.round(best * 100)} %` }));
      continue;
    }
    reading.block = template.block;
    // The template says which rows are scoring levels, whatever the unit did to their maxima.
    const levelled = withTemplateLevels(built, templateLevels.get(template) ?? new Set());
    reading.tree = levelled.tree;
    const levelRows = [...levelled.levelKeys].flatMap((k) => levelled.full.byKey.get(k) ?? []);
    const { leaves, findings: uf } = readUnitSheet(sheet, layout, levelled.tree, levelled.duplicates, template, {
      basis: settings.basis,
      naMarkers,
      placeholders,
      levelRows,
    });
    findings.push(...uf);
    const leafRows: number[] = [];
    for (const leaf of leaves.values()) if (leaf.row !== null) leafRows.push(leaf.row);
    noteDuplicate(sheet, layout, titleName, leafRows);
    const score = scoreUnit(template, leaves);
    if (score.max <= 0) findings.push(makeFinding('UNIT_NO_MAX', sheet.name, null));
    unitsByTemplate.get(template)!.push({
      sheet: sheet.name,
      unit: unitName,
      block: template.block,
      points: score.points,
      max: score.max,
      exactPercent: score.percent,
      percent: roundTo2(score.percent, settings.rounding),
      rank: null,
      class: null,
      lastYearRank: null,
      rankChange: null,
      rankChangeText: null,
      areas: score.areas,
      criteria: score.criteria,
    });
  }

  const blocks: BlockResult[] = [];
  for (const t of templates) {
    const units = unitsByTemplate.get(t)!;
    const configured = settings.blocks.find((b) => normalizeText(b.name) === normalizeText(t.block));
    blocks.push(rankBlock(t.block, t.sheet, units, settings, configured?.bands ?? settings.bands, duplicates));
  }
  return { settings, sheets, blocks, findings: sortFindings(findings, snapshot) };
}

/** Some criterion is scored: blank copies of the template (their subtotals at 0) are not duplicates of each other. */
function isScored(sheet: SheetSnapshot, layout: SheetLayout, leafRows: number[]): boolean {
  const scoreCols = [layout.columns.self, layout.columns.appraised].filter((c): c is number => c !== undefined);
  return leafRows.some((r) => scoreCols.some((c) => cellText(sheet.rows[r]?.[c]) !== ''));
}

// The rows below the header are compared as their JSON would be (a missing cell, NaN and ±Infinity as null;
// 0 and -0 alike), without writing them out: hashed cell by cell, and a hit confirmed cell by cell.
const NULL_CELL = 1;
const NUMBER_CELL = 2;
const TEXT_CELL = 3;
const TRUE_CELL = 4;
const FALSE_CELL = 5;
const OTHER_CELL = 6;
const ROW = 7;

const isNullCell = (v: CellValue | undefined): boolean =>
  v === null || v === undefined || (typeof v === 'number' && !Number.isFinite(v));

/**
 * Each text's own hash, computed once: unit sheets repeat their template's texts (criteria names) hundreds of
 * times, and hashing them character by character was most of the comparison's time.
 */
class TextHashes {
  private readonly known = new Map<string, number>();

  of(text: string): number {
    let h = this.known.get(text);
    if (h === undefined) {
      h = new Cyrb53().text(text).digest()[0];
      if (this.known.size < MAX_TEXT_HASHES) this.known.set(text, h);
    }
    return h;
  }
}

const MAX_TEXT_HASHES = 100_000;

/** The hash of the rows below the header, as a map key. */
function rowsBelowHash(sheet: SheetSnapshot, layout: SheetLayout, texts: TextHashes): string {
  const hash = new Cyrb53();
  for (let r = layout.headerRow + 1; r < sheet.rows.length; r++) {
    const row = sheet.rows[r] ?? [];
    hash.code(ROW).code(row.length);
    for (let c = 0; c < row.length; c++) {
      const v = row[c];
      if (isNullCell(v)) hash.code(NULL_CELL);
      else if (typeof v === 'number') hash.code(NUMBER_CELL).number(v);
      else if (typeof v === 'string') hash.code(TEXT_CELL).code(v.length).code(texts.of(v));
      else if (typeof v === 'boolean') hash.code(v ? TRUE_CELL : FALSE_CELL);
      else hash.code(OTHER_CELL).text(JSON.stringify(v));
    }
  }
  return hash.digest().join(':');
}

function sameCell(a: CellValue | undefined, b: CellValue | undefined): boolean {
  if (a === b) return true;
  if (isNullCell(a) || isNullCell(b)) return isNullCell(a) && isNullCell(b);
  if (typeof a === 'object' && typeof b === 'object') return JSON.stringify(a) === JSON.stringify(b);
  return false;
}

/** The two sheets hold the same rows below their headers (rows and cells as many, each cell the same). */
function sameRowsBelow(a: SheetSnapshot, aLayout: SheetLayout, b: SheetSnapshot, bLayout: SheetLayout): boolean {
  const aFrom = aLayout.headerRow + 1;
  const bFrom = bLayout.headerRow + 1;
  if (Math.max(0, a.rows.length - aFrom) !== Math.max(0, b.rows.length - bFrom)) return false;
  for (let r = 0; aFrom + r < a.rows.length; r++) {
    const x = a.rows[aFrom + r] ?? [];
    const y = b.rows[bFrom + r] ?? [];
    if (x.length !== y.length) return false;
    for (let c = 0; c < x.length; c++) if (!sameCell(x[c], y[c])) return false;
  }
  return true;
}

/** Workbook order, then row, then column: the order a person reads the sheets in. */
function sortFindings(findings: Finding[], snapshot: WorkbookSnapshot): Finding[] {
  const order = new Map(snapshot.sheets.map((s, i) => [s.name, i]));
  const pos = (cell: string | null): [number, number] => {
    const p = cell ? parseAddress(cell) : null;
    return p ? [p.row, p.col] : [-1, -1];
  };
  return findings
    .map((f, i) => ({ f, i, o: order.get(f.sheet) ?? -1, p: pos(f.cell) }))
    .sort((a, b) => a.o - b.o || a.p[0] - b.p[0] || a.p[1] - b.p[1] || a.i - b.i)
    .map((x) => x.f);
}
