// Simulated charts: `worksheet.charts.add` and the parts of a chart the Office.js adapter sets (title,
// position, series with their values, categories and colours, axes, legend). Kept beside the sheet model (a
// WeakMap on the sheet), read in tests through `chartsOf`. What Excel refuses is refused: an unknown chart type,
// a range that does not exist, a position that is not a cell, a chart on a protected sheet.
import { parseAddress, quoteSheetName, rangeAddress } from '../../core/address';
import type { SimRequestContext } from './context';
import { SimulatedOfficeError } from './errors';
import type { SimSheet } from './model';
import type { SimRange } from './ranges';
import { writable, type SheetRef } from './worksheets';

export interface SimChartSeriesState {
  name: string;
  /** `'Sheet'!B5:B12`. */
  values: string;
  categories: string | null;
  color: string | null;
  dataLabels: boolean;
  overlap: number | null;
}

export interface SimChartState {
  type: string;
  title: string;
  /** Top-left and bottom-right cells. */
  position: { from: string; to: string } | null;
  series: SimChartSeriesState[];
  reversePlotOrder: boolean;
  plotVisibleOnly: boolean;
  minimum: number | null;
  maximum: number | null;
  legend: { visible: boolean; position: string };
}

const charts = new WeakMap<SimSheet, SimChartState[]>();

/** The charts on a sheet, in the order they were added. */
export function chartsOf(sheet: SimSheet): SimChartState[] {
  let list = charts.get(sheet);
  if (list === undefined) charts.set(sheet, (list = []));
  return list;
}

const TYPES = new Set(['BarClustered', 'BarStacked', 'ColumnClustered', 'ColumnStacked', 'Line', 'Pie']);
const invalid = (what: string) => new SimulatedOfficeError('InvalidArgument', `The argument is invalid (${what}).`);

/** A range's cells with their sheet, at sync. */
function refOf(range: SimRange): string {
  const box = range.boxNow();
  if (box === null) throw new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
  return `${quoteSheetName(range.sheetNow().name)}!${rangeAddress(box)}`;
}

type Target = () => SimChartState;

class SimChartSeries {
  readonly format: { fill: { setSolidColor: (color: string) => void } };
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly series: () => SimChartSeriesState,
  ) {
    this.format = {
      fill: {
        setSolidColor: (color: string) =>
          this.ctx.queue(() => {
            if (!/^#?[0-9A-Fa-f]{6}$/.test(color)) throw invalid(`colour ${color}`);
            this.series().color = color.replace(/^#/, '').toUpperCase();
          }),
      },
    };
  }
  set name(v: string) {
    this.ctx.queue(() => void (this.series().name = v));
  }
  set hasDataLabels(v: boolean) {
    this.ctx.queue(() => void (this.series().dataLabels = v));
  }
  set overlap(v: number) {
    this.ctx.queue(() => {
      if (!(v >= -100 && v <= 100)) throw invalid(`overlap ${v}`);
      this.series().overlap = v;
    });
  }
  setValues(range: SimRange): void {
    this.ctx.queue(() => void (this.series().values = refOf(range)));
  }
  setXAxisValues(range: SimRange): void {
    this.ctx.queue(() => void (this.series().categories = refOf(range)));
  }
}

class SimChartSeriesCollection {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly chart: Target,
  ) {}
  getItemAt(index: number): SimChartSeries {
    return new SimChartSeries(this.ctx, () => {
      const s = this.chart().series[index];
      if (s === undefined) throw new SimulatedOfficeError('ItemNotFound', 'The requested resource does not exist.');
      return s;
    });
  }
  add(name: string): SimChartSeries {
    let added: SimChartSeriesState | undefined;
    this.ctx.queue(() => {
      added = { name, values: '', categories: null, color: null, dataLabels: false, overlap: null };
      this.chart().series.push(added);
    });
    return new SimChartSeries(this.ctx, () => added as SimChartSeriesState);
  }
}

export class SimChart {
  readonly title: { text: string };
  readonly series: SimChartSeriesCollection;
  readonly axes: {
    categoryAxis: { reversePlotOrder: boolean };
    valueAxis: { minimum: number; maximum: number };
  };
  readonly legend: { visible: boolean; position: string };

  constructor(
    private readonly ctx: SimRequestContext,
    private readonly chart: Target,
  ) {
    const set = (edit: (c: SimChartState) => void) =>
      ctx.queue(() => {
        edit(chart());
      });
    this.series = new SimChartSeriesCollection(ctx, chart);
    this.title = {
      set text(v: string) {
        set((c) => (c.title = v));
      },
      get text(): string {
        throw new SimulatedOfficeError('PropertyNotLoaded', 'The property text is not available.');
      },
    };
    this.axes = {
      categoryAxis: {
        set reversePlotOrder(v: boolean) {
          set((c) => (c.reversePlotOrder = v));
        },
        get reversePlotOrder(): boolean {
          throw new SimulatedOfficeError('PropertyNotLoaded', 'The property is not available.');
        },
      },
      valueAxis: {
        set minimum(v: number) {
          set((c) => (c.minimum = v));
        },
        get minimum(): number {
          throw new SimulatedOfficeError('PropertyNotLoaded', 'The property is not available.');
        },
        set maximum(v: number) {
          set((c) => (c.maximum = v));
        },
        get maximum(): number {
          throw new SimulatedOfficeError('PropertyNotLoaded', 'The property is not available.');
        },
      },
    };
    this.legend = {
      set visible(v: boolean) {
        set((c) => (c.legend.visible = v));
      },
      get visible(): boolean {
        throw new SimulatedOfficeError('PropertyNotLoaded', 'The property is not available.');
      },
      set position(v: string) {
        set((c) => {
          if (!['Top', 'Bottom', 'Left', 'Right', 'Corner'].includes(v)) throw invalid(`legend ${v}`);
          c.legend.position = v;
        });
      },
      get position(): string {
        throw new SimulatedOfficeError('PropertyNotLoaded', 'The property is not available.');
      },
    };
  }

  set plotVisibleOnly(v: boolean) {
    this.ctx.queue(() => void (this.chart().plotVisibleOnly = v));
  }

  setPosition(startCell: string, endCell: string): void {
    this.ctx.queue(() => {
      if (parseAddress(startCell) === null || parseAddress(endCell) === null) throw invalid('chart position');
      this.chart().position = { from: startCell, to: endCell };
    });
  }
}

export class SimChartCollection {
  constructor(
    private readonly ctx: SimRequestContext,
    private readonly sheet: SheetRef,
  ) {}

  add(type: string, sourceData: SimRange, seriesBy?: string): SimChart {
    let made: SimChartState | undefined;
    this.ctx.queue(() => {
      const sheet = writable(this.sheet);
      if (!TYPES.has(type)) throw invalid(`chart type ${type}`);
      if (seriesBy !== undefined && !['Auto', 'Columns', 'Rows'].includes(seriesBy)) throw invalid('seriesBy');
      made = {
        type,
        title: '',
        position: null,
        series: [
          { name: '', values: refOf(sourceData), categories: null, color: null, dataLabels: false, overlap: null },
        ],
        reversePlotOrder: false,
        plotVisibleOnly: true,
        minimum: null,
        maximum: null,
        legend: { visible: true, position: 'Right' },
      };
      chartsOf(sheet).push(made);
    });
    return new SimChart(this.ctx, () => made as SimChartState);
  }
}
