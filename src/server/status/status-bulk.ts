/**
 * Status changes as the console makes them: a preview (which codes this server knows, which
 * would not change, how many scanners get the delta), publishing the changed ones as one
 * signed delta recorded as a batch in the account's name with its audit row (one
 * transaction, through StatusPublisher.publish), and undoing a batch with another delta.
 */
import { randomUUID } from 'node:crypto';
import { needsSecondReviewer, type ListedStatus, type StatusEntryWithCid, type StatusReason } from '../../core/index.ts';
import type { RefusedLine, StatusBatch, StatusChangeResponse, StatusPreview } from '../../core/api/admin-status.ts';
import type { ServerContext } from '../context.ts';
import { issuanceSettings } from '../issuance/issuance-settings.ts';
import { propose } from '../issuance/status-proposals.ts';
import { applyPersonStatuses, type PersonStatusChange } from './person-status.ts';
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

/** Who publishes, and why (for the persons the cids belong to). */
export interface BulkActor {
  actor: Actor;
  /** The role carries `review`: may change reviewed persons. */
  canReview: boolean;
  reason?: StatusReason;
  reasonText?: string;
}

/** The lines sorted by what they change: plain cids (no person here), persons, revocations, refusals. */
interface Sorted {
  plain: StatusEntryWithCid[];
  revocations: StatusEntryWithCid[];
  persons: Map<string, PersonStatusChange>;
  refused: RefusedLine[];
  /** Lines that change a person (a colour or a revocation). */
  personLines: Set<string>;
  unchanged: number;
  sampleCurrent: Map<string, Current>;
  known: Set<string>;
}

/**
 * Sorts a bulk request (issue 14): a cid of a person changes the person (all their codes,
 * through person-status.ts), and is refused for an operator when a reviewer decided on the
 * person; a revoked code is never given a colour again; a cid this server did not issue is
 * listed as it is.
 */
async function sortLines(db: Queryable, list: readonly StatusEntryWithCid[], who: BulkActor, nowSeconds: number): Promise<Sorted> {
  const cids = list.map((c) => c.cid);
  const { current, known } = await currentOf(db, cids, nowSeconds);
  const owners = await db.query<{ cid: string; person_id: string | null; reviewed: boolean | null; revoked: boolean }>(
    `SELECT c.cid, a.person_id, p.reviewed, (c.revoked_ms IS NOT NULL OR c.superseded_ms IS NOT NULL) AS revoked
       FROM issued_codes c JOIN holder_applications a ON a.id = c.application_id LEFT JOIN persons p ON p.id = a.person_id
      WHERE c.cid IN (SELECT json_array_elements_text($1::text::json))`,
    [JSON.stringify(cids)],
  );
  const revokedEver = await db.query<{ cid: string }>(
    "SELECT DISTINCT cid FROM status_changes WHERE status = 'revoked' AND cid IN (SELECT json_array_elements_text($1::text::json))",
    [JSON.stringify(cids)],
  );
  const ownerOf = new Map(owners.map((o) => [o.cid, o]));
  const revoked = new Set([...revokedEver.map((r) => r.cid), ...owners.filter((o) => o.revoked).map((o) => o.cid)]);
  const sorted: Sorted = {
    plain: [],
    revocations: [],
    persons: new Map(),
    refused: [],
    personLines: new Set(),
    unchanged: 0,
    sampleCurrent: current,
    known,
  };
  for (const line of list) {
    if (ownerOf.has(line.cid)) known.add(line.cid);
    if (revoked.has(line.cid)) {
      if (line.status === 'revoked') sorted.unchanged++;
      else
        sorted.refused.push({
          cid: line.cid,
          why: 'revoked',
          message: 'this code was revoked; nobody un-revokes a code (the person gets a new one)',
        });
      continue;
    }
    const owner = ownerOf.get(line.cid);
    if (owner?.person_id) {
      if (owner.reviewed && !who.canReview) {
        sorted.refused.push({
          cid: line.cid,
          why: 'reviewed_person',
          message: "this code belongs to a person a reviewer decided on: only a reviewer changes that person's colour",
        });
        continue;
      }
      sorted.personLines.add(line.cid);
      if (line.status === 'revoked') {
        sorted.revocations.push(line);
        continue;
      }
      const reason = who.reason ?? 'other';
      sorted.persons.set(owner.person_id, {
        personId: owner.person_id,
        status: {
          colour: line.status,
          reason,
          ...(line.until !== undefined ? { until: line.until } : {}),
          ...(who.reasonText || reason === 'other' ? { reasonText: who.reasonText || 'bulk status change' } : {}),
        },
      });
      continue;
    }
    if (isUnchanged(line, current.get(line.cid))) sorted.unchanged++;
    else sorted.plain.push(line);
  }
  return sorted;
}

