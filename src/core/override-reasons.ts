/**
 * The reasons a guard may give for overriding a verdict, by the decision taken: one
 * vocabulary for the scanner (which offers them), the server and the console (which show them).
 */
export const OVERRIDE_REASONS = {
  admit: ['supervisor_approved', 'verified_otherwise', 'scanner_fault', 'other'],
  refuse: ['id_mismatch', 'person_unwell', 'supervisor_approved', 'other'],
} as const;

/** One override reason code. */
export type OverrideReason = (typeof OVERRIDE_REASONS)[keyof typeof OVERRIDE_REASONS][number];

const ALL: ReadonlySet<string> = new Set([...OVERRIDE_REASONS.admit, ...OVERRIDE_REASONS.refuse]);

/** True for a reason code of the list (entries from older or other scanners may carry free text). */
export function isOverrideReason(value: unknown): value is OverrideReason {
  return typeof value === 'string' && ALL.has(value);
}
