// XML as the package writer needs it: parsed (with xml-scanner.ts, the reader's tokenizer) into a small tree that knows
// where each element sits in the source text, so that a part is changed by splicing text around the
// elements the tool owns and everything else stays exactly as it was; and escaping for what is written.
import { XmlScanner } from './xml-scanner';
import { badXml } from './parts';

// ---------------------------------------------------------------------------------------------------------
// Escaping

/** Text for an attribute value in double quotes, or element content: `&`, `<`, `>`, `"` and CR/LF/TAB kept. */
export function escapeXml(text: string): string {
  return text.replace(/[&<>"\r\n\t]/g, (c) => {
    switch (c) {
      case '&':
        return '&amp;';
      case '<':
        return '&lt;';
      case '>':
        return '&gt;';
      case '"':
        return '&quot;';
      case '\r':
        return '&#13;';
      case '\n':
        return '&#10;';
      default:
        return '&#9;';
    }
  });
}

/** Element content: `&`, `<`, `>` escaped, a CR written `&#13;` (a parser would turn a raw CR into LF). */
export function escapeXmlText(text: string): string {
  return text.replace(/[&<>\r]/g, (c) => (c === '&' ? '&amp;' : c === '<' ? '&lt;' : c === '>' ? '&gt;' : '&#13;'));
}

/** A character that `encodeOoxmlText` changes, or the start of a literal `_xHHHH_`. */
// eslint-disable-next-line no-control-regex
const NEEDS_OOXML_ESCAPE = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\uD800-\uDFFF\uFFFE\uFFFF]|_x[0-9A-Fa-f]{4}_/;

const hex4 = (code: number): string => code.toString(16).toUpperCase().padStart(4, '0');

/**
 * A cell's text in SpreadsheetML's own escape (ECMA-376 `ST_Xstring`): a character XML 1.0 cannot carry (control
 * characters other than TAB/LF/CR, U+FFFE, U+FFFF, a lone surrogate) as `_xHHHH_`, and a literal `_xHHHH_` in
 * the text as `_x005F_xHHHH_`, so that Excel (and any reader that unescapes) gives the text back exactly. The
 * result still needs `escapeXmlText`. With `literals: false` a literal `_xHHHH_` is left as it is (for attribute
 * values such as sheet names, which Excel's readers and ExcelJS take as written).
 */
export function encodeOoxmlText(text: string, options: { literals?: boolean } = {}): string {
  if (!NEEDS_OOXML_ESCAPE.test(text)) return text;
  const literals = options.literals !== false;
  let out = '';
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (literals && code === 0x5f && /^_x[0-9A-Fa-f]{4}_/.test(text.slice(i, i + 7))) {
      out += '_x005F_';
      continue;
    }
    if (code >= 0xd800 && code <= 0xdbff) {
      const next = text.charCodeAt(i + 1);
      if (next >= 0xdc00 && next <= 0xdfff) {
        out += text[i] + text[i + 1];
        i++;
        continue;
      }
      out += `_x${hex4(code)}_`;
      continue;
    }
    if (
      (code < 0x20 && code !== 0x09 && code !== 0x0a && code !== 0x0d) ||
      (code >= 0xdc00 && code <= 0xdfff) ||
      code === 0xfffe ||
      code === 0xffff
    ) {
      out += `_x${hex4(code)}_`;
      continue;
    }
    out += text[i];
  }
  return out;
}

/** The reverse of `encodeOoxmlText`: every `_xHHHH_` as its character (`_x005F_` as `_`). */
export function decodeOoxmlText(text: string): string {
  if (!text.includes('_x')) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_, h: string) => String.fromCharCode(parseInt(h, 16)));
}

// ---------------------------------------------------------------------------------------------------------
// A tree with source positions

export interface XmlNode {
  /** Qualified name as written (`x:sheet`). */
  name: string;
  /** Local name (`sheet`). */
  local: string;
  /** Attributes by qualified name, values decoded. */
  attrs: Record<string, string>;
  children: XmlNode[];
  /** Decoded text directly inside the element (all its text children joined). */
  text: string;
  /** Index of `<` of the start tag. */
  start: number;
  /** Index just after the start tag's `>`. */
  openEnd: number;
  /** Index of `<` of the end tag (= `end` for a self-closing element). */
  closeStart: number;
  /** Index just after the element. */
  end: number;
  selfClosing: boolean;
  parent: XmlNode | null;
}

