/**
 * Status changes as the console makes them: a preview (which codes this server knows, which
 * would not change, how many scanners get the delta), publishing the changed ones as one
 * signed delta recorded as a batch in the account's name with its audit row (one
 * transaction, through StatusPublisher.publish), and undoing a batch with another delta.
 */
import { randomUUID } from 'node:crypto';
import type { ListedStatus, StatusEntryWithCid } from '../../core/index.ts';
import type { StatusBatch, StatusChangeResponse, StatusPreview } from '../../core/api/admin-status.ts';
import type { Db, Queryable } from '../db/db.ts';
import { recordAudit, type Actor } from '../admin/audit-log.ts';
import { countActiveDevices } from '../devices/device-store.ts';
import { HttpError } from '../http/errors.ts';
import type { StatusPublisher } from './status-publisher.ts';

interface Current {
  status: ListedStatus;
  until: number | null;
}

/** A cid listed twice keeps its last change (as the spec applies a delta). */
function lastPerCid(changes: readonly StatusEntryWithCid[]): StatusEntryWithCid[] {
  const byCid = new Map<string, StatusEntryWithCid>();
  for (const c of changes) {
    byCid.delete(c.cid);
    byCid.set(c.cid, c);
  }
  return [...byCid.values()];
}

/** The status each cid has now (its latest change, unless its `until` has passed), and which cids this server has seen. */
async function currentOf(
  q: Queryable,
  cids: readonly string[],
  nowSeconds: number,
): Promise<{ current: Map<string, Current>; known: Set<string> }> {
  const list = JSON.stringify(cids);
  const latest = await q.query<{ cid: string; status: ListedStatus; until: number | null }>(
    `SELECT DISTINCT ON (cid) cid, status, until FROM status_changes
     WHERE cid IN (SELECT json_array_elements_text($1::text::json)) ORDER BY cid, seq DESC`,
    [list],
  );
  const seen = await q.query<{ cid: string }>(
    'SELECT DISTINCT cid FROM entries WHERE cid IN (SELECT json_array_elements_text($1::text::json))',
    [list],
  );
  const current = new Map<string, Current>();
  const known = new Set<string>(seen.map((r) => r.cid));
  for (const row of latest) {
    known.add(row.cid);
    if (row.until === null || row.until >= nowSeconds) current.set(row.cid, { status: row.status, until: row.until });
  }
  return { current, known };
}

const isUnchanged = (c: StatusEntryWithCid, now: Current | undefined) =>
  now !== undefined && now.status === c.status && now.until === (c.until ?? null);

/** What publishing `changes` would do; nothing is written. */
export async function previewStatusChanges(db: Db, changes: readonly StatusEntryWithCid[], nowMs: number): Promise<StatusPreview> {
  const list = lastPerCid(changes);
  const { current, known } = await currentOf(
    db,
    list.map((c) => c.cid),
    Math.floor(nowMs / 1000),
  );
  let found = 0;
  let unknown = 0;
  let unchanged = 0;
  const sample: StatusPreview['sample'] = [];
  for (const c of list) {
    const now = current.get(c.cid);
    if (isUnchanged(c, now)) unchanged++;
    else if (known.has(c.cid)) found++;
    else unknown++;
    if (sample.length < 20)
      sample.push({ cid: c.cid, current: now?.status ?? null, status: c.status, until: c.until ?? null, known: known.has(c.cid) });
  }
  return {
    total: list.length,
    found,
    unknown,
    unchanged,
    scanners: await countActiveDevices(db),
    sample,
    refused: [],
    persons: 0,
    needsSecondReviewer: false,
  };
}

function tally(changes: readonly StatusEntryWithCid[]): Record<string, number> {
  const byStatus: Record<string, number> = {};
  for (const c of changes) byStatus[c.status] = (byStatus[c.status] ?? 0) + 1;
  return byStatus;
}

async function insertBatch(
  tx: Queryable,
  batch: { id: string; atMs: number; actor: Actor; from: number; to: number; undoOf: string | null },
): Promise<void> {
  await tx.query(
    'INSERT INTO status_batches (id, at_ms, account_id, account_name, from_seq, to_seq, undo_of) VALUES ($1, $2, $3, $4, $5, $6, $7)',
    [batch.id, batch.atMs, batch.actor.accountId, batch.actor.name, batch.from, batch.to, batch.undoOf],
  );
}

