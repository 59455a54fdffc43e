/** `gatecheck serve` serves the holder app at /me/ (its page with the app CSP, its service worker revalidated). */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openHarness, type Harness } from '../test-support/harness.ts';

const dist = mkdtempSync(join(tmpdir(), 'gatecheck-holder-dist-'));
let h: Harness;

beforeAll(async () => {
  writeFileSync(join(dist, 'index.html'), '<!doctype html><title>scanner</title>');
  mkdirSync(join(dist, 'me'));
  writeFileSync(join(dist, 'me', 'index.html'), '<!doctype html><title>holder</title>');
  writeFileSync(join(dist, 'me', 'sw.js'), 'self.addEventListener("fetch", () => {});');
  h = await openHarness('pglite', null, { distDir: dist });
});

afterAll(async () => {
  await h?.close();
  rmSync(dist, { recursive: true, force: true });
});

describe('the holder app at /me/', () => {
  it('redirects /me to /me/ and serves the holder page there with the app CSP, never the scanner', async () => {
    const bare = await h.app.inject({ method: 'GET', url: '/me' });
    expect(bare.statusCode).toBe(302);
    expect(bare.headers.location).toBe('/me/');
    const page = await h.app.inject({ method: 'GET', url: '/me/' });
    expect(page.statusCode).toBe(200);
    expect(page.body).toContain('<title>holder</title>');
    expect(page.headers['content-security-policy']).toContain("default-src 'self'");
    expect(page.headers['cache-control']).toBe('no-cache');
  });
  it('serves its service worker revalidated on every load', async () => {
    const sw = await h.app.inject({ method: 'GET', url: '/me/sw.js' });
    expect(sw.statusCode).toBe(200);
    expect(sw.headers['cache-control']).toBe('no-cache');
  });
});
