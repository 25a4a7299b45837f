// Draws the extension's icon, media/icon.png (128×128 RGBA): a sigmoid (solid) and its derivative (the
// bell, thinner) over axes on a rounded tile. Written with node:zlib and a minimal PNG encoder so the icon
// needs no image tooling; rerun `node scripts/make-icon.mjs` after changing the drawing.
import { writeFileSync } from 'node:fs';
import { deflateSync } from 'node:zlib';

const SIZE = 128;
const SS = 4; // supersampling per axis, for anti-aliased edges

const tile = [0x1e, 0x27, 0x3b];
const axis = [0x6b, 0x77, 0x90];
const curve = [0xff, 0x9f, 0x1c];
const slope = [0x4c, 0xc9, 0xf0];

const sigmoid = (x) => 1 / (1 + Math.exp(-x));
const dsigmoid = (x) => sigmoid(x) * (1 - sigmoid(x));

// Plot area in pixels: x ∈ [-6, 6] → [14, 114], y ∈ [-0.1, 1.1] → [112, 16].
const px = (x) => 14 + ((x + 6) / 12) * 100;
const py = (y) => 112 - ((y + 0.1) / 1.2) * 96;

function distToPolyline(pts, x, y) {
  let best = Infinity;
  for (let i = 1; i < pts.length; i++) {
    const [ax, ay] = pts[i - 1];
    const [bx, by] = pts[i];
    const dx = bx - ax;
    const dy = by - ay;
    const t = Math.max(0, Math.min(1, ((x - ax) * dx + (y - ay) * dy) / (dx * dx + dy * dy)));
    best = Math.min(best, Math.hypot(x - (ax + t * dx), y - (ay + t * dy)));
  }
  return best;
}

const samples = (f) => Array.from({ length: 121 }, (_, i) => -6 + i / 10).map((x) => [px(x), py(f(x))]);
const sigmoidPts = samples(sigmoid);
// The derivative peaks at 0.25; scaled ×3 so the bell reads at icon size.
const slopePts = samples((x) => 3 * dsigmoid(x));

function insideRoundedTile(x, y) {
  const r = 22;
  const cx = Math.min(Math.max(x, r), SIZE - r);
  const cy = Math.min(Math.max(y, r), SIZE - r);
  return Math.hypot(x - cx, y - cy) <= r;
}

function colourAt(x, y) {
  if (!insideRoundedTile(x, y)) return null;
  if (distToPolyline(sigmoidPts, x, y) <= 4.2) return curve;
  if (distToPolyline(slopePts, x, y) <= 2.4) return slope;
  const onXAxis = Math.abs(y - py(0)) <= 1.2 && x >= 10 && x <= 118;
  const onYAxis = Math.abs(x - px(0)) <= 1.2 && y >= 12 && y <= 116;
  if (onXAxis || onYAxis) return axis;
  return tile;
}

const raw = Buffer.alloc(SIZE * (SIZE * 4 + 1));
for (let y = 0; y < SIZE; y++) {
  raw[y * (SIZE * 4 + 1)] = 0; // filter: none
  for (let x = 0; x < SIZE; x++) {
    let r = 0, g = 0, b = 0, a = 0;
    for (let sy = 0; sy < SS; sy++) {
      for (let sx = 0; sx < SS; sx++) {
        const c = colourAt(x + (sx + 0.5) / SS, y + (sy + 0.5) / SS);
        if (c) { r += c[0]; g += c[1]; b += c[2]; a += 1; }
      }
    }
    const o = y * (SIZE * 4 + 1) + 1 + x * 4;
    raw[o] = a ? Math.round(r / a) : 0;
    raw[o + 1] = a ? Math.round(g / a) : 0;
    raw[o + 2] = a ? Math.round(b / a) : 0;
    raw[o + 3] = Math.round((255 * a) / (SS * SS));
  }
}

const crcTable = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});
function crc32(buf) {
  let c = 0xffffffff;
  for (const byte of buf) c = crcTable[(c ^ byte) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}
function chunk(type, data) {
  const len = Buffer.alloc(4);
  len.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, 'ascii'), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([len, body, crc]);
}

const ihdr = Buffer.alloc(13);
ihdr.writeUInt32BE(SIZE, 0);
ihdr.writeUInt32BE(SIZE, 4);
ihdr[8] = 8; // bit depth
ihdr[9] = 6; // colour type: RGBA
const png = Buffer.concat([
  Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
  chunk('IHDR', ihdr),
  chunk('IDAT', deflateSync(raw, { level: 9 })),
  chunk('IEND', Buffer.alloc(0)),
]);
writeFileSync('media/icon.png', png);
console.log(`wrote media/icon.png (${png.length} bytes, ${SIZE}×${SIZE})`);
