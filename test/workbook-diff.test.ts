// diffWorkbooks: identical and round-tripped workbooks compare equal; every kind of change is found and named.
import ExcelJS from 'exceljs';
import { diffWorkbooks, dumpSheet } from './helpers/workbook-diff';

const UNIT = 'Sở Tư pháp';
const OTHER = 'Sở Nội vụ';

/** A workbook using every feature the diff looks at. */
async function richWorkbook(): Promise<ExcelJS.Workbook> {
  const wb = new ExcelJS.Workbook();
  const ws = wb.addWorksheet(UNIT, {
    properties: { tabColor: { argb: 'FF00B050' } },
    views: [{ state: 'frozen', xSplit: 2, ySplit: 5 }],
  });
  ws.getCell('A1').value = 'BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC';
  ws.getCell('A1').font = { bold: true, size: 14, name: 'Times New Roman' };
  ws.getCell('A1').alignment = { horizontal: 'center', vertical: 'middle', wrapText: true };
  ws.mergeCells('A1:G1');
  ws.getCell('A2').value = {
    richText: [
      { text: 'Đơn vị: ', font: { italic: true } },
      { text: UNIT, font: { bold: true } },
    ],
  };
  ws.getCell('A3').value = 'ghi chú';
  ws.getCell('A3').note = 'Nhập điểm thẩm định ở cột E';
  ws.getCell('C6').value = 2;
  ws.getCell('D6').value = 1.5;
  ws.getCell('D6').numFmt = '0.00';
  ws.getCell('D6').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFFFFF00' } };
  ws.getCell('D6').border = { top: { style: 'thin' }, bottom: { style: 'double', color: { argb: 'FFFF0000' } } };
  ws.getCell('D6').protection = { locked: false };
  ws.getCell('E6').value = { formula: 'MIN(C6,D6)', result: 1.5 };
  ws.getCell('E7').value = { sharedFormula: 'E6', result: 0 };
  ws.getCell('C7').value = 4;
  ws.getCell('D7').value = { formula: '_xlfn.NUMBERVALUE("1,5",",")' };
  ws.getCell('F6').value = { text: 'Kế hoạch 39/KH', hyperlink: 'https://example.gov.vn/kh39', tooltip: 'mở' };
  ws.getCell('F7').value = { text: 'về bảng', hyperlink: `#'${OTHER}'!A1` };
  ws.getCell('G6').value = { error: '#N/A' };
  ws.getCell('G7').value = true;
  ws.getCell('G8').value = new Date(Date.UTC(2024, 0, 24));
  ws.getCell('B9').fill = { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FFDDEBF7' } }; // styled, empty
  ws.getColumn(2).width = 48;
  ws.getColumn(8).hidden = true;
  ws.getRow(4).height = 32;
  ws.getRow(10).hidden = true;
  ws.getCell('A10').value = 'ẩn'; // a hidden row needs a cell (or a height) to survive ExcelJS, see below
  ws.addConditionalFormatting({
    ref: 'E6:E20',
    rules: [
      {
        type: 'cellIs',
        operator: 'greaterThan',
        formulae: ['C6'],
        priority: 1,
        style: { fill: { type: 'pattern', pattern: 'solid', bgColor: { argb: 'FFFFC7CE' } } },
      },
    ],
  });
  // ws.dataValidations is not in ExcelJS's typings
  (ws as unknown as { dataValidations: { add(range: string, dv: ExcelJS.DataValidation): void } }).dataValidations.add(
    'D6:D20',
    {
      type: 'decimal',
      operator: 'between',
      allowBlank: true,
      formulae: [0, 100],
      showErrorMessage: true,
      error: 'Điểm không hợp lệ',
    },
  );
  ws.getCell('G9').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Không đạt"'] };
  ws.pageSetup = {
    ...ws.pageSetup,
    orientation: 'landscape',
    fitToPage: true,
    fitToWidth: 1,
    fitToHeight: 0,
    paperSize: 9,
    printArea: 'A1:G20',
    printTitlesRow: '4:5',
  };
  ws.headerFooter.oddFooter = 'Trang &P / &N';
  ws.autoFilter = 'A5:G5';
  await ws.protect('mat-khau', { selectLockedCells: false, formatColumns: true });

  const other = wb.addWorksheet(OTHER);
  other.getCell('A1').value = 7;
  other.getCell('B1').value = { formula: `'${UNIT}'!E6*2` };
  const hidden = wb.addWorksheet('Danh mục');
  hidden.state = 'hidden';
  hidden.getCell('A1').value = 'Đạt';
  wb.definedNames.add(`'${UNIT}'!$C$6:$E$20`, 'diem');
  return wb;
}

async function roundTrip(wb: ExcelJS.Workbook): Promise<ExcelJS.Workbook> {
  const copy = new ExcelJS.Workbook();
  await copy.xlsx.load(await wb.xlsx.writeBuffer());
  return copy;
}

function sheet(wb: ExcelJS.Workbook, name: string): ExcelJS.Worksheet {
  const ws = wb.getWorksheet(name);
  if (ws === undefined) throw new Error(`no sheet ${name}`);
  return ws;
}

let original: ExcelJS.Workbook;
let loaded: ExcelJS.Workbook;

beforeAll(async () => {
  original = await richWorkbook();
  loaded = await roundTrip(original);
});

/** A fresh loaded copy to change. */
function copy(): Promise<ExcelJS.Workbook> {
  return roundTrip(loaded);
}

describe('equal workbooks', () => {
  it('a workbook against itself → []', () => {
    expect(diffWorkbooks(original, original)).toEqual([]);
  });

  it('two loads of the same file → []', async () => {
    expect(diffWorkbooks(loaded, await copy())).toEqual([]);
  });

  it('an in-memory workbook against its writeBuffer → load round trip → []', () => {
    expect(diffWorkbooks(original, loaded)).toEqual([]);
  });

  it('a second round trip changes nothing either', async () => {
    expect(diffWorkbooks(loaded, await roundTrip(await copy()))).toEqual([]);
  });

  it('a sheet added elsewhere (with its own defined name) is not a change to the compared sheets', async () => {
    const after = await copy();
    const ranking = after.addWorksheet('Xếp hạng – Khối sở');
    ranking.getCell('A1').value = { formula: `'${UNIT}'!E6` };
    after.definedNames.add(`'Xếp hạng – Khối sở'!$A$1`, 'xep_hang');
    expect(diffWorkbooks(loaded, after)).toEqual([]);
  });

  it('the dump shows the normalized content', () => {
    const lines = dumpSheet(sheet(loaded, UNIT));
    expect(lines).toContain(`'${UNIT}'!E7: =MIN(C7,D7) (cached 0)`);
    expect(
      lines.some(
        (l) =>
          l.startsWith(`'${UNIT}'!D6: 1.5 | numFmt "0.00" | font`) ||
          l.startsWith(`'${UNIT}'!D6: 1.5 | numFmt "0.00" | fill`),
      ),
    ).toBe(true);
    expect(lines).toContain(`'${UNIT}': merge A1:G1`);
  });
});

describe('each kind of change is found and named', () => {
  async function changed(
    change: (wb: ExcelJS.Workbook) => void | Promise<void>,
    opts?: { sheets?: string[] },
  ): Promise<string[]> {
    const after = await copy();
    await change(after);
    return diffWorkbooks(loaded, after, opts);
  }

  it('a value', async () => {
    expect(
      await changed((wb) => {
        sheet(wb, UNIT).getCell('C6').value = 3;
      }),
    ).toEqual([`'${UNIT}'!C6: value 2 → 3`]);
  });

  it('a text, an emptied cell and a new cell', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.getCell('A3').value = 'x';
      ws.getCell('C7').value = null;
      ws.getCell('K30').value = 'mới';
    });
    expect(diff).toEqual([
      `'${UNIT}'!A3: value "ghi chú" → "x"`,
      `'${UNIT}'!C7: value 4 → (empty)`,
      `'${UNIT}'!K30: value (empty) → "mới"`,
    ]);
  });

  it('a formula, a shared formula and a cached result', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.getCell('E6').value = { formula: 'MAX(C6,D6)', result: 1.5 };
      ws.getCell('D7').value = { formula: '_xlfn.NUMBERVALUE("1,5",",")', result: 1.5 };
    });
    expect(diff).toEqual([
      `'${UNIT}'!E6: value =MIN(C6,D6) (cached 1.5) → =MAX(C6,D6) (cached 1.5)`,
      `'${UNIT}'!D7: value =_xlfn.NUMBERVALUE("1,5",",") → =_xlfn.NUMBERVALUE("1,5",",") (cached 1.5)`,
      `'${UNIT}'!E7: value =MIN(C7,D7) (cached 0) → =MAX(C7,D7) (cached 0)`, // the clone follows its master
    ]);
  });

  it('rich text, a hyperlink, an error, a note', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.getCell('A2').value = { richText: [{ text: 'Đơn vị: ', font: { italic: true } }, { text: UNIT }] };
      ws.getCell('F7').value = { text: 'về bảng', hyperlink: `#'${OTHER}'!B2` };
      ws.getCell('G6').value = { error: '#REF!' };
      ws.getCell('A3').note = 'khác';
    });
    expect(diff).toHaveLength(4);
    expect(diff[0]).toMatch(new RegExp(`^'${UNIT}'!A2: value rich text .*"bold":true.* → rich text `));
    expect(diff[1]).toBe(`'${UNIT}'!A3: note "Nhập điểm thẩm định ở cột E" → "khác"`);
    expect(diff[2]).toBe(`'${UNIT}'!G6: value #N/A → #REF!`);
    expect(diff[3]).toBe(`'${UNIT}'!F7: value "về bảng" (link "#'${OTHER}'!A1") → "về bảng" (link "#'${OTHER}'!B2")`);
  });

  it('a style: font, fill, border, numFmt, alignment, protection', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      // Whole new style objects: a loaded workbook shares one style object between the cells of one xf
      // (see the next test).
      const a1 = ws.getCell('A1');
      a1.style = {
        ...a1.style,
        font: { bold: false, size: 14, name: 'Times New Roman' },
        alignment: { horizontal: 'left' },
      };
      const d6 = ws.getCell('D6');
      d6.style = {
        numFmt: '0.0',
        font: d6.style.font,
        fill: { type: 'pattern', pattern: 'solid', fgColor: { argb: 'FF00FF00' } },
        protection: { locked: true },
      };
      const b9 = ws.getCell('B9');
      b9.style = { ...b9.style, fill: { type: 'pattern', pattern: 'none' } };
    });
    expect(diff).toEqual([
      `'${UNIT}'!A1: font {"bold":true,"name":"Times New Roman","size":14} → {"bold":false,"name":"Times New Roman","size":14}`,
      `'${UNIT}'!A1: alignment {"horizontal":"center","vertical":"middle","wrapText":true} → {"horizontal":"left"}`,
      `'${UNIT}'!D6: numFmt "0.00" → "0.0"`,
      `'${UNIT}'!D6: fill {"fgColor":{"argb":"FFFFFF00"},"pattern":"solid","type":"pattern"} → {"fgColor":{"argb":"FF00FF00"},"pattern":"solid","type":"pattern"}`,
      `'${UNIT}'!D6: border {"bottom":{"color":{"argb":"FFFF0000"},"style":"double"},"top":{"style":"thin"}} → (none)`,
      `'${UNIT}'!D6: protection {"locked":false} → (none)`,
      `'${UNIT}'!B9: fill {"fgColor":{"argb":"FFDDEBF7"},"pattern":"solid","type":"pattern"} → (none)`,
    ]);
  });

  it('ExcelJS trap: cell.font = … on a loaded workbook changes every cell sharing that style (here the merged title)', async () => {
    const diff = await changed((wb) => {
      sheet(wb, UNIT).getCell('A1').font = { bold: false };
    });
    expect(diff).toEqual(
      ['A1', 'B1', 'C1', 'D1', 'E1', 'F1', 'G1'].map(
        (c) => `'${UNIT}'!${c}: font {"bold":true,"name":"Times New Roman","size":14} → {"bold":false}`,
      ),
    );
  });

  it('ExcelJS trap: a hidden row without cells or height is not written; the diff reports it', async () => {
    const before = await copy();
    sheet(before, UNIT).getRow(12).hidden = true;
    expect(diffWorkbooks(before, await roundTrip(before))).toEqual([`'${UNIT}': row 12 hidden true → (none)`]);
  });

  it('a merge removed and one added', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.unMergeCells('A1:G1');
      ws.mergeCells('A2:C2');
    });
    expect(diff).toContain(`'${UNIT}': merge A1:G1 removed`);
    expect(diff).toContain(`'${UNIT}': merge A2:C2 added`);
  });

  it('a conditional format added, one changed', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.addConditionalFormatting({
        ref: 'C6:C20',
        rules: [{ type: 'expression', formulae: ['C6>D6'], priority: 2, style: { font: { bold: true } } }],
      });
    });
    expect(diff).toEqual([
      `'${UNIT}': conditional format C6:C20 added (rules [{"formulae":["C6>D6"],"priority":2,"style":{"font":{"bold":true}},"type":"expression"}])`,
    ]);
    const removed = await changed((wb) => sheet(wb, UNIT).removeConditionalFormatting(''));
    expect(removed).toEqual([
      expect.stringMatching(
        new RegExp(
          `^'${UNIT}': conditional format E6:E20 removed \\(rules \\[\\{"formulae":\\["C6"\\],"operator":"greaterThan"`,
        ),
      ),
    ]);
  });

  it('data validations removed (grouped over the range) and changed', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      for (let r = 6; r <= 20; r++) ws.getCell(`D${r}`).dataValidation = undefined as unknown as ExcelJS.DataValidation;
      ws.getCell('G9').dataValidation = { type: 'list', allowBlank: true, formulae: ['"Đạt,Không đạt,Khác"'] };
    });
    expect(diff).toHaveLength(2);
    expect(diff[0]).toMatch(
      new RegExp(
        `^'${UNIT}'!D6, D7, D8, … D20 \\(15 cells\\): data validation \\{"allowBlank":true.*"type":"decimal"\\} → \\(none\\)$`,
      ),
    );
    expect(diff[1]).toBe(
      `'${UNIT}'!G9: data validation {"allowBlank":true,"formulae":["\\"Đạt,Không đạt\\""],"type":"list"} → {"allowBlank":true,"formulae":["\\"Đạt,Không đạt,Khác\\""],"type":"list"}`,
    );
  });

  it('sheets reordered, a sheet hidden, a sheet missing', async () => {
    const reordered = await changed((wb) => {
      const [a, b] = [sheet(wb, UNIT), sheet(wb, OTHER)] as unknown as { orderNo: number }[];
      [a.orderNo, b.orderNo] = [b.orderNo, a.orderNo];
    });
    expect(reordered).toEqual([`sheet order '${UNIT}', '${OTHER}', 'Danh mục' → '${OTHER}', '${UNIT}', 'Danh mục'`]);
    expect(
      await changed((wb) => {
        sheet(wb, OTHER).state = 'hidden';
      }),
    ).toEqual([`'${OTHER}': state visible → hidden`]);
    const missing = await changed((wb) => wb.removeWorksheet(sheet(wb, OTHER).id));
    expect(missing).toEqual([`sheet '${OTHER}' is missing`]);
  });

  it('column width, hidden column, row height, hidden row', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.getColumn(2).width = 30;
      ws.getColumn(8).hidden = false;
      ws.getRow(4).height = 20;
      ws.getRow(10).hidden = false;
    });
    expect(diff).toEqual([
      `'${UNIT}': column B width 48 → 30`,
      `'${UNIT}': column H hidden true → (none)`,
      `'${UNIT}': row 4 height 32 → 20`,
      `'${UNIT}': row 10 hidden true → (none)`,
    ]);
  });

  it('frozen panes', async () => {
    const diff = await changed((wb) => {
      sheet(wb, UNIT).views = [{ state: 'frozen', xSplit: 2, ySplit: 6 }];
    });
    expect(diff).toHaveLength(1);
    expect(diff[0]).toMatch(
      new RegExp(
        `^'${UNIT}': sheet views \\(frozen panes, zoom, gridlines\\) .*"topLeftCell":"C6".*"ySplit":5.* → .*"topLeftCell":"C7".*"ySplit":6`,
      ),
    );
    const unfrozen = await changed((wb) => {
      sheet(wb, UNIT).views = [];
    });
    expect(unfrozen[0]).toMatch(/"state":"frozen".* → \(none\)$/);
  });

  it('sheet protection, page setup, header/footer, tab colour, auto filter', async () => {
    const diff = await changed((wb) => {
      const ws = sheet(wb, UNIT);
      ws.unprotect();
      ws.pageSetup.orientation = 'portrait';
      ws.headerFooter.oddFooter = '';
      ws.properties.tabColor = { argb: 'FFFF0000' };
      ws.autoFilter = undefined as unknown as string;
    });
    expect(diff).toHaveLength(5);
    expect(diff.every((l) => l.startsWith(`'${UNIT}': `))).toBe(true);
    expect(diff[0]).toMatch(
      /^'Sở Tư pháp': sheet protection \{"algorithmName":"SHA-512",.*"formatColumns":true,.*"selectLockedCells":false,.*"sheet":true.*\} → \(none\)$/,
    );
    expect(diff.slice(1)).toEqual([
      `'${UNIT}': page setup orientation "landscape" → "portrait"`,
      `'${UNIT}': header/footer oddFooter "Trang &P / &N" → (none)`,
      `'${UNIT}': sheet property tabColor {"argb":"FF00B050"} → {"argb":"FFFF0000"}`,
      `'${UNIT}': auto filter "A5:G5" → (none)`,
    ]);
  });

  it('defined names: changed, removed, and added on a compared sheet', async () => {
    const diff = await changed((wb) => {
      wb.definedNames.remove(`'${UNIT}'!$C$6:$E$20`, 'diem');
      wb.definedNames.add(`'${UNIT}'!$C$6:$E$30`, 'diem');
      wb.definedNames.add(`'${OTHER}'!$A$1`, 'moi');
    });
    expect(diff).toEqual([
      `defined name diem: ["'${UNIT}'!$C$6:$E$20"] → ["'${UNIT}'!$C$6:$E$30"]`,
      `defined name moi: (none) → ["'${OTHER}'!$A$1"]`,
    ]);
  });

  it('opts.sheets limits the comparison to the named sheets', async () => {
    const change = (wb: ExcelJS.Workbook): void => {
      sheet(wb, OTHER).getCell('A1').value = 8;
      sheet(wb, UNIT).getCell('C6').value = 3;
    };
    expect(await changed(change, { sheets: [OTHER] })).toEqual([`'${OTHER}'!A1: value 7 → 8`]);
    expect(await changed(change)).toEqual([`'${UNIT}'!C6: value 2 → 3`, `'${OTHER}'!A1: value 7 → 8`]);
    expect(() => diffWorkbooks(loaded, loaded, { sheets: ['Không có'] })).toThrow('no sheet "Không có"');
  });
});
