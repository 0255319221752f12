import jsQR from 'jsqr';
import { PNG } from 'pngjs';

const SCALE = 4;

/**
 * Decodes the QR code of an SVG as the `qrcode` package draws it (one path of `M`/`m` moves and
 * `h` runs, one module per unit, white background), by painting the modules into pixels and
 * reading them with jsQR: an independent check of what the SVG encodes.
 */
export function decodeQrSvg(svg: string): string | null {
  const size = Number(/viewBox="0 0 (\d+) \1"/.exec(svg)?.[1]);
  const d = /<path[^>]*stroke="[^"]+"[^>]*d="([^"]+)"/.exec(svg)?.[1];
  if (!size || !d) return null;
  const dark = new Set<string>();
  let x = 0;
  let y = 0;
  for (const [, cmd, a, b] of d.matchAll(/([Mmh])(-?[\d.]+)(?:\s+(-?[\d.]+))?/g)) {
    if (cmd === 'M') [x, y] = [Number(a), Number(b)];
    else if (cmd === 'm') [x, y] = [x + Number(a), y + Number(b)];
    else {
      for (let i = 0; i < Number(a); i++) dark.add(`${x + i},${Math.floor(y)}`);
      x += Number(a);
    }
  }
  const width = size * SCALE;
  const pixels = new Uint8ClampedArray(width * width * 4).fill(255);
  for (let py = 0; py < width; py++)
    for (let px = 0; px < width; px++)
      if (dark.has(`${Math.floor(px / SCALE)},${Math.floor(py / SCALE)}`))
        pixels.fill(0, (py * width + px) * 4, (py * width + px) * 4 + 3);
  return jsQR(pixels, width, width)?.data ?? null;
}

/** Decodes the QR code in a PNG (e.g. a browser screenshot of the code). */
export function decodeQrPng(png: Buffer): string | null {
  const image = PNG.sync.read(png);
  return jsQR(new Uint8ClampedArray(image.data), image.width, image.height)?.data ?? null;
}
