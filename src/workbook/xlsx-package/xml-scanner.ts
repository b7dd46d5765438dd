// The XML tokenizer behind scanXmlPart (read-xml.ts): elements, attributes and text of a part fed in pieces,
// checked for well-formedness as saxes checks it (matching tags, one root, no text outside it, names, quoted
// attributes without `<` and without repeats, the five entities and character references, XML 1.0 characters).
// Written for speed on worksheets: a tag is found with indexOf and cut with slice, not read character by
// character, which made saxes (with the garbage it left) the larger part of reading a workbook.
// Not read: DTDs (a DOCTYPE is skipped whole; an entity it declares is undefined here, as in saxes).

/**
 * The attributes of the element just opened, read on demand (most are never asked for: a cell's style, a
 * row's spans). Valid only during `open`: the scanner reuses it for the next element.
 */
export interface XmlAttributes {
  /** The value of the attribute of this qualified name (`r`, `r:id`), or undefined. */
  get(qname: string): string | undefined;
  /** Every attribute, by qualified name. */
  all(): Record<string, string>;
}

/**
 * What a scan is told: element opened (local name, attributes; then its qualified name and where its start tag
 * starts and ends in the document), element closed (where its end tag starts and ends: both just after the
 * start tag for `<a/>`), text.
 */
export interface XmlHandlers {
  open(name: string, attributes: XmlAttributes, qname: string, start: number, end: number): void;
  close(name: string, start: number, end: number): void;
  /** Character data, entities and CDATA sections already decoded (may come in several pieces). */
  text(text: string): void;
}

/** XML that is not well-formed; the message says what was wrong. */
export class XmlSyntaxError extends Error {}

const LT = 60; // <
const GT = 62; // >
const SLASH = 47; // /
const BANG = 33; // !
const QUESTION = 63; // ?
const EQUALS = 61; // =
const QUOTE = 34; // "
const APOSTROPHE = 39; // '
const CR = 13;
const AMP = 38; // &

/** `s` holds `text` at `from` (compared in place: startsWith is slower on these short names). */
function sameText(s: string, from: number, text: string): boolean {
  for (let k = 0; k < text.length; k++) if (s.charCodeAt(from + k) !== text.charCodeAt(k)) return false;
  return true;
}

const isSpace = (c: number): boolean => c === 32 || c === 10 || c === 9 || c === 13;

/** A character that ends a tag or attribute name (also NaN: the end of the text so far). */
const endsName = (c: number): boolean =>
  c === 32 || c === 10 || c === 9 || c === 13 || c === GT || c === SLASH || c === EQUALS || c !== c;

// XML 1.0 names (NameStartChar NameChar*), in the Basic Multilingual Plane and beyond. The joiners U+200C,
// U+200D and the combining marks U+0300–U+036F are name characters of their own (the linter takes them for
// sequences).
const NAME_START =
  ':A-Z_a-z\\u00C0-\\u00D6\\u00D8-\\u00F6\\u00F8-\\u02FF\\u0370-\\u037D\\u037F-\\u1FFF\\u200C-\\u200D\\u2070-\\u218F' +
  '\\u2C00-\\u2FEF\\u3001-\\uD7FF\\uF900-\\uFDCF\\uFDF0-\\uFFFD\\u{10000}-\\u{EFFFF}';
// eslint-disable-next-line no-misleading-character-class
const NAME = new RegExp(`^[${NAME_START}][${NAME_START}\\-.0-9\\u00B7\\u0300-\\u036F\\u203F-\\u2040]*$`, 'u');

// A character XML 1.0 does not allow (control characters but TAB, LF, CR; U+FFFE, U+FFFF), or a surrogate,
// which is then checked to be half of a pair.
// eslint-disable-next-line no-control-regex
const SUSPECT_CHAR = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]/;
const BAD_CHAR =
  // eslint-disable-next-line no-control-regex
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uFFFE\uFFFF]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

