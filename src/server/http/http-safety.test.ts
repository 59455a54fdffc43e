/**
 * Cross-site and proxy safety (issue 8): the admin API takes changes only as JSON from the
 * server's own origin; CORS only on the public and device API, decided on the routed path;
 * enrollment links and the cookie's Secure flag from --public-url / --trust-proxy, never Host.
 */
import { describe, expect, it } from 'vitest';
import { parseEnrollmentText } from '../../core/index.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';

const cluster = usePostgres();
const EVIL = 'http://evil.example';

function linkOf(text: string): string {
  const parsed = parseEnrollmentText(text);
  if (!parsed.ok) throw new Error(`not an enrollment text: ${text}`);
  return parsed.offer.url;
}

async function deviceIdOf(h: Harness): Promise<string> {
  return (await h.enroll()).deviceId;
}

async function revokedMs(h: Harness, deviceId: string): Promise<number | null> {
  const [row] = await h.ctx.db.query<{ revoked_ms: number | null }>('SELECT revoked_ms FROM devices WHERE id = $1', [deviceId]);
  return row!.revoked_ms;
}

describe.each(DB_KINDS)('cross-site admin requests (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { publicUrl: 'https://gate.example' } });
  const call = (method: 'POST' | 'PATCH', url: string, headers: Record<string, string>, payload?: string) =>
    h().app.inject({ method, url, headers: { cookie: h().adminCookie, ...headers }, ...(payload === undefined ? {} : { payload }) });

  it('refuses a revoke from another origin, as text/plain, or cross-site, and revokes nothing', async () => {
    const deviceId = await deviceIdOf(h());
    const url = `/api/admin/devices/${deviceId}/revoke`;
    const refused = [
      await call('POST', url, { origin: EVIL, 'content-type': 'text/plain' }, '{}'),
      await call('POST', url, { origin: EVIL }),
      await call('POST', url, { origin: 'null' }),
      await call('POST', url, { 'sec-fetch-site': 'cross-site' }),
      await call('POST', url, { 'sec-fetch-site': 'same-site', origin: 'https://gate.example' }),
      await call('POST', url, { 'content-type': 'text/plain' }, '{}'),
      await call('POST', url, { 'content-type': 'application/x-www-form-urlencoded' }, 'a=1'),
      await call('POST', `/api/%61dmin/devices/${deviceId}/revoke`, { origin: EVIL }),
    ];
    expect(refused.map((r) => r.statusCode)).toEqual([403, 403, 403, 403, 403, 415, 415, 403]);
    for (const r of refused) expect(r.json().error).toMatch(/admin/);
    expect(await revokedMs(h(), deviceId)).toBeNull();
  });

  it('refuses sign-in, sign-out, enrollment codes and checkpoint edits from another origin', async () => {
    const checkpoints = await h().count('checkpoints');
    const tokens = await h().count('enrollment_tokens');
    const { checkpointId } = await h().enroll();
    const login = await h().app.inject({ method: 'POST', url: '/api/admin/login', headers: { origin: EVIL }, payload: { password: 'x' } });
    expect(login.statusCode).toBe(403);
    expect((await call('POST', '/api/admin/logout', { origin: EVIL })).statusCode).toBe(403);
    expect((await call('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`, { origin: EVIL })).statusCode).toBe(403);
    expect(
      (await call('PATCH', `/api/admin/checkpoints/${checkpointId}`, { origin: EVIL, 'content-type': 'application/json' }, '{"name":"x"}'))
        .statusCode,
    ).toBe(403);
    expect((await call('POST', '/api/admin/checkpoints', { 'content-type': 'text/plain' }, '{"name":"x"}')).statusCode).toBe(415);
    expect(await h().count('checkpoints')).toBe(checkpoints + 1);
    expect(await h().count('enrollment_tokens')).toBe(tokens + 1);
    // The session still works: sign-out was refused.
    expect((await h().admin('GET', '/api/admin/session')).statusCode).toBe(200);
  });

  it('accepts the same changes from its own origin, same-origin fetches, and clients that send neither header', async () => {
    const a = await deviceIdOf(h());
    const b = await deviceIdOf(h());
    const c = await deviceIdOf(h());
    expect(
      (await call('POST', `/api/admin/devices/${a}/revoke`, { origin: 'https://gate.example', 'sec-fetch-site': 'same-origin' }))
        .statusCode,
    ).toBe(200);
    expect((await call('POST', `/api/admin/devices/${b}/revoke`, {})).statusCode).toBe(200);
    expect(
      (await call('POST', `/api/admin/devices/${c}/revoke`, { 'content-type': 'application/json; charset=utf-8' }, '{}')).statusCode,
    ).toBe(200);
    // GETs are never blocked (they change nothing).
    expect(
      (await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: h().adminCookie, origin: EVIL } })).statusCode,
    ).toBe(200);
  });

  it('gives CORS to the public and device API only, on the path the router matched', async () => {
    const get = (url: string, method: 'GET' | 'OPTIONS' = 'GET', extra: Record<string, string> = {}) =>
      h().app.inject({ method, url, headers: { origin: EVIL, cookie: h().adminCookie, ...extra } });
    expect((await get('/api/status/head')).headers['access-control-allow-origin']).toBe('*');
    expect((await get('/healthz')).headers['access-control-allow-origin']).toBe('*');
    expect((await get('/api/%73tatus/head')).headers['access-control-allow-origin']).toBe('*');
    for (const url of ['/api/admin/session', '/api/%61dmin/session', '/api/%61%64min/session', '/api/admin%2Fsession']) {
      const response = await get(url);
      expect(response.headers['access-control-allow-origin'], url).toBeUndefined();
    }
    const preflight = (url: string) => get(url, 'OPTIONS', { 'access-control-request-method': 'POST' });
    expect((await preflight('/api/entries')).statusCode).toBe(204);
    expect((await preflight('/api/entries')).headers['access-control-allow-origin']).toBe('*');
    for (const url of ['/api/admin/login', '/api/%61dmin/login', '/api/%zz'])
      expect((await preflight(url)).headers['access-control-allow-origin'], url).toBeUndefined();
  });

  it('writes enrollment links with --public-url whatever the Host header says, and sets Secure for an https public URL', async () => {
    const { checkpointId } = await h().enroll();
    const offer = await h().app.inject({
      method: 'POST',
      url: `/api/admin/checkpoints/${checkpointId}/enrollment`,
      headers: { cookie: h().adminCookie, host: 'evil.example' },
    });
    expect(offer.statusCode).toBe(201);
    expect(linkOf(offer.json().text)).toBe('https://gate.example');
    const login = await h().app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: 'correct horse battery staple' } });
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure(;|$)/);
  });
});

