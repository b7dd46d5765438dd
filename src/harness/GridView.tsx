// A plain view of the simulated workbook: the sheets as tab buttons (`data-sheet`), the active sheet's values
// as a table (cells carry `data-cell="A1"`, the selection `aria-selected="true"`). Values are shown as text
// (React escapes them); a formula whose value the simulation did not compute shows its formula, greyed.
import { cellAddress } from '../core/address';
import {
  cellKey,
  keyCol,
  keyRow,
  parseA1,
  type SimCell,
  type SimSheet,
  type SimValue,
  type SimWorkbookState,
} from './simulated-excel/model';

const MAX_SHOWN_ROWS = 500;
const MAX_SHOWN_COLS = 60;

function columnName(col: number): string {
  return cellAddress(0, col).replace(/\d+$/, '');
}

function text(value: SimValue | null): string {
  if (value === null) return '';
  if (typeof value === 'object') return value.error;
  if (typeof value === 'number') return String(Math.round(value * 1e9) / 1e9);
  return String(value);
}

function CellView({ cell }: { cell: SimCell | undefined }) {
  if (!cell) return null;
  if (cell.value === null && cell.formula !== null) return <span className="formula">{`=${cell.formula}`}</span>;
  return <>{text(cell.value)}</>;
}

function extent(sheet: SimSheet): { rows: number; cols: number } {
  let rows = 0;
  let cols = 0;
  for (const key of sheet.cells.keys()) {
    rows = Math.max(rows, keyRow(key) + 1);
    cols = Math.max(cols, keyCol(key) + 1);
  }
  return { rows: Math.min(Math.max(rows, 1), MAX_SHOWN_ROWS), cols: Math.min(Math.max(cols, 1), MAX_SHOWN_COLS) };
}

export function GridView({
  state,
  onActivate,
  onSelect,
}: {
  state: SimWorkbookState;
  onActivate: (sheet: string) => void;
  onSelect: (sheet: string, address: string) => void;
}) {
  const sheet = state.sheets.find((s) => s.name === state.activeSheet) ?? state.sheets[0];
  const selected =
    state.selection && sheet && state.selection.sheet === sheet.name ? parseA1(state.selection.address) : null;
  const { rows, cols } = sheet ? extent(sheet) : { rows: 0, cols: 0 };
  // The selected cell is scrolled into view after each render.
  const scrollRef = (el: HTMLTableCellElement | null) => el?.scrollIntoView({ block: 'nearest', inline: 'nearest' });
  return (
    <section className="grid-view" aria-label="Bảng tính mô phỏng">
      <nav className="sheet-tabs" aria-label="Các trang">
        {state.sheets.map((s) => (
          <button
            key={s.name}
            type="button"
            data-sheet={s.name}
            data-visibility={s.visibility}
            aria-pressed={s.name === sheet?.name}
            onClick={() => onActivate(s.name)}
          >
            {s.name}
            {s.visibility !== 'Visible' && (
              <span className="hidden-mark"> ({s.visibility === 'Hidden' ? 'ẩn' : 'ẩn sâu'})</span>
            )}
          </button>
        ))}
      </nav>
      {sheet && (
        <div className="grid-scroll">
          <table className="grid" data-active-sheet={sheet.name}>
            <thead>
              <tr>
                <th />
                {Array.from({ length: cols }, (_v, c) => (
                  <th key={c} scope="col">
                    {columnName(c)}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              {Array.from({ length: rows }, (_v, r) => (
                <tr key={r}>
                  <th scope="row">{r + 1}</th>
                  {Array.from({ length: cols }, (_w, c) => {
                    const address = cellAddress(r, c);
                    const isSelected =
                      selected !== null &&
                      r >= selected.top &&
                      r <= selected.bottom &&
                      c >= selected.left &&
                      c <= selected.right;
                    const isAnchor = isSelected && r === selected.top && c === selected.left;
                    const cell = sheet.cells.get(cellKey(r, c));
                    return (
                      <td
                        key={c}
                        data-cell={address}
                        aria-selected={isSelected ? 'true' : undefined}
                        ref={isAnchor ? scrollRef : undefined}
                        className={typeof cell?.value === 'number' ? 'num' : undefined}
                        style={cell?.style.fill ? { background: cell.style.fill } : undefined}
                        title={cell?.formula ? `=${cell.formula}` : undefined}
                        onClick={() => onSelect(sheet.name, address)}
                      >
                        <CellView cell={cell} />
                      </td>
                    );
                  })}
                </tr>
              ))}
            </tbody>
          </table>
        </div>
      )}
    </section>
  );
}
