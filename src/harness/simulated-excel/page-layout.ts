// Simulated print layout: a worksheet's `pageLayout` (orientation, paper, zoom, print titles, footers) and
// `horizontalPageBreaks` (ExcelApi 1.9), and row heights. Kept beside the sheet model (a WeakMap on the sheet),
// read in tests through `pageLayoutOf`. What Excel refuses is refused: an unknown orientation or paper, a
// scale outside 10–400, a footer over 255 characters, print titles that are not whole rows, a row height
// over 409 points, a change on a protected sheet.
import { MAX_HEADER_FOOTER_LENGTH, MAX_PAGE_BREAKS, MAX_ROW_HEIGHT, MAX_ROWS } from '../../core/excel-limits';
import type { SimRequestContext } from './context';
import { SimulatedOfficeError } from './errors';
import { parseA1, type SimSheet } from './model';
import { SimProxy } from './proxy';
import { sheetOrThrow, writable, type SheetRef } from './worksheets';

export interface SimPageLayoutState {
  orientation: 'Portrait' | 'Landscape';
  paperSize: string;
  zoom: { scale?: number; horizontalFitToPages?: number; verticalFitToPages?: number };
  centerHorizontally: boolean;
  /** Print title rows, 0-based inclusive; null when none. */
  titleRows: { first: number; last: number } | null;
  footer: { left: string; center: string; right: string };
  /** Rows (0-based) a manual page break starts, ascending. */
  rowBreaks: number[];
  /** Row heights in points, by 0-based row. */
  rowHeights: Map<number, number>;
}

const layouts = new WeakMap<SimSheet, SimPageLayoutState>();

/** The sheet's print layout (Excel's defaults until something is set). */
export function pageLayoutOf(sheet: SimSheet): SimPageLayoutState {
  let s = layouts.get(sheet);
  if (s === undefined) {
    s = {
      orientation: 'Portrait',
      paperSize: 'Letter',
      zoom: { scale: 100 },
      centerHorizontally: false,
      titleRows: null,
      footer: { left: '', center: '', right: '' },
      rowBreaks: [],
      rowHeights: new Map(),
    };
    layouts.set(sheet, s);
  }
  return s;
}

const PAPER = new Set(['A3', 'A4', 'A5', 'Letter', 'Legal', 'Tabloid', 'B4', 'B5']);
const invalid = (what: string) => new SimulatedOfficeError('InvalidArgument', `The argument is invalid (${what}).`);

/** Sets a row height (points) on rows top…bottom: the hook of `range.format.rowHeight`. */
export function setRowHeights(sheet: SimSheet, top: number, bottom: number, points: number): void {
  if (!Number.isFinite(points) || points < 0 || points > MAX_ROW_HEIGHT) throw invalid(`row height ${points}`);
  for (let r = top; r <= bottom; r++) pageLayoutOf(sheet).rowHeights.set(r, points);
}

class SimHeadersFooters {
  constructor(private readonly change: (edit: (s: SimPageLayoutState) => void) => void) {}
  private section(which: 'left' | 'center' | 'right', text: string): void {
    this.change((s) => {
      if (typeof text !== 'string' || text.length > MAX_HEADER_FOOTER_LENGTH) throw invalid('footer text');
      s.footer[which] = text;
    });
  }
  set leftFooter(text: string) {
    this.section('left', text);
  }
  set centerFooter(text: string) {
    this.section('center', text);
  }
  set rightFooter(text: string) {
    this.section('right', text);
  }
}

export class SimPageLayout extends SimProxy {
  readonly headersFooters: { defaultForAllPages: SimHeadersFooters };

  constructor(
    ctx: SimRequestContext,
    private readonly sheet: SheetRef,
  ) {
    super(ctx);
    this.headersFooters = { defaultForAllPages: new SimHeadersFooters((edit) => this.change(edit)) };
  }
  protected present(): boolean {
    return this.sheet() !== undefined;
  }
  private change(edit: (s: SimPageLayoutState) => void): void {
    this.ctx.queue(() => edit(pageLayoutOf(writable(this.sheet))));
  }
  protected scalars(): Record<string, () => unknown> {
    const s = () => pageLayoutOf(sheetOrThrow(this.sheet));
    return {
      orientation: () => s().orientation,
      paperSize: () => s().paperSize,
      zoom: () => ({ ...s().zoom }),
      centerHorizontally: () => s().centerHorizontally,
    };
  }
  get orientation(): string {
    return this.read<string>('orientation');
  }
  set orientation(v: string) {
    this.change((s) => {
      if (v !== 'Portrait' && v !== 'Landscape') throw invalid(`orientation ${v}`);
      s.orientation = v;
    });
  }
  get paperSize(): string {
    return this.read<string>('paperSize');
  }
  set paperSize(v: string) {
    this.change((s) => {
      if (!PAPER.has(v)) throw invalid(`paper ${v}`);
      s.paperSize = v;
    });
  }
  get zoom(): SimPageLayoutState['zoom'] {
    return this.read<SimPageLayoutState['zoom']>('zoom');
  }
  set zoom(v: SimPageLayoutState['zoom']) {
    this.change((s) => {
      const pages = (n: number | undefined) => n === undefined || (Number.isInteger(n) && n >= 0 && n <= 32767);
      if (v.scale !== undefined && !(v.scale >= 10 && v.scale <= 400)) throw invalid(`scale ${v.scale}`);
      if (!pages(v.horizontalFitToPages) || !pages(v.verticalFitToPages)) throw invalid('fit to pages');
      s.zoom = { ...v };
    });
  }
  get centerHorizontally(): boolean {
    return this.read<boolean>('centerHorizontally');
  }
  set centerHorizontally(v: boolean) {
    this.change((s) => {
      s.centerHorizontally = v === true;
    });
  }
  setPrintTitleRows(address: string): void {
    this.change((s) => {
      const box = parseA1(address);
      if (box === null || box.left !== 0 || !/^\$?\d+:\$?\d+$/.test(address.trim()))
        throw invalid(`print title rows ${address}`);
      s.titleRows = { first: box.top, last: box.bottom };
    });
  }
}

export class SimPageBreakCollection {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly sheet: SheetRef,
  ) {}
  /** A break above the top-left cell of the range. */
  add(range: string): void {
    this.ctx.queue(() => {
      const s = pageLayoutOf(writable(this.sheet));
      const box = parseA1(range);
      if (box === null || box.top === 0 || box.top >= MAX_ROWS) throw invalid(`page break at ${range}`);
      if (s.rowBreaks.length >= MAX_PAGE_BREAKS) throw invalid('too many page breaks');
      if (!s.rowBreaks.includes(box.top)) s.rowBreaks = [...s.rowBreaks, box.top].sort((a, b) => a - b);
    });
  }
}
