import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY, issueCode, kidOf, sealEnvelope, openTrustBundle, signerFromSeed, tweetnaclEd25519 } from '../../core/index.ts';
import { checkCode } from './check-code.ts';

const seed = (n: number) => new Uint8Array(32).fill(n);

describe('checkCode', () => {
  it('admits a good code, refers it when no trust data is held, and applies the yellow policy', async () => {
    const root = signerFromSeed(seed(1));
    const issuer = signerFromSeed(seed(2));
    const now = 1_800_000_000;
    const { b64uEncode } = await import('../../core/index.ts');
    const doc = {
      type: 'gc1-trust',
      seq: 1,
      issuedAt: now - 10,
      expiresAt: now + 86400,
      keys: [
        {
          kid: b64uEncode(kidOf(issuer.publicKey)),
          publicKey: b64uEncode(issuer.publicKey),
          use: 'issuer',
          region: 440300,
          name: { en: 'Test' },
          notBefore: now - 1000,
          notAfter: now + 1000,
        },
      ],
    };
    const opened = await openTrustBundle(await sealEnvelope(doc, root), root.publicKey, tweetnaclEd25519);
    if (!opened.ok) throw new Error(opened.detail);
    const claims = {
      kind: 1 as const,
      kid: kidOf(issuer.publicKey),
      cid: new Uint8Array(16).fill(7),
      iat: now - 100,
      exp: now + 1000,
      region: 440300,
      name: '张*明',
      hint: '1234',
    };
    const green = await issueCode({ ...claims, status: 'green' }, issuer);
    const yellow = await issueCode({ ...claims, status: 'yellow' }, issuer);
    if (!green.ok || !yellow.ok) throw new Error('issue failed');
    const context = { trust: { bundle: opened.bundle }, status: null, ed25519: tweetnaclEd25519, policy: DEFAULT_POLICY };

    expect(await checkCode(green.text, context, now * 1000)).toMatchObject({
      decision: 'admit',
      noTrust: false,
      verdict: { reason: 'ok' },
    });
    expect(await checkCode(yellow.text, { ...context, policy: { ...DEFAULT_POLICY, yellow: 'refuse' } }, now * 1000)).toMatchObject({
      decision: 'refuse',
      verdict: { reason: 'status_yellow' },
    });
    expect(await checkCode(green.text, { ...context, trust: null }, now * 1000)).toMatchObject({
      decision: 'refer',
      noTrust: true,
      verdict: { reason: 'unknown_issuer' },
    });
    // Without trust data, a stray QR code is still refused, not referred.
    expect(await checkCode('https://example.com', { ...context, trust: null }, now * 1000)).toMatchObject({
      decision: 'refuse',
      verdict: { reason: 'not_a_health_code' },
    });

    // A checkpoint that accepts no static codes refers this (static, kind 0x01) one; a holder-bound one still admits.
    const noStatic = { ...context, policy: { ...DEFAULT_POLICY, acceptStatic: false } };
    expect(await checkCode(green.text, noStatic, now * 1000)).toMatchObject({ decision: 'refer', verdict: { reason: 'ok' } });
    const holder = signerFromSeed(seed(3));
    const bound = await issueCode({ ...claims, kind: 2, holderKey: holder.publicKey, status: 'green' }, issuer, {
      signer: holder,
      ts: now,
    });
    if (!bound.ok) throw new Error('issue failed');
    expect(await checkCode(bound.text, noStatic, now * 1000)).toMatchObject({
      decision: 'admit',
      verdict: { reason: 'ok', holder: { holderBound: true } },
    });
  });
});