const hasOwn = Object.prototype.hasOwnProperty;

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function isXmlChar(code: number): boolean {
  return (
    code === 9 ||
    code === 10 ||
    code === 13 ||
    (code >= 0x20 && code <= 0xd7ff) ||
    (code >= 0xe000 && code <= 0xfffd) ||
    (code >= 0x10000 && code <= 0x10ffff)
  );
}

/** `text` with its entity and character references replaced; throws XmlSyntaxError on an unknown one. */
function decodeEntities(text: string): string {
  let out = '';
  let from = 0;
  for (let amp = text.indexOf('&'); amp >= 0; amp = text.indexOf('&', from)) {
    const semi = text.indexOf(';', amp + 1);
    if (semi < 0) throw new XmlSyntaxError('unterminated entity.');
    const name = text.slice(amp + 1, semi);
    let value: string;
    if (name.charCodeAt(0) === 35 /* # */) {
      const code = /^#x[0-9a-f]+$/i.test(name)
        ? parseInt(name.slice(2), 16)
        : /^#[0-9]+$/.test(name)
          ? parseInt(name.slice(1), 10)
          : NaN;
      if (!isXmlChar(code)) throw new XmlSyntaxError('malformed character entity.');
      value = String.fromCodePoint(code);
    } else {
      const known = ENTITIES[name];
      if (known === undefined || !hasOwn.call(ENTITIES, name)) {
        throw new XmlSyntaxError(NAME.test(name) ? 'undefined entity.' : 'disallowed character in entity name.');
      }
      value = known;
    }
    out += text.slice(from, amp) + value;
    from = semi + 1;
  }
  return out + text.slice(from);
}

/** Character data as a parser gives it: line ends as LF, references decoded. */
function charData(raw: string): string {
  const text = raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw;
  return text.indexOf('&') >= 0 ? decodeEntities(text) : text;
}

/**
 * Checks the attribute value `s[from, to)`; its text as a parser gives it (each literal line end or tab a
 * space, references decoded) when that differs from the text written, else undefined.
 */
function attributeValue(s: string, from: number, to: number): string | undefined {
  let plain = true;
  for (let k = from; k < to; k++) {
    const c = s.charCodeAt(k);
    if (c === LT) throw new XmlSyntaxError('disallowed character.');
    if (c === AMP || c < 32) plain = false;
  }
  if (plain) return undefined;
  const raw = s.slice(from, to);
  const text = /[\r\n\t]/.test(raw) ? raw.replace(/\r\n|[\r\n\t]/g, ' ') : raw;
  return text.indexOf('&') >= 0 ? decodeEntities(text) : text;
}

/** The attributes of the tag being read: where their values are written, cut out when asked for. */
class TagAttributes implements XmlAttributes {
  source = '';
  count = 0;
  readonly names: string[] = [];
  readonly from: number[] = [];
  readonly to: number[] = [];
  /** The value, where it is not the text written (references, line ends). */
  readonly decoded: (string | undefined)[] = [];

  add(name: string, from: number, to: number, decoded: string | undefined): void {
    for (let k = 0; k < this.count; k++) {
      if (this.names[k] === name) throw new XmlSyntaxError(`duplicate attribute: ${name}.`);
    }
    const k = this.count++;
    this.names[k] = name;
    this.from[k] = from;
    this.to[k] = to;
    this.decoded[k] = decoded;
  }

  private value(k: number): string {
    return this.decoded[k] ?? this.source.slice(this.from[k], this.to[k]);
  }

  get(qname: string): string | undefined {
    for (let k = 0; k < this.count; k++) if (this.names[k] === qname) return this.value(k);
    return undefined;
  }

  all(): Record<string, string> {
    const out: Record<string, string> = {};
    for (let k = 0; k < this.count; k++) out[this.names[k]] = this.value(k);
    return out;
  }
}

interface KnownName {
  qname: string;
  local: string;
  /** Its first character code, compared first. */
  first: number;
}

