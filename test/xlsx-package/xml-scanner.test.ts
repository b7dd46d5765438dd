// The XML tokenizer (the reader's, and the writer's parseXml) against saxes, the parser it replaced: the same
// elements, attributes, text and positions (where each tag ends) for XML that parses, a refusal for XML that
// does not, however the text is cut in pieces.
import fc from 'fast-check';
import { SaxesParser } from 'saxes';
import { XmlScanner, XmlSyntaxError } from '../../src/workbook/xlsx-package/xml-scanner';

type Outcome = { ok: true; events: string[] } | { ok: false };

/** Events as one list, adjacent texts joined (either parser may give a text in several pieces). */
function recorder(): {
  events: string[];
  open: (n: string, a: Record<string, string>, end: number) => void;
  close: (n: string, end: number) => void;
  text: (t: string) => void;
} {
  const events: string[] = [];
  let pending = '';
  const flush = () => {
    if (pending !== '') events.push(`text ${JSON.stringify(pending)}`);
    pending = '';
  };
  return {
    events,
    open: (n, a, end) => {
      flush();
      events.push(`open ${n} ${JSON.stringify(Object.entries(a))} @${end}`);
    },
    close: (n, end) => {
      flush();
      events.push(`close ${n} @${end}`);
    },
    text: (t) => {
      pending += t;
      if (t === '') flush();
    },
  };
}

const localName = (q: string) => q.slice(q.indexOf(':') + 1);

function withSaxes(xml: string): Outcome {
  const r = recorder();
  const parser = new SaxesParser({ position: true });
  let failed = false;
  parser.on('error', () => {
    failed = true;
  });
  parser.on('opentag', (t) => r.open(localName(t.name), t.attributes as Record<string, string>, parser.position));
  parser.on('closetag', (t) => r.close(localName(t.name), parser.position));
  parser.on('text', (t) => r.text(t));
  parser.on('cdata', (t) => r.text(t));
  try {
    parser.write(xml).close();
  } catch {
    failed = true;
  }
  r.text('');
  return failed ? { ok: false } : { ok: true, events: r.events };
}

function withScanner(pieces: string[]): Outcome {
  const r = recorder();
  const whole = pieces.join('');
  const scanner = new XmlScanner({
    ...r,
    open: (name, attributes, qname, start, end) => {
      const all = attributes.all();
      // Each attribute asked for alone gives what the list gives.
      for (const [k, v] of Object.entries(all)) expect(attributes.get(k)).toBe(v);
      expect(attributes.get('absent')).toBeUndefined();
      expect(localName(qname)).toBe(name);
      expect(whole.slice(start, start + 1 + qname.length)).toBe(`<${qname}`);
      r.open(name, all, end);
    },
    // A self-closing element closes where its tag ends, as saxes says; an end tag starts with `</`.
    close: (name, start, end) => {
      if (start !== end) expect(whole.slice(start, start + 2)).toBe('</');
      r.close(name, end);
    },
  });
  try {
    for (const piece of pieces) scanner.write(piece);
    scanner.close();
  } catch (err) {
    if (!(err instanceof XmlSyntaxError)) throw err;
    return { ok: false };
  }
  r.text('');
  return { ok: true, events: r.events };
}

const highSurrogate = (code: number) => code >= 0xd800 && code <= 0xdbff;

/** `xml` cut at `cuts` (positions, any order), never inside a surrogate pair (as the UTF-8 decoder cuts). */
function cutAt(xml: string, cuts: number[]): string[] {
  const inPair = (c: number) => highSurrogate(xml.charCodeAt(c - 1));
  const at = [...new Set(cuts.map((c) => c % (xml.length + 1)).map((c) => (inPair(c) ? c + 1 : c)))].sort(
    (a, b) => a - b,
  );
  const pieces: string[] = [];
  let from = 0;
  for (const c of at) {
    pieces.push(xml.slice(from, c));
    from = c;
  }
  pieces.push(xml.slice(from));
  return pieces.filter((p) => p !== '');
}

const tokens = fc.constantFrom(
  '<c r="A1" t="s">',
  '<x:c r="B2">',
  '</c>',
  '</x:c>',
  '<v>',
  '</v>',
  '<is><t>',
  '</t></is>',
  '<f t="shared" ref="A1:A3" si="0"/>',
  "<t xml:space='preserve'>",
  '<a b="1" b="2">',
  '<a b=1>',
  '<a b="x<y">',
  '<a b="&amp;&#10;&#x41;\t\r\nz">',
  '<a\tb = "1"\n/>',
  '<a b="1"c="2">',
  '<1a>',
  '< a>',
  '</ a>',
  '</c >',
  'Điểm 😀',
  ' ',
  '\r\n',
  '\r',
  '&amp;',
  '&lt;&gt;&quot;&apos;',
  '&nbsp;',
  '&#0;',
  '&#x1F600;',
  '&',
  ']]>',
  '\u0001',
  '\uFFFE',
  '<![CDATA[<b>&amp;\r\n]]>',
  '<!-- note -->',
  '<?pi data?>',
  '<?xml version="1.0"?>',
  '<!DOCTYPE x>',
  '<',
  '>',
  '"',
);

describe('XmlScanner', () => {
  it('gives the events saxes gives, and refuses what saxes refuses, in pieces cut anywhere', () => {
    fc.assert(
      fc.property(
        fc.array(tokens, { maxLength: 24 }),
        fc.boolean(),
        fc.array(fc.nat(), { maxLength: 6 }),
        (body, declared, cuts) => {
          const xml = `${declared ? '<?xml version="1.0" encoding="UTF-8"?>\n' : ''}<root>${body.join('')}</root>`;
          const expected = withSaxes(xml);
          expect(withScanner([xml])).toEqual(expected);
          expect(withScanner(cutAt(xml, cuts))).toEqual(expected);
        },
      ),
      { numRuns: 2000, seed: 20261130 },
    );
  });

  it('reads a worksheet as saxes does, cut into pieces of every size', () => {
    const xml =
      '\uFEFF<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\r\n<worksheet xmlns="urn:x" xmlns:r="urn:r">' +
      '<sheetData><row r="1" spans="1:2"><c r="A1" t="inlineStr"><is><t xml:space="preserve"> Tổng &amp; cộng\r\n</t></is></c>' +
      '<c r="B1" s="2"><f>SUM(A1:A3)&gt;0</f><v>12.5</v></c></row></sheetData><!-- end --></worksheet>\n';
    const expected = withSaxes(xml);
    expect(expected.ok).toBe(true);
    for (let size = 1; size <= xml.length; size++) {
      const pieces: string[] = [];
      for (let at = 0; at < xml.length;) {
        const end = highSurrogate(xml.charCodeAt(at + size - 1)) ? at + size + 1 : at + size;
        pieces.push(xml.slice(at, end));
        at = end;
      }
      expect(withScanner(pieces)).toEqual(expected);
    }
  });

  it('refuses what is not one well-formed document', () => {
    for (const xml of [
      '',
      '  ',
      '<a>',
      '<a></b>',
      '<a/><b/>',
      'x<a/>',
      '<a/>x',
      '<a>&nbsp;</a>',
      ' <?xml version="1.0"?><a/>',
    ]) {
      expect([xml, withSaxes(xml).ok]).toEqual([xml, false]);
      expect([xml, withScanner([xml]).ok]).toEqual([xml, false]);
    }
  });
});
