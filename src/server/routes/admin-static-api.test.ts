import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';
import { buildApp } from '../app.ts';
import { APP_CSP, cacheControlFor } from './static-routes.ts';

const cluster = usePostgres();

describe.each(DB_KINDS)('admin sign-in and checkpoints (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { loginAttempts: { max: 3, windowMs: 60_000 } } });

  it('keeps every admin route behind sign-in', async () => {
    for (const [method, url] of [
      ['GET', '/api/admin/session'],
      ['GET', '/api/admin/checkpoints'],
      ['POST', '/api/admin/checkpoints'],
      ['GET', '/api/admin/devices'],
      ['POST', '/api/admin/status'],
      ['POST', '/api/admin/trust'],
      ['POST', '/api/admin/codes'],
    ] as const) {
      const response = await h().app.inject({ method, url, payload: method === 'POST' ? {} : undefined });
      expect(response.statusCode, `${method} ${url}`).toBe(401);
    }
    const forged = await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: `gc_admin=${'A'.repeat(43)}` } });
    expect(forged.statusCode).toBe(401);
    expect((await h().admin('GET', '/api/admin/session')).json()).toMatchObject({
      signedIn: true,
      name: 'admin',
      role: 'admin',
      permissions: ['read', 'review', 'operate', 'administer', 'trace'],
    });
  });

  it('signs in with an httpOnly SameSite=Strict cookie, signs out, and rate-limits guesses', async () => {
    const ok = await h().app.inject({
      method: 'POST',
      url: '/api/admin/login',
      remoteAddress: '10.0.0.7',
      payload: { password: ADMIN_PASSWORD },
    });
    expect(ok.statusCode).toBe(200);
    const cookie = String(ok.headers['set-cookie']);
    expect(cookie).toMatch(/HttpOnly/);
    expect(cookie).toMatch(/SameSite=Strict/);
    const session = cookie.split(';')[0]!;
    expect((await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: session } })).statusCode).toBe(200);
    expect((await h().app.inject({ method: 'POST', url: '/api/admin/logout', headers: { cookie: session } })).statusCode).toBe(204);
    expect((await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: session } })).statusCode).toBe(401);

    const guess = (password: string) =>
      h().app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: '10.0.0.9', payload: { password } });
    expect((await guess('wrong 1')).statusCode).toBe(401);
    expect((await guess('wrong 2')).statusCode).toBe(401);
    expect((await guess('wrong 3')).statusCode).toBe(401);
    const limited = await guess(ADMIN_PASSWORD);
    expect(limited.statusCode).toBe(429);
    expect(Number(limited.headers['retry-after'])).toBeGreaterThan(0);
    h().clock.advance(61_000);
    expect((await guess(ADMIN_PASSWORD)).statusCode).toBe(200);
    // A password followed by NULs is a different password (HMAC pads short keys with zeros).
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/admin/login',
          remoteAddress: '10.0.0.10',
          payload: { password: `${ADMIN_PASSWORD}\u0000` },
        })
      ).statusCode,
    ).toBe(401);
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/admin/login',
          remoteAddress: '10.0.0.10',
          payload: { password: `${ADMIN_PASSWORD}\u0000\u0000` },
        })
      ).statusCode,
    ).toBe(401);
    expect((await h().app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: 5 } })).statusCode).toBe(400);
  });

  it('expires sessions', async () => {
    const login = await h().app.inject({
      method: 'POST',
      url: '/api/admin/login',
      remoteAddress: '10.0.0.8',
      payload: { password: ADMIN_PASSWORD },
    });
    const session = String(login.headers['set-cookie']).split(';')[0]!;
    h().clock.advance(h().ctx.settings.sessionTtlMs + 1);
    expect((await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: session } })).statusCode).toBe(401);
  });

  it('creates, lists and edits checkpoints with validated policies', async () => {
    const h2 = h();
    const relogin = await h2.app.inject({
      method: 'POST',
      url: '/api/admin/login',
      remoteAddress: '10.0.0.11',
      payload: { password: ADMIN_PASSWORD },
    });
    const cookie = String(relogin.headers['set-cookie']).split(';')[0]!;
    const call = (method: 'GET' | 'POST' | 'PATCH', url: string, payload?: object) =>
      h2.app.inject({ method, url, headers: { cookie }, payload });
    const before = await h2.count('checkpoints');
    expect((await call('POST', '/api/admin/checkpoints', { name: '' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/checkpoints', { name: 'A', policy: { yellow: 'admit' } })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/checkpoints', { name: 'A', policy: { warnAfter: 10, staleAfter: 5 } })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/checkpoints', { name: 7 })).statusCode).toBe(400);
    expect(await h2.count('checkpoints')).toBe(before);
    const created = (await call('POST', '/api/admin/checkpoints', { name: 'West gate' })).json().checkpoint;
    expect(created.policy).toEqual({
      yellow: 'refer',
      expiredTrust: 'admit',
      warnAfter: 86400,
      staleAfter: 259200,
      acceptStatic: true,
      recognised: 'as-home',
    });
    const edited = await call('PATCH', `/api/admin/checkpoints/${created.id}`, { site: 'Depot', policy: { yellow: 'refuse' } });
    expect(edited.json().checkpoint).toMatchObject({ name: 'West gate', site: 'Depot', policy: { yellow: 'refuse' } });
    // A partial policy changes only what it names: the thresholds set here survive the next edit.
    await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { warnAfter: 3600, staleAfter: 7200 } });
    const partial = await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { expiredTrust: 'refer' } });
    expect(partial.json().checkpoint.policy).toEqual({
      yellow: 'refuse',
      expiredTrust: 'refer',
      warnAfter: 3600,
      staleAfter: 7200,
      acceptStatic: true,
      recognised: 'as-home',
    });
    // …and a merge that ends up invalid is refused, changing nothing.
    expect((await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { warnAfter: 9000 } })).statusCode).toBe(400);
    expect(
      (await call('GET', '/api/admin/checkpoints')).json().checkpoints.find((c: { id: string }) => c.id === created.id).policy.warnAfter,
    ).toBe(3600);
    // Whether the checkpoint accepts static (paper) codes: a boolean, nothing else.
    expect((await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { acceptStatic: 'no' } })).statusCode).toBe(400);
    const noStatic = await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { acceptStatic: false } });
    expect(noStatic.json().checkpoint.policy).toEqual({
      yellow: 'refuse',
      expiredTrust: 'refer',
      warnAfter: 3600,
      staleAfter: 7200,
      acceptStatic: false,
      recognised: 'as-home',
    });
    // What codes of recognised authorities (other regions) mean here: one of three settings.
    expect((await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { recognised: 'always' } })).statusCode).toBe(400);
    const referPeers = await call('PATCH', `/api/admin/checkpoints/${created.id}`, { policy: { recognised: 'refer' } });
    expect(referPeers.json().checkpoint.policy.recognised).toBe('refer');
    expect((await call('PATCH', '/api/admin/checkpoints/00000000-0000-4000-8000-000000000000', { site: 'x' })).statusCode).toBe(404);
    expect((await call('PATCH', '/api/admin/checkpoints/not-a-uuid', { site: 'x' })).statusCode).toBe(400);
    expect((await call('POST', '/api/admin/checkpoints/00000000-0000-4000-8000-000000000000/enrollment')).statusCode).toBe(404);
    expect((await call('POST', '/api/admin/devices/00000000-0000-4000-8000-000000000000/revoke')).statusCode).toBe(404);
    const list = (await call('GET', '/api/admin/checkpoints')).json().checkpoints as { id: string }[];
    expect(list.map((c) => c.id)).toContain(created.id);
  });
});

