/**
 * A camera frame's luminance plane cut and shrunk into the grey RGBA image the engines take
 * (pure: runs in the decoder worker and in Node tests). The worker reads a camera frame's Y
 * plane straight out of the VideoFrame (`copyTo`, 0.4 ms for 1080p here) instead of drawing it
 * onto a canvas and reading that back (22 ms for the same frame in this headless Chromium: a
 * software draw and a full RGBA readback), so only the pixels a view needs are ever touched.
 */
import type { RgbaImage } from './types.ts';

/** A luminance plane: `data[offset + y * stride + x]` is the pixel at (x, y). */
export interface LumaPlane {
  data: Uint8Array;
  offset: number;
  stride: number;
  width: number;
  height: number;
}

/** A source rectangle of the plane. */
export interface LumaRect {
  sx: number;
  sy: number;
  sw: number;
  sh: number;
}

/** Where each output cell starts in the source (one more than cells, the last is the end). */
function edges(start: number, length: number, cells: number): Int32Array {
  const at = new Int32Array(cells + 1);
  for (let i = 0; i <= cells; i++) at[i] = start + Math.floor((i * length) / cells);
  return at;
}

/**
 * The RGBA bytes of a `width` x `height` view: `into` when it is that size (a stream reuses one
 * buffer per view, as the engines copy the pixels in before they return), else new ones.
 */
function rgbaBuffer(width: number, height: number, into?: Uint8ClampedArray): Uint8ClampedArray {
  return into?.length === width * height * 4 ? into : new Uint8ClampedArray(width * height * 4);
}

/**
 * `rect` of the plane shrunk to at most `maxSide` on its long side by averaging whole source
 * boxes (smooths sensor noise, which helps the engines), as grey RGBA. The same size when it fits.
 * `into`: bytes to reuse when they are the view's size.
 */
export function lumaView(plane: LumaPlane, rect: LumaRect, maxSide: number, into?: Uint8ClampedArray): RgbaImage {
  const scale = Math.min(1, maxSide / Math.max(rect.sw, rect.sh));
  const width = Math.max(1, Math.round(rect.sw * scale));
  const height = Math.max(1, Math.round(rect.sh * scale));
  if (scale === 1) return copyView(plane, rect, into);
  if (width * 2 === rect.sw && height * 2 === rect.sh) return halfView(plane, rect, width, height, into);
  const xs = edges(rect.sx, rect.sw, width);
  const ys = edges(rect.sy, rect.sh, height);
  const out = rgbaBuffer(width, height, into);
  // One 32-bit store a pixel: grey in R, G and B, opaque alpha (little-endian byte order, as every phone).
  const pixels = new Uint32Array(out.buffer, out.byteOffset, width * height);
  const sums = new Uint32Array(width);
  const { data, offset, stride } = plane;
  for (let oy = 0; oy < height; oy++) {
    sums.fill(0);
    const y0 = ys[oy]!;
    const y1 = Math.max(ys[oy + 1]!, y0 + 1);
    for (let y = y0; y < y1; y++) {
      const row = offset + y * stride;
      for (let ox = 0; ox < width; ox++) {
        const x1 = Math.max(xs[ox + 1]!, xs[ox]! + 1);
        let sum = 0;
        for (let x = xs[ox]!; x < x1; x++) sum += data[row + x]!;
        sums[ox]! += sum;
      }
    }
    const line = oy * width;
    for (let ox = 0; ox < width; ox++) {
      const area = (y1 - y0) * Math.max(xs[ox + 1]! - xs[ox]!, 1);
      const grey = Math.round(sums[ox]! / area);
      pixels[line + ox] = 0xff000000 | (grey << 16) | (grey << 8) | grey;
    }
  }
  return { data: out, width, height };
}

/**
 * `rect` halved exactly (a 1080p frame's whole view): each pixel the mean of a 2x2 box, the
 * same as the general path gives, in one pass over two rows at a time. The general path's edge
 * tables and inner loops cost 13-25 ms a 1080p frame in Chromium's decoder worker, as much as
 * the decode; this costs a few.
 */
function halfView(plane: LumaPlane, rect: LumaRect, width: number, height: number, into?: Uint8ClampedArray): RgbaImage {
  const { data, offset, stride } = plane;
  const out = rgbaBuffer(width, height, into);
  const pixels = new Uint32Array(out.buffer, out.byteOffset, width * height);
  for (let oy = 0; oy < height; oy++) {
    let top = offset + (rect.sy + 2 * oy) * stride + rect.sx;
    let bottom = top + stride;
    const line = oy * width;
    for (let ox = 0; ox < width; ox++, top += 2, bottom += 2) {
      // +2 rounds half up, as Math.round does in the general path.
      const grey = (data[top]! + data[top + 1]! + data[bottom]! + data[bottom + 1]! + 2) >> 2;
      pixels[line + ox] = 0xff000000 | (grey * 0x010101);
    }
  }
  return { data: out, width, height };
}

/** `rect` at the plane's own resolution (the centre view): one 32-bit store a pixel. */
function copyView(plane: LumaPlane, rect: LumaRect, into?: Uint8ClampedArray): RgbaImage {
  const { data, offset, stride } = plane;
  const out = rgbaBuffer(rect.sw, rect.sh, into);
  const pixels = new Uint32Array(out.buffer, out.byteOffset, rect.sw * rect.sh);
  for (let y = 0; y < rect.sh; y++) {
    const from = offset + (rect.sy + y) * stride + rect.sx;
    const to = y * rect.sw;
    for (let x = 0; x < rect.sw; x++) pixels[to + x] = 0xff000000 | (data[from + x]! * 0x010101);
  }
  return { data: out, width: rect.sw, height: rect.sh };
}

/** Rec. 601 luminance of packed 4-byte pixels (`red` is 0 for RGBA/RGBX, 2 for BGRA/BGRX) into `into`. */
export function lumaOfRgb(bytes: Uint8Array | Uint8ClampedArray, red: 0 | 2, into: Uint8Array): Uint8Array {
  const blue = 2 - red;
  for (let i = 0, p = 0; i < into.length; i++, p += 4) {
    into[i] = (77 * bytes[p + red]! + 150 * bytes[p + 1]! + 29 * bytes[p + blue]!) >> 8;
  }
  return into;
}
