/**
 * Draws the holder app's icons into public/me/icons with pngjs
 * (run: node --import tsx scripts/make-holder-icons.ts). A white QR-like mark (three finder
 * squares and a few modules) on the holder theme green, so it is not mistaken for the
 * scanner's gate icon. The maskable icon keeps the mark inside the central 80 % safe zone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { PNG } from 'pngjs';

const THEME: [number, number, number] = [0x0b, 0x6e, 0x4f];
const WHITE: [number, number, number] = [0xff, 0xff, 0xff];

// A 7x7 grid of the mark: finder corners (ring + centre) and a few data modules.
const GRID = ['###.###', '#.#.#.#', '###.###', '.......', '###.#.#', '#.#..#.', '###.#.#'];

/** True when (x, y), in unit coordinates of the mark's box, is white. */
function inMark(x: number, y: number): boolean {
  const col = Math.floor(x * 7);
  const row = Math.floor(y * 7);
  return GRID[row]?.[col] === '#';
}

function drawIcon(size: number, inset: number, rounded: boolean): Buffer {
  const png = new PNG({ width: size, height: size });
  const samples = 4;
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
          if (rounded && Math.hypot(x - cx, y - cy) > radius) continue;
          inside++;
          const u = (x / size - inset) / (1 - 2 * inset);
          const v = (y / size - inset) / (1 - 2 * inset);
          if (u >= 0 && u < 1 && v >= 0 && v < 1 && inMark(u, v)) covered++;
        }
      }
      const a = covered / Math.max(1, inside);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(THEME[c]! * (1 - a) + WHITE[c]! * a);
      png.data[i + 3] = Math.round((inside / (samples * samples)) * 255);
    }
  }
  return PNG.sync.write(png);
}

const out = new URL('../public/me/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), drawIcon(192, 0.2, true));
writeFileSync(new URL('icon-512.png', out), drawIcon(512, 0.2, true));
writeFileSync(new URL('maskable-512.png', out), drawIcon(512, 0.26, false));
console.log('holder icons written to public/me/icons');
