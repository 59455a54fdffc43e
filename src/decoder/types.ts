/** The decoder's vocabulary: shared by the engines, the pipeline, the worker and its client. */

/** Which engine read the frame; shown on the about screen and in the CLI's JSON. */
export type DecoderName = 'zxing-wasm' | 'barcode-detector' | 'jsqr';

/** RGBA pixels, row-major, 4 bytes a pixel: the shape of the DOM's ImageData, duck-typed so Node can make one. */
export interface RgbaImage {
  data: Uint8ClampedArray;
  width: number;
  height: number;
}

/** One QR engine: finds at most one QR code in a frame and returns its text, or null when there is none. */
export interface QrDecoder {
  readonly name: DecoderName;
  /** Rejects only on a broken engine or an aborted signal; "no code" is null. */
  decode(image: RgbaImage, signal?: AbortSignal): Promise<string | null>;
}

/** Every engine name, in the order choose-decoder.ts tries them by default. */
export const DECODER_NAMES: readonly DecoderName[] = ['zxing-wasm', 'barcode-detector', 'jsqr'];

/** True when the string names one of our engines (command-line options, worker messages). */
export function isDecoderName(value: unknown): value is DecoderName {
  return typeof value === 'string' && (DECODER_NAMES as readonly string[]).includes(value);
}
