// Command-line arguments: `par-index <validate|rank> <workbook.xlsx> [options]`, parsed with node's
// own util.parseArgs. Every mistake becomes a UsageError with a Vietnamese and an English message.
import { parseArgs } from 'util';
import { columnIndex, columnLetter } from '../core/address';
import { MAX_ROWS } from '../core/excel-limits';
import { COLUMN_ROLES } from '../core/column-roles';
import type { ColumnMap, ColumnRole, ScoreBasis, Settings } from '../core/types';

export type Command = 'validate' | 'rank' | 'clean' | 'gather' | 'split';

export interface CliOptions {
  command: Command;
  file: string;
  json: boolean;
  debug: boolean;
  basis?: ScoreBasis;
  /** Zero-based column indexes from `--map`. */
  columns?: ColumnMap;
  /** Zero-based header row from `--header-row` (given 1-based). */
  headerRow?: number;
  /** `--notices`: rank --out also writes the appraisal notices sheet; split sends each unit its notice. */
  notices?: boolean;
  /** `--previous`: last year's results, for last year's ranks. */
  previous?: string;
  /** `--out`: where rank writes the workbook with its results, or clean the cleaned workbook. */
  out?: string;
  /** `gather`: the units' files and folders, after the master. */
  inputs?: string[];
}

export type ParsedCommandLine = { kind: 'help' } | { kind: 'version' } | { kind: 'run'; options: CliOptions };

export class UsageError extends Error {
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(messageVi: string, messageEn: string) {
    super(`${messageVi} / ${messageEn}`);
    this.name = 'UsageError';
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

const COMMANDS: readonly Command[] = ['validate', 'rank', 'clean', 'gather', 'split'];
const BASES: readonly ScoreBasis[] = ['self', 'appraised', 'auto'];

/** Roles `--map` accepts, as the user types them (case-insensitive). */
/** Every column role `--map` names (templates' optional columns too). */
export const MAP_ROLES: readonly ColumnRole[] = COLUMN_ROLES;

const ROLE_BY_LOWER = new Map<string, ColumnRole>(MAP_ROLES.map((r) => [r.toLowerCase(), r]));

/** `code=A,name=B,max=C` → { code: 0, name: 1, max: 2 }. */
export function parseColumnMap(text: string): ColumnMap {
  const map: ColumnMap = {};
  const usedBy = new Map<number, ColumnRole>();
  const items = text
    .split(',')
    .map((s) => s.trim())
    .filter((s) => s !== '');
  if (items.length === 0) {
    throw new UsageError(
      '--map trống; ví dụ: --map code=A,name=B,max=C,self=D',
      '--map is empty; e.g. --map code=A,name=B,max=C,self=D',
    );
  }
  for (const item of items) {
    const eq = item.indexOf('=');
    if (eq < 0) {
      throw new UsageError(
        `--map: "${item}" phải có dạng vai_trò=CỘT, ví dụ self=D`,
        `--map: "${item}" must be role=COLUMN, e.g. self=D`,
      );
    }
    const roleText = item.slice(0, eq).trim();
    const letters = item.slice(eq + 1).trim();
    const role = ROLE_BY_LOWER.get(roleText.toLowerCase());
    if (!role) {
      throw new UsageError(
        `--map: vai trò không hợp lệ "${roleText}" (dùng: ${MAP_ROLES.join(', ')})`,
        `--map: unknown role "${roleText}" (use: ${MAP_ROLES.join(', ')})`,
      );
    }
    const col = columnIndex(letters);
    if (col === null) {
      throw new UsageError(
        `--map: "${letters}" không phải tên cột (A, B, …, AA) cho ${role}`,
        `--map: "${letters}" is not a column letter (A, B, …, AA) for ${role}`,
      );
    }
    if (map[role] !== undefined) {
      throw new UsageError(`--map: vai trò ${role} được khai báo hai lần`, `--map: role ${role} is given twice`);
    }
    const other = usedBy.get(col);
    if (other !== undefined) {
      throw new UsageError(
        `--map: cột ${columnLetter(col)} được gán cho cả ${other} và ${role}`,
        `--map: column ${columnLetter(col)} is given to both ${other} and ${role}`,
      );
    }
    usedBy.set(col, role);
    map[role] = col;
  }
  return map;
}

/** `--header-row 5` (as the user sees it) → 4. */
export function parseHeaderRow(text: string): number {
  const t = text.trim();
  if (!/^\d+$/.test(t) || Number(t) < 1 || Number(t) > MAX_ROWS) {
    throw new UsageError(
      `--header-row phải là số dòng từ 1 trở lên (nhận được "${text}")`,
      `--header-row must be a row number of 1 or more (got "${text}")`,
    );
  }
  return Number(t) - 1;
}

export function parseBasis(text: string): ScoreBasis {
  const t = text.trim().toLowerCase();
  const basis = BASES.find((b) => b === t);
  if (!basis) {
    throw new UsageError(
      `--basis phải là self, appraised hoặc auto (nhận được "${text}")`,
      `--basis must be self, appraised or auto (got "${text}")`,
    );
  }
  return basis;
}

function describeParseError(err: unknown): UsageError {
  const text = err instanceof Error ? err.message : String(err);
  const code = typeof err === 'object' && err !== null && 'code' in err ? String((err as { code: unknown }).code) : '';
  // Node's messages quote the option: "Unknown option '--colour'", "Option '--basis <value>' argument missing".
  const quoted = /'(-[^' ]*)/.exec(text)?.[1];
  const option = quoted ?? 'tùy chọn';
  switch (code) {
    case 'ERR_PARSE_ARGS_UNKNOWN_OPTION':
      return new UsageError(`Tùy chọn không hợp lệ: ${option}`, `Unknown option: ${quoted ?? text}`);
    case 'ERR_PARSE_ARGS_INVALID_OPTION_VALUE':
      if (/argument missing/.test(text)) {
        return new UsageError(`Thiếu giá trị cho ${option}`, `Missing value for ${quoted ?? 'an option'}`);
      }
      if (/does not take an argument/.test(text)) {
        return new UsageError(`${option} không nhận giá trị`, `${quoted ?? 'The option'} takes no value`);
      }
      return new UsageError(`Giá trị không hợp lệ cho ${option}`, `Invalid value: ${text}`);
    default:
      return new UsageError(`Tham số không hợp lệ: ${text}`, `Invalid arguments: ${text}`);
  }
}

