/**
 * Slow clients on loopback (issue 8: 1,000 half-open requests dripping headers were never
 * closed). Transport limits do not depend on the database, so this runs on PGlite only.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openHarness, type Harness } from '../test-support/harness.ts';
import { DEFAULT_TIMEOUTS } from './timeouts.ts';

const LIMITS = { headersMs: 600, requestMs: 1500, keepAliveMs: 400, idleMs: 5000, checkIntervalMs: 100 };

/** Opens a socket and resolves with how long (ms) the server took to close it. */
function timeToClose(port: number, behave: (socket: Socket) => void): Promise<number> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let opened = 0;
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      opened = Date.now();
      behave(socket);
    });
    socket.on('data', () => {});
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve(Date.now() - opened);
    });
    (socket as Socket & { drip?: (t: NodeJS.Timeout) => void }).drip = (t) => (timer = t);
    setTimeout(() => reject(new Error('the server never closed the connection')), 10_000).unref();
  });
}

const drip = (socket: Socket, text: string, everyMs: number) => {
  let i = 0;
  const t = setInterval(() => {
    if (i < text.length && !socket.destroyed) socket.write(text[i++]!);
  }, everyMs);
  (socket as Socket & { drip?: (t: NodeJS.Timeout) => void }).drip!(t);
};

describe('slow and idle connections (pglite)', () => {
  let h: Harness;
  let port: number;
  beforeAll(async () => {
    h = await openHarness('pglite', null, { settings: { timeouts: LIMITS } });
    await h.app.listen({ host: '127.0.0.1', port: 0 });
    port = (h.app.server.address() as { port: number }).port;
  });
  afterAll(async () => h?.close());

  it('closes connections that drip their headers, or send nothing, once the header limit passes', async () => {
    const slow = Array.from({ length: 50 }, () =>
      timeToClose(port, (s) => drip(s, `GET /healthz HTTP/1.1\r\nHost: x\r\nX-Slow: ${'a'.repeat(500)}`, 50)),
    );
    const silent = Array.from({ length: 50 }, () => timeToClose(port, () => {}));
    const times = await Promise.all([...slow, ...silent]);
    // Within the limit plus one check interval (and some scheduling slack on a loaded machine).
    for (const ms of times) expect(ms).toBeLessThan(LIMITS.headersMs + LIMITS.checkIntervalMs + 1000);
    // And not before the limit: a slow but honest client gets its full time.
    for (const ms of times) expect(ms).toBeGreaterThanOrEqual(LIMITS.headersMs - 50);
  });

  it('closes a request whose body drips in after the request limit', async () => {
    const ms = await timeToClose(port, (s) => {
      s.write('POST /api/entries HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 5000\r\n\r\n');
      drip(s, `{"entries":[${' '.repeat(4000)}`, 50);
    });
    expect(ms).toBeGreaterThanOrEqual(LIMITS.requestMs - 50);
    expect(ms).toBeLessThan(LIMITS.requestMs + LIMITS.checkIntervalMs + 1000);
  });

  it('closes an idle keep-alive connection after the keep-alive limit', async () => {
    let answered = 0;
    const ms = await timeToClose(port, (s) => {
      s.on('data', () => (answered = Date.now()));
      s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n');
    });
    expect(answered).toBeGreaterThan(0);
    expect(ms).toBeLessThan(LIMITS.keepAliveMs + 1500);
  });

  it('sets the default limits on a server built without overrides', async () => {
    const app = await buildApp({ ...h.ctx, settings: { ...h.ctx.settings, timeouts: undefined } }, { closeDb: false });
    try {
      expect(app.server.headersTimeout).toBe(DEFAULT_TIMEOUTS.headersMs);
      expect(app.server.requestTimeout).toBe(DEFAULT_TIMEOUTS.requestMs);
      expect(app.server.keepAliveTimeout).toBe(DEFAULT_TIMEOUTS.keepAliveMs);
      expect(app.server.timeout).toBe(DEFAULT_TIMEOUTS.idleMs);
    } finally {
      await app.close();
    }
  });
});
