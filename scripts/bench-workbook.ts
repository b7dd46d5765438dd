// The benchmark's workbook: a criteria template and N unit sheets of C criteria, written straight as package
// parts (inline strings) so that 5,000 units build in seconds and in little memory; ExcelJS could not write them.
import { writeZip, type ZipOutEntry } from '../src/workbook/xlsx-package/zip';
import { mulberry32 } from './sample-workbook';

export interface CriterionRow {
  code: string;
  name: string;
  max: number;
  leaf: boolean;
}

/** 10 areas, each with criteria `k`: `criteria` leaves in all, maxima summing to 100. */
export function criteriaRows(criteria: number): CriterionRow[] {
  const areas = 10;
  const perArea = Math.max(1, Math.round(criteria / areas));
  const rows: CriterionRow[] = [];
  const leafMax = 100 / (areas * perArea);
  const roman = ['I', 'II', 'III', 'IV', 'V', 'VI', 'VII', 'VIII', 'IX', 'X'];
  for (let a = 0; a < areas; a++) {
    const name = `Lĩnh vực ${a + 1}: cải cách hành chính nội dung ${a + 1}`;
    rows.push({ code: roman[a], name, max: leafMax * perArea, leaf: false });
    for (let c = 1; c <= perArea; c++)
      rows.push({
        code: String(c),
        name: `Tiêu chí ${a + 1}.${c}: thực hiện nhiệm vụ được giao đúng hạn`,
        max: leafMax,
        leaf: true,
      });
  }
  return rows;
}

const escape = (s: string) => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');

function columnLetter(c: number): string {
  return String.fromCharCode(65 + c);
}

function sheetXml(rows: (string | number | null)[][]): string {
  const out: string[] = [
    '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>',
  ];
  rows.forEach((row, r) => {
    out.push(`<row r="${r + 1}">`);
    row.forEach((v, c) => {
      if (v === null) return;
      const ref = `${columnLetter(c)}${r + 1}`;
      out.push(
        typeof v === 'number'
          ? `<c r="${ref}"><v>${v}</v></c>`
          : `<c r="${ref}" t="inlineStr"><is><t>${escape(v)}</t></is></c>`,
      );
    });
    out.push('</row>');
  });
  out.push('</sheetData></worksheet>');
  return out.join('');
}

/** The .xlsx bytes: sheet 1 the template `Bộ tiêu chí`, then `Đơn vị 1`…`Đơn vị N`. */
export function benchWorkbook(units: number, criteria: number): Buffer {
  const rows = criteriaRows(criteria);
  const sheets: { name: string; xml: string }[] = [];
  sheets.push({
    name: 'Bộ tiêu chí',
    xml: sheetXml([
      ['BỘ TIÊU CHÍ'],
      ['STT', 'Nội dung', 'Điểm tối đa'],
      ...rows.map((r) => [r.code, r.name, r.max]),
      [null, 'Tổng điểm', 100],
    ]),
  });
  const rand = mulberry32(2026);
  const header = [
    'STT',
    'Lĩnh vực, tiêu chí',
    'Điểm tối đa',
    'Điểm tự đánh giá',
    'Điểm thẩm định',
    'Tài liệu kiểm chứng',
    'Giải trình',
  ];
  for (let u = 1; u <= units; u++) {
    const body = rows.map((r) => {
      if (!r.leaf) return [r.code, r.name, r.max];
      const self = Math.round(r.max * (0.5 + rand() * 0.5) * 100) / 100;
      const appraised = Math.round(self * (0.85 + rand() * 0.15) * 100) / 100;
      return [r.code, r.name, r.max, self, appraised, `Báo cáo số ${u}/BC-UBND ngày 15/12/2024`, null];
    });
    sheets.push({
      name: `Đơn vị ${u}`,
      xml: sheetXml([['BẢNG TỰ ĐÁNH GIÁ, CHẤM ĐIỂM CHỈ SỐ CCHC'], [`Đơn vị: Đơn vị số ${u}`], header, ...body]),
    });
  }
  const ns = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
  const entries: ZipOutEntry[] = [
    {
      name: '[Content_Types].xml',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">' +
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>' +
        '<Default Extension="xml" ContentType="application/xml"/>' +
        '<Override PartName="/xl/workbook.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>' +
        sheets
          .map(
            (_, i) =>
              `<Override PartName="/xl/worksheets/sheet${i + 1}.xml" ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>`,
          )
          .join('') +
        '</Types>',
    },
    {
      name: '_rels/.rels',
      data: `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="rId1" Type="${ns}/officeDocument" Target="xl/workbook.xml"/></Relationships>`,
    },
    {
      name: 'xl/workbook.xml',
      data:
        `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<workbook xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" xmlns:r="${ns}"><sheets>` +
        sheets.map((s, i) => `<sheet name="${escape(s.name)}" sheetId="${i + 1}" r:id="rId${i + 1}"/>`).join('') +
        '</sheets></workbook>',
    },
    {
      name: 'xl/_rels/workbook.xml.rels',
      data:
        '<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
        sheets
          .map(
            (_, i) => `<Relationship Id="rId${i + 1}" Type="${ns}/worksheet" Target="worksheets/sheet${i + 1}.xml"/>`,
          )
          .join('') +
        '</Relationships>',
    },
    ...sheets.map((s, i) => ({ name: `xl/worksheets/sheet${i + 1}.xml`, data: s.xml })),
  ];
  return writeZip(entries);
}
