/**
 * Draws the add-in's icons and writes them as PNG files into assets/.
 *
 *   npx tsx scripts/build-icons.ts [outDir]
 *
 * Pure Node (zlib for the deflate stream, and its CRC-32), no image library. The drawing is
 * deterministic integer supersampling: the same sizes always give the same pixels. Design: a blue rounded
 * square with a white bar chart of three rising bars (a ranking), flat, transparent corners.
 *
 * The manifest names icon-16/32/80 (ribbon), icon-32 (IconUrl), icon-64 (HighResolutionIconUrl); 128 is for
 * a store listing. test/manifest.test.ts checks that every icon the manifest names exists at its size.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as zlib from 'zlib';

export const ICON_SIZES = [16, 32, 64, 80, 128] as const;

/** Fluent UI brand blue (#0F6CBD) and white. */
const BACKGROUND: readonly [number, number, number] = [0x0f, 0x6c, 0xbd];
const FOREGROUND: readonly [number, number, number] = [0xff, 0xff, 0xff];

/** Samples per pixel along each axis. */
const SUPERSAMPLE = 8;

/** The shapes on a unit square (0..1, y down). */
const SQUARE = { x0: 0, y0: 0, x1: 1, y1: 1, radius: 3 / 16 };
// On a 16-unit grid so that the 16, 32, 64, 80 and 128 px icons have crisp edges.
const BARS: ReadonlyArray<{ x0: number; y0: number; x1: number; y1: number }> = [
  { x0: 3 / 16, y0: 9 / 16, x1: 5 / 16, y1: 13 / 16 },
  { x0: 7 / 16, y0: 6 / 16, x1: 9 / 16, y1: 13 / 16 },
  { x0: 11 / 16, y0: 3 / 16, x1: 13 / 16, y1: 13 / 16 },
];

function inRoundedSquare(x: number, y: number): boolean {
  const { x0, y0, x1, y1, radius: r } = SQUARE;
  if (x < x0 || x > x1 || y < y0 || y > y1) return false;
  const cx = x < x0 + r ? x0 + r : x > x1 - r ? x1 - r : x;
  const cy = y < y0 + r ? y0 + r : y > y1 - r ? y1 - r : y;
  const dx = x - cx;
  const dy = y - cy;
  return dx * dx + dy * dy <= r * r;
}

function inBar(x: number, y: number): boolean {
  for (const b of BARS) if (x >= b.x0 && x < b.x1 && y >= b.y0 && y < b.y1) return true;
  return false;
}

/** RGBA pixels, row by row, of the icon at `size` × `size`. */
export function renderIcon(size: number): Buffer {
  if (!Number.isInteger(size) || size < 1) throw new Error(`icon size must be a positive integer: ${size}`);
  const pixels = Buffer.alloc(size * size * 4);
  const samples = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let inside = 0;
      let bar = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        const y = (py + (sy + 0.5) / SUPERSAMPLE) / size;
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const x = (px + (sx + 0.5) / SUPERSAMPLE) / size;
          if (!inRoundedSquare(x, y)) continue;
          inside++;
          if (inBar(x, y)) bar++;
        }
      }
      const o = (py * size + px) * 4;
      if (inside === 0) continue; // transparent black
      for (let c = 0; c < 3; c++) {
        pixels[o + c] = Math.round((FOREGROUND[c] * bar + BACKGROUND[c] * (inside - bar)) / inside);
      }
      pixels[o + 3] = Math.round((255 * inside) / samples);
    }
  }
  return pixels;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length, 0);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(zlib.crc32(typeAndData), 0);
  return Buffer.concat([length, typeAndData, crc]);
}

export const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);

/** A PNG file (8-bit RGBA, no interlace, filter 0 on every row) of `rgba` pixels. */
export function encodePng(width: number, height: number, rgba: Buffer): Buffer {
  if (rgba.length !== width * height * 4) throw new Error('pixel buffer does not match the dimensions');
  const ihdr = Buffer.alloc(13);
  ihdr.writeUInt32BE(width, 0);
  ihdr.writeUInt32BE(height, 4);
  ihdr[8] = 8; // bit depth
  ihdr[9] = 6; // colour type: truecolour with alpha
  ihdr[10] = 0; // compression: deflate
  ihdr[11] = 0; // filter method 0
  ihdr[12] = 0; // no interlace
  const stride = width * 4;
  const raw = Buffer.alloc((stride + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (stride + 1)] = 0; // filter type None
    rgba.copy(raw, y * (stride + 1) + 1, y * stride, (y + 1) * stride);
  }
  const idat = zlib.deflateSync(raw, { level: 9 });
  return Buffer.concat([PNG_SIGNATURE, chunk('IHDR', ihdr), chunk('IDAT', idat), chunk('IEND', Buffer.alloc(0))]);
}

/** Width and height from a PNG's IHDR, or an error when the bytes are not a PNG. */
export function readPngSize(png: Buffer): { width: number; height: number } {
  if (png.length < 33 || !png.subarray(0, 8).equals(PNG_SIGNATURE) || png.toString('ascii', 12, 16) !== 'IHDR') {
    throw new Error('not a PNG file');
  }
  return { width: png.readUInt32BE(16), height: png.readUInt32BE(20) };
}

export function iconFileName(size: number): string {
  return `icon-${size}.png`;
}

/** Writes every icon into `outDir`; returns the paths written. */
export function buildIcons(outDir: string): string[] {
  fs.mkdirSync(outDir, { recursive: true });
  return ICON_SIZES.map((size) => {
    const file = path.join(outDir, iconFileName(size));
    fs.writeFileSync(file, encodePng(size, size, renderIcon(size)));
    return file;
  });
}

if (require.main === module) {
  const outDir = path.resolve(process.argv[2] ?? path.join(__dirname, '..', 'assets'));
  for (const file of buildIcons(outDir)) console.log(path.relative(process.cwd(), file));
}
