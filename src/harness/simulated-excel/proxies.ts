// Proxy objects with Office.js semantics: every call is queued and carried out, in order, at `sync()`;
// a property can be read only after it was `load()`ed and a `sync()` ran (otherwise PropertyNotLoaded);
// `…OrNullObject` gives an object whose `isNullObject` tells whether it exists.
import type { RangeBox } from '../../core/address';
import { cellAddress } from '../../core/address';
import { payloadLimitError, propertyNotLoaded, SimulatedOfficeError, type SimMessageLanguage } from './errors';
import {
  boxA1,
  cellKey,
  intersects,
  keyCol,
  keyRow,
  MAX_COLS,
  newSheet,
  parseA1,
  typeInput,
  type SimCell,
  type SimColorCriterion,
  type SimConditionalFormat,
  type SimSheet,
  type SimStyle,
  type SimValue,
  type SimVisibility,
  type SimWorkbookState,
} from './model';

/** What the host counts; tests read it through createSimulatedExcel. */
export interface SimHost {
  state: SimWorkbookState;
  /** Most bytes (JSON length of the values sent or returned) one request may carry. */
  payloadLimit: number;
  syncs: number;
  /** Per sync: bytes sent (values, formulas, formats written) and returned (properties loaded), recalculations run. */
  requests: { requestBytes: number; responseBytes: number; failed: boolean; calculations: number }[];
  /** Syncs that ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  suspendedSyncs: number;
  /** `application.calculate` calls carried out (the simulation has no calculation engine: they are counted). */
  calculations: number;
  /** Language of error messages (Office translates them; codes stay the same). */
  language: SimMessageLanguage;
}

/** An action carried out at sync; it may return a commit run once the whole request succeeded. */
type Action = () => (() => void) | void;

const jsonLength = (v: unknown): number => (v === undefined ? 0 : JSON.stringify(v).length);

export class SimRequestContext {
  private actions: Action[] = [];
  private requestBytes = 0;
  private suspended = false;
  /** Bytes of the response being built (during sync). */
  responseBytes = 0;
  /** `application.calculate` calls carried out in the request being run (during sync). */
  calculations = 0;
  readonly workbook: SimWorkbook;
  readonly application: SimApplication;

  constructor(readonly host: SimHost) {
    this.workbook = new SimWorkbook(this);
    this.application = this.workbook.application;
  }

  get state(): SimWorkbookState {
    return this.host.state;
  }

  queue(action: Action, bytes = 0): void {
    this.actions.push(action);
    this.requestBytes += bytes;
  }

  suspendCalculation(): void {
    this.suspended = true;
  }

  async sync(): Promise<void> {
    const actions = this.actions;
    const requestBytes = this.requestBytes;
    const suspended = this.suspended;
    this.actions = [];
    this.requestBytes = 0;
    this.suspended = false;
    this.responseBytes = 0;
    this.calculations = 0;
    this.host.syncs++;
    const record = { requestBytes, responseBytes: 0, failed: true, calculations: 0 };
    this.host.requests.push(record);
    // Too much sent: Excel refuses the request before running any of it.
    if (requestBytes > this.host.payloadLimit)
      throw payloadLimitError('request', requestBytes, this.host.payloadLimit, this.host.language);
    if (suspended) this.host.suspendedSyncs++;
    const commits: (() => void)[] = [];
    try {
      // An error stops the request there; what ran before it stays done (Office does not roll back).
      for (const action of actions) {
        const commit = action();
        if (commit) commits.push(commit);
      }
    } finally {
      record.calculations = this.calculations;
      this.host.calculations += this.calculations;
    }
    record.responseBytes = this.responseBytes;
    // Too much to send back: the response is refused with its own code (nothing loaded becomes readable).
    if (this.responseBytes > this.host.payloadLimit)
      throw payloadLimitError('response', this.responseBytes, this.host.payloadLimit, this.host.language);
    for (const commit of commits) commit();
    record.failed = false;
  }
}

type LoadSpec = string | string[] | { select?: string; expand?: string } | undefined;

function loadPaths(spec: LoadSpec): string[][] {
  let list: string[];
  if (spec === undefined) list = [];
  else if (typeof spec === 'string') list = spec.split(',');
  else if (Array.isArray(spec)) list = spec.flatMap((s) => s.split(','));
  else list = [...(spec.select ?? '').split(','), ...(spec.expand ?? '').split(',')];
  const paths = list
    .map((s) => s.trim())
    .filter((s) => s !== '')
    .map((s) => s.split('/').map((p) => p.trim()));
  return paths.length === 0 ? [[]] : paths;
}

abstract class SimProxy {
  private readonly loaded = new Map<string, unknown>();

  constructor(protected readonly ctx: SimRequestContext) {}

  /** Whether the object exists now (at sync). */
  protected abstract present(): boolean;
  /** Null objects answer `isNullObject`; others throw ItemNotFound when missing. */
  protected readonly nullable: boolean = false;
  /** Scalar properties, read at sync. */
  protected scalars(): Record<string, () => unknown> {
    return {};
  }
  /** Navigation properties. */
  protected child(_name: string): SimProxy | null {
    return null;
  }
  /** For collections: the items, at sync. */
  protected itemsNow(): SimProxy[] | null {
    return null;
  }
  protected missing(): SimulatedOfficeError {
    return new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
  }

  load(spec?: LoadSpec): this {
    const paths = loadPaths(spec);
    this.ctx.queue(() => this.capture(paths));
    return this;
  }

  /** At sync: reads what `paths` name; the returned commit makes it readable. */
  capture(paths: string[][]): () => void {
    const present = this.present();
    if (!present && !this.nullable) throw this.missing();
    const staged = new Map<string, unknown>([['isNullObject', !present]]);
    const subs: (() => void)[] = [];
    if (present) {
      const scalars = this.scalars();
      const groups = new Map<string, string[][]>();
      for (const path of paths) {
        if (path.length === 0 || path[0] === '*') {
          for (const [name, read] of Object.entries(scalars)) staged.set(name, read());
          continue;
        }
        const [head, ...rest] = path;
        if (head in scalars && rest.length === 0) {
          staged.set(head, scalars[head]());
          continue;
        }
        const group = groups.get(head) ?? [];
        group.push(rest);
        groups.set(head, group);
      }
      for (const [head, rest] of groups) {
        if (head === 'items') {
          const items = this.itemsNow();
          if (items === null) throw new SimulatedOfficeError('InvalidArgument', `Cannot load "${head}".`);
          staged.set('items', items);
          for (const item of items) subs.push(item.capture(rest));
          continue;
        }
        const child = this.child(head);
        if (child === null)
          throw new SimulatedOfficeError('InvalidArgument', `The property '${head}' does not exist on this object.`);
        subs.push(child.capture(rest));
      }
      for (const [name, v] of staged)
        if (name !== 'items' && name !== 'isNullObject') this.ctx.responseBytes += jsonLength(v) + name.length + 3;
    }
    return () => {
      for (const [name, v] of staged) this.loaded.set(name, v);
      for (const sub of subs) sub();
    };
  }

