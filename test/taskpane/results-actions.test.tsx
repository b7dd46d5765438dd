/** @jest-environment jsdom */
// The results screen's actions of issue 12: the appraisal notices written on request, and last year's ranks
// read from last year's file (the change column filled, an unmatched unit said).
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import ExcelJS from 'exceljs';
import { analyzeWorkbook } from '../../src/core/analyze';
import { NOTICES_SHEET_NAME } from '../../src/core/notices-sheet';
import { planResults } from '../../src/core/results-plan';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
import { createSimulatedExcel } from '../../src/harness/simulated-excel';
import { createOfficeHost } from '../../src/workbook/office-host';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';
import { fakeHost } from './fake-host';

async function openResults(host: ReturnType<typeof fakeHost>) {
  render(<App host={host} initialScreen="results" />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  const button = (await screen.findByRole('button', { name: 'Ghi kết quả' })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

const addedSheets = (host: ReturnType<typeof fakeHost>, i: number) =>
  host.applied[i].ops.flatMap((o) => (o.kind === 'addSheet' ? [o.sheet] : []));

test('"Kèm thông báo kết quả thẩm định" adds the notices sheet to what is written; unticked, it is not', async () => {
  const host = fakeHost();
  const snapshot = snapshotFromExcelJS(host.workbook);
  const withNotices = planResults(snapshot, analyzeWorkbook(snapshot), { notices: true });
  const noticesLine = withNotices.summary.find((l) => l.vi.includes(NOTICES_SHEET_NAME));
  if (!noticesLine) throw new Error('the plan does not say it writes the notices');
  const write = await openResults(host);
  expect(screen.queryByText(noticesLine.vi)).toBeNull();

  fireEvent.click(screen.getByRole('checkbox', { name: 'Kèm thông báo kết quả thẩm định' }));
  await screen.findByText(noticesLine.vi);
  fireEvent.click(write);
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  expect(addedSheets(host, 0)).toContain(NOTICES_SHEET_NAME);
  expect(host.workbook.getWorksheet(NOTICES_SHEET_NAME)).toBeTruthy();
  expect(host.workbook.getWorksheet(NOTICES_SHEET_NAME)?.rowCount).toBeGreaterThan(0);
});

test('without the option the written results hold no notices sheet', async () => {
  const host = fakeHost();
  fireEvent.click(await openResults(host));
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  expect(addedSheets(host, 0)).not.toContain(NOTICES_SHEET_NAME);
  expect(addedSheets(host, 0)).toContain('Xếp hạng – Khối sở');
});

/** Last year's published table: every unit of `Khối sở` in reverse order, the last one under another name. */
async function lastYearFile(): Promise<{
  file: File;
  renamed: string;
  first: { unit: string; change: string; lastYears: number[] };
}> {
  const snapshot = snapshotFromExcelJS(fakeHost().workbook);
  const block = analyzeWorkbook(snapshot).blocks.find((b) => b.name === 'Khối sở');
  if (!block || block.units.length < 3) throw new Error('the sample has no Khối sở of 3 units');
  const n = block.units.length;
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet('Năm 2025');
  ws.addRow(['KẾT QUẢ CHỈ SỐ CẢI CÁCH HÀNH CHÍNH NĂM 2025']);
  ws.addRow(['STT', 'Đơn vị', 'Tổng điểm', 'Xếp hạng']);
  block.units.forEach((u, i) => {
    // Upper case: matched without case or diacritics. The last unit was renamed since.
    const name = i === n - 1 ? 'Sở Khoa học và Công nghệ' : u.unit.toUpperCase();
    ws.addRow([i + 1, name, 80, n - i]);
  });
  const bytes = await wb.xlsx.writeBuffer();
  const file = new File([bytes as ArrayBuffer], 'ket-qua-2025.xlsx', {
    type: 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
  });
  return {
    file,
    renamed: block.units[n - 1].unit,
    first: {
      unit: block.units[0].unit,
      change: `tăng ${String(n - 1).padStart(2, '0')} bậc`,
      lastYears: block.units.slice(0, n - 1).map((_u, i) => n - i),
    },
  };
}

test("last year's file fills the rank change, lists the unmatched unit, and the ranks go into what is written", async () => {
  const host = fakeHost();
  const { file, renamed, first } = await lastYearFile();
  const write = await openResults(host);
  const table = () => screen.getByRole('table', { name: 'Xếp hạng Khối sở' });
  expect(within(table()).queryByText(first.change)).toBeNull();

  fireEvent.change(screen.getByLabelText('Thứ hạng năm trước từ tệp…'), { target: { files: [file] } });
  await screen.findByText(/^Năm trước \(ket-qua-2025\.xlsx\): \d+ đơn vị có thứ hạng\.$/);
  const rows = within(table()).getAllByRole('row').slice(1);
  expect(rows[0].textContent).toContain(first.unit);
  expect(rows[0].textContent).toContain(first.change);
  const unmatched = document.querySelector('[data-code="PREVIOUS_RANK_UNMATCHED"]');
  expect(unmatched?.textContent).toContain(`Không tìm thấy "${renamed}" trong kết quả năm trước (ket-qua-2025.xlsx)`);
  expect(unmatched?.textContent).toContain('"Sở Khoa học và Công nghệ"');
  expect(screen.getByText(`Năm trước (ket-qua-2025.xlsx): ${first.lastYears.length} đơn vị có thứ hạng.`)).toBeTruthy();

  // The written ranking carries the change too.
  await waitFor(() => expect(write.disabled).toBe(false));
  fireEvent.click(write);
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  // The written ranking carries last year's rank (its change is a live formula over it).
  const ranking = host.workbook.getWorksheet('Xếp hạng – Khối sở');
  if (!ranking) throw new Error('no ranking sheet written');
  let lastYearCol = 0;
  const lastYear: unknown[] = [];
  ranking.eachRow((row) => {
    if (lastYearCol > 0 && typeof row.getCell(lastYearCol).value === 'number')
      lastYear.push(row.getCell(lastYearCol).value);
    row.eachCell((c, col) => {
      if (c.value === 'Năm trước') lastYearCol = col;
    });
  });
  // In rank order: last year's table reversed, the renamed unit (last) with none.
  expect(lastYear).toEqual(first.lastYears);
  // Still applied after the re-read that follows the write; dropped on request.
  await waitFor(() => expect(within(table()).getAllByRole('row')[1].textContent).toContain(first.change));
  const drop = screen.getByRole('button', { name: 'Bỏ thứ hạng từ tệp' }) as HTMLButtonElement;
  await waitFor(() => expect(drop.disabled).toBe(false));
  fireEvent.click(drop);
  await waitFor(() => expect(screen.queryByText(/^Năm trước \(ket-qua-2025\.xlsx\)/)).toBeNull());
  await waitFor(() => expect(document.querySelector('[data-code="PREVIOUS_RANK_UNMATCHED"]')).toBeNull());
});

test('a file with no ranking table is refused with a bilingual message, and nothing changes', async () => {
  const host = fakeHost();
  await openResults(host);
  const wb = new ExcelJS.Workbook();
  wb.addWorksheet('Ghi chú').addRow(['Không có bảng nào ở đây']);
  const file = new File([(await wb.xlsx.writeBuffer()) as ArrayBuffer], 'ghi-chu.xlsx');
  fireEvent.change(screen.getByLabelText('Thứ hạng năm trước từ tệp…'), { target: { files: [file] } });
  expect((await screen.findByRole('alert')).textContent).toContain('Không tìm thấy bảng xếp hạng trong "ghi-chu.xlsx"');
  expect(screen.queryByText(/^Năm trước \(/)).toBeNull();

  const junk = new File(['not a zip'], 'hong.xlsx');
  fireEvent.change(screen.getByLabelText('Thứ hạng năm trước từ tệp…'), { target: { files: [junk] } });
  await waitFor(() =>
    expect(screen.getByRole('alert').textContent).toContain('Không đọc được "hong.xlsx" như một tệp Excel .xlsx'),
  );
  expect(host.applied).toHaveLength(0);
});

test('the notices sheet is written through the Office.js adapter (simulated Excel) and removed by Xóa kết quả', async () => {
  const sim = createSimulatedExcel(snapshotFromExcelJS(buildSampleWorkbook()));
  (globalThis as unknown as { Excel: unknown }).Excel = sim.Excel;
  try {
    render(<App host={createOfficeHost('vi-VN')} initialScreen="results" />);
    fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
    const write = (await screen.findByRole('button', { name: 'Ghi kết quả' })) as HTMLButtonElement;
    await waitFor(() => expect(write.disabled).toBe(false));
    fireEvent.click(screen.getByRole('checkbox', { name: 'Kèm thông báo kết quả thẩm định' }));
    fireEvent.click(write);
    await screen.findByText('Đã ghi kết quả vào bảng tính.');
    await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
    const notices = sim.snapshot().sheets.find((s) => s.name === NOTICES_SHEET_NAME);
    expect(notices?.rows.some((r) => r?.some((v) => typeof v === 'string' && v.includes('Sở Ngoại vụ')))).toBe(true);

    fireEvent.click(screen.getByRole('button', { name: 'Xóa kết quả' }));
    fireEvent.click(await screen.findByRole('button', { name: 'Xác nhận xóa' }));
    await screen.findByText('Đã xóa kết quả do add-in ghi.');
    expect(sim.snapshot().sheets.map((s) => s.name)).not.toContain(NOTICES_SHEET_NAME);
  } finally {
    delete (globalThis as unknown as { Excel?: unknown }).Excel;
  }
});
