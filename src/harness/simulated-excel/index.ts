// A simulated Excel host: the subset of the Excel JavaScript API the add-in's Office.js adapter uses, with
// its semantics (queued calls run at sync, load-before-read, null objects, the request payload limit of
// Excel on the web, protected sheets refusing writes), over a plain workbook model.
// Pure TypeScript, no Node API: the dev harness runs it in a browser; tests run it under jest.
import type { WorkbookSnapshot } from '../../core/types';
import { SimRequestContext, type SimHost } from './proxies';
import { exportState, snapshotFromState, stateFromSnapshot, type SimSheetExport, type SimWorkbookState } from './model';

export { SimulatedOfficeError, type SimErrorCode } from './errors';
export type { SimCell, SimConditionalFormat, SimSheet, SimSheetExport, SimStyle, SimWorkbookState } from './model';
export { exportState, snapshotFromState, stateFromSnapshot } from './model';

/** Excel on the web refuses a request or response larger than 5 MB. */
export const EXCEL_WEB_PAYLOAD_LIMIT = 5 * 1024 * 1024;

export interface SimulatedExcelOptions {
  /** Most bytes one request (or its response) may carry; default 5 MB. */
  payloadLimit?: number;
}

/** The namespace-like object code calls as `Excel`: `run` and the enums the adapter needs. */
export interface SimulatedExcelNamespace {
  run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T>;
  SheetVisibility: { visible: 'Visible'; hidden: 'Hidden'; veryHidden: 'VeryHidden' };
  ConditionalFormatType: { custom: 'Custom'; colorScale: 'ColorScale' };
  ConditionalFormatColorCriterionType: { lowestValue: 'LowestValue'; highestValue: 'HighestValue'; percentile: 'Percentile' };
  ErrorCodes: { propertyNotLoaded: 'PropertyNotLoaded'; accessDenied: 'AccessDenied'; itemNotFound: 'ItemNotFound'; requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded' };
}

export interface SimulatedExcel {
  Excel: SimulatedExcelNamespace;
  /** The live workbook model (change it directly to set up a test, e.g. protect a sheet). */
  state: SimWorkbookState;
  /** A context outside `Excel.run`, for tests that drive the adapter directly. */
  newContext(): Excel.RequestContext;
  /** `context.sync()` calls since creation or the last reset. */
  syncCount(): number;
  /** Bytes per sync, in order. */
  requests(): { requestBytes: number; responseBytes: number; failed: boolean }[];
  /** Syncs that ran with calculation suspended. */
  suspendedSyncs(): number;
  resetCounters(): void;
  setPayloadLimit(bytes: number): void;
  snapshot(): WorkbookSnapshot;
  exportSheets(): SimSheetExport[];
}

export function createSimulatedExcel(initial: WorkbookSnapshot | SimWorkbookState = { sheets: [{ name: 'Sheet1', rows: [] }] }, options: SimulatedExcelOptions = {}): SimulatedExcel {
  const state = 'nextId' in initial ? initial : stateFromSnapshot(initial);
  const host: SimHost = { state, payloadLimit: options.payloadLimit ?? EXCEL_WEB_PAYLOAD_LIMIT, syncs: 0, requests: [], suspendedSyncs: 0 };
  // The one place the simulation is presented as Office's type: the adapter is typed against Office.js.
  const newContext = (): Excel.RequestContext => new SimRequestContext(host) as unknown as Excel.RequestContext;
  const Excel: SimulatedExcelNamespace = {
    async run<T>(batch: (context: Excel.RequestContext) => Promise<T>): Promise<T> {
      return batch(newContext());
    },
    SheetVisibility: { visible: 'Visible', hidden: 'Hidden', veryHidden: 'VeryHidden' },
    ConditionalFormatType: { custom: 'Custom', colorScale: 'ColorScale' },
    ConditionalFormatColorCriterionType: { lowestValue: 'LowestValue', highestValue: 'HighestValue', percentile: 'Percentile' },
    ErrorCodes: { propertyNotLoaded: 'PropertyNotLoaded', accessDenied: 'AccessDenied', itemNotFound: 'ItemNotFound', requestPayloadSizeLimitExceeded: 'RequestPayloadSizeLimitExceeded' },
  };
  return {
    Excel,
    state,
    newContext,
    syncCount: () => host.syncs,
    requests: () => host.requests.map((r) => ({ ...r })),
    suspendedSyncs: () => host.suspendedSyncs,
    resetCounters: () => {
      host.syncs = 0;
      host.requests = [];
      host.suspendedSyncs = 0;
    },
    setPayloadLimit: (bytes: number) => {
      host.payloadLimit = bytes;
    },
    snapshot: () => snapshotFromState(state),
    exportSheets: () => exportState(state),
  };
}
