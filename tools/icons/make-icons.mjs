#!/usr/bin/env node
// @ts-check
/**
 * Draws the app's PNG icons (public/icons/) from the same shapes as public/favicon.svg — a blue
 * rounded square with three lines of "text" — with no image library: shapes are signed distance
 * fields, anti-aliased by coverage, written as PNG with node:zlib. Run after changing the design:
 *   node tools/icons/make-icons.mjs
 * The output is deterministic, so re-running it changes nothing unless the design changed.
 */
import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { deflateSync } from 'node:zlib';

const OUT_DIR = path.resolve(import.meta.dirname, '..', '..', 'public', 'icons');
const BLUE = [0x2f, 0x5b, 0xd3];
const WHITE = [0xff, 0xff, 0xff];

/** favicon.svg's drawing, in its 32×32 units: text lines as [x1, x2, y]. */
const LINES = [
  [8, 24, 11],
  [8, 20, 16],
  [8, 17, 21],
];
const STROKE = 2.6;
const CORNER = 7;

/** Distance from (x, y) to a rounded rectangle of size w×h at the origin (negative inside). */
function roundedRect(x, y, w, h, r) {
  const qx = Math.abs(x - w / 2) - (w / 2 - r);
  const qy = Math.abs(y - h / 2) - (h / 2 - r);
  return Math.hypot(Math.max(qx, 0), Math.max(qy, 0)) + Math.min(Math.max(qx, qy), 0) - r;
}

/** Distance from (x, y) to a horizontal line with round caps (negative inside). */
function capsule(x, y, [x1, x2, ly], width) {
  const cx = Math.min(Math.max(x, x1), x2);
  return Math.hypot(x - cx, y - ly) - width / 2;
}

/** Coverage of a pixel by a shape whose distance at its centre is d (in pixels). */
const coverage = (d) => Math.min(1, Math.max(0, 0.5 - d));

/**
 * RGBA pixels of the icon at `size` px. `maskable`: the background fills the whole square (the
 * platform cuts its own shape) and the drawing shrinks into the central 80 % safe zone.
 */
function draw(size, maskable) {
  const pixels = Buffer.alloc(size * size * 4);
  const scale = size / 32;
  const inner = maskable ? 0.8 : 1; // drawing scale inside the icon
  const offset = (32 - 32 * inner) / 2;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      const x = (px + 0.5) / scale;
      const y = (py + 0.5) / scale;
      const bg = maskable ? 1 : coverage(roundedRect(x, y, 32, 32, CORNER) * scale);
      // Back into favicon units for the lines.
      const ux = (x - offset) / inner;
      const uy = (y - offset) / inner;
      const line = Math.max(...LINES.map((l) => coverage(capsule(ux, uy, l, STROKE) * scale * inner)));
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) pixels[i + c] = Math.round(BLUE[c] * (1 - line) + WHITE[c] * line);
      pixels[i + 3] = Math.round(255 * bg);
    }
  }
  return pixels;
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An 8-bit RGBA PNG. */
function png(size, rgba) {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header.set([8, 6, 0, 0, 0], 8);
  const rows = Buffer.alloc(size * (size * 4 + 1));
  for (let y = 0; y < size; y++) rgba.copy(rows, y * (size * 4 + 1) + 1, y * size * 4, (y + 1) * size * 4);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(rows, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}

const ICONS = [
  { name: 'icon-192.png', size: 192, maskable: false },
  { name: 'icon-512.png', size: 512, maskable: false },
  { name: 'maskable-512.png', size: 512, maskable: true },
  { name: 'apple-touch-icon-180.png', size: 180, maskable: true },
];

for (const { name, size, maskable } of ICONS) {
  writeFileSync(path.join(OUT_DIR, name), png(size, draw(size, maskable)));
  console.log(`public/icons/${name}`);
}