  protected read<T>(name: string): T {
    if (!this.loaded.has(name)) throw propertyNotLoaded(name);
    return this.loaded.get(name) as T;
  }

  /** Marks a property as known after the caller set it (Office keeps set values on the proxy). */
  protected remember(name: string, v: unknown): void {
    this.loaded.set(name, v);
  }

  get isNullObject(): boolean {
    return this.read<boolean>('isNullObject');
  }

  toJSON(): Record<string, unknown> {
    return {};
  }
}

// ---------------------------------------------------------------------------------------------------------
// Workbook, application, worksheets

export class SimApplication extends SimProxy {
  protected present(): boolean {
    return true;
  }
  protected scalars(): Record<string, () => unknown> {
    return { calculationMode: () => 'Automatic' };
  }
  suspendApiCalculationUntilNextSync(): void {
    this.ctx.suspendCalculation();
  }
  /** Recalculates (ExcelApi 1.1). The simulation computes nothing: the call is checked and counted. */
  calculate(calculationType: 'Recalculate' | 'Full' | 'FullRebuild'): void {
    this.ctx.queue(() => {
      if (calculationType !== 'Recalculate' && calculationType !== 'Full' && calculationType !== 'FullRebuild') {
        throw new SimulatedOfficeError('InvalidArgument', `Invalid calculation type "${String(calculationType)}".`);
      }
      this.ctx.calculations++;
    });
  }
}

/** Protection of the workbook's structure (ExcelApi 1.7). */
export class SimWorkbookProtection extends SimProxy {
  protected present(): boolean {
    return true;
  }
  protected scalars(): Record<string, () => unknown> {
    return { protected: () => this.ctx.state.structureProtected === true };
  }
  get protected(): boolean {
    return this.read<boolean>('protected');
  }
  protect(): void {
    this.ctx.queue(() => {
      // "Fails if the workbook has been protected."
      if (this.ctx.state.structureProtected === true)
        throw new SimulatedOfficeError('InvalidOperation', 'The workbook is already protected.');
      this.ctx.state.structureProtected = true;
    });
  }
  unprotect(): void {
    this.ctx.queue(() => {
      this.ctx.state.structureProtected = false;
    });
  }
}

/** At sync: refuses a change of the workbook's structure (sheets added, deleted, renamed, hidden) when it is protected. */
function structureWritable(state: SimWorkbookState): void {
  if (state.structureProtected === true) {
    throw new SimulatedOfficeError(
      'AccessDenied',
      "The workbook's structure is protected: sheets cannot be added, deleted, renamed, hidden or shown.",
    );
  }
}

export class SimWorkbook extends SimProxy {
  readonly application: SimApplication;
  readonly worksheets: SimWorksheetCollection;
  readonly protection: SimWorkbookProtection;

  constructor(ctx: SimRequestContext) {
    super(ctx);
    this.application = new SimApplication(ctx);
    this.worksheets = new SimWorksheetCollection(ctx);
    this.protection = new SimWorkbookProtection(ctx);
  }
  protected present(): boolean {
    return true;
  }
  protected scalars(): Record<string, () => unknown> {
    return { name: () => 'Book1' };
  }
  protected child(name: string): SimProxy | null {
    return name === 'worksheets'
      ? this.worksheets
      : name === 'application'
        ? this.application
        : name === 'protection'
          ? this.protection
          : null;
  }

  getSelectedRange(): SimRange {
    const ctx = this.ctx;
    const sheetRef = () => {
      const sel = ctx.state.selection;
      return sel === null ? undefined : findSheet(ctx.state, sel.sheet);
    };
    return new SimRange(ctx, new SimWorksheet(ctx, sheetRef), () => {
      const sel = ctx.state.selection;
      return sel === null ? null : parseA1(sel.address);
    });
  }
}

type SheetRef = () => SimSheet | undefined;

function findSheet(state: SimWorkbookState, name: string): SimSheet | undefined {
  const lower = name.toLowerCase();
  return state.sheets.find((s) => s.name.toLowerCase() === lower);
}

function sheetNameError(name: string): string | null {
  if (name.trim() === '' || name.length > 31) return 'The sheet name must be 1 to 31 characters long.';
  if (/[[\]:*?/\\]/.test(name) || name.startsWith("'") || name.endsWith("'"))
    return 'The sheet name contains characters that are not allowed.';
  if (name.toLowerCase() === 'history') return 'The name "History" is reserved.';
  return null;
}

function visibleCount(state: SimWorkbookState): number {
  return state.sheets.filter((s) => s.visibility === 'Visible').length;
}

function fixActive(state: SimWorkbookState): void {
  const active = state.activeSheet === null ? undefined : findSheet(state, state.activeSheet);
  if (active && active.visibility === 'Visible') return;
  const first = state.sheets.find((s) => s.visibility === 'Visible');
  state.activeSheet = first?.name ?? null;
  state.selection = first ? { sheet: first.name, address: 'A1' } : null;
}

export class SimWorksheetCollection extends SimProxy {
  protected present(): boolean {
    return true;
  }
  protected itemsNow(): SimProxy[] {
    return this.ctx.state.sheets.map(
      (sheet) => new SimWorksheet(this.ctx, () => (this.ctx.state.sheets.includes(sheet) ? sheet : undefined)),
    );
  }
  get items(): SimWorksheet[] {
    return this.read<SimWorksheet[]>('items');
  }

