/**
 * The status list as the server publishes it (gc1.md §4.2). Every change is stored with
 * the sequence it moves the list to and published at once as one signed delta; snapshots
 * (in parts) are signed lazily for new devices and for devices too far behind.
 */
import {
  b64uDecodeLength,
  b64uEncode,
  kidOf,
  sealEnvelope,
  type Ed25519Signer,
  type SnapshotRef,
  type StatusEntryWithCid,
  type StatusHead,
} from '../../core/index.ts';
import type { Db, Queryable } from '../db/db.ts';
import { deltaChain, type StoredDelta } from './delta-chain.ts';
import { assertStatusKeyListed } from './listed-status-key.ts';

/** Sizes that shape what clients download. */
export interface StatusSettings {
  /** At most this many entries per snapshot part. */
  snapshotPartSize: number;
  /** A deltas reply carries at most this many envelopes; a longer chain gets 410 (use the snapshot). */
  maxDeltaChain: number;
  /** ...and at most this many entries in all. */
  maxChainEntries: number;
  /** Snapshots of this many recent sequences are kept for devices in the middle of a download. */
  keepSnapshots: number;
}

export const DEFAULT_STATUS_SETTINGS: StatusSettings = {
  snapshotPartSize: 5000,
  maxDeltaChain: 200,
  maxChainEntries: 100_000,
  keepSnapshots: 3,
};

/** One published delta. */
export interface PublishedDelta {
  from: number;
  to: number;
  issuedAt: number;
  envelope: string;
}

/** A reply to GET /api/status/deltas: the chain's JSON body, or "gone, take the snapshot". */
export type DeltasReply = { kind: 'chain'; head: number; body: string } | { kind: 'gone'; why: string; snapshot: SnapshotRef };

export class StatusPublisher {
  private generating: Promise<SnapshotRef & { issuedAt: number }> | null = null;
  /**
   * The kid of the key this publisher signs with (null: a server not set up has none); it signs
   * nothing the served trust bundle does not list.
   */
  readonly kid: string | null;

  constructor(
    private readonly db: Db,
    private readonly signer: Ed25519Signer | null,
    private readonly settings: StatusSettings,
    private readonly nowMs: () => number,
    /**
     * The authority this server's status key belongs to in the published bundle, when it is
     * not the default (GC1 1.1 §6): written into every document, so a region that recognises
     * this one files the relayed envelopes under it. Null keeps 1.0 documents byte for byte.
     * It reads through the Queryable it is given: inside publish() that is the transaction (on
     * PGlite's one connection a read through the pool would wait for the transaction forever).
     */
    private readonly authority: (q: Queryable) => Promise<string | null> = async () => null,
  ) {
    this.kid = signer && b64uEncode(kidOf(signer.publicKey));
  }

  /** The signer, once the served bundle lists it (else the 503 of listed-status-key.ts). */
  private async listedSigner(q: Queryable): Promise<Ed25519Signer> {
    await assertStatusKeyListed(q, this.kid);
    return this.signer!;
  }

  /** The `authority` member of a document this server signs, if any. */
  private async authorityField(q: Queryable): Promise<{ authority?: string }> {
    const authority = await this.authority(q);
    return authority === null ? {} : { authority };
  }

