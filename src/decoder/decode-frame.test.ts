import { describe, expect, it } from 'vitest';
import { renderFrame } from '../../test/fixtures/frames.ts';
import { CAMERA_LONG_SIDE, decodeFrame, stillPassSides } from './decode-frame.ts';
import { downscaleToFit } from './downscale.ts';
import { createNodeZxingDecoder } from './node/zxing-node.ts';
import type { QrDecoder, RgbaImage } from './types.ts';

/** The real zxing engine, recording the size of every image the pipeline hands it. */
async function recordingZxing() {
  const zxing = await createNodeZxingDecoder();
  const sizes: string[] = [];
  const decoder: QrDecoder = {
    name: zxing.name,
    decode(image: RgbaImage, signal?: AbortSignal) {
      sizes.push(`${image.width}x${image.height}`);
      return zxing.decode(image, signal);
    },
    decodeAll(image: RgbaImage, signal?: AbortSignal) {
      sizes.push(`${image.width}x${image.height}`);
      return zxing.decodeAll(image, signal);
    },
  };
  return { decoder, sizes };
}

describe('downscaleToFit', () => {
  it('returns an image that already fits unchanged', () => {
    const image = { data: new Uint8ClampedArray(8 * 4), width: 4, height: 2 };
    expect(downscaleToFit(image, 4)).toBe(image);
  });

  it('averages whole source areas into grey pixels', () => {
    // 4x2 -> 2x1: left half black and white columns (mean 127.5), right half all 200.
    const levels = [0, 255, 200, 200, 0, 255, 200, 200];
    const data = new Uint8ClampedArray(levels.flatMap((v) => [v, v, v, 255]));
    const out = downscaleToFit({ data, width: 4, height: 2 }, 2);
    expect([out.width, out.height]).toEqual([2, 1]);
    expect(Array.from(out.data)).toEqual([128, 128, 128, 255, 200, 200, 200, 255]);
  });

  it('handles fractional factors (1920 -> 1280) and weights colour as Rec. 601 luma', () => {
    const data = new Uint8ClampedArray(3 * 3 * 4);
    for (let p = 0; p < 9; p++) data.set([255, 0, 0, 255], p * 4);
    const out = downscaleToFit({ data, width: 3, height: 3 }, 2);
    expect([out.width, out.height]).toEqual([2, 2]);
    expect(out.data[0]).toBe(76); // 0.299 * 255
  });
});

describe('stillPassSides', () => {
  it('tries full size, half, then 1280 px for big photos, and only full size for small ones', () => {
    expect(stillPassSides(4032, 3024)).toEqual([4032, 2016, 1280]);
    expect(stillPassSides(2016, 1512)).toEqual([2016, 1008]);
    expect(stillPassSides(1280, 720)).toEqual([1280]);
  });
});

describe('decodeFrame', () => {
  it('shrinks camera frames to 1280 px before decoding, and reads them', async () => {
    const { decoder, sizes } = await recordingZxing();
    const generated = renderFrame({ kind: 'clean', width: 1920, height: 1080, seed: 11 });
    const outcome = await decodeFrame(generated.frame, decoder);
    expect(outcome.text).toBe(generated.text);
    expect(outcome.ms).toBeGreaterThan(0);
    expect(sizes).toEqual([`${CAMERA_LONG_SIDE}x720`]);
  });

  it('reads a still at full size first and stops at the first pass that reads', async () => {
    const { decoder, sizes } = await recordingZxing();
    const generated = renderFrame({ kind: 'perspective', width: 2400, height: 1200, seed: 12, codeFraction: 0.4 });
    const outcome = await decodeFrame(generated.frame, decoder, { source: 'still' });
    expect(outcome.text).toBe(generated.text);
    expect(sizes).toEqual(['2400x1200']);
  });

  it('tries every still pass on a photo without a code, then gives null', async () => {
    const { decoder, sizes } = await recordingZxing();
    const generated = renderFrame({ kind: 'no-code', width: 3300, height: 1000, seed: 13 });
    const outcome = await decodeFrame(generated.frame, decoder, { source: 'still' });
    expect(outcome.text).toBeNull();
    expect(sizes).toEqual(['3300x1000', '1650x500', '1280x388']);
  });

  it('stops before the next pass once the signal aborts', async () => {
    const { decoder, sizes } = await recordingZxing();
    const generated = renderFrame({ kind: 'no-code', width: 640, height: 480, seed: 14 });
    await expect(decodeFrame(generated.frame, decoder, { signal: AbortSignal.abort() })).rejects.toThrow();
    expect(sizes).toEqual([]);
  });
});
