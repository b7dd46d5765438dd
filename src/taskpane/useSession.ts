// The pane's state: the snapshot last read, its analysis, the settings edited in the pane, the long step
// under way and the last error. Screens share one session; only one long step runs at a time.
import { useCallback, useRef, useState } from 'react';
import { analyzeWorkbook } from '../core/analyze';
import { withPreviousRanks, type PreviousRank } from '../core/previous';
import type { WritePlan } from '../core/plan-types';
import type { Analysis, Settings, WorkbookSnapshot } from '../core/types';
import { toUiMessage, type UiMessage } from './errors';
import type { GatherSummary } from './gather-units';
import type { WorkbookHost } from './host';
import type { Activity } from './i18n';
import { yieldToBrowser } from './yield';

/**
 * The long step under way and how far it is, as a share: hosts count in their own units (cells read, write
 * requests), so the pane shows a share, never a count in a unit it cannot vouch for. Within one activity it
 * only grows, and stays within 0..1.
 */
export interface Progress {
  activity: Activity;
  /** null while the host has said nothing yet (or for a step that has no count). */
  fraction: number | null;
}

export type WriteActivity = Extract<Activity, 'write-results' | 'save-settings' | 'clean'>;

export interface WriteOptions {
  activity: WriteActivity;
  /** Read the workbook again with the pane's settings edits dropped (they were just saved to the sheet). */
  dropOverrides?: boolean;
}

/**
 * Last year's results file given in the pane: its name, and how many units have last year's rank (from the file
 * or, once results are written, from the settings sheet they were written to).
 */
export interface PreviousFile {
  file: string;
  ranked: number;
}

/** The next progress: a new activity starts afresh; the same one never goes back nor past its end. */
export function advance(prev: Progress | null, activity: Activity, done: number, total: number): Progress {
  const reported = total > 0 ? Math.min(1, Math.max(0, done / total)) : null;
  if (prev === null || prev.activity !== activity) return { activity, fraction: reported };
  if (reported === null) return prev;
  return { activity, fraction: Math.max(prev.fraction ?? 0, reported) };
}

export interface Session {
  snapshot: WorkbookSnapshot | null;
  analysis: Analysis | null;
  overrides: Partial<Settings> | null;
  /** Last year's ranks read from a file (`rank --previous` in the pane); applied to every analysis until dropped. */
  previous: PreviousFile | null;
  /** What the last gather of the units' files did (null before one). */
  gathered: GatherSummary | null;
  progress: Progress | null;
  busy: boolean;
  error: UiMessage | null;
  notice: UiMessage | null;
  /** Reads and analyzes the workbook; `overrides` (when given, null = none) replaces the pane's settings. */
  check(overrides?: Partial<Settings> | null): Promise<boolean>;
  /** Reads the workbook without analyzing it (to plan a removal on what is there now). */
  readFresh(): Promise<WorkbookSnapshot | null>;
  /**
   * Applies a plan, says `done` when it worked, then reads the workbook again so later plans see the write;
   * `done` stays shown through that re-read.
   */
  write(plan: WritePlan, done: UiMessage, options: WriteOptions): Promise<boolean>;
  /** Reads last year's results from a picked .xlsx and analyzes again with its ranks. */
  loadPrevious(file: File): Promise<boolean>;
  /** Gathers the units' picked workbooks into the open one (`gather`), then checks it again. */
  gatherFiles(files: readonly File[]): Promise<boolean>;
  /** Drops the ranks read from a file and analyzes again. */
  dropPrevious(): Promise<boolean>;
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
  const [previous, setPrevious] = useState<PreviousFile | null>(null);
  const [gathered, setGathered] = useState<GatherSummary | null>(null);
  const previousRef = useRef<{ file: string; entries: PreviousRank[] } | null>(null);

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

  const track = useCallback((activity: Activity) => {
    setProgress((prev) => advance(prev, activity, 0, 0));
    return (done: number, total: number) => setProgress((prev) => advance(prev, activity, done, total));
  }, []);

  const read = useCallback(
    async (activity: Activity = 'read'): Promise<WorkbookSnapshot> => {
      const report = track(activity);
      await yieldToBrowser();
      const snap = await host.readSnapshot(report);
      setSnapshot(snap);
      await yieldToBrowser();
      return snap;
    },
    [host, track],
  );

