/**
 * A static file server for the built app on 127.0.0.1 (a secure context, so the service
 * worker and the camera work): files from a folder plus extra files given as a map (the
 * test's config.json and signed trust/status documents). It serves files only; it has no
 * API logic. Pathnames are matched without their query string.
 */
import { createServer, type Server } from 'node:http';
import { readFile } from 'node:fs/promises';
import { extname, join, normalize, sep } from 'node:path';
import type { AddressInfo } from 'node:net';

const TYPES: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json',
  '.webmanifest': 'application/manifest+json',
  '.wasm': 'application/wasm',
  '.png': 'image/png',
  '.svg': 'image/svg+xml',
};

/** A running server; close() in a finally or after hook. */
export interface StaticServer {
  origin: string;
  /** Replaces or adds an extra file while running. */
  put(pathname: string, body: string, type?: string): void;
  /** Serves another folder from now on (a new deployment of the app). */
  setRoot(dir: string): void;
  close(): Promise<void>;
}

/** Serves `root` and `extra` (pathname → JSON-able value or string) on a free port. */
export async function serveStatic(initialRoot: string, extra: Record<string, unknown> = {}): Promise<StaticServer> {
  let root = initialRoot;
  const files = new Map<string, { body: string; type: string }>();
  // Extra files are JSON unless their name says otherwise (.html, .js).
  const put = (pathname: string, body: string, type = TYPES[extname(pathname)] ?? 'application/json') =>
    files.set(pathname, { body, type });
  for (const [path, value] of Object.entries(extra)) put(path, typeof value === 'string' ? value : JSON.stringify(value));

  const server: Server = createServer((request, response) => {
    void (async () => {
      const url = new URL(request.url ?? '/', 'http://x');
      const pathname = decodeURIComponent(url.pathname);
      // A recognised peer's chain (`?authority=ID`): this host relays none, as a server without --peer answers.
      if (pathname.startsWith('/api/status/') && url.searchParams.has('authority')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end(JSON.stringify({ error: `this server relays no status of authority ${url.searchParams.get('authority')}` }));
        return;
      }
      const fixed = files.get(pathname);
      if (fixed) {
        response.writeHead(200, { 'content-type': fixed.type, 'cache-control': 'no-cache' });
        response.end(fixed.body);
        return;
      }
      if (pathname.startsWith('/api/')) {
        response.writeHead(404, { 'content-type': 'application/json' });
        response.end('{"error":"not found"}');
        return;
      }
      // A folder's index.html, as a real deployment serves /me/ (the holder app).
      const file = normalize(join(root, pathname.endsWith('/') ? `${pathname}index.html` : pathname));
      if (!file.startsWith(normalize(root) + sep)) {
        response.writeHead(403).end();
        return;
      }
      try {
        const body = await readFile(file);
        response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream', 'cache-control': 'no-cache' });
        response.end(body);
      } catch {
        // Unknown paths get the app shell, as a real deployment's SPA fallback does.
        const body = await readFile(join(root, 'index.html'));
        response.writeHead(200, { 'content-type': TYPES['.html']! });
        response.end(body);
      }
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    put,
    setRoot: (dir) => {
      root = dir;
    },
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
