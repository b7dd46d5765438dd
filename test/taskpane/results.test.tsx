/** @jest-environment jsdom */
// The results screen: says what will be written before writing, writes the ranking, shows ranks the Vietnamese
// way, and removes results only after a confirmation.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { OWNERSHIP_SHEET } from '../../src/core/plan-types';
import { planResults } from '../../src/core/results-plan';
import { defaultSettings, settingsSheetRows } from '../../src/core/settings';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { PlanApplyError } from '../../src/workbook/plan-errors';
import { App } from '../../src/taskpane/App';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';
import { fakeHost, sampleWith } from './fake-host';

async function openResults(
  host: ReturnType<typeof fakeHost>,
  check = 'Đọc và kiểm tra bảng tính',
  write = 'Ghi kết quả',
) {
  render(<App host={host} initialScreen="results" />);
  fireEvent.click(screen.getByRole('button', { name: check }));
  // The button shows with the analysis, a moment before the check has finished: a click while busy is dropped.
  const button = (await screen.findByRole('button', { name: write })) as HTMLButtonElement;
  await waitFor(() => expect(button.disabled).toBe(false));
  return button;
}

test('says what will be written before writing, then applies a plan with the ranking sheets', async () => {
  const host = fakeHost();
  const snapshot = snapshotFromExcelJS(host.workbook);
  const expected = planResults(snapshot, analyzeWorkbook(snapshot));
  const write = await openResults(host);
  for (const line of expected.summary) expect(screen.getByText(line.vi)).toBeTruthy();
  expect(host.applied).toHaveLength(0);
  fireEvent.click(write);
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  expect(host.applied).toHaveLength(1);
  const added = host.applied[0].ops.flatMap((o) => (o.kind === 'addSheet' ? [o.sheet] : []));
  expect(added).toEqual(expect.arrayContaining(['Xếp hạng – Khối sở', 'Xếp hạng – Khối huyện']));
  expect(host.applied[0].ops.some((o) => o.kind === 'setCells' && o.sheet === 'Xếp hạng – Khối sở')).toBe(true);
  // The pane read the workbook again: the next write would replace the previous run, not add to it.
  await waitFor(() => expect(screen.getByText('Thay kết quả của lần chạy trước.')).toBeTruthy());
  expect(host.reads).toBe(2);
});

test('shows each block ranking with ranks 01/08, percentages 91,00 %, classes and rank change', async () => {
  const wb = buildSampleWorkbook();
  const settings = { ...defaultSettings(), lastYearRanks: { 'Sở Tư pháp': 3, 'Sở Nội vụ': 1 } };
  const rows = settingsSheetRows(settings, [
    { sheet: 'Sở Tư pháp', block: 'Khối sở' },
    { sheet: 'Sở Nội vụ', block: 'Khối sở' },
  ]);
  wb.addWorksheet('Cấu hình').addRows(rows.map((r) => r.map((v) => (v === null || typeof v === 'object' ? null : v))));
  const host = fakeHost({ workbook: wb });
  const analysis = analyzeWorkbook(snapshotFromExcelJS(wb));
  const block = analysis.blocks.find((b) => b.name === 'Khối sở');
  if (!block) throw new Error('no Khối sở');
  await openResults(host);
  const table = screen.getByRole('table', { name: 'Xếp hạng Khối sở' });
  const body = within(table).getAllByRole('row').slice(1);
  expect(body).toHaveLength(block.units.length);
  const first = body[0].textContent ?? '';
  expect(first).toContain(`01/${String(block.units.length).padStart(2, '0')}`);
  expect(first).toContain(block.units[0].unit);
  expect(first).toContain('91,00 %');
  expect(first).toContain(block.units[0].class ?? 'missing');
  expect(first).toContain('tăng 02 bậc');
  expect(body[1].textContent).toContain('85,75 %');
  expect(body[1].textContent).toContain('giảm 01 bậc');
  expect(screen.getByRole('table', { name: 'Xếp hạng Khối huyện' })).toBeTruthy();
});

