import { makeMarkerSet, parseLevels, parseNumberText, readScoreCell } from '../../src/core/cells';

const na = makeMarkerSet(['Không áp dụng', 'KAD', 'N/A']);

describe('parseNumberText: numbers typed as text', () => {
  test.each([
    ['10,59', 10.59, false],
    ['10.59', 10.59, false],
    ['88,52%', 88.52, true],
    [' 88,52 % ', 88.52, true],
    ['1.234,5', 1234.5, false],
    ['1,234.5', 1234.5, false],
    ['1.234.567', 1234567, false],
    ['-2', -2, false],
    ['0', 0, false],
    ['12', 12, false],
  ])('%s → %d', (text, value, percent) => {
    expect(parseNumberText(text)).toEqual({ value, percent });
  });

  test.each(['', 'abc', '1,2,3', '10,59 điểm', '--1', '1..2', ',5', '#REF!'])('%s is not a number', (text) => {
    expect(parseNumberText(text)).toBeNull();
  });
});

describe('readScoreCell', () => {
  test('numbers, text numbers, blanks', () => {
    expect(readScoreCell(1.5, na)).toEqual({ kind: 'number', value: 1.5, fromText: false, percent: false });
    expect(readScoreCell('1,5', na)).toEqual({ kind: 'number', value: 1.5, fromText: true, percent: false });
    expect(readScoreCell(null, na)).toEqual({ kind: 'blank' });
    expect(readScoreCell(undefined, na)).toEqual({ kind: 'blank' });
    expect(readScoreCell('   ', na)).toEqual({ kind: 'blank' });
  });

  test('error values, from the host or typed', () => {
    expect(readScoreCell({ error: '#REF!' }, na)).toEqual({ kind: 'error', text: '#REF!' });
    expect(readScoreCell('#DIV/0!', na)).toEqual({ kind: 'error', text: '#DIV/0!' });
    expect(readScoreCell(Number.NaN, na).kind).toBe('error');
  });

  test('not-applicable markers ignore case and diacritics', () => {
    expect(readScoreCell('Không áp dụng', na).kind).toBe('na');
    expect(readScoreCell('khong ap dung', na).kind).toBe('na');
    expect(readScoreCell('KAD', na).kind).toBe('na');
    expect(readScoreCell('n/a', na).kind).toBe('na');
  });

  test('other text is text', () => {
    expect(readScoreCell('đạt', na)).toEqual({ kind: 'text', text: 'đạt' });
    expect(readScoreCell(true, na)).toEqual({ kind: 'text', text: 'TRUE' });
  });
});

describe('parseLevels', () => {
  test('lists of allowed levels', () => {
    expect(parseLevels('0; 0,5; 1')).toEqual([0, 0.5, 1]);
    expect(parseLevels('1 / 0 / 0.5')).toEqual([0, 0.5, 1]);
    expect(parseLevels('0 hoặc 2')).toEqual([0, 2]);
  });
  test('anything else is no restriction', () => {
    expect(parseLevels('')).toBeNull();
    expect(parseLevels(1)).toBeNull();
    expect(parseLevels('tùy mức độ')).toBeNull();
    expect(parseLevels('1')).toBeNull();
  });
});
