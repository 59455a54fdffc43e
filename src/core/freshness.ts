/** How fresh the trust data behind a verdict was (gc1.md §5, last paragraph). */

export interface DataAge {
  seq: number;
  issuedAt: number;
  /** Seconds since the data was last known current: its issuedAt or the last successful check. */
  ageSeconds: number;
}

export interface Freshness {
  trust: (DataAge & { expiresAt: number; expired: boolean }) | null;
  status: DataAge | null;
}

/** Inputs: what the held trust bundle and status list say about themselves. */
export interface FreshnessInput {
  trust: { seq: number; issuedAt: number; expiresAt: number; checkedAt?: number | null } | null;
  status: { seq: number | null; issuedAt: number | null; checkedAt?: number | null } | null;
}

export function freshnessAt(input: FreshnessInput, now: number): Freshness {
  const age = (issuedAt: number, checkedAt?: number | null) => Math.max(0, now - Math.max(issuedAt, checkedAt ?? 0));
  const t = input.trust;
  const s = input.status;
  return {
    trust: t
      ? { seq: t.seq, issuedAt: t.issuedAt, expiresAt: t.expiresAt, expired: now > t.expiresAt, ageSeconds: age(t.issuedAt, t.checkedAt) }
      : null,
    status:
      s && s.seq !== null && s.issuedAt !== null ? { seq: s.seq, issuedAt: s.issuedAt, ageSeconds: age(s.issuedAt, s.checkedAt) } : null,
  };
}

/** The oldest of `ages` (the one a warning goes by), ignoring data not held; null if none is. */
export function oldestAge<A extends DataAge>(ages: readonly (A | null)[]): A | null {
  return ages.reduce<A | null>((worst, age) => (age && (!worst || age.ageSeconds > worst.ageSeconds) ? age : worst), null);
}

/** The guard-facing level of a data age against a checkpoint's thresholds (seconds). */
export type AgeLevel = 'fresh' | 'warn' | 'stale' | 'none';

export function ageLevel(age: DataAge | null, thresholds: { warnAfter: number; staleAfter: number }): AgeLevel {
  if (!age) return 'none';
  if (age.ageSeconds >= thresholds.staleAfter) return 'stale';
  if (age.ageSeconds >= thresholds.warnAfter) return 'warn';
  return 'fresh';
}
