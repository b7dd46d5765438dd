// Where a sheet part's cells end. The bytes before the end of `</sheetData>` are the user's cells, copied as
// they are; what follows (conditional formats, protection, page setup…) is the tail the writer edits. Found
// piece by piece in the inflated part: by UserSheet, or by the reader while it scans the part anyway, so that
// the command line's write does not inflate every unit sheet a second time.
import { badXml } from './parts';
import { prefixOf } from './xml';

export interface SheetEnd {
  /** The root element's start tag, and the byte after it. */
  rootTag: string;
  rootEnd: number;
  /** Prefix of the SpreadsheetML elements (`x:` or ''), and the root's name without it (`worksheet`…). */
  p: string;
  kind: string;
  /**
   * A worksheet: just after `</sheetData>` (or `<sheetData/>`), the last one found; -1 when there is neither.
   * Another kind of sheet: the end of the root tag.
   */
  split: number;
  /** The bytes after `split` (none when it is -1). */
  tail: Buffer;
}

/** The ends a read found, for a write of the same bytes (`bytes`: the package they were found in). */
export interface SheetEnds {
  bytes: Buffer;
  parts: Map<string, SheetEnd>;
}

/** Finds a part's SheetEnd from its inflated bytes, fed in order in pieces of any size. */
export class SheetEndFinder {
  private probe: Buffer[] = [];
  private probeLength = 0;
  private root: { tag: string; end: number } | null = null;
  private markers: Buffer[] = [];
  private longest = 0;
  private carry = Buffer.alloc(0);
  private split = -1;
  private tail: Buffer[] = [];
  private kind = '';
  private p = '';
  private seen = 0;

  constructor(private readonly part: string) {}

  feed(chunk: Buffer): void {
    const start = this.seen;
    this.seen += chunk.length;
    if (this.root !== null) {
      this.scan(chunk, start);
      return;
    }
    this.probe.push(chunk);
    this.probeLength += chunk.length;
    const head = this.probe.length === 1 ? chunk : Buffer.concat(this.probe, this.probeLength);
    this.root = rootStartTag(head, this.part);
    if (this.root === null) return;
    const name = /^<([^\s/>]+)/.exec(this.root.tag)?.[1] ?? '';
    this.p = prefixOf(name);
    this.kind = name.slice(this.p.length);
    this.markers = [Buffer.from(`</${this.p}sheetData>`), Buffer.from(`<${this.p}sheetData/>`)];
    this.longest = Math.max(...this.markers.map((m) => m.length));
    this.probe = [];
    this.scan(head, 0);
  }

  /** What was found; throws PackageError (bad-xml) when the part has no root element. */
  result(): SheetEnd {
    if (this.root === null) throw badXml(this.part, 'no root element found');
    const { tag, end } = this.root;
    const split = this.kind === 'worksheet' ? this.split : end;
    return { rootTag: tag, rootEnd: end, p: this.p, kind: this.kind, split, tail: Buffer.concat(this.tail) };
  }

  private scan(chunk: Buffer, chunkStart: number): void {
    if (this.kind !== 'worksheet') {
      // Not a worksheet (a chart sheet…): small, kept whole after the root tag.
      const from = Math.max(0, this.root!.end - chunkStart);
      if (from < chunk.length) this.tail.push(chunk.subarray(from));
      return;
    }
    // The markers in the piece, then across the seam with the last one (never a copy of the whole piece).
    let end = this.lastEnd(chunk, chunkStart);
    if (this.carry.length > 0) {
      const seam = Buffer.concat([this.carry, chunk.subarray(0, this.longest - 1)]);
      end = Math.max(end, this.lastEnd(seam, chunkStart - this.carry.length));
    }
    if (end > this.split) {
      // A marker ends inside this piece (one ending before it was found with the last piece).
      this.split = end;
      this.tail = [Buffer.from(chunk.subarray(end - chunkStart))];
    } else if (this.split >= 0) this.tail.push(chunk);
    const keep = this.longest - 1;
    this.carry =
      chunk.length >= keep
        ? Buffer.from(chunk.subarray(chunk.length - keep))
        : Buffer.from(Buffer.concat([this.carry, chunk]).subarray(-keep));
  }

  /** Where the last marker in `bytes` (which start at `start` in the part) ends, in the part; -1 when none. */
  private lastEnd(bytes: Buffer, start: number): number {
    let end = -1;
    for (const m of this.markers) {
      const at = bytes.lastIndexOf(m);
      if (at >= 0) end = Math.max(end, start + at + m.length);
    }
    return end;
  }
}

/** The root start tag of an XML document from its first bytes: its text and where it ends; null when not there yet. */
function rootStartTag(bytes: Buffer, part: string): { tag: string; end: number } | null {
  // The first 4 KiB hold it in every sheet seen; more (up to 1 MiB) is decoded only when they do not (or when
  // they end inside a comment or declaration, which the whole head reads right).
  if (bytes.length > 4096) {
    try {
      const found = rootStartTagIn(bytes, bytes.subarray(0, 4096).toString('latin1'), part);
      if (found !== null) return found;
    } catch {
      // read again below, whole
    }
  }
  return rootStartTagIn(bytes, bytes.subarray(0, Math.min(bytes.length, 1 << 20)).toString('latin1'), part);
}

function rootStartTagIn(bytes: Buffer, head: string, part: string): { tag: string; end: number } | null {
  let i = 0;
  for (;;) {
    while (i < head.length && /[\s\u00ef\u00bb\u00bf]/.test(head[i])) i++;
    if (i >= head.length) return null;
    if (head.startsWith('<?', i)) {
      const e = head.indexOf('?>', i);
      if (e < 0) return null;
      i = e + 2;
    } else if (head.startsWith('<!--', i)) {
      const e = head.indexOf('-->', i);
      if (e < 0) return null;
      i = e + 3;
    } else if (head.length - i < 4 && '<!--'.startsWith(head.slice(i))) {
      return null; // a comment may start here: the next piece says
    } else if (head.startsWith('<!', i)) {
      throw badXml(part, 'a document type declaration is not allowed');
    } else if (head[i] === '<') {
      let quote: string | null = null;
      for (let j = i + 1; j < head.length; j++) {
        const c = head[j];
        if (quote) {
          if (c === quote) quote = null;
        } else if (c === '"' || c === "'") quote = c;
        else if (c === '>') return { tag: bytes.subarray(i, j + 1).toString('utf8'), end: j + 1 };
      }
      return null;
    } else throw badXml(part, 'no root element found');
  }
}
