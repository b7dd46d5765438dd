// The content hash behind fingerprints: fed in pieces (digits without making their text) it is the hash of
// the whole text, so a fingerprint made while planning equals the one read back from the file.
import fc from 'fast-check';
import { Cyrb53, cyrb53 } from '../../src/core/hash';

test('decimal(n) feeds what text(String(n)) feeds, for every whole number a sheet can have', () => {
  fc.assert(
    fc.property(fc.nat({ max: 2 ** 31 }), fc.nat({ max: 16384 }), fc.string(), (row, col, text) => {
      const pieces = new Cyrb53().decimal(row).code(44).decimal(col).code(61).text(text).digest();
      expect(pieces).toEqual(cyrb53(`${row},${col}=${text}`));
    }),
  );
  for (const n of [0, 1, 9, 10, 99, 100, 1048575, 1e9, 2 ** 31])
    expect(new Cyrb53().decimal(n).digest()).toEqual(cyrb53(String(n)));
});

test('a hasher reset and its digest written into a pair give what a new hasher gives, text after text', () => {
  const hasher = new Cyrb53();
  const pair: [number, number] = [0, 0];
  fc.assert(
    fc.property(fc.array(fc.string(), { minLength: 1, maxLength: 5 }), (texts) => {
      for (const text of texts) {
        expect(hasher.reset().text(text).digest(pair)).toBe(pair);
        expect(pair).toEqual(cyrb53(text));
      }
    }),
  );
});
