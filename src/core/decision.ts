/**
 * The decision that stands for a scan, once, for every side: the scanner's screen, its
 * counts and CSV, the server's statistics, the console and the CLI. A guard's override
 * replaces the verifier's decision; nothing else does.
 */
import type { Decision } from './policy.ts';

/** What a guard may turn a verdict into (a guard never "refers" by hand). */
export type OverrideDecision = 'admit' | 'refuse';

export const DECISIONS: readonly Decision[] = ['admit', 'refuse', 'refer'];

/** The shape every side's entry record has in common. */
export interface DecidedEntry {
  decision: Decision;
  override?: { decision: OverrideDecision } | null;
}

/** The decision that stands: the override's when there is one, else the verifier's. */
export function effectiveDecision(entry: DecidedEntry): Decision {
  return entry.override?.decision ?? entry.decision;
}

/**
 * The same rule as SQL over an entries row (`decision` text, `override` jsonb), for the
 * server's statistics and filters; `src/server` tests pin it to effectiveDecision().
 */
export function effectiveDecisionSql(alias: string): string {
  if (!/^[a-z_][a-z0-9_]*$/.test(alias)) throw new Error(`not an SQL alias: ${alias}`);
  return `COALESCE(${alias}.override->>'decision', ${alias}.decision)`;
}

/**
 * Which overrides a guard is offered for the decision on screen: only its opposite (a
 * referred code may go either way). Offering "refuse anyway" on a refusal changes nothing.
 */
export function overrideChoices(shown: Decision): readonly OverrideDecision[] {
  if (shown === 'admit') return ['refuse'];
  if (shown === 'refuse') return ['admit'];
  return ['admit', 'refuse'];
}

/** Admitting someone the verifier did not admit takes a second, deliberate confirmation. */
export function overrideNeedsConfirmation(shown: Decision, to: OverrideDecision): boolean {
  return to === 'admit' && shown !== 'admit';
}

/** Counts by the decision that stands, and how many of them a guard overrode. */
export interface DecisionTally {
  admit: number;
  refuse: number;
  refer: number;
  overridden: number;
}

export function emptyTally(): DecisionTally {
  return { admit: 0, refuse: 0, refer: 0, overridden: 0 };
}

/** Adds one entry to a tally (mutates and returns it, for loops over many entries). */
export function addToTally(tally: DecisionTally, entry: DecidedEntry): DecisionTally {
  tally[effectiveDecision(entry)]++;
  if (entry.override) tally.overridden++;
  return tally;
}
