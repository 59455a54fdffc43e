/** The GC1 code bytes (gc1.md §2): one strict parser and its inverse for issuers. */
import type { Colour } from '../reasons.ts';
import { concatBytes, readU32, u32Bytes, utf8DecodeStrict, utf8Encode } from '../bytes.ts';

export const CODE_VERSION = 0x01;
export const KIND_STATIC = 0x01;
export const KIND_HOLDER_BOUND = 0x02;
export const MAX_NAME_BYTES = 64;
export const MAX_HINT_BYTES = 16;

const STATUS_BYTES: readonly Colour[] = ['green', 'yellow', 'red'];

/** The signed claims of a code. */
export interface CodeClaims {
  kind: typeof KIND_STATIC | typeof KIND_HOLDER_BOUND;
  kid: Uint8Array;
  cid: Uint8Array;
  status: Colour;
  iat: number;
  exp: number;
  region: number;
  name: string;
  hint: string;
  /** Kind 0x02 only. */
  holderKey?: Uint8Array;
}

/** A code whose layout is valid; nothing about it is trusted yet. */
export interface ParsedCode extends CodeClaims {
  /** Every byte before the issuer signature: what the issuer signed. */
  signed: Uint8Array;
  issuerSig: Uint8Array;
  /** Kind 0x02 only: the holder's proof and the bytes it signs (all before ts, then ts). */
  proof?: { ts: number; sig: Uint8Array; signed: Uint8Array };
}

export type LayoutResult = { ok: true; code: ParsedCode } | { ok: false; reason: 'malformed' | 'unsupported_version'; detail: string };

/** Parses code bytes, enforcing every layout rule; never throws. */
export function parseCodeBytes(bytes: Uint8Array): LayoutResult {
  const bad = (detail: string): LayoutResult => ({ ok: false, reason: 'malformed', detail });
  if (bytes.length < 1) return bad('no code bytes');
  if (bytes[0] !== CODE_VERSION) return { ok: false, reason: 'unsupported_version', detail: `version ${bytes[0]}` };
  if (bytes.length < 40) return bad('code bytes end before the name');
  const kind = bytes[1]!;
  if (kind !== KIND_STATIC && kind !== KIND_HOLDER_BOUND) return bad(`unknown kind ${kind}`);
  const kid = bytes.slice(2, 10);
  const cid = bytes.slice(10, 26);
  const status = STATUS_BYTES[bytes[26]!];
  if (!status) return bad(`unknown status ${bytes[26]}`);
  const iat = readU32(bytes, 27);
  const exp = readU32(bytes, 31);
  if (exp <= iat) return bad('exp is not after iat');
  const region = readU32(bytes, 35);

  let offset = 39;
  const nameLen = bytes[offset++]!;
  if (nameLen > MAX_NAME_BYTES) return bad(`name of ${nameLen} bytes`);
  if (offset + nameLen + 1 > bytes.length) return bad('code bytes end inside the name');
  const name = utf8DecodeStrict(bytes.subarray(offset, offset + nameLen));
  if (name === null) return bad('name is not UTF-8');
  offset += nameLen;
  const hintLen = bytes[offset++]!;
  if (hintLen > MAX_HINT_BYTES) return bad(`hint of ${hintLen} bytes`);
  if (offset + hintLen > bytes.length) return bad('code bytes end inside the hint');
  const hint = utf8DecodeStrict(bytes.subarray(offset, offset + hintLen));
  if (hint === null) return bad('hint is not UTF-8');
  offset += hintLen;

  let holderKey: Uint8Array | undefined;
  if (kind === KIND_HOLDER_BOUND) {
    if (offset + 32 > bytes.length) return bad('code bytes end inside the holder key');
    holderKey = bytes.slice(offset, offset + 32);
    offset += 32;
  }
  const sigStart = offset;
  const expectedLength = sigStart + 64 + (kind === KIND_HOLDER_BOUND ? 68 : 0);
  if (bytes.length < expectedLength) return bad('code bytes end early');
  if (bytes.length > expectedLength) return bad(`${bytes.length - expectedLength} trailing bytes`);

  const code: ParsedCode = {
    kind,
    kid,
    cid,
    status,
    iat,
    exp,
    region,
    name,
    hint,
    signed: bytes.slice(0, sigStart),
    issuerSig: bytes.slice(sigStart, sigStart + 64),
  };
  if (holderKey) {
    code.holderKey = holderKey;
    const tsStart = sigStart + 64;
    code.proof = {
      ts: readU32(bytes, tsStart),
      sig: bytes.slice(tsStart + 4, tsStart + 68),
      signed: bytes.slice(0, tsStart + 4),
    };
  }
  return { ok: true, code };
}

export type ClaimsProblem = string;

/** Checks claims an issuer is about to sign; returns a problem or null. */
export function checkClaims(claims: CodeClaims): ClaimsProblem | null {
  if (claims.kid.length !== 8) return 'kid must be 8 bytes';
  if (claims.cid.length !== 16) return 'cid must be 16 bytes';
  if (!STATUS_BYTES.includes(claims.status)) return 'status must be green, yellow or red';
  for (const [field, value] of [
    ['iat', claims.iat],
    ['exp', claims.exp],
    ['region', claims.region],
  ] as const) {
    if (!Number.isInteger(value) || value < 0 || value > 0xffffffff) return `${field} must be a 32-bit unsigned integer`;
  }
  if (claims.exp <= claims.iat) return 'exp must be after iat';
  if (utf8Encode(claims.name).length > MAX_NAME_BYTES) return `name is over ${MAX_NAME_BYTES} bytes of UTF-8`;
  if (utf8Encode(claims.hint).length > MAX_HINT_BYTES) return `hint is over ${MAX_HINT_BYTES} bytes of UTF-8`;
  if (claims.kind === KIND_HOLDER_BOUND) {
    if (claims.holderKey?.length !== 32) return 'a holder-bound code needs a 32-byte holder key';
  } else if (claims.holderKey) return 'only holder-bound codes carry a holder key';
  return null;
}

/** The bytes an issuer signs (everything before issuerSig). Call checkClaims first. */
export function encodeSignedPart(claims: CodeClaims): Uint8Array {
  const name = utf8Encode(claims.name);
  const hint = utf8Encode(claims.hint);
  const head = new Uint8Array(27);
  head[0] = CODE_VERSION;
  head[1] = claims.kind;
  head.set(claims.kid, 2);
  head.set(claims.cid, 10);
  head[26] = STATUS_BYTES.indexOf(claims.status);
  return concatBytes(
    head,
    u32Bytes(claims.iat),
    u32Bytes(claims.exp),
    u32Bytes(claims.region),
    new Uint8Array([name.length]),
    name,
    new Uint8Array([hint.length]),
    hint,
    claims.holderKey && claims.kind === KIND_HOLDER_BOUND ? claims.holderKey : new Uint8Array(0),
  );
}
