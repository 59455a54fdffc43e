/** The fallback engine for browsers without WebAssembly: jsQR, plain JavaScript. */
import jsQR from 'jsqr';
import type { QrDecoder, RgbaImage } from './types.ts';

/**
 * jsQR's inversion setting, measured on the generated frames (README.md): 'dontInvert' reads
 * the same printed and on-screen codes as 'attemptBoth' at half the cost of a miss, because
 * jsQR otherwise runs the whole search a second time on every frame without a code.
 */
export const JSQR_INVERSION = 'dontInvert' as const;

/** jsQR behind the common interface. Synchronous inside; the promise keeps one shape for all engines. */
export function createJsqrDecoder(): QrDecoder {
  const decode = async (image: RgbaImage, signal?: AbortSignal): Promise<string | null> => {
    signal?.throwIfAborted();
    const result = jsQR(image.data, image.width, image.height, { inversionAttempts: JSQR_INVERSION });
    return result?.data ?? null;
  };
  return {
    name: 'jsqr',
    decode,
    // jsQR finds one code a frame; a group then arrives code by code, which the scanner also groups.
    async decodeAll(image: RgbaImage, signal?: AbortSignal): Promise<string[]> {
      const text = await decode(image, signal);
      return text === null ? [] : [text];
    },
  };
}
