// A gathered sheet is the unit's sheet as the unit made it: values, formulas, rich text, fonts, fills, borders,
// number formats, alignment, merges, column widths, row heights, notes, data validation, conditional formats,
// hyperlinks and print titles, compared through ExcelJS between the unit's file and the master; the master's
// own parts untouched (the template sheet's part byte for byte) and the package valid.
import fs from 'fs';
import os from 'os';
import path from 'path';
import ExcelJS from 'exceljs';
import { MINISTRIES_TEMPLATE_SHEET } from './fixtures/published-workbook';
import { packageProblems, partsOf, sheetsOf } from './xlsx-package/package-check';
import { cli, templateOnlyMaster, unitWorkbook, write } from './gather-helpers';

let dir: string;
let unitFile: string;
let masterFile: string;
let out: string;
const UNIT = 'Sở Tư pháp';

async function featureUnit(): Promise<Buffer> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.load((await unitWorkbook('Bộ Tư pháp', { asSheet1: true })) as unknown as ArrayBuffer);
  const ws = wb.getWorksheet('Sheet1')!;
  ws.getCell('A1').value = `Đơn vị: ${UNIT}`;
  ws.mergeCells('A1:F1');
  ws.getCell('A1').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFF2CC' } };
  ws.getCell('A1').font = { name: 'Arial', size: 14, bold: true, italic: true, color: { argb: 'FF1F4E79' } };
  ws.getCell('D4').numFmt = '#,##0.000 "điểm"';
  ws.getCell('F4').value = {
    richText: [
      { text: 'Báo cáo ', font: { bold: true } },
      { text: 'số 01/BC-STP', font: { italic: true, color: { argb: 'FFC00000' } } },
    ],
  };
  ws.getCell('F6').value = { text: 'Cổng thông tin', hyperlink: 'https://moj.gov.vn/' };
  ws.getCell('D4').note = 'Đã đối chiếu với báo cáo / checked against the report';
  ws.getCell('D4').dataValidation = {
    type: 'decimal',
    operator: 'between',
    allowBlank: true,
    formulae: [0, 68.5],
    showErrorMessage: true,
    error: 'Điểm từ 0 đến tối đa',
  };
  ws.addConditionalFormatting({
    ref: 'D3:E7',
    rules: [
      {
        type: 'expression',
        priority: 1,
        formulae: ['D3>C3'],
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  ws.getColumn(2).width = 55.5;
  ws.getRow(4).height = 33;
  ws.getCell('B4').alignment = { wrapText: true, vertical: 'top', horizontal: 'left', indent: 1 };
  ws.getCell('C4').border = { bottom: { style: 'double', color: { argb: 'FF00B050' } } };
  ws.pageSetup.printTitlesRow = '2:2';
  return Buffer.from(await wb.xlsx.writeBuffer());
}

beforeAll(async () => {
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-gather-lossless-'));
  unitFile = write(path.join(dir, 'units', 'so-tu-phap.xlsx'), await featureUnit());
  masterFile = write(path.join(dir, 'master.xlsx'), await templateOnlyMaster());
  out = path.join(dir, 'out.xlsx');
  const run = await cli(['gather', masterFile, unitFile, '--out', out]);
  if (run.code !== 0) throw new Error(run.out + run.err);
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

async function load(file: string): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  await wb.xlsx.readFile(file);
  return wb;
}

describe('gather copies a unit sheet losslessly', () => {
  it('keeps every cell, style, merge, width, note, validation, rule, link and print title', async () => {
    const source = (await load(unitFile)).getWorksheet('Sheet1')!;
    const outBook = await load(out);
    const copy = outBook.getWorksheet(UNIT)!;
    expect(copy).toBeDefined();
    expect(copy.model.merges).toEqual(source.model.merges);
    for (let r = 1; r <= source.rowCount; r++) {
      expect(copy.getRow(r).height).toBe(source.getRow(r).height);
      for (let c = 1; c <= source.columnCount; c++) {
        const a = source.getCell(r, c);
        const b = copy.getCell(r, c);
        const where = `${a.address}`;
        expect({ where, value: b.value }).toEqual({ where, value: a.value });
        expect({ where, style: b.style }).toEqual({ where, style: a.style });
        expect({ where, note: b.note }).toEqual({ where, note: a.note });
        expect({ where, dv: b.dataValidation }).toEqual({ where, dv: a.dataValidation });
      }
    }
    for (let c = 1; c <= source.columnCount; c++) expect(copy.getColumn(c).width).toBe(source.getColumn(c).width);
    // ExcelJS keeps the sheet's rules read from a file in `conditionalFormattings` (not in its typings).
    const rules = (ws: ExcelJS.Worksheet) =>
      (ws as unknown as { conditionalFormattings: ExcelJS.ConditionalFormattingOptions[] }).conditionalFormattings.map(
        (f) => ({ ref: f.ref, rules: f.rules.map((r) => ({ ...r, priority: 0 })) }),
      );
    expect(rules(source)).toHaveLength(1);
    expect(rules(copy)).toEqual(rules(source));
    expect(copy.pageSetup.printTitlesRow).toBe('2:2');
    // The rich text and the link are really there, not only equal to something empty.
    expect(copy.getCell('F4').value).toMatchObject({ richText: [{ text: 'Báo cáo ' }, { text: 'số 01/BC-STP' }] });
    expect(copy.getCell('F6').hyperlink).toBe('https://moj.gov.vn/');
    expect(copy.getCell('D4').note).toBe('Đã đối chiếu với báo cáo / checked against the report');
    expect(copy.getCell('A1').fill).toMatchObject({ fgColor: { argb: 'FFFFF2CC' } });
    expect(copy.getCell('D4').numFmt).toBe('#,##0.000 "điểm"');
  });

  it('leaves the master’s own parts as they were and the package valid', () => {
    const before = partsOf(fs.readFileSync(masterFile));
    const after = partsOf(fs.readFileSync(out));
    expect(packageProblems(fs.readFileSync(out))).toEqual([]);
    const template = sheetsOf(before).find((s) => s.name === MINISTRIES_TEMPLATE_SHEET)!;
    expect(sheetsOf(after).find((s) => s.name === MINISTRIES_TEMPLATE_SHEET)!.part).toBe(template.part);
    expect(after.bytes.get(template.part)!.equals(before.bytes.get(template.part)!)).toBe(true);
    // Shared strings of the master untouched: the unit's text is inlined in its own sheet.
    expect(after.bytes.get('xl/sharedStrings.xml')!.equals(before.bytes.get('xl/sharedStrings.xml')!)).toBe(true);
    // Only the unit's sheet is selected in the master once: no copied tab is selected with it.
    const selected = sheetsOf(after).filter((s) => /tabSelected="1"/.test(after.bytes.get(s.part)!.toString('utf8')));
    expect(selected.length).toBeLessThanOrEqual(1);
  });

  it('gathers the same sheet again without growing the styles', async () => {
    const again = path.join(dir, 'again.xlsx');
    // A fresh copy of the master gets the same records appended, the gathered master none more.
    const twice = path.join(dir, 'twice.xlsx');
    await cli(['gather', masterFile, unitFile, '--out', again]);
    expect(fs.readFileSync(again).equals(fs.readFileSync(out))).toBe(true);
    await cli(['gather', out, unitFile, '--out', twice]);
    const styles = (f: string) => partsOf(fs.readFileSync(f)).bytes.get('xl/styles.xml')!;
    expect(styles(twice).equals(styles(out))).toBe(true);
  });
});
