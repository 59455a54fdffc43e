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

/**
 * The family of a refusal by its reason. Exhaustive: a new reason does not compile until it
 * has a family here (and, by the apps' typed catalogs, words in every language), and
 * vectors.test.ts fails until it has a public vector.
 */
function refusalFamily(reason: Reason): 'health' | 'invalid' | 'not_a_code' {
  switch (reason) {
    case 'not_a_health_code':
      return 'not_a_code';
    // Genuine codes that say no; 'ok' refused by policy is a health decision too.
    case 'status_red':
    case 'status_yellow':
    case 'revoked':
    case 'ok':
      return 'health';
    case 'malformed':
    case 'unsupported_version':
    case 'unknown_issuer':
    case 'bad_signature':
    case 'issuer_key_not_valid':
    case 'not_yet_valid':
    case 'expired':
    case 'bad_holder_proof':
    case 'presentation_expired':
      return 'invalid';
    default: {
      const unhandled: never = reason;
      return unhandled;
    }
  }
}

/** The family of a verdict from its reason and the decision that stands. */
export function verdictFamily(reason: Reason, decision: Decision): VerdictFamily {
  if (decision === 'admit') return 'admit';
  if (decision === 'refer') return 'refer';
  return refusalFamily(reason);
}
