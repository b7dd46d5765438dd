// The error of a package (zip + parts) that cannot be read or edited: bilingual like every user error, with a
// kind the command line and the tests can act on, and the part it concerns when there is one.
import { BilingualError } from '../errors';

export type PackageErrorKind =
  /** Not a zip, or a zip whose directory or entries are damaged (cut short, wrong offsets, bad data or crc). */
  | 'damaged'
  /** A zip feature this reader does not handle: encryption, split archives, a compression other than deflate. */
  | 'unsupported'
  /** Beyond a limit (entries, bytes once unzipped, a part too large for one piece of memory). */
  | 'limit'
  /** A part the package needs is not there (the workbook, a sheet named by the workbook, …). */
  | 'missing-part'
  /** A part whose XML cannot be read. */
  | 'bad-xml';

export class PackageError extends BilingualError {
  readonly kind: PackageErrorKind;
  /** The part (zip entry name) concerned, when there is one. */
  readonly part?: string;

  constructor(
    kind: PackageErrorKind,
    messageVi: string,
    messageEn: string,
    options: { part?: string; cause?: unknown } = {},
  ) {
    super(messageVi, messageEn, options.cause);
    this.name = 'PackageError';
    this.kind = kind;
    if (options.part !== undefined) this.part = options.part;
  }
}
