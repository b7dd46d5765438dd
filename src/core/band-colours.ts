// The colours of the classification bands (ranking sheets, charts): the best band green, then blue, yellow,
// orange; the lowest band red whatever their number.
const FILLS = ['C6EFCE', 'DDEBF7', 'FFEB9C', 'FCE4D6'];
const FONTS = ['006100', '1F4E78', '9C5700', '843C0C'];
const LOWEST = { fill: 'FFC7CE', fontColor: '9C0006' };
/** Stronger tones of the same colours, for bars. */
const BARS = ['63BE7B', '5B9BD5', 'FFC000', 'ED7D31'];
const LOWEST_BAR = 'F8696B';

/** Each band label with the colour of its bars in a chart. */
export function bandBarColours(labels: readonly string[]): { label: string; color: string }[] {
  return labels.map((label, i) => ({
    label,
    color: i === labels.length - 1 && labels.length > 1 ? LOWEST_BAR : BARS[Math.min(i, BARS.length - 1)],
  }));
}

/** Each band label (highest band first) with its fill and font colour (`RRGGBB`). */
export function bandColours(labels: readonly string[]): { label: string; fill: string; fontColor: string }[] {
  return labels.map((label, i) => {
    if (i === labels.length - 1 && labels.length > 1) return { label, ...LOWEST };
    const k = Math.min(i, FILLS.length - 1);
    return { label, fill: FILLS[k], fontColor: FONTS[k] };
  });
}
