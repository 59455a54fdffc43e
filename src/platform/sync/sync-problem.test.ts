import { describe, expect, it } from 'vitest';
import { HttpError, NetworkError, ProtocolError } from './http.ts';
import { syncProblemOf } from './sync-engine.ts';

const url = 'https://gate.example/api/trust';

describe('what a failed sync means for the guard', () => {
  it('tells a server without keys (503 not_set_up) from a server in trouble', () => {
    expect(syncProblemOf(new HttpError(503, { error: 'this server is not set up yet', problem: 'not_set_up' }, url))).toBe('not_set_up');
    // A 503 for any other reason (closing, overloaded) is trouble that passes.
    expect(syncProblemOf(new HttpError(503, { error: 'closing' }, url))).toBe('server_error');
    expect(syncProblemOf(new HttpError(503, 'not_set_up', url))).toBe('server_error');
    expect(syncProblemOf(new HttpError(500, null, url))).toBe('server_error');
  });

  it('a refused credential, the network and bad data each say their own', () => {
    expect(syncProblemOf(new HttpError(401, { error: 'unknown device' }, url))).toBe('device_refused');
    expect(syncProblemOf(new NetworkError('fetch failed'))).toBe('unreachable');
    expect(syncProblemOf(new ProtocolError('bad signature'))).toBe('data_refused');
    expect(syncProblemOf(new Error('anything else'))).toBe('server_error');
  });
});
