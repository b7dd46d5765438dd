/** @jest-environment jsdom */
// "Thêm bảng tự chấm của đơn vị" in the pane: the units' files picked (or dropped) are gathered into the open
// workbook, the pane says what it did (added, skipped with the reason) and shows the findings, then checks the
// workbook again.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import ExcelJS from 'exceljs';
import { findingTitle } from '../../src/core/findings';
import { LISTING_SHEET } from '../../src/core/gather-listing';
import { App } from '../../src/taskpane/App';
import { ministries2023, ministrySheetNames } from '../fixtures/published-workbook';
import { templateOnlyMaster, unitWorkbook } from '../gather-helpers';
import { fakeHost } from './fake-host';

const [first, second] = ministries2023.rows.map(([, unit]) => unit);
const OLE = new Uint8Array([0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1, ...new Array(504).fill(0)]);

async function openMaster() {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(new Uint8Array(await templateOnlyMaster()).buffer);
  const host = fakeHost({ workbook });
  render(<App host={host} initialScreen="workbook" />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  await screen.findByRole('button', { name: 'Thêm bảng tự chấm của đơn vị' });
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  return host;
}

/** The files as the units sent them (a file's time is part of what the listing records). */
async function unitFiles(): Promise<File[]> {
  const lastModified = Date.UTC(2026, 0, 15, 8, 0, 0);
  return [
    new File([new Uint8Array(await unitWorkbook(ministrySheetNames[first], { asSheet1: true }))], 'don-vi-1.xlsx', {
      lastModified,
    }),
    new File([new Uint8Array(await unitWorkbook(ministrySheetNames[second]))], 'don-vi-2.xlsx', { lastModified }),
    new File([OLE], 'cu.xls', { lastModified }),
  ];
}

test('picked files are gathered: the summary, the skipped file with its reason, the findings, a new check', async () => {
  const host = await openMaster();
  const reads = host.reads;
  fireEvent.change(screen.getByLabelText('Thêm bảng tự chấm của đơn vị'), { target: { files: await unitFiles() } });
  const summary = await screen.findByRole('region', { name: 'Kết quả thu thập' });
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(summary.textContent).toContain('Thêm 2, thay 0, không đổi 0, giữ trang cũ 0, trùng đơn vị 0, bỏ qua 1');
  expect(within(summary).getByText(/^cu\.xls: /).textContent).toMatch(/\.xls/);
  // The same findings as the command line: the skipped file, the sheet named from the Đơn vị line not Sheet1.
  expect(within(summary).getByRole('region', { name: findingTitle('GATHER_FILE_SKIPPED').vi })).toBeTruthy();
  expect(host.gathered.map((c) => c.target).sort()).toEqual([first, second].map((u) => ministrySheetNames[u]).sort());
  expect(host.workbook.worksheets.map((ws) => ws.name)).toContain(LISTING_SHEET);
  expect(host.workbook.worksheets.map((ws) => ws.name)).not.toContain('Sheet1');
  // Checked again: the gathered units are in the workbook the pane shows.
  expect(host.reads).toBeGreaterThan(reads + 1);
  expect(screen.getByText('Đã thu thập bảng tự chấm của các đơn vị')).toBeTruthy();

  // Gathering the same files again changes nothing, and says so.
  const applied = host.applied.length;
  fireEvent.change(screen.getByLabelText('Thêm bảng tự chấm của đơn vị'), { target: { files: await unitFiles() } });
  await waitFor(() =>
    expect(screen.getByRole('region', { name: 'Kết quả thu thập' }).textContent).toContain('không đổi 2'),
  );
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(screen.getByText('Không có gì thay đổi trong bảng tính.')).toBeTruthy();
  expect(host.applied).toHaveLength(applied);
  expect(host.gathered).toHaveLength(2);
});

test('files dropped on the action are gathered too', async () => {
  const host = await openMaster();
  const [file] = await unitFiles();
  fireEvent.drop(screen.getByLabelText('Thả các tệp của đơn vị vào đây'), { dataTransfer: { files: [file] } });
  const summary = await screen.findByRole('region', { name: 'Kết quả thu thập' });
  expect(summary.textContent).toContain('Thêm 1,');
  expect(host.gathered.map((c) => c.target)).toEqual([ministrySheetNames[first]]);
});