  getItem(name: string): SimWorksheet {
    return new SimWorksheet(this.ctx, () => findSheet(this.ctx.state, name));
  }
  getItemOrNullObject(name: string): SimWorksheet {
    return new SimWorksheet(this.ctx, () => findSheet(this.ctx.state, name), true);
  }
  getActiveWorksheet(): SimWorksheet {
    return new SimWorksheet(this.ctx, () => {
      const a = this.ctx.state.activeSheet;
      return a === null ? undefined : findSheet(this.ctx.state, a);
    });
  }
  add(name?: string): SimWorksheet {
    let created: SimSheet | undefined;
    this.ctx.queue(() => {
      const state = this.ctx.state;
      structureWritable(state);
      let n = name;
      if (n === undefined) {
        let i = state.sheets.length + 1;
        while (findSheet(state, `Sheet${i}`)) i++;
        n = `Sheet${i}`;
      }
      const bad = sheetNameError(n);
      if (bad) throw new SimulatedOfficeError('InvalidArgument', bad);
      if (findSheet(state, n))
        throw new SimulatedOfficeError('ItemAlreadyExists', `A sheet named "${n}" already exists.`);
      created = newSheet(n);
      state.sheets.push(created);
    });
    return new SimWorksheet(this.ctx, () => (created && this.ctx.state.sheets.includes(created) ? created : undefined));
  }
}

export class SimWorksheetProtection extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly sheet: SheetRef,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.sheet() !== undefined;
  }
  protected scalars(): Record<string, () => unknown> {
    return { protected: () => this.sheet()?.protected === true };
  }
  get protected(): boolean {
    return this.read<boolean>('protected');
  }
  protect(): void {
    this.ctx.queue(() => {
      sheetOrThrow(this.sheet).protected = true;
    });
  }
  unprotect(): void {
    this.ctx.queue(() => {
      sheetOrThrow(this.sheet).protected = false;
    });
  }
}

function sheetOrThrow(ref: SheetRef): SimSheet {
  const s = ref();
  if (s === undefined) throw new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
  return s;
}

function writable(ref: SheetRef): SimSheet {
  const s = sheetOrThrow(ref);
  if (s.protected)
    throw new SimulatedOfficeError(
      'AccessDenied',
      `The cell or chart you're trying to change is on a protected sheet ("${s.name}").`,
    );
  return s;
}

export class SimFreezePanes {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly sheet: SheetRef,
  ) {}
  private set(rows: number, columns: number): void {
    this.ctx.queue(() => {
      sheetOrThrow(this.sheet).freeze = { rows, columns };
    });
  }
  freezeRows(count?: number): void {
    this.set(count ?? 1, 0);
  }
  freezeColumns(count?: number): void {
    this.set(0, count ?? 1);
  }
  freezeAt(frozenRange: SimRange | string): void {
    this.ctx.queue(() => {
      const sheet = sheetOrThrow(this.sheet);
      const box = typeof frozenRange === 'string' ? parseA1(frozenRange) : frozenRange.boxNow();
      if (box === null) throw new SimulatedOfficeError('InvalidArgument', 'The frozen range is not valid.');
      sheet.freeze = { rows: box.bottom + 1, columns: box.right + 1 };
    });
  }
  unfreeze(): void {
    this.set(0, 0);
  }
}

export class SimWorksheet extends SimProxy {
  readonly protection: SimWorksheetProtection;
  readonly freezePanes: SimFreezePanes;
  protected readonly nullable: boolean;

  constructor(
    ctx: SimRequestContext,
    readonly ref: SheetRef,
    nullable = false,
  ) {
    super(ctx);
    this.nullable = nullable;
    this.protection = new SimWorksheetProtection(ctx, ref);
    this.freezePanes = new SimFreezePanes(ctx, ref);
  }
  protected present(): boolean {
    return this.ref() !== undefined;
  }
  protected scalars(): Record<string, () => unknown> {
    const s = sheetOrThrow(this.ref);
    return {
      name: () => s.name,
      id: () => `{sheet-${s.name}}`,
      position: () => this.ctx.state.sheets.indexOf(s),
      visibility: () => s.visibility,
      tabColor: () => s.tabColor ?? '',
    };
  }
  protected child(name: string): SimProxy | null {
    return name === 'protection' ? this.protection : null;
  }

