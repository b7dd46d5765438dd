/** @jest-environment jsdom */
// The results screen's actions of issue 12: the appraisal notices written on request, and last year's ranks
// read from last year's file (the change column filled, an unmatched unit said).
import { fireEvent, render, screen, waitFor } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { NOTICES_SHEET_NAME } from '../../src/core/notices-sheet';
import { planResults } from '../../src/core/results-plan';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
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
