// Simulated proxies: the workbook, the application, the worksheets (and their protection and frozen panes).
import type { RangeBox } from '../../core/address';
import {
  MAX_COLUMNS,
  MAX_RANGE_AREAS_ADDRESS_LENGTH,
  MAX_ROWS,
  MAX_SHEET_NAME_LENGTH,
  RESERVED_SHEET_NAME,
  SHEET_NAME_FORBIDDEN,
} from '../../core/excel-limits';
import type { SimRequestContext } from './context';
import { generalException, propertyNotLoaded, SimulatedOfficeError } from './errors';
import { insertSourceSheets, readSourceSheets, type SourceSheets } from './insert-sheets';
import { keyCol, keyRow, newSheet, parseA1, type SimSheet, type SimVisibility, type SimWorkbookState } from './model';
import { SimChartCollection } from './charts';
import { SimPageBreakCollection, SimPageLayout } from './page-layout';
import { SimProxy } from './proxy';
import { SimRange, SimRangeAreas } from './ranges';

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
      this.ctx.fault('calculate');
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

  /**
   * Inserts sheets of another workbook (ExcelApi 1.13; see insert-sheets.ts). `positionType` other than `End`
   * (the default) is not simulated: refused rather than done otherwise.
   */
  insertWorksheetsFromBase64(
    base64File: string,
    options: { sheetNamesToInsert?: string[]; positionType?: string; relativeTo?: unknown } = {},
  ): { readonly value: string[] } {
    const ctx = this.ctx;
    let source: SourceSheets | null = null;
    let failure: unknown = null;
    ctx.prepare(
      readSourceSheets(base64File).then(
        (sheets) => (source = sheets),
        (err) => (failure = err),
      ),
    );
    let ids: string[] | null = null;
    ctx.queue(() => {
      ctx.requires('1.13', 'Workbook.insertWorksheetsFromBase64');
      if ((options.positionType ?? 'End') !== 'End' || options.relativeTo !== undefined)
        throw new SimulatedOfficeError('InvalidArgument', 'Only positionType "End" is simulated.');
      structureWritable(ctx.state);
      if (failure !== null || source === null) throw failure ?? generalException();
      const inserted = insertSourceSheets(ctx.state, source, options.sheetNamesToInsert ?? []);
      return () => {
        ids = inserted;
      };
    }, base64File.length);
    return {
      get value(): string[] {
        if (ids === null) throw propertyNotLoaded('value');
        return ids;
      },
    };
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

export type SheetRef = () => SimSheet | undefined;

/** The sheet named `key` (without case), or whose id it is (getItem takes either). */
function findSheet(state: SimWorkbookState, key: string): SimSheet | undefined {
  const lower = key.toLowerCase();
  return state.sheets.find((s) => s.name.toLowerCase() === lower || sheetId(s) === key);
}

const sheetId = (s: SimSheet): string => s.id ?? `{sheet-${s.name}}`;

function sheetNameError(name: string): string | null {
  if (name.trim() === '' || name.length > MAX_SHEET_NAME_LENGTH)
    return `The sheet name must be 1 to ${MAX_SHEET_NAME_LENGTH} characters long.`;
  if (SHEET_NAME_FORBIDDEN.test(name) || name.startsWith("'") || name.endsWith("'"))
    return 'The sheet name contains characters that are not allowed.';
  if (name.toLowerCase() === RESERVED_SHEET_NAME.toLowerCase()) return `The name "${RESERVED_SHEET_NAME}" is reserved.`;
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

export function sheetOrThrow(ref: SheetRef): SimSheet {
  const s = ref();
  if (s === undefined) throw new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
  return s;
}

export function writable(ref: SheetRef): SimSheet {
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
      this.ctx.fault('freezePanes');
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
      this.ctx.fault('freezePanes');
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
  readonly pageLayout: SimPageLayout;
  readonly horizontalPageBreaks: SimPageBreakCollection;
  readonly charts: SimChartCollection;
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
    this.pageLayout = new SimPageLayout(ctx, ref);
    this.horizontalPageBreaks = new SimPageBreakCollection(ctx, ref);
    this.charts = new SimChartCollection(ctx, ref);
  }
  protected present(): boolean {
    return this.ref() !== undefined;
  }
  protected scalars(): Record<string, () => unknown> {
    const s = sheetOrThrow(this.ref);
    return {
      name: () => s.name,
      id: () => sheetId(s),
      position: () => this.ctx.state.sheets.indexOf(s),
      visibility: () => s.visibility,
      tabColor: () => s.tabColor ?? '',
    };
  }
  protected child(name: string): SimProxy | null {
    return name === 'protection' ? this.protection : name === 'pageLayout' ? this.pageLayout : null;
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
      if (address === undefined) return { top: 0, left: 0, bottom: MAX_ROWS - 1, right: MAX_COLUMNS - 1 };
      const box = parseA1(address);
      if (box === null) throw new SimulatedOfficeError('InvalidArgument', `The address "${address}" is not valid.`);
      return box;
    });
  }
  /**
   * Areas of this sheet (ExcelApi 1.9) by a comma-separated address (`F7, F9:F12`). A part that is not an A1
   * range (a space is Excel's intersection operator, not a separator), an empty part, or an address longer than
   * MAX_RANGE_AREAS_ADDRESS_LENGTH is refused at sync, as Excel refuses it (InvalidArgument).
   */
  getRanges(address?: string): SimRangeAreas {
    return new SimRangeAreas(
      this.ctx,
      this,
      () => {
        const invalid = () =>
          new SimulatedOfficeError('InvalidArgument', 'The argument is invalid or missing or has an incorrect format.');
        if (typeof address !== 'string' || address.length > MAX_RANGE_AREAS_ADDRESS_LENGTH) throw invalid();
        return address.split(',').map((part) => {
          const box = part.trim() === '' ? null : parseA1(part);
          if (box === null) throw invalid();
          return box;
        });
      },
      false,
    );
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