  get name(): string {
    return this.read<string>('name');
  }
  set name(n: string) {
    this.remember('name', n);
    this.ctx.queue(() => {
      const state = this.ctx.state;
      const sheet = sheetOrThrow(this.ref);
      structureWritable(state);
      const bad = sheetNameError(n);
      if (bad) throw new SimulatedOfficeError('InvalidArgument', bad);
      const clash = findSheet(state, n);
      if (clash && clash !== sheet)
        throw new SimulatedOfficeError('ItemAlreadyExists', `A sheet named "${n}" already exists.`);
      const old = sheet.name;
      sheet.name = n;
      if (state.activeSheet === old) state.activeSheet = n;
      if (state.selection?.sheet === old) state.selection = { ...state.selection, sheet: n };
    });
  }
  get position(): number {
    return this.read<number>('position');
  }
  get visibility(): SimVisibility {
    return this.read<SimVisibility>('visibility');
  }
  set visibility(v: SimVisibility) {
    this.remember('visibility', v);
    this.ctx.queue(() => {
      const sheet = sheetOrThrow(this.ref);
      structureWritable(this.ctx.state);
      if (v !== 'Visible' && v !== 'Hidden' && v !== 'VeryHidden')
        throw new SimulatedOfficeError('InvalidArgument', `Invalid visibility "${String(v)}".`);
      if (v !== 'Visible' && sheet.visibility === 'Visible' && visibleCount(this.ctx.state) <= 1) {
        throw new SimulatedOfficeError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      sheet.visibility = v;
      fixActive(this.ctx.state);
    });
  }
  get tabColor(): string {
    return this.read<string>('tabColor');
  }
  set tabColor(c: string) {
    this.remember('tabColor', c);
    this.ctx.queue(() => {
      sheetOrThrow(this.ref).tabColor = c === '' ? null : c.toUpperCase();
    });
  }

  activate(): void {
    this.ctx.queue(() => {
      const sheet = sheetOrThrow(this.ref);
      if (sheet.visibility !== 'Visible')
        throw new SimulatedOfficeError('InvalidOperation', 'A hidden sheet cannot be activated.');
      const state = this.ctx.state;
      state.activeSheet = sheet.name;
      if (state.selection?.sheet !== sheet.name) state.selection = { sheet: sheet.name, address: 'A1' };
    });
  }
  delete(): void {
    this.ctx.queue(() => {
      const state = this.ctx.state;
      const sheet = sheetOrThrow(this.ref);
      structureWritable(state);
      // Worksheet.delete: "if the worksheet's visibility is set to VeryHidden, the delete operation will fail
      // with an InvalidOperation exception" (checked when it runs, after what was queued before it).
      if (sheet.visibility === 'VeryHidden') {
        throw new SimulatedOfficeError(
          'InvalidOperation',
          `The very hidden sheet "${sheet.name}" cannot be deleted; make it hidden or visible first.`,
        );
      }
      if (sheet.visibility === 'Visible' && visibleCount(state) <= 1) {
        throw new SimulatedOfficeError('InvalidOperation', 'A workbook must contain at least one visible worksheet.');
      }
      state.sheets.splice(state.sheets.indexOf(sheet), 1);
      fixActive(state);
    });
  }

  getRange(address?: string): SimRange {
    return new SimRange(this.ctx, this, () => {
      if (address === undefined) return { top: 0, left: 0, bottom: 1048575, right: MAX_COLS - 1 };
      const box = parseA1(address);
      if (box === null) throw new SimulatedOfficeError('InvalidArgument', `The address "${address}" is not valid.`);
      return box;
    });
  }
  getRangeByIndexes(startRow: number, startColumn: number, rowCount: number, columnCount: number): SimRange {
    return new SimRange(this.ctx, this, () => {
      if (rowCount < 1 || columnCount < 1 || startRow < 0 || startColumn < 0)
        throw new SimulatedOfficeError('InvalidArgument', 'Invalid range indexes.');
      return {
        top: startRow,
        left: startColumn,
        bottom: startRow + rowCount - 1,
        right: startColumn + columnCount - 1,
      };
    });
  }
  private used(valuesOnly: boolean, nullable: boolean): SimRange {
    return new SimRange(
      this.ctx,
      this,
      () => {
        const sheet = sheetOrThrow(this.ref);
        let box: RangeBox | null = null;
        for (const [key, cell] of sheet.cells) {
          if (valuesOnly ? cell.value === null && cell.formula === null : false) continue;
          const r = keyRow(key);
          const c = keyCol(key);
          box =
            box === null
              ? { top: r, left: c, bottom: r, right: c }
              : {
                  top: Math.min(box.top, r),
                  left: Math.min(box.left, c),
                  bottom: Math.max(box.bottom, r),
                  right: Math.max(box.right, c),
                };
        }
        if (box === null && !nullable) return { top: 0, left: 0, bottom: 0, right: 0 };
        return box;
      },
      nullable,
    );
  }
  getUsedRange(valuesOnly?: boolean): SimRange {
    return this.used(valuesOnly === true, false);
  }
  getUsedRangeOrNullObject(valuesOnly?: boolean): SimRange {
    return this.used(valuesOnly === true, true);
  }
}

// ---------------------------------------------------------------------------------------------------------
// Ranges

function quoteSheet(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_.]*$/.test(name) && !/^[A-Za-z]{1,3}\d+$/.test(name)
    ? name
    : `'${name.replace(/'/g, "''")}'`;
}

function displayValue(cell: SimCell | undefined): SimValue | '' {
  if (cell === undefined || cell.value === null) return '';
  return typeof cell.value === 'object' ? cell.value.error : cell.value;
}

function mergeCovering(sheet: SimSheet, r: number, c: number): RangeBox | undefined {
  return sheet.merges.find((m) => r >= m.top && r <= m.bottom && c >= m.left && c <= m.right);
}

const MAX_MATERIALIZED = 5_000_000;
/** Range.getMergedAreasOrNullObject fails for a range with more merged areas than this. */
export const MAX_MERGED_AREAS = 512;

export class SimRange extends SimProxy {
  readonly format: SimRangeFormat;
  readonly conditionalFormats: SimConditionalFormatCollection;
  protected readonly nullable: boolean;

  constructor(
    ctx: SimRequestContext,
    readonly worksheet: SimWorksheet,
    private readonly locate: () => RangeBox | null,
    nullable = false,
  ) {
    super(ctx);
    this.nullable = nullable;
    this.format = new SimRangeFormat(ctx, this);
    this.conditionalFormats = new SimConditionalFormatCollection(ctx, this);
  }

  /** At sync: the range's box (throws ItemNotFound when it does not exist and is not a null object). */
  boxNow(): RangeBox | null {
    if (this.worksheet.ref() === undefined) return null;
    return this.locate();
  }
  sheetNow(): SimSheet {
    return sheetOrThrow(this.worksheet.ref);
  }
  protected present(): boolean {
    return this.boxNow() !== null;
  }
  private box(): RangeBox {
    const b = this.boxNow();
    if (b === null) throw this.missing();
    return b;
  }
  private grid<T>(read: (cell: SimCell | undefined, r: number, c: number) => T): T[][] {
    const b = this.box();
    const sheet = this.sheetNow();
    if ((b.bottom - b.top + 1) * (b.right - b.left + 1) > MAX_MATERIALIZED) {
      throw new SimulatedOfficeError(
        'InvalidOperation',
        'The range is too large to read (the simulation materializes every cell).',
      );
    }
    const out: T[][] = [];
    for (let r = b.top; r <= b.bottom; r++) {
      const row: T[] = [];
      for (let c = b.left; c <= b.right; c++) row.push(read(sheet.cells.get(cellKey(r, c)), r, c));
      out.push(row);
    }
    return out;
  }
  protected scalars(): Record<string, () => unknown> {
    return {
      address: () => `${quoteSheet(this.sheetNow().name)}!${boxA1(this.box())}`,
      rowIndex: () => this.box().top,
      columnIndex: () => this.box().left,
      rowCount: () => this.box().bottom - this.box().top + 1,
      columnCount: () => this.box().right - this.box().left + 1,
      values: () => this.grid((cell) => displayValue(cell)),
      formulas: () => this.grid((cell) => (cell?.formula != null ? `=${cell.formula}` : displayValue(cell))),
      numberFormat: () => this.grid((cell) => cell?.style.numberFormat ?? 'General'),
      valueTypes: () =>
        this.grid((cell) => {
          const v = cell?.value ?? null;
          if (v === null) return 'Empty';
          if (typeof v === 'object') return 'Error';
          return typeof v === 'number' ? 'Double' : typeof v === 'boolean' ? 'Boolean' : 'String';
        }),
      columnHidden: () => {
        const b = this.box();
        const sheet = this.sheetNow();
        for (let c = b.left; c <= b.right; c++) if (!sheet.hiddenColumns.has(c)) return false;
        return true;
      },
    };
  }
  protected child(name: string): SimProxy | null {
    return name === 'format' ? this.format : name === 'conditionalFormats' ? this.conditionalFormats : null;
  }

