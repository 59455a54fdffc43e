/// <reference path="../qrcode-core.d.ts" />
/**
 * How the holder screen draws its QR code so a scanner reads it from arm's length: the
 * module matrix (error-correction level L: a phone screen is a clean, flat, lit surface,
 * where the bigger modules of the smaller symbol matter more than extra redundancy; a
 * holder-bound code is version 9–10 at L against 11 at M), a full quiet zone of 4 modules,
 * and a whole number of device pixels per module, so no module edge is smeared by scaling.
 */
import { create } from 'qrcode/lib/core/qrcode.js';

export const QUIET_MODULES = 4;
export const ERROR_CORRECTION = 'L' as const;

export interface QrMatrix {
  /** Modules per side, without the quiet zone. */
  size: number;
  version: number;
  dark(x: number, y: number): boolean;
}

export function qrMatrix(text: string): QrMatrix {
  const symbol = create(text, { errorCorrectionLevel: ERROR_CORRECTION });
  const { size, data } = symbol.modules;
  return { size, version: symbol.version, dark: (x, y) => data[y * size + x] === 1 };
}

export interface QrLayout {
  /** Modules per side with the quiet zone. */
  modules: number;
  devicePixelsPerModule: number;
  /** The side of the drawn symbol (quiet zone included) in CSS pixels. */
  cssSide: number;
  cssPerModule: number;
}

/** The largest whole-device-pixel module that fits `availableCss` CSS pixels. */
export function qrLayout(sizeWithoutQuiet: number, availableCss: number, devicePixelRatio: number): QrLayout {
  const modules = sizeWithoutQuiet + 2 * QUIET_MODULES;
  const dpr = devicePixelRatio > 0 ? devicePixelRatio : 1;
  const devicePixelsPerModule = Math.max(1, Math.floor((availableCss * dpr) / modules));
  const cssPerModule = devicePixelsPerModule / dpr;
  return { modules, devicePixelsPerModule, cssPerModule, cssSide: modules * cssPerModule };
}
