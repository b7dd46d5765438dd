// Command-line parsing: commands, --map, --header-row, --basis, and the mistakes users make.
import fc from 'fast-check';
import { columnLetter } from '../src/core/address';
import {
  MAP_ROLES,
  UsageError,
  parseBasis,
  parseColumnMap,
  parseCommandLine,
  parseHeaderRow,
  settingsOverride,
  type CliOptions,
} from '../src/cli/args';

function runOptions(argv: string[]): CliOptions {
  const parsed = parseCommandLine(argv);
  if (parsed.kind !== 'run') throw new Error(`expected a command, got ${parsed.kind}`);
  return parsed.options;
}

function usageError(fn: () => unknown): UsageError {
  try {
    fn();
  } catch (err) {
    if (err instanceof UsageError) return err;
    throw err;
  }
  throw new Error('expected a UsageError, nothing was thrown');
}

describe('parseColumnMap', () => {
  it('turns letters into zero-based indexes', () => {
    expect(parseColumnMap('code=A,name=B,max=C,self=D,appraised=E,evidence=F,explanation=G')).toEqual({
      code: 0,
      name: 1,
      max: 2,
      self: 3,
      appraised: 4,
      evidence: 5,
      explanation: 6,
    });
  });

  it('accepts lower-case letters, spaces, multi-letter columns and any case of role names', () => {
    expect(parseColumnMap(' Code = b , SELF=aa, naallowed=Z,evidenceRequired=AB ')).toEqual({
      code: 1,
      self: 26,
      naAllowed: 25,
      evidenceRequired: 27,
    });
  });

  it('accepts every role', () => {
    const text = MAP_ROLES.map((r, i) => `${r}=${columnLetter(i)}`).join(',');
    const map = parseColumnMap(text);
    MAP_ROLES.forEach((r, i) => expect(map[r]).toBe(i));
  });

  it.each([
    ['', /trống/],
    [',,', /is empty/],
    ['self', /role=COLUMN/],
    ['score=D', /unknown role "score"/],
    ['self=4', /"4" is not a column letter/],
    ['self=D4', /"D4" is not a column letter/],
    ['self=', /"" is not a column letter/],
    ['self=ABCD', /not a column letter/],
    ['self=D,self=E', /role self is given twice/],
    ['self=D,appraised=d', /column D is given to both self and appraised/],
  ])('rejects %j', (text, pattern) => {
    const err = usageError(() => parseColumnMap(text));
    expect(err.message).toMatch(pattern);
    expect(err.messageVi).not.toBe('');
    expect(err.messageEn).not.toBe('');
  });

  it('round-trips any set of distinct columns (property)', () => {
    fc.assert(
      fc.property(
        fc.uniqueArray(fc.integer({ min: 0, max: 16383 }), { minLength: 1, maxLength: MAP_ROLES.length }),
        (cols) => {
          const text = cols.map((c, i) => `${MAP_ROLES[i]}=${columnLetter(c)}`).join(',');
          const map = parseColumnMap(text);
          cols.forEach((c, i) => expect(map[MAP_ROLES[i]]).toBe(c));
        },
      ),
    );
  });
});

describe('parseHeaderRow and parseBasis', () => {
  it('converts the 1-based header row to zero-based', () => {
    expect(parseHeaderRow('1')).toBe(0);
    expect(parseHeaderRow(' 5 ')).toBe(4);
  });

  it.each(['0', '-1', '2.5', 'abc', '', '1048577'])('rejects header row %j', (text) => {
    expect(usageError(() => parseHeaderRow(text)).messageEn).toMatch(/--header-row/);
  });

  it('reads the three bases, any case', () => {
    expect(parseBasis('self')).toBe('self');
    expect(parseBasis('Appraised')).toBe('appraised');
    expect(parseBasis('AUTO')).toBe('auto');
    expect(usageError(() => parseBasis('final')).messageEn).toMatch(/self, appraised or auto/);
  });
});

