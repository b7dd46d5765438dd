// Excel's column widths: set in characters in a file and a plan, in points through Office.js.

/** Excel's column width in points for a width in characters (Calibri 11: 7 px per character + 5 px). */
export function widthToPoints(chars: number): number {
  if (chars <= 0) return 0;
  return Math.round((chars * 7 + 5) * 0.75 * 100) / 100;
}
