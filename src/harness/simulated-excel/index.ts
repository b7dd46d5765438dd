// A simulated Excel host: the subset of the Excel JavaScript API the add-in's Office.js adapter uses, with
// its semantics (queued calls run at sync, load-before-read, null objects, the request and response payload
// limits of Excel on the web, protected sheets refusing writes, a protected workbook structure refusing sheet
// changes, very hidden sheets refusing deletion, at most 512 merged areas returned), over a plain workbook model.
// Pure TypeScript, no Node API: the dev harness runs it in a browser; tests run it under jest.
import { EXCEL_WEB_PAYLOAD_LIMIT } from '../../core/excel-limits';
import type { WorkbookSnapshot } from '../../core/types';
import type { SimMessageLanguage } from './errors';
import { excelApiSupports, SimRequestContext, type SimFaults, type SimHost, type SimRequestRecord } from './proxies';
import { exportState, snapshotFromState, stateFromSnapshot, type SimSheetExport, type SimWorkbookState } from './model';

export { SimulatedOfficeError, type SimErrorCode, type SimMessageLanguage } from './errors';
export type { SimFaults, SimRequestRecord } from './context';
export { EXCEL_FUNCTIONS, formulaRefusal } from './functions';
export { EXCEL_WEB_PAYLOAD_LIMIT, MAX_MERGED_AREAS } from '../../core/excel-limits';
export type { SimCell, SimConditionalFormat, SimSheet, SimSheetExport, SimStyle, SimWorkbookState } from './model';
export { exportState, snapshotFromState, stateFromSnapshot } from './model';
export { pageLayoutOf, type SimPageLayoutState } from './page-layout';
export { chartsOf, type SimChartState, type SimChartSeriesState } from './charts';

export interface SimulatedExcelOptions {
  /** Most bytes one request (or its response) may carry; default 5 MB. */
  payloadLimit?: number;
  /** Language of error messages, as Office translates them (codes stay the same); default 'en'. */
  language?: SimMessageLanguage;
  /** Faults to inject (none by default); setFaults changes them later. */
  faults?: SimFaults;
  /** The newest ExcelApi requirement set the host supports; default `1.13` (all the simulation implements). */
  excelApi?: string;
}

/** The namespace-like object code calls as `Excel`: `run` and the enums the adapter needs. */
export interface SimulatedExcelNamespace {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  SheetVisibility: { visible: 'Visible'; hidden: 'Hidden'; veryHidden: 'VeryHidden' };
  ConditionalFormatType: { custom: 'Custom'; colorScale: 'ColorScale' };
  ConditionalFormatColorCriterionType: {
    lowestValue: 'LowestValue';
    highestValue: 'HighestValue';
    percentile: 'Percentile';
  };
  CalculationType: { recalculate: 'Recalculate'; full: 'Full'; fullRebuild: 'FullRebuild' };
  ErrorCodes: {
    propertyNotLoaded: 'PropertyNotLoaded';
    accessDenied: 'AccessDenied';
    itemNotFound: 'ItemNotFound';
    requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded';
    responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded';
  };
}

export interface SimulatedExcel {
  Excel: SimulatedExcelNamespace;
  /** The live workbook model (change it directly to set up a test, e.g. protect a sheet). */
  state: SimWorkbookState;
  /** A context outside `Excel.run`, for tests that drive the adapter directly. */
  newContext(): Excel.RequestContext;
  /** `context.sync()` calls since creation or the last reset. */
  syncCount(): number;
  /** Per sync, in order: bytes (UTF-8), whether it failed or ran suspended, the recalculations it carried out. */
  requests(): SimRequestRecord[];
  /** Syncs that ran with calculation suspended. */
  suspendedSyncs(): number;
  /** `application.calculate` calls carried out (a no-op here: the simulation has no calculation engine). */
  calculations(): number;
  resetCounters(): void;
  setPayloadLimit(bytes: number): void;
  setFaults(faults: SimFaults): void;
  snapshot(): WorkbookSnapshot;
  exportSheets(): SimSheetExport[];
  /** `Office.context.requirements.isSetSupported` of this host (only ExcelApi sets). */
  isSetSupported(name: string, version: string): boolean;
}

/** The newest ExcelApi set the simulation implements (merges, insertWorksheetsFromBase64: 1.13). */
export const SIMULATED_EXCEL_API = '1.13';

export function createSimulatedExcel(
  initial: WorkbookSnapshot | SimWorkbookState = { sheets: [{ name: 'Sheet1', rows: [] }] },
  options: SimulatedExcelOptions = {},
): SimulatedExcel {
  const state = 'nextId' in initial ? initial : stateFromSnapshot(initial);
  const host: SimHost = {
    state,
    payloadLimit: options.payloadLimit ?? EXCEL_WEB_PAYLOAD_LIMIT,
    syncs: 0,
    requests: [],
    suspendedSyncs: 0,
    calculations: 0,
    language: options.language ?? 'en',
    faults: options.faults ?? {},
    excelApi: options.excelApi ?? SIMULATED_EXCEL_API,
  };
  // The one place the simulation is presented as Office's type: the adapter is typed against Office.js.
  const newContext = (): Excel.RequestContext => new SimRequestContext(host) as unknown as Excel.RequestContext;
  const Excel: SimulatedExcelNamespace = {
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      return batch(newContext());
    },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    ConditionalFormatType: { custom: 'Custom', colorScale: 'ColorScale' },
    ConditionalFormatColorCriterionType: {
      lowestValue: 'LowestValue',
      highestValue: 'HighestValue',
      percentile: 'Percentile',
    },
    CalculationType: { recalculate: 'Recalculate', full: 'Full', fullRebuild: 'FullRebuild' },
    ErrorCodes: {
      propertyNotLoaded: 'PropertyNotLoaded',
      accessDenied: 'AccessDenied',
      itemNotFound: 'ItemNotFound',
      requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded',
      responsePayloadSizeLimitExceeded: 'ResponsePayloadSizeLimitExceeded',
    },
  };
  return {
    Excel,
    state,
    newContext,
    syncCount: () => host.syncs,
    requests: () => host.requests.map((r) => ({ ...r })),
    suspendedSyncs: () => host.suspendedSyncs,
    calculations: () => host.calculations,
    resetCounters: () => {
      host.syncs = 0;
      host.requests = [];
      host.suspendedSyncs = 0;
      host.calculations = 0;
    },
    setPayloadLimit: (bytes: number) => {
      host.payloadLimit = bytes;
    },
    setFaults: (faults: SimFaults) => {
      host.faults = faults;
    },
    snapshot: () => snapshotFromState(state),
    exportSheets: () => exportState(state),
    isSetSupported: (name: string, version: string) => name === 'ExcelApi' && excelApiSupports(host.excelApi, version),
  };
}