describe('parseCommandLine', () => {
  it('reads a command, a file and the defaults', () => {
    expect(runOptions(['rank', 'bang diem.xlsx'])).toEqual({
      command: 'rank',
      file: 'bang diem.xlsx',
      json: false,
      debug: false,
    });
  });

  it('reads every option, before or after the file', () => {
    const o = runOptions([
      '--json',
      'validate',
      '--basis',
      'appraised',
      'a.xlsx',
      '--map=self=D,appraised=E',
      '--header-row',
      '4',
      '--debug',
    ]);
    expect(o).toEqual({
      command: 'validate',
      file: 'a.xlsx',
      json: true,
      debug: true,
      basis: 'appraised',
      columns: { self: 3, appraised: 4 },
      headerRow: 3,
    });
  });

  it('reads --notices with rank --out, and --previous with rank', () => {
    expect(runOptions(['rank', 'a.xlsx', '--out', 'b.xlsx', '--notices', '--previous', 'năm 2024.xlsx'])).toEqual({
      command: 'rank',
      file: 'a.xlsx',
      json: false,
      debug: false,
      out: 'b.xlsx',
      notices: true,
      previous: 'năm 2024.xlsx',
    });
  });

  it('answers --help and --version whatever else is there', () => {
    expect(parseCommandLine(['--help'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['rank', '-h'])).toEqual({ kind: 'help' });
    expect(parseCommandLine(['--version'])).toEqual({ kind: 'version' });
    expect(parseCommandLine(['-v'])).toEqual({ kind: 'version' });
  });

  it.each([
    [[], /Missing command/],
    [['score', 'a.xlsx'], /Unknown command "score"/],
    [['rank'], /Missing the \.xlsx file path for rank/],
    [['rank', 'a.xlsx', 'b.xlsx'], /extra arguments: b\.xlsx/],
    [['rank', 'a.xlsx', '--colour'], /Unknown option: --colour/],
    [['rank', 'a.xlsx', '--basis'], /--basis/],
    [['rank', 'a.xlsx', '--basis', 'final'], /self, appraised or auto/],
    [['rank', 'a.xlsx', '--map', 'score=D'], /unknown role/],
    [['rank', 'a.xlsx', '--header-row', 'zero'], /--header-row/],
    [['rank', 'a.xlsx', '--json=yes'], /--json/],
    [['rank', 'a.xlsx', '--notices'], /--notices goes with rank --out/],
    [['validate', 'a.xlsx', '--notices'], /--notices goes with rank --out/],
    [['clean', 'a.xlsx', '--out', 'b.xlsx', '--notices'], /--notices goes with rank --out/],
    [['validate', 'a.xlsx', '--previous', 'old.xlsx'], /--previous goes with rank/],
    [['rank', 'a.xlsx', '--previous', ' '], /Missing the path for --previous/],
    [['rank', 'a.xlsx', '--previous'], /--previous/],
  ])('rejects %j', (argv, pattern) => {
    const err = usageError(() => parseCommandLine(argv));
    expect(err.message).toMatch(pattern);
    expect(err.message).toBe(`${err.messageVi} / ${err.messageEn}`);
  });
});

describe('settingsOverride', () => {
  it('is empty without options', () => {
    expect(settingsOverride(runOptions(['rank', 'a.xlsx']))).toEqual({});
  });

  it('passes the basis', () => {
    expect(settingsOverride(runOptions(['rank', 'a.xlsx', '--basis', 'self']))).toEqual({ basis: 'self' });
  });

  it('maps every criteria sheet with the columns and the zero-based header row', () => {
    expect(settingsOverride(runOptions(['rank', 'a.xlsx', '--map', 'code=A,self=D', '--header-row', '3']))).toEqual({
      mappings: [{ sheet: '*', headerRow: 2, columns: { code: 0, self: 3 } }],
    });
  });

  it('passes a header row alone with no column', () => {
    expect(settingsOverride(runOptions(['rank', 'a.xlsx', '--header-row', '7']))).toEqual({
      mappings: [{ sheet: '*', headerRow: 6, columns: {} }],
    });
  });
});
