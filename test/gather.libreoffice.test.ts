// A gathered master and a split file opened and recalculated by LibreOffice (the slow project: it runs soffice):
// every sheet there, the gathered units' formulas giving the published totals, the listing readable.
import fs from 'fs';
import os from 'os';
import path from 'path';
import { recalculate, requireLibreOffice } from './helpers/libreoffice';
import { ministries2023 } from './fixtures/published-workbook';
import { cli, templateOnlyMaster, unitSheets, unitWorkbook, write } from './gather-helpers';

let dir: string;

beforeAll(() => {
  requireLibreOffice();
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'par-gather-lo-'));
});

afterAll(() => {
  fs.rmSync(dir, { recursive: true, force: true });
});

/** LibreOffice's text of a number cell (`89.96`, `89,96`) as a number. */
const num = (text: string): number => Number(text.replace(',', '.'));

describe('LibreOffice on gathered and split files', () => {
  it('recalculates every gathered unit to its published total, and opens the split files', async () => {
    const master = write(path.join(dir, 'master.xlsx'), await templateOnlyMaster());
    const some = [0, 5, 9, 16];
    for (const i of some) {
      write(
        path.join(dir, 'nop', `${i}.xlsx`),
        await unitWorkbook(unitSheets[i], { asSheet1: i % 2 === 0, withTemplate: i === 5 }),
      );
    }
    const out = path.join(dir, 'out.xlsx');
    expect((await cli(['gather', master, path.join(dir, 'nop'), '--out', out])).code).toBe(0);
    const sheets = await recalculate(out);
    expect([...sheets.keys()]).toContain('Danh sách nộp');
    for (const i of some) {
      const [, unit, appraised, survey] = ministries2023.rows[i];
      const name = [...sheets.keys()].find((n) => unit.startsWith(n))!;
      const grid = sheets.get(name)!;
      expect(grid[0][0]).toBe(`Đơn vị: ${unit}`);
      // Row 7: Tổng điểm, D7 = D3 + D5 recalculated.
      expect(num(grid[6][3])).toBeCloseTo(appraised + survey, 2);
    }

    const folder = path.join(dir, 'split');
    expect((await cli(['split', out, '--out', folder])).code).toBe(0);
    const [first] = fs.readdirSync(folder).sort();
    const split = await recalculate(path.join(folder, first));
    expect(split.size).toBe(2);
  });
});
