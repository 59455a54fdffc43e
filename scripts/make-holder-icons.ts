/**
 * Draws the holder app's icons into public/me/icons with pngjs
 * (run: node --import tsx scripts/make-holder-icons.ts). A white QR-like mark (three finder
 * squares and a few modules) on the holder theme green, so it is not mistaken for the
 * scanner's gate icon. The maskable icon keeps the mark inside the central 80 % safe zone.
 */
import { mkdirSync, writeFileSync } from 'node:fs';
import { drawIcon as rasterise, type Rgb } from './icon-raster.ts';

const THEME: Rgb = [0x0b, 0x6e, 0x4f];

// A 7x7 grid of the mark: finder corners (ring + centre) and a few data modules.
const GRID = ['###.###', '#.#.#.#', '###.###', '.......', '###.#.#', '#.#..#.', '###.#.#'];

/** True when (x, y), in unit coordinates of the mark's box, is white. */
function inMark(x: number, y: number): boolean {
  const col = Math.floor(x * 7);
  const row = Math.floor(y * 7);
  return GRID[row]?.[col] === '#';
}

const drawIcon = (size: number, inset: number, rounded: boolean) => rasterise(size, inset, rounded, THEME, inMark);

const out = new URL('../public/me/icons/', import.meta.url);
mkdirSync(out, { recursive: true });
writeFileSync(new URL('icon-192.png', out), drawIcon(192, 0.2, true));
writeFileSync(new URL('icon-512.png', out), drawIcon(512, 0.2, true));
writeFileSync(new URL('maskable-512.png', out), drawIcon(512, 0.26, false));
console.log('holder icons written to public/me/icons');
