import { MAX_OVERRIDE_NOTE } from './api/sync-rules.ts';
import { checkLabel } from './name-rules.ts';

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

/** Why an override's note is not taken: missing for "other", too long, or text that prints wrong. */
export type OverrideNoteProblem = 'required' | 'too_long' | 'bidi_control' | 'invisible';

/**
 * The note stored with an override: "other" takes the guard's own words (required, at most
 * MAX_OVERRIDE_NOTE characters, core's label rule); every other reason takes none. The
 * scanner's dialog and its flow ask this one function.
 */
export function overrideNote(
  reason: OverrideReason,
  note: string | undefined,
): { ok: true; note?: string } | { ok: false; problem: OverrideNoteProblem } {
  if (reason !== 'other') return { ok: true };
  const trimmed = note?.trim() ?? '';
  if (trimmed === '') return { ok: false, problem: 'required' };
  if (trimmed.length > MAX_OVERRIDE_NOTE) return { ok: false, problem: 'too_long' };
  const check = checkLabel(trimmed, 'the note');
  return check.ok ? { ok: true, note: trimmed } : { ok: false, problem: check.problem };
}
