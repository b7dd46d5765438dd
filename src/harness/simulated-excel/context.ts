// The simulated request context: every call on a proxy is queued and carried out, in order, at `sync()`, which
// enforces the request and response payload limits and counts what the tests read through createSimulatedExcel.
import { REQUEST_OP_OVERHEAD_BYTES } from '../../core/excel-limits';
import {
  generalException,
  payloadLimitError,
  SimulatedOfficeError,
  type SimErrorCode,
  type SimMessageLanguage,
} from './errors';
import type { SimWorkbookState } from './model';
import { SimWorkbook, type SimApplication } from './worksheets';

/** An action carried out at sync; it may return a commit run once the whole request succeeded. */
type Action = () => (() => void) | void;

/** Faults a test injects, each as Excel has been seen to fail (off by default). */
export interface SimFaults {
  /** A request over the payload limit is answered with a plain GeneralException, as Excel on the web has. */
  oversizeAsGeneralException?: boolean;
  /** A request over this many bytes fails with GeneralException (Excel on the web under load), under the limit. */
  generalExceptionAbove?: number;
  /** More than MAX_MERGED_AREAS merged areas come back as a null object instead of an error. */
  mergedAreasOverLimitAsNull?: boolean;
  /** Calls that fail when they run, by name (`freezePanes`, `calculate`), with this code. */
  failing?: Partial<Record<'freezePanes' | 'calculate', SimErrorCode>>;
  /** Formulas as read back (`=…`): e.g. with `_xlfn.` prefixes, as an older Excel gives them. */
  readFormula?: (formula: string) => string;
}

/** One sync as the host saw it. */
export interface SimRequestRecord {
  requestBytes: number;
  responseBytes: number;
  failed: boolean;
  /** `application.calculate` calls carried out. */
  calculations: number;
  /** Ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  suspended: boolean;
}

/** What the host counts; tests read it through createSimulatedExcel. */
export interface SimHost {
  state: SimWorkbookState;
  /** Most bytes (JSON length of the values sent or returned) one request may carry. */
  payloadLimit: number;
  syncs: number;
  /** Per sync: bytes sent (values, formulas, formats written) and returned (properties loaded), recalculations run. */
  requests: SimRequestRecord[];
  /** Syncs that ran with calculation suspended (suspendApiCalculationUntilNextSync). */
  suspendedSyncs: number;
  /** `application.calculate` calls carried out (the simulation has no calculation engine: they are counted). */
  calculations: number;
  /** Language of error messages (Office translates them; codes stay the same). */
  language: SimMessageLanguage;
  faults: SimFaults;
  /** The newest ExcelApi requirement set the host supports (`1.13`): later methods fail with ApiNotFound. */
  excelApi: string;
}

/** Whether a host supporting ExcelApi `supported` supports `version` (as `isSetSupported` answers). */
export function excelApiSupports(supported: string, version: string): boolean {
  const [major, minor] = supported.split('.').map(Number);
  const [wantMajor, wantMinor] = version.split('.').map(Number);
  return wantMajor < major || (wantMajor === major && (wantMinor ?? 0) <= (minor ?? 0));
}

export class SimRequestContext {
  private actions: Action[] = [];
  /** Work the host starts when a call is queued (a file to parse) and finishes before the request runs. */
  private preparing: Promise<unknown>[] = [];
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

  /** Queues a call; a request costs its values' bytes (UTF-8 JSON) and REQUEST_OP_OVERHEAD_BYTES per call. */
  queue(action: Action, bytes = 0): void {
    this.actions.push(action);
    this.requestBytes += bytes + REQUEST_OP_OVERHEAD_BYTES;
  }

  /** At sync: throws the fault a test injected for the call `name`, if any. */
  fault(name: keyof NonNullable<SimFaults['failing']>): void {
    const code = this.host.faults.failing?.[name];
    if (code !== undefined) throw new SimulatedOfficeError(code, `${name} failed (injected fault).`);
  }

  /** At sync: refuses a method of a requirement set the host does not support, as Excel does. */
  requires(set: string, method: string): void {
    if (!excelApiSupports(this.host.excelApi, set))
      throw new SimulatedOfficeError(
        'ApiNotFound',
        `The API you are trying to use could not be found (${method}, ExcelApi ${set}). It may be available in a newer version of Excel.`,
      );
  }

  /** Starts work the request needs before it runs (awaited at sync; its failure is the call's to report). */
  prepare(work: Promise<unknown>): void {
    this.preparing.push(work.catch(() => undefined));
  }

  suspendCalculation(): void {
    this.suspended = true;
  }

  async sync(): Promise<void> {
    const preparing = this.preparing;
    this.preparing = [];
    await Promise.all(preparing);
    const actions = this.actions;
    const requestBytes = this.requestBytes;
    const suspended = this.suspended;
    this.actions = [];
    this.requestBytes = 0;
    this.suspended = false;
    this.responseBytes = 0;
    this.calculations = 0;
    this.host.syncs++;
    const record: SimRequestRecord = { requestBytes, responseBytes: 0, failed: true, calculations: 0, suspended };
    this.host.requests.push(record);
    // Too much sent: Excel refuses the request before running any of it (on the web, at times, as a plain
    // GeneralException).
    const faults = this.host.faults;
    if (requestBytes > this.host.payloadLimit) {
      if (faults.oversizeAsGeneralException === true) throw generalException();
      throw payloadLimitError('request', requestBytes, this.host.payloadLimit, this.host.language);
    }
    if (faults.generalExceptionAbove !== undefined && requestBytes > faults.generalExceptionAbove)
      throw generalException();
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
    if (this.responseBytes > this.host.payloadLimit) {
      if (faults.oversizeAsGeneralException === true) throw generalException();
      throw payloadLimitError('response', this.responseBytes, this.host.payloadLimit, this.host.language);
    }
    for (const commit of commits) commit();
    record.failed = false;
  }
}
