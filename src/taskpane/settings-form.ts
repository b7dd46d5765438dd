// The pane's settings form: text ↔ settings, and the override it hands to the next analysis.
import { columnIndex, columnLetter } from '../core/address';
import { MAPPED_ROLES } from '../core/column-roles';
import { withOverrides } from '../core/settings';
import { normalizeText, normalizeWords } from '../core/text';
import type {
  Analysis,
  BlockSetting,
  ClassBand,
  ColumnMap,
  ColumnRole,
  RoundingMode,
  ScoreBasis,
  Settings,
  SheetLayout,
  SheetMapping,
} from '../core/types';

/** The roles a user can map in the pane (the others are optional template columns). */
export const MAPPABLE_ROLES: readonly ColumnRole[] = MAPPED_ROLES;

/** `A: 90; B: 80; C: 70; Dưới 70%: 0` */
export function bandsToText(bands: readonly ClassBand[]): string {
  return bands.map((b) => `${b.label}: ${String(b.min).replace('.', ',')}`).join('; ');
}

/** Reads `label: from` pairs separated by `;` or new lines (decimal comma or point); null when any is unreadable. */
export function parseBandsText(text: string): ClassBand[] | null {
  const parts = text
    .split(/[;\n]/)
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (parts.length === 0) return null;
  const bands: ClassBand[] = [];
  for (const part of parts) {
    const m = /^(.+?)\s*[:=]\s*(-?\d+(?:[.,]\d+)?)\s*%?$/.exec(part);
    if (!m) return null;
    const min = Number(m[2].replace(',', '.'));
    if (!Number.isFinite(min) || min < 0 || min > 100) return null;
    bands.push({ label: m[1].trim(), min });
  }
  return bands.sort((a, b) => b.min - a.min);
}

export interface MappingForm {
  sheet: string;
  /** 1-based, as the user sees it; '' = let recognition find it. */
  headerRow: string;
  columns: Partial<Record<ColumnRole, string>>;
}

export function mappingFormFor(sheet: string, layout: SheetLayout | null): MappingForm {
  const columns: Partial<Record<ColumnRole, string>> = {};
  for (const role of MAPPABLE_ROLES) {
    const index = layout?.columns[role];
    if (index !== undefined) columns[role] = columnLetter(index);
  }
  return { sheet, headerRow: layout ? String(layout.headerRow + 1) : '', columns };
}

/** The mapping the form describes, or the first unreadable entry. */
export function mappingFromForm(form: MappingForm): { mapping: SheetMapping } | { invalid: string } {
  const columns: ColumnMap = {};
  for (const role of MAPPABLE_ROLES) {
    const text = (form.columns[role] ?? '').trim();
    if (text === '') continue;
    const index = columnIndex(text.toUpperCase());
    if (index === null) return { invalid: text };
    columns[role] = index;
  }
  const row = form.headerRow.trim();
  if (row === '') return { mapping: { sheet: form.sheet, columns } };
  const n = Number(row);
  if (!Number.isInteger(n) || n < 1) return { invalid: row };
  return { mapping: { sheet: form.sheet, headerRow: n - 1, columns } };
}

/** Last year's rank per unit sheet as the form edits it ('' = none), every unit in block order. */
export function lastYearRanksForm(analysis: Analysis): { sheet: string; unit: string; rank: string }[] {
  return analysis.blocks.flatMap((b) =>
    b.units.map((u) => ({ sheet: u.sheet, unit: u.unit, rank: u.lastYearRank === null ? '' : String(u.lastYearRank) })),
  );
}

/**
 * The settings' last year's ranks with the form's over them: an entry naming a listed unit (by sheet or unit
 * name) is replaced by the form's, others are kept. Or the first unreadable rank.
 */
export function lastYearRanksFromForm(
  form: readonly { sheet: string; unit: string; rank: string }[],
  inForce: Readonly<Record<string, number>>,
): { ranks: Record<string, number> } | { invalid: { unit: string; value: string } } {
  const named = new Set(form.flatMap((r) => [normalizeWords(r.sheet), normalizeWords(r.unit)]));
  const ranks: Record<string, number> = {};
  for (const [key, rank] of Object.entries(inForce)) if (!named.has(normalizeWords(key))) ranks[key] = rank;
  for (const row of form) {
    const text = row.rank.trim();
    if (text === '') continue;
    const n = Number(text);
    if (!/^\d+$/.test(text) || !Number.isSafeInteger(n) || n < 1) return { invalid: { unit: row.unit, value: text } };
    ranks[row.sheet] = n;
  }
  return { ranks };
}

