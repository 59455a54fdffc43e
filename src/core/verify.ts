/**
 * verify(): the GC1 verification order (gc1.md §5) from QR text to a typed verdict.
 * Every expected failure is a value; claims are read only after the issuer signature holds.
 */
import type { Ed25519Verifier } from './crypto/ed25519.ts';
import type { Colour, Reason } from './reasons.ts';
import type { StatusEntry } from './status/document.ts';
import { b64uEncode } from './bytes.ts';
import { isSmallOrderKey } from './crypto/small-order.ts';
import { parseQrText } from './code/text.ts';
import { parseCodeBytes, KIND_HOLDER_BOUND } from './code/layout.ts';
import { issuerKeysFor, type TrustBundle, type TrustKey } from './trust/bundle.ts';
import { entryApplies } from './status/document.ts';
import { freshnessAt, type Freshness } from './freshness.ts';

export const CLOCK_SKEW_SECONDS = 300;
export const DEFAULT_PRESENTATION_WINDOW = 60;

/** The held trust bundle and when it was last confirmed current. */
export interface TrustState {
  bundle: TrustBundle;
  checkedAt?: number | null;
}

/** Read access to the held status list; lookups may be async (IndexedDB). */
export interface StatusView {
  seq: number | null;
  issuedAt: number | null;
  checkedAt?: number | null;
  lookup(cid: string): StatusEntry | undefined | Promise<StatusEntry | undefined>;
}

export interface VerifyOptions {
  ed25519: Ed25519Verifier;
  /** Seconds a holder proof's ts may differ from now; gc1.md's default is 60. */
  presentationWindow?: number;
}

/** What the guard may see: only present once the issuer signature verified. */
export interface VerifiedHolder {
  name: string;
  hint: string;
  region: number;
  iat: number;
  exp: number;
  printedStatus: Colour;
  /** The colour after the status list, when the result got that far. */
  effectiveStatus?: Colour;
  holderBound: boolean;
  /** b64u of the holder's public key (kind 0x02): a family agent's codes share it, so the scanner groups them. */
  holderKey?: string;
}

export interface Verdict {
  reason: Reason;
  /** A short technical note (for logs and the CLI); the app translates `reason` instead. */
  detail?: string;
  /** From the code layout, present once it parsed; untrusted until `holder` is present. */
  kid?: string;
  cid?: string;
  holder?: VerifiedHolder;
  issuer?: { kid: string; region: number; name: Record<string, string> };
  freshness: Freshness;
}

export async function verify(
  text: unknown,
  trust: TrustState | null,
  status: StatusView | null,
  now: number,
  options: VerifyOptions,
): Promise<Verdict> {
  const freshness = freshnessAt(
    {
      trust: trust && { ...trust.bundle, checkedAt: trust.checkedAt ?? null },
      status: status && { seq: status.seq, issuedAt: status.issuedAt, checkedAt: status.checkedAt ?? null },
    },
    now,
  );
  const fail = (reason: Reason, detail: string, extra: Partial<Verdict> = {}): Verdict => ({ reason, detail, ...extra, freshness });

  // 1. Prefix, length, base45, layout.
  const textResult = parseQrText(text);
  if (!textResult.ok) return fail(textResult.reason, textResult.detail);
  const layout = parseCodeBytes(textResult.bytes);
  if (!layout.ok) return fail(layout.reason, layout.detail);
  const code = layout.code;
  const ids = { kid: b64uEncode(code.kid), cid: b64uEncode(code.cid) };

  // 2. Issuer key by kid (issuer keys only).
  const candidates = trust ? issuerKeysFor(trust.bundle, ids.kid) : [];
  if (candidates.length === 0) return fail('unknown_issuer', trust ? 'kid names no issuer key' : 'no trust bundle held', ids);

  // 3. Issuer signature. Entries sharing a kid share the public key (kid = kidOf(pk)).
  if (!(await options.ed25519.verify(candidates[0]!.publicKey, code.signed, code.issuerSig))) {
    return fail('bad_signature', 'issuer signature does not verify', ids);
  }
  const holder: VerifiedHolder = {
    name: code.name,
    hint: code.hint,
    region: code.region,
    iat: code.iat,
    exp: code.exp,
    printedStatus: code.status,
    holderBound: code.kind === KIND_HOLDER_BOUND,
    ...(code.holderKey ? { holderKey: b64uEncode(code.holderKey) } : {}),
  };

  // 4. Key validity window at iat.
  const key: TrustKey | undefined = candidates.find((k) => k.notBefore <= code.iat && code.iat <= k.notAfter);
  const issuerOf = (k: TrustKey) => ({ kid: k.kid, region: k.region, name: k.name });
  if (!key)
    return fail('issuer_key_not_valid', 'issued outside its key validity window', { ...ids, holder, issuer: issuerOf(candidates[0]!) });
  const verified = { ...ids, holder, issuer: issuerOf(key) };

  // 5. Time, with tolerance for clock skew on iat only.
  if (code.iat > now + CLOCK_SKEW_SECONDS) return fail('not_yet_valid', 'issued in the future', verified);
  if (now > code.exp) return fail('expired', 'past its expiry', verified);

  // 6. Status list override.
  let colour: Colour = code.status;
  const listed = status ? await status.lookup(ids.cid) : undefined;
  if (listed && entryApplies(listed, now)) {
    if (listed.status === 'revoked') return fail('revoked', 'revoked by the status list', verified);
    colour = listed.status;
  }
  holder.effectiveStatus = colour;

  // 7. Holder proof for holder-bound codes.
  if (code.proof && code.holderKey) {
    // gc1.md §3: a small-order key accepts forged proofs, so no proof under it means anything.
    if (isSmallOrderKey(code.holderKey)) return fail('bad_holder_proof', 'holder key is of small order', verified);
    if (!(await options.ed25519.verify(code.holderKey, code.proof.signed, code.proof.sig))) {
      return fail('bad_holder_proof', 'holder signature does not verify', verified);
    }
    const window = options.presentationWindow ?? DEFAULT_PRESENTATION_WINDOW;
    if (Math.abs(now - code.proof.ts) > window) return fail('presentation_expired', 'holder proof is stale', verified);
  }

  // 8. Effective colour.
  const reason: Reason = colour === 'green' ? 'ok' : colour === 'yellow' ? 'status_yellow' : 'status_red';
  return { reason, ...verified, freshness };
}