export function parseCommandLine(argv: readonly string[]): ParsedCommandLine {
  let parsed;
  try {
    parsed = parseArgs({
      args: [...argv],
      allowPositionals: true,
      strict: true,
      options: {
        json: { type: 'boolean' },
        debug: { type: 'boolean' },
        help: { type: 'boolean', short: 'h' },
        version: { type: 'boolean', short: 'v' },
        basis: { type: 'string' },
        map: { type: 'string' },
        'header-row': { type: 'string' },
        notices: { type: 'boolean' },
        previous: { type: 'string' },
        out: { type: 'string', short: 'o' },
      },
    });
  } catch (err) {
    throw describeParseError(err);
  }
  const { values, positionals } = parsed;
  if (values.help) return { kind: 'help' };
  if (values.version) return { kind: 'version' };

  const [commandText, file, ...extra] = positionals;
  if (commandText === undefined) {
    throw new UsageError('Thiếu lệnh: validate, rank hoặc clean', 'Missing command: validate, rank or clean');
  }
  const command = COMMANDS.find((c) => c === commandText);
  if (!command) {
    throw new UsageError(
      `Lệnh không hợp lệ "${commandText}" (dùng validate, rank hoặc clean)`,
      `Unknown command "${commandText}" (use validate, rank or clean)`,
    );
  }
  if (file === undefined || file === '') {
    throw new UsageError(`Thiếu đường dẫn tệp .xlsx cho lệnh ${command}`, `Missing the .xlsx file path for ${command}`);
  }
  if (extra.length > 0 && command !== 'gather') {
    throw new UsageError(`Thừa tham số: ${extra.join(' ')}`, `Unexpected extra arguments: ${extra.join(' ')}`);
  }

  const options: CliOptions = { command, file, json: values.json === true, debug: values.debug === true };
  if (values.basis !== undefined) options.basis = parseBasis(values.basis);
  if (values.map !== undefined) options.columns = parseColumnMap(values.map);
  if (values['header-row'] !== undefined) options.headerRow = parseHeaderRow(values['header-row']);
  if (values.out !== undefined) {
    if (values.out.trim() === '') throw new UsageError('Thiếu đường dẫn cho --out', 'Missing the path for --out');
    options.out = values.out;
  }
  if (command === 'clean' && options.out === undefined) {
    throw new UsageError(
      'Lệnh clean cần --out <tệp.xlsx> (tệp kết quả)',
      'clean needs --out <file.xlsx> (the output file)',
    );
  }
  if (command === 'gather') {
    options.inputs = extra;
    if (extra.length === 0) {
      throw new UsageError(
        'Lệnh gather cần tệp hoặc thư mục của các đơn vị sau tệp tổng hợp',
        "gather needs the units' files or folders after the master",
      );
    }
  }
  if ((command === 'gather' || command === 'split') && options.out === undefined) {
    throw new UsageError(
      command === 'gather'
        ? 'Lệnh gather cần --out <tệp.xlsx> (tệp tổng hợp mới)'
        : 'Lệnh split cần --out <thư mục> (nơi ghi tệp của từng đơn vị)',
      command === 'gather'
        ? 'gather needs --out <file.xlsx> (the new master)'
        : 'split needs --out <folder> (where each unit’s file goes)',
    );
  }
  if (values.notices === true) {
    if ((command !== 'rank' && command !== 'split') || options.out === undefined)
      throw new UsageError(
        '--notices chỉ dùng với rank --out <tệp.xlsx> hoặc split --out <thư mục>',
        '--notices goes with rank --out <file.xlsx> or split --out <folder>',
      );
    options.notices = true;
  }
  if (values.previous !== undefined) {
    if (values.previous.trim() === '')
      throw new UsageError('Thiếu đường dẫn cho --previous', 'Missing the path for --previous');
    if (command !== 'rank') throw new UsageError('--previous chỉ dùng với rank', '--previous goes with rank');
    options.previous = values.previous;
  }
  if (command === 'validate' && options.out !== undefined) {
    throw new UsageError('--out chỉ dùng với rank hoặc clean', '--out goes with rank or clean');
  }
  return { kind: 'run', options };
}

