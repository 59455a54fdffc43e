// Issuing: signatures that verify, the holder proof, and problems as values.
import { describe, expect, it } from 'vitest';
import { addHolderProof, issueCode } from './issue.ts';
import { KIND_HOLDER_BOUND, parseCodeBytes } from './layout.ts';
import { parseQrText } from './text.ts';
import { tweetnaclEd25519 } from '../crypto/tweetnacl-ed25519.ts';
import { claimsFor, makeWorld } from '../../../test/support/world.ts';

describe('issueCode', async () => {
  const world = await makeWorld('issue');

  it('signs every byte before the issuer signature, and the text carries the same bytes', async () => {
    const result = await issueCode(claimsFor(world.keys), world.keys.issuer);
    if (!result.ok) throw new Error(result.problem);
    const parsedText = parseQrText(result.text);
    expect(parsedText.ok && parsedText.bytes).toEqual(result.bytes);
    const layout = parseCodeBytes(result.bytes);
    if (!layout.ok) throw new Error(layout.detail);
    expect(await tweetnaclEd25519.verify(world.keys.issuer.publicKey, layout.code.signed, layout.code.issuerSig)).toBe(true);
  });

  it('adds a holder proof over every byte before ts, then ts', async () => {
    const claims = claimsFor(world.keys, { kind: KIND_HOLDER_BOUND, holderKey: world.holder.publicKey });
    const result = await issueCode(claims, world.keys.issuer, { signer: world.holder, ts: 1_780_000_123 });
    if (!result.ok) throw new Error(result.problem);
    const layout = parseCodeBytes(result.bytes);
    if (!layout.ok) throw new Error(layout.detail);
    expect(layout.code.proof!.ts).toBe(1_780_000_123);
    expect(await tweetnaclEd25519.verify(world.holder.publicKey, layout.code.proof!.signed, layout.code.proof!.sig)).toBe(true);

    // What the holder app receives (no proof), re-proved later, gives the same bytes.
    const issued = await issueCode(claims, world.keys.issuer);
    if (!issued.ok) throw new Error(issued.problem);
    expect(await addHolderProof(issued.bytes, world.holder, 1_780_000_123)).toEqual(result.bytes);
  });

  it('returns problems as values', async () => {
    expect(await issueCode(claimsFor(world.keys, { exp: 0 }), world.keys.issuer)).toEqual({ ok: false, problem: 'exp must be after iat' });
    const claims = claimsFor(world.keys, { kind: KIND_HOLDER_BOUND, holderKey: world.holder.publicKey });
    const mismatch = await issueCode(claims, world.keys.issuer, { signer: world.keys.status, ts: 1 });
    expect(mismatch.ok).toBe(false);
  });
});
