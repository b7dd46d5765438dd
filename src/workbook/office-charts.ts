// The Office.js adapter's charts (office-write-steps dispatches here): a PlanChart as `worksheet.charts.add`
// on its first series' cells, the other series added and pointed at their cells (ExcelApi 1.7), categories,
// colours, axis bounds, bars over each other (overlap, ExcelApi 1.8) and the first category on top.
import type { PlanChart } from '../core/plan-types';
import { cellAddress } from '../core/address';

/** `'Sheet'!$B$5:$B$12` as the sheet's name and the address within it. */
function split(ref: string): { sheet: string; address: string } {
  const at = ref.lastIndexOf('!');
  const sheet = ref.slice(0, at);
  return {
    sheet: sheet.startsWith("'") ? sheet.slice(1, -1).replace(/''/g, "'") : sheet,
    address: ref.slice(at + 1).replace(/\$/g, ''),
  };
}

/** Queues the chart on `sheet` (no sync). */
export function queueChart(context: Excel.RequestContext, sheet: string, chart: PlanChart): void {
  const range = (ref: string) => {
    const { sheet: name, address } = split(ref);
    return context.workbook.worksheets.getItem(name).getRange(address);
  };
  const [first, ...rest] = chart.series;
  const c = context.workbook.worksheets
    .getItem(sheet)
    .charts.add('BarClustered' as Excel.ChartType, range(first.values), 'Columns' as Excel.ChartSeriesBy);
  c.title.text = chart.title;
  // The series may be hidden helper columns: plotted all the same (ExcelApi 1.8).
  c.plotVisibleOnly = false;
  c.setPosition(cellAddress(chart.from.row, chart.from.col), cellAddress(chart.to.row, chart.to.col));
  const categories = range(chart.categories);
  const style = (s: Excel.ChartSeries, spec: PlanChart['series'][number]) => {
    s.name = spec.name;
    s.setXAxisValues(categories);
    s.format.fill.setSolidColor(`#${spec.color}`);
    s.hasDataLabels = true;
  };
  style(c.series.getItemAt(0), first);
  for (const spec of rest) {
    const s = c.series.add(spec.name);
    s.setValues(range(spec.values));
    style(s, spec);
  }
  if (chart.overlap) c.series.getItemAt(0).overlap = 100;
  c.axes.categoryAxis.reversePlotOrder = true;
  if (chart.min !== undefined) c.axes.valueAxis.minimum = chart.min;
  if (chart.max !== undefined) c.axes.valueAxis.maximum = chart.max;
  c.legend.visible = chart.series.length > 1;
  if (chart.series.length > 1) c.legend.position = 'Bottom' as Excel.ChartLegendPosition;
}
