// A very small XML reader for files we write ourselves (manifest.xml): elements, attributes, text,
// comments, the XML declaration and the five predefined entities plus numeric character references.
// No DTDs, no CDATA, no namespace resolution (names keep their prefix, e.g. `bt:Image`). It throws on
// anything it does not understand and on mismatched tags, which is what a test wants.

export interface XmlElement {
  name: string;
  attributes: Record<string, string>;
  children: XmlElement[];
  text: string;
  parent: XmlElement | null;
}

const ENTITIES: Record<string, string> = { amp: '&', lt: '<', gt: '>', quot: '"', apos: "'" };

function decode(text: string): string {
  return text.replace(/&(#x[0-9a-fA-F]+|#[0-9]+|[a-z]+);/g, (whole, ref: string) => {
    if (ref.startsWith('#x')) return String.fromCodePoint(parseInt(ref.slice(2), 16));
    if (ref.startsWith('#')) return String.fromCodePoint(parseInt(ref.slice(1), 10));
    if (ref in ENTITIES) return ENTITIES[ref];
    throw new Error(`unknown entity ${whole}`);
  });
}

export function parseXml(source: string): XmlElement {
  const root: XmlElement = { name: '#document', attributes: {}, children: [], text: '', parent: null };
  let current = root;
  let i = 0;
  const lineOf = (at: number) => source.slice(0, at).split('\n').length;
  while (i < source.length) {
    const lt = source.indexOf('<', i);
    const textEnd = lt === -1 ? source.length : lt;
    if (textEnd > i) {
      const text = source.slice(i, textEnd);
      if (current === root) {
        if (text.trim() !== '') throw new Error(`text outside the root element at line ${lineOf(i)}`);
      } else {
        current.text += decode(text);
      }
    }
    if (lt === -1) break;
    if (source.startsWith('<!--', lt)) {
      const end = source.indexOf('-->', lt + 4);
      if (end === -1) throw new Error(`unterminated comment at line ${lineOf(lt)}`);
      i = end + 3;
    } else if (source.startsWith('<?', lt)) {
      const end = source.indexOf('?>', lt + 2);
      if (end === -1) throw new Error(`unterminated declaration at line ${lineOf(lt)}`);
      i = end + 2;
    } else if (source.startsWith('<!', lt)) {
      throw new Error(`DOCTYPE/CDATA not supported (line ${lineOf(lt)})`);
    } else if (source.startsWith('</', lt)) {
      const end = source.indexOf('>', lt);
      const name = source.slice(lt + 2, end).trim();
      if (name !== current.name) {
        throw new Error(`</${name}> closes <${current.name}> at line ${lineOf(lt)}`);
      }
      current = current.parent as XmlElement;
      i = end + 1;
    } else {
      const tag = /^<([A-Za-z_][\w.:-]*)((?:\s+[A-Za-z_][\w.:-]*\s*=\s*(?:"[^"]*"|'[^']*'))*)\s*(\/?)>/.exec(
        source.slice(lt),
      );
      if (!tag) throw new Error(`malformed tag at line ${lineOf(lt)}`);
      const element: XmlElement = { name: tag[1], attributes: {}, children: [], text: '', parent: current };
      for (const attr of tag[2].matchAll(/([A-Za-z_][\w.:-]*)\s*=\s*(?:"([^"]*)"|'([^']*)')/g)) {
        if (attr[1] in element.attributes) throw new Error(`duplicate attribute ${attr[1]} at line ${lineOf(lt)}`);
        element.attributes[attr[1]] = decode(attr[2] ?? attr[3]);
      }
      if (current === root && root.children.length > 0) throw new Error('more than one root element');
      current.children.push(element);
      if (tag[3] !== '/') current = element;
      i = lt + tag[0].length;
    }
  }
  if (current !== root) throw new Error(`<${current.name}> is not closed`);
  if (root.children.length !== 1) throw new Error('no root element');
  return root.children[0];
}

/** Every element below `element` (depth first, document order), optionally only those named `name`. */
export function descendants(element: XmlElement, name?: string): XmlElement[] {
  const out: XmlElement[] = [];
  const walk = (e: XmlElement) => {
    for (const child of e.children) {
      if (name === undefined || child.name === name) out.push(child);
      walk(child);
    }
  };
  walk(element);
  return out;
}

/** The only child named `name`; throws when there is none or several. */
export function child(element: XmlElement, name: string): XmlElement {
  const found = element.children.filter((c) => c.name === name);
  if (found.length !== 1) throw new Error(`<${element.name}> has ${found.length} <${name}> children, expected 1`);
  return found[0];
}

/** The element's path from the root, e.g. `OfficeApp/VersionOverrides/Resources`. */
export function pathOf(element: XmlElement): string {
  const names: string[] = [];
  for (let e: XmlElement | null = element; e && e.name !== '#document'; e = e.parent) names.unshift(e.name);
  return names.join('/');
}
