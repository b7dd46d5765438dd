// Plain data shared by every layer. Core reads a WorkbookSnapshot and produces an Analysis;
// adapters (Office.js, ExcelJS) only translate to and from these shapes.

/** An error value as Excel shows it, e.g. `#REF!`. */
export interface CellError {
  error: string;
}

/** A cell's value as the host reports it (the cached result for a formula cell). */
export type CellValue = number | string | boolean | null | CellError;

export interface SheetSnapshot {
  /** The worksheet's exact name. */
  name: string;
  /** Cell values, row-major, `rows[0][0]` is A1. Rows may be ragged; missing cells are blank. */
  rows: CellValue[][];
  /** Merged ranges in A1 notation (`A3:A4`); the value sits in the top-left cell. */
  merges?: string[];
  /** Formulas where the host knows them, same indexing as `rows` (without the leading `=`). */
  formulas?: (string | null)[][];
  protected?: boolean;
  hidden?: boolean;
}

export interface WorkbookSnapshot {
  sheets: SheetSnapshot[];
}

export type Severity = 'error' | 'warning' | 'info';

/** One validation result. Codes are stable: tools and people filter on them. */
export interface Finding {
  code: string;
  severity: Severity;
  /** The worksheet's exact name. */
  sheet: string;
  /** A1 address of the cell concerned, or null when the finding is about the whole sheet. */
  cell: string | null;
  /** Vietnamese first, then English: `… / …`. */
  message: string;
  messageVi: string;
  messageEn: string;
  expected?: string;
  found?: string;
  /** The criterion's path (e.g. `II.3.b`) when the finding is about a criterion. */
  criterion?: string;
}

/** What a column means. */
export type ColumnRole =
  | 'code'
  | 'name'
  | 'max'
  | 'self'
  | 'appraised'
  | 'evidence'
  | 'explanation'
  | 'levels'
  | 'floor'
  | 'kind'
  | 'naAllowed'
  | 'evidenceRequired'
  | 'comment';

/** Zero-based column index for each recognised role. */
export type ColumnMap = Partial<Record<ColumnRole, number>>;

export interface SheetLayout {
  /** Zero-based index of the last header row; data starts below it. */
  headerRow: number;
  /** Zero-based index of the first header row (== headerRow for one-row headers). */
  headerTop: number;
  columns: ColumnMap;
  /** The header text seen for each mapped role, for showing how a sheet was read. */
  headerText: Partial<Record<ColumnRole, string>>;
  /** True where the user's mapping overrode recognition. */
  mapped: boolean;
}

export type CriterionKind = 'normal' | 'bonus' | 'penalty';

/** One row of a criteria table, placed in the tree. */
export interface CriterionRow {
  /** Identity: the path, e.g. `II.3.b` or `1.1.2`. */
  key: string;
  /** The code as written (`II`, `3`, `b)`, `1.1.2`, `-`). */
  code: string;
  name: string;
  /** Depth, 1 = area. */
  level: number;
  parentKey: string | null;
  /** Zero-based row index in its sheet. */
  row: number;
  /** Maximum as written; null where blank or unreadable. */
  max: number | null;
  kind: CriterionKind;
  /** Lowest score allowed (penalty criteria); 0 otherwise. */
  floor: number;
  /** Allowed score levels, when the template restricts them. */
  levels: number[] | null;
  naAllowed: boolean;
  evidenceRequired: boolean;
}

export interface CriteriaTree {
  rows: CriterionRow[];
  byKey: Map<string, CriterionRow>;
  children: Map<string | null, CriterionRow[]>;
  /** Row of the total line (`Tổng điểm`), if any. */
  totalRow: number | null;
}

export type ScoreBasis = 'self' | 'appraised' | 'auto';
export type RoundingMode = 'half-up' | 'truncate';

export interface ClassBand {
  label: string;
  /** Lower bound in percent, inclusive. */
  min: number;
}

