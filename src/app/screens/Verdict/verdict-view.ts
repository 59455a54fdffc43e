/**
 * What a verdict screen shows, worked out from the outcome without any DOM: the decision
 * that stands (an override wins: core's effectiveDecision), its family (core's
 * verdictFamily: its own colour, icon, big word and headline), the reason sentence, and
 * whether the code's dates are a problem. The component only renders this.
 */
import { effectiveDecision } from '../../../core/decision.ts';
import { verdictFamily, type VerdictFamily } from '../../../core/verdict-family.ts';
import type { Decision } from '../../../core/index.ts';
import type { ScanOutcome } from '../../flow/scan-flow.ts';
import type { MessageKey } from '../../i18n/en.ts';

export interface VerdictView {
  /** The decision that stands: the screen's colour, icon and word. */
  standing: Decision;
  family: VerdictFamily;
  wordKey: MessageKey;
  /** What to do, for the refusal families; null for admit and refer. */
  headlineKey: MessageKey | null;
  reasonKey: MessageKey;
  /** The verifier's decision when a guard overrode it, else null. */
  overriddenFrom: Decision | null;
  /** The expiry line: valid until, or expired on (styled as a problem). */
  expiryKey: 'verdict.expires' | 'verdict.expiredOn';
}

/**
 * `clockConfirmed`: the device's clock was checked against the server and found right,
 * so a code dated in the future is the code's problem, not the clock's.
 */
export function verdictView(outcome: ScanOutcome, nowMs: number, clockConfirmed: boolean): VerdictView {
  const { verdict, decision, noTrust } = outcome.checked;
  const standing = effectiveDecision({ decision, override: outcome.override ?? null });
  const family = verdictFamily(verdict.reason, standing);
  const reasonKey: MessageKey =
    noTrust && verdict.reason === 'unknown_issuer'
      ? 'reason.unknown_issuer.noTrust'
      : verdict.reason === 'not_yet_valid' && clockConfirmed
        ? 'reason.not_yet_valid.clockOk'
        : `reason.${verdict.reason}`;
  const refusal = family === 'health' || family === 'invalid' || family === 'not_a_code';
  const expired = verdict.reason === 'expired' || (verdict.holder !== undefined && verdict.holder.exp * 1000 < nowMs);
  return {
    standing,
    family,
    wordKey: refusal ? `family.${family}.word` : `decision.${standing}`,
    headlineKey: refusal ? `family.${family}.headline` : null,
    reasonKey,
    overriddenFrom: outcome.override ? decision : null,
    expiryKey: expired ? 'verdict.expiredOn' : 'verdict.expires',
  };
}