  get address(): string {
    return this.read<string>('address');
  }
  get rowIndex(): number {
    return this.read<number>('rowIndex');
  }
  get columnIndex(): number {
    return this.read<number>('columnIndex');
  }
  get rowCount(): number {
    return this.read<number>('rowCount');
  }
  get columnCount(): number {
    return this.read<number>('columnCount');
  }
  get valueTypes(): string[][] {
    return this.read<string[][]>('valueTypes');
  }
  get values(): unknown[][] {
    return this.read<unknown[][]>('values');
  }
  set values(v: unknown[][]) {
    this.setCells('values', v);
  }
  get formulas(): unknown[][] {
    return this.read<unknown[][]>('formulas');
  }
  set formulas(v: unknown[][]) {
    this.setCells('formulas', v);
  }
  get numberFormat(): unknown[][] {
    return this.read<unknown[][]>('numberFormat');
  }
  set numberFormat(v: unknown[][]) {
    this.remember('numberFormat', v);
    this.eachInput('numberFormat', v, (sheet, r, c, input) => {
      if (input === null || input === undefined) return;
      if (typeof input !== 'string') throw new SimulatedOfficeError('InvalidArgument', 'A number format must be text.');
      styleCell(sheet, r, c, { numberFormat: input });
    });
  }
  get columnHidden(): boolean {
    return this.read<boolean>('columnHidden');
  }
  set columnHidden(h: boolean) {
    this.remember('columnHidden', h);
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      for (let c = b.left; c <= b.right; c++) {
        if (h) sheet.hiddenColumns.add(c);
        else sheet.hiddenColumns.delete(c);
      }
    });
  }

  /** Queues a write of a matrix (or one value for every cell) into the range's cells. */
  private eachInput(
    what: string,
    v: unknown,
    apply: (sheet: SimSheet, r: number, c: number, input: unknown) => void,
  ): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      const rows = b.bottom - b.top + 1;
      const cols = b.right - b.left + 1;
      if (Array.isArray(v)) {
        if (v.length !== rows || !v.every((row) => Array.isArray(row) && row.length === cols)) {
          throw new SimulatedOfficeError(
            'InvalidArgument',
            `The number of rows or columns in the input array doesn't match the size or dimensions of the range (${what}).`,
          );
        }
        v.forEach((row: unknown[], r) => row.forEach((input, c) => apply(sheet, b.top + r, b.left + c, input)));
      } else {
        for (let r = b.top; r <= b.bottom; r++) for (let c = b.left; c <= b.right; c++) apply(sheet, r, c, v);
      }
    }, jsonLength(v));
  }

  private setCells(what: 'values' | 'formulas', v: unknown[][]): void {
    this.remember(what, v);
    this.eachInput(what, v, (sheet, r, c, input) => {
      const typed = typeInput(input);
      if (typed.kind === 'unchanged') return;
      if (typed.kind === 'invalid')
        throw new SimulatedOfficeError('InvalidArgument', `Cell ${cellAddress(r, c)}: the value cannot be written.`);
      const key = cellKey(r, c);
      const merge = mergeCovering(sheet, r, c);
      if (merge && (merge.top !== r || merge.left !== c)) {
        if (typed.kind === 'clear') return;
        throw new SimulatedOfficeError(
          'InvalidOperation',
          `Cell ${cellAddress(r, c)} is inside the merged range ${boxA1(merge)}.`,
        );
      }
      const old = sheet.cells.get(key);
      if (typed.kind === 'clear') {
        if (old === undefined) return;
        if (Object.keys(old.style).length === 0) sheet.cells.delete(key);
        else sheet.cells.set(key, { value: null, formula: null, style: old.style });
        return;
      }
      const style = old?.style ?? {};
      if (typed.kind === 'formula') sheet.cells.set(key, { value: null, formula: typed.formula, style });
      else sheet.cells.set(key, { value: typed.value, formula: null, style });
    });
  }

  merge(across?: boolean): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      const boxes = across
        ? Array.from({ length: b.bottom - b.top + 1 }, (_, i) => ({ ...b, top: b.top + i, bottom: b.top + i }))
        : [b];
      for (const box of boxes) {
        if (box.top === box.bottom && box.left === box.right) continue;
        for (let r = box.top; r <= box.bottom; r++) {
          for (let c = box.left; c <= box.right; c++) {
            if (r === box.top && c === box.left) continue;
            const cell = sheet.cells.get(cellKey(r, c));
            if (cell) sheet.cells.set(cellKey(r, c), { value: null, formula: null, style: cell.style });
          }
        }
        sheet.merges = sheet.merges.filter((m) => !intersects(m, box));
        sheet.merges.push(box);
      }
    });
  }
  unmerge(): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      sheet.merges = sheet.merges.filter((m) => !intersects(m, b));
    });
  }
  clear(applyTo?: 'All' | 'Formats' | 'Contents'): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      const what = applyTo ?? 'All';
      for (const [key, cell] of [...sheet.cells]) {
        const r = keyRow(key);
        const c = keyCol(key);
        if (r < b.top || r > b.bottom || c < b.left || c > b.right) continue;
        if (what === 'All') sheet.cells.delete(key);
        else if (what === 'Contents') sheet.cells.set(key, { value: null, formula: null, style: cell.style });
        else sheet.cells.set(key, { ...cell, style: {} });
      }
    });
  }
  select(): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = sheetOrThrow(this.worksheet.ref);
      if (sheet.visibility !== 'Visible')
        throw new SimulatedOfficeError('InvalidOperation', 'A range on a hidden sheet cannot be selected.');
      this.ctx.state.activeSheet = sheet.name;
      this.ctx.state.selection = { sheet: sheet.name, address: boxA1(b) };
    });
  }
  /**
   * The merged areas whose top-left cell is in this range, whole (what Excel gives: a merge that only overlaps
   * the range is left out, OfficeDev/office-js#3611). More than MAX_MERGED_AREAS of them: the request fails
   * ("if the merged areas count in this range is more than 512, then this method will fail").
   */
  getMergedAreasOrNullObject(): SimRangeAreas {
    return new SimRangeAreas(this.ctx, this.worksheet, () => {
      const b = this.boxNow();
      if (b === null) return [];
      const found = this.sheetNow().merges.filter(
        (m) => m.top >= b.top && m.top <= b.bottom && m.left >= b.left && m.left <= b.right,
      );
      if (found.length > MAX_MERGED_AREAS) {
        throw new SimulatedOfficeError(
          'InvalidOperation',
          `The range holds ${found.length} merged areas, more than ${MAX_MERGED_AREAS}: they cannot be returned.`,
        );
      }
      return found;
    });
  }
  getCell(row: number, column: number): SimRange {
    return new SimRange(this.ctx, this.worksheet, () => {
      const b = this.box();
      return { top: b.top + row, left: b.left + column, bottom: b.top + row, right: b.left + column };
    });
  }

  /** At sync: applies a style change to every cell of the range. */
  styleAll(patch: (style: SimStyle, r: number, c: number, box: RangeBox) => SimStyle, bytes = 0): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = writable(this.worksheet.ref);
      if ((b.bottom - b.top + 1) * (b.right - b.left + 1) > MAX_MATERIALIZED)
        throw new SimulatedOfficeError('InvalidOperation', 'The range is too large to format cell by cell.');
      for (let r = b.top; r <= b.bottom; r++)
        for (let c = b.left; c <= b.right; c++)
          styleCell(sheet, r, c, patch(sheet.cells.get(cellKey(r, c))?.style ?? {}, r, c, b));
    }, bytes);
  }
  /** At sync: the sheet and box, for writes that are not per cell. */
  onSync(run: (sheet: SimSheet, box: RangeBox) => void, needsWritable = true, bytes = 0): void {
    this.ctx.queue(() => {
      const b = this.box();
      const sheet = needsWritable ? writable(this.worksheet.ref) : sheetOrThrow(this.worksheet.ref);
      run(sheet, b);
    }, bytes);
  }
}