test('removing results asks for confirmation first, and cancel writes nothing', async () => {
  const host = fakeHost();
  fireEvent.click(await openResults(host));
  await screen.findByText('Đã ghi kết quả vào bảng tính.');
  await screen.findByText('Thay kết quả của lần chạy trước.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(host.workbook.getWorksheet(OWNERSHIP_SHEET)).toBeTruthy();

  fireEvent.click(screen.getByRole('button', { name: 'Xóa kết quả' }));
  const confirm = await screen.findByRole('button', { name: 'Xác nhận xóa' });
  expect(screen.getByText('Xóa các trang kết quả do add-in tạo?')).toBeTruthy();
  expect(screen.getByText(/^Xóa \d+ trang và \d+ quy tắc tô màu do add-in tạo\.$/)).toBeTruthy();
  expect(host.applied).toHaveLength(1);
  fireEvent.click(screen.getByRole('button', { name: 'Hủy' }));
  expect(screen.queryByRole('button', { name: 'Xác nhận xóa' })).toBeNull();
  expect(host.applied).toHaveLength(1);
  expect(confirm.isConnected).toBe(false);

  fireEvent.click(screen.getByRole('button', { name: 'Xóa kết quả' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Xác nhận xóa' }));
  await screen.findByText('Đã xóa kết quả do add-in ghi.');
  expect(host.applied).toHaveLength(2);
  expect(host.applied[1].ops.some((o) => o.kind === 'deleteSheet' && o.sheet === 'Xếp hạng – Khối sở')).toBe(true);
  // Back to the user's own workbook.
  expect(host.workbook.worksheets.map((w) => w.name)).toEqual(buildSampleWorkbook().worksheets.map((w) => w.name));
});

test('nothing to remove is said, with no confirm button', async () => {
  const host = fakeHost();
  await openResults(host);
  fireEvent.click(screen.getByRole('button', { name: 'Xóa kết quả' }));
  expect(await screen.findByText('Không có gì do add-in ghi để xóa.')).toBeTruthy();
  expect(screen.queryByRole('button', { name: 'Xác nhận xóa' })).toBeNull();
});

test('a failed write is shown with its message', async () => {
  const host = fakeHost();
  host.failNext.apply = new PlanApplyError(
    'invalid-plan',
    [],
    'Trang "Sở Y tế" đang được bảo vệ; không ghi gì.',
    'Sheet "Sở Y tế" is protected; nothing was written.',
  );
  fireEvent.click(await openResults(host));
  expect((await screen.findByRole('alert')).textContent).toContain('Trang "Sở Y tế" đang được bảo vệ; không ghi gì.');
  expect(screen.queryByText('Đã ghi kết quả vào bảng tính.')).toBeNull();
});

test('cell text in a unit name is rendered as text, never as HTML', async () => {
  const evil = '<img src=x onerror=alert(1)>';
  const wb = sampleWith('Sở Tư pháp', (v) => typeof v === 'string' && v.startsWith('Đơn vị:'), `Đơn vị: ${evil}`);
  const host = fakeHost({ workbook: wb });
  expect(analyzeWorkbook(snapshotFromExcelJS(wb)).blocks[0].units.some((u) => u.unit === evil)).toBe(true);
  await openResults(host);
  const table = screen.getByRole('table', { name: 'Xếp hạng Khối sở' });
  expect(within(table).getByText(evil)).toBeTruthy();
  expect(document.querySelector('img')).toBeNull();
});

test('English UI: English summary, English buttons, English number style', async () => {
  const host = fakeHost({ displayLanguage: 'en-US' });
  const snapshot = snapshotFromExcelJS(host.workbook);
  const expected = planResults(snapshot, analyzeWorkbook(snapshot));
  await openResults(host, 'Read and check the workbook', 'Write results');
  for (const line of expected.summary) expect(screen.getByText(line.en)).toBeTruthy();
  const table = screen.getByRole('table', { name: 'Ranking: Khối sở' });
  expect(within(table).getAllByRole('row')[1].textContent).toContain('91.00 %');
  expect(screen.getByRole('button', { name: 'Remove results' })).toBeTruthy();
});

test('a write that worked with a step that did not take (a freeze refused) says both, as a warning that stays', async () => {
  const host = fakeHost();
  const warning = {
    vi: 'Không cố định được dòng tiêu đề của trang "X".',
    en: 'The header rows of sheet "X" could not be frozen.',
  };
  host.warnNext = [warning];
  fireEvent.click(await openResults(host));
  await screen.findByText(warning.vi);
  expect(screen.getByText('Đã ghi kết quả vào bảng tính.')).toBeTruthy();
  // After the re-read the warning is still there, not wiped.
  await waitFor(() => expect(screen.getByText('Thay kết quả của lần chạy trước.')).toBeTruthy());
  expect(screen.getByText(warning.vi)).toBeTruthy();
  expect(host.warnNext).toEqual([]);
});
