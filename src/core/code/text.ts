/** The QR text around the code bytes (gc1.md §1): `GC1:` then base45. */
import { base45Decode, base45Encode } from '../base45.ts';

export const QR_PREFIX = 'GC1:';
export const MAX_QR_TEXT = 1024;

export type TextResult = { ok: true; bytes: Uint8Array } | { ok: false; reason: 'not_a_health_code' | 'malformed'; detail: string };

/** Prefix, then length, then base45, in the spec's order; never throws. */
export function parseQrText(text: unknown): TextResult {
  if (typeof text !== 'string' || !text.startsWith(QR_PREFIX)) {
    return { ok: false, reason: 'not_a_health_code', detail: 'no GC1: prefix' };
  }
  if (text.length > MAX_QR_TEXT) return { ok: false, reason: 'malformed', detail: `text of ${text.length} characters` };
  const bytes = base45Decode(text.slice(QR_PREFIX.length));
  if (!bytes) return { ok: false, reason: 'malformed', detail: 'invalid base45' };
  return { ok: true, bytes };
}

export function formatQrText(bytes: Uint8Array): string {
  return QR_PREFIX + base45Encode(bytes);
}
