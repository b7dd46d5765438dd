// Scanning one XML part of a package, SAX-style: the part is inflated in pieces (ZipReader.chunks), decoded
// and fed to the tokenizer (xml-scanner.ts) piece by piece, so no part is ever held whole as one string (Node
// strings stop at ~512 MB; a sheet can unzip to gigabytes). Element names are given without their namespace
// prefix (`x:c` → `c`): SpreadsheetML written with a prefix reads like the usual default-namespace form.
import { StringDecoder } from 'string_decoder';
import { badXml, missingPart, type PartRef } from './parts';
import { XmlScanner, XmlSyntaxError, type XmlHandlers } from './xml-scanner';
import type { ZipReader } from './zip';

export type { XmlAttributes, XmlHandlers } from './xml-scanner';

const UTF16LE_BOM = [0xff, 0xfe];
const UTF16BE_BOM = [0xfe, 0xff];

/**
 * Feeds the part `ref.part` of `zip` to `handlers`, in pieces (and each inflated piece, as it is, to `onBytes`).
 * Throws PackageError: `missing-part` when the zip has no such entry, `bad-xml` when the XML does not parse,
 * and whatever ZipReader throws (damaged data) or the handlers throw.
 */
export function scanXmlPart(
  zip: ZipReader,
  ref: PartRef,
  handlers: XmlHandlers,
  onBytes?: (chunk: Buffer) => void,
): void {
  if (!zip.has(ref.part)) throw missingPart(ref);
  const scanner = new XmlScanner(handlers);
  let fed = 0;
  const notXml = (err: XmlSyntaxError) => badXml(ref, `${err.message} (near byte ${fed.toLocaleString('en')})`, err);
  let decoder: StringDecoder | null = null;
  zip.chunks(ref.part, (chunk) => {
    onBytes?.(chunk);
    let piece = chunk;
    if (decoder === null) {
      // XML parts are UTF-8; a UTF-16 part announces itself with its byte-order mark.
      if (chunk[0] === UTF16LE_BOM[0] && chunk[1] === UTF16LE_BOM[1]) {
        decoder = new StringDecoder('utf16le');
        piece = chunk.subarray(2);
      } else if (chunk[0] === UTF16BE_BOM[0] && chunk[1] === UTF16BE_BOM[1]) {
        throw badXml(ref, 'UTF-16 big-endian text is not supported');
      } else {
        decoder = new StringDecoder('utf8');
      }
    }
    const text = decoder.write(piece);
    try {
      if (text.length > 0) scanner.write(text);
    } catch (err) {
      throw err instanceof XmlSyntaxError ? notXml(err) : err;
    }
    fed += chunk.length;
  });
  if (decoder === null) throw badXml(ref, 'the part is empty');
  const rest = (decoder as StringDecoder).end();
  try {
    if (rest.length > 0) scanner.write(rest);
    scanner.close();
  } catch (err) {
    throw err instanceof XmlSyntaxError ? notXml(err) : err;
  }
}

/**
 * ST_Xstring escapes decoded: `_xHHHH_` is the UTF-16 code unit HHHH (how Excel stores a carriage return,
 * `_x000D_`, and control characters), and `_x005F_` escapes the underscore of a literal `_xHHHH_`. Hex digits
 * in either case, `x` lower-case only, left to right, not recursive (as Excel, LibreOffice and ClosedXML read).
 */
export function decodeXString(text: string): string {
  if (text.indexOf('_x') < 0) return text;
  return text.replace(/_x([0-9A-Fa-f]{4})_/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A copy of `text` that does not keep alive the (64 KiB) piece of XML it was cut from: a string the parser
 * sliced out of a piece would otherwise pin the whole piece in memory for as long as the snapshot lives.
 */
export function detach(text: string): string {
  // V8 shares the parent of substrings of 13 characters and more; shorter ones are copies already.
  return text.length < 13 ? text : (' ' + text).slice(1);
}

/** Texts longer than this are kept as they come: seldom written twice, and costly to look up. */
const MAX_SHARED_LENGTH = 256;
/** The table stops growing here (a workbook of unique texts would only pay for the lookups). */
const MAX_SHARED_TEXTS = 1 << 18;

/**
 * One copy of each text read, however many cells hold it (a criterion's name is written in every unit's
 * sheet: thousands of copies), detached from the XML it was cut from. Less to keep, and less for the garbage
 * collector to move.
 */
export class TextTable {
  private readonly texts = new Map<string, string>();

  get(text: string): string {
    if (text.length > MAX_SHARED_LENGTH) return detach(text);
    let kept = this.texts.get(text);
    if (kept === undefined) {
      kept = detach(text);
      if (this.texts.size < MAX_SHARED_TEXTS) this.texts.set(kept, kept);
    }
    return kept;
  }
}

/** An XML boolean attribute (`1`/`true`). */
export function xmlTrue(value: string | undefined): boolean {
  return value === '1' || value === 'true';
}
