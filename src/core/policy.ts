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
}

export const DEFAULT_POLICY: CheckpointPolicy = {
  yellow: 'refer',
  expiredTrust: 'admit',
  warnAfter: 24 * 3600,
  staleAfter: 72 * 3600,
};

/** Only `ok` admits by default; yellow follows the policy; everything else refuses. */
export function decide(reason: Reason, policy: CheckpointPolicy = DEFAULT_POLICY, freshness?: Freshness): Decision {
  if (reason === 'ok') return policy.expiredTrust === 'refer' && freshness?.trust?.expired ? 'refer' : 'admit';
  if (reason === 'status_yellow') return policy.yellow;
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
  return { yellow: v.yellow, expiredTrust: v.expiredTrust, warnAfter: v.warnAfter, staleAfter: v.staleAfter };
}
