// R1C1 formulas (src/core/r1c1.ts): each cell's A1 text, and the promise the package writer's shared formulas
// rest on: a formula filled down a column reads, in every cell, as the reader's slide of the first cell's A1
// text (the reader translates a shared formula's copies exactly so, as ExcelJS and Excel do).
import fc from 'fast-check';
import { fixedRange, fixedRowRef, formulaA1, r1c1ToA1, relativeRef } from '../../src/core/r1c1';
import { slideFormula } from '../../src/workbook/xlsx-package/read-sheet';

describe('r1c1ToA1', () => {
  test('relative, fixed-row and fixed references from a cell', () => {
    // The cell F10: row 9, column 5 (zero-based).
    expect(r1c1ToA1(relativeRef(0, -1), 9, 5)).toBe('E10');
    expect(r1c1ToA1(relativeRef(-2, 3), 9, 5)).toBe('I8');
    expect(r1c1ToA1(relativeRef(0, 0), 9, 5)).toBe('F10');
    expect(r1c1ToA1(fixedRowRef(156, -1), 9, 5)).toBe('E$157');
    expect(r1c1ToA1(fixedRange(3, 4004, 19, 4004), 9, 5)).toBe('$EXA$4:$EXA$20');
    expect(r1c1ToA1(`'Đơn vị 1'!${relativeRef(1, -1)}+SUM(${relativeRef(-1, 0)}:${relativeRef(-3, 0)})`, 9, 5)).toBe(
      "'Đơn vị 1'!E11+SUM(F9:F7)",
    );
  });

  test('text constants, quoted sheet names and names that start like a reference are left as they are', () => {
    expect(r1c1ToA1(`IF(RC="RC",'R1C1'!RC[1],ROUND(RC2,0))`, 0, 0)).toBe(`IF(A1="RC",'R1C1'!B1,ROUND($B1,0))`);
    expect(r1c1ToA1('TRUE+OR(FALSE)+RCX+R1C1(2)', 0, 0)).toBe('TRUE+OR(FALSE)+RCX+R1C1(2)');
    // A whole row or column is not written by the plan, and not read.
    expect(r1c1ToA1('SUM(R2)+SUM(C[1])', 0, 0)).toBe('SUM(R2)+SUM(C[1])');
  });

  test('a reference moved off the grid is #REF!, as Excel shows it', () => {
    expect(r1c1ToA1(relativeRef(-1, 0), 0, 0)).toBe('#REF!');
    expect(r1c1ToA1(`1+${relativeRef(0, -3)}`, 5, 2)).toBe('1+#REF!');
  });

  test('formulaA1: an A1 formula is its own text', () => {
    expect(formulaA1({ formula: 'SUM(A1:A2)' }, 7, 7)).toBe('SUM(A1:A2)');
    expect(formulaA1({ formula: 'SUM(R1C1:R[-1]C)', r1c1: true }, 7, 7)).toBe('SUM($A$1:H7)');
  });
});

// A formula built from references the calculation sheet uses, between functions, operators and text.
const sheetNames = fc.constantFrom('', "'Đơn vị 844'!", "'Sở A1'!", "'R1C1'!", "'it''s'!", 'Data!');
const reference = fc.oneof(
  fc
    .tuple(sheetNames, fc.integer({ min: -20, max: 20 }), fc.integer({ min: -20, max: 20 }))
    .map(([s, r, c]) => s + relativeRef(r, c)),
  fc.tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: -20, max: 20 })).map(([r, c]) => fixedRowRef(r, c)),
  fc
    .tuple(fc.integer({ min: 0, max: 300 }), fc.integer({ min: 0, max: 16000 }), fc.integer({ min: 0, max: 40 }))
    .map(([r, c, h]) => fixedRange(r, c, r + h, c)),
);
const piece = fc.oneof(
  reference,
  fc.constantFrom('IF(', 'MEDIAN(0,4,', 'ROUND(', 'OR(', 'TRIM(', ')', ',', '=1', '>0', '+', '"RC"', '","', 'TRUE'),
);
const formula = fc.array(piece, { minLength: 1, maxLength: 12 }).map((parts) => parts.join(''));

test('filled down: every cell reads as the slide of the first cell’s A1 text (what a shared formula stores)', () => {
  fc.assert(
    fc.property(
      formula,
      fc.integer({ min: 25, max: 5000 }),
      fc.integer({ min: 25, max: 15000 }),
      fc.integer({ min: 1, max: 200 }),
      (f, row, col, down) => {
        const master = r1c1ToA1(f, row, col);
        expect(slideFormula(master, row, col, row + down, col)).toBe(r1c1ToA1(f, row + down, col));
      },
    ),
    { numRuns: 2000 },
  );
});
