/**
 * Draws the two Teams app icons into manifest/teams/ as PNG files: color.png (192x192, white glyph on the accent
 * colour) and outline.png (32x32, white glyph on transparent, no other colours, as Teams requires).
 * Deterministic: same code, same bytes, so the committed files can be regenerated and compared.
 *
 *   node -r ts-node/register/transpile-only scripts/make-teams-icons.ts
 */
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { crc32, deflateSync } from 'node:zlib';

type Rgba = readonly [number, number, number, number];

const WHITE: Rgba = [255, 255, 255, 255];
const TRANSPARENT: Rgba = [0, 0, 0, 0];
/** Same value as `accentColor` in manifest.json, so the tile and the icon agree. */
const ACCENT: Rgba = [0x1f, 0x5f, 0xa8, 255];

/** An RGBA image, row-major. */
export interface Bitmap {
  width: number;
  height: number;
  pixels: Uint8Array;
}

function bitmap(width: number, height: number, fill: Rgba): Bitmap {
  const pixels = new Uint8Array(width * height * 4);
  for (let i = 0; i < width * height; i++) pixels.set(fill, i * 4);
  return { width, height, pixels };
}

/**
 * The glyph, drawn on a 32-unit grid: a calendar page (a reservation is a term) whose lower half holds a
 * return arrow (refund / exchange). Each unit is `scale` pixels, starting at (`left`, `top`).
 * Only whole rectangles, so the outline stays strictly two-valued with no anti-aliasing.
 */
function drawGlyph(image: Bitmap, left: number, top: number, scale: number, ink: Rgba): void {
  const rect = (x: number, y: number, w: number, h: number): void => {
    for (let py = top + y * scale; py < top + (y + h) * scale; py++) {
      for (let px = left + x * scale; px < left + (x + w) * scale; px++) {
        image.pixels.set(ink, (py * image.width + px) * 4);
      }
    }
  };
  // Binder rings above the page.
  rect(9, 3, 2, 5);
  rect(21, 3, 2, 5);
  // Page frame with a solid header band.
  rect(4, 6, 24, 6);
  rect(4, 12, 2, 16);
  rect(26, 12, 2, 16);
  rect(4, 26, 24, 2);
  // Return arrow: a shaft from right to left with a bend up on the right, the head on the left.
  rect(11, 19, 12, 2);
  rect(21, 15, 2, 6);
  rect(9, 17, 2, 6);
  rect(7, 18, 2, 4);
}

export function drawColorIcon(): Bitmap {
  const image = bitmap(192, 192, ACCENT);
  // 32 units x 3 px = 96 px glyph, centred: Teams crops the colour icon to a rounded tile, keep a wide margin.
  drawGlyph(image, 48, 48, 3, WHITE);
  return image;
}

export function drawOutlineIcon(): Bitmap {
  const image = bitmap(32, 32, TRANSPARENT);
  drawGlyph(image, 0, 0, 1, WHITE);
  return image;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const typeAndData = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(typeAndData));
  return Buffer.concat([length, typeAndData, crc]);
}

/** Encodes 8-bit RGBA, non-interlaced, every scanline with filter type 0 (none): small images, no need for more. */
export function encodePng(image: Bitmap): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(image.width, 0);
  header.writeUInt32BE(image.height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type: truecolour with alpha
  // compression, filter and interlace methods stay 0
  const stride = image.width * 4;
  const raw = Buffer.alloc((stride + 1) * image.height);
  for (let y = 0; y < image.height; y++) {
    raw[y * (stride + 1)] = 0;
    raw.set(image.pixels.subarray(y * stride, (y + 1) * stride), y * (stride + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(raw, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

if (require.main === module) {
  const dir = join(__dirname, '..', 'manifest', 'teams');
  writeFileSync(join(dir, 'color.png'), encodePng(drawColorIcon()));
  writeFileSync(join(dir, 'outline.png'), encodePng(drawOutlineIcon()));
  console.log(`wrote color.png and outline.png in ${dir}`);
}
