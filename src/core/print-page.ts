// How the results sheets print, as a provincial appendix does: A4 landscape, one page wide, the table's header
// rows on every page, "x / y" in the footer, row heights that fit their wrapped text, and the place-and-date
// line and signature block at the end (labels from the settings sheet: printLabels).
import type { PageSetup } from './plan-types';
import type { PrintLabels } from './types';
import type { SheetBuilder } from './sheet-builder';

/** The page setup of a printed results sheet; `titleRows` repeated on every page. */
export function printPage(titleRows: { first: number; last: number } | null): PageSetup {
  return {
    orientation: 'landscape',
    paper: 'A4',
    fitToWidth: true,
    centerHorizontally: true,
    ...(titleRows ? { titleRows } : {}),
    footer: { center: '&P / &N' },
  };
}

/** Points per line of text at 11 pt (Excel's default row height). */
const LINE = 15;

/**
 * Lines `text` takes in a cell `width` characters wide (wrapped at words, each line break a line): an
 * estimate from character counts, a little generous for bold and larger type.
 */
export function lineCount(text: string, width: number, fontSize = 11, bold = false): number {
  const perLine = Math.max(1, (width - 1) / ((fontSize / 11) * (bold ? 1.1 : 1)));
  let lines = 0;
  for (const paragraph of text.split('\n')) {
    let line = 0;
    let count = 1;
    for (const word of paragraph.split(/\s+/).filter((w) => w !== '')) {
      const need = line === 0 ? word.length : line + 1 + word.length;
      if (need <= perLine || line === 0) line = need;
      else {
        count++;
        line = word.length;
      }
      while (line > perLine) {
        count++;
        line -= perLine;
      }
    }
    lines += count;
  }
  return Math.max(1, lines);
}

/** Row height (points) for cells of `texts` in columns `widths` wide (characters). */
export function fitHeight(cells: { text: string; width: number }[], fontSize = 11, bold = false): number {
  const lines = Math.max(1, ...cells.map((c) => lineCount(c.text, c.width, fontSize, bold)));
  return Math.ceil(lines * LINE * Math.max(1, fontSize / 11) + 3);
}

/** Total width (characters) of columns left…right. */
export function spanWidth(widths: readonly number[], left: number, right: number): number {
  let w = 0;
  for (let c = left; c <= right; c++) w += widths[c] ?? 9;
  return w;
}

/**
 * The place-and-date line and the two signatures, from row `top`: the left one over columns `left`, the
 * right one (and the date line) over `right`. Returns the row after the block.
 */
export function signatureBlock(
  b: SheetBuilder,
  top: number,
  labels: PrintLabels,
  left: [number, number],
  right: [number, number],
  widths: readonly number[],
): number {
  const center = { horizontal: 'center', vertical: 'middle', wrap: true } as const;
  let r = top;
  if (labels.placeDate !== '') {
    b.set(r, right[0], labels.placeDate);
    b.merge(r, right[0], r, right[1]);
    b.style(r, right[0], r, right[1], { ...center, italic: true });
    r++;
  }
  const titles = r;
  const sides: { cols: [number, number]; title: string[]; name: string }[] = [
    { cols: left, title: labels.leftTitle, name: labels.leftName },
    { cols: right, title: labels.rightTitle, name: labels.rightName },
  ];
  for (const side of sides) {
    if (side.title.length === 0 && side.name === '') continue;
    const [l, rr] = side.cols;
    b.set(titles, l, side.title.join('\n'));
    b.merge(titles, l, titles, rr);
    b.style(titles, l, titles, rr, { ...center, bold: true });
    if (side.name !== '') {
      b.set(titles + 2, l, side.name);
      b.merge(titles + 2, l, titles + 2, rr);
      b.style(titles + 2, l, titles + 2, rr, { ...center, bold: true });
    }
  }
  b.rowHeight(
    titles,
    fitHeight(
      sides.map((s) => ({ text: s.title.join('\n'), width: spanWidth(widths, s.cols[0], s.cols[1]) })),
      11,
      true,
    ),
  );
  // Room to sign and stamp.
  b.rowHeight(titles + 1, 70);
  return titles + 3;
}