/** What publishing `changes` would do; nothing is written. */
export async function previewStatusChanges(
  db: Db,
  changes: readonly StatusEntryWithCid[],
  nowMs: number,
  who: BulkActor = { actor: { accountId: null, name: '', client: '' }, canReview: false },
): Promise<StatusPreview> {
  const list = lastPerCid(changes);
  const nowSeconds = Math.floor(nowMs / 1000);
  const sorted = await sortLines(db, list, who, nowSeconds);
  const plainCids = new Set(sorted.plain.map((c) => c.cid));
  let found = 0;
  let unknown = 0;
  const sample: StatusPreview['sample'] = [];
  for (const c of list) {
    const now = sorted.sampleCurrent.get(c.cid);
    if (plainCids.has(c.cid)) {
      if (sorted.known.has(c.cid)) found++;
      else unknown++;
    } else if (sorted.personLines.has(c.cid)) found++;
    if (sample.length < 20)
      sample.push({ cid: c.cid, current: now?.status ?? null, status: c.status, until: c.until ?? null, known: sorted.known.has(c.cid) });
  }
  const settings = await issuanceSettings(db);
  const personChanges = [...sorted.persons.values()];
  return {
    total: list.length,
    found,
    unknown,
    unchanged: sorted.unchanged,
    scanners: await countActiveDevices(db),
    sample,
    refused: sorted.refused,
    persons: personChanges.length,
    needsSecondReviewer: needsSecondReviewer(settings.secondReviewer, {
      toRed: personChanges.some((c) => c.status.colour === 'red'),
      persons: personChanges.length,
    }),
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

/**
 * Publishes the lines that change something as one signed delta, in the actor's name: cids of
 * persons change the persons (all their codes), other cids are listed as given; refused lines
 * are returned with why. A change of persons to red, or of more persons than the threshold,
 * waits for a second reviewer (its proposal id is returned; the other lines are published).
 */
export async function publishStatusChanges(
  ctx: ServerContext,
  who: BulkActor,
  changes: readonly StatusEntryWithCid[],
  nowMs: number,
): Promise<StatusChangeResponse> {
  const { db } = ctx;
  const actor = who.actor;
  const list = lastPerCid(changes);
  const sorted = await sortLines(db, list, who, Math.floor(nowMs / 1000));
  const personChanges = [...sorted.persons.values()];
  const settings = await issuanceSettings(db);
  let proposalId: string | undefined;
  let applyPersons = personChanges;
  if (
    personChanges.length > 0 &&
    needsSecondReviewer(settings.secondReviewer, {
      toRed: personChanges.some((c) => c.status.colour === 'red'),
      persons: personChanges.length,
    })
  ) {
    const proposal = await propose(ctx, { kind: 'bulk', changes: personChanges, source: 'bulk' }, personChanges.length, {
      id: actor.accountId ?? '',
      role: who.canReview ? 'reviewer' : 'operator',
      actor,
    });
    proposalId = proposal.id;
    applyPersons = [];
  }
  const listed = [...sorted.plain, ...sorted.revocations];
  const extra = { ...(sorted.refused.length > 0 ? { refused: sorted.refused } : {}), ...(proposalId ? { proposalId } : {}) };
  if (listed.length === 0 && applyPersons.length === 0) {
    const [state] = await db.query<{ head: number; issued_at: number }>('SELECT head, issued_at FROM status_state WHERE id = 1');
    return {
      batchId: null,
      changed: 0,
      unchanged: sorted.unchanged,
      from: state!.head,
      to: state!.head,
      issuedAt: state!.issued_at,
      ...extra,
    };
  }
  const batchId = randomUUID();
  const count = listed.length + applyPersons.length;
  const delta = await applyPersonStatuses(
    ctx,
    applyPersons,
    { source: 'bulk', actor, reviewed: who.canReview, auditDetails: { batch: batchId } },
    {
      entries: listed,
      revokedCids: sorted.revocations.map((r) => r.cid),
      inTx: async (tx, d) => {
        if (!d) return;
        await insertBatch(tx, { id: batchId, atMs: nowMs, actor, from: d.from, to: d.to, undoOf: null });
        const target = count === 1 ? (listed[0]?.cid ?? '1 person') : `${count} codes`;
        await recordAudit(
          tx,
          actor,
          'status.publish',
          target,
          {
            batch: batchId,
            from: d.from,
            to: d.to,
            count,
            persons: applyPersons.length,
            unchanged: sorted.unchanged,
            refused: sorted.refused.length,
            byStatus: tally(listed),
          },
          nowMs,
        );
      },
    },
  );
  if (!delta) {
    const [state] = await db.query<{ head: number; issued_at: number }>('SELECT head, issued_at FROM status_state WHERE id = 1');
    return {
      batchId: null,
      changed: count,
      unchanged: sorted.unchanged,
      from: state!.head,
      to: state!.head,
      issuedAt: state!.issued_at,
      ...extra,
    };
  }
  return { batchId, changed: count, unchanged: sorted.unchanged, from: delta.from, to: delta.to, issuedAt: delta.issuedAt, ...extra };
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
       LEFT JOIN LATERAL (SELECT status, until FROM status_changes x
                           WHERE x.cid = b.cid AND x.seq <= $1 ORDER BY x.seq DESC LIMIT 1) p ON true
      WHERE b.seq > $1 AND b.seq <= $2`,
    [batch.from_seq, batch.to_seq],
  );
  // A person's code shows the person's status (set it again instead), and a revoked code stays revoked.
  const ofPersons = new Set(
    (
      await db.query<{ cid: string }>(
        `SELECT c.cid FROM issued_codes c JOIN holder_applications a ON a.id = c.application_id
          WHERE a.person_id IS NOT NULL AND c.cid IN (SELECT json_array_elements_text($1::text::json))`,
        [JSON.stringify(rows.map((r) => r.cid))],
      )
    ).map((r) => r.cid),
  );
  const changes: StatusEntryWithCid[] = [];
  let kept = 0;
  for (const r of rows) {
    if (Number(r.latest_seq) !== Number(r.seq) || r.status === 'revoked' || ofPersons.has(r.cid)) {
      kept++;
      continue;
    }
    if (r.prior_status !== null && (r.prior_until === null || r.prior_until >= nowSeconds))
      changes.push(
        r.prior_until === null ? { cid: r.cid, status: r.prior_status } : { cid: r.cid, status: r.prior_status, until: r.prior_until },
      );
    else changes.push({ cid: r.cid, status: r.status, until: Math.max(0, nowSeconds - 1) });
  }
  if (changes.length === 0)
    throw new HttpError(
      409,
      'nothing of this batch can be undone: its codes were changed again since, revoked, ' +
        "or belong to persons (set a person's status instead)",
    );
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
