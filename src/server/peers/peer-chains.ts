/**
 * The relayed peers' status chains as stored (migration 009): one row per peer in
 * `peer_relay`, its delta and snapshot envelopes as the peer signed them. Reads serve the
 * status routes' `?authority=ID` (the same replies as the home chain's, from the same rule);
 * writes come only from a pull that verified every envelope first (peer-pull.ts). Every server
 * of a region on one PostgreSQL reads and writes the same rows: one stored copy.
 */
import type { SnapshotRef, StatusHead } from '../../core/index.ts';
import type { Db, Queryable } from '../db/db.ts';
import { deltaChain, type StoredDelta } from '../status/delta-chain.ts';
import type { DeltasReply, StatusSettings } from '../status/status-publisher.ts';

/** A peer's row, as the relay and the console read it. */
export interface PeerRow {
  authority: string;
  url: string;
  seq: number | null;
  issued_at: number;
  snapshot_to: number | null;
  snapshot_parts: number | null;
  peer_seq: number | null;
  peer_etag: string | null;
  last_ok_ms: number | null;
  last_attempt_ms: number | null;
  last_error: string | null;
  failures: number;
  next_pull_ms: number;
  lease_owner: string | null;
  lease_until_ms: number | null;
}

/** A verified snapshot part, ready to store. */
export interface SnapshotPartText {
  part: number;
  envelope: string;
}

/** A verified delta, ready to store. */
export interface DeltaText {
  from: number;
  to: number;
  entries: number;
  envelope: string;
}

export class PeerChains {
  constructor(
    private readonly db: Db,
    private readonly settings: StatusSettings,
  ) {}

  /** Records the peers this server was started with (their URL may have changed); the rows of others stay. */
  async register(peers: readonly { authority: string; url: string }[]): Promise<void> {
    for (const { authority, url } of peers) {
      await this.db.query(
        'INSERT INTO peer_relay (authority, url) VALUES ($1, $2) ON CONFLICT (authority) DO UPDATE SET url = EXCLUDED.url',
        [authority, url],
      );
    }
  }

  async row(authority: string, q: Queryable = this.db): Promise<PeerRow | null> {
    const [row] = await q.query<PeerRow>('SELECT * FROM peer_relay WHERE authority = $1', [authority]);
    return row ?? null;
  }

  async rows(): Promise<PeerRow[]> {
    return this.db.query<PeerRow>('SELECT * FROM peer_relay ORDER BY authority');
  }

  /** The relayed head, or null when nothing of that authority is relayed (yet). */
  async head(authority: string): Promise<StatusHead | null> {
    const row = await this.row(authority);
    if (!row || row.seq === null || row.snapshot_to === null || row.snapshot_parts === null) return null;
    const head: StatusHead = { seq: row.seq, issuedAt: row.issued_at, snapshot: { to: row.snapshot_to, parts: row.snapshot_parts } };
    return row.last_ok_ms === null ? head : { ...head, confirmedAt: Math.floor(Number(row.last_ok_ms) / 1000) };
  }

  /** One stored snapshot part, byte for byte as the peer signed it. */
  async snapshotPart(authority: string, to: number, part: number): Promise<string | null> {
    const [row] = await this.db.query<{ envelope: string }>(
      'SELECT envelope FROM peer_status_snapshots WHERE authority = $1 AND to_seq = $2 AND part = $3',
      [authority, to, part],
    );
    return row?.envelope ?? null;
  }

  /** The stored deltas from `from` to the relayed `head` (as head() read it for this request), by the home chain's rule. */
  async deltasFrom(authority: string, head: StatusHead, from: number): Promise<DeltasReply> {
    const rows =
      from >= 1 && from < head.seq
        ? await this.db.query<StoredDelta>(
            `SELECT from_seq, to_seq, entry_count, envelope FROM peer_status_deltas
              WHERE authority = $1 AND from_seq >= $2 AND to_seq <= $3 ORDER BY from_seq LIMIT $4`,
            [authority, from, head.seq, this.settings.maxDeltaChain + 1],
          )
        : [];
    const answer = deltaChain(rows, from, head.seq, this.settings);
    if (answer.kind === 'chain') return { kind: 'chain', head: head.seq, body: answer.body };
    return { kind: 'gone', why: answer.why, snapshot: head.snapshot };
  }

  /** Stores verified deltas that continue the chain at `from`, all or none; false when the chain moved meanwhile. */
  async storeDeltas(authority: string, from: number, deltas: DeltaText[], issuedAt: number): Promise<boolean> {
    if (deltas.length === 0) return true;
    return this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ seq: number | null }>('SELECT seq FROM peer_relay WHERE authority = $1 FOR UPDATE', [authority]);
      if (!row || row.seq !== from) return false;
      for (const d of deltas) {
        await tx.query(
          `INSERT INTO peer_status_deltas (authority, from_seq, to_seq, entry_count, envelope) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (authority, from_seq) DO NOTHING`,
          [authority, d.from, d.to, d.entries, d.envelope],
        );
      }
      await tx.query('UPDATE peer_relay SET seq = $2, issued_at = greatest(issued_at, $3) WHERE authority = $1', [
        authority,
        deltas[deltas.length - 1]!.to,
        issuedAt,
      ]);
      return true;
    });
  }

  /**
   * Stores a complete verified snapshot; it becomes the one a scanner without a list fetches,
   * and the relayed chain's position when it is ahead of it. Older snapshots beyond the kept
   * number go, and so do the deltas no kept snapshot leads to.
   */
  async storeSnapshot(authority: string, ref: SnapshotRef, parts: SnapshotPartText[], issuedAt: number): Promise<void> {
    await this.db.transaction(async (tx) => {
      const [row] = await tx.query<{ seq: number | null; snapshot_to: number | null }>(
        'SELECT seq, snapshot_to FROM peer_relay WHERE authority = $1 FOR UPDATE',
        [authority],
      );
      if (!row || (row.snapshot_to !== null && row.snapshot_to >= ref.to)) return; // no going back
      for (const p of parts) {
        await tx.query(
          `INSERT INTO peer_status_snapshots (authority, to_seq, part, parts, envelope) VALUES ($1, $2, $3, $4, $5)
           ON CONFLICT (authority, to_seq, part) DO NOTHING`,
          [authority, ref.to, p.part, ref.parts, p.envelope],
        );
      }
      const ahead = row.seq === null || ref.to > row.seq;
      await tx.query(
        `UPDATE peer_relay SET snapshot_to = $2, snapshot_parts = $3, seq = $4, issued_at = greatest(issued_at, $5) WHERE authority = $1`,
        [authority, ref.to, ref.parts, ahead ? ref.to : row.seq, issuedAt],
      );
      // A snapshot ahead of the chain cuts it: the deltas before it no longer join the head.
      if (ahead) await tx.query('DELETE FROM peer_status_deltas WHERE authority = $1 AND from_seq < $2', [authority, ref.to]);
      const kept = await tx.query<{ to_seq: number }>(
        'SELECT DISTINCT to_seq FROM peer_status_snapshots WHERE authority = $1 ORDER BY to_seq DESC LIMIT $2',
        [authority, this.settings.keepSnapshots],
      );
      const oldest = kept[kept.length - 1]!.to_seq;
      await tx.query('DELETE FROM peer_status_snapshots WHERE authority = $1 AND to_seq < $2', [authority, oldest]);
      await tx.query('DELETE FROM peer_status_deltas WHERE authority = $1 AND to_seq <= $2', [authority, oldest]);
    });
  }
}
