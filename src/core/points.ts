// Point figures: how two of them compare, and binary noise dropped from their sums.

/** Points are published with 2 decimals: figures within half a hundredth of each other are the same. */
export const POINTS_TOLERANCE = 0.005;

/** Drops binary noise so that sums of the same decimals compare equal (0.1 + 0.2 = 0.3). */
export const clean = (x: number): number => {
  const r = Math.round(x * 1e9) / 1e9;
  return r === 0 ? 0 : r;
};
