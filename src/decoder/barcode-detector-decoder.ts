/**
 * The platform's own QR reader (Shape Detection API), on phones that have it: Chrome on Android
 * hands frames to the system's barcode scanner. Absent in headless Chromium and in Node, so only
 * the capability check runs in tests here (see README.md).
 */
import { distinctTexts } from './distinct-texts.ts';
import type { QrDecoder, RgbaImage } from './types.ts';

/** The part of the Shape Detection API we use; declared here because TypeScript's DOM lib lacks it. */
interface BarcodeDetectorLike {
  detect(image: unknown): Promise<{ rawValue: string }[]>;
}
interface BarcodeDetectorConstructor {
  new (options: { formats: string[] }): BarcodeDetectorLike;
  getSupportedFormats(): Promise<string[]>;
}
/** ImageData's constructor, which workers and windows have and Node does not. */
type ImageDataConstructor = new (data: Uint8ClampedArray, width: number, height: number) => unknown;

/**
 * The BarcodeDetector engine when this context has one that reads QR codes, else null
 * (no API, `qr_code` not in getSupportedFormats(), or the capability check itself failed).
 */
export async function createBarcodeDetectorDecoder(
  scope: { BarcodeDetector?: unknown; ImageData?: unknown } = globalThis as never,
): Promise<QrDecoder | null> {
  const Detector = scope.BarcodeDetector as BarcodeDetectorConstructor | undefined;
  const ImageDataCtor = scope.ImageData as ImageDataConstructor | undefined;
  if (typeof Detector !== 'function' || typeof ImageDataCtor !== 'function') return null;
  try {
    const formats = await Detector.getSupportedFormats();
    if (!formats.includes('qr_code')) return null;
    const detector = new Detector({ formats: ['qr_code'] });
    const decodeAll = async (image: RgbaImage, signal?: AbortSignal): Promise<string[]> => {
      signal?.throwIfAborted();
      const codes = await detector.detect(new ImageDataCtor(image.data, image.width, image.height));
      return distinctTexts(codes.map((code) => code.rawValue));
    };
    return {
      name: 'barcode-detector',
      decodeAll,
      async decode(image: RgbaImage, signal?: AbortSignal): Promise<string | null> {
        return (await decodeAll(image, signal))[0] ?? null;
      },
    };
  } catch {
    // Chromium with the API forced on but no backend rejects here: treat as "no detector".
    return null;
  }
}
