import { describe, expect, it } from 'vitest';
import type { DataStateView } from '../services/ports.ts';
import { statusProblem } from './status-problem.ts';

const base: DataStateView = {
  hasTrust: true,
  trust: null,
  status: null,
  snapshotProgress: null,
  pendingEntries: 0,
  lastSyncOk: null,
  lastSyncError: null,
  syncProblem: null,
  online: true,
  enrolled: true,
  checkpoint: null,
  deviceName: null,
  policy: null,
  clockOffsetMs: 0,
  clockWarning: null,
  problem: null,
};

describe('the status line names at most one problem', () => {
  it('names a refused device first, whatever else is wrong', () => {
    expect(statusProblem({ ...base, syncProblem: 'device_refused', clockWarning: 'skewed', problem: 'x' })).toBe('problem.device_refused');
  });
  it('then the clock, then unusable trust data, then sync trouble', () => {
    expect(statusProblem({ ...base, clockWarning: 'skewed', syncProblem: 'unreachable' })).toBe('clock.skewed');
    expect(statusProblem({ ...base, problem: 'config.json: 404', syncProblem: 'unreachable' })).toBe('problem.trust_unusable');
    expect(statusProblem({ ...base, syncProblem: 'server_error' })).toBe('problem.server_error');
    expect(statusProblem({ ...base, syncProblem: 'not_set_up' })).toBe('problem.not_set_up');
  });
  it('says nothing about an unreachable server while offline (offline says it), and nothing when all is well', () => {
    expect(statusProblem({ ...base, online: false, syncProblem: 'unreachable' })).toBeNull();
    expect(statusProblem(base)).toBeNull();
  });
});
