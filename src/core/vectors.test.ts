// The public GC1 vectors through verify(), once per Ed25519 implementation: every case must
// give exactly its `expect`, and every bad trust bundle and status list must be refused.
import { describe, expect, it } from 'vitest';
import { loadPublicVectors } from '../../test/support/vectors.ts';
import {
  MemoryStatusList,
  REASONS,
  b64uDecodeLength,
  decide,
  openStatusList,
  openTrustBundle,
  tweetnaclEd25519,
  verify,
  webCryptoEd25519,
  type Ed25519Verifier,
} from './index.ts';

const vectors = loadPublicVectors();

it('has a public vector for every reason', () => {
  expect(REASONS.filter((reason) => !vectors.cases.some((c) => c.expect === reason))).toEqual([]);
});
const implementations: Ed25519Verifier[] = [webCryptoEd25519(globalThis.crypto.subtle), tweetnaclEd25519];

describe.each(implementations.map((ed25519) => ({ name: ed25519.name, ed25519 })))('public vectors with $name', ({ ed25519 }) => {
  const rootKey = b64uDecodeLength(vectors.rootKey, 32)!;

  async function heldState() {
    const trust = await openTrustBundle(vectors.trust, rootKey, ed25519);
    if (!trust.ok) throw new Error(`vector trust bundle refused: ${trust.detail}`);
    const status = await openStatusList(vectors.status, trust.bundle, ed25519);
    if (!status.ok) throw new Error(`vector status list refused: ${status.detail}`);
    const list = new MemoryStatusList();
    expect(list.apply(status.document).kind).toBe('replace');
    return { bundle: trust.bundle, list };
  }

  it('opens the trust bundle and status list', async () => {
    const { bundle, list } = await heldState();
    expect(bundle.keys.length).toBeGreaterThan(0);
    expect(list.seq).not.toBeNull();
  });

  it.each(vectors.cases.map((c) => [c.name, c] as const))('%s', async (_name, vectorCase) => {
    const { bundle, list } = await heldState();
    const verdict = await verify(vectorCase.qr, { bundle }, list, vectors.now, { ed25519 });
    expect(verdict.reason).toBe(vectorCase.expect);
    expect(decide(verdict.reason) === 'admit').toBe(vectorCase.expect === 'ok');
  });

  it.each(Object.entries(vectors.badTrust))('refuses bad trust bundle %s', async (_name, envelope) => {
    const result = await openTrustBundle(envelope, rootKey, ed25519);
    expect(result.ok).toBe(false);
  });

  it.each(Object.entries(vectors.badStatus))('refuses bad status list %s', async (_name, envelope) => {
    const { bundle } = await heldState();
    const result = await openStatusList(envelope, bundle, ed25519);
    expect(result.ok).toBe(false);
  });
});
