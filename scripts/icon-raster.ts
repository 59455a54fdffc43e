/**
 * Rasterises an app icon with pngjs: a white mark on a theme colour, 4x4 supersampled, with
 * rounded corners for the plain icons and a full square for maskable ones (launchers crop
 * those to any shape). Shared by make-icons.ts (scanner) and make-holder-icons.ts (holder).
 */
import { PNG } from 'pngjs';

export type Rgb = [number, number, number];
const WHITE: Rgb = [0xff, 0xff, 0xff];

/**
 * One icon of `size` px: `inMark(u, v)` says whether a point of the mark's unit box is white;
 * `inset` is the margin around the mark as a fraction of the size.
 */
export function drawIcon(size: number, inset: number, rounded: boolean, theme: Rgb, inMark: (u: number, v: number) => boolean): Buffer {
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
          if (u >= 0 && u <= 1 && v >= 0 && v <= 1 && inMark(u, v)) covered++;
        }
      }
      const a = covered / Math.max(1, inside);
      const i = (py * size + px) * 4;
      for (let c = 0; c < 3; c++) png.data[i + c] = Math.round(theme[c]! * (1 - a) + WHITE[c]! * a);
      png.data[i + 3] = Math.round((inside / (samples * samples)) * 255);
    }
  }
  return PNG.sync.write(png);
}
