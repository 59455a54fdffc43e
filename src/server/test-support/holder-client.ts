/**
 * Test helpers for the holder and review APIs: an application body with a real holder key,
 * calls through the real routes, and a check that an issued code verifies as a scanner
 * would verify it (holder proof added, the published trust bundle, the published status list).
 */
import { randomBytes } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import {
  addHolderProof,
  b64uDecode,
  b64uEncode,
  formatQrText,
  MemoryStatusList,
  openStatusList,
  signerFromSeed,
  tweetnaclEd25519,
  verify,
  type Ed25519Signer,
  type Verdict,
} from '../../core/index.ts';
import type { ApplicationRequest } from '../../core/api/holder.ts';
import type { Harness } from './harness.ts';

/** A holder device: its key pair, as the app would make one. */
export function newHolder(): Ed25519Signer {
  return signerFromSeed(new Uint8Array(randomBytes(32)));
}

/** A fresh resident ID number (each call another person, unless a test gives the same one). */
export function newIdNumber(): string {
  // The last four (the code's hint) stay 1234; the ten digits before them make the person.
  return `4403${String(randomBytes(6).readUIntBE(0, 6) % 10_000_000_000).padStart(10, '0')}1234`;
}

/** A complete, valid application for `holder` (declaration clear unless overridden; a new person unless `idNumber` is given). */
export function applicationBody(holder: Ed25519Signer, overrides: Partial<ApplicationRequest> = {}): ApplicationRequest {
  return {
    holderKey: b64uEncode(holder.publicKey),
    name: '张三明',
    idType: 'resident_id',
    idNumber: newIdNumber(),
    region: 440305,
    phone: '13800000000',
    declaration: { symptoms: false, travel: false, contact: false },
    relation: 'self',
    language: 'zh-CN',
    ...overrides,
  };
}

/** POST /api/holder/applications from a client address. */
export function applyWith(h: Harness, body: unknown, remoteAddress = '192.0.2.1'): Promise<LightMyRequestResponse> {
  return h.app.inject({ method: 'POST', url: '/api/holder/applications', remoteAddress, payload: body as object });
}

/** GET or renew an application with its credential. */
export function holderCall(h: Harness, method: 'GET' | 'POST', url: string, credential: string | null): Promise<LightMyRequestResponse> {
  return h.app.inject({ method, url, headers: credential ? { authorization: `Bearer ${credential}` } : {} });
}

/** The status list as published now, as a scanner would hold it after a sync. */
async function publishedStatus(h: Harness): Promise<MemoryStatusList> {
  const bundle = await h.trustBundle();
  const list = new MemoryStatusList();
  const head = (await h.app.inject({ method: 'GET', url: '/api/status/head' })).json() as { snapshot: { to: number; parts: number } };
  for (let part = 1; part <= head.snapshot.parts; part++) {
    const envelope = (await h.app.inject({ method: 'GET', url: `/api/status/snapshot/${head.snapshot.to}/${part}` })).json();
    const opened = await openStatusList(envelope, bundle, tweetnaclEd25519);
    if (!opened.ok) throw new Error(opened.detail);
    list.apply(opened.document);
  }
  const deltas = (await h.app.inject({ method: 'GET', url: `/api/status/deltas?from=${head.snapshot.to}` })).json() as {
    envelopes: unknown[];
  };
  for (const envelope of deltas.envelopes) {
    const opened = await openStatusList(envelope, bundle, tweetnaclEd25519);
    if (!opened.ok) throw new Error(opened.detail);
    list.apply(opened.document);
  }
  return list;
}

/** The scanner's verdict on an issued holder code, with a fresh holder proof at `nowSeconds`. */
export async function scanHolderCode(h: Harness, issuedB64u: string, holder: Ed25519Signer, nowSeconds: number): Promise<Verdict> {
  const bytes = await addHolderProof(b64uDecode(issuedB64u)!, holder, nowSeconds);
  return scanText(h, formatQrText(bytes), nowSeconds);
}

/** The scanner's verdict on a QR text, against what the server publishes. */
export async function scanText(h: Harness, text: string, nowSeconds: number): Promise<Verdict> {
  const bundle = await h.trustBundle();
  return verify(text, { bundle }, await publishedStatus(h), nowSeconds, { ed25519: tweetnaclEd25519 });
}
