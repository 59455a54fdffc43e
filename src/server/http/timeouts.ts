/**
 * Limits for slow and idle clients, as Node's http server options (passed through Fastify).
 * Node's own defaults leave a request that drips its headers open for a minute and Fastify
 * turns the whole-request limit off; 1,000 such connections were kept open indefinitely.
 */
export interface HttpTimeouts {
  /** All request headers must arrive within this (ms). */
  headersMs: number;
  /** The whole request, body included, must arrive within this (ms): 1 MiB of entries at 20 KB/s. */
  requestMs: number;
  /** An idle keep-alive connection is closed after this (ms). */
  keepAliveMs: number;
  /** A connection that sends and receives nothing for this long is closed (ms). */
  idleMs: number;
  /** How often Node checks the header and request limits (ms); a limit holds to within this. */
  checkIntervalMs: number;
}

export const DEFAULT_TIMEOUTS: HttpTimeouts = {
  headersMs: 10_000,
  requestMs: 60_000,
  keepAliveMs: 5_000,
  idleMs: 30_000,
  checkIntervalMs: 1_000,
};

/** The Fastify server options that set these limits. */
export function timeoutOptions(partial: Partial<HttpTimeouts> = {}) {
  const t = { ...DEFAULT_TIMEOUTS, ...partial };
  // Node wants headersTimeout <= requestTimeout.
  const headers = Math.min(t.headersMs, t.requestMs);
  return {
    connectionTimeout: t.idleMs,
    keepAliveTimeout: t.keepAliveMs,
    requestTimeout: t.requestMs,
    http: { headersTimeout: headers, requestTimeout: t.requestMs, connectionsCheckingInterval: t.checkIntervalMs },
  } as const;
}
