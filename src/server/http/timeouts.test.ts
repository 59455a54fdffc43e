/**
 * Slow clients on loopback (issue 8: 1,000 half-open requests dripping headers were never
 * closed). Transport limits do not depend on the database, so this runs on PGlite only.
 *
 * No upper bound on time is asserted (a loaded machine only makes closing later): the idle limit
 * is set far beyond the test's own 10 s wait, so a connection closed within it was closed by the
 * limit under test, and a 408 answer says it was the header or request limit. The lower bounds
 * (never closed before the limit) cannot fail on a slow machine.
 */
import { connect, type Socket } from 'node:net';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { buildApp } from '../app.ts';
import { openHarness, type Harness } from '../test-support/harness.ts';
import { DEFAULT_TIMEOUTS } from './timeouts.ts';

const LIMITS = { headersMs: 600, requestMs: 1500, keepAliveMs: 400, idleMs: 120_000, checkIntervalMs: 100 };
/** How long a test waits for the server to close a connection before it fails. */
const WAIT_MS = 10_000;

interface Closed {
  /** ms from the client's connect to the close. */
  ms: number;
  /** What the server sent before closing. */
  received: string;
}

/** Opens a socket and resolves once the server closes it: how long that took and what it sent. */
function timeToClose(port: number, behave: (socket: Socket) => void): Promise<Closed> {
  return new Promise((resolve, reject) => {
    const socket = connect(port, '127.0.0.1');
    let opened = 0;
    let received = '';
    let timer: NodeJS.Timeout | undefined;
    socket.on('connect', () => {
      opened = Date.now();
      behave(socket);
    });
    socket.on('data', (chunk) => (received += chunk.toString('latin1')));
    socket.on('error', () => {});
    socket.on('close', () => {
      clearInterval(timer);
      resolve({ ms: Date.now() - opened, received });
    });
    (socket as Socket & { drip?: (t: NodeJS.Timeout) => void }).drip = (t) => (timer = t);
    setTimeout(() => {
      socket.destroy();
      reject(new Error('the server never closed the connection'));
    }, WAIT_MS).unref();
  });
}

const drip = (socket: Socket, text: string, everyMs: number) => {
  let i = 0;
  const t = setInterval(() => {
    if (i < text.length && !socket.destroyed) socket.write(text[i++]!);
  }, everyMs);
  (socket as Socket & { drip?: (t: NodeJS.Timeout) => void }).drip!(t);
};

/** The answer Node (through Fastify's client-error handler) gives when the header or request limit passes. */
const TIMED_OUT = /^HTTP\/1\.1 408 /;

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
    const closed = await Promise.all([...slow, ...silent]);
    // Each closed by the header limit (a 408; nothing else closes a connection this early)…
    for (const { received } of closed) expect(received).toMatch(TIMED_OUT);
    // …and not before it: a slow but honest client gets its full time.
    for (const { ms } of closed) expect(ms).toBeGreaterThanOrEqual(LIMITS.headersMs - 50);
  });

  it('closes a request whose body drips in after the request limit', async () => {
    const { ms, received } = await timeToClose(port, (s) => {
      // A public route that reads its body before it answers (an authenticated one answers 401 first).
      s.write('POST /api/devices/enroll/preview HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 2000\r\n\r\n');
      drip(s, `{"token":"${'a'.repeat(1900)}`, 50);
    });
    expect(received).toMatch(TIMED_OUT);
    expect(ms).toBeGreaterThanOrEqual(LIMITS.requestMs - 50);
  });

  it('closes an idle keep-alive connection after the keep-alive limit', async () => {
    // Closed within the wait after one answer: only the keep-alive limit closes it that soon (the
    // idle limit is 120 s, and no request is pending for the header limit).
    const { received } = await timeToClose(port, (s) => s.write('GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n'));
    expect(received).toMatch(/^HTTP\/1\.1 200 /);
    expect(received.match(/^HTTP\/1\.1 /gm)).toHaveLength(1);
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
