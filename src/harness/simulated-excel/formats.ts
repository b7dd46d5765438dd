// Simulated proxies: a range's format (alignment, wrap, column width), font, fill and borders.
import type { SimRequestContext } from './context';
import { SimulatedOfficeError } from './errors';
import { cellKey, type SimStyle } from './model';
import { pageLayoutOf, setRowHeights } from './page-layout';
import { SimProxy } from './proxy';
import type { SimRange } from './ranges';

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
      rowHeight: () => {
        const b = this.range.boxNow();
        return b === null ? 0 : (pageLayoutOf(this.range.sheetNow()).rowHeights.get(b.top) ?? 15);
      },
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
  get rowHeight(): number {
    return this.read<number>('rowHeight');
  }
  set rowHeight(points: number) {
    this.range.onSync((sheet, b) => setRowHeights(sheet, b.top, b.bottom, points));
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