/** Each block's own classification as the form edits it ('' = the shared one), in the analysis's order. */
export function blockBandsForm(analysis: Analysis): { name: string; template: string; text: string }[] {
  return analysis.blocks.map((b) => {
    const own = analysis.settings.blocks.find((s) => normalizeText(s.name) === normalizeText(b.name))?.bands;
    return { name: b.name, template: b.template, text: own && own.length > 0 ? bandsToText(own) : '' };
  });
}

/**
 * The settings' blocks with the form's classifications over them (a block the settings do not list is added,
 * named with its template); blocks the form does not show are kept. Or the first block whose text cannot be read.
 */
export function blocksFromForm(
  form: readonly { name: string; template: string; text: string }[],
  inForce: readonly BlockSetting[],
): { blocks: BlockSetting[] } | { invalid: string } {
  const blocks = inForce.map((b) => ({ ...b }));
  for (const row of form) {
    let bands: ClassBand[] | undefined;
    if (row.text.trim() !== '') {
      const read = parseBandsText(row.text);
      if (!read) return { invalid: row.name };
      bands = read;
    }
    const existing = blocks.find((b) => normalizeText(b.name) === normalizeText(row.name));
    if (existing) existing.bands = bands;
    else if (bands) blocks.push({ name: row.name, template: row.template, bands });
  }
  return { blocks };
}

/** Whether each unit is left out of the ranking, every unit in block order. */
export function unrankedForm(analysis: Analysis): { sheet: string; unit: string; unranked: boolean }[] {
  const listed = new Set(analysis.settings.unranked.map(normalizeText));
  return analysis.blocks.flatMap((b) =>
    b.units.map((u) => ({
      sheet: u.sheet,
      unit: u.unit,
      unranked: listed.has(normalizeText(u.sheet)) || listed.has(normalizeText(u.unit)),
    })),
  );
}

/** The settings' unranked names with the form's over them: names of listed units replaced by the form's ticks. */
export function unrankedFromForm(
  form: readonly { sheet: string; unit: string; unranked: boolean }[],
  inForce: readonly string[],
): string[] {
  const named = new Set(form.flatMap((r) => [normalizeText(r.sheet), normalizeText(r.unit)]));
  return [
    ...inForce.filter((n) => !named.has(normalizeText(n))),
    ...form.filter((r) => r.unranked).map((r) => r.sheet),
  ];
}

export interface SettingsFormValues {
  basis: ScoreBasis;
  rounding: RoundingMode;
  bands: ClassBand[];
  mapping: SheetMapping | null;
  /** Only when edited in the form: the whole table, replacing the settings'. */
  lastYearRanks?: Record<string, number>;
  /** Only when a block's classification was edited: every block, replacing the settings'. */
  blocks?: BlockSetting[];
  /** Only when edited: every unranked name, replacing the settings'. */
  unranked?: string[];
}

/** The override for the next analysis; an earlier pane mapping of another sheet, and earlier edited ranks, are kept. */
export function buildOverrides(values: SettingsFormValues, previous: Partial<Settings> | null): Partial<Settings> {
  const kept = (previous?.mappings ?? []).filter((m) => !values.mapping || m.sheet !== values.mapping.sheet);
  const mappings = values.mapping ? [values.mapping, ...kept] : kept;
  // Ranks edited before and not touched since stay.
  const lastYearRanks = values.lastYearRanks ?? previous?.lastYearRanks;
  const blocks = values.blocks ?? previous?.blocks;
  const unranked = values.unranked ?? previous?.unranked;
  return {
    basis: values.basis,
    rounding: values.rounding,
    bands: values.bands,
    ...(lastYearRanks ? { lastYearRanks } : {}),
    ...(blocks ? { blocks } : {}),
    ...(unranked ? { unranked } : {}),
    ...(mappings.length > 0 ? { mappings } : {}),
  };
}

/**
 * The settings the form shows, whole, to save: those in force with the form's override over them; one
 * mapping per sheet (the form's first, then any earlier one of another sheet).
 */
export function settingsOnScreen(inForce: Settings, overrides: Partial<Settings>): Settings {
  const merged = withOverrides(inForce, overrides);
  const seen = new Set<string>();
  return { ...merged, mappings: merged.mappings.filter((m) => !seen.has(m.sheet) && seen.add(m.sheet)) };
}
