// A copied sheet's style indexes, from its own workbook's styles.xml to the destination's: each cell format
// (`xf`) the sheet uses is rebuilt in the destination with its font, fill, border and number format looked
// up there by text (StylesEditor.recordText: the same record is reused, a new one appended), and each
// conditional-format style (`dxf`) likewise. Gathering the same sheet twice therefore appends nothing the
// second time. Named cell styles (`cellStyleXfs`) are not carried: every copied format points at the
// destination's Normal style, and keeps its own font, fill, border and number format (what Excel shows).
import type { StylesEditor } from './styles';
import { childrenNamed, firstChild, parseXml, prefixOf, type XmlNode } from './xml';

/** `text` (XML written with element prefix `from`) with its elements' prefix changed to `to`. */
export function reprefix(text: string, from: string, to: string): string {
  if (from === to) return text;
  if (from === '')
    return text.replace(/<(\/?)(?![?!])([A-Za-z_][\w.-]*)(?=[\s/>])/g, (m, slash: string, name: string) =>
      name.includes(':') ? m : `<${slash}${to}${name}`,
    );
  const re = new RegExp(`<(/?)${from.replace(/[.]/g, '\\.')}`, 'g');
  return text.replace(re, `<$1${to}`);
}

/** `record` with the given numeric attributes of its start tag set (replaced, or added when absent). */
function withAttributes(record: string, values: Record<string, number>): string {
  const end = record.indexOf('>');
  let tag = record.slice(0, end + 1);
  for (const [name, value] of Object.entries(values)) {
    const re = new RegExp(`(\\s${name}\\s*=\\s*)("[^"]*"|'[^']*')`);
    if (re.test(tag)) tag = tag.replace(re, `$1"${value}"`);
    else tag = tag.replace(/\s*(\/?>)$/, ` ${name}="${value}"$1`);
  }
  return tag + record.slice(end + 1);
}

export class StyleRemap {
  private readonly source: string;
  private readonly prefix: string;
  private readonly records: Record<'fonts' | 'fills' | 'borders' | 'cellXfs' | 'dxfs', XmlNode[]>;
  private readonly numFmtCodes = new Map<number, string>();
  private readonly xfs = new Map<number, number>();
  private readonly dxfs = new Map<number, number | null>();
  private readonly parts = new Map<string, number>();

  /** `sourceXml`: the copied sheet's workbook's styles part, null when it has none (every index is then 0). */
  constructor(
    sourceXml: string | null,
    sourcePart: string,
    private readonly target: StylesEditor,
  ) {
    this.source = sourceXml ?? '';
    const root = sourceXml === null ? null : parseXml(sourceXml, sourcePart);
    this.prefix = root === null ? '' : prefixOf(root.name);
    const list = (collection: string, record: string): XmlNode[] => {
      const node = root === null ? undefined : firstChild(root, collection);
      return node ? childrenNamed(node, record) : [];
    };
    this.records = {
      fonts: list('fonts', 'font'),
      fills: list('fills', 'fill'),
      borders: list('borders', 'border'),
      cellXfs: list('cellXfs', 'xf'),
      dxfs: list('dxfs', 'dxf'),
    };
    for (const n of list('numFmts', 'numFmt')) {
      const id = Number(n.attrs.numFmtId);
      if (Number.isInteger(id) && typeof n.attrs.formatCode === 'string') this.numFmtCodes.set(id, n.attrs.formatCode);
    }
  }

  private text(node: XmlNode): string {
    return reprefix(this.source.slice(node.start, node.end), this.prefix, this.target.prefix);
  }

  private part(collection: 'fonts' | 'fills' | 'borders', index: number): number {
    const key = `${collection}:${index}`;
    const known = this.parts.get(key);
    if (known !== undefined) return known;
    const node = this.records[collection][index];
    // An index the source does not define (a damaged file): the destination's default record.
    const mapped = node === undefined ? 0 : this.target.recordText(collection, this.text(node));
    this.parts.set(key, mapped);
    return mapped;
  }

  private numFmt(id: number): number {
    const code = this.numFmtCodes.get(id);
    // Ids without a definition in the file are Excel's built-in formats, the same in every workbook.
    return code === undefined ? id : this.target.numberFormatId(code);
  }

  /** The destination's cell format for the source's cell format `index`. */
  xf(index: number): number {
    const known = this.xfs.get(index);
    if (known !== undefined) return known;
    const node = this.records.cellXfs[index];
    let mapped = 0;
    if (node !== undefined) {
      const num = (name: string): number => {
        const v = Number(node.attrs[name] ?? 0);
        return Number.isInteger(v) && v >= 0 ? v : 0;
      };
      const record = withAttributes(this.text(node), {
        numFmtId: this.numFmt(num('numFmtId')),
        fontId: this.part('fonts', num('fontId')),
        fillId: this.part('fills', num('fillId')),
        borderId: this.part('borders', num('borderId')),
        xfId: 0,
      });
      mapped = this.target.recordText('cellXfs', record);
    }
    this.xfs.set(index, mapped);
    return mapped;
  }

  /**
   * The destination's differential format for the source's `dxf` number `index` (its text copied whole); null
   * when the source has no such record (the rule then goes without a format rather than point at another).
   */
  dxf(index: number): number | null {
    const known = this.dxfs.get(index);
    if (known !== undefined) return known;
    const node = this.records.dxfs[index];
    const mapped = node === undefined ? null : this.target.recordText('dxfs', this.text(node));
    this.dxfs.set(index, mapped);
    return mapped;
  }
}
