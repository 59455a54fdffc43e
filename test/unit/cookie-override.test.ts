/**
 * package.json pins `cookie` to 1.1.1 through `overrides` (2.x wants Node 22; we support 20.19).
 * Its two users must still work with it: Fastify's inject (light-my-request writes the
 * request's Cookie header with it when a test passes `cookies`) and @fastify/cookie (parses
 * request cookies and writes Set-Cookie with it).
 */
import fastifyCookie from '@fastify/cookie';
import Fastify from 'fastify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { ADMIN_PASSWORD, openHarness, type Harness } from '../../src/server/test-support/harness.ts';

describe('the pinned cookie package', () => {
  let h: Harness;
  beforeAll(async () => {
    h = await openHarness('pglite', null);
  });
  afterAll(() => h?.close());

  it("carries inject's `cookies` option to the real server (a signed-in session is recognised)", async () => {
    const login = await h.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } });
    expect(login.statusCode).toBe(200);
    const [name, value] = String(login.headers['set-cookie']).split(';')[0]!.split('=') as [string, string];
    const signedIn = await h.app.inject({ method: 'GET', url: '/api/admin/session', cookies: { [name]: value } });
    expect(signedIn.statusCode).toBe(200);
    const forged = await h.app.inject({ method: 'GET', url: '/api/admin/session', cookies: { [name]: 'A'.repeat(43) } });
    expect(forged.statusCode).toBe(401);
  });

  it('lets @fastify/cookie parse request cookies and write Set-Cookie with every attribute we use', async () => {
    const app = Fastify();
    await app.register(fastifyCookie);
    app.get('/echo', (request, reply) => {
      reply.setCookie('session', 'abc', { path: '/api/admin', httpOnly: true, secure: true, sameSite: 'strict', maxAge: 3600 });
      return { seen: request.cookies.visitor ?? null };
    });
    try {
      const res = await app.inject({ method: 'GET', url: '/echo', cookies: { visitor: 'v 1;x' } });
      expect(res.statusCode).toBe(200);
      expect(res.json()).toEqual({ seen: 'v 1;x' });
      expect(String(res.headers['set-cookie'])).toBe('session=abc; Max-Age=3600; Path=/api/admin; HttpOnly; Secure; SameSite=Strict');
    } finally {
      await app.close();
    }
  });
});