  /**
   * Records the changes and publishes them as one signed delta, atomically. `alsoInTx` runs
   * in the same transaction once the delta is stored (the console's batch and audit rows).
   */
  async publish(
    changes: StatusEntryWithCid[],
    alsoInTx?: (tx: Queryable, delta: PublishedDelta) => Promise<void>,
  ): Promise<PublishedDelta> {
    if (changes.length === 0) throw new RangeError('no status changes to publish');
    return this.db.transaction(async (tx) => {
      // The row lock serialises publishers (also servers sharing one PostgreSQL: the second
      // waits here and reads the head the first moved). The time is read once the lock is
      // held and never goes back, so issuedAt rises along the chain whichever server signs.
      const [state] = await tx.query<{ head: number; issued_at: number }>(
        'SELECT head, issued_at FROM status_state WHERE id = 1 FOR UPDATE',
      );
      // Checked under the lock, so a trust import cannot slip between the check and the signature.
      const signer = await this.listedSigner(tx);
      const now = this.nowMs();
      const issuedAt = Math.max(Math.floor(now / 1000), state!.issued_at);
      const from = state!.head;
      const to = from + changes.length;
      const rows = changes.map((c, i) => ({ seq: from + i + 1, cid: c.cid, status: c.status, until: c.until ?? null }));
      await tx.query(
        `INSERT INTO status_changes (seq, cid, status, until, at_ms)
         SELECT x.seq, x.cid, x.status, x.until, $2
         FROM json_to_recordset($1::text::json) AS x(seq bigint, cid text, status text, until bigint)`,
        [JSON.stringify(rows), now],
      );
      const entries = changes.map((c) =>
        c.until === undefined ? { cid: c.cid, status: c.status } : { cid: c.cid, status: c.status, until: c.until },
      );
      const envelope = JSON.stringify(
        await sealEnvelope({ type: 'gc1-status', ...(await this.authorityField(tx)), from, to, issuedAt, entries }, signer),
      );
      await tx.query('INSERT INTO status_deltas (from_seq, to_seq, issued_at, entry_count, envelope) VALUES ($1, $2, $3, $4, $5)', [
        from,
        to,
        issuedAt,
        changes.length,
        envelope,
      ]);
      await tx.query('UPDATE status_state SET head = $1, issued_at = $2 WHERE id = 1', [to, issuedAt]);
      const delta = { from, to, issuedAt, envelope };
      if (alsoInTx) await alsoInTx(tx, delta);
      return delta;
    });
  }

  /** The head, with a snapshot recent enough that the deltas after it are served. */
  async head(): Promise<StatusHead> {
    const { head, issuedAt } = await this.state();
    const snapshot = await this.ensureSnapshot(head);
    return {
      seq: head,
      issuedAt: Math.max(issuedAt, snapshot.to === head ? snapshot.issuedAt : 0),
      snapshot: { to: snapshot.to, parts: snapshot.parts },
    };
  }

  /** One signed snapshot part as stored, or null when that snapshot is not (or no longer) kept. */
  async snapshotPart(to: number, part: number): Promise<string | null> {
    const [row] = await this.db.query<{ envelope: string }>('SELECT envelope FROM status_snapshots WHERE to_seq = $1 AND part = $2', [
      to,
      part,
    ]);
    return row?.envelope ?? null;
  }

  /** The deltas from `from` to the head, or gone when `from` is unknown or too far behind. */
  async deltasFrom(from: number): Promise<DeltasReply> {
    const { head } = await this.state();
    const rows =
      from >= 1 && from < head
        ? await this.db.query<StoredDelta>(
            `SELECT from_seq, to_seq, entry_count, envelope FROM status_deltas
              WHERE from_seq >= $1 AND to_seq <= $2 ORDER BY from_seq LIMIT $3`,
            [from, head, this.settings.maxDeltaChain + 1],
          )
        : [];
    const answer = deltaChain(rows, from, head, this.settings);
    if (answer.kind === 'chain') return { kind: 'chain', head, body: answer.body };
    const s = await this.ensureSnapshot(head);
    return { kind: 'gone', why: answer.why, snapshot: { to: s.to, parts: s.parts } };
  }

  /** The latest change for a cid, if any. */
  async statusOf(cid: string): Promise<{ cid: string; status: string; until: number | null; seq: number; atMs: number } | null> {
    // Not a cid (a NUL, a lone surrogate, any other text): no change was published for it, and it never reaches SQL.
    if (b64uDecodeLength(cid, 16) === null) return null;
    const [row] = await this.db.query<{ status: string; until: number | null; seq: number; at_ms: number }>(
      'SELECT status, until, seq, at_ms FROM status_changes WHERE cid = $1 ORDER BY seq DESC LIMIT 1',
      [cid],
    );
    return row ? { cid, status: row.status, until: row.until, seq: row.seq, atMs: row.at_ms } : null;
  }

  private async state(): Promise<{ head: number; issuedAt: number }> {
    const [row] = await this.db.query<{ head: number; issued_at: number }>('SELECT head, issued_at FROM status_state WHERE id = 1');
    return { head: row!.head, issuedAt: row!.issued_at };
  }

