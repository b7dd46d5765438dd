// The error a workbook read ends with when the file is not a readable .xlsx. Kept apart from the ExcelJS
// code so that the command line can recognise it without loading ExcelJS (slow to load) for --help.
import { BilingualError } from './errors';

export type WorkbookReadErrorKind =
  | 'not-found'
  | 'not-a-file'
  | 'unreadable'
  | 'empty-file'
  | 'xls-or-encrypted'
  | 'ods'
  | 'not-xlsx'
  | 'corrupt'
  /** Beyond a reading limit (bytes once unzipped, cells): see xlsx-package/read-workbook.ts. */
  | 'too-large'
  /** A zip feature not supported (an encrypted entry, a split archive, an unknown compression). */
  | 'unsupported';

export class WorkbookReadError extends BilingualError {
  readonly kind: WorkbookReadErrorKind;
  readonly path: string;

  constructor(kind: WorkbookReadErrorKind, path: string, messageVi: string, messageEn: string, cause?: unknown) {
    super(messageVi, messageEn, cause);
    this.name = 'WorkbookReadError';
    this.kind = kind;
    this.path = path;
  }
}
