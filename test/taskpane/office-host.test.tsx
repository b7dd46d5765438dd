/** @jest-environment jsdom */
// The real pane over the Office host (office-host.ts), with the simulated Excel in place of Office's `Excel`:
// reading, writing, removing and selecting go through the Office.js adapter end to end.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { OWNERSHIP_SHEET } from '../../src/core/plan-types';
import { createSimulatedExcel, type SimulatedExcel } from '../../src/harness/simulated-excel';
import { App } from '../../src/taskpane/App';
import { createOfficeHost } from '../../src/workbook/office-host';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';

let sim: SimulatedExcel;
beforeEach(() => {
  sim = createSimulatedExcel(snapshotFromExcelJS(buildSampleWorkbook()));
  (globalThis as unknown as { Excel: unknown }).Excel = sim.Excel;
});
afterEach(() => {
  delete (globalThis as unknown as { Excel?: unknown }).Excel;
});

const idle = () => waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());

test('checks, writes, selects and removes through the Office.js adapter', async () => {
  const analysis = analyzeWorkbook(sim.snapshot());
  const errors = analysis.findings.filter((f) => f.severity === 'error').length;
  render(<App host={createOfficeHost('vi-VN')} initialScreen="check" />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  expect(await screen.findByRole('checkbox', { name: `Lỗi (${errors})` })).toBeTruthy();
  await idle();

  const target = analysis.findings.find((f) => f.cell !== null);
  if (!target) throw new Error('a finding with a cell');
  const button = [...document.querySelectorAll('button[data-severity]')].find((b) =>
    b.textContent?.includes(target.messageVi),
  );
  if (!button) throw new Error('finding not shown');
  fireEvent.click(button);
  await waitFor(() => expect(sim.state.selection).toEqual({ sheet: target.sheet, address: target.cell }));
  expect(sim.state.activeSheet).toBe(target.sheet);

  fireEvent.click(screen.getByRole('tab', { name: 'Kết quả' }));
  fireEvent.click(screen.getByRole('button', { name: 'Ghi kết quả' }));
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  await idle();
  expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(
    expect.arrayContaining(['Xếp hạng – Khối sở', OWNERSHIP_SHEET]),
  );

  fireEvent.click(screen.getByRole('button', { name: 'Xóa kết quả' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Xác nhận xóa' }));
  await screen.findByText('Đã xóa kết quả do add-in ghi.');
  await idle();
  expect(sim.snapshot().sheets.map((s) => s.name)).toEqual(analyzeWorkbook(sim.snapshot()).sheets.map((s) => s.sheet));
  expect(sim.snapshot().sheets.some((s) => s.name === OWNERSHIP_SHEET || s.name.startsWith('Xếp hạng'))).toBe(false);
});

test('an Office error (a sheet gone since the check) is shown with its message in the UI language', async () => {
  const analysis = analyzeWorkbook(sim.snapshot());
  const gap = analysis.findings.find((f) => f.code === 'EVIDENCE_MISSING');
  if (!gap) throw new Error('the sample has missing evidence');
  const unit = analysis.sheets.find((s) => s.sheet === gap.sheet)?.unit ?? gap.sheet;
  render(<App host={createOfficeHost('en-US')} initialScreen="evidence" />);
  fireEvent.click(screen.getByRole('button', { name: 'Read and check the workbook' }));
  const section = await screen.findByRole('region', { name: unit });
  await idle();
  sim.state.sheets = sim.state.sheets.filter((s) => s.name !== gap.sheet);
  fireEvent.click(within(section).getAllByRole('button')[0]);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('While selecting cell');
  expect(alert.textContent).not.toContain('Khi chọn ô');
});
