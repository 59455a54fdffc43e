/** Signed JSON envelopes (gc1.md §4): the signature covers the payload bytes as sent. */
import type { Ed25519Signer, Ed25519Verifier } from './crypto/ed25519.ts';
import { kidOf } from './crypto/ed25519.ts';
import { b64uDecode, b64uDecodeLength, b64uEncode, bytesEqual, utf8DecodeStrict, utf8Encode } from './bytes.ts';

/** An envelope as it travels. */
export interface Envelope {
  payload: string;
  kid: string;
  sig: string;
}

/** An envelope whose fields decoded; the signature is not checked yet. */
export interface DecodedEnvelope {
  payloadBytes: Uint8Array;
  kid: Uint8Array;
  sig: Uint8Array;
}

export type EnvelopeProblem = 'not_an_envelope' | 'bad_signature' | 'not_json';

/** Decodes an envelope object (already JSON-parsed); null when it is not one. */
export function decodeEnvelope(value: unknown): DecodedEnvelope | null {
  if (!value || typeof value !== 'object' || Array.isArray(value)) return null;
  const { payload, kid, sig } = value as Record<string, unknown>;
  if (typeof payload !== 'string') return null;
  const payloadBytes = b64uDecode(payload);
  const kidBytes = b64uDecodeLength(kid, 8);
  const sigBytes = b64uDecodeLength(sig, 64);
  if (!payloadBytes || !kidBytes || !sigBytes) return null;
  return { payloadBytes, kid: kidBytes, sig: sigBytes };
}

/**
 * Verifies the envelope under `publicKey` (its kid must be kidOf(publicKey)), then and only
 * then parses the payload as JSON.
 */
export async function openEnvelope(
  envelope: DecodedEnvelope,
  publicKey: Uint8Array,
  ed25519: Ed25519Verifier,
): Promise<{ ok: true; document: unknown } | { ok: false; problem: EnvelopeProblem }> {
  if (!bytesEqual(envelope.kid, kidOf(publicKey))) return { ok: false, problem: 'bad_signature' };
  if (!(await ed25519.verify(publicKey, envelope.payloadBytes, envelope.sig))) return { ok: false, problem: 'bad_signature' };
  const text = utf8DecodeStrict(envelope.payloadBytes);
  if (text === null) return { ok: false, problem: 'not_json' };
  try {
    return { ok: true, document: JSON.parse(text) as unknown };
  } catch {
    return { ok: false, problem: 'not_json' };
  }
}

/** Signs a document: serialises it once and signs exactly those bytes. */
export async function sealEnvelope(document: unknown, signer: Ed25519Signer): Promise<Envelope> {
  const bytes = utf8Encode(JSON.stringify(document));
  return { payload: b64uEncode(bytes), kid: b64uEncode(kidOf(signer.publicKey)), sig: b64uEncode(await signer.sign(bytes)) };
}
