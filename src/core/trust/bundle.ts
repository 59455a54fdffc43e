/** Trust bundles (gc1.md §4.1): the issuer and status keys, signed by the pinned root. */
import type { Ed25519Verifier } from '../crypto/ed25519.ts';
import { kidOf } from '../crypto/ed25519.ts';
import { b64uDecodeLength, b64uEncode, bytesEqual, isU32, isUint } from '../bytes.ts';
import { decodeEnvelope, openEnvelope } from '../envelope.ts';

export type KeyUse = 'issuer' | 'status';

/** One key of a verified bundle. */
export interface TrustKey {
  /** base64url of the 8-byte kid. */
  kid: string;
  publicKey: Uint8Array;
  use: KeyUse;
  region: number;
  /** Display names by BCP 47 tag, e.g. zh-CN, en. */
  name: Record<string, string>;
  notBefore: number;
  notAfter: number;
  /** The authority the key belongs to (gc1.md §6): its own `authority`, else the bundle's home authority. */
  authority: string;
}

/** A key as a trust document lists it (gc1.md §4.1). */
export interface TrustKeyDocument {
  kid: string;
  /** base64url of the 32-byte key. */
  publicKey: string;
  use: KeyUse;
  region: number;
  name: Record<string, string>;
  notBefore: number;
  notAfter: number;
  authority?: string;
}

/**
 * `key` as a trust document lists it, the inverse of the parse below: the one place a key is
 * written back out (the CLI's bundles, the console's key list). The key's own `authority` is
 * left out (in a bundle it is the home one unless said); `authority` names one explicitly.
 */
export function trustKeyDocument(key: TrustKey): TrustKeyDocument;
export function trustKeyDocument(key: TrustKey, authority: string): TrustKeyDocument & { authority: string };
export function trustKeyDocument(key: TrustKey, authority?: string): TrustKeyDocument {
  const { kid, publicKey, use, region, name, notBefore, notAfter } = key;
  return { kid, publicKey: b64uEncode(publicKey), use, region, name, notBefore, notAfter, ...(authority ? { authority } : {}) };
}

/** The home authority's id when a bundle names none (gc1.md §6). */
export const DEFAULT_AUTHORITY = 'home';
const AUTHORITY_ID = /^[a-z0-9][a-z0-9-]{0,31}$/;

/** True for a well-formed authority id (gc1.md §6). */
export function isAuthorityId(value: unknown): value is string {
  return typeof value === 'string' && AUTHORITY_ID.test(value);
}

/** A bundle whose signature, shape and kids all checked out. */
export interface TrustBundle {
  seq: number;
  issuedAt: number;
  expiresAt: number;
  /** The home authority: keys without an `authority` of their own belong to it. */
  authority: string;
  keys: TrustKey[];
}

export type BundleProblem = 'not_an_envelope' | 'wrong_root' | 'bad_signature' | 'not_json' | 'bad_document' | 'kid_mismatch' | 'rollback';

export type BundleResult = { ok: true; bundle: TrustBundle } | { ok: false; problem: BundleProblem; detail: string };

/**
 * Opens a trust bundle envelope: signed by `rootKey` (rejected whole otherwise), a valid
 * `gc1-trust` document, every kid equal to kidOf(publicKey). With `heldSeq`, a bundle whose
 * seq is lower is refused as a rollback (equal is accepted: the same bundle again).
 */
export async function openTrustBundle(
  envelope: unknown,
  rootKey: Uint8Array,
  ed25519: Ed25519Verifier,
  heldSeq?: number | null,
): Promise<BundleResult> {
  const decoded = decodeEnvelope(envelope);
  if (!decoded) return { ok: false, problem: 'not_an_envelope', detail: 'not a signed envelope' };
  if (!bytesEqual(decoded.kid, kidOf(rootKey))) {
    return { ok: false, problem: 'wrong_root', detail: 'signed by a key other than the pinned root' };
  }
  const opened = await openEnvelope(decoded, rootKey, ed25519);
  if (!opened.ok) return { ok: false, problem: opened.problem, detail: 'root signature does not verify' };
  const parsed = parseTrustDocument(opened.document);
  if (!parsed.ok) return parsed;
  if (heldSeq != null && parsed.bundle.seq < heldSeq) {
    return { ok: false, problem: 'rollback', detail: `seq ${parsed.bundle.seq} is older than the held ${heldSeq}` };
  }
  return parsed;
}

/** Validates a trust document that has already passed its signature check. */
export function parseTrustDocument(document: unknown): BundleResult {
  const bad = (detail: string): BundleResult => ({ ok: false, problem: 'bad_document', detail });
  if (!isRecord(document) || document.type !== 'gc1-trust') return bad('not a gc1-trust document');
  const { seq, issuedAt, expiresAt, keys } = document;
  if (!isUint(seq) || !isUint(issuedAt) || !isUint(expiresAt)) return bad('seq, issuedAt and expiresAt must be integers');
  if (!Array.isArray(keys)) return bad('keys must be an array');
  const home = document.authority ?? DEFAULT_AUTHORITY;
  if (!isAuthorityId(home)) return bad('authority must match ^[a-z0-9][a-z0-9-]{0,31}$');
  const out: TrustKey[] = [];
  for (const [i, key] of keys.entries()) {
    if (!isRecord(key)) return bad(`key ${i} is not an object`);
    const publicKey = b64uDecodeLength(key.publicKey, 32);
    const kid = b64uDecodeLength(key.kid, 8);
    if (!publicKey || !kid) return bad(`key ${i}: kid or publicKey is not valid base64url of the right length`);
    if (!bytesEqual(kid, kidOf(publicKey))) return { ok: false, problem: 'kid_mismatch', detail: `key ${i}: kid is not kidOf(publicKey)` };
    if (key.use !== 'issuer' && key.use !== 'status') return bad(`key ${i}: use must be issuer or status`);
    if (!isUint(key.notBefore) || !isUint(key.notAfter)) return bad(`key ${i}: notBefore and notAfter must be integers`);
    const region = key.region ?? 0;
    if (!isU32(region)) return bad(`key ${i}: region must be a 32-bit unsigned integer`);
    const name = key.name ?? {};
    if (!isRecord(name) || !Object.values(name).every((v) => typeof v === 'string'))
      return bad(`key ${i}: name must map languages to strings`);
    const authority = key.authority ?? home;
    if (!isAuthorityId(authority)) return bad(`key ${i}: authority must match ^[a-z0-9][a-z0-9-]{0,31}$`);
    out.push({
      kid: b64uEncode(kid),
      publicKey,
      use: key.use,
      region,
      name: { ...(name as Record<string, string>) },
      notBefore: key.notBefore,
      notAfter: key.notAfter,
      authority,
    });
  }
  return { ok: true, bundle: { seq, issuedAt, expiresAt, authority: home, keys: out } };
}

/** Issuer keys of the bundle with this kid (codes are checked against issuer keys only). */
export function issuerKeysFor(bundle: TrustBundle, kid: string): TrustKey[] {
  return bundle.keys.filter((k) => k.use === 'issuer' && k.kid === kid);
}

/** The status key with this kid, if the bundle has one. */
export function statusKeyFor(bundle: TrustBundle, kid: string): TrustKey | undefined {
  return bundle.keys.find((k) => k.use === 'status' && k.kid === kid);
}

/** The authorities the bundle has keys for, home first, each once. */
export function authoritiesOf(bundle: TrustBundle): string[] {
  return [...new Set([bundle.authority, ...bundle.keys.map((k) => k.authority)])];
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