describe('the built app from dist/', () => {
  const dist = mkdtempSync(join(tmpdir(), 'gatecheck-dist-'));
  mkdirSync(join(dist, 'assets'));
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>app</title>');
  writeFileSync(join(dist, 'admin.html'), '<!doctype html><title>admin</title>');
  writeFileSync(join(dist, 'sw.js'), 'self.addEventListener("fetch", () => {});');
  writeFileSync(join(dist, 'manifest.webmanifest'), '{}');
  writeFileSync(join(dist, 'config.json'), '{"rootKey":"from-the-build","apiBase":""}');
  writeFileSync(join(dist, 'assets', 'index-B4x9_kQz.js'), 'console.log(1)');
  writeFileSync(join(dist, 'workbox-5f3e2a1b.js'), '');
  const h = useHarness('pglite', null, { distDir: dist });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  it('revalidates HTML and the service worker, caches hashed assets for good', async () => {
    const get = (url: string) => h().app.inject({ method: 'GET', url });
    const index = await get('/');
    expect(index.statusCode).toBe(200);
    expect(index.body).toContain('<title>app</title>');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect((await get('/sw.js')).headers['cache-control']).toBe('no-cache');
    expect((await get('/manifest.webmanifest')).headers['cache-control']).toBe('no-cache');
    expect((await get('/assets/index-B4x9_kQz.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect((await get('/workbox-5f3e2a1b.js')).headers['cache-control']).toBe('public, max-age=31536000, immutable');
    const admin = await get('/admin');
    expect(admin.body).toContain('<title>admin</title>');
    expect(admin.headers['cache-control']).toBe('no-cache');
    // Pages allow our own origin only (plus wasm compilation for the decoder); assets carry no CSP.
    for (const page of [index, admin]) {
      expect(page.headers['content-security-policy']).toBe(APP_CSP);
      expect(page.headers['x-content-type-options']).toBe('nosniff');
    }
    expect(APP_CSP).toContain("default-src 'self'");
    expect(APP_CSP).not.toMatch(/https?:/);
    expect((await get('/sw.js')).headers['content-security-policy']).toBeUndefined();
  });

  it('serves its own config.json (the deployed root key), not the one in dist', async () => {
    const config = await h().app.inject({ method: 'GET', url: '/config.json' });
    expect(config.json().rootKey).not.toBe('from-the-build');
    expect(config.json().rootKey).toMatch(/^[A-Za-z0-9_-]{43}$/);
  });

  it('answers unknown paths with 404 {error}', async () => {
    const api = await h().app.inject({ method: 'GET', url: '/api/nothing' });
    expect(api.statusCode).toBe(404);
    expect(api.json().error).toBeTruthy();
    expect((await h().app.inject({ method: 'GET', url: '/nothing.js' })).statusCode).toBe(404);
  });

  it('classifies cache headers by file name', () => {
    expect(cacheControlFor('/d/index.html')).toBe('no-cache');
    expect(cacheControlFor('/d/assets/decoder-Cx81_a2b.wasm')).toContain('immutable');
    expect(cacheControlFor('/d/icons/icon-192.png')).toBe('no-cache');
  });

  it('without a built app, says how to build it and keeps the API up', async () => {
    const bare = await buildApp({ ...h().ctx, settings: { ...h().ctx.settings, distDir: null } }, { closeDb: false });
    try {
      const index = await bare.inject({ method: 'GET', url: '/' });
      expect(index.statusCode).toBe(503);
      expect(index.body).toContain('npm run build');
      expect((await bare.inject({ method: 'GET', url: '/admin' })).statusCode).toBe(404);
      expect((await bare.inject({ method: 'GET', url: '/healthz' })).statusCode).toBe(200);
    } finally {
      await bare.close();
    }
  });

  it('lets scanner apps from other origins use the device and public API, never the admin API (CORS)', async () => {
    const origin = { origin: 'http://127.0.0.1:4173' };
    const preflight = await h().app.inject({
      method: 'OPTIONS',
      url: '/api/entries',
      headers: { ...origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'authorization,content-type' },
    });
    expect(preflight.statusCode).toBe(204);
    expect(preflight.headers['access-control-allow-origin']).toBe('*');
    expect(String(preflight.headers['access-control-allow-headers'])).toContain('Authorization');
    const head = await h().app.inject({ method: 'GET', url: '/api/status/head', headers: origin });
    expect(head.headers['access-control-allow-origin']).toBe('*');
    expect(String(head.headers['access-control-expose-headers'])).toContain('ETag');
    const denied = await h().app.inject({ method: 'POST', url: '/api/entries', headers: origin, payload: { entries: [] } });
    expect(denied.statusCode).toBe(401);
    expect(denied.headers['access-control-allow-origin']).toBe('*');
    const admin = await h().app.inject({
      method: 'OPTIONS',
      url: '/api/admin/login',
      headers: { ...origin, 'access-control-request-method': 'POST' },
    });
    expect(admin.headers['access-control-allow-origin']).toBeUndefined();
    expect(
      (await h().app.inject({ method: 'GET', url: '/api/admin/session', headers: origin })).headers['access-control-allow-origin'],
    ).toBeUndefined();
  });
});
