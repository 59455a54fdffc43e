/**
 * What each request leaves behind: its latency in the histogram, entry uploads counted (by
 * device), a log line at `debug` (Fastify's own per-request lines are off: at `info` they
 * buried the banner under a line per request), and once a minute one summary line at `info`.
 */
import type { FastifyInstance, FastifyReply, FastifyRequest } from 'fastify';
import type { RouteKey } from '../../core/api/routes.ts';
import type { ServerMetrics } from './metrics.ts';

const MINUTE_MS = 60_000;
/** The upload route (core's route table): its requests are the entries counted. */
const ENTRIES_ROUTE: RouteKey = 'POST /api/entries';

/** The counts behind the minute's summary line. */
interface MinuteCounts {
  requests: number;
  clientErrors: number;
  serverErrors: number;
  entriesReceived: number;
  entriesRefused: number;
  slowestMs: number;
}

const zero = (): MinuteCounts => ({ requests: 0, clientErrors: 0, serverErrors: 0, entriesReceived: 0, entriesRefused: 0, slowestMs: 0 });

/** The number of entries a POST /api/entries carried, as far as its body was read. */
function entriesIn(request: FastifyRequest): number {
  const entries = (request.body as { entries?: unknown } | undefined)?.entries;
  return Array.isArray(entries) ? entries.length : 0;
}

export function installRequestObserver(app: FastifyInstance, metrics: ServerMetrics): void {
  let minute = zero();
  app.addHook('onResponse', async (request: FastifyRequest, reply: FastifyReply) => {
    const ms = reply.elapsedTime;
    const status = reply.statusCode;
    // The route's pattern, never the raw URL: ids and cids stay out of labels and logs.
    const route = request.routeOptions.url ?? 'unmatched';
    metrics.requestDuration.observe({ method: request.method, route, status: `${Math.floor(status / 100)}xx` }, ms / 1000);
    minute.requests++;
    if (status >= 500) minute.serverErrors++;
    else if (status >= 400) minute.clientErrors++;
    minute.slowestMs = Math.max(minute.slowestMs, ms);
    if (`${request.method} ${route}` === ENTRIES_ROUTE) {
      const count = entriesIn(request);
      const device = (request as { device?: { id: string } | null }).device?.id ?? 'unknown';
      const acknowledged = status < 300;
      (acknowledged ? metrics.entriesReceived : metrics.entriesRefused).inc(count);
      metrics.uploads.inc({ device, outcome: acknowledged ? 'acknowledged' : 'refused' });
      if (acknowledged) minute.entriesReceived += count;
      else minute.entriesRefused += count;
    }
    request.log.debug({ method: request.method, route, status, ms: Math.round(ms) }, 'request');
  });
  const timer = setInterval(() => {
    const counts = minute;
    minute = zero();
    app.log.info({ ...counts, slowestMs: Math.round(counts.slowestMs) }, 'last minute');
  }, MINUTE_MS);
  timer.unref();
  app.addHook('onClose', async () => clearInterval(timer));
}
