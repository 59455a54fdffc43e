/**
 * GET /metrics in the Prometheus text format (prom-client): what an operator watches. Counters
 * and the latency histogram are updated per request (request-observer.ts); the gauges that
 * describe stored state (silent devices, the status chain, the queues) are read from the
 * database at each scrape, so every server sharing one PostgreSQL reports the same state.
 */
import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import type { Queryable } from '../db/db.ts';

const DAY_MS = 86_400_000;

/** One server's metrics (a registry of its own: two servers in one process do not mix). */
export class ServerMetrics {
  readonly registry = new Registry();
  readonly requestDuration = new Histogram({
    name: 'gatecheck_http_request_duration_seconds',
    help: 'HTTP request latency by method, route pattern and status class',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  readonly entriesReceived = new Counter({
    name: 'gatecheck_entries_received_total',
    help: 'Entries in uploads the server acknowledged (re-sent entries included)',
    registers: [this.registry],
  });
  readonly entriesRefused = new Counter({
    name: 'gatecheck_entries_refused_total',
    help: 'Entries in uploads the server refused (4xx: bad entries, unknown device, too large)',
    registers: [this.registry],
  });
  readonly uploads = new Counter({
    name: 'gatecheck_uploads_total',
    help: 'Entry uploads by device id and outcome (acknowledged, refused)',
    labelNames: ['device', 'outcome'] as const,
    registers: [this.registry],
  });
  private readonly silentDevices = new Gauge({
    name: 'gatecheck_devices_silent_over_a_day',
    help: 'Enrolled, unrevoked devices not heard from in the last 24 hours',
    registers: [this.registry],
  });
  private readonly devices = new Gauge({
    name: 'gatecheck_devices_enrolled',
    help: 'Enrolled, unrevoked devices',
    registers: [this.registry],
  });
  private readonly statusHead = new Gauge({
    name: 'gatecheck_status_head_seq',
    help: 'Position of the published status chain (its head sequence)',
    registers: [this.registry],
  });
  private readonly statusPublished = new Gauge({
    name: 'gatecheck_status_last_publish_timestamp_seconds',
    help: 'issuedAt of the newest status delta (Unix seconds; 0 before the first)',
    registers: [this.registry],
  });
  private readonly statusSnapshot = new Gauge({
    name: 'gatecheck_status_last_snapshot_timestamp_seconds',
    help: 'issuedAt of the newest signed status snapshot (Unix seconds; 0 before the first)',
    registers: [this.registry],
  });
  private readonly applications = new Gauge({
    name: 'gatecheck_issuance_applications',
    help: 'Holder applications by state (pending ones wait in the review queue)',
    labelNames: ['state'] as const,
    registers: [this.registry],
  });
  private readonly reviewQueue = new Gauge({
    name: 'gatecheck_review_queue_size',
    help: 'Applications waiting for a reviewer',
    registers: [this.registry],
  });
  private readonly oldestWaiting = new Gauge({
    name: 'gatecheck_review_queue_oldest_age_seconds',
    help: 'How long the oldest application in the review queue has waited (0 when empty)',
    registers: [this.registry],
  });

  private readonly peerLag = new Gauge({
    name: 'gatecheck_peer_status_lag',
    help: 'Status changes a relayed peer published that are not relayed here yet (its head minus ours), by authority',
    labelNames: ['authority'] as const,
    registers: [this.registry],
  });
  private readonly peerSeq = new Gauge({
    name: 'gatecheck_peer_status_seq',
    help: 'Position of a relayed peer chain here, by authority (0 before its first snapshot)',
    labelNames: ['authority'] as const,
    registers: [this.registry],
  });
  private readonly peerLastPull = new Gauge({
    name: 'gatecheck_peer_last_pull_timestamp_seconds',
    help: 'When a relayed peer was last pulled successfully (Unix seconds; 0: never), by authority',
    labelNames: ['authority'] as const,
    registers: [this.registry],
  });

  constructor() {
    collectDefaultMetrics({ register: this.registry, prefix: 'gatecheck_' });
  }

  /** Reads the stored state into the gauges, then renders everything. */
  async render(db: Queryable, nowMs: number): Promise<string> {
    const [devices] = await db.query<{ enrolled: number; silent: number }>(
      `SELECT count(*)::int AS enrolled,
              count(*) FILTER (WHERE coalesce(last_seen_ms, created_ms) < $1)::int AS silent
         FROM devices WHERE revoked_ms IS NULL`,
      [nowMs - DAY_MS],
    );
    this.devices.set(devices?.enrolled ?? 0);
    this.silentDevices.set(devices?.silent ?? 0);
    const [state] = await db.query<{ head: number; issued_at: number }>('SELECT head, issued_at FROM status_state WHERE id = 1');
    this.statusHead.set(Number(state?.head ?? 0));
    this.statusPublished.set(Number(state?.issued_at ?? 0));
    const [snapshot] = await db.query<{ issued_at: number | null }>('SELECT max(issued_at) AS issued_at FROM status_snapshots');
    this.statusSnapshot.set(Number(snapshot?.issued_at ?? 0));
    const states = await db.query<{ state: string; n: number; oldest: number | null }>(
      'SELECT state, count(*)::int AS n, min(submitted_ms) AS oldest FROM holder_applications GROUP BY state',
    );
    this.applications.reset();
    for (const state of ['pending', 'approved', 'rejected', 'revoked']) this.applications.set({ state }, 0);
    for (const row of states) this.applications.set({ state: row.state }, row.n);
    const pending = states.find((row) => row.state === 'pending');
    this.reviewQueue.set(pending?.n ?? 0);
    this.oldestWaiting.set(pending?.oldest ? Math.max(0, (nowMs - Number(pending.oldest)) / 1000) : 0);
    const peers = await db.query<{ authority: string; seq: number | null; peer_seq: number | null; last_ok_ms: number | null }>(
      'SELECT authority, seq, peer_seq, last_ok_ms FROM peer_relay',
    );
    for (const gauge of [this.peerLag, this.peerSeq, this.peerLastPull]) gauge.reset();
    for (const peer of peers) {
      const labels = { authority: peer.authority };
      this.peerSeq.set(labels, peer.seq ?? 0);
      this.peerLag.set(labels, Math.max(0, (peer.peer_seq ?? 0) - (peer.seq ?? 0)));
      this.peerLastPull.set(labels, peer.last_ok_ms === null ? 0 : Math.floor(peer.last_ok_ms / 1000));
    }
    return this.registry.metrics();
  }
}
