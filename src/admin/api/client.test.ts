// The console's one client: a 401 on any screen (the review screens included) signs out, and
// the server's `problem` and `field` reach the screen; a wrong password is not a sign-out.
import { afterEach, describe, expect, it, vi } from 'vitest';
import { ApiError, api, onSignedOut, reviewApi } from './client.ts';

const answer = (status: number, body: unknown) =>
  vi.fn(async () => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } }));

afterEach(() => {
  vi.unstubAllGlobals();
});

describe('the console client', () => {
  it('signs out on a 401 from a review route', async () => {
    const signedOut = vi.fn();
    onSignedOut(signedOut);
    vi.stubGlobal('fetch', answer(401, { error: 'sign in first' }));
    await expect(reviewApi.list('pending')).rejects.toMatchObject({ status: 401 });
    await expect(reviewApi.approve('0f8fad5b-d9cb-469f-a165-70867728950e', { colour: 'green' })).rejects.toBeInstanceOf(ApiError);
    expect(signedOut).toHaveBeenCalledTimes(2);
  });

  it('keeps the server’s problem and field', async () => {
    vi.stubGlobal('fetch', answer(409, { error: 'taken', problem: 'name_taken', field: 'name' }));
    await expect(api.createAccount('x', 'viewer')).rejects.toMatchObject({ status: 409, problem: 'name_taken', field: 'name' });
  });

  it('does not sign out on a wrong password', async () => {
    const signedOut = vi.fn();
    onSignedOut(signedOut);
    vi.stubGlobal('fetch', answer(401, { error: 'wrong name or password' }));
    await expect(api.login('admin', 'nope')).rejects.toMatchObject({ status: 401 });
    expect(signedOut).not.toHaveBeenCalled();
  });

  it('builds paths from the route table', async () => {
    const fetch = answer(200, {});
    vi.stubGlobal('fetch', fetch);
    await reviewApi.reject('a/b', 'no');
    expect(fetch).toHaveBeenCalledWith('/api/admin/review/applications/a%2Fb/reject', expect.objectContaining({ method: 'POST' }));
  });
});