export interface BlockSetting {
  name: string;
  /** Name of the template sheet defining this block's criteria. */
  template: string;
  /** Classification bands, highest first; falls back to the workbook's bands. */
  bands?: ClassBand[];
}

export interface SheetMapping {
  /** Sheet name, or `*` for every criteria sheet. */
  sheet: string;
  /** Zero-based header row, when given. */
  headerRow?: number;
  columns: ColumnMap;
}

/** The labels a printed results sheet ends with (a provincial appendix's place-and-date line and signatures). */
export interface PrintLabels {
  /** `Quảng Ninh, ngày 15 tháng 3 năm 2026`. */
  placeDate: string;
  /** Title lines above each signature (e.g. `TM. HỘI ĐỒNG THẨM ĐỊNH`, `CHỦ TỊCH`); empty: no signature there. */
  leftTitle: string[];
  leftName: string;
  rightTitle: string[];
  rightName: string;
}

export interface Settings {
  /** Labels of the printed sheets, where the settings sheet sets them (the rest are defaults: printLabels). */
  print?: Partial<PrintLabels>;
  basis: ScoreBasis;
  rounding: RoundingMode;
  naMarkers: string[];
  placeholderEvidence: string[];
  bands: ClassBand[];
  blocks: BlockSetting[];
  /** Unit sheet name → block name, where recognition should not decide. */
  unitBlocks: Record<string, string>;
  /** Last year's rank, by unit sheet name or unit name. */
  lastYearRanks: Record<string, number>;
  /** Unit sheet names or unit names listed but not ranked. */
  unranked: string[];
  mappings: SheetMapping[];
  /** Names of sheets that are templates, beyond those recognised by name. */
  templateSheets: string[];
}

export interface NodeScore {
  key: string;
  code: string;
  name: string;
  level: number;
  points: number;
  /** Applicable maximum (not-applicable rows and bonus rows excluded). */
  max: number;
  /** Exact percentage; 0 where the applicable maximum is 0. */
  percent: number;
  notApplicable: boolean;
}

export interface UnitResult {
  sheet: string;
  unit: string;
  block: string;
  points: number;
  max: number;
  /** Exact percentage, used for ranking. */
  exactPercent: number;
  /** Displayed percentage (2 decimals, per the rounding setting). */
  percent: number;
  rank: number | null;
  class: string | null;
  lastYearRank: number | null;
  /** Positive = up. Null when last year's rank is unknown or the unit is unranked. */
  rankChange: number | null;
  rankChangeText: string | null;
  areas: NodeScore[];
  /** Every template criterion, in template order. */
  criteria: NodeScore[];
}

export interface AreaStat {
  key: string;
  code: string;
  name: string;
  /** Mean of the units' exact area percentages. */
  averagePercent: number;
}

export interface BlockResult {
  name: string;
  template: string;
  /** Units in rank order, unranked last. */
  units: UnitResult[];
  /** Mean exact percentage of the ranked units. */
  averagePercent: number;
  highest: UnitResult | null;
  lowest: UnitResult | null;
  areaAverages: AreaStat[];
  /** Class label → number of units, in band order. */
  classCounts: { label: string; count: number }[];
  bands: ClassBand[];
}

/** How a criteria sheet was read; the task pane shows this and lets the user correct it. */
export interface SheetReading {
  sheet: string;
  role: 'template' | 'unit' | 'settings' | 'owned' | 'skipped';
  block: string | null;
  unit: string | null;
  layout: SheetLayout | null;
  tree: CriteriaTree | null;
}

export interface Analysis {
  settings: Settings;
  sheets: SheetReading[];
  blocks: BlockResult[];
  findings: Finding[];
}

export interface AnalyzeOptions {
  /** Overrides the settings sheet. */
  settings?: Partial<Settings>;
  /** Sheets the add-in wrote itself (results, findings): never read as criteria sheets. */
  ownedSheets?: string[];
}
