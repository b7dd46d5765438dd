/** @jest-environment jsdom */
// The workbook screen: blocks, templates and units found; how each sheet's columns were read; skipped sheets;
// the settings in force, and a correction that becomes an override for the next analysis.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
import { buildSampleWorkbook } from '../../scripts/sample-workbook';
import { fakeHost, replaceText } from './fake-host';

async function openWorkbook(host: ReturnType<typeof fakeHost>) {
  render(<App host={host} initialScreen="workbook" />);
  expect(screen.getByText(/^(Chưa đọc bảng tính\.|The workbook has not been read yet\.)/)).toBeTruthy();
  fireEvent.click(screen.getByRole('button', { name: /^(Đọc và kiểm tra bảng tính|Read and check the workbook)$/ }));
  await screen.findByRole('region', { name: /^(Các khối và bộ tiêu chí|Blocks and criteria templates)$/ });
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
}

test('lists the blocks with their templates and unit counts, and every sheet with its role', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  expect(screen.getByText('Khối sở: bộ tiêu chí "Bộ tiêu chí - Khối sở", 8 đơn vị')).toBeTruthy();
  expect(screen.getByText('Khối huyện: bộ tiêu chí "Bộ tiêu chí - Khối huyện", 6 đơn vị')).toBeTruthy();
  const sheets = screen.getByRole('table', { name: 'Các trang tính' });
  const row = within(sheets).getByText('H. Nậm Pồ').closest('tr');
  expect(row?.textContent).toContain('Đơn vị — Khối huyện');
  expect(row?.textContent).toContain('UBND huyện Nậm Pồ');
});

/** Opens a sheet's section of "Cách đọc các cột" (an accordion, closed at first). */
function openColumns(sheet: string) {
  const section = screen.getByRole('region', { name: /^(Cách đọc các cột|How the columns were read)$/ });
  fireEvent.click(within(section).getByRole('button', { name: sheet }));
}

test('shows how each sheet’s columns were recognised: meaning, column letter, header text', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  expect(screen.queryByRole('table', { name: 'Cách đọc các cột của trang "H. Nậm Pồ"' })).toBeNull();
  openColumns('H. Nậm Pồ');
  openColumns('Sở Tư pháp');
  const table = screen.getByRole('table', { name: 'Cách đọc các cột của trang "H. Nậm Pồ"' });
  const rowOf = (meaning: string) => within(table).getByText(meaning).closest('tr')?.textContent;
  expect(rowOf('Điểm tự đánh giá')).toBe('Điểm tự đánh giáDTự chấm');
  expect(rowOf('Điểm thẩm định')).toBe('Điểm thẩm địnhEĐiểm HĐTĐ');
  expect(rowOf('Tài liệu kiểm chứng')).toBe('Tài liệu kiểm chứngFTLKC');
  const departments = screen.getByRole('table', { name: 'Cách đọc các cột của trang "Sở Tư pháp"' });
  expect(
    within(departments)
      .getAllByRole('row')
      .map((r) => r.textContent),
  ).toContain('Điểm tối đaCĐiểm tối đa');
});

test('lists skipped sheets with the reason', async () => {
  const wb = buildSampleWorkbook();
  wb.addWorksheet('Ghi chú').addRow(['Danh sách gửi Hội đồng thẩm định']);
  const host = fakeHost({ workbook: wb });
  await openWorkbook(host);
  const skipped = screen.getByRole('region', { name: 'Các trang bỏ qua' });
  expect(within(skipped).getByText('Ghi chú')).toBeTruthy();
  expect(skipped.textContent).toContain('Bỏ qua: trang không có bảng tiêu chí.');
});

test('shows the settings in force and applies edited bands to the next analysis (not saved to the sheet)', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  expect((screen.getByRole('combobox', { name: 'Cách tính điểm' }) as HTMLSelectElement).value).toBe('auto');
  expect((screen.getByRole('combobox', { name: 'Làm tròn tỷ lệ %' }) as HTMLSelectElement).value).toBe('half-up');
  const bands = screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }) as HTMLInputElement;
  expect(bands.value).toBe('A: 90; B: 80; C: 70; Dưới 70%: 0');
  expect(screen.getByText(/để giữ trong bảng tính/)).toBeTruthy();

  fireEvent.change(bands, { target: { value: 'Xuất sắc: 90; Tốt: 80; Khá: 0' } });
  fireEvent.change(screen.getByRole('combobox', { name: 'Làm tròn tỷ lệ %' }), { target: { value: 'truncate' } });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  await screen.findByText('Đang dùng cấu hình đã chỉnh trong khung này.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(host.reads).toBe(2);
  expect(host.applied).toHaveLength(0);
  expect((screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }) as HTMLInputElement).value).toBe(
    'Xuất sắc: 90; Tốt: 80; Khá: 0',
  );

  fireEvent.click(screen.getByRole('tab', { name: 'Kết quả' }));
  const table = screen.getByRole('table', { name: 'Xếp hạng Khối sở' });
  const rows = within(table).getAllByRole('row');
  expect(rows[1].textContent).toContain('Xuất sắc');
  expect(rows[2].textContent).toContain('Tốt');
});

