/** Issuing codes: sign claims into QR text, and the holder's proof for kind 0x02 codes. */
import type { Ed25519Signer } from '../crypto/ed25519.ts';
import { bytesEqual, concatBytes, u32Bytes } from '../bytes.ts';
import { checkClaims, encodeSignedPart, KIND_HOLDER_BOUND, type CodeClaims } from './layout.ts';
import { formatQrText } from './text.ts';

export type IssueResult = { ok: true; text: string; bytes: Uint8Array } | { ok: false; problem: string };

/**
 * Signs a code. For a holder-bound code pass the holder's signer and the proof time `ts`;
 * without them the bytes stop after the issuer signature (what a holder app receives).
 */
export async function issueCode(
  claims: CodeClaims,
  issuer: Ed25519Signer,
  holder?: { signer: Ed25519Signer; ts: number },
): Promise<IssueResult> {
  const problem = checkClaims(claims);
  if (problem) return { ok: false, problem };
  const signed = encodeSignedPart(claims);
  let bytes = concatBytes(signed, await issuer.sign(signed));
  if (claims.kind === KIND_HOLDER_BOUND && holder) {
    if (!bytesEqual(holder.signer.publicKey, claims.holderKey!))
      return { ok: false, problem: 'holder signer does not match the holder key' };
    bytes = await addHolderProof(bytes, holder.signer, holder.ts);
  }
  return { ok: true, text: formatQrText(bytes), bytes };
}

/** What a holder app does every few seconds: append `ts` and its signature over all before. */
export async function addHolderProof(issuedBytes: Uint8Array, holder: Ed25519Signer, ts: number): Promise<Uint8Array> {
  const withTs = concatBytes(issuedBytes, u32Bytes(ts));
  return concatBytes(withTs, await holder.sign(withTs));
}
