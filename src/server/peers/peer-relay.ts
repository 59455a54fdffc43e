/**
 * `gatecheck serve --peer ID=URL`: pulls each recognised peer's status chain on a timer of its
 * own (a peer that is down or slow never delays the home chain or another peer: separate
 * timers, every request under a time limit, the whole pull under the lease's). Every server of
 * a region on one PostgreSQL shares the `peer_relay` rows: a pull starts only by taking the
 * peer's lease, and only once the peer's next pull is due, so two servers never pull one peer
 * twice; the time of the next pull is in the row (the interval after a success, the backoff
 * after a failure), so the servers keep one rhythm between them.
 */
import { randomUUID } from 'node:crypto';
import { backoffDelay } from '../../core/index.ts';
import type { Db } from '../db/db.ts';
import { pullPeer, type PeerPullDeps } from './peer-pull.ts';

/** How often a peer is pulled by default, in seconds (`--peer-interval`). */
export const DEFAULT_PEER_INTERVAL_SECONDS = 60;

export interface PeerSpec {
  authority: string;
  url: string;
}

export interface PeerRelayOptions {
  intervalMs: number;
  /** One request's limit. */
  requestTimeoutMs: number;
  /** How long a pull may hold the peer's lease; the pull is aborted before it lapses. */
  leaseMs: number;
}

export const DEFAULT_PEER_RELAY_OPTIONS: PeerRelayOptions = {
  intervalMs: DEFAULT_PEER_INTERVAL_SECONDS * 1000,
  requestTimeoutMs: 20_000,
  leaseMs: 120_000,
};

export interface PeerRelayDeps extends PeerPullDeps {
  db: Db;
  now: () => number;
  random: () => number;
  /** Where a failed or fruitful pull is told (the server's log). */
  log: (level: 'info' | 'warn', fields: Record<string, unknown>, message: string) => void;
}

/** What one attempt did. `busy`: a pull runs here or holds the lease elsewhere; `not_due`: pulled recently. */
export type PullOutcome = 'stored' | 'not_modified' | 'failed' | 'busy' | 'not_due';

export class PeerRelay {
  /** This process among the servers sharing the database. */
  readonly owner = randomUUID();
  private readonly inFlight = new Map<string, Promise<PullOutcome>>();
  private readonly timers = new Map<string, ReturnType<typeof setTimeout>>();
  private readonly stopping = new AbortController();

  constructor(
    private readonly deps: PeerRelayDeps,
    readonly peers: readonly PeerSpec[],
    readonly options: PeerRelayOptions = DEFAULT_PEER_RELAY_OPTIONS,
  ) {}

  /** Pulls every peer now, then each on its own timer. */
  async start(): Promise<void> {
    await this.deps.chains.register(this.peers);
    for (const peer of this.peers) this.schedule(peer, 0);
  }

  /** Stops the timers, aborts pulls in flight and waits for them to let go of their leases. */
  async stop(): Promise<void> {
    this.stopping.abort();
    for (const timer of this.timers.values()) clearTimeout(timer);
    this.timers.clear();
    await Promise.allSettled(this.inFlight.values());
  }

  /** One attempt at a peer, now: never two at once here, and never while another server holds the lease. */
  pullNow(authority: string): Promise<PullOutcome> {
    const running = this.inFlight.get(authority);
    if (running) return running.then(() => 'busy');
    const peer = this.peers.find((p) => p.authority === authority);
    if (!peer) return Promise.reject(new RangeError(`${authority} is not a peer of this relay`));
    const attempt = this.attempt(peer).finally(() => this.inFlight.delete(authority));
    this.inFlight.set(authority, attempt);
    return attempt;
  }

  private async attempt(peer: PeerSpec): Promise<PullOutcome> {
    const { db } = this.deps;
    const startedAt = this.deps.now();
    const [leased] = await db.query<{ failures: number }>(
      `UPDATE peer_relay SET lease_owner = $2, lease_until_ms = $3, last_attempt_ms = $4
        WHERE authority = $1 AND next_pull_ms <= $4 AND (lease_owner IS NULL OR lease_until_ms < $4)
        RETURNING failures`,
      [peer.authority, this.owner, startedAt + this.options.leaseMs, startedAt],
    );
    if (!leased) {
      const row = await this.deps.chains.row(peer.authority);
      return row && row.lease_owner !== null && (row.lease_until_ms ?? 0) >= startedAt ? 'busy' : 'not_due';
    }
    // The pull ends before the lease lapses, so no other server can start while this one still writes.
    const signal = AbortSignal.any([this.stopping.signal, AbortSignal.timeout(Math.max(1, this.options.leaseMs - 5_000))]);
    try {
      const result = await pullPeer(this.deps, peer.authority, peer.url, signal);
      const now = this.deps.now();
      await db.query(
        `UPDATE peer_relay SET last_ok_ms = $3, last_error = NULL, failures = 0, peer_seq = $4,
                peer_etag = coalesce($5, peer_etag), next_pull_ms = $6, lease_owner = NULL, lease_until_ms = NULL
          WHERE authority = $1 AND lease_owner = $2`,
        [peer.authority, this.owner, now, result.peerSeq, result.peerEtag, now + this.options.intervalMs],
      );
      if (result.deltasStored + result.partsStored > 0)
        this.deps.log(
          'info',
          { peer: peer.authority, seq: result.seq, deltas: result.deltasStored, parts: result.partsStored },
          'peer status relayed',
        );
      return result.notModified ? 'not_modified' : 'stored';
    } catch (error) {
      const now = this.deps.now();
      const message = (error as Error).message;
      const retryIn = backoffDelay(leased.failures, {
        random: this.deps.random,
        baseMs: Math.min(2_000, this.options.intervalMs),
        capMs: Math.max(this.options.intervalMs, Math.min(5 * 60_000, 5 * this.options.intervalMs)),
      });
      await db.query(
        `UPDATE peer_relay SET last_error = $3, failures = failures + 1, next_pull_ms = $4, lease_owner = NULL, lease_until_ms = NULL
          WHERE authority = $1 AND lease_owner = $2`,
        [peer.authority, this.owner, message, now + retryIn],
      );
      this.deps.log('warn', { peer: peer.authority, retryInMs: retryIn, error: message }, 'peer status pull failed');
      return 'failed';
    }
  }

  /** Runs an attempt after `delayMs`, then waits for the peer's next due time (whoever pulled). */
  private schedule(peer: PeerSpec, delayMs: number): void {
    if (this.stopping.signal.aborted) return;
    const timer = setTimeout(() => {
      this.timers.delete(peer.authority);
      void this.pullNow(peer.authority)
        .catch((error: unknown) => this.deps.log('warn', { peer: peer.authority, error: String(error) }, 'peer relay failed'))
        .then(() => this.nextDelay(peer.authority))
        .then((next) => this.schedule(peer, next));
    }, delayMs);
    timer.unref();
    this.timers.set(peer.authority, timer);
  }

  /**
   * Until the peer is due again, or its lease lapses (a crashed server's). No jitter: servers
   * waking together race for the lease in one row update, and the loser waits for the next due time.
   */
  private async nextDelay(authority: string): Promise<number> {
    const fallback = this.options.intervalMs;
    try {
      const row = await this.deps.chains.row(authority);
      if (!row) return fallback;
      const now = this.deps.now();
      const due = Math.max(row.next_pull_ms, row.lease_owner !== null ? (row.lease_until_ms ?? 0) : 0);
      return Math.max(0, due - now);
    } catch {
      return fallback;
    }
  }
}