test('rejects unreadable bands with a message, without analysing again', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }), { target: { value: 'A chín mươi' } });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  expect((await screen.findByRole('alert')).textContent).toContain('Không đọc được mức xếp loại');
  expect(host.reads).toBe(1);
});

test('a column mapping fixes a sheet whose score columns were not recognised', async () => {
  const wb = replaceText(
    replaceText(buildSampleWorkbook(), 'H. Nậm Pồ', 'Tự chấm', 'Cột 4'),
    'H. Nậm Pồ',
    'Điểm HĐTĐ',
    'Cột 5',
  );
  expect(
    analyzeWorkbook(snapshotFromExcelJS(wb)).findings.some(
      (f) => f.code === 'NO_SCORE_COLUMN' && f.sheet === 'H. Nậm Pồ',
    ),
  ).toBe(true);
  const host = fakeHost({ workbook: wb });
  await openWorkbook(host);
  expect(screen.getByText('Khối huyện: bộ tiêu chí "Bộ tiêu chí - Khối huyện", 5 đơn vị')).toBeTruthy();

  fireEvent.change(screen.getByRole('combobox', { name: 'Trang' }), { target: { value: 'H. Nậm Pồ' } });
  const form = screen.getByRole('form', { name: 'Cấu hình đang dùng' });
  expect((within(form).getByRole('textbox', { name: 'Tài liệu kiểm chứng' }) as HTMLInputElement).value).toBe('F');
  expect((within(form).getByRole('textbox', { name: /^Dòng tiêu đề/ }) as HTMLInputElement).value).toBe('4');
  fireEvent.change(within(form).getByRole('textbox', { name: 'Điểm tự đánh giá' }), { target: { value: 'd' } });
  fireEvent.change(within(form).getByRole('textbox', { name: 'Điểm thẩm định' }), { target: { value: 'E' } });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));

  expect(await screen.findByText('Khối huyện: bộ tiêu chí "Bộ tiêu chí - Khối huyện", 6 đơn vị')).toBeTruthy();
  openColumns('H. Nậm Pồ');
  const table = screen.getByRole('table', { name: 'Cách đọc các cột của trang "H. Nậm Pồ"' });
  expect(within(table).getByText('Điểm tự đánh giá').closest('tr')?.textContent).toBe('Điểm tự đánh giáD');
  expect(screen.getAllByText(/theo ánh xạ cột/).length).toBeGreaterThan(0);

  // Discarding the changes analyses with the workbook's own settings again. The new figures show before the
  // re-check has quite finished, and the button stays disabled until it has: wait for that state, then click.
  const discard = () => screen.getByRole('button', { name: 'Bỏ các thay đổi' }) as HTMLButtonElement;
  await waitFor(() => expect(discard().disabled).toBe(false));
  fireEvent.click(discard());
  expect(await screen.findByText('Khối huyện: bộ tiêu chí "Bộ tiêu chí - Khối huyện", 5 đơn vị')).toBeTruthy();
});

test('English UI', async () => {
  const host = fakeHost({ displayLanguage: 'en-GB' });
  await openWorkbook(host);
  expect(screen.getByText('Khối sở: template "Bộ tiêu chí - Khối sở", 8 units')).toBeTruthy();
  openColumns('H. Nậm Pồ');
  expect(screen.getByRole('table', { name: 'How the columns of "H. Nậm Pồ" were read' })).toBeTruthy();
  expect(screen.getByRole('combobox', { name: 'Score basis' })).toBeTruthy();
});

