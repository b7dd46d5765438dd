/** @jest-environment jsdom */
// The check screen against a fake host over the sample workbook: counts, filter, grouping, cell links, errors.
import { FluentProvider, webLightTheme } from '@fluentui/react-components';
import { act, cleanup, fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { WorkbookReadError } from '../../src/workbook/read-error';
import { App } from '../../src/taskpane/App';
import { SeverityIcon } from '../../src/taskpane/SeverityIcon';
import { fakeHost } from './fake-host';

function expected(host: ReturnType<typeof fakeHost>) {
  const analysis = analyzeWorkbook(snapshotFromExcelJS(host.workbook));
  const count = (s: string) => analysis.findings.filter((f) => f.severity === s).length;
  return { analysis, errors: count('error'), warnings: count('warning'), info: count('info') };
}

async function check(name = 'Đọc và kiểm tra bảng tính') {
  fireEvent.click(screen.getByRole('button', { name }));
  await screen.findByRole('checkbox', { name: /^(Lỗi|Errors) \(/ });
}

const findingButtons = () => document.querySelectorAll<HTMLButtonElement>('button[data-severity]');

test('shows the same error/warning/info counts as analyzeWorkbook, in the summary and the filter', async () => {
  const host = fakeHost();
  const { errors, warnings, info } = expected(host);
  expect(errors).toBeGreaterThan(0);
  expect(warnings).toBeGreaterThan(0);
  render(<App host={host} />);
  await check();
  expect(screen.getByText(`${errors} lỗi, ${warnings} cảnh báo, ${info} thông tin`)).toBeTruthy();
  expect(screen.getByRole('checkbox', { name: `Lỗi (${errors})` })).toBeTruthy();
  expect(screen.getByRole('checkbox', { name: `Cảnh báo (${warnings})` })).toBeTruthy();
  expect(screen.getByRole('checkbox', { name: `Thông tin (${info})` })).toBeTruthy();
  expect(findingButtons()).toHaveLength(errors + warnings + info);
  expect(host.reads).toBe(1);
});

test('clicking a finding selects its sheet and cell', async () => {
  const host = fakeHost();
  const { analysis } = expected(host);
  const target = analysis.findings.find((f) => f.cell !== null && f.severity === 'warning');
  if (!target) throw new Error('the sample has a warning with a cell');
  render(<App host={host} />);
  await check();
  const button = [...findingButtons()].find(
    (b) => b.textContent?.includes(target.messageVi) && b.textContent.includes(target.cell ?? ''),
  );
  if (!button) throw new Error('finding not shown');
  fireEvent.click(button);
  await waitFor(() => expect(host.selections).toEqual([[target.sheet, target.cell]]));
});

test('the severity filter hides the other severities', async () => {
  const host = fakeHost();
  const { errors, warnings } = expected(host);
  render(<App host={host} />);
  await check();
  fireEvent.click(screen.getByRole('checkbox', { name: `Lỗi (${errors})` }));
  const shown = [...findingButtons()];
  expect(shown).toHaveLength(warnings);
  expect(shown.every((b) => b.dataset.severity === 'warning')).toBe(true);
  fireEvent.click(screen.getByRole('checkbox', { name: `Cảnh báo (${warnings})` }));
  expect(findingButtons()).toHaveLength(0);
  expect(screen.getByText('Không có phát hiện nào ở các mức đã chọn.')).toBeTruthy();
});

test('groups by unit with counts, and by code with counts', async () => {
  const host = fakeHost();
  const { analysis } = expected(host);
  render(<App host={host} />);
  await check();
  // By unit: a section per sheet with findings, labelled with the unit's name, holding that sheet's findings.
  const sheet = analysis.findings[0].sheet;
  const unit = analysis.sheets.find((s) => s.sheet === sheet)?.unit ?? sheet;
  const perSheet = analysis.findings.filter((f) => f.sheet === sheet).length;
  const section = screen.getByRole('region', { name: unit });
  expect(within(section).getAllByRole('button')).toHaveLength(perSheet);
  expect(within(section).getByRole('heading').textContent).toContain(String(perSheet));
  // By code.
  fireEvent.click(screen.getByRole('radio', { name: 'Loại phát hiện' }));
  const missing = analysis.findings.filter((f) => f.code === 'EVIDENCE_MISSING').length;
  // …under the type's Vietnamese title, the code secondary, the severity by icon (named for screen readers).
  const codeSection = screen.getByRole('region', { name: 'Thiếu tài liệu kiểm chứng' });
  expect(within(codeSection).getAllByRole('button')).toHaveLength(missing);
  const heading = within(codeSection).getByRole('heading');
  expect(heading.textContent).toContain(String(missing));
  expect(heading.textContent).toContain('EVIDENCE_MISSING');
  expect(heading.textContent?.indexOf('Thiếu tài liệu kiểm chứng')).toBeLessThan(
    heading.textContent?.indexOf('EVIDENCE_MISSING') ?? -1,
  );
  expect(within(heading).getByRole('img', { name: 'Lỗi' }).getAttribute('data-severity-icon')).toBe('error');
  expect(screen.queryByRole('region', { name: 'EVIDENCE_MISSING' })).toBeNull();
});

test('each finding shows its severity by icon: error, warning and info look different', async () => {
  const host = fakeHost();
  render(<App host={host} />);
  await check();
  const present = new Set([...findingButtons()].map((b) => b.dataset.severity));
  expect(present.has('error') && present.has('warning')).toBe(true);
  for (const b of findingButtons()) {
    const severity = b.dataset.severity as 'error' | 'warning' | 'info';
    const icon = b.querySelector('[data-severity-icon]');
    expect(icon?.getAttribute('data-severity-icon')).toBe(severity);
    expect(icon?.getAttribute('aria-label')).toBe({ error: 'Lỗi', warning: 'Cảnh báo', info: 'Thông tin' }[severity]);
  }
  // shape and colour differ per severity (the sample has no info finding: the icons drawn alone)
  cleanup();
  render(
    <FluentProvider theme={webLightTheme}>
      <SeverityIcon severity="error" />
      <SeverityIcon severity="warning" />
      <SeverityIcon severity="info" />
    </FluentProvider>,
  );
  const icons = [...document.querySelectorAll('[data-severity-icon]')];
  expect(icons.map((i) => i.getAttribute('aria-label'))).toEqual(['Lỗi', 'Cảnh báo', 'Thông tin']);
  expect(new Set(icons.map((i) => i.className)).size).toBe(3);
  expect(new Set(icons.map((i) => i.innerHTML)).size).toBe(3);
});

test('shows reading progress while the host reads, and stays usable after', async () => {
  const host = fakeHost();
  let release: () => void = () => undefined;
  const gate = new Promise<void>((r) => (release = r));
  const read = host.readSnapshot.bind(host);
  host.readSnapshot = async (onProgress) => {
    onProgress?.(3, 16);
    await gate;
    return read(onProgress);
  };
  render(<App host={host} />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  // A share, not a count: hosts count in their own units (cells, requests).
  expect(await screen.findByText('Đang đọc bảng tính: 18 %')).toBeTruthy();
  expect(screen.getByRole('progressbar').getAttribute('aria-valuenow')).toBe(String(3 / 16));
  expect((screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }) as HTMLButtonElement).disabled).toBe(true);
  await act(async () => release());
  await screen.findByRole('checkbox', { name: /^Lỗi \(/ });
  expect(screen.queryByRole('progressbar')).toBeNull();
  expect(screen.getByRole('button', { name: 'Kiểm tra lại' })).toBeTruthy();
});

test('a read failure is shown in a message bar with its Vietnamese message, and can be retried', async () => {
  const host = fakeHost();
  host.failNext.read = new WorkbookReadError(
    'unreadable',
    'x',
    'Không đọc được bảng tính.',
    'The workbook cannot be read.',
  );
  render(<App host={host} />);
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('Không đọc được bảng tính.');
  fireEvent.click(screen.getByRole('button', { name: 'Đọc và kiểm tra bảng tính' }));
  await screen.findByRole('checkbox', { name: /^Lỗi \(/ });
  expect(screen.queryByRole('alert')).toBeNull();
});

test('an unknown error (e.g. from Office) is shown too, never swallowed', async () => {
  const host = fakeHost();
  host.selectCell = async () => {
    throw Object.assign(new Error('The requested resource does not exist.'), { code: 'ItemNotFound' });
  };
  render(<App host={host} />);
  await check();
  fireEvent.click(findingButtons()[0]);
  const alert = await screen.findByRole('alert');
  expect(alert.textContent).toContain('The requested resource does not exist. (ItemNotFound)');
});

test('English UI when the display language is en-US', async () => {
  const host = fakeHost({ displayLanguage: 'en-US' });
  const { analysis, errors, warnings, info } = expected(host);
  render(<App host={host} />);
  expect(screen.getByRole('tab', { name: 'Check' })).toBeTruthy();
  expect(screen.getByRole('tab', { name: 'Evidence' })).toBeTruthy();
  await check('Read and check the workbook');
  expect(screen.getByText(`${errors} errors, ${warnings} warnings, ${info} info`)).toBeTruthy();
  expect(screen.getByRole('checkbox', { name: `Errors (${errors})` })).toBeTruthy();
  const first = analysis.findings[0];
  expect([...findingButtons()].some((b) => b.textContent?.includes(first.messageEn))).toBe(true);
  expect([...findingButtons()].some((b) => b.textContent?.includes(first.messageVi))).toBe(false);
});