function styleCell(sheet: SimSheet, r: number, c: number, patch: SimStyle): void {
  const key = cellKey(r, c);
  const cell = sheet.cells.get(key) ?? { value: null, formula: null, style: {} };
  sheet.cells.set(key, { ...cell, style: { ...cell.style, ...patch } });
}

export class SimRangeAreas extends SimProxy {
  readonly areas: SimRangeCollection;
  protected readonly nullable = true;

  constructor(
    ctx: SimRequestContext,
    private readonly worksheet: SimWorksheet,
    private readonly boxes: () => RangeBox[],
  ) {
    super(ctx);
    this.areas = new SimRangeCollection(ctx, worksheet, boxes);
  }
  protected present(): boolean {
    return this.worksheet.ref() !== undefined && this.boxes().length > 0;
  }
  protected scalars(): Record<string, () => unknown> {
    const name = quoteSheet(sheetOrThrow(this.worksheet.ref).name);
    return {
      address: () =>
        this.boxes()
          .map((b) => `${name}!${boxA1(b)}`)
          .join(','),
      areaCount: () => this.boxes().length,
    };
  }
  protected child(name: string): SimProxy | null {
    return name === 'areas' ? this.areas : null;
  }
  get address(): string {
    return this.read<string>('address');
  }
  get areaCount(): number {
    return this.read<number>('areaCount');
  }
}

export class SimRangeCollection extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly worksheet: SimWorksheet,
    private readonly boxes: () => RangeBox[],
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return true;
  }
  protected itemsNow(): SimProxy[] {
    return this.boxes().map((b) => new SimRange(this.ctx, this.worksheet, () => b));
  }
  get items(): SimRange[] {
    return this.read<SimRange[]>('items');
  }
}

// ---------------------------------------------------------------------------------------------------------
// Formats

export class SimRangeFormat extends SimProxy {
  readonly font: SimRangeFont;
  readonly fill: SimRangeFill;
  readonly borders: SimBorderCollection;

  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
  ) {
    super(ctx);
    this.font = new SimRangeFont(ctx, range);
    this.fill = new SimRangeFill(ctx, range);
    this.borders = new SimBorderCollection(ctx, range);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  private first(): SimStyle {
    const b = this.range.boxNow();
    return b === null ? {} : (this.range.sheetNow().cells.get(cellKey(b.top, b.left))?.style ?? {});
  }
  protected scalars(): Record<string, () => unknown> {
    return {
      horizontalAlignment: () => this.first().horizontal ?? 'General',
      verticalAlignment: () => this.first().vertical ?? 'Bottom',
      wrapText: () => this.first().wrap ?? false,
      columnWidth: () => {
        const b = this.range.boxNow();
        return b === null ? 0 : (this.range.sheetNow().columnWidths.get(b.left) ?? 48);
      },
    };
  }
  protected child(name: string): SimProxy | null {
    return name === 'font' ? this.font : name === 'fill' ? this.fill : name === 'borders' ? this.borders : null;
  }
  get horizontalAlignment(): string {
    return this.read<string>('horizontalAlignment');
  }
  set horizontalAlignment(v: string) {
    this.range.styleAll((s) => ({ ...s, horizontal: v }));
  }
  get verticalAlignment(): string {
    return this.read<string>('verticalAlignment');
  }
  set verticalAlignment(v: string) {
    this.range.styleAll((s) => ({ ...s, vertical: v }));
  }
  get wrapText(): boolean {
    return this.read<boolean>('wrapText');
  }
  set wrapText(v: boolean) {
    this.range.styleAll((s) => ({ ...s, wrap: v }));
  }
  get columnWidth(): number {
    return this.read<number>('columnWidth');
  }
  set columnWidth(points: number) {
    this.range.onSync((sheet, b) => {
      if (!Number.isFinite(points) || points < 0)
        throw new SimulatedOfficeError('InvalidArgument', 'Invalid column width.');
      for (let c = b.left; c <= b.right; c++) sheet.columnWidths.set(c, points);
    });
  }
}

