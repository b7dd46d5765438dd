// An area's short name for a column header (`Thủ tục HC` for "Cải cách thủ tục hành chính"): the words the
// provinces' published tables use for the national areas, else the name's first words.
import { normalizeWords } from './text';

/** Normalised words found in an area's name → its short name; the first that matches wins. */
const KNOWN: [RegExp, string][] = [
  [/\bchi dao\b|\bdieu hanh\b/, 'Chỉ đạo, điều hành'],
  [/\bthe che\b/, 'Thể chế'],
  [/\bvan ban\b|\bqppl\b/, 'Văn bản QPPL'],
  [/\bthu tuc\b|\btthc\b/, 'Thủ tục HC'],
  [/\bbo may\b/, 'Tổ chức bộ máy'],
  [/\bcong vu\b/, 'Công vụ'],
  [/\bdoi ngu\b|\bcbccvc\b|\bcong chuc\b/, 'Đội ngũ CBCCVC'],
  [/\btai chinh\b/, 'Tài chính công'],
  [
    /\bchinh quyen so\b|\bchinh quyen dien tu\b|\bchinh phu so\b|\bchinh phu dien tu\b|\bchuyen doi so\b/,
    'Chính quyền số',
  ],
  [/\bhien dai hoa\b/, 'Hiện đại hóa HC'],
  [/\btac dong\b/, 'Tác động'],
  [/\bdiem thuong\b|\bdiem tru\b/, 'Thưởng, trừ'],
];

/** Words a long name starts with that say little in a header. */
const LEADING = /^(công tác|cải cách|xây dựng và|xây dựng|nâng cao)\s+/i;

export function areaShortName(name: string): string {
  const words = normalizeWords(name);
  for (const [re, short] of KNOWN) if (re.test(words)) return short;
  const rest = name.trim().replace(LEADING, '');
  const first = rest.split(/\s+/).slice(0, 3).join(' ');
  const short = first.length > 22 ? `${first.slice(0, 21)}…` : first;
  return short.charAt(0).toUpperCase() + short.slice(1);
}

/** `I. Thủ tục HC`: the area's code and short name. */
export function areaHeader(area: { code: string; name: string }): string {
  const short = areaShortName(area.name);
  return area.code ? `${area.code}. ${short}` : short;
}
