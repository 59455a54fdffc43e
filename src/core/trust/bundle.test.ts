// Trust bundles (gc1.md §4.1): pinned root, kid check, no rollback, strict documents.
import { describe, expect, it } from 'vitest';
import { issuerKeysFor, openTrustBundle, parseTrustDocument, statusKeyFor } from './bundle.ts';
import { sealEnvelope } from '../envelope.ts';
import { b64uEncode, utf8Encode } from '../bytes.ts';
import { kidOf } from '../crypto/ed25519.ts';
import { webCryptoEd25519 } from '../crypto/webcrypto-ed25519.ts';
import { keyEntry, makeWorld, signerFor, trustDocument } from '../../../test/support/world.ts';

const ed25519 = webCryptoEd25519(globalThis.crypto.subtle);

describe('openTrustBundle', async () => {
  const world = await makeWorld('bundle');
  const { root, issuer, status } = world.keys;
  const problemOf = async (envelope: unknown, heldSeq?: number | null) => {
    const result = await openTrustBundle(envelope, root.publicKey, ed25519, heldSeq);
    return result.ok ? 'ok' : result.problem;
  };

  it('opens a bundle signed by the pinned root and reads every key', async () => {
    const result = await openTrustBundle(world.trustEnvelope, root.publicKey, ed25519);
    if (!result.ok) throw new Error(result.detail);
    expect(result.bundle.seq).toBe(3);
    expect(result.bundle.keys.map((k) => [k.use, k.kid])).toEqual([
      ['issuer', b64uEncode(kidOf(issuer.publicKey))],
      ['status', b64uEncode(kidOf(status.publicKey))],
    ]);
    expect(result.bundle.keys[0]!.publicKey).toEqual(issuer.publicKey);
    expect(result.bundle.keys[0]!.name).toEqual({ 'zh-CN': '深圳市卫生健康委员会', en: 'Shenzhen Health Commission' });
    expect(result.bundle.keys[0]!.region).toBe(440300);
  });

  it('refuses a bundle signed by any other key as wrong_root, even one whose signature is valid', async () => {
    const byIssuer = await sealEnvelope(trustDocument(world.keys), issuer);
    expect(await problemOf(byIssuer)).toBe('wrong_root');
  });

  it('refuses a bundle claiming the root kid with another key, or with a tampered payload', async () => {
    const claimed = { ...(await sealEnvelope(trustDocument(world.keys), signerFor('impostor'))), kid: world.trustEnvelope.kid };
    expect(await problemOf(claimed)).toBe('bad_signature');
    const tampered = { ...world.trustEnvelope, payload: b64uEncode(utf8Encode(JSON.stringify(trustDocument(world.keys, { seq: 99 })))) };
    expect(await problemOf(tampered)).toBe('bad_signature');
  });

  it('refuses the whole bundle when one kid is not kidOf(publicKey)', async () => {
    const keys = [keyEntry(issuer, 'issuer'), { ...keyEntry(status, 'status'), kid: b64uEncode(kidOf(issuer.publicKey)) }];
    expect(await problemOf(await sealEnvelope(trustDocument(world.keys, { keys }), root))).toBe('kid_mismatch');
  });

  it('refuses a rollback to a lower seq, accepts the same or a higher one', async () => {
    expect(await problemOf(world.trustEnvelope, 4)).toBe('rollback');
    expect(await problemOf(world.trustEnvelope, 3)).toBe('ok');
    expect(await problemOf(world.trustEnvelope, 2)).toBe('ok');
    expect(await problemOf(world.trustEnvelope, null)).toBe('ok');
  });

  it('refuses what is not an envelope, and signed payloads that are not JSON', async () => {
    for (const value of [null, 'x', [], { payload: 'e30', kid: world.trustEnvelope.kid }])
      expect(await problemOf(value)).toBe('not_an_envelope');
    const bytes = utf8Encode('not json');
    const notJson = { payload: b64uEncode(bytes), kid: world.trustEnvelope.kid, sig: b64uEncode(await root.sign(bytes)) };
    expect(await problemOf(notJson)).toBe('not_json');
  });

  it.each<[string, Record<string, unknown>]>([
    ['another type', { type: 'gc1-status' }],
    ['a string seq', { seq: '3' }],
    ['a negative seq', { seq: -1 }],
    ['a fractional issuedAt', { issuedAt: 1.5 }],
    ['no expiresAt', { expiresAt: undefined }],
    ['keys not an array', { keys: {} }],
  ])('refuses a signed document with %s as bad_document', async (_what, overrides) => {
    expect(await problemOf(await sealEnvelope(trustDocument(world.keys, overrides), root))).toBe('bad_document');
  });

  it.each<[string, Record<string, unknown>]>([
    ['a public key of 31 bytes', { publicKey: b64uEncode(new Uint8Array(31)) }],
    ['a kid of 9 bytes', { kid: b64uEncode(new Uint8Array(9)) }],
    ['use "root"', { use: 'root' }],
    ['no notBefore', { notBefore: undefined }],
    ['a string notAfter', { notAfter: '1800000000' }],
    ['region -1', { region: -1 }],
    ['region 2^32', { region: 2 ** 32 }],
    ['a name that maps to a number', { name: { en: 5 } }],
    ['a name that is a string', { name: 'Shenzhen' }],
  ])('refuses a key with %s as bad_document', async (_what, overrides) => {
    const keys = [keyEntry(issuer, 'issuer', overrides)];
    expect(await problemOf(await sealEnvelope(trustDocument(world.keys, { keys }), root))).toBe('bad_document');
    expect(await problemOf(await sealEnvelope(trustDocument(world.keys, { keys: [keyEntry(status, 'status'), 'x'] }), root))).toBe(
      'bad_document',
    );
  });

  it('defaults a missing region to 0 and a missing name to none', () => {
    const result = parseTrustDocument(
      trustDocument(world.keys, { keys: [keyEntry(issuer, 'issuer', { region: undefined, name: undefined })] }),
    );
    if (!result.ok) throw new Error(result.detail);
    expect(result.bundle.keys[0]!.region).toBe(0);
    expect(result.bundle.keys[0]!.name).toEqual({});
  });

  it('finds issuer keys only among issuer keys, status keys only among status keys', () => {
    const issuerKid = b64uEncode(kidOf(issuer.publicKey));
    const statusKid = b64uEncode(kidOf(status.publicKey));
    expect(issuerKeysFor(world.bundle, issuerKid)).toHaveLength(1);
    expect(issuerKeysFor(world.bundle, statusKid)).toHaveLength(0);
    expect(statusKeyFor(world.bundle, statusKid)?.use).toBe('status');
    expect(statusKeyFor(world.bundle, issuerKid)).toBeUndefined();
  });
});
