// The dev harness page (harness.html, `npm run harness`): on the left the real task pane (App over
// createOfficeHost) running against the simulated Excel; on the right a plain grid of the simulated workbook.
// Loads samples/sample.xlsx (copied by webpack) with ExcelJS's browser build; another .xlsx can be opened and
// the workbook, with the pane's writes, downloaded. `?lang=en` shows the pane in English; `?pane=320` sets the
// pane's width in CSS pixels (Excel's task pane is 320 px wide by default; the harness's own default is 360).
// `window.__harness` exposes the simulated state for the end-to-end test (test/e2e/harness.e2e.test.ts).
import { useCallback, useEffect, useState } from 'react';
import { createRoot } from 'react-dom/client';
import type { CellValue } from '../core/types';
import { App } from '../taskpane/App';
import { GridView } from './GridView';
import { installLiveExcel, type LiveExcel } from './live-excel';
import { exportState } from './simulated-excel';
import { fetchBytes, rebuildXlsx, saveBlob, snapshotOfBytes } from './workbook-file';
import { rootElement } from '../taskpane/root-element';

const SAMPLE_URL = 'samples/sample.xlsx';

interface Loaded {
  live: LiveExcel;
  name: string;
  bytes: ArrayBuffer;
  /** Remounts the pane when another file is opened. */
  generation: number;
}

export interface HarnessHook {
  ready: boolean;
  fileName(): string | null;
  sheetNames(): string[];
  activeSheet(): string | null;
  selection(): { sheet: string; address: string } | null;
  /** The sheet's non-blank cells: A1 → value (the computed value; null for an uncomputed formula). */
  cells(sheet: string): Record<string, CellValue>;
  formulas(sheet: string): Record<string, string>;
}

declare global {
  interface Window {
    __harness?: HarnessHook;
  }
}

function displayLanguage(): string {
  return new URLSearchParams(window.location.search).get('lang') === 'en' ? 'en-US' : 'vi-VN';
}

/** The pane's width asked for in the address (`?pane=320`), within what a task pane can be; else the stylesheet's. */
function paneWidth(): number | undefined {
  const asked = Number(new URLSearchParams(window.location.search).get('pane'));
  return Number.isInteger(asked) && asked >= 200 && asked <= 1000 ? asked : undefined;
}

function installHook(get: () => Loaded | null): void {
  const sheet = (name: string) => {
    const loaded = get();
    return loaded ? exportState(loaded.live.sim.state).find((s) => s.name === name) : undefined;
  };
  window.__harness = {
    ready: false,
    fileName: () => get()?.name ?? null,
    sheetNames: () => get()?.live.sim.state.sheets.map((s) => s.name) ?? [],
    activeSheet: () => get()?.live.sim.state.activeSheet ?? null,
    selection: () => {
      const sel = get()?.live.sim.state.selection;
      return sel ? { ...sel } : null;
    },
    cells: (name) => Object.fromEntries(Object.entries(sheet(name)?.cells ?? {}).map(([a1, c]) => [a1, c.value])),
    formulas: (name) =>
      Object.fromEntries(
        Object.entries(sheet(name)?.cells ?? {}).flatMap(([a1, c]) => (c.formula === null ? [] : [[a1, c.formula]])),
      ),
  };
}

/** Re-renders the caller after every Excel.run and every change made from the grid. */
function useRerenderOn(live: LiveExcel | undefined): void {
  const [, setVersion] = useState(0);
  useEffect(() => live?.subscribe(() => setVersion((v) => v + 1)), [live]);
}

function Harness() {
  const [loaded, setLoaded] = useState<Loaded | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [busy, setBusy] = useState(false);
  const language = displayLanguage();

  const open = useCallback(
    async (name: string, bytesPromise: Promise<ArrayBuffer>) => {
      setBusy(true);
      setError(null);
      try {
        const bytes = await bytesPromise;
        const snapshot = await snapshotOfBytes(bytes);
        setLoaded((prev) => ({
          live: installLiveExcel(snapshot, language),
          name,
          bytes,
          generation: (prev?.generation ?? 0) + 1,
        }));
      } catch (e) {
        setError(`Không mở được ${name} / Cannot open ${name}: ${e instanceof Error ? e.message : String(e)}`);
      } finally {
        setBusy(false);
      }
    },
    [language],
  );

  useEffect(() => {
    void open('sample.xlsx', fetchBytes(SAMPLE_URL));
  }, [open]);

  useEffect(() => {
    installHook(() => loaded);
    if (window.__harness) window.__harness.ready = loaded !== null;
  }, [loaded]);

  useRerenderOn(loaded?.live);

  const download = async () => {
    if (!loaded) return;
    setBusy(true);
    try {
      saveBlob(
        await rebuildXlsx(loaded.bytes, loaded.live.appliedPlans),
        loaded.name.replace(/\.xlsx$/i, '') + '-harness.xlsx',
      );
    } catch (e) {
      setError(`Không tải về được / Cannot download: ${e instanceof Error ? e.message : String(e)}`);
    } finally {
      setBusy(false);
    }
  };

  return (
    <div className="harness">
      <aside className="pane-frame" aria-label="Task pane" style={{ width: paneWidth() }}>
        {loaded ? <App key={loaded.generation} host={loaded.live.host} /> : <p>{busy ? 'Đang mở tệp mẫu…' : ''}</p>}
      </aside>
      <div className="workbook-frame">
        <header className="toolbar">
          <strong data-file-name>{loaded?.name ?? '—'}</strong>
          <label>
            Mở tệp .xlsx khác / Open another .xlsx{' '}
            <input
              type="file"
              accept=".xlsx,application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
              disabled={busy}
              onChange={(e) => {
                const file = e.target.files?.[0];
                if (file) void open(file.name, file.arrayBuffer());
                e.target.value = '';
              }}
            />
          </label>
          <button type="button" disabled={!loaded || busy} onClick={() => void download()}>
            Tải về .xlsx
          </button>
          <span className="muted">Mô phỏng Excel — chỉ dùng khi phát triển / simulated Excel, development only</span>
        </header>
        {error && (
          <p role="alert" className="error">
            {error}
          </p>
        )}
        {loaded && (
          <GridView
            state={loaded.live.sim.state}
            onActivate={(name) => {
              loaded.live.sim.state.activeSheet = name;
              loaded.live.notify();
            }}
            onSelect={(sheet, address) => {
              loaded.live.sim.state.activeSheet = sheet;
              loaded.live.sim.state.selection = { sheet, address };
              loaded.live.notify();
            }}
          />
        )}
      </div>
    </div>
  );
}

createRoot(rootElement()).render(<Harness />);
