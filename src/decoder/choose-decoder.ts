/**
 * Picks the engine once, at start-up: zxing-wasm, else the platform's BarcodeDetector when it
 * reads QR codes, else jsQR (which always works). Why in this order: README.md.
 */
import { createJsqrDecoder } from './jsqr-decoder.ts';
import type { DecoderName, QrDecoder } from './types.ts';

/** How to make each engine in this runtime (the worker and Node load zxing's .wasm differently). */
export interface DecoderFactories {
  /** Rejects when WebAssembly is unavailable or the module does not instantiate. */
  zxing: () => Promise<QrDecoder>;
  /** Null when the context has no BarcodeDetector that reads QR codes. */
  barcodeDetector: () => Promise<QrDecoder | null>;
}

/** The chosen engine, and why each engine before it was passed over (for logs and the about screen). */
export interface DecoderChoice {
  decoder: QrDecoder;
  skipped: { name: DecoderName; problem: string }[];
}

/** The default order of preference; `prefer` moves one engine to the front (tests, comparisons). */
export function decoderOrder(prefer?: DecoderName): DecoderName[] {
  const order: DecoderName[] = ['zxing-wasm', 'barcode-detector', 'jsqr'];
  return prefer ? [prefer, ...order.filter((name) => name !== prefer)] : order;
}

/** Tries the engines in order and returns the first that starts. Never rejects: jsQR needs nothing. */
export async function chooseDecoder(factories: DecoderFactories, prefer?: DecoderName): Promise<DecoderChoice> {
  const skipped: DecoderChoice['skipped'] = [];
  for (const name of decoderOrder(prefer)) {
    try {
      if (name === 'jsqr') return { decoder: createJsqrDecoder(), skipped };
      const decoder = name === 'zxing-wasm' ? await factories.zxing() : await factories.barcodeDetector();
      if (decoder) return { decoder, skipped };
      skipped.push({ name, problem: 'not supported here' });
    } catch (error) {
      skipped.push({ name, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  // Unreachable in practice (jsqr is always in the order), kept so the type is honest.
  return { decoder: createJsqrDecoder(), skipped };
}
