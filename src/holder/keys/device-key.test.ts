import { webcrypto } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { tweetnaclEd25519 } from '../../core/crypto/tweetnacl-ed25519.ts';
import { createDeviceKey, loadOrCreateDeviceKey, type StoredDeviceKey } from './device-key.ts';

const subtle = webcrypto.subtle as unknown as SubtleCrypto;
const random = (bytes: Uint8Array<ArrayBuffer>) => webcrypto.getRandomValues(bytes);

function memory(): { saved: StoredDeviceKey[]; load(): Promise<StoredDeviceKey | undefined>; save(k: StoredDeviceKey): Promise<void> } {
  const saved: StoredDeviceKey[] = [];
  return { saved, load: async () => saved.at(-1), save: async (k) => void saved.push(k) };
}

describe('the device key', () => {
  it('is a non-extractable WebCrypto Ed25519 key where the platform has one, and its signatures verify', async () => {
    const stored = await createDeviceKey(subtle, random);
    expect(stored.kind).toBe('webcrypto');
    if (stored.kind !== 'webcrypto') return;
    expect(stored.privateKey.extractable).toBe(false);
    await expect(subtle.exportKey('pkcs8', stored.privateKey)).rejects.toThrow();
    const storage = memory();
    await storage.save(stored);
    const key = await loadOrCreateDeviceKey(storage, subtle, random);
    const message = new TextEncoder().encode('presentation');
    expect(await tweetnaclEd25519.verify(key.signer.publicKey, message, await key.signer.sign(message))).toBe(true);
  });

  it('falls back to a stored random seed (tweetnacl) where WebCrypto has no Ed25519', async () => {
    const broken = {
      generateKey: () => Promise.reject(new Error('NotSupportedError')),
      exportKey: subtle.exportKey.bind(subtle),
      sign: subtle.sign.bind(subtle),
    } as unknown as SubtleCrypto;
    const storage = memory();
    const key = await loadOrCreateDeviceKey(storage, broken, random);
    expect(key.kind).toBe('seed');
    expect(storage.saved).toHaveLength(1);
    const message = new Uint8Array([1, 2, 3]);
    expect(await tweetnaclEd25519.verify(key.signer.publicKey, message, await key.signer.sign(message))).toBe(true);
    // The same key on the next start, not a new one.
    const again = await loadOrCreateDeviceKey(storage, broken, random);
    expect(Array.from(again.signer.publicKey)).toEqual(Array.from(key.signer.publicKey));
    expect(storage.saved).toHaveLength(1);
  });
});