export function localName(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? qname : qname.slice(i + 1);
}

export function prefixOf(qname: string): string {
  const i = qname.indexOf(':');
  return i < 0 ? '' : qname.slice(0, i + 1);
}

/**
 * Parses `text` into a tree with positions. `offset` is added to every position (for a fragment parsed out
 * of a larger text). Throws PackageError('bad-xml') naming `part`.
 */
export function parseXml(text: string, part: string, offset = 0): XmlNode {
  const stack: XmlNode[] = [];
  let root: XmlNode | null = null;
  const scanner = new XmlScanner({
    open(local, attributes, qname, start, openEnd) {
      const parent = stack.length > 0 ? stack[stack.length - 1] : null;
      const node: XmlNode = {
        name: qname,
        local,
        attrs: attributes.all(),
        children: [],
        text: '',
        start: start + offset,
        openEnd: openEnd + offset,
        closeStart: openEnd + offset,
        end: openEnd + offset,
        selfClosing: false,
        parent,
      };
      if (parent) parent.children.push(node);
      else root ??= node;
      stack.push(node);
    },
    close(_local, start, end) {
      const node = stack.pop() as XmlNode;
      node.selfClosing = end === node.openEnd - offset && start === end;
      node.closeStart = start + offset;
      node.end = end + offset;
    },
    text(t) {
      if (stack.length > 0) stack[stack.length - 1].text += t;
    },
  });
  try {
    scanner.write(text);
    scanner.close();
  } catch (err) {
    throw badXml(part, err instanceof Error ? err.message : String(err), err);
  }
  if (root === null) throw badXml(part, 'no root element');
  return root;
}

export function childrenNamed(node: XmlNode, local: string): XmlNode[] {
  return node.children.filter((c) => c.local === local);
}

export function firstChild(node: XmlNode, local: string): XmlNode | undefined {
  return node.children.find((c) => c.local === local);
}

/** An attribute by local name, whatever its prefix (`r:id`, `id`). */
export function attrLocal(node: XmlNode, local: string): string | undefined {
  for (const [k, v] of Object.entries(node.attrs)) if (localName(k) === local) return v;
  return undefined;
}

// ---------------------------------------------------------------------------------------------------------
// Splicing

export interface TextEdit {
  start: number;
  end: number;
  text: string;
}

/** `source` with the edits applied (positions refer to `source`; edits must not overlap; inserts at one place keep their order). */
export function applyEdits(source: string, edits: readonly TextEdit[]): string {
  if (edits.length === 0) return source;
  const sorted = edits.map((e, i) => ({ ...e, i })).sort((a, b) => a.start - b.start || a.end - b.end || a.i - b.i);
  let out = '';
  let at = 0;
  for (const e of sorted) {
    if (e.start < at) throw new Error('overlapping XML edits');
    out += source.slice(at, e.start) + e.text;
    at = e.end;
  }
  return out + source.slice(at);
}

/**
 * The start tag of `node` with attribute `name` set to `value` (added at the end of the tag when absent),
 * as a TextEdit of that tag only. The rest of the tag's text is kept as written.
 */
export function setAttributeEdit(source: string, node: XmlNode, name: string, value: string, offset = 0): TextEdit {
  const tag = source.slice(node.start - offset, node.openEnd - offset);
  const re = new RegExp(`(\\s${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*)("[^"]*"|'[^']*')`);
  let next: string;
  if (re.test(tag)) next = tag.replace(re, (_, lead: string) => `${lead}"${escapeXml(value)}"`);
  else {
    const close = tag.endsWith('/>') ? tag.length - 2 : tag.length - 1;
    let cut = close;
    while (cut > 0 && /\s/.test(tag[cut - 1])) cut--;
    next = `${tag.slice(0, cut)} ${name}="${escapeXml(value)}"${tag.slice(cut)}`;
  }
  return { start: node.start, end: node.openEnd, text: next };
}

/** The start tag of `node` without attribute `name` (unchanged when absent). */
export function removeAttributeEdit(source: string, node: XmlNode, name: string, offset = 0): TextEdit {
  const tag = source.slice(node.start - offset, node.openEnd - offset);
  const re = new RegExp(`\\s+${name.replace(/[.:]/g, '\\$&')}\\s*=\\s*("[^"]*"|'[^']*')`);
  return { start: node.start, end: node.openEnd, text: tag.replace(re, '') };
}
