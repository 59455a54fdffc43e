/**
 * One scanned text to a verdict and a decision, against the trust data held now. Pure apart
 * from the async signature checks, so the flow and its tests share it.
 */
import {
  decide,
  decidedCode,
  freshnessAt,
  verify,
  type CheckpointPolicy,
  type Decision,
  type Ed25519Verifier,
  type StatusSource,
  type TrustState,
  type Verdict,
} from '../../core/index.ts';

/** What verify() needs from the data layer at the moment of the scan. */
export interface CheckContext {
  trust: TrustState | null;
  status: StatusSource | null;
  ed25519: Ed25519Verifier;
  policy: CheckpointPolicy;
}

/** A verdict with the checkpoint's decision. */
export interface CheckedCode {
  verdict: Verdict;
  decision: Decision;
  /** True when no trust bundle was held: the code could not be checked at all. */
  noTrust: boolean;
}

/**
 * Verifies `text` at `nowMs`. Without any trust data a well-formed code comes back as
 * `unknown_issuer`; that is not the holder's fault, so the decision becomes `refer`
 * (call a supervisor) instead of refusing a possibly good code as unknown.
 */
export async function checkCode(text: string, context: CheckContext, nowMs: number): Promise<CheckedCode> {
  const verdict = await verify(text, context.trust, context.status, Math.floor(nowMs / 1000), { ed25519: context.ed25519 });
  const noTrust = context.trust === null;
  const decision =
    noTrust && verdict.reason === 'unknown_issuer'
      ? 'refer'
      : decide(verdict.reason, context.policy, verdict.freshness, decidedCode(verdict));
  return { verdict, decision, noTrust };
}

/**
 * The outcome when checking threw (verify() returns failures as values, so this is a bug or a
 * broken data layer): "could not check: try again", referred, and logged like any scan, so a
 * wedge scan never vanishes without a verdict and an entry.
 */
export function checkFailed(error: unknown, nowMs: number): CheckedCode {
  const detail = error instanceof Error ? error.message : String(error);
  const freshness = freshnessAt({ trust: null, status: null }, Math.floor(nowMs / 1000));
  return { verdict: { reason: 'check_failed', detail, freshness }, decision: 'refer', noTrust: false };
}
