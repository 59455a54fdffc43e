/** The age of the held trust data against the checkpoint's thresholds, for banners and verdicts. */
import { ageLevel, freshnessAt, oldestAge, type AgeLevel, type CheckpointPolicy, type DataAge } from '../../core/index.ts';
import type { DataStateView } from '../services/ports.ts';

/** The older of the two ages (trust bundle, status list) and its warning level. */
export interface DataAgeSummary {
  level: AgeLevel;
  trustAgeSeconds: number | null;
  statusAgeSeconds: number | null;
  worstAgeSeconds: number | null;
  trustExpired: boolean;
}

/** Summarises `state` at `nowMs`; level 'none' means no trust data at all. */
export function summariseDataAge(state: DataStateView, policy: CheckpointPolicy, nowMs: number): DataAgeSummary {
  const freshness = freshnessAt({ trust: state.trust, status: state.status }, Math.floor(nowMs / 1000));
  const worst = oldestAge<DataAge>([freshness.trust, freshness.status]);
  return {
    level: state.hasTrust && freshness.trust ? ageLevel(worst, policy) : 'none',
    trustAgeSeconds: freshness.trust?.ageSeconds ?? null,
    statusAgeSeconds: freshness.status?.ageSeconds ?? null,
    worstAgeSeconds: worst?.ageSeconds ?? null,
    trustExpired: freshness.trust?.expired ?? false,
  };
}
