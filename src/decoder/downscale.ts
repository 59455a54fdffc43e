/** Shrinking frames before decoding: area averaging on luminance, written back as grey RGBA. */
import type { RgbaImage } from './types.ts';

/**
 * Returns the image shrunk so its long side is at most `maxLongSide` (the same object when it
 * already fits). Every engine turns colour into grey before it looks for a code, so averaging
 * luminance only is a third of the work of averaging RGBA and loses nothing they would use;
 * averaging whole source areas (not sampling) also smooths sensor noise, which helps the decoders.
 */
export function downscaleToFit(image: RgbaImage, maxLongSide: number): RgbaImage {
  const { width, height, data } = image;
  const scale = maxLongSide / Math.max(width, height);
  if (scale >= 1) return image;
  const outWidth = Math.max(1, Math.round(width * scale));
  const outHeight = Math.max(1, Math.round(height * scale));
  const xStep = width / outWidth;
  const yStep = height / outHeight;

  // Pass 1: each source row averaged into outWidth columns (fractional edge pixels weighted).
  const rows = new Float32Array(outWidth * height);
  for (let y = 0; y < height; y++) {
    const rowStart = y * width;
    for (let ox = 0; ox < outWidth; ox++) {
      const from = ox * xStep;
      const to = from + xStep;
      let sum = 0;
      for (let x = Math.floor(from); x < to && x < width; x++) {
        const weight = Math.min(x + 1, to) - Math.max(x, from);
        const p = (rowStart + x) * 4;
        // Rec. 601 weights, as zxing-wasm uses in its own RGBA-to-grey step.
        sum += weight * (0.299 * (data[p] ?? 0) + 0.587 * (data[p + 1] ?? 0) + 0.114 * (data[p + 2] ?? 0));
      }
      rows[y * outWidth + ox] = sum / xStep;
    }
  }

  // Pass 2: those rows averaged in groups into outHeight rows (row by row, for cache locality).
  const out = new Uint8ClampedArray(outWidth * outHeight * 4);
  const accumulator = new Float32Array(outWidth);
  for (let oy = 0; oy < outHeight; oy++) {
    const from = oy * yStep;
    const to = from + yStep;
    accumulator.fill(0);
    for (let y = Math.floor(from); y < to && y < height; y++) {
      const weight = Math.min(y + 1, to) - Math.max(y, from);
      const rowStart = y * outWidth;
      for (let ox = 0; ox < outWidth; ox++) accumulator[ox]! += weight * (rows[rowStart + ox] ?? 0);
    }
    for (let ox = 0; ox < outWidth; ox++) {
      const grey = (accumulator[ox] ?? 0) / yStep;
      const q = (oy * outWidth + ox) * 4;
      out[q] = grey;
      out[q + 1] = grey;
      out[q + 2] = grey;
      out[q + 3] = 255;
    }
  }
  return { data: out, width: outWidth, height: outHeight };
}
