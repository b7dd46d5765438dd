/** @jest-environment jsdom */
// The evidence screen: every EVIDENCE_MISSING / EVIDENCE_PLACEHOLDER finding per unit, with counts, each a
// button that selects its cell.
import { fireEvent, render, screen, waitFor, within } from '@testing-library/react';
import { analyzeWorkbook } from '../../src/core/analyze';
import { snapshotFromExcelJS } from '../../src/workbook/exceljs-snapshot';
import { App } from '../../src/taskpane/App';
import { fakeHost } from './fake-host';

function evidenceFindings(host: ReturnType<typeof fakeHost>) {
  const analysis = analyzeWorkbook(snapshotFromExcelJS(host.workbook));
  return {
    analysis,
    gaps: analysis.findings.filter((f) => f.code === 'EVIDENCE_MISSING' || f.code === 'EVIDENCE_PLACEHOLDER'),
  };
}

async function openEvidence(host: ReturnType<typeof fakeHost>, button = 'Đọc và kiểm tra bảng tính') {
  render(<App host={host} initialScreen="evidence" />);
  fireEvent.click(screen.getByRole('button', { name: button }));
  await screen.findByRole('heading', { name: /^(Thiếu tài liệu kiểm chứng|Missing evidence)$/ });
}

test('lists every evidence gap per unit with counts', async () => {
  const host = fakeHost();
  const { analysis, gaps } = evidenceFindings(host);
  expect(gaps.length).toBeGreaterThan(1);
  await openEvidence(host);
  const sheets = [...new Set(gaps.map((f) => f.sheet))];
  expect(screen.getByText(`${gaps.length} tiêu chí cần bổ sung tài liệu ở ${sheets.length} đơn vị.`)).toBeTruthy();
  for (const sheet of sheets) {
    const unit = analysis.sheets.find((s) => s.sheet === sheet)?.unit ?? sheet;
    const mine = gaps.filter((f) => f.sheet === sheet);
    const missing = mine.filter((f) => f.code === 'EVIDENCE_MISSING').length;
    const section = screen.getByRole('region', { name: unit });
    expect(within(section).getAllByRole('button')).toHaveLength(mine.length);
    expect(section.textContent).toContain(`${missing} thiếu, ${mine.length - missing} không hợp lệ`);
    for (const f of mine) expect(section.textContent).toContain(`Tiêu chí ${f.criterion}`);
  }
  // Other findings (e.g. a score above the maximum) are not listed here.
  const others = analysis.findings.filter((f) => !gaps.includes(f) && f.cell !== null);
  const buttons = screen.getAllByRole('button').filter((b) => b.closest('section'));
  expect(buttons).toHaveLength(gaps.length);
  expect(others.length).toBeGreaterThan(0);
});

test('each gap is a button to its cell', async () => {
  const host = fakeHost();
  const { analysis, gaps } = evidenceFindings(host);
  await openEvidence(host);
  for (const f of gaps) {
    const unit = analysis.sheets.find((s) => s.sheet === f.sheet)?.unit ?? f.sheet;
    const section = screen.getByRole('region', { name: unit });
    const button = within(section)
      .getAllByRole('button')
      .find((b) => b.textContent?.startsWith(f.cell ?? '?'));
    if (!button) throw new Error(`no button for ${f.sheet}!${f.cell}`);
    button.focus();
    expect(document.activeElement).toBe(button);
    fireEvent.click(button);
  }
  await waitFor(() => expect(host.selections).toEqual(gaps.map((f) => [f.sheet, f.cell])));
});

test('English UI', async () => {
  const host = fakeHost({ displayLanguage: 'en-US' });
  const { gaps } = evidenceFindings(host);
  await openEvidence(host, 'Read and check the workbook');
  const sheets = new Set(gaps.map((f) => f.sheet));
  expect(screen.getByText(`${gaps.length} criteria need evidence in ${sheets.size} units.`)).toBeTruthy();
  expect(screen.getAllByText(/: (No evidence nor explanation|Placeholder evidence)$/)).toHaveLength(gaps.length);
});