const MAX_KNOWN_NAMES = 256;
const NAME_BUCKETS = 256;

/**
 * Names met so far (checked once each), found again by comparing text, without cutting a new string; in
 * buckets by first character and length. Shared by every scan: a workbook's parts use the same few dozen names.
 */
const knownNames: (KnownName[] | undefined)[] = new Array<KnownName[] | undefined>(NAME_BUCKETS);
let knownNameCount = 0;

/** Markup not complete in the text so far. */
const INCOMPLETE = -1;

export class XmlScanner {
  /** Text from the end of the previous piece that did not yet make a whole token. */
  private rest = '';
  /** Where in the document `rest` (the text scanned next) starts. */
  private base = 0;
  /** Qualified names of the open elements. */
  private readonly open: string[] = [];
  private sawRoot = false;
  private started = false;
  /** Something was read: an XML declaration is no longer possible. */
  private pastStart = false;
  /** Local names of the open elements. */
  private readonly openLocal: string[] = [];
  private readonly attributes = new TagAttributes();

  constructor(private readonly handlers: XmlHandlers) {}

  write(piece: string): void {
    if (SUSPECT_CHAR.test(piece) && BAD_CHAR.test(piece)) throw new XmlSyntaxError('disallowed character.');
    let text = this.rest.length > 0 ? this.rest + piece : piece;
    if (!this.started && text.length > 0) {
      this.started = true;
      if (text.charCodeAt(0) === 0xfeff) {
        text = text.slice(1);
        this.base = 1;
      }
    }
    this.rest = '';
    this.scan(text, false);
  }

  close(): void {
    const text = this.rest;
    this.rest = '';
    this.scan(text, true);
    if (this.open.length > 0) throw new XmlSyntaxError(`unclosed tag: ${this.open[this.open.length - 1]}`);
    if (!this.sawRoot) throw new XmlSyntaxError('document must contain a root element.');
  }

  /** The name at `s[from, to)`, checked to be an XML name (throws otherwise). */
  private name(s: string, from: number, to: number, what: string): KnownName {
    const length = to - from;
    const first = s.charCodeAt(from);
    const bucket = (first * 31 + length) & (NAME_BUCKETS - 1);
    const known = knownNames[bucket];
    if (known !== undefined) {
      for (let k = 0; k < known.length; k++) {
        const name = known[k];
        if (name.qname.length === length && name.first === first && sameText(s, from, name.qname)) return name;
      }
    }
    const qname = s.slice(from, to);
    if (!NAME.test(qname)) throw new XmlSyntaxError(`disallowed character in ${what} name.`);
    const colon = qname.indexOf(':');
    const name = { qname, local: colon < 0 ? qname : qname.slice(colon + 1), first };
    // Parts use a few dozen names; a part of thousands (generated) is checked name by name, not remembered.
    if (knownNameCount < MAX_KNOWN_NAMES) {
      // Kept for good: copied, so as not to keep the piece of XML it was cut from.
      const kept = { qname: (' ' + qname).slice(1), local: '', first };
      kept.local = colon < 0 ? kept.qname : kept.qname.slice(colon + 1);
      knownNameCount++;
      if (known === undefined) knownNames[bucket] = [kept];
      else known.push(kept);
      return kept;
    }
    return name;
  }

  private scan(s: string, final: boolean): void {
    const n = s.length;
    let i = 0;
    while (i < n) {
      const lt = s.indexOf('<', i);
      if (lt !== i) {
        let end = lt < 0 ? n : lt;
        if (lt < 0 && !final) {
          // The text goes on in the next piece: keep back what the end of this one may have cut (a reference,
          // CR LF, the `]]` of a `]]>`).
          const amp = s.lastIndexOf('&', end - 1);
          if (amp >= i && s.indexOf(';', amp) < 0) end = amp;
          if (end > i && s.charCodeAt(end - 1) === CR) end--;
          for (let k = 0; k < 2 && end > i && s.charCodeAt(end - 1) === 93 /* ] */; k++) end--;
        }
        if (end > i) this.text(s.slice(i, end));
        i = end;
        if (lt < 0) break;
      }
      const next = this.markup(s, i, final);
      if (next === INCOMPLETE) break;
      i = next;
    }
    if (i > 0) this.pastStart = true;
    this.base += i;
    if (i < n) {
      if (final) throw new XmlSyntaxError('unexpected end of the document.');
      this.rest = s.slice(i);
    }
  }

