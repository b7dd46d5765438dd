// Simulated proxies: ranges, their values and formulas (parsed as Excel parses typed input), merges and
// selection, and range areas.
import type { RangeBox } from '../../core/address';
import { cellAddress } from '../../core/address';
import { MAX_MERGED_AREAS, MAX_RANGE_CELLS } from '../../core/excel-limits';
import { SimConditionalFormatCollection, type CfTarget } from './conditional-formats';
import type { SimRequestContext } from './context';
import { formulaRefusal } from './functions';
import { SimulatedOfficeError } from './errors';
import { SimRangeFormat } from './formats';
import {
  boxA1,
  cellKey,
  intersects,
  keyCol,
  keyRow,
  typeInput,
  type SimCell,
  type SimSheet,
  type SimStyle,
  type SimValue,
} from './model';
import { jsonLength, SimProxy } from './proxy';
import { sheetOrThrow, writable, type SimWorksheet } from './worksheets';

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

/** Cells of one range read or formatted at once: Excel's limit for reads, the simulation's for formats. */
const MAX_MATERIALIZED = MAX_RANGE_CELLS;

export class SimRange extends SimProxy implements CfTarget {
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
  boxesNow(): RangeBox[] | null {
    const b = this.boxNow();
    return b === null ? null : [b];
  }
  onSyncAreas(run: (sheet: SimSheet, boxes: RangeBox[]) => void): void {
    this.onSync((sheet, b) => run(sheet, [b]));
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
        `The range has more than ${MAX_RANGE_CELLS} cells: too large to read at once.`,
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
      formulas: () => {
        const read = this.ctx.host.faults.readFormula ?? ((f: string) => f);
        return this.grid((cell) => (cell?.formula != null ? read(`=${cell.formula}`) : displayValue(cell)));
      },
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
      if (typed.kind === 'formula') {
        const refused = formulaRefusal(typed.formula);
        if (refused !== null)
          throw new SimulatedOfficeError('InvalidArgument', `Cell ${cellAddress(r, c)}: ${refused}.`);
      }
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
        // Seen on some builds: a null object, as if there were none (SimFaults.mergedAreasOverLimitAsNull).
        if (this.ctx.host.faults.mergedAreasOverLimitAsNull === true) return [];
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

/**
 * Rectangles of one sheet: the merged areas of a range (a null object when there are none), or the areas of
 * `Worksheet.getRanges` (ExcelApi 1.9), whose conditional formats cover every area with one rule.
 */
export class SimRangeAreas extends SimProxy implements CfTarget {
  readonly areas: SimRangeCollection;
  readonly conditionalFormats: SimConditionalFormatCollection;
  protected readonly nullable: boolean;

  constructor(
    ctx: SimRequestContext,
    readonly worksheet: SimWorksheet,
    private readonly boxes: () => RangeBox[],
    nullable = true,
  ) {
    super(ctx);
    this.nullable = nullable;
    this.areas = new SimRangeCollection(ctx, worksheet, boxes);
    this.conditionalFormats = new SimConditionalFormatCollection(ctx, this);
  }
  protected present(): boolean {
    return this.worksheet.ref() !== undefined && this.boxes().length > 0;
  }
  boxesNow(): RangeBox[] | null {
    if (this.worksheet.ref() === undefined) return null;
    const boxes = this.boxes();
    return boxes.length > 0 ? boxes : null;
  }
  onSyncAreas(run: (sheet: SimSheet, boxes: RangeBox[]) => void): void {
    this.ctx.queue(() => {
      const boxes = this.boxesNow();
      if (boxes === null) throw this.missing();
      run(writable(this.worksheet.ref), boxes);
    });
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
    return name === 'areas' ? this.areas : name === 'conditionalFormats' ? this.conditionalFormats : null;
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
