/**
 * What a verdict asks of the guard, by family: each family has its own icon, headline and
 * sound on the scanner, so a forgery, a red code and a payment QR shown by mistake look
 * different at a glance (colour plus icon plus word, never colour alone).
 */
import type { Decision } from './policy.ts';
import type { Reason } from './reasons.ts';

export type VerdictFamily =
  /** Let the person in. */
  | 'admit'
  /** Call a supervisor (yellow where yellow refers, or an expired trust bundle under policy). */
  | 'refer'
  /** The code is genuine and says no: red, yellow where yellow refuses, revoked. Health protocol. */
  | 'health'
  /** The code is not a valid one: forged, unknown issuer, expired, malformed, stale proof. */
  | 'invalid'
  /** Not a health code at all (a URL, a payment code): ask for the health code. */
  | 'not_a_code';

const HEALTH: ReadonlySet<Reason> = new Set<Reason>(['status_red', 'status_yellow', 'revoked']);

/** The family of a verdict from its reason and the decision that stands. */
export function verdictFamily(reason: Reason, decision: Decision): VerdictFamily {
  if (decision === 'admit') return 'admit';
  if (decision === 'refer') return 'refer';
  if (reason === 'not_a_health_code') return 'not_a_code';
  if (HEALTH.has(reason)) return 'health';
  // A code that verified but was refused by policy (e.g. 'ok' never refuses today) is a
  // health decision; everything else failed verification.
  return reason === 'ok' ? 'health' : 'invalid';
}
