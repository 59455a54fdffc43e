/** The spec's reason codes (gc1.md §5), in verification order: each has a public vector. */
export const SPEC_REASONS = [
  'not_a_health_code',
  'malformed',
  'unsupported_version',
  'unknown_issuer',
  'bad_signature',
  'issuer_key_not_valid',
  'not_yet_valid',
  'expired',
  'revoked',
  'bad_holder_proof',
  'presentation_expired',
  'status_yellow',
  'status_red',
  'ok',
] as const;

/** Every reason an entry can carry: the spec's, then the scanner's own. */
export const REASONS = [
  ...SPEC_REASONS,
  /**
   * Not the spec's: the scanner's own record that checking a code failed (a broken data layer
   * or a bug threw; verify() itself never returns it). The guard sees "could not check: try
   * again", and the entry keeps the scan from vanishing from the log.
   */
  'check_failed',
] as const;

/** A verification outcome: exactly one of the spec's reason codes. */
export type Reason = (typeof REASONS)[number];

/** A health-code colour as printed in the code or set by the status list. */
export type Colour = 'green' | 'yellow' | 'red';

/** A status-list value: a colour, or revoked. */
export type ListedStatus = Colour | 'revoked';

export const COLOURS: readonly Colour[] = ['green', 'yellow', 'red'];

export function isReason(value: unknown): value is Reason {
  return typeof value === 'string' && (REASONS as readonly string[]).includes(value);
}
