// What Excel does to a formula or range when the user inserts a row above it: relative row numbers shift by
// one, text literals stay as they are.
export function shiftedDownOneRow(text: string): string {
  return text
    .split(/("[^"]*")/)
    .map((part, i) =>
      i % 2 === 1
        ? part
        : part.replace(/(\$?[A-Z]+)(\d+)/g, (_m, col: string, row: string) => `${col}${Number(row) + 1}`),
    )
    .join('');
}
