/** @jest-environment jsdom */
// Each block's own classification and the units left out of the ranking, edited in the settings form: applied to
// the next analysis, saved to the Cấu hình sheet, and an unreadable classification refused.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
import { blocksFromForm, unrankedFromForm } from '../../src/taskpane/settings-form';
import { fakeHost } from './fake-host';

const BLOCK = 'Khối sở';

async function openWorkbook(host: ReturnType<typeof fakeHost>) {
  render(<App host={host} initialScreen="workbook" />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  await screen.findByRole('group', { name: 'Không xếp hạng' });
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
}

async function apply() {
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  await screen.findByText('Đang dùng cấu hình đã chỉnh trong khung này.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
}

function blockOf(host: ReturnType<typeof fakeHost>) {
  const block = analyzeWorkbook(snapshotFromExcelJS(host.workbook)).blocks.find((b) => b.name === BLOCK);
  if (!block || block.units.length < 2) throw new Error(`the sample has no ${BLOCK} of 2 units`);
  return block;
}

test("a unit ticked as not ranked loses its rank, a block's own classification gives its classes; both saved", async () => {
  const host = fakeHost();
  const first = blockOf(host).units[0];
  await openWorkbook(host);
  const tick = within(screen.getByRole('group', { name: 'Không xếp hạng' })).getByRole('checkbox', {
    name: first.unit,
  }) as HTMLInputElement;
  expect(tick.checked).toBe(false);
  fireEvent.click(tick);
  fireEvent.change(screen.getByRole('textbox', { name: `Xếp loại riêng của ${BLOCK}` }), {
    target: { value: 'Đạt: 50; Chưa đạt: 0' },
  });
  await apply();
  expect(host.applied).toHaveLength(0);

  fireEvent.click(screen.getByRole('tab', { name: 'Kết quả' }));
  const rows = within(screen.getByRole('table', { name: `Xếp hạng ${BLOCK}` })).getAllByRole('row');
  const last = rows[rows.length - 1].textContent ?? '';
  expect(last).toContain(first.unit);
  expect(rows[1].textContent).not.toContain(first.unit);
  expect(rows.slice(1).every((r) => /Đạt|Chưa đạt/.test(r.textContent ?? ''))).toBe(true);

  fireEvent.click(screen.getByRole('tab', { name: 'Bảng tính' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  await waitFor(() => expect(host.applied).toHaveLength(1));
  await waitFor(() => expect(screen.queryByText('Đang dùng cấu hình đã chỉnh trong khung này.')).toBeNull());
  const saved = analyzeWorkbook(snapshotFromExcelJS(host.workbook));
  expect(saved.settings.unranked).toEqual([first.sheet]);
  expect(saved.settings.blocks.find((b) => b.name === BLOCK)?.bands).toEqual([
    { label: 'Đạt', min: 50 },
    { label: 'Chưa đạt', min: 0 },
  ]);
  const block = saved.blocks.find((b) => b.name === BLOCK);
  expect(block?.units.find((u) => u.sheet === first.sheet)?.rank).toBeNull();
});

test('an unreadable block classification is refused with the block named, without analysing again', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: `Xếp loại riêng của ${BLOCK}` }), {
    target: { value: 'Đạt năm mươi' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  expect((await screen.findByRole('alert')).textContent).toContain(`Không đọc được mức xếp loại của ${BLOCK}.`);
  expect(host.reads).toBe(1);
});

test('the form replaces only what it shows: other blocks and unranked names of unlisted units are kept', () => {
  const inForce = [
    { name: 'Khối huyện', template: 'Bộ tiêu chí huyện', bands: [{ label: 'A', min: 90 }] },
    { name: 'Khối sở', template: 'Bộ tiêu chí sở', bands: [{ label: 'A', min: 80 }] },
  ];
  expect(blocksFromForm([{ name: 'KHỐI SỞ', template: 'x', text: '' }], inForce)).toEqual({
    blocks: [inForce[0], { name: 'Khối sở', template: 'Bộ tiêu chí sở', bands: undefined }],
  });
  expect(blocksFromForm([{ name: 'Khối xã', template: 'Bộ tiêu chí xã', text: 'A: 70' }], [])).toEqual({
    blocks: [{ name: 'Khối xã', template: 'Bộ tiêu chí xã', bands: [{ label: 'A', min: 70 }] }],
  });
  expect(blocksFromForm([{ name: 'Khối xã', template: 't', text: 'A: bảy mươi' }], [])).toEqual({ invalid: 'Khối xã' });
  const form = [
    { sheet: 'Sở Y tế', unit: 'Sở Y tế tỉnh Điện Biên', unranked: false },
    { sheet: 'Sở Nội vụ', unit: 'Sở Nội vụ', unranked: true },
  ];
  expect(unrankedFromForm(form, ['SỞ Y TẾ TỈNH ĐIỆN BIÊN', 'Sở Tư pháp'])).toEqual(['Sở Tư pháp', 'Sở Nội vụ']);
});
