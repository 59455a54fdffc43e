/**
 * The built app is sent precompressed: the .br or .gz copy the build wrote beside a file,
 * chosen by Accept-Encoding, with the headers of the file it stands for (type, cache policy,
 * CSP on pages, Service-Worker-Allowed) and Vary: Accept-Encoding; the file itself without
 * Accept-Encoding or when there is no smaller copy.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { brotliCompressSync, brotliDecompressSync, gunzipSync, gzipSync } from 'node:zlib';
import { afterAll, describe, expect, it } from 'vitest';
import { useHarness } from '../test-support/harness.ts';
import { APP_CSP, uncompressedPath } from './static-routes.ts';

const IMMUTABLE = 'public, max-age=31536000, immutable';

describe('precompressed files from dist/', () => {
  const dist = mkdtempSync(join(tmpdir(), 'gatecheck-dist-'));
  mkdirSync(join(dist, 'assets'));
  mkdirSync(join(dist, 'icons'));
  // Repetitive enough that both compressors shrink it a lot, as with real bundles.
  const files: Record<string, Buffer> = {
    'index.html': Buffer.from(`<!doctype html><title>app</title>${'<p>scanner</p>'.repeat(200)}`),
    'admin.html': Buffer.from(`<!doctype html><title>admin</title>${'<p>console</p>'.repeat(200)}`),
    'sw.js': Buffer.from(`self.addEventListener("fetch", () => {});${'/* precache */'.repeat(200)}`),
    'assets/index-B4x9_kQz.js': Buffer.from('export const greeting = "你好, gatecheck";\n'.repeat(500)),
    'assets/zxing_reader-Bb9Mx2Pu.wasm': Buffer.concat([Buffer.from([0, 0x61, 0x73, 0x6d, 1, 0, 0, 0]), Buffer.alloc(20_000, 7)]),
  };
  for (const [name, body] of Object.entries(files)) {
    writeFileSync(join(dist, name), body);
    writeFileSync(join(dist, `${name}.br`), brotliCompressSync(body));
    writeFileSync(join(dist, `${name}.gz`), gzipSync(body));
  }
  // A file the build leaves uncompressed (PNG is compressed already).
  const png = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a, 1, 2, 3]);
  writeFileSync(join(dist, 'icons', 'icon-192.png'), png);
  const h = useHarness('pglite', null, { distDir: dist });
  afterAll(() => rmSync(dist, { recursive: true, force: true }));

  const get = (url: string, acceptEncoding?: string) =>
    h().app.inject({ method: 'GET', url, headers: acceptEncoding === undefined ? {} : { 'accept-encoding': acceptEncoding } });

  it('sends brotli when accepted, gzip when only gzip is, the file itself otherwise; same bytes after decoding', async () => {
    const js = files['assets/index-B4x9_kQz.js']!;
    const br = await get('/assets/index-B4x9_kQz.js', 'gzip, deflate, br, zstd');
    expect(br.statusCode).toBe(200);
    expect(br.headers['content-encoding']).toBe('br');
    expect(br.rawPayload.length).toBeLessThan(js.length / 5);
    expect(Number(br.headers['content-length'])).toBe(br.rawPayload.length);
    expect(brotliDecompressSync(br.rawPayload).equals(js)).toBe(true);

    const gz = await get('/assets/index-B4x9_kQz.js', 'gzip');
    expect(gz.headers['content-encoding']).toBe('gzip');
    expect(gunzipSync(gz.rawPayload).equals(js)).toBe(true);
    // A refused encoding is not chosen, whatever its rank.
    expect((await get('/assets/index-B4x9_kQz.js', 'br;q=0, gzip')).headers['content-encoding']).toBe('gzip');

    for (const plain of [await get('/assets/index-B4x9_kQz.js'), await get('/assets/index-B4x9_kQz.js', 'identity')]) {
      expect(plain.headers['content-encoding']).toBeUndefined();
      expect(plain.rawPayload.equals(js)).toBe(true);
    }

    for (const reply of [br, gz, await get('/assets/index-B4x9_kQz.js')]) {
      expect(reply.headers['content-type']).toBe('application/javascript; charset=utf-8');
      expect(reply.headers['cache-control']).toBe(IMMUTABLE);
      expect(reply.headers.vary).toBe('Accept-Encoding');
    }
  });

  it('keeps each file’s own headers on its compressed copy: pages, the service worker, the .wasm', async () => {
    for (const encoding of ['br', 'gzip', undefined]) {
      const index = await get('/', encoding);
      expect(index.statusCode).toBe(200);
      expect(index.headers['content-encoding']).toBe(encoding);
      expect(index.headers['content-type']).toMatch(/^text\/html/);
      expect(index.headers['cache-control']).toBe('no-cache');
      expect(index.headers['content-security-policy']).toBe(APP_CSP);
      expect(index.headers.vary).toBe('Accept-Encoding');
      const body =
        encoding === 'br' ? brotliDecompressSync(index.rawPayload) : encoding === 'gzip' ? gunzipSync(index.rawPayload) : index.rawPayload;
      expect(body.equals(files['index.html']!)).toBe(true);

      const sw = await get('/sw.js', encoding);
      expect(sw.headers['content-encoding']).toBe(encoding);
      expect(sw.headers['content-type']).toMatch(/^(text|application)\/javascript/);
      expect(sw.headers['cache-control']).toBe('no-cache');
      expect(sw.headers['service-worker-allowed']).toBe('/');
      expect(sw.headers['content-security-policy']).toBeUndefined();

      const wasm = await get('/assets/zxing_reader-Bb9Mx2Pu.wasm', encoding);
      expect(wasm.headers['content-encoding']).toBe(encoding);
      expect(wasm.headers['content-type']).toBe('application/wasm');
      expect(wasm.headers['cache-control']).toBe(IMMUTABLE);

      const admin = await get('/admin', encoding);
      expect(admin.headers['content-encoding']).toBe(encoding);
      expect(admin.headers['content-type']).toMatch(/^text\/html/);
      expect(admin.headers['cache-control']).toBe('no-cache');
      expect(admin.headers['content-security-policy']).toBe(APP_CSP);
    }
    expect(
      brotliDecompressSync((await get('/assets/zxing_reader-Bb9Mx2Pu.wasm', 'br')).rawPayload).equals(
        files['assets/zxing_reader-Bb9Mx2Pu.wasm']!,
      ),
    ).toBe(true);
  });

  it('sends a file without a compressed copy as it is, and still 404s unknown paths', async () => {
    const icon = await get('/icons/icon-192.png', 'br, gzip');
    expect(icon.statusCode).toBe(200);
    expect(icon.headers['content-encoding']).toBeUndefined();
    expect(icon.headers['content-type']).toBe('image/png');
    expect(icon.rawPayload.equals(png)).toBe(true);
    expect((await get('/nothing.js', 'br, gzip')).statusCode).toBe(404);
  });

  it('names the file a compressed copy stands for', () => {
    expect(uncompressedPath('/d/index.html.br')).toBe('/d/index.html');
    expect(uncompressedPath('/d/sw.js.gz')).toBe('/d/sw.js');
    expect(uncompressedPath('/d/assets/a-12345678.js')).toBe('/d/assets/a-12345678.js');
  });
});
