/**
 * Draws the app icons into public/icons with pngjs (run: node --import tsx scripts/make-icons.ts).
 * A white check mark inside a gate arch on the theme blue. The maskable icon keeps the mark
 * inside the central 80 % safe zone, since launchers crop maskable icons to any shape.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const THEME: [number, number, number] = [0x0b, 0x3d, 0x91];
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];

/** Distance from point p to segment ab. */
function segmentDistance(px: number, py: number, ax: number, ay: number, bx: number, by: number): number {
  const dx = bx - ax;
  const dy = by - ay;
  const t = Math.max(0, Math.min(1, ((px - ax) * dx + (py - ay) * dy) / (dx * dx + dy * dy)));
  return Math.hypot(px - (ax + t * dx), py - (ay + t * dy));
}

/** True when (x, y), in unit coordinates of the mark's box, is part of the white mark. */
function inMark(x: number, y: number): boolean {
  const stroke = 0.07;
  // Gate arch: two posts and a half-circle lintel.
  const arch = Math.abs(Math.hypot(x - 0.5, y - 0.42) - 0.36) < stroke / 2 && y <= 0.42;
  const posts = (Math.abs(x - 0.14) < stroke / 2 || Math.abs(x - 0.86) < stroke / 2) && y >= 0.42 && y <= 0.92;
  const check =
    segmentDistance(x, y, 0.3, 0.6, 0.45, 0.75) < stroke * 0.75 || segmentDistance(x, y, 0.45, 0.75, 0.72, 0.42) < stroke * 0.75;
  return arch || posts || check;
}

/** Renders one icon; `inset` is the margin around the mark as a fraction of the size. */
function drawIcon(size: number, inset: number, rounded: boolean): Buffer {
  const png = new PNG({ width: size, height: size });
  const samples = 4; // 4x4 supersampling for smooth edges.
  const radius = rounded ? size * 0.18 : 0;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let covered = 0;
      let inside = 0;
      for (let sy = 0; sy < samples; sy++) {
        for (let sx = 0; sx < samples; sx++) {
          const x = px + (sx + 0.5) / samples;
          const y = py + (sy + 0.5) / samples;
          const cx = Math.max(radius, Math.min(size - radius, x));
          const cy = Math.max(radius, Math.min(size - radius, y));
          if (Math.hypot(x - cx, y - cy) > radius && rounded) continue;
          inside++;
          const u = (x / size - inset) / (1 - 2 * inset);
          const v = (y / size - inset) / (1 - 2 * inset);
          if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && inMark(u, v)) covered++;
        }
      }
      const total = samples * samples;
      const a = covered / Math.max(1, inside);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(THEME[c]! * (1 - a) + WHITE[c]! * a);
      png.data[i + 3] = Math.round((inside / total) * 255);
    }
  }
  return PNG.sync.write(png);
}

const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), drawIcon(192, 0.14, true));
writeFileSync(new URL('icon-512.png', out), drawIcon(512, 0.14, true));
writeFileSync(new URL('maskable-512.png', out), drawIcon(512, 0.22, false));
console.log('icons written to public/icons');
