// Errors the adapters raise for the user: a Vietnamese and an English message (no ExcelJS import here, so
// the command line can recognise them without loading ExcelJS).

export class BilingualError extends Error {
  readonly messageVi: string;
  readonly messageEn: string;

  constructor(messageVi: string, messageEn: string, cause?: unknown) {
    super(`${messageVi} / ${messageEn}`, cause === undefined ? undefined : { cause });
    this.messageVi = messageVi;
    this.messageEn = messageEn;
  }
}

/** The `code` of a Node system error (`ENOENT`…), if any. */
export function errnoCode(err: unknown): string | undefined {
  if (typeof err === 'object' && err !== null && 'code' in err) {
    const code = (err as { code: unknown }).code;
    return typeof code === 'string' ? code : undefined;
  }
  return undefined;
}

export function errorText(err: unknown): string {
  return err instanceof Error ? err.message : String(err);
}
