/** The fallback engine for browsers without WebAssembly: jsQR, plain JavaScript. */
import jsQR from 'jsqr';
import type { DecodeEffort, QrDecoder, RgbaImage } from './types.ts';

/**
 * jsQR's inversion setting by effort, measured on the generated frames (README.md): 'dontInvert'
 * reads the same printed and on-screen codes as 'attemptBoth' at half the cost of a miss,
 * because jsQR otherwise runs the whole search a second time on every frame without a code. A
 * thorough look (a still, or a camera frame now and then) also reads light-on-dark codes.
 */
export const JSQR_INVERSION: Record<DecodeEffort, 'dontInvert' | 'attemptBoth'> = { quick: 'dontInvert', thorough: 'attemptBoth' };

/** jsQR behind the common interface. Synchronous inside; the promise keeps one shape for all engines. */
export function createJsqrDecoder(): QrDecoder {
  const decode = async (image: RgbaImage, signal?: AbortSignal, effort: DecodeEffort = 'thorough'): Promise<string | null> => {
    signal?.throwIfAborted();
    const result = jsQR(image.data, image.width, image.height, { inversionAttempts: JSQR_INVERSION[effort] });
    return result?.data ?? null;
  };
  return {
    name: 'jsqr',
    decode,
    // jsQR finds one code a frame; a group then arrives code by code, which the scanner also groups.
    async decodeAll(image: RgbaImage, signal?: AbortSignal, effort?: DecodeEffort): Promise<string[]> {
      const text = await decode(image, signal, effort);
      return text === null ? [] : [text];
    },
  };
}
