// Foyer's icon (a house on a warm tile), drawn from one geometry into an SVG and into PNGs
// for the manifest and home screens. The PNGs are rasterised here (supersampled, zlib from
// Node) so the build needs no image tool.
import { deflateSync } from 'node:zlib';

export const ICON_BACKGROUND = '#b4492a';
const FOREGROUND = '#fff8ef';

/** In a 1×1 square. The house stays within the central 60 %, inside the maskable safe zone. */
const ROOF = [[0.5, 0.2], [0.18, 0.5], [0.82, 0.5]];
const BODY = { x0: 0.27, y0: 0.46, x1: 0.73, y1: 0.8 };
const DOOR = { x0: 0.44, y0: 0.6, x1: 0.56, y1: 0.8 };
const CORNER = 0.22;

function inTriangle([px, py], [[ax, ay], [bx, by], [cx, cy]]) {
  const d1 = (px - bx) * (ay - by) - (ax - bx) * (py - by);
  const d2 = (px - cx) * (by - cy) - (bx - cx) * (py - cy);
  const d3 = (px - ax) * (cy - ay) - (cx - ax) * (py - ay);
  return !((d1 < 0 || d2 < 0 || d3 < 0) && (d1 > 0 || d2 > 0 || d3 > 0));
}

const inRect = (x, y, r) => x >= r.x0 && x <= r.x1 && y >= r.y0 && y <= r.y1;

function inRoundedSquare(x, y, radius) {
  const cx = Math.min(Math.max(x, radius), 1 - radius);
  const cy = Math.min(Math.max(y, radius), 1 - radius);
  return (x - cx) ** 2 + (y - cy) ** 2 <= radius ** 2;
}

/** Which colour a point takes: null (transparent), background or foreground. */
function paint(x, y, rounded) {
  if (rounded && !inRoundedSquare(x, y, CORNER)) return null;
  const house = (inTriangle([x, y], ROOF) || inRect(x, y, BODY)) && !inRect(x, y, DOOR);
  return house ? FOREGROUND : ICON_BACKGROUND;
}

export function iconSvg() {
  const points = ROOF.map(([x, y]) => `${x * 100},${y * 100}`).join(' ');
  const rect = (r, fill) => `<rect x="${r.x0 * 100}" y="${r.y0 * 100}" width="${(r.x1 - r.x0) * 100}" height="${(r.y1 - r.y0) * 100}" fill="${fill}"/>`;
  return [
    '<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 100 100">',
    `<rect width="100" height="100" rx="${CORNER * 100}" fill="${ICON_BACKGROUND}"/>`,
    `<polygon points="${points}" fill="${FOREGROUND}"/>`,
    rect(BODY, FOREGROUND),
    rect(DOOR, ICON_BACKGROUND),
    '</svg>\n',
  ].join('');
}

function rgb(hex) {
  return [1, 3, 5].map((i) => parseInt(hex.slice(i, i + 2), 16));
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes) {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = CRC_TABLE[(crc ^ byte) & 0xff] ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

function chunk(type, data) {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** An RGBA PNG of the icon, `size` pixels square, 4×4 samples per pixel. */
export function iconPng(size, { rounded }) {
  const samples = 4;
  const row = size * 4 + 1;
  const pixels = Buffer.alloc(row * size);
  for (let py = 0; py < size; py++) {
    pixels[py * row] = 0; // filter type: none
    for (let px = 0; px < size; px++) {
      const sum = [0, 0, 0, 0];
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const colour = paint((px + (sx + 0.5) / samples) / size, (py + (sy + 0.5) / samples) / size, rounded);
          if (colour === null) continue;
          const [r, g, b] = rgb(colour);
          sum[0] += r; sum[1] += g; sum[2] += b; sum[3] += 255;
        }
      }
      const covered = sum[3] / 255;
      const offset = py * row + 1 + px * 4;
      for (let i = 0; i < 3; i++) pixels[offset + i] = covered ? Math.round(sum[i] / covered) : 0;
      pixels[offset + 3] = Math.round(sum[3] / (samples * samples));
    }
  }
  const header = Buffer.alloc(13);
  header.writeUInt32BE(size, 0);
  header.writeUInt32BE(size, 4);
  header[8] = 8; // bits per channel
  header[9] = 6; // RGBA
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk('IHDR', header),
    chunk('IDAT', deflateSync(pixels, { level: 9 })),
    chunk('IEND', Buffer.alloc(0)),
  ]);
}
