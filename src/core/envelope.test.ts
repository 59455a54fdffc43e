// Signed envelopes (gc1.md §4): the signature covers the payload bytes exactly as sent.
import { describe, expect, it } from 'vitest';
import { decodeEnvelope, openEnvelope, sealEnvelope } from './envelope.ts';
import { b64uDecode, b64uEncode, utf8Encode } from './bytes.ts';
import { tweetnaclEd25519 } from './crypto/tweetnacl-ed25519.ts';
import { webCryptoEd25519 } from './crypto/webcrypto-ed25519.ts';
import { signerFor } from '../../test/support/world.ts';

const signer = signerFor('envelope');
const other = signerFor('envelope other');
const ed25519 = webCryptoEd25519(globalThis.crypto.subtle);

describe('envelopes', () => {
  it('seal then open gives the document back', async () => {
    const envelope = await sealEnvelope({ type: 'x', n: 1, s: '深圳' }, signer);
    const decoded = decodeEnvelope(envelope)!;
    expect(await openEnvelope(decoded, signer.publicKey, ed25519)).toEqual({ ok: true, document: { type: 'x', n: 1, s: '深圳' } });
    expect(await openEnvelope(decoded, signer.publicKey, tweetnaclEd25519)).toEqual({ ok: true, document: { type: 'x', n: 1, s: '深圳' } });
  });

  it('refuses the same document re-serialised (no canonicalisation)', async () => {
    const envelope = await sealEnvelope({ a: 1, b: 2 }, signer);
    const reserialised = { ...envelope, payload: b64uEncode(utf8Encode(JSON.stringify({ a: 1, b: 2 }, null, 1))) };
    expect(await openEnvelope(decodeEnvelope(reserialised)!, signer.publicKey, ed25519)).toEqual({ ok: false, problem: 'bad_signature' });
  });

  it('refuses a key whose kid is not the envelope kid, and a signature by another key', async () => {
    const envelope = await sealEnvelope({ a: 1 }, signer);
    expect(await openEnvelope(decodeEnvelope(envelope)!, other.publicKey, ed25519)).toEqual({ ok: false, problem: 'bad_signature' });
    const forged = { ...(await sealEnvelope({ a: 1 }, other)), kid: envelope.kid };
    expect(await openEnvelope(decodeEnvelope(forged)!, signer.publicKey, ed25519)).toEqual({ ok: false, problem: 'bad_signature' });
  });

  it('parses the payload only after the signature verifies, and refuses signed non-JSON', async () => {
    const bytes = utf8Encode('{not json');
    const signed = { payload: b64uEncode(bytes), kid: (await sealEnvelope(0, signer)).kid, sig: b64uEncode(await signer.sign(bytes)) };
    expect(await openEnvelope(decodeEnvelope(signed)!, signer.publicKey, ed25519)).toEqual({ ok: false, problem: 'not_json' });
    const notUtf8 = new Uint8Array([0x22, 0xff, 0x22]);
    const signedBytes = { ...signed, payload: b64uEncode(notUtf8), sig: b64uEncode(await signer.sign(notUtf8)) };
    expect(await openEnvelope(decodeEnvelope(signedBytes)!, signer.publicKey, ed25519)).toEqual({ ok: false, problem: 'not_json' });
  });

  it('decodes only well-formed envelopes', async () => {
    const good = await sealEnvelope({ a: 1 }, signer);
    expect(decodeEnvelope(good)).not.toBeNull();
    expect(decodeEnvelope(good)!.kid).toEqual(b64uDecode(good.kid));
    for (const bad of [
      null,
      undefined,
      'text',
      42,
      [good],
      { ...good, payload: undefined },
      { ...good, payload: `${good.payload}=` },
      { ...good, kid: good.kid.slice(0, -1) },
      { ...good, kid: 12 },
      { ...good, sig: good.sig.slice(0, -2) },
      { ...good, sig: `+${good.sig.slice(1)}` },
    ]) {
      expect(decodeEnvelope(bad)).toBeNull();
    }
  });
});
