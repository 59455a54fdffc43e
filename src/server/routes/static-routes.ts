/**
 * The built PWA (dist/) with cache headers that make updates safe: the HTML and the service
 * worker are always revalidated, content-hashed assets are cached for good. Files are sent
 * precompressed when the client accepts it: the build writes a .br and a .gz beside every
 * text file and the .wasm (scripts/precompress.ts), and @fastify/static picks brotli, then
 * gzip, then the file itself by Accept-Encoding, with no compression work per request.
 * Also /admin (the console entry), /me/ (the holder app) and /demo (the demo codes page).
 */
import { existsSync, readFileSync } from 'node:fs';
import { basename, join } from 'node:path';
import fastifyStatic from '@fastify/static';
import type { FastifyInstance } from 'fastify';
import type { ServerContext } from '../context.ts';
import { renderDemoPage, type StoredDemoCode } from '../demo/demo-page.ts';
import { publicBaseUrl } from '../http/public-origin.ts';

// Vite names built assets name-<hash>.ext (8+ base64url-ish characters).
const HASHED = /[.-][A-Za-z0-9_-]{8,}\.(?:js|mjs|css|wasm|png|svg|webp|woff2?|json|map)$/;

/** The Cache-Control header for a file served from dist/. */
export function cacheControlFor(path: string): string {
  const name = basename(path);
  if (name === 'index.html' || name === 'sw.js' || name.endsWith('.html') || name.endsWith('.webmanifest')) return 'no-cache';
  if (path.includes('/assets/') || HASHED.test(name)) return 'public, max-age=31536000, immutable';
  return 'no-cache';
}

/**
 * The Content-Security-Policy of the app and console pages: our own origin only (nothing from
 * third parties), WebAssembly compilation for the zxing decoder, inline style attributes
 * (Preact and uPlot set them), camera streams and blob: workers; no framing, no plugins.
 */
export const APP_CSP = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob:",
  "media-src 'self' blob: mediastream:",
  "connect-src 'self'",
  "worker-src 'self' blob:",
  "object-src 'none'",
  "base-uri 'none'",
  "form-action 'self'",
  "frame-ancestors 'none'",
].join('; ');

/** Headers every page of ours carries. */
function pageHeaders(setHeader: (name: string, value: string) => unknown): void {
  setHeader('Content-Security-Policy', APP_CSP);
  setHeader('X-Content-Type-Options', 'nosniff');
  setHeader('Referrer-Policy', 'no-referrer');
}

const NOT_BUILT = `<!doctype html><meta charset="utf-8"><title>gatecheck</title>
<p>The scanner app is not built yet: run <code>npm run build</code>, then restart <code>gatecheck serve</code>.
The API, <a href="/demo">/demo</a> and <a href="/healthz">/healthz</a> work meanwhile.</p>`;

/** The file a precompressed copy stands for (`index.html.br` → `index.html`), so it gets that file's headers. */
export function uncompressedPath(path: string): string {
  return path.replace(/\.(?:br|gz)$/, '');
}

/** Registers the static app, /admin and /demo. */
export async function staticRoutes(app: FastifyInstance, ctx: ServerContext): Promise<void> {
  const dist = ctx.settings.distDir && existsSync(join(ctx.settings.distDir, 'index.html')) ? ctx.settings.distDir : null;

  if (dist) {
    await app.register(fastifyStatic, {
      root: dist,
      index: ['index.html'],
      cacheControl: false,
      preCompressed: true,
      // `served` is the file actually sent: index.html.br for a brotli reply.
      setHeaders: (res, served) => {
        const path = uncompressedPath(served);
        res.setHeader('Cache-Control', cacheControlFor(path));
        // The same URL gives different bytes by Accept-Encoding: caches must key on it.
        res.setHeader('Vary', 'Accept-Encoding');
        if (basename(path) === 'sw.js') res.setHeader('Service-Worker-Allowed', '/');
        if (path.endsWith('.html')) pageHeaders((name, value) => res.setHeader(name, value));
      },
    });
  } else {
    app.get('/', (_request, reply) => reply.code(503).type('text/html; charset=utf-8').header('Cache-Control', 'no-cache').send(NOT_BUILT));
  }

  app.get('/admin', (_request, reply) => {
    // The console is built as dist/admin.html (a second Vite entry) or into dist/admin/.
    if (dist && existsSync(join(dist, 'admin.html'))) {
      pageHeaders((name, value) => reply.header(name, value));
      return reply.header('Cache-Control', 'no-cache').sendFile('admin.html');
    }
    if (dist && existsSync(join(dist, 'admin', 'index.html'))) return reply.redirect('/admin/');
    return reply
      .code(404)
      .type('text/html; charset=utf-8')
      .send('<!doctype html><meta charset="utf-8"><p>The admin console is not built: run <code>npm run build</code>.</p>');
  });

  // The holder app lives at /me/ (dist/me/index.html, served by the static root above).
  app.get('/me', (_request, reply) => reply.redirect('/me/'));

  app.get('/demo', async (request, reply) => {
    const file = ctx.settings.demoDir && join(ctx.settings.demoDir, 'codes.json');
    if (!file || !existsSync(file))
      return reply.code(404).send({ error: 'this server has no demo codes (it was not started on an empty data folder)' });
    const codes = JSON.parse(readFileSync(file, 'utf8')) as StoredDemoCode[];
    // The public-origin rule, as for every other link: never the Host header a client chose.
    const appUrl = `${publicBaseUrl(request, ctx.settings)}/`;
    return reply
      .type('text/html; charset=utf-8')
      .header('Cache-Control', 'no-cache')
      .header('Content-Security-Policy', "default-src 'none'; style-src 'unsafe-inline'; img-src data:")
      .send(await renderDemoPage(codes, appUrl));
  });
}