test('saves the edited settings into the Cấu hình sheet; the next read takes them from there', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }), {
    target: { value: 'Xuất sắc: 90; Tốt: 80; Khá: 0' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  await screen.findByText('Đang dùng cấu hình đã chỉnh trong khung này.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  await waitFor(() => expect(host.applied).toHaveLength(1));
  await waitFor(() => expect(screen.queryByText('Đang dùng cấu hình đã chỉnh trong khung này.')).toBeNull());
  expect(host.workbook.getWorksheet('Cấu hình')).toBeDefined();
  // read back from the sheet, not from the pane's edits
  const again = analyzeWorkbook(snapshotFromExcelJS(host.workbook));
  expect(again.settings.bands.map((b) => b.label)).toEqual(['Xuất sắc', 'Tốt', 'Khá']);
  expect((screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }) as HTMLInputElement).value).toBe(
    'Xuất sắc: 90; Tốt: 80; Khá: 0',
  );
});

test('Save saves what is on screen (not yet applied), and its message stays once the re-check is done', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }), {
    target: { value: 'Giỏi: 85; Đạt: 50; Chưa đạt: 0' },
  });
  fireEvent.change(screen.getByRole('combobox', { name: 'Cách tính điểm' }), { target: { value: 'self' } });
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  await waitFor(() => expect(host.applied).toHaveLength(1));
  // the re-check after the write has finished (read twice more: none for Save itself, one after it)…
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  expect(host.reads).toBe(2);
  // …and the saved message is still there
  expect(screen.getByText('Đã lưu cấu hình vào trang Cấu hình; từ nay bảng tính dùng cấu hình này.')).toBeTruthy();
  const saved = analyzeWorkbook(snapshotFromExcelJS(host.workbook)).settings;
  expect(saved.bands.map((b) => b.label)).toEqual(['Giỏi', 'Đạt', 'Chưa đạt']);
  expect(saved.basis).toBe('self');
  // the pane reads them from the sheet now: no pane override left, the form shows the saved values
  expect(screen.queryByText('Đang dùng cấu hình đã chỉnh trong khung này.')).toBeNull();
  expect((screen.getByRole('combobox', { name: 'Cách tính điểm' }) as HTMLSelectElement).value).toBe('self');
});

test('Save refuses unreadable bands on screen with a message, writing nothing', async () => {
  const host = fakeHost();
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }), { target: { value: 'A chín mươi' } });
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  expect((await screen.findByRole('alert')).textContent).toContain('Không đọc được mức xếp loại');
  expect(host.applied).toHaveLength(0);
});

test('asks before replacing a settings sheet the user made; cancel writes nothing', async () => {
  const wb = buildSampleWorkbook();
  const mine = wb.addWorksheet('Cấu hình');
  mine.addRow(['Chung']);
  mine.addRow(['Cách tính điểm', 'thẩm định']);
  const host = fakeHost({ workbook: wb });
  await openWorkbook(host);
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  expect((await screen.findByRole('alert')).textContent).toContain('không do add-in tạo');
  fireEvent.click(screen.getByRole('button', { name: 'Hủy' }));
  expect(host.applied).toHaveLength(0);
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  fireEvent.click(await screen.findByRole('button', { name: 'Ghi đè và lưu' }));
  await waitFor(() => expect(host.applied).toHaveLength(1));
});

test('a protected settings sheet: says nothing was saved and keeps the edits made in the pane', async () => {
  const wb = buildSampleWorkbook();
  const mine = wb.addWorksheet('Cấu hình');
  mine.addRow(['Chung']);
  mine.addRow(['Cách tính điểm', 'thẩm định']);
  await mine.protect('mật khẩu', {});
  const host = fakeHost({ workbook: wb });
  await openWorkbook(host);
  fireEvent.change(screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }), {
    target: { value: 'Tốt: 80; Khá: 0' },
  });
  fireEvent.click(screen.getByRole('button', { name: 'Áp dụng và kiểm tra lại' }));
  await screen.findByText('Đang dùng cấu hình đã chỉnh trong khung này.');
  await waitFor(() => expect(screen.queryByRole('progressbar')).toBeNull());
  fireEvent.click(screen.getByRole('button', { name: 'Lưu vào trang Cấu hình' }));
  expect((await screen.findByRole('alert')).textContent).toContain('Chưa lưu: trang "Cấu hình" đang được bảo vệ');
  expect(host.applied).toHaveLength(0);
  expect(screen.getByText('Đang dùng cấu hình đã chỉnh trong khung này.')).toBeTruthy();
  expect((screen.getByRole('textbox', { name: 'Xếp loại (mức: từ %)' }) as HTMLInputElement).value).toBe(
    'Tốt: 80; Khá: 0',
  );
});