  private text(raw: string): void {
    if (this.open.length === 0) {
      // Only white space is allowed around the root element; it is given as text, as saxes gives it.
      for (let k = 0; k < raw.length; k++) {
        if (!isSpace(raw.charCodeAt(k))) throw new XmlSyntaxError('text data outside of root node.');
      }
      this.handlers.text(charData(raw));
      return;
    }
    if (raw.indexOf(']]>') >= 0) throw new XmlSyntaxError('the string "]]>" is disallowed in char data.');
    this.handlers.text(charData(raw));
  }

  /** The markup at `s[i]` (`<`) handed on; the index after it, or INCOMPLETE. */
  private markup(s: string, i: number, final: boolean): number {
    const c = s.charCodeAt(i + 1);
    if (c === SLASH) return this.closeTag(s, i, final);
    if (c === QUESTION) {
      const end = s.indexOf('?>', i + 2);
      if (end < 0) return this.incomplete(final, 'unclosed processing instruction.');
      const target = /^[^\s?]*/.exec(s.slice(i + 2, end))![0];
      if (target === '' || !NAME.test(target))
        throw new XmlSyntaxError('disallowed character in processing instruction name.');
      if (target.toLowerCase() === 'xml' && (i !== 0 || this.pastStart || target !== 'xml')) {
        throw new XmlSyntaxError('an XML declaration must be at the start of the document.');
      }
      return end + 2;
    }
    if (c === BANG) return this.bang(s, i, final);
    if (c !== c) return this.incomplete(final, 'unclosed tag.');
    return this.openTag(s, i, final);
  }

  private incomplete(final: boolean, message: string): number {
    if (final) throw new XmlSyntaxError(message);
    return INCOMPLETE;
  }

  private closeTag(s: string, i: number, final: boolean): number {
    const gt = s.indexOf('>', i + 2);
    if (gt < 0) return this.incomplete(final, 'unclosed closing tag.');
    const depth = this.open.length;
    const top = depth > 0 ? this.open[depth - 1] : '';
    let end = i + 2 + top.length;
    if (depth === 0 || end > gt || !sameText(s, i + 2, top)) throw new XmlSyntaxError('unexpected close tag.');
    while (end < gt && isSpace(s.charCodeAt(end))) end++;
    if (end !== gt) throw new XmlSyntaxError('unexpected close tag.');
    this.open.pop();
    this.handlers.close(this.openLocal.pop() as string, this.base + i, this.base + gt + 1);
    return gt + 1;
  }