  const readAndAnalyze = useCallback(
    async (activity: Activity = 'read'): Promise<true> => {
      const snap = await read(activity);
      track('analyze');
      await yieldToBrowser();
      const settings = overridesRef.current ?? undefined;
      const options = settings ? { settings } : {};
      const base = analyzeWorkbook(snap, options);
      const last = previousRef.current;
      if (last) {
        const result = withPreviousRanks(snap, base, last.entries, last.file, options);
        const ranked = result.blocks.flatMap((b) => b.units).filter((u) => u.lastYearRank !== null).length;
        setPrevious({ file: last.file, ranked });
        setAnalysis(result);
      } else setAnalysis(base);
      await yieldToBrowser();
      return true;
    },
    [read, track],
  );

  const check = useCallback(
    async (next?: Partial<Settings> | null): Promise<boolean> => {
      if (next !== undefined && !busyRef.current) {
        overridesRef.current = next;
        setOverrides(next);
      }
      return (await run(() => readAndAnalyze())) === true;
    },
    [run, readAndAnalyze],
  );

  const readFresh = useCallback(() => run(() => read()), [run, read]);

  const write = useCallback(
    async (plan: WritePlan, done: UiMessage, options: WriteOptions): Promise<boolean> => {
      const ok = await run(async () => {
        const report = track(options.activity);
        await yieldToBrowser();
        const outcome = await host.apply(plan, report);
        setNotice(outcome.warnings.length > 0 ? { ...done, warnings: outcome.warnings } : done);
        if (options.dropOverrides) {
          overridesRef.current = null;
          setOverrides(null);
        }
        await yieldToBrowser();
        // The workbook changed: read it again so the next plan replaces (not duplicates) what was written.
        // Inside the same run, so the notice just set is not cleared by it.
        return readAndAnalyze('reread');
      });
      return ok === true;
    },
    [run, host, track, readAndAnalyze],
  );

  const loadPrevious = useCallback(
    async (file: File): Promise<boolean> =>
      (await run(async () => {
        track('read-previous');
        // ExcelJS comes with this module: a chunk of its own, fetched only now.
        const { fileBytes, readPreviousFile } = await import(/* webpackChunkName: "previous-file" */ './previous-file');
        const entries = await readPreviousFile(await fileBytes(file), file.name);
        previousRef.current = { file: file.name, entries };
        return readAndAnalyze();
      })) === true,
    [run, track, readAndAnalyze],
  );

  const gatherFiles = useCallback(
    async (files: readonly File[]): Promise<boolean> =>
      (await run(async () => {
        const reading = track('read-units');
        // ExcelJS comes with this module: a chunk of its own, fetched only now.
        const { pickedFile, readUnitFiles } = await import(/* webpackChunkName: "unit-files" */ './unit-files');
        const units = await readUnitFiles(await Promise.all(files.map(pickedFile)), reading);
        const { gatherUnits } = await import(/* webpackChunkName: "gather-units" */ './gather-units');
        const summary = await gatherUnits(host, units, overridesRef.current ?? undefined, track('gather'));
        setGathered(summary);
        const done = { vi: 'Đã thu thập bảng tự chấm của các đơn vị', en: "The units' score workbooks were gathered" };
        setNotice(summary.warnings.length > 0 ? { ...done, warnings: summary.warnings } : done);
        await yieldToBrowser();
        return readAndAnalyze('reread');
      })) === true,
    [run, track, host, readAndAnalyze],
  );

  const dropPrevious = useCallback(
    async (): Promise<boolean> =>
      (await run(async () => {
        previousRef.current = null;
        setPrevious(null);
        return readAndAnalyze();
      })) === true,
    [run, readAndAnalyze],
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
    previous,
    gathered,
    progress,
    busy: progress !== null,
    error,
    notice,
    check,
    readFresh,
    write,
    loadPrevious,
    gatherFiles,
    dropPrevious,
    selectCell,
    clearError: useCallback(() => setError(null), []),
    clearNotice: useCallback(() => setNotice(null), []),
  };
}
