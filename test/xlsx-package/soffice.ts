// Converting a file with headless LibreOffice (xlsx → xlsx re-saved by LibreOffice, fods → xlsx, …), each
// call in its own throw-away profile so that parallel jest workers do not block each other.
import { spawnSync } from 'child_process';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { INSTALL_HINT, hasLibreOffice } from '../helpers/libreoffice';

/** Converts `input` (bytes, with its extension) with soffice --convert-to `filter`; returns the output's bytes. */
export function sofficeConvert(input: Buffer, inputExt: string, filter: string, outExt: string): Buffer {
  if (!hasLibreOffice()) throw new Error(INSTALL_HINT);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'pkg-soffice-'));
  try {
    const profile = path.join(dir, 'profile');
    const out = path.join(dir, 'out');
    fs.mkdirSync(out);
    const src = path.join(dir, `in.${inputExt}`);
    fs.writeFileSync(src, input);
    const res = spawnSync(
      'soffice',
      [
        `-env:UserInstallation=file://${profile}`,
        '--headless',
        '--norestore',
        '--nolockcheck',
        '--convert-to',
        filter,
        '--outdir',
        out,
        src,
      ],
      { env: { ...process.env, HOME: dir, LC_ALL: 'C.UTF-8', LANG: 'C.UTF-8' }, timeout: 120_000, encoding: 'utf8' },
    );
    const file = path.join(out, `in.${outExt}`);
    if (res.status !== 0 || !fs.existsSync(file)) {
      throw new Error(`soffice failed (${res.status ?? res.signal}): ${res.stdout}\n${res.stderr}`);
    }
    return fs.readFileSync(file);
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}