export class SimRangeFont extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  private first(): SimStyle {
    const b = this.range.boxNow();
    return b === null ? {} : (this.range.sheetNow().cells.get(cellKey(b.top, b.left))?.style ?? {});
  }
  protected scalars(): Record<string, () => unknown> {
    return {
      bold: () => this.first().bold ?? false,
      italic: () => this.first().italic ?? false,
      size: () => this.first().fontSize ?? 11,
      color: () => this.first().fontColor ?? '#000000',
      name: () => 'Calibri',
    };
  }
  get bold(): boolean {
    return this.read<boolean>('bold');
  }
  set bold(v: boolean) {
    this.range.styleAll((s) => ({ ...s, bold: v }));
  }
  get italic(): boolean {
    return this.read<boolean>('italic');
  }
  set italic(v: boolean) {
    this.range.styleAll((s) => ({ ...s, italic: v }));
  }
  get size(): number {
    return this.read<number>('size');
  }
  set size(v: number) {
    this.range.styleAll((s) => ({ ...s, fontSize: v }));
  }
  get color(): string {
    return this.read<string>('color');
  }
  set color(v: string) {
    this.range.styleAll((s) => ({ ...s, fontColor: v.toUpperCase() }));
  }
}

export class SimRangeFill extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  protected scalars(): Record<string, () => unknown> {
    return {
      color: () => {
        const b = this.range.boxNow();
        return (
          (b === null ? undefined : this.range.sheetNow().cells.get(cellKey(b.top, b.left))?.style.fill) ?? '#FFFFFF'
        );
      },
    };
  }
  get color(): string {
    return this.read<string>('color');
  }
  set color(v: string) {
    this.range.styleAll((s) => ({ ...s, fill: v.toUpperCase() }));
  }
  clear(): void {
    this.range.styleAll((s) => {
      const { fill: _fill, ...rest } = s;
      return rest;
    });
  }
}

type BorderIndex = 'EdgeTop' | 'EdgeBottom' | 'EdgeLeft' | 'EdgeRight' | 'InsideVertical' | 'InsideHorizontal';

export class SimBorderCollection extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  getItem(index: BorderIndex): SimRangeBorder {
    return new SimRangeBorder(this.ctx, this.range, index);
  }
}

export class SimRangeBorder extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
    private readonly index: BorderIndex,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  set style(v: string) {
    const on = v !== 'None';
    const index = this.index;
    this.range.styleAll((s, r, c, b) => {
      const borders = { ...s.borders };
      if (index === 'EdgeTop' && r === b.top) borders.top = on;
      if (index === 'EdgeBottom' && r === b.bottom) borders.bottom = on;
      if (index === 'EdgeLeft' && c === b.left) borders.left = on;
      if (index === 'EdgeRight' && c === b.right) borders.right = on;
      if (index === 'InsideHorizontal') {
        if (r > b.top) borders.top = on;
        if (r < b.bottom) borders.bottom = on;
      }
      if (index === 'InsideVertical') {
        if (c > b.left) borders.left = on;
        if (c < b.right) borders.right = on;
      }
      return { ...s, borders };
    });
  }
  set weight(_v: string) {
    // Only continuous thin lines are modelled.
  }
  set color(_v: string) {
    // Border colours are not modelled.
  }
}

// ---------------------------------------------------------------------------------------------------------
// Conditional formats

interface CfHolder {
  sheet: SheetRef;
  cf: SimConditionalFormat | undefined;
}

function cfNow(h: CfHolder): { sheet: SimSheet; cf: SimConditionalFormat } | undefined {
  const sheet = h.sheet();
  if (sheet === undefined || h.cf === undefined || !sheet.conditionalFormats.includes(h.cf)) return undefined;
  return { sheet, cf: h.cf };
}

function cfRanges(cf: SimConditionalFormat): RangeBox[] {
  return cf.range
    .split(/\s+/)
    .map(parseA1)
    .filter((b): b is RangeBox => b !== null);
}

export class SimConditionalFormatCollection extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly range: SimRange,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return this.range.boxNow() !== null;
  }
  protected itemsNow(): SimProxy[] {
    const b = this.range.boxNow();
    if (b === null) return [];
    const sheet = this.range.sheetNow();
    const ref = this.range.worksheet.ref;
    return sheet.conditionalFormats
      .filter((cf) => cfRanges(cf).some((x) => intersects(x, b)))
      .map((cf) => new SimConditionalFormatProxy(this.ctx, { sheet: ref, cf }));
  }
  get items(): SimConditionalFormatProxy[] {
    return this.read<SimConditionalFormatProxy[]>('items');
  }
  add(type: 'Custom' | 'ColorScale'): SimConditionalFormatProxy {
    const holder: CfHolder = { sheet: this.range.worksheet.ref, cf: undefined };
    this.range.onSync((sheet, b) => {
      if (type !== 'Custom' && type !== 'ColorScale')
        throw new SimulatedOfficeError(
          'InvalidArgument',
          `Conditional format type "${String(type)}" is not simulated.`,
        );
      const state = this.ctx.state;
      const cf: SimConditionalFormat = { id: state.nextId++, range: boxA1(b), type };
      // Excel puts a new rule first (highest priority).
      sheet.conditionalFormats.unshift(cf);
      holder.cf = cf;
    });
    return new SimConditionalFormatProxy(this.ctx, holder);
  }
  clearAll(): void {
    this.range.onSync((sheet, b) => {
      sheet.conditionalFormats = sheet.conditionalFormats.filter((cf) => !cfRanges(cf).some((x) => intersects(x, b)));
    });
  }
}

export class SimConditionalFormatProxy extends SimProxy {
  readonly custom: SimCustomFormat;
  readonly colorScale: SimColorScaleFormat;
  readonly customOrNullObject: SimCustomFormat;
  readonly colorScaleOrNullObject: SimColorScaleFormat;

