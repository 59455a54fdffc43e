/**
 * The issuer key the server signs holder codes with (`gatecheck serve --issuer-key FILE`, or
 * DIR/keys/issuer.json on a demo start) and the check that scanners would accept it: the
 * published trust bundle must list it as an `issuer` key valid now. The check runs at start
 * (an explicit --issuer-key that is not listed refuses to start) and again before every
 * signature, so a trust import that drops the key stops issuance at once.
 */
import { randomBytes } from 'node:crypto';
import {
  b64uDecode,
  b64uEncode,
  issueCode,
  kidOf,
  KIND_HOLDER_BOUND,
  KIND_STATIC,
  openTrustBundle,
  type Colour,
  type Ed25519Signer,
  type Ed25519Verifier,
  type TrustKey,
} from '../../core/index.ts';
import type { Db } from '../db/db.ts';
import { currentTrust } from '../trust/trust-store.ts';

/** The issuer key as the server holds it. */
export interface IssuerKey {
  /** b64u of the 8-byte kid. */
  kid: string;
  signer: Ed25519Signer;
  /** Where it came from, for messages (a file path). */
  source: string;
}

export type ListedIssuer = { ok: true; key: TrustKey } | { ok: false; detail: string };

/** The trust bundle's issuer entry for `issuer`, valid at `nowSeconds`, or why there is none. */
export async function listedIssuer(
  db: Db,
  rootPublicKey: Uint8Array,
  ed25519: Ed25519Verifier,
  issuer: IssuerKey,
  nowSeconds: number,
): Promise<ListedIssuer> {
  const trust = await currentTrust(db);
  if (!trust) return { ok: false, detail: 'no trust bundle is published yet' };
  const opened = await openTrustBundle(JSON.parse(trust.envelope), rootPublicKey, ed25519);
  if (!opened.ok) return { ok: false, detail: `the published trust bundle does not open (${opened.problem})` };
  const entries = opened.bundle.keys.filter((k) => k.use === 'issuer' && k.kid === issuer.kid);
  if (entries.length === 0)
    return {
      ok: false,
      detail:
        `the published trust bundle (seq ${trust.seq}) does not list the issuer key ` + `${issuer.kid} (${issuer.source}) as an issuer key`,
    };
  const valid = entries.find((k) => k.notBefore <= nowSeconds && nowSeconds <= k.notAfter);
  if (!valid)
    return { ok: false, detail: `the issuer key ${issuer.kid} is listed in the trust bundle (seq ${trust.seq}) but not valid now` };
  return { ok: true, key: valid };
}

/** What goes into a code for an application. */
export interface CodeRequest {
  kind: 'holder' | 'paper';
  /** b64u of the holder's public key (holder codes only). */
  holderKey?: string;
  colour: Colour;
  maskedName: string;
  hint: string;
  validityDays: number;
}

export interface SignedCode {
  cid: string;
  kind: typeof KIND_STATIC | typeof KIND_HOLDER_BOUND;
  colour: Colour;
  iat: number;
  exp: number;
  region: number;
  maskedName: string;
  hint: string;
  /** b64u of the issued bytes (for a holder code: without the holder proof). */
  bytes: string;
  /** The QR text (paper codes; a holder code's text needs the holder's proof first). */
  text: string;
}

/** Signs a code with a fresh random cid; the region is the issuer's, as listed in the bundle. */
export async function signCode(issuer: IssuerKey, listed: TrustKey, request: CodeRequest, nowSeconds: number): Promise<SignedCode> {
  const cid = new Uint8Array(randomBytes(16));
  const kind = request.kind === 'holder' ? KIND_HOLDER_BOUND : KIND_STATIC;
  const holderKey = request.holderKey === undefined ? undefined : (b64uDecode(request.holderKey) ?? undefined);
  if (kind === KIND_HOLDER_BOUND && holderKey?.length !== 32) throw new RangeError('a holder code needs the 32-byte holder key');
  const iat = nowSeconds;
  const exp = nowSeconds + request.validityDays * 86_400;
  const issued = await issueCode(
    {
      kind,
      kid: kidOf(issuer.signer.publicKey),
      cid,
      status: request.colour,
      iat,
      exp,
      region: listed.region,
      name: request.maskedName,
      hint: request.hint,
      ...(holderKey ? { holderKey } : {}),
    },
    issuer.signer,
  );
  if (!issued.ok) throw new RangeError(`cannot issue this code: ${issued.problem}`);
  return {
    cid: b64uEncode(cid),
    kind,
    colour: request.colour,
    iat,
    exp,
    region: listed.region,
    maskedName: request.maskedName,
    hint: request.hint,
    bytes: b64uEncode(issued.bytes),
    text: issued.text,
  };
}
