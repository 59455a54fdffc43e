/** A checkpoint's policy: what each verification result means at this gate. */
import type { Reason } from './reasons.ts';
import type { Freshness } from './freshness.ts';

export type Decision = 'admit' | 'refuse' | 'refer';

export interface CheckpointPolicy {
  /** What a yellow code means here: refuse, or call a supervisor. */
  yellow: 'refuse' | 'refer';
  /** What to do with an otherwise admitted code when the trust bundle has expired. */
  expiredTrust: 'admit' | 'refer';
  /** Data-age warning thresholds in seconds (scan screen and verdicts). */
  warnAfter: number;
  staleAfter: number;
  /**
   * Whether a static (kind 0x01) code is accepted here: a printed paper code for someone with
   * no phone, or any code without a holder proof (a screenshot of one stays valid). Where it
   * is false, a static code that would be admitted is referred to a supervisor instead (who
   * checks the person's ID); it is never admitted. Default true: every code issued before
   * holder-bound codes existed is static, so refusing them would close every gate.
   */
  acceptStatic: boolean;
  /**
   * What a code of a recognised authority (another region's, GC1 1.1 §6) means here: the same
   * as a home code; the same but yellow refused; or referred to a supervisor whenever it would
   * admit or refer. Refusals stay refusals. Default as-home: recognition is why it is listed.
   */
  recognised?: RecognisedPolicy;
}

export const RECOGNISED_POLICIES = ['as-home', 'refuse-yellow', 'refer'] as const;
export type RecognisedPolicy = (typeof RECOGNISED_POLICIES)[number];

export const DEFAULT_POLICY: CheckpointPolicy = {
  yellow: 'refer',
  expiredTrust: 'admit',
  warnAfter: 24 * 3600,
  staleAfter: 72 * 3600,
  acceptStatic: true,
  recognised: 'as-home',
};

/** What decide() needs to know about the code itself (from verify()'s verdict). */
export interface DecidedCode {
  /** True for a holder-bound (kind 0x02) code, false for a static (kind 0x01) one. */
  holderBound: boolean;
  /** False for a code of a recognised (not the home) authority; absent or true: home. */
  home?: boolean;
}

/** The code facts decide() reads from a verdict: its kind and whether its issuer is of the home authority. */
export function decidedCode(verdict: { holder?: { holderBound: boolean }; issuer?: { home: boolean } }): DecidedCode | undefined {
  if (!verdict.holder) return undefined;
  return { holderBound: verdict.holder.holderBound, home: verdict.issuer?.home ?? true };
}

/**
 * Only `ok` admits by default; yellow follows the policy; a failed check refers; everything else refuses. A static
 * code (`code.holderBound` false) where the policy does not accept static codes is referred
 * instead of admitted (a yellow one too, unless yellow refuses anyway).
 */
export function decide(reason: Reason, policy: CheckpointPolicy = DEFAULT_POLICY, freshness?: Freshness, code?: DecidedCode): Decision {
  const decision = decideHome(reason, policy, freshness, code);
  if (code?.home !== false) return decision;
  // A recognised authority's code: the checkpoint's rule for such codes on top.
  const recognised = policy.recognised ?? 'as-home';
  if (recognised === 'refuse-yellow' && reason === 'status_yellow') return 'refuse';
  if (recognised === 'refer' && decision !== 'refuse') return 'refer';
  return decision;
}

function decideHome(reason: Reason, policy: CheckpointPolicy, freshness?: Freshness, code?: DecidedCode): Decision {
  const staticRefused = code !== undefined && !code.holderBound && policy.acceptStatic === false;
  if (reason === 'ok') return staticRefused || (policy.expiredTrust === 'refer' && freshness?.trust?.expired) ? 'refer' : 'admit';
  if (reason === 'status_yellow') return staticRefused && policy.yellow === 'refer' ? 'refer' : policy.yellow;
  // Nothing is known about the code: not admitted, not refused as if it were bad; try again or call.
  if (reason === 'check_failed') return 'refer';
  return 'refuse';
}

/** Validates a policy from an untrusted source (server, settings); null when invalid. */
export function parsePolicy(value: unknown): CheckpointPolicy | null {
  if (!value || typeof value !== 'object') return null;
  const v = { ...DEFAULT_POLICY, ...(value as Partial<CheckpointPolicy>) };
  if (v.yellow !== 'refuse' && v.yellow !== 'refer') return null;
  if (v.expiredTrust !== 'admit' && v.expiredTrust !== 'refer') return null;
  const ok = (n: unknown) => typeof n === 'number' && Number.isFinite(n) && n > 0;
  if (!ok(v.warnAfter) || !ok(v.staleAfter) || v.staleAfter < v.warnAfter) return null;
  if (typeof v.acceptStatic !== 'boolean') return null;
  const recognised = v.recognised ?? 'as-home';
  if (!RECOGNISED_POLICIES.includes(recognised)) return null;
  return {
    yellow: v.yellow,
    expiredTrust: v.expiredTrust,
    warnAfter: v.warnAfter,
    staleAfter: v.staleAfter,
    acceptStatic: v.acceptStatic,
    recognised,
  };
}
