/**
 * The device's Ed25519 key pair, made once and kept in the holder's IndexedDB. Every code
 * this device holds (the owner's and the family members') is bound to its public key, and
 * every presentation is signed with it.
 *
 * Where the browser has Ed25519 in WebCrypto, the private key is a non-extractable
 * CryptoKey: IndexedDB keeps the key object, and no script (ours included) can read its
 * bytes. Where it has not (older Safari and Firefox), the app keeps a random 32-byte seed in
 * IndexedDB and signs with tweetnacl, loaded only then; the privacy screen says which.
 */
import type { Ed25519Signer } from '../../core/crypto/ed25519.ts';

/** What IndexedDB holds for the key. */
export type StoredDeviceKey =
  | { kind: 'webcrypto'; privateKey: CryptoKey; publicKey: Uint8Array }
  | { kind: 'seed'; seed: Uint8Array; publicKey: Uint8Array };

export interface DeviceKey {
  kind: StoredDeviceKey['kind'];
  signer: Ed25519Signer;
}

export interface KeyStorage {
  load(): Promise<StoredDeviceKey | undefined>;
  save(key: StoredDeviceKey): Promise<void>;
}

type Subtle = Pick<SubtleCrypto, 'generateKey' | 'exportKey' | 'sign'>;

const ED25519 = { name: 'Ed25519' } as const;

/** The stored key as a signer. */
export async function signerFor(stored: StoredDeviceKey, subtle: Subtle | undefined): Promise<Ed25519Signer> {
  if (stored.kind === 'webcrypto') {
    if (!subtle) throw new Error('this browser no longer offers WebCrypto');
    const privateKey = stored.privateKey;
    return {
      publicKey: stored.publicKey,
      sign: async (message) => new Uint8Array(await subtle.sign(ED25519, privateKey, message as Uint8Array<ArrayBuffer>)),
    };
  }
  const { signerFromSeed } = await import('../../core/crypto/tweetnacl-ed25519.ts');
  return signerFromSeed(stored.seed);
}

/** A new key: a non-extractable WebCrypto Ed25519 key where that works, else a random seed. */
export async function createDeviceKey(
  subtle: Subtle | undefined,
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array,
): Promise<StoredDeviceKey> {
  if (subtle) {
    try {
      const pair = (await subtle.generateKey(ED25519, false, ['sign', 'verify'])) as CryptoKeyPair;
      const publicKey = new Uint8Array(await subtle.exportKey('raw', pair.publicKey));
      // Prove it signs (some engines list the algorithm but fail at sign time).
      const signature = new Uint8Array(await subtle.sign(ED25519, pair.privateKey, new Uint8Array(1)));
      if (publicKey.length === 32 && signature.length === 64) return { kind: 'webcrypto', privateKey: pair.privateKey, publicKey };
    } catch {
      // no Ed25519 in this WebCrypto: fall back to a seed
    }
  }
  const seed = random(new Uint8Array(32));
  const { publicKeyFromSeed } = await import('../../core/crypto/tweetnacl-ed25519.ts');
  return { kind: 'seed', seed, publicKey: publicKeyFromSeed(seed) };
}

/** The device key: the stored one, or a new one saved first. */
export async function loadOrCreateDeviceKey(
  storage: KeyStorage,
  subtle: Subtle | undefined,
  random: (bytes: Uint8Array<ArrayBuffer>) => Uint8Array,
): Promise<DeviceKey> {
  let stored = await storage.load();
  if (!stored) {
    stored = await createDeviceKey(subtle, random);
    await storage.save(stored);
  }
  return { kind: stored.kind, signer: await signerFor(stored, subtle) };
}
