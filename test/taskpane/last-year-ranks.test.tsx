/** @jest-environment jsdom */
// Last year's rank per unit, edited in the settings form: applied to the next analysis (the rank change shown),
// saved to the Cấu hình sheet, and an unreadable rank refused.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
import { lastYearRanksFromForm } from '../../src/taskpane/settings-form';
import { fakeHost } from './fake-host';

async function openWorkbook(host: ReturnType<typeof fakeHost>) {
  render(<App host={host} initialScreen="workbook" />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  await screen.findByRole('table', { name: 'Thứ hạng năm trước' });
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
}

function firstTwoOfBlock(host: ReturnType<typeof fakeHost>) {
  const block = analyzeWorkbook(snapshotFromExcelJS(host.workbook)).blocks.find((b) => b.name === 'Khối sở');
  if (!block || block.units.length < 2) throw new Error('the sample has no Khối sở of 2 units');
  return [block.units[0], block.units[1]];
}

test('edited ranks of last year give the rank change in the results, and are saved to Cấu hình', async () => {
  const host = fakeHost();
  const [first, second] = firstTwoOfBlock(host);
  await openWorkbook(host);
  const rankOf = (unit: string) =>
    screen.getByRole('textbox', { name: `Thứ hạng năm trước của ${unit}` }) as HTMLInputElement;
  expect(rankOf(first.unit).value).toBe('');
  fireEvent.change(rankOf(first.unit), { target: { value: '4' } });
  fireEvent.change(rankOf(second.unit), { target: { value: ' 1 ' } });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  await screen.findByText('Đang dùng cấu hình đã chỉnh trong khung này.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(host.applied).toHaveLength(0);
  expect(rankOf(first.unit).value).toBe('4');
  await waitFor(() => expect(rankOf(second.unit).value).toBe('1'));

  fireEvent.click(screen.getByRole('tab', { name: 'Kết quả' }));
  const rows = within(screen.getByRole('table', { name: 'Xếp hạng Khối sở' })).getAllByRole('row');
  expect(rows[1].textContent).toContain('tăng 03 bậc');
  expect(rows[2].textContent).toContain('giảm 01 bậc');

  fireEvent.click(screen.getByRole('tab', { name: 'Bảng tính' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  await waitFor(() => expect(host.applied).toHaveLength(1));
  await waitFor(() => expect(screen.queryByText('Đang dùng cấu hình đã chỉnh trong khung này.')).toBeNull());
  const saved = analyzeWorkbook(snapshotFromExcelJS(host.workbook));
  expect(saved.settings.lastYearRanks).toEqual({ [first.sheet]: 4, [second.sheet]: 1 });
});

test('an unreadable rank is refused with the unit named, without analysing again', async () => {
  const host = fakeHost();
  const [first] = firstTwoOfBlock(host);
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: `Thứ hạng năm trước của ${first.unit}` }), {
    target: { value: '2,5' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  expect((await screen.findByRole('alert')).textContent).toContain(
    `Thứ hạng năm trước của ${first.unit}: "2,5" không phải số nguyên từ 1.`,
  );
  expect(host.reads).toBe(1);
});

test("the form's ranks replace those naming a listed unit (by sheet or unit name); others are kept", () => {
  const form = [
    { sheet: 'Sở Y tế', unit: 'Sở Y tế tỉnh Điện Biên', rank: '2' },
    { sheet: 'Sở Nội vụ', unit: 'Sở Nội vụ tỉnh Điện Biên', rank: '' },
  ];
  const inForce = { 'SỞ Y TẾ TỈNH ĐIỆN BIÊN': 5, 'Sở Nội vụ': 3, 'Sở Khoa học và Công nghệ': 7 };
  expect(lastYearRanksFromForm(form, inForce)).toEqual({ ranks: { 'Sở Khoa học và Công nghệ': 7, 'Sở Y tế': 2 } });
  expect(lastYearRanksFromForm([{ ...form[0], rank: '0' }], {})).toEqual({
    invalid: { unit: 'Sở Y tế tỉnh Điện Biên', value: '0' },
  });
});