/** The settings the command line overrides (AnalyzeOptions.settings). */
export function settingsOverride(options: CliOptions): Partial<Settings> {
  const override: Partial<Settings> = {};
  if (options.basis !== undefined) override.basis = options.basis;
  if (options.columns !== undefined || options.headerRow !== undefined) {
    const mapping: Settings['mappings'][number] = { sheet: '*', columns: options.columns ?? {} };
    if (options.headerRow !== undefined) mapping.headerRow = options.headerRow;
    override.mappings = [mapping];
  }
  return override;
}

export const USAGE = `par-index — Chấm điểm Chỉ số CCHC (PAR Index) từ tệp Excel .xlsx

Cách dùng / Usage:
  par-index validate <tệp.xlsx> [tùy chọn]   Kiểm tra: liệt kê mọi phát hiện (lỗi, cảnh báo)
  par-index rank <tệp.xlsx> [tùy chọn]       Xếp hạng từng khối, kèm tóm tắt phát hiện
  par-index rank <tệp.xlsx> --out <kq.xlsx>  Ghi kết quả vào tệp: bảng xếp hạng (công thức), tổng hợp,
                                             kiểm tra, tô màu ô thiếu TLKC / write results into a copy
  par-index clean <tệp.xlsx> --out <kq.xlsx> Xóa mọi thứ add-in đã ghi / remove what the add-in wrote
  par-index gather <tổng-hợp.xlsx> <tệp|thư mục>… --out <kq.xlsx>
                                             Thu thập bảng tự chấm của các đơn vị vào tệp tổng hợp
                                             / gather the units' own workbooks into the master
  par-index split <tổng-hợp.xlsx> --out <thư mục>
                                             Tách mỗi đơn vị ra một tệp <đơn vị>.xlsx (kèm bộ tiêu chí)
                                             / one file per unit, with the template (and its notice)

Tùy chọn / Options:
  --json                 Kết quả dạng JSON (stdout) / JSON output
  --basis self|appraised|auto
                         Điểm dùng để tính: tự chấm, thẩm định, hoặc tự động
                         (score basis: self-assessed, appraised, or automatic)
  --map code=A,name=B,max=C,self=D,appraised=E,evidence=F,explanation=G
                         Chỉ rõ cột nào là gì khi không tự nhận ra được
                         (say which column is which when recognition fails)
  --header-row N         Dòng tiêu đề (đếm từ 1 như trong Excel) / header row, 1-based
  -o, --out <tệp.xlsx>   Tệp ghi kết quả (có thể trùng tệp vào) / output workbook (may be the input)
  --notices              rank --out: thêm trang "Thông báo thẩm định", mỗi đơn vị một trang in: tổng điểm,
                         tiêu chí Hội đồng chấm khác điểm tự chấm, nhận xét / appraisal notices, a page per unit
                         split: mỗi tệp đơn vị kèm thông báo của mình, kể cả khi tệp tổng hợp chưa có
                         (không có --notices: chỉ khi tệp tổng hợp có trang thông báo do công cụ ghi, chưa sửa)
                         / split: each unit's file gets its notice even when the master has none (without
                         it: only when the master holds the tool's own notices sheet, unedited)
  --previous <năm-trước.xlsx>
                         Thứ hạng năm trước lấy từ kết quả năm trước (trang xếp hạng của công cụ hoặc bảng
                         đơn vị – hạng), ghép theo tên / last year's ranks from last year's results, by name
  --debug                In chi tiết lỗi nội bộ / print internal error details
  -h, --help             Hướng dẫn này / this help
  -v, --version          Phiên bản / version

Mã thoát / Exit codes:
  0  thành công (validate: không có lỗi) / success (validate: no error findings)
  1  validate: có phát hiện mức lỗi; rank: không xếp hạng được đơn vị nào
     validate: error findings; rank: no unit could be ranked
  2  không đọc được tệp hoặc sai tham số / unreadable file or wrong arguments
`;
