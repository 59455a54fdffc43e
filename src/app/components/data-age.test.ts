import { describe, expect, it } from 'vitest';
import { DEFAULT_POLICY } from '../../core/index.ts';
import type { DataStateView } from '../services/ports.ts';
import { summariseDataAge } from './data-age.ts';

const base: DataStateView = {
  hasTrust: false,
  trust: null,
  status: null,
  snapshotProgress: null,
  pendingEntries: 0,
  lastSyncOk: null,
  lastSyncError: null,
  syncProblem: null,
  online: true,
  enrolled: false,
  checkpoint: null,
  deviceName: null,
  policy: null,
  clockOffsetMs: null,
  clockWarning: null,
  problem: null,
};
const now = 1_800_000_000;
const held = (trustAge: number, statusAge: number | null): DataStateView => ({
  ...base,
  hasTrust: true,
  trust: { seq: 1, issuedAt: now - trustAge, expiresAt: now + 86400, checkedAt: null },
  status: statusAge === null ? null : { seq: 1, issuedAt: now - statusAge, checkedAt: null, size: 0 },
});

describe('data age on the scan screen', () => {
  it('says "none" without trust data', () => {
    expect(summariseDataAge(base, DEFAULT_POLICY, now * 1000).level).toBe('none');
  });

  it('warns after 24 h and strongly after 72 h, by the older of trust and status data', () => {
    expect(summariseDataAge(held(3600, 60), DEFAULT_POLICY, now * 1000).level).toBe('fresh');
    expect(summariseDataAge(held(3600, 25 * 3600), DEFAULT_POLICY, now * 1000)).toMatchObject({
      level: 'warn',
      worstAgeSeconds: 25 * 3600,
    });
    expect(summariseDataAge(held(73 * 3600, null), DEFAULT_POLICY, now * 1000).level).toBe('stale');
  });

  it('follows the checkpoint thresholds and counts a recent check as fresh', () => {
    const policy = { ...DEFAULT_POLICY, warnAfter: 600, staleAfter: 1200 };
    expect(summariseDataAge(held(900, null), policy, now * 1000).level).toBe('warn');
    const checked = held(90 * 3600, null);
    checked.trust!.checkedAt = now - 60;
    expect(summariseDataAge(checked, DEFAULT_POLICY, now * 1000).level).toBe('fresh');
  });

  it('flags an expired bundle', () => {
    const expired = held(60, null);
    expired.trust!.expiresAt = now - 1;
    expect(summariseDataAge(expired, DEFAULT_POLICY, now * 1000).trustExpired).toBe(true);
  });
});
