/** Draws a GC1 text as a QR code (error-correction level M) to PNG or SVG files. */
import { writeFileSync } from 'node:fs';
import QRCode from 'qrcode';
import { UsageError } from './command.ts';

// The whole GC1 text is in the QR alphanumeric alphabet (gc1.md §1): one alphanumeric
// segment gives the smallest symbol.
const segmentsOf = (text: string) => [{ data: text, mode: 'alphanumeric' as const }];

/** Writes a PNG of the QR code. */
export async function writeQrPng(path: string, text: string): Promise<void> {
  const png = await QRCode.toBuffer(segmentsOf(text), { errorCorrectionLevel: 'M', type: 'png', margin: 4, scale: 6 });
  write(path, png);
}

/** Writes an SVG of the QR code. */
export async function writeQrSvg(path: string, text: string): Promise<void> {
  const svg = await QRCode.toString(segmentsOf(text), { errorCorrectionLevel: 'M', type: 'svg', margin: 4 });
  write(path, svg);
}

function write(path: string, data: string | Uint8Array): void {
  try {
    writeFileSync(path, data);
  } catch (error) {
    throw new UsageError(`cannot write ${path}: ${(error as Error).message}`);
  }
}
