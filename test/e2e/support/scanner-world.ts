/**
 * Keys, signed trust and status files, and the four codes of the scanner tests, made with
 * the real core at the real current time (the browser verifies against its own clock).
 */
import {
  b64uEncode,
  formatQrText,
  issueCode,
  kidOf,
  sealEnvelope,
  signerFromSeed,
  type CodeClaims,
  type Decision,
  type Reason,
} from '../../../src/core/index.ts';
import { keyEntry } from '../../support/world.ts';

const DAY = 86_400;

/** One code the camera or the keyboard presents, with the verdict it must get. */
export interface ScannerCase {
  label: string;
  text: string;
  reason: Reason;
  decision: Decision;
  /** base64url cid the entry must carry (absent for a text that is no GC1 code). */
  cid?: string;
}

/** Files to serve next to the app, and the cases. */
export interface ScannerWorld {
  files: Record<string, unknown>;
  valid: ScannerCase;
  tampered: ScannerCase;
  yellow: ScannerCase;
  notGc1: ScannerCase;
  /** A genuine red code, an expired one and one dated five days ahead (screens and families). */
  red: ScannerCase;
  expired: ScannerCase;
  future: ScannerCase;
  /**
   * A green code of a recognised authority (gc1.md §6: `cq`, Chongqing's keys listed in the home
   * bundle), whose chain this static host does not serve: the verdict names the authority and
   * says it holds no status list of it.
   */
  recognised: ScannerCase;
  /** The holder's masked name, which must never appear in IndexedDB. */
  name: string;
  /** `count` more valid codes, each with its own cid (benches: no cooldown between them). */
  moreValid(count: number): Promise<ScannerCase[]>;
}

const seed = (n: number) => new Uint8Array(32).fill(n);
const cid = (n: number) => new Uint8Array(16).fill(n);
/**
 * The cid of moreValid's code `n`: its number in the first four bytes, so any count stays
 * distinct (a byte filled with 100 + n wrapped at 256: valid 160 had the yellow code's cid and
 * was rightly shown yellow), and never one of cid()'s (those repeat one byte 16 times).
 */
const cidOfMore = (n: number) => {
  const id = new Uint8Array(16).fill(0xee);
  new DataView(id.buffer).setUint32(0, n);
  return id;
};

/**
 * The files a scanner loads from its server (config, trust bundle, a one-part status list with
 * no deltas), for a static server: `snapshot` is the sealed list, issued at `statusIssuedAt`.
 */
export function scannerFiles(rootKey: Uint8Array, trust: unknown, snapshot: unknown, statusIssuedAt: number): Record<string, unknown> {
  return {
    '/config.json': { rootKey: b64uEncode(rootKey), apiBase: '' },
    '/api/trust': trust,
    '/api/status/head': { seq: 1, issuedAt: statusIssuedAt, snapshot: { to: 1, parts: 1 } },
    '/api/status/snapshot/1/1': snapshot,
    '/api/status/deltas': { envelopes: [] },
  };
}

/** Builds the world at `now` (unix seconds). */
export async function makeScannerWorld(now = Math.floor(Date.now() / 1000)): Promise<ScannerWorld> {
  const root = signerFromSeed(seed(11));
  const issuer = signerFromSeed(seed(12));
  const status = signerFromSeed(seed(13));
  const peerIssuer = signerFromSeed(seed(14));
  const key = (signer: typeof root, use: 'issuer' | 'status') =>
    keyEntry(signer, use, { notBefore: now - 365 * DAY, notAfter: now + 365 * DAY });
  const peerKey = {
    ...key(peerIssuer, 'issuer'),
    authority: 'cq',
    region: 500000,
    name: { 'zh-CN': '重庆市卫生健康委员会', en: 'Chongqing Health Commission' },
  };
  const trust = await sealEnvelope(
    {
      type: 'gc1-trust',
      seq: 5,
      issuedAt: now - 600,
      expiresAt: now + 7 * DAY,
      keys: [key(issuer, 'issuer'), key(status, 'status'), peerKey],
    },
    root,
  );
  const name = '张*明';
  const claims = (id: Uint8Array, extra: Partial<CodeClaims> = {}): CodeClaims => ({
    kind: 1,
    kid: kidOf(issuer.publicKey),
    cid: id,
    status: 'green',
    iat: now - DAY,
    exp: now + 30 * DAY,
    region: 440300,
    name,
    hint: '1234',
    ...extra,
  });
  const issue = async (c: CodeClaims, signer = issuer) => {
    const result = await issueCode(c, signer);
    if (!result.ok) throw new Error(result.problem);
    return result;
  };

  const valid = await issue(claims(cid(1)));
  // Tampered: the hint's last digit changed after signing ('4' -> '5'), layout still valid.
  const original = await issue(claims(cid(2)));
  const bytes = original.bytes.slice();
  const hintAt = bytes.indexOf(0x34, 40 + new TextEncoder().encode(name).length);
  bytes[hintAt] = 0x35;
  // Yellow: printed green, turned yellow by the signed status list, so the list is exercised.
  const yellow = await issue(claims(cid(3)));
  const snapshot = await sealEnvelope(
    { type: 'gc1-status', from: 0, to: 1, issuedAt: now - 300, entries: [{ cid: b64uEncode(cid(3)), status: 'yellow' }] },
    status,
  );

  const red = await issue(claims(cid(4), { status: 'red' }));
  const expired = await issue(claims(cid(5), { iat: now - 10 * DAY, exp: now - 3600 }));
  const future = await issue(claims(cid(6), { iat: now + 5 * DAY, exp: now + 30 * DAY }));

  const recognised = await issue(claims(cid(7), { kid: kidOf(peerIssuer.publicKey), region: 500103 }), peerIssuer);

  const moreValid = async (count: number): Promise<ScannerCase[]> =>
    Promise.all(
      Array.from({ length: count }, async (_, i) => {
        const id = cidOfMore(i);
        const code = await issue(claims(id));
        return { label: `valid ${i + 1}`, text: code.text, reason: 'ok' as const, decision: 'admit' as const, cid: b64uEncode(id) };
      }),
    );

  return {
    name,
    moreValid,
    files: scannerFiles(root.publicKey, trust, snapshot, now - 300),
    valid: { label: 'valid', text: valid.text, reason: 'ok', decision: 'admit', cid: b64uEncode(cid(1)) },
    tampered: { label: 'tampered', text: formatQrText(bytes), reason: 'bad_signature', decision: 'refuse', cid: b64uEncode(cid(2)) },
    yellow: { label: 'yellow', text: yellow.text, reason: 'status_yellow', decision: 'refer', cid: b64uEncode(cid(3)) },
    red: { label: 'red', text: red.text, reason: 'status_red', decision: 'refuse', cid: b64uEncode(cid(4)) },
    expired: { label: 'expired', text: expired.text, reason: 'expired', decision: 'refuse', cid: b64uEncode(cid(5)) },
    future: { label: 'dated in the future', text: future.text, reason: 'not_yet_valid', decision: 'refuse', cid: b64uEncode(cid(6)) },
    recognised: { label: 'recognised authority', text: recognised.text, reason: 'ok', decision: 'admit', cid: b64uEncode(cid(7)) },
    notGc1: { label: 'not GC1', text: 'https://pay.example.com/qr?order=8812', reason: 'not_a_health_code', decision: 'refuse' },
  };
}