  constructor(
    ctx: SimRequestContext,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
    this.custom = new SimCustomFormat(ctx, holder, false);
    this.customOrNullObject = new SimCustomFormat(ctx, holder, true);
    this.colorScale = new SimColorScaleFormat(ctx, holder, false);
    this.colorScaleOrNullObject = new SimColorScaleFormat(ctx, holder, true);
  }
  protected present(): boolean {
    return cfNow(this.holder) !== undefined;
  }
  protected scalars(): Record<string, () => unknown> {
    const now = cfNow(this.holder);
    return {
      type: () => now?.cf.type,
      id: () => String(now?.cf.id),
      priority: () => (now ? now.sheet.conditionalFormats.indexOf(now.cf) : -1),
    };
  }
  protected child(name: string): SimProxy | null {
    switch (name) {
      case 'custom':
        return this.custom;
      case 'customOrNullObject':
        return this.customOrNullObject;
      case 'colorScale':
        return this.colorScale;
      case 'colorScaleOrNullObject':
        return this.colorScaleOrNullObject;
      default:
        return null;
    }
  }
  get type(): string {
    return this.read<string>('type');
  }
  get priority(): number {
    return this.read<number>('priority');
  }
  delete(): void {
    this.ctx.queue(() => {
      const now = cfNow(this.holder);
      if (now === undefined) throw this.missing();
      if (now.sheet.protected) throw new SimulatedOfficeError('AccessDenied', 'The sheet is protected.');
      now.sheet.conditionalFormats.splice(now.sheet.conditionalFormats.indexOf(now.cf), 1);
    });
  }
  private rangeOf(nullable: boolean): SimRange {
    const ws = new SimWorksheet(this.ctx, this.holder.sheet);
    return new SimRange(
      this.ctx,
      ws,
      () => {
        const now = cfNow(this.holder);
        if (now === undefined) return null;
        const boxes = cfRanges(now.cf);
        if (boxes.length !== 1) {
          if (nullable) return null;
          throw new SimulatedOfficeError('InvalidOperation', 'The conditional format applies to more than one range.');
        }
        return boxes[0];
      },
      nullable,
    );
  }
  getRange(): SimRange {
    return this.rangeOf(false);
  }
  getRangeOrNullObject(): SimRange {
    return this.rangeOf(true);
  }
}

/** Part of a conditional format that exists only for one type (`custom`, `colorScale`). */
abstract class SimTypedPart extends SimProxy {
  protected readonly nullable: boolean;
  protected abstract readonly kind: SimConditionalFormat['type'];

  constructor(
    ctx: SimRequestContext,
    protected readonly holder: CfHolder,
    nullable: boolean,
  ) {
    super(ctx);
    this.nullable = nullable;
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === this.kind;
  }
  protected missing(): SimulatedOfficeError {
    return new SimulatedOfficeError('InvalidOperation', `The conditional format is not of type ${this.kind}.`);
  }
  /** At sync: the rule, writable. */
  protected edit(bytes: number, change: (cf: SimConditionalFormat) => void): void {
    this.ctx.queue(() => {
      const now = cfNow(this.holder);
      if (now === undefined || now.cf.type !== this.kind) throw this.missing();
      if (now.sheet.protected) throw new SimulatedOfficeError('AccessDenied', 'The sheet is protected.');
      change(now.cf);
    }, bytes);
  }
  editRule(bytes: number, change: (cf: SimConditionalFormat) => void): void {
    this.edit(bytes, change);
  }
}

export class SimCustomFormat extends SimTypedPart {
  protected readonly kind = 'Custom' as const;
  readonly rule: SimCustomRule;
  readonly format: SimCustomFormatStyle;
  constructor(ctx: SimRequestContext, holder: CfHolder, nullable: boolean) {
    super(ctx, holder, nullable);
    this.rule = new SimCustomRule(ctx, this, holder);
    this.format = new SimCustomFormatStyle(ctx, this, holder);
  }
  protected child(name: string): SimProxy | null {
    return name === 'rule' ? this.rule : name === 'format' ? this.format : null;
  }
}

export class SimCustomRule extends SimProxy {
  constructor(
    ctx: SimRequestContext,
    private readonly part: SimCustomFormat,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === 'Custom';
  }
  protected scalars(): Record<string, () => unknown> {
    return { formula: () => cfNow(this.holder)?.cf.formula ?? '' };
  }
  get formula(): string {
    return this.read<string>('formula');
  }
  set formula(f: string) {
    this.remember('formula', f);
    this.part.editRule(jsonLength(f), (cf) => {
      cf.formula = f;
    });
  }
}

export class SimCustomFormatStyle extends SimProxy {
  readonly fill: { color: string };
  readonly font: { color: string };
  constructor(
    ctx: SimRequestContext,
    part: SimCustomFormat,
    private readonly holder: CfHolder,
  ) {
    super(ctx);
    const setter = (key: 'fill' | 'fontColor') => (color: string) =>
      part.editRule(jsonLength(color), (cf) => {
        cf[key] = color.toUpperCase();
      });
    const fill = setter('fill');
    const font = setter('fontColor');
    this.fill = {
      set color(c: string) {
        fill(c);
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
    };
    this.font = {
      set color(c: string) {
        font(c);
      },
      get color(): string {
        throw propertyNotLoaded('color');
      },
    };
  }
  protected present(): boolean {
    return cfNow(this.holder)?.cf.type === 'Custom';
  }
}

export class SimColorScaleFormat extends SimTypedPart {
  protected readonly kind = 'ColorScale' as const;
  protected scalars(): Record<string, () => unknown> {
    return { criteria: () => structuredCloneCriteria(cfNow(this.holder)?.cf.criteria) };
  }
  get criteria(): SimConditionalFormat['criteria'] {
    return this.read<SimConditionalFormat['criteria']>('criteria');
  }
  set criteria(c: SimConditionalFormat['criteria']) {
    this.remember('criteria', c);
    this.edit(jsonLength(c), (cf) => {
      cf.criteria = structuredCloneCriteria(c);
    });
  }
}

function structuredCloneCriteria(c: SimConditionalFormat['criteria']): SimConditionalFormat['criteria'] {
  if (c === undefined) return undefined;
  const one = (x: SimColorCriterion | undefined): SimColorCriterion | undefined =>
    x === undefined
      ? undefined
      : {
          type: x.type,
          ...(x.formula !== undefined ? { formula: x.formula } : {}),
          ...(x.color !== undefined ? { color: x.color.toUpperCase() } : {}),
        };
  const out: NonNullable<SimConditionalFormat['criteria']> = {};
  const min = one(c.minimum);
  const mid = one(c.midpoint);
  const max = one(c.maximum);
  if (min) out.minimum = min;
  if (mid) out.midpoint = mid;
  if (max) out.maximum = max;
  return out;
}
