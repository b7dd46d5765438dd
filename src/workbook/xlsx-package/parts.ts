// Naming the parts of a package, shared by the reader (read-*.ts) and the writer (package.ts, apply-plan.ts):
// where a part's relationships are, what a relationship target names, and the errors that name a part.
import { PackageError } from './package-error';

export const REL_NS = 'http://schemas.openxmlformats.org/officeDocument/2006/relationships';
export const WORKSHEET_REL = `${REL_NS}/worksheet`;
export const STYLES_REL = `${REL_NS}/styles`;
export const WORKSHEET_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml';
export const STYLES_TYPE = 'application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml';

/** One relationship of a `.rels` part. */
export interface Relationship {
  id: string;
  type: string;
  /**
   * The target: as written for RelsEditor (package.ts); resolved to the part's name in the zip by
   * readRelationships (read-workbook.ts), the raw target when external.
   */
  target: string;
  external: boolean;
}

/** The relationships part of `part` (`xl/workbook.xml` → `xl/_rels/workbook.xml.rels`; '' → `_rels/.rels`). */
export function relsPartOf(part: string): string {
  const slash = part.lastIndexOf('/');
  return `${part.slice(0, slash + 1)}_rels/${part.slice(slash + 1)}.rels`;
}

/** A relationship target (relative to the source part, or absolute from the package root) → a part name. */
export function resolveTarget(sourcePart: string, target: string): string {
  let t = target.trim();
  try {
    t = decodeURIComponent(t);
  } catch {
    // not percent-encoded after all: keep it as written
  }
  const base = t.startsWith('/') ? [] : sourcePart.split('/').slice(0, -1);
  for (const seg of t.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') base.pop();
    else base.push(seg);
  }
  return base.join('/');
}

/** The part as an error names it: its name in the zip, and what it is ("sheet “Sở Y tế”"). */
export interface PartRef {
  part: string;
  /** What the part holds, Vietnamese and English (e.g. `trang “Sở Y tế”` / `sheet "Sở Y tế"`); optional. */
  what?: { vi: string; en: string };
}

function describe(ref: PartRef, lang: 'vi' | 'en'): string {
  if (!ref.what) return ref.part;
  return lang === 'vi' ? `${ref.part} (${ref.what.vi})` : `${ref.part} (${ref.what.en})`;
}

/** `ref`, or the part `ref` with `what` (one text for both languages). */
function partRef(ref: PartRef | string, what?: string): PartRef {
  if (typeof ref !== 'string') return ref;
  return what === undefined ? { part: ref } : { part: ref, what: { vi: what, en: what } };
}

export function missingPart(ref: PartRef | string, what?: string): PackageError {
  const r = partRef(ref, what);
  return new PackageError(
    'missing-part',
    `thiếu phần ${describe(r, 'vi')}`,
    `the part ${describe(r, 'en')} is missing`,
    {
      part: r.part,
    },
  );
}

export function badXml(ref: PartRef | string, detail: string, cause?: unknown): PackageError {
  const r = partRef(ref);
  return new PackageError(
    'bad-xml',
    `phần ${describe(r, 'vi')} không phải XML hợp lệ: ${detail}`,
    `the part ${describe(r, 'en')} is not valid XML: ${detail}`,
    { part: r.part, cause },
  );
}