  /** `<!--…-->`, `<![CDATA[…]]>` or `<!DOCTYPE…>`. */
  private bang(s: string, i: number, final: boolean): number {
    if (s.startsWith('<!--', i)) {
      const end = s.indexOf('-->', i + 4);
      return end < 0 ? this.incomplete(final, 'unclosed comment.') : end + 3;
    }
    if (s.startsWith('<![CDATA[', i)) {
      const end = s.indexOf(']]>', i + 9);
      if (end < 0) return this.incomplete(final, 'unclosed CDATA section.');
      if (this.open.length === 0) throw new XmlSyntaxError('text data outside of root node.');
      const raw = s.slice(i + 9, end);
      this.handlers.text(raw.indexOf('\r') >= 0 ? raw.replace(/\r\n?/g, '\n') : raw);
      return end + 3;
    }
    if (s.startsWith('<!DOCTYPE', i)) {
      if (this.sawRoot) throw new XmlSyntaxError('doctype can only appear before the root element.');
      // Up to the `>` outside the internal subset `[…]` and outside quotes.
      let bracket = false;
      let quote = 0;
      for (let k = i + 9; k < s.length; k++) {
        const ch = s.charCodeAt(k);
        if (quote !== 0) {
          if (ch === quote) quote = 0;
        } else if (ch === QUOTE || ch === APOSTROPHE) quote = ch;
        else if (ch === 91 /* [ */) bracket = true;
        else if (ch === 93 /* ] */) bracket = false;
        else if (ch === GT && !bracket) return k + 1;
      }
      return this.incomplete(final, 'unclosed doctype.');
    }
    const head = s.slice(i, i + 9);
    if (head.length < 9 && ['<!--', '<![CDATA[', '<!DOCTYPE'].some((m) => m.startsWith(head))) {
      return this.incomplete(final, 'unclosed markup.');
    }
    throw new XmlSyntaxError('disallowed characters after <!.');
  }

  private openTag(s: string, i: number, final: boolean): number {
    const n = s.length;
    let j = i + 1;
    while (!endsName(s.charCodeAt(j))) j++;
    if (j >= n) return this.incomplete(final, 'unclosed tag.');
    if (j === i + 1) throw new XmlSyntaxError('disallowed character in tag name.');
    const tag = this.name(s, i + 1, j, 'tag');
    const attributes = this.attributes;
    attributes.source = s;
    attributes.count = 0;
    let selfClosing: boolean;
    for (;;) {
      let k = j;
      while (isSpace(s.charCodeAt(k))) k++;
      if (k >= n) return this.incomplete(final, 'unclosed tag.');
      const ch = s.charCodeAt(k);
      if (ch === GT) {
        selfClosing = false;
        j = k + 1;
        break;
      }
      if (ch === SLASH) {
        if (k + 1 >= n) return this.incomplete(final, 'unclosed tag.');
        if (s.charCodeAt(k + 1) !== GT) throw new XmlSyntaxError('forward-slash in opening tag not followed by >.');
        selfClosing = true;
        j = k + 2;
        break;
      }
      if (k === j) throw new XmlSyntaxError('no whitespace between attributes.');
      let e = k;
      while (!endsName(s.charCodeAt(e))) e++;
      if (e >= n) return this.incomplete(final, 'unclosed tag.');
      if (e === k) throw new XmlSyntaxError('disallowed character in attribute name.');
      const name = this.name(s, k, e, 'attribute').qname;
      while (isSpace(s.charCodeAt(e))) e++;
      if (e >= n) return this.incomplete(final, 'unclosed tag.');
      if (s.charCodeAt(e) !== EQUALS) throw new XmlSyntaxError('attribute without value.');
      e++;
      while (isSpace(s.charCodeAt(e))) e++;
      if (e >= n) return this.incomplete(final, 'unclosed tag.');
      const quote = s.charCodeAt(e);
      if (quote !== QUOTE && quote !== APOSTROPHE) throw new XmlSyntaxError('unquoted attribute value.');
      const close = s.indexOf(quote === QUOTE ? '"' : "'", e + 1);
      if (close < 0) return this.incomplete(final, 'unclosed tag.');
      attributes.add(name, e + 1, close, attributeValue(s, e + 1, close));
      j = close + 1;
    }
    if (this.open.length === 0) {
      if (this.sawRoot) throw new XmlSyntaxError('documents may contain only one root.');
      this.sawRoot = true;
    }
    this.handlers.open(tag.local, attributes, tag.qname, this.base + i, this.base + j);
    attributes.source = '';
    if (selfClosing) this.handlers.close(tag.local, this.base + j, this.base + j);
    else {
      this.open.push(tag.qname);
      this.openLocal.push(tag.local);
    }
    return j;
  }
}
