// verify(): the verification order of gc1.md §5 and the verdict's fields, including which
// reason wins when a code breaks several rules at once.
import { describe, expect, it } from 'vitest';
import { verify, type StatusView } from './verify.ts';
import { b64uEncode, concatBytes } from './bytes.ts';
import { kidOf } from './crypto/ed25519.ts';
import { tweetnaclEd25519 } from './crypto/tweetnacl-ed25519.ts';
import { webCryptoEd25519 } from './crypto/webcrypto-ed25519.ts';
import { sealEnvelope } from './envelope.ts';
import { openTrustBundle } from './trust/bundle.ts';
import { addHolderProof, issueCode } from './code/issue.ts';
import { KIND_HOLDER_BOUND } from './code/layout.ts';
import { formatQrText } from './code/text.ts';
import { WORLD_NOW as NOW, cidFor, claimsFor, keyEntry, makeWorld, signerFor, trustDocument } from '../../test/support/world.ts';

const DAY = 86_400;

describe.each([webCryptoEd25519(globalThis.crypto.subtle), tweetnaclEd25519].map((ed25519) => ({ name: ed25519.name, ed25519 })))(
  'verify() with $name',
  async ({ ed25519 }) => {
    const world = await makeWorld('verify');
    const trust = { bundle: world.bundle };
    const reasonOf = async (text: unknown, status: StatusView | null = null, now = NOW, presentationWindow?: number) =>
      (await verify(text, trust, status, now, { ed25519, ...(presentationWindow ? { presentationWindow } : {}) })).reason;

    it('returns the verified fields of a good code, and freshness', async () => {
      const code = await world.issue({ status: 'green', name: '李*', hint: 'X7', region: 110000, cid: cidFor('fields') });
      const list = await world.statusList([], 41);
      const verdict = await verify(code.text, { bundle: world.bundle, checkedAt: NOW - 60 }, list, NOW, { ed25519 });
      expect(verdict).toMatchObject({
        reason: 'ok',
        kid: b64uEncode(kidOf(world.keys.issuer.publicKey)),
        cid: b64uEncode(cidFor('fields')),
        holder: {
          name: '李*',
          hint: 'X7',
          region: 110000,
          iat: NOW - DAY,
          exp: NOW + 30 * DAY,
          printedStatus: 'green',
          effectiveStatus: 'green',
          holderBound: false,
        },
        issuer: { kid: b64uEncode(kidOf(world.keys.issuer.publicKey)), region: 440300, name: { en: 'Shenzhen Health Commission' } },
        freshness: {
          trust: { seq: 3, issuedAt: NOW - 3600, expiresAt: NOW + 7 * DAY, expired: false, ageSeconds: 60 },
          status: { seq: 41, issuedAt: NOW - 600, ageSeconds: 600 },
        },
      });
    });

    it('without a trust bundle every code is unknown_issuer, and freshness says nothing is held', async () => {
      const code = await world.issue();
      const verdict = await verify(code.text, null, null, NOW, { ed25519 });
      expect(verdict.reason).toBe('unknown_issuer');
      expect(verdict.freshness).toEqual({ trust: null, status: null });
    });

    it('reads no claims before the signature: a forged, expired, revoked code is bad_signature with no holder fields', async () => {
      const forged = await world.issue({ exp: NOW - 10, iat: NOW - 20 }, signerFor('forger'));
      const revoked = await world.statusList([{ cid: b64uEncode(cidFor('default')), status: 'revoked' }]);
      const verdict = await verify(forged.text, trust, revoked, NOW, { ed25519 });
      expect(verdict.reason).toBe('bad_signature');
      expect(verdict.holder).toBeUndefined();
      expect(verdict.issuer).toBeUndefined();
    });

    it('a kid that names a status key, or no key, is unknown_issuer', async () => {
      const byStatusKey = await issueCode(claimsFor(world.keys, { kid: kidOf(world.keys.status.publicKey) }), world.keys.status);
      expect(byStatusKey.ok && (await reasonOf(byStatusKey.text))).toBe('unknown_issuer');
      const stranger = signerFor('stranger');
      expect(await reasonOf((await world.issue({ kid: kidOf(stranger.publicKey) }, stranger)).text)).toBe('unknown_issuer');
    });

    it('checks the key window at iat (inclusive) before time, and time before the status list', async () => {
      const keys = [keyEntry(world.keys.issuer, 'issuer', { notBefore: NOW - 10 * DAY, notAfter: NOW - 5 * DAY })];
      const opened = await openTrustBundle(
        await sealEnvelope(trustDocument(world.keys, { keys }), world.keys.root),
        world.keys.root.publicKey,
        ed25519,
      );
      if (!opened.ok) throw new Error(opened.detail);
      const windowed = { bundle: opened.bundle };
      const at = async (iat: number, exp: number) =>
        (await verify((await world.issue({ iat, exp })).text, windowed, null, NOW, { ed25519 })).reason;
      expect(await at(NOW - 10 * DAY, NOW + DAY)).toBe('ok');
      expect(await at(NOW - 5 * DAY, NOW + DAY)).toBe('ok');
      expect(await at(NOW - 10 * DAY - 1, NOW + DAY)).toBe('issuer_key_not_valid');
      expect(await at(NOW - 5 * DAY + 1, NOW + DAY)).toBe('issuer_key_not_valid');
      // Outside the window and expired: the window is checked first.
      expect(await at(NOW - 4 * DAY, NOW - DAY)).toBe('issuer_key_not_valid');
      expect(await at(NOW - 6 * DAY, NOW - DAY)).toBe('expired');
    });

    it('uses the matching entry when a kid appears twice with different windows', async () => {
      const keys = [
        keyEntry(world.keys.issuer, 'issuer', { notBefore: 0, notAfter: NOW - 100 * DAY, region: 1 }),
        keyEntry(world.keys.issuer, 'issuer', { notBefore: NOW - 2 * DAY, notAfter: NOW, region: 2 }),
      ];
      const opened = await openTrustBundle(
        await sealEnvelope(trustDocument(world.keys, { keys }), world.keys.root),
        world.keys.root.publicKey,
        ed25519,
      );
      if (!opened.ok) throw new Error(opened.detail);
      const verdict = await verify((await world.issue()).text, { bundle: opened.bundle }, null, NOW, { ed25519 });
      expect([verdict.reason, verdict.issuer?.region]).toEqual(['ok', 2]);
    });

    it('allows 300 s of clock skew on iat, none on exp', async () => {
      expect(await reasonOf((await world.issue({ iat: NOW + 300, exp: NOW + DAY })).text)).toBe('ok');
      expect(await reasonOf((await world.issue({ iat: NOW + 301, exp: NOW + DAY })).text)).toBe('not_yet_valid');
      expect(await reasonOf((await world.issue({ exp: NOW })).text)).toBe('ok');
      expect(await reasonOf((await world.issue({ exp: NOW - 1 })).text)).toBe('expired');
    });

    it('expiry is decided before the status list: an expired revoked code is expired', async () => {
      const list = await world.statusList([{ cid: b64uEncode(cidFor('default')), status: 'revoked' }]);
      expect(await reasonOf((await world.issue({ exp: NOW - 1 })).text, list)).toBe('expired');
      expect(await reasonOf((await world.issue()).text, list)).toBe('revoked');
    });

    it('the status list overrides the printed colour, both ways', async () => {
      const cid = b64uEncode(cidFor('default'));
      const printedRed = (await world.issue({ status: 'red' })).text;
      expect(await reasonOf(printedRed)).toBe('status_red');
      expect(await reasonOf(printedRed, await world.statusList([{ cid, status: 'green' }]))).toBe('ok');
      expect(await reasonOf((await world.issue()).text, await world.statusList([{ cid, status: 'yellow' }]))).toBe('status_yellow');
      expect(await reasonOf((await world.issue({ status: 'yellow' })).text)).toBe('status_yellow');
    });

    it('accepts an asynchronous status lookup (IndexedDB, SQL)', async () => {
      const cid = b64uEncode(cidFor('default'));
      const view: StatusView = { seq: 1, issuedAt: NOW, lookup: async (id) => (id === cid ? { status: 'red' } : undefined) };
      expect(await reasonOf((await world.issue()).text, view)).toBe('status_red');
    });

    it('holder-bound: a fresh proof passes, within the window on both sides, inclusive', async () => {
      for (const ts of [NOW, NOW - 60, NOW + 60]) expect(await reasonOf((await world.issueHolderBound(ts)).text)).toBe('ok');
      for (const ts of [NOW - 61, NOW + 61]) expect(await reasonOf((await world.issueHolderBound(ts)).text)).toBe('presentation_expired');
      expect(await reasonOf((await world.issueHolderBound(NOW - 100)).text, null, NOW, 120)).toBe('ok');
      const verdict = await verify((await world.issueHolderBound(NOW)).text, trust, null, NOW, { ed25519 });
      expect(verdict.holder?.holderBound).toBe(true);
    });

    it('holder-bound: a proof by another device is bad_holder_proof, checked before staleness', async () => {
      const claims = claimsFor(world.keys, { kind: KIND_HOLDER_BOUND, holderKey: world.holder.publicKey });
      const issued = await issueCode(claims, world.keys.issuer);
      if (!issued.ok) throw new Error(issued.problem);
      const other = signerFor('other device');
      expect(await reasonOf(formatQrText(await addHolderProof(issued.bytes, other, NOW)))).toBe('bad_holder_proof');
      expect(await reasonOf(formatQrText(await addHolderProof(issued.bytes, other, NOW - 1000)))).toBe('bad_holder_proof');
      // A genuine proof with its ts changed afterwards no longer verifies.
      const genuine = await addHolderProof(issued.bytes, world.holder, NOW - 1000);
      const retimed = concatBytes(issued.bytes, new Uint8Array([0x6a, 0x18, 0xe3, 0x80]), genuine.subarray(issued.bytes.length + 4));
      expect(await reasonOf(formatQrText(retimed))).toBe('bad_holder_proof');
    });

    it('holder-bound: the status list comes before the proof; the proof before the colour', async () => {
      const cid = b64uEncode(cidFor('default'));
      const stale = (await world.issueHolderBound(NOW - 1000)).text;
      expect(await reasonOf(stale, await world.statusList([{ cid, status: 'revoked' }]))).toBe('revoked');
      expect(await reasonOf(stale, await world.statusList([{ cid, status: 'yellow' }]))).toBe('presentation_expired');
      expect(await reasonOf((await world.issueHolderBound(NOW)).text, await world.statusList([{ cid, status: 'red' }]))).toBe('status_red');
    });

    it('anything that is not a GC1 text is a value, never an exception', async () => {
      for (const input of [undefined, null, 0, {}, '', 'GC1:', 'GC1:%%%', 'https://example.org', `GC1:${'0'.repeat(2000)}`]) {
        await expect(verify(input, trust, null, NOW, { ed25519 })).resolves.toMatchObject({ reason: expect.any(String) });
      }
    });
  },
);
