/**
 * A small, deterministic GC1 world for tests and benches: root, issuer and status keys from
 * fixed seeds, a signed trust bundle, and helpers to issue codes and sign status documents.
 * Everything goes through the real core; nothing is faked.
 */
import {
  KIND_HOLDER_BOUND,
  KIND_STATIC,
  MemoryStatusList,
  issueCode,
  kidOf,
  openStatusList,
  openTrustBundle,
  sealEnvelope,
  signerFromSeed,
  tweetnaclEd25519,
  utf8Encode,
  b64uEncode,
  type CodeClaims,
  type Ed25519Signer,
  type Envelope,
  type ListedStatus,
  type TrustBundle,
} from '../../src/core/index.ts';
import { sha256 } from '../../src/core/crypto/sha256.ts';

/** A 32-byte seed derived from a label, so every run uses the same keys. */
export function seedFor(label: string): Uint8Array {
  return sha256(utf8Encode(`gatecheck test seed: ${label}`));
}

/** A signer whose seed comes from `label`. */
export function signerFor(label: string): Ed25519Signer {
  return signerFromSeed(seedFor(label));
}

/** A 16-byte credential id derived from a label. */
export function cidFor(label: string): Uint8Array {
  return sha256(utf8Encode(`gatecheck test cid: ${label}`)).slice(0, 16);
}

/** The fixed "now" of the world (a Unix time in 2026). */
export const WORLD_NOW = 1_780_000_000;
const DAY = 86_400;

export interface WorldKeys {
  root: Ed25519Signer;
  issuer: Ed25519Signer;
  status: Ed25519Signer;
}

/** A trust-bundle key entry as it appears in the signed JSON document. */
export function keyEntry(
  signer: Ed25519Signer,
  use: 'issuer' | 'status',
  overrides: Record<string, unknown> = {},
): Record<string, unknown> {
  return {
    kid: b64uEncode(kidOf(signer.publicKey)),
    publicKey: b64uEncode(signer.publicKey),
    use,
    region: 440300,
    name: { 'zh-CN': '深圳市卫生健康委员会', en: 'Shenzhen Health Commission' },
    notBefore: WORLD_NOW - 365 * DAY,
    notAfter: WORLD_NOW + 365 * DAY,
    ...overrides,
  };
}

/** A gc1-trust document for the world's keys, with optional changes. */
export function trustDocument(keys: WorldKeys, overrides: Record<string, unknown> = {}): Record<string, unknown> {
  return {
    type: 'gc1-trust',
    seq: 3,
    issuedAt: WORLD_NOW - 3600,
    expiresAt: WORLD_NOW + 7 * DAY,
    keys: [keyEntry(keys.issuer, 'issuer'), keyEntry(keys.status, 'status')],
    ...overrides,
  };
}

/** A gc1-status document. */
export function statusDocument(
  from: number,
  to: number,
  entries: { cid: string; status: ListedStatus; until?: number }[],
  extra: Record<string, unknown> = {},
): Record<string, unknown> {
  return { type: 'gc1-status', from, to, issuedAt: WORLD_NOW - 600, entries, ...extra };
}

/** Default claims of a green static code in the world; override any field. */
export function claimsFor(keys: WorldKeys, overrides: Partial<CodeClaims> = {}): CodeClaims {
  return {
    kind: KIND_STATIC,
    kid: kidOf(keys.issuer.publicKey),
    cid: cidFor('default'),
    status: 'green',
    iat: WORLD_NOW - DAY,
    exp: WORLD_NOW + 30 * DAY,
    region: 440300,
    name: '张*明',
    hint: '1234',
    ...overrides,
  };
}

export interface World {
  keys: WorldKeys;
  holder: Ed25519Signer;
  trustEnvelope: Envelope;
  bundle: TrustBundle;
  /** Issues a code; throws on problems (a broken test, not an expected failure). */
  issue(overrides?: Partial<CodeClaims>, signer?: Ed25519Signer): Promise<{ text: string; bytes: Uint8Array }>;
  /** Issues a holder-bound code with the world's holder key and a proof at `ts`. */
  issueHolderBound(ts: number, overrides?: Partial<CodeClaims>): Promise<{ text: string; bytes: Uint8Array }>;
  /** Seals a status document with the world's status key. */
  sealStatus(document: Record<string, unknown>): Promise<Envelope>;
  /** A status list holding exactly these entries (snapshot at `seq`), opened through the core. */
  statusList(entries: { cid: string; status: ListedStatus; until?: number }[], seq?: number): Promise<MemoryStatusList>;
}

/** Builds the world: keys from seeds, a signed and re-opened trust bundle. */
export async function makeWorld(prefix = 'world'): Promise<World> {
  const keys: WorldKeys = {
    root: signerFor(`${prefix} root`),
    issuer: signerFor(`${prefix} issuer`),
    status: signerFor(`${prefix} status`),
  };
  const holder = signerFor(`${prefix} holder`);
  const trustEnvelope = await sealEnvelope(trustDocument(keys), keys.root);
  const opened = await openTrustBundle(trustEnvelope, keys.root.publicKey, tweetnaclEd25519);
  if (!opened.ok) throw new Error(`world trust bundle does not open: ${opened.detail}`);
  const bundle = opened.bundle;

  const issue: World['issue'] = async (overrides = {}, signer = keys.issuer) => {
    const result = await issueCode(claimsFor(keys, overrides), signer);
    if (!result.ok) throw new Error(result.problem);
    return result;
  };
  const issueHolderBound: World['issueHolderBound'] = async (ts, overrides = {}) => {
    const claims = claimsFor(keys, { kind: KIND_HOLDER_BOUND, holderKey: holder.publicKey, ...overrides });
    const result = await issueCode(claims, keys.issuer, { signer: holder, ts });
    if (!result.ok) throw new Error(result.problem);
    return result;
  };
  const sealStatus: World['sealStatus'] = (document) => sealEnvelope(document, keys.status);
  const statusList: World['statusList'] = async (entries, seq = 1) => {
    const opened = await openStatusList(await sealStatus(statusDocument(0, seq, entries)), bundle, tweetnaclEd25519);
    if (!opened.ok) throw new Error(`world status list does not open: ${opened.detail}`);
    const list = new MemoryStatusList();
    list.apply(opened.document);
    return list;
  };
  return { keys, holder, trustEnvelope, bundle, issue, issueHolderBound, sealStatus, statusList };
}
