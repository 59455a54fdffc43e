/**
 * Draws the app icons into public/icons with pngjs (run: node --import tsx scripts/make-icons.ts).
 * A white check mark inside a gate arch on the theme blue. The maskable icon keeps the mark
 * inside the central 80 % safe zone, since launchers crop maskable icons to any shape.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { drawIcon as rasterise, type Rgb } from './icon-raster.ts';

const THEME: Rgb = [0x0b, 0x3d, 0x91];

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

const drawIcon = (size: number, inset: number, rounded: boolean) => rasterise(size, inset, rounded, THEME, inMark);

const out = new URL('../public/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), drawIcon(192, 0.14, true));
writeFileSync(new URL('icon-512.png', out), drawIcon(512, 0.14, true));
writeFileSync(new URL('maskable-512.png', out), drawIcon(512, 0.22, false));
console.log('icons written to public/icons');
