/**
 * QR codes as SVG for the console: enrollment codes, paper codes and demo codes (real
 * issuance and the demo alike, so it lives here, not under demo/).
 */
import QRCode from 'qrcode';

/** An SVG drawing of a QR code (error-correction level M, as `gatecheck issue` draws). */
export function qrSvg(text: string): Promise<string> {
  return QRCode.toString(text, { type: 'svg', errorCorrectionLevel: 'M', margin: 2 });
}
