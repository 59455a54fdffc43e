// The encoder part of the `qrcode` package alone (no canvas/SVG/terminal renderers), so the
// holder bundle carries only what it draws with. Same API as QRCode.create in @types/qrcode.
declare module 'qrcode/lib/core/qrcode.js' {
  export function create(
    text: string,
    options: { errorCorrectionLevel: 'L' | 'M' | 'Q' | 'H' },
  ): { modules: { size: number; data: Uint8Array }; version: number };
}
