// The pane's state: the snapshot last read, its analysis, the settings edited in the pane, the long step
// under way and the last error. Screens share one session; only one long step runs at a time.
import { useCallback, useRef, useState } from 'react';
import { analyzeWorkbook } from '../core/analyze';
import type { WritePlan } from '../core/plan-types';
import type { Analysis, Settings, WorkbookSnapshot } from '../core/types';
import { toUiMessage, type UiMessage } from './errors';
import type { WorkbookHost } from './host';
import { yieldToBrowser } from './yield';

export interface Progress {
  step: 'read' | 'analyze' | 'write';
  done: number;
  total: number;
}

export interface Session {
  snapshot: WorkbookSnapshot | null;
  analysis: Analysis | null;
  overrides: Partial<Settings> | null;
  progress: Progress | null;
  busy: boolean;
  error: UiMessage | null;
  notice: UiMessage | null;
  /** Reads and analyzes the workbook; `overrides` (when given, null = none) replaces the pane's settings. */
  check(overrides?: Partial<Settings> | null): Promise<boolean>;
  /** Reads the workbook without analyzing it (to plan a removal on what is there now). */
  readFresh(): Promise<WorkbookSnapshot | null>;
  /** Applies a plan, says `done` when it worked, then reads the workbook again so later plans see the write. */
  write(plan: WritePlan, done: UiMessage): Promise<boolean>;
  selectCell(sheet: string, cell: string | null): Promise<void>;
  clearError(): void;
  clearNotice(): void;
}

export function useSession(host: WorkbookHost): Session {
  const [snapshot, setSnapshot] = useState<WorkbookSnapshot | null>(null);
  const [analysis, setAnalysis] = useState<Analysis | null>(null);
  const [overrides, setOverrides] = useState<Partial<Settings> | null>(null);
  const [progress, setProgress] = useState<Progress | null>(null);
  const [error, setError] = useState<UiMessage | null>(null);
  const [notice, setNotice] = useState<UiMessage | null>(null);
  const busyRef = useRef(false);
  const overridesRef = useRef<Partial<Settings> | null>(null);

  /** Runs one long step; refuses a second one while the first runs; every failure ends in the error bar. */
  const run = useCallback(async <T>(work: () => Promise<T>): Promise<T | null> => {
    if (busyRef.current) return null;
    busyRef.current = true;
    setError(null);
    setNotice(null);
    try {
      return await work();
    } catch (e) {
      setError(toUiMessage(e));
      return null;
    } finally {
      busyRef.current = false;
      setProgress(null);
    }
  }, []);

  const read = useCallback(async (): Promise<WorkbookSnapshot> => {
    setProgress({ step: 'read', done: 0, total: 0 });
    await yieldToBrowser();
    const snap = await host.readSnapshot((done, total) => setProgress({ step: 'read', done, total }));
    setSnapshot(snap);
    await yieldToBrowser();
    return snap;
  }, [host]);

  const readAndAnalyze = useCallback(async (): Promise<true> => {
    const snap = await read();
    setProgress({ step: 'analyze', done: 0, total: 0 });
    await yieldToBrowser();
    const settings = overridesRef.current ?? undefined;
    const result = analyzeWorkbook(snap, settings ? { settings } : {});
    setAnalysis(result);
    await yieldToBrowser();
    return true;
  }, [read]);

  const check = useCallback(
    async (next?: Partial<Settings> | null): Promise<boolean> => {
      if (next !== undefined && !busyRef.current) {
        overridesRef.current = next;
        setOverrides(next);
      }
      return (await run(readAndAnalyze)) === true;
    },
    [run, readAndAnalyze],
  );

  const readFresh = useCallback(() => run(read), [run, read]);

  const write = useCallback(
    async (plan: WritePlan, done: UiMessage): Promise<boolean> => {
      const ok = await run(async () => {
        setProgress({ step: 'write', done: 0, total: plan.ops.length });
        await yieldToBrowser();
        await host.apply(plan, (d, total) => setProgress({ step: 'write', done: d, total }));
        setNotice(done);
        await yieldToBrowser();
        // The workbook changed: read it again so the next plan replaces (not duplicates) what was written.
        return readAndAnalyze();
      });
      return ok === true;
    },
    [run, host, readAndAnalyze],
  );

  const selectCell = useCallback(
    async (sheet: string, cell: string | null) => {
      try {
        await host.selectCell(sheet, cell);
      } catch (e) {
        setError(toUiMessage(e));
      }
    },
    [host],
  );

  return {
    snapshot,
    analysis,
    overrides,
    progress,
    busy: progress !== null,
    error,
    notice,
    check,
    readFresh,
    write,
    selectCell,
    clearError: useCallback(() => setError(null), []),
    clearNotice: useCallback(() => setNotice(null), []),
  };
}