describe('origin without --public-url (pglite)', () => {
  const plainHarness = useHarness('pglite', null);
  const proxiedHarness = useHarness('pglite', null, { settings: { trustProxy: true } });

  it('uses the address the connection reached, never Host; trusts X-Forwarded-* only with --trust-proxy', async () => {
    const plain = plainHarness();
    const proxied = proxiedHarness();
    {
      await plain.app.listen({ host: '127.0.0.1', port: 0 });
      const port = (plain.app.server.address() as { port: number }).port;
      const base = `http://127.0.0.1:${port}`;
      const { checkpointId } = await plain.enroll();
      const offer = await fetch(`${base}/api/admin/checkpoints/${checkpointId}/enrollment`, {
        method: 'POST',
        headers: { cookie: plain.adminCookie, host: 'evil.example', 'x-forwarded-host': 'evil.example', 'x-forwarded-proto': 'https' },
      });
      expect(offer.status).toBe(201);
      expect(linkOf(((await offer.json()) as { text: string }).text)).toBe(base);
      // Its own origin, also spelled localhost, may change things; another may not.
      const revoke = async (origin: string) =>
        fetch(`${base}/api/admin/devices/${(await plain.enroll()).deviceId}/revoke`, {
          method: 'POST',
          headers: { cookie: plain.adminCookie, origin },
        });
      expect((await revoke(base)).status).toBe(200);
      expect((await revoke(`http://localhost:${port}`)).status).toBe(200);
      expect((await revoke(`http://127.0.0.1:${port + 1}`)).status).toBe(403);
      // No Secure without HTTPS, whatever X-Forwarded-Proto claims.
      const login = await fetch(`${base}/api/admin/login`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-forwarded-proto': 'https' },
        body: JSON.stringify({ password: 'correct horse battery staple' }),
      });
      expect(login.headers.get('set-cookie')).not.toMatch(/Secure/);

      const viaProxy = await proxied.app.inject({
        method: 'POST',
        url: '/api/admin/login',
        headers: { 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gate.example' },
        payload: { password: 'correct horse battery staple' },
      });
      expect(String(viaProxy.headers['set-cookie'])).toMatch(/; Secure(;|$)/);
      const proxiedCheckpoint = (await proxied.enroll()).checkpointId;
      const proxiedOffer = await proxied.app.inject({
        method: 'POST',
        url: `/api/admin/checkpoints/${proxiedCheckpoint}/enrollment`,
        headers: { cookie: proxied.adminCookie, 'x-forwarded-proto': 'https', 'x-forwarded-host': 'gate.example' },
      });
      expect(linkOf(proxiedOffer.json().text)).toBe('https://gate.example');
    }
  });
});