  /**
   * The latest snapshot, signed anew at `head` when none exists or the chain after it has
   * grown to half of what a deltas reply may carry (so a device that just took the
   * snapshot always gets its deltas).
   */
  private async ensureSnapshot(head: number): Promise<SnapshotRef & { issuedAt: number }> {
    const latest = await this.latestSnapshot();
    if (latest && (latest.to === head || (await this.chainIsShort(latest.to, head)))) return latest;
    // One generation at a time in this process; concurrent callers share it.
    if (!this.generating) {
      this.generating = this.generateSnapshot(head).finally(() => {
        this.generating = null;
      });
    }
    return this.generating;
  }

  private async latestSnapshot(): Promise<(SnapshotRef & { issuedAt: number }) | null> {
    const [row] = await this.db.query<{ to_seq: number; parts: number; issued_at: number }>(
      'SELECT to_seq, parts, issued_at FROM status_snapshots WHERE part = 1 ORDER BY to_seq DESC LIMIT 1',
    );
    return row ? { to: row.to_seq, parts: row.parts, issuedAt: row.issued_at } : null;
  }

  private async chainIsShort(from: number, head: number): Promise<boolean> {
    const [row] = await this.db.query<{ n: number; e: number }>(
      'SELECT count(*)::bigint AS n, coalesce(sum(entry_count), 0)::bigint AS e FROM status_deltas WHERE from_seq >= $1 AND to_seq <= $2',
      [from, head],
    );
    return row!.n <= this.settings.maxDeltaChain / 2 && row!.e <= this.settings.maxChainEntries / 2;
  }

  private async generateSnapshot(head: number): Promise<SnapshotRef & { issuedAt: number }> {
    const latest = await this.latestSnapshot();
    if (latest && latest.to >= head) return latest;
    const signer = await this.listedSigner(this.db);
    const now = this.nowMs();
    const issuedAt = Math.floor(now / 1000);
    // The latest change per cid up to `head`; entries whose `until` has passed are dropped.
    const rows = await this.db.query<{ cid: string; status: StatusEntryWithCid['status']; until: number | null }>(
      `SELECT cid, status, until FROM (
         SELECT DISTINCT ON (cid) cid, status, until FROM status_changes WHERE seq <= $1 ORDER BY cid, seq DESC
       ) latest WHERE until IS NULL OR until >= $2 ORDER BY cid`,
      [head, issuedAt],
    );
    const size = this.settings.snapshotPartSize;
    const parts = Math.max(1, Math.ceil(rows.length / size));
    const records: {
      to_seq: number;
      part: number;
      parts: number;
      entry_count: number;
      issued_at: number;
      envelope: string;
      created_ms: number;
    }[] = [];
    const authority = await this.authorityField(this.db);
    for (let part = 1; part <= parts; part++) {
      const entries = rows
        .slice((part - 1) * size, part * size)
        .map((r) => (r.until === null ? { cid: r.cid, status: r.status } : { cid: r.cid, status: r.status, until: r.until }));
      const envelope = JSON.stringify(
        await sealEnvelope({ type: 'gc1-status', ...authority, from: 0, to: head, issuedAt, entries, part, parts }, signer),
      );
      records.push({ to_seq: head, part, parts, entry_count: entries.length, issued_at: issuedAt, envelope, created_ms: now });
    }
    await this.db.transaction(async (tx) => {
      for (const r of records) {
        await tx.query(
          `INSERT INTO status_snapshots (to_seq, part, parts, entry_count, issued_at, envelope, created_ms)
           VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT (to_seq, part) DO NOTHING`,
          [r.to_seq, r.part, r.parts, r.entry_count, r.issued_at, r.envelope, r.created_ms],
        );
      }
      await tx.query(
        `DELETE FROM status_snapshots WHERE to_seq < (
           SELECT min(to_seq) FROM (SELECT DISTINCT to_seq FROM status_snapshots ORDER BY to_seq DESC LIMIT $1) kept)`,
        [this.settings.keepSnapshots],
      );
    });
    // Another server may have stored this `to` first; serve whatever is stored.
    return (await this.latestSnapshot())!;
  }
}
