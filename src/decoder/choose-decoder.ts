/**
 * Picks the engine once, at start-up: zxing-wasm, else the platform's BarcodeDetector when it
 * reads QR codes, else jsQR (which always works). Why in this order: README.md.
 */
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

/**
 * jsQR is loaded only when it is chosen: it is most of the worker's JavaScript (46 of 60 KB
 * gzipped, measured), and a browser with WebAssembly never needs it.
 */
async function loadJsqr(): Promise<QrDecoder> {
  const { createJsqrDecoder } = await import('./jsqr-decoder.ts');
  return createJsqrDecoder();
}

/** Tries the engines in order and returns the first that starts. Never rejects: jsQR needs nothing. */
export async function chooseDecoder(factories: DecoderFactories, prefer?: DecoderName): Promise<DecoderChoice> {
  const skipped: DecoderChoice['skipped'] = [];
  for (const name of decoderOrder(prefer)) {
    try {
      if (name === 'jsqr') return { decoder: await loadJsqr(), skipped };
      const decoder = name === 'zxing-wasm' ? await factories.zxing() : await factories.barcodeDetector();
      if (decoder) return { decoder, skipped };
      skipped.push({ name, problem: 'not supported here' });
    } catch (error) {
      skipped.push({ name, problem: error instanceof Error ? error.message : String(error) });
    }
  }
  // Unreachable in practice (jsqr is always in the order), kept so the type is honest.
  return { decoder: await loadJsqr(), skipped };
}
