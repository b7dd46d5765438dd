// The colours of the classification bands (ranking sheets, charts): the best band green, then blue, yellow,
// orange; the lowest band red whatever their number.
const FILLS = ['C6EFCE', 'DDEBF7', 'FFEB9C', 'FCE4D6'];
const FONTS = ['006100', '1F4E78', '9C5700', '843C0C'];
const LOWEST = { fill: 'FFC7CE', fontColor: '9C0006' };

/** Each band label (highest band first) with its fill and font colour (`RRGGBB`). */
export function bandColours(labels: readonly string[]): { label: string; fill: string; fontColor: string }[] {
  return labels.map((label, i) => {
    if (i === labels.length - 1 && labels.length > 1) return { label, ...LOWEST };
    const k = Math.min(i, FILLS.length - 1);
    return { label, fill: FILLS[k], fontColor: FONTS[k] };
  });
}
