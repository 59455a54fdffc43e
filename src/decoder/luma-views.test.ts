import { describe, expect, it } from 'vitest';
import { lumaOfRgb, lumaView, type LumaPlane, type LumaRect } from './luma-views.ts';

/** A plane of seeded noise with a margin before it and a stride wider than its rows. */
function noisePlane(width: number, height: number, seed: number): LumaPlane {
  const stride = width + 13;
  const offset = 7;
  const data = new Uint8Array(offset + stride * height);
  let state = seed;
  for (let i = 0; i < data.length; i++) {
    state = (state * 1103515245 + 12345) >>> 0;
    data[i] = state >>> 24;
  }
  return { data, offset, stride, width, height };
}

/** The definition: each output pixel the rounded mean of its source box, written plainly. */
function boxMean(plane: LumaPlane, rect: LumaRect, width: number, height: number): number[] {
  const out: number[] = [];
  for (let oy = 0; oy < height; oy++) {
    const y0 = rect.sy + Math.floor((oy * rect.sh) / height);
    const y1 = Math.max(rect.sy + Math.floor(((oy + 1) * rect.sh) / height), y0 + 1);
    for (let ox = 0; ox < width; ox++) {
      const x0 = rect.sx + Math.floor((ox * rect.sw) / width);
      const x1 = Math.max(rect.sx + Math.floor(((ox + 1) * rect.sw) / width), x0 + 1);
      let sum = 0;
      for (let y = y0; y < y1; y++) for (let x = x0; x < x1; x++) sum += plane.data[plane.offset + y * plane.stride + x]!;
      out.push(Math.round(sum / ((y1 - y0) * (x1 - x0))));
    }
  }
  return out;
}

/** The grey levels of an RGBA view, checking every pixel is grey and opaque. */
function greys(image: { data: Uint8ClampedArray }): number[] {
  const out: number[] = [];
  for (let i = 0; i < image.data.length; i += 4) {
    const [r, g, b, a] = [image.data[i]!, image.data[i + 1]!, image.data[i + 2]!, image.data[i + 3]!];
    if (r !== g || g !== b || a !== 255) throw new Error(`pixel ${i / 4} is not opaque grey: ${r},${g},${b},${a}`);
    out.push(r);
  }
  return out;
}

describe('lumaView', () => {
  const plane = noisePlane(96, 54, 1);

  it('halves a rect exactly (the 1080p whole view) to the mean of each 2x2 box', () => {
    const rect = { sx: 0, sy: 0, sw: 96, sh: 54 };
    const view = lumaView(plane, rect, 48);
    expect([view.width, view.height]).toEqual([48, 27]);
    expect(greys(view)).toEqual(boxMean(plane, rect, 48, 27));
  });

  it('halves an inner rect at odd offsets the same way', () => {
    const rect = { sx: 5, sy: 3, sw: 40, sh: 20 };
    const view = lumaView(plane, rect, 20);
    expect(greys(view)).toEqual(boxMean(plane, rect, 20, 10));
  });

  it('shrinks by any other factor to the mean of each source box', () => {
    const rect = { sx: 0, sy: 0, sw: 96, sh: 54 };
    const view = lumaView(plane, rect, 64);
    expect([view.width, view.height]).toEqual([64, 36]);
    expect(greys(view)).toEqual(boxMean(plane, rect, 64, 36));
  });

  it('copies a rect that fits (the centre view) pixel for pixel', () => {
    const rect = { sx: 30, sy: 10, sw: 20, sh: 20 };
    expect(greys(lumaView(plane, rect, 20))).toEqual(boxMean(plane, rect, 20, 20));
  });

  it('writes into the bytes it is given when they are the view size, and only then', () => {
    const rect = { sx: 0, sy: 0, sw: 96, sh: 54 };
    const reused = new Uint8ClampedArray(48 * 27 * 4);
    expect(lumaView(plane, rect, 48, reused).data).toBe(reused);
    expect(greys({ data: reused })).toEqual(boxMean(plane, rect, 48, 27));
    const wrongSize = new Uint8ClampedArray(16);
    expect(lumaView(plane, rect, 48, wrongSize).data).not.toBe(wrongSize);
  });
});

describe('lumaOfRgb', () => {
  it('weighs red, green and blue as Rec. 601, from RGBA and from BGRA', () => {
    const rgba = new Uint8Array([255, 0, 0, 255, 0, 255, 0, 255, 0, 0, 255, 255, 200, 200, 200, 255]);
    expect([...lumaOfRgb(rgba, 0, new Uint8Array(4))]).toEqual([76, 149, 28, 200]);
    const bgra = new Uint8Array([0, 0, 255, 255, 0, 255, 0, 255, 255, 0, 0, 255, 200, 200, 200, 255]);
    expect([...lumaOfRgb(bgra, 2, new Uint8Array(4))]).toEqual([76, 149, 28, 200]);
  });
});
