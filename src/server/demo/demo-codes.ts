/** Demo codes: GC1 codes signed with the demo issuer key, drawn as QR SVGs. */
import { randomBytes } from 'node:crypto';
import { b64uEncode, issueCode, kidOf, KIND_STATIC, type Colour, type Ed25519Signer } from '../../core/index.ts';

/** What to put in a demo code. */
export interface DemoCodeRequest {
  status: Colour;
  /** Already masked, e.g. "张*明"; the server stores no names, it only signs this one. */
  name: string;
  hint: string;
  region: number;
  validDays: number;
}

/** A signed demo code. */
export interface DemoCode {
  text: string;
  cid: string;
  kid: string;
  iat: number;
  exp: number;
}

/** Signs a static (kind 0x01) code with a fresh random cid. */
export async function issueDemoCode(issuer: Ed25519Signer, request: DemoCodeRequest, nowSeconds: number): Promise<DemoCode> {
  const cid = new Uint8Array(randomBytes(16));
  const kid = kidOf(issuer.publicKey);
  const iat = nowSeconds;
  const exp = nowSeconds + Math.round(request.validDays * 86_400);
  const issued = await issueCode(
    { kind: KIND_STATIC, kid, cid, status: request.status, iat, exp, region: request.region, name: request.name, hint: request.hint },
    issuer,
  );
  if (!issued.ok) throw new RangeError(`cannot issue this demo code: ${issued.problem}`);
  return { text: issued.text, cid: b64uEncode(cid), kid: b64uEncode(kid), iat, exp };
}