/** Publishes the changes that change something as one signed delta, in `actor`'s name. */
export async function publishStatusChanges(
  db: Db,
  publisher: StatusPublisher,
  actor: Actor,
  changes: readonly StatusEntryWithCid[],
  nowMs: number,
): Promise<StatusChangeResponse> {
  const list = lastPerCid(changes);
  const { current } = await currentOf(
    db,
    list.map((c) => c.cid),
    Math.floor(nowMs / 1000),
  );
  const changed = list.filter((c) => !isUnchanged(c, current.get(c.cid)));
  const unchanged = list.length - changed.length;
  if (changed.length === 0) {
    const [state] = await db.query<{ head: number; issued_at: number }>('SELECT head, issued_at FROM status_state WHERE id = 1');
    return { batchId: null, changed: 0, unchanged, from: state!.head, to: state!.head, issuedAt: state!.issued_at };
  }
  const batchId = randomUUID();
  const delta = await publisher.publish(changed, async (tx, d) => {
    await insertBatch(tx, { id: batchId, atMs: nowMs, actor, from: d.from, to: d.to, undoOf: null });
    const target = changed.length === 1 ? changed[0]!.cid : `${changed.length} codes`;
    await recordAudit(
      tx,
      actor,
      'status.publish',
      target,
      { batch: batchId, from: d.from, to: d.to, count: changed.length, unchanged, byStatus: tally(changed) },
      nowMs,
    );
  });
  return { batchId, changed: changed.length, unchanged, from: delta.from, to: delta.to, issuedAt: delta.issuedAt };
}

/**
 * Undoes a batch with a new delta: each of its codes goes back to the status it had before
 * (a code that had none gets an entry that has already lapsed, so its printed colour
 * stands again). A code changed again after the batch keeps that later change.
 */
export async function undoStatusBatch(
  db: Db,
  publisher: StatusPublisher,
  actor: Actor,
  batchId: string,
  nowMs: number,
): Promise<StatusChangeResponse> {
  const [batch] = await db.query<{ from_seq: number; to_seq: number; undone_by: string | null }>(
    'SELECT from_seq, to_seq, undone_by FROM status_batches WHERE id = $1',
    [batchId],
  );
  if (!batch) throw new HttpError(404, 'no such status batch');
  if (batch.undone_by) throw new HttpError(409, 'this batch was already undone', { undoneBy: batch.undone_by });
  const nowSeconds = Math.floor(nowMs / 1000);
  const rows = await db.query<{
    cid: string;
    status: ListedStatus;
    latest_seq: number;
    seq: number;
    prior_status: ListedStatus | null;
    prior_until: number | null;
  }>(
    `SELECT b.cid, b.status, b.seq,
            (SELECT max(seq) FROM status_changes l WHERE l.cid = b.cid) AS latest_seq,
            p.status AS prior_status, p.until AS prior_until
       FROM status_changes b
       LEFT JOIN LATERAL (SELECT status, until FROM status_changes x WHERE x.cid = b.cid AND x.seq <= $1 ORDER BY x.seq DESC LIMIT 1) p ON true
      WHERE b.seq > $1 AND b.seq <= $2`,
    [batch.from_seq, batch.to_seq],
  );
  const changes: StatusEntryWithCid[] = [];
  let kept = 0;
  for (const r of rows) {
    if (Number(r.latest_seq) !== Number(r.seq)) {
      kept++;
      continue;
    }
    if (r.prior_status !== null && (r.prior_until === null || r.prior_until >= nowSeconds))
      changes.push(
        r.prior_until === null ? { cid: r.cid, status: r.prior_status } : { cid: r.cid, status: r.prior_status, until: r.prior_until },
      );
    else changes.push({ cid: r.cid, status: r.status, until: Math.max(0, nowSeconds - 1) });
  }
  if (changes.length === 0) throw new HttpError(409, 'every code of this batch was changed again since; nothing to undo');
  const undoId = randomUUID();
  const delta = await publisher.publish(changes, async (tx, d) => {
    await insertBatch(tx, { id: undoId, atMs: nowMs, actor, from: d.from, to: d.to, undoOf: batchId });
    const [marked] = await tx.query('UPDATE status_batches SET undone_by = $2 WHERE id = $1 AND undone_by IS NULL RETURNING id', [
      batchId,
      undoId,
    ]);
    // Someone undid it a moment ago: roll this delta back.
    if (!marked) throw new HttpError(409, 'this batch was already undone');
    await recordAudit(
      tx,
      actor,
      'status.undo',
      batchId,
      { batch: undoId, from: d.from, to: d.to, count: changes.length, keptLaterChanges: kept },
      nowMs,
    );
  });
  return { batchId: undoId, changed: changes.length, unchanged: kept, from: delta.from, to: delta.to, issuedAt: delta.issuedAt };
}

/** The latest batches, newest first. */
export async function listStatusBatches(db: Queryable, limit = 50): Promise<StatusBatch[]> {
  const rows = await db.query<{
    id: string;
    at_ms: number;
    account_name: string;
    from_seq: number;
    to_seq: number;
    undo_of: string | null;
    undone_by: string | null;
  }>('SELECT id, at_ms, account_name, from_seq, to_seq, undo_of, undone_by FROM status_batches ORDER BY at_ms DESC, to_seq DESC LIMIT $1', [
    limit,
  ]);
  return rows.map((r) => ({
    id: r.id,
    atMs: r.at_ms,
    accountName: r.account_name,
    count: r.to_seq - r.from_seq,
    fromSeq: r.from_seq,
    toSeq: r.to_seq,
    undoOf: r.undo_of,
    undoneBy: r.undone_by,
  }));
}
