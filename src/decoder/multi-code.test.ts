import { describe, expect, it } from 'vitest';
import { renderCodeGrid } from '../../test/fixtures/code-grid.ts';
import { gc1LikeText } from '../../test/fixtures/frames.ts';
import { decodeFrame } from './decode-frame.ts';
import { createJsqrDecoder } from './jsqr-decoder.ts';
import { createNodeZxingDecoder } from './node/zxing-node.ts';
import { MAX_CODES_PER_FRAME } from './types.ts';

// Holder-bound codes are about 300 characters: the size of a family agent's codes.
const texts = [0, 1, 2, 3, 4].map((seed) => gc1LikeText(seed, 300));

describe('several codes in one frame', () => {
  it('zxing reads a group of four held up side by side, and in a 2x2 grid', async () => {
    const zxing = await createNodeZxingDecoder();
    for (const columns of [4, 2]) {
      const outcome = await decodeFrame(renderCodeGrid(texts.slice(0, 4), 1280, 720, columns), zxing);
      expect(new Set(outcome.texts)).toEqual(new Set(texts.slice(0, 4)));
      expect(outcome.text).toBe(outcome.texts[0]);
    }
  });

  it('reads one code as one text, and never more than the group limit', async () => {
    const zxing = await createNodeZxingDecoder();
    expect((await decodeFrame(renderCodeGrid(texts.slice(0, 1), 1280, 720, 1), zxing)).texts).toEqual([texts[0]]);
    const five = await zxing.decodeAll(renderCodeGrid(texts, 1920, 1080, 5, 0.9));
    expect(five.length).toBe(MAX_CODES_PER_FRAME);
    expect(five.every((t) => texts.includes(t))).toBe(true);
  });

  it('the same code twice in a frame is one text', async () => {
    const zxing = await createNodeZxingDecoder();
    expect(await zxing.decodeAll(renderCodeGrid([texts[0]!, texts[0]!], 1280, 720, 2))).toEqual([texts[0]]);
  });

  it('jsQR, which reads one code a frame, returns at most one', async () => {
    const texts4 = await createJsqrDecoder().decodeAll(renderCodeGrid(texts.slice(0, 4), 1280, 720, 2));
    expect(texts4.length).toBeLessThanOrEqual(1);
  });
});
