/** The decoder's vocabulary: shared by the engines, the pipeline, the worker and its client. */

/** Which engine read the frame; shown on the about screen and in the CLI's JSON. */
export type DecoderName = 'zxing-wasm' | 'barcode-detector' | 'jsqr';

/** RGBA pixels, row-major, 4 bytes a pixel: the shape of the DOM's ImageData, duck-typed so Node can make one. */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** Most codes one frame is read for: a family agent's group of codes held up together. */
export const MAX_CODES_PER_FRAME = 4;

/**
 * How hard an engine looks at one image. 'quick': a camera frame, with the next one 33 ms away:
 * dark-on-light codes at the image's own size. 'thorough': also light-on-dark (a phone in dark
 * mode) and, for zxing, its downscaled passes; for a still photo, and a camera frame now and
 * then (decode-rate.ts). Measured in Chromium's decoder worker at 1080p 30 fps: scan-to-verdict
 * p95 36 ms with quick frames against 58 ms with every frame thorough (src/decoder/README.md).
 */
export type DecodeEffort = 'quick' | 'thorough';

/** One QR engine: finds the QR codes in a frame and returns their texts. */
export interface QrDecoder {
  readonly name: DecoderName;
  /** The first code's text, looked for thoroughly; rejects only on a broken engine or an aborted signal; "no code" is null. */
  decode(image: RgbaImage, signal?: AbortSignal): Promise<string | null>;
  /**
   * Every distinct code in the frame (at most MAX_CODES_PER_FRAME), in the engine's reading
   * order; empty when there is none. An engine that reads one code a frame returns at most one.
   * `effort` defaults to 'thorough'; an engine with one way of looking ignores it.
   */
  decodeAll(image: RgbaImage, signal?: AbortSignal, effort?: DecodeEffort): Promise<string[]>;
}

/** Every engine name, in the order choose-decoder.ts tries them by default. */
export const DECODER_NAMES: readonly DecoderName[] = ['zxing-wasm', 'barcode-detector', 'jsqr'];

/** True when the string names one of our engines (command-line options, worker messages). */
export function isDecoderName(value: unknown): value is DecoderName {
  return typeof value === 'string' && (DECODER_NAMES as readonly string[]).includes(value);
}
