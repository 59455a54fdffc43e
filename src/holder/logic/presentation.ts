/**
 * A presentation: the issued code bytes with a fresh holder proof (core's addHolderProof:
 * `ts` and the device's signature), as QR text. The screen makes a new one every
 * PRESENTATION_REFRESH_SECONDS, well inside the scanner's 60 s window, so a screenshot or a
 * photo of the screen goes stale within about a minute.
 */
import { b64uDecode } from '../../core/bytes.ts';
import type { Ed25519Signer } from '../../core/crypto/ed25519.ts';
import { addHolderProof } from '../../core/code/issue.ts';
import { formatQrText } from '../../core/code/text.ts';

export const PRESENTATION_REFRESH_SECONDS = 20;

export type PresentationResult = { ok: true; text: string; ts: number } | { ok: false; problem: 'bad_code_bytes' };

export async function presentation(issuedB64u: string, signer: Ed25519Signer, nowMs: number): Promise<PresentationResult> {
  const bytes = b64uDecode(issuedB64u);
  if (!bytes) return { ok: false, problem: 'bad_code_bytes' };
  const ts = Math.floor(nowMs / 1000);
  return { ok: true, text: formatQrText(await addHolderProof(bytes, signer, ts)), ts };
}

/** Milliseconds until the next presentation is due, from the last one's ts. */
export function msUntilNextPresentation(lastTs: number, nowMs: number): number {
  return Math.max(0, (lastTs + PRESENTATION_REFRESH_SECONDS) * 1000 - nowMs);
}
