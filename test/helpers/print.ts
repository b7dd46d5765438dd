// Printing one sheet of a workbook as it stands: the package with every other sheet hidden (a hidden sheet is
// not printed; its cells still compute) and the sheet made the active tab. Nothing else of the package changes,
// so the sheet prints with its own page setup, print titles and breaks.
import { XlsxPackage } from '../../src/workbook/xlsx-package/package';

const unescape = (s: string) =>
  s.replace(/&(lt|gt|quot|apos|amp);/g, (_, e: string) => ({ lt: '<', gt: '>', quot: '"', apos: "'", amp: '&' })[e]!);

export function onlySheet(xlsx: Buffer, name: string): Buffer {
  const pkg = XlsxPackage.open(xlsx);
  const part = pkg.workbookPart();
  let index = -1;
  let i = 0;
  const text = pkg
    .text(part)
    .replace(/<sheet\b[^>]*?\/>/g, (tag) => {
      const here = i++;
      const sheet = unescape(/\bname="([^"]*)"/.exec(tag)?.[1] ?? '');
      if (sheet === name) {
        index = here;
        return tag.replace(/\sstate="[^"]*"/, '');
      }
      if (/\sstate="(hidden|veryHidden)"/.test(tag)) return tag;
      return tag.replace(/\sstate="[^"]*"/, '').replace(/\/>$/, ' state="hidden"/>');
    })
    .replace(/<workbookView\b[^>]*?\/?>/, (tag) =>
      tag
        .replace(/\s(activeTab|firstSheet)="\d+"/g, '')
        .replace(/<workbookView\b/, `<workbookView activeTab="${index}"`),
    );
  if (index < 0) throw new Error(`no sheet "${name}" in the workbook`);
  // Without a view LibreOffice shows (and prints) the first sheet, hidden or not.
  const viewed = /<bookViews\b/.test(text)
    ? text
    : text.replace(/<sheets>/, `<bookViews><workbookView activeTab="${index}"/></bookViews><sheets>`);
  pkg.set(part, viewed);
  return pkg.toBuffer();
}
