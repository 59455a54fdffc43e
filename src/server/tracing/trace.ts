/**
 * Contact tracing from the entry log (issue 14): a tracer starts a trace for the person a
 * cid belongs to, with a stated reason. All entries of the person's cids in the last N days,
 * then every other cid admitted or scanned at the same checkpoint within ±W minutes of each
 * of those entries, grouped by person with where and when they overlapped. Results carry
 * masked names only; every trace is audited with its reason and result count, and stored
 * (to propose statuses from it) until it is older than the entry retention.
 */
import { randomUUID } from 'node:crypto';
import type { Colour, StatusReason } from '../../core/index.ts';
import type { TraceContact, TraceResult } from '../../core/api/traces.ts';
import { recordAudit, type Actor } from '../admin/audit-log.ts';
import type { ServerContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import type { PersonStatusChange } from '../status/person-status.ts';

const MINUTE_MS = 60_000;
const DAY_MS = 86_400_000;

export interface TraceInput {
  cid: string;
  days: number;
  windowMinutes: number;
  reason: string;
}

/** One overlap as the query finds it. */
interface OverlapRow {
  cid: string;
  checkpoint_id: string;
  at: number;
  case_at: number;
}

/**
 * The trace query: the case's entries (its cids, in the window of days), then, for each of
 * them (a lateral join: one index range scan per case entry, the day partitions pruned at run
 * time), the entries of other cids at the same checkpoint within ±window. It relies on the
 * index entries_checkpoint_time (checkpoint_id, time_ms), and on entries_cid for the first step.
 * The case's cids are a text[] parameter ($1), not an array built inside the query: from a CTE
 * the planner saw an unknown array and chose bitmap scans that took 2.3 s at 10 million entries
 * (`npm run bench -- persons`); with the value in hand it plans index scans per day partition.
 * Entries with no checkpoint (made before enrollment) are never a case's place, and never
 * near one (NULL equals nothing).
 */
export const TRACE_SQL = `
  WITH case_entries AS MATERIALIZED (
    SELECT DISTINCT e.checkpoint_id, e.time_ms FROM entries e
     WHERE e.cid = ANY($1::text[]) AND e.time_ms >= $2 AND e.time_ms <= $3
       -- A scan made before its device was enrolled has no checkpoint: it places nobody at a gate.
       AND e.checkpoint_id IS NOT NULL
  )
  SELECT DISTINCT near.cid, ce.checkpoint_id, near.time_ms AS at, ce.time_ms AS case_at
    FROM case_entries ce
    CROSS JOIN LATERAL (
      -- OFFSET 0 keeps the planner from flattening this into a hash join over every entry.
      SELECT x.cid, x.time_ms FROM entries x
       WHERE x.checkpoint_id = ce.checkpoint_id AND x.time_ms BETWEEN ce.time_ms - $4 AND ce.time_ms + $4 AND x.cid IS NOT NULL
      OFFSET 0
    ) near
   WHERE near.cid <> ALL($1::text[])`;

/** The cids of the person a cid belongs to (just the cid when this server did not issue it), and the person. */
async function caseOf(db: Queryable, cid: string): Promise<{ personId: string | null; cids: string[] }> {
  const [owner] = await db.query<{ person_id: string | null }>(
    'SELECT a.person_id FROM issued_codes c JOIN holder_applications a ON a.id = c.application_id WHERE c.cid = $1',
    [cid],
  );
  if (!owner?.person_id) return { personId: null, cids: [cid] };
  const rows = await db.query<{ cid: string }>(
    'SELECT c.cid FROM issued_codes c JOIN holder_applications a ON a.id = c.application_id WHERE a.person_id = $1',
    [owner.person_id],
  );
  return { personId: owner.person_id, cids: rows.map((r) => r.cid) };
}

/** Runs a trace, stores and audits it. */
export async function runTrace(ctx: ServerContext, input: TraceInput, actor: Actor): Promise<TraceResult> {
  const reason = input.reason.trim();
  if (reason === '') throw new HttpError(400, 'a trace needs its reason', { field: 'reason' });
  const now = ctx.now();
  const retention = ctx.settings.entryRetentionDays;
  if (retention !== null && input.days > retention)
    throw new HttpError(400, `entries are kept ${retention} days; trace at most that many`, { field: 'days' });
  const { personId, cids } = await caseOf(ctx.db, input.cid);
  const windowMs = input.windowMinutes * MINUTE_MS;
  const [caseCount] = await ctx.db.query<{ n: number }>(
    'SELECT count(*)::bigint AS n FROM entries WHERE cid = ANY($1::text[]) AND time_ms >= $2 AND time_ms <= $3',
    [cids, now - input.days * DAY_MS, now],
  );
  const overlaps = await ctx.db.query<OverlapRow>(TRACE_SQL, [cids, now - input.days * DAY_MS, now, windowMs]);
  const contacts = await groupByPerson(ctx.db, overlaps, personId);
  const traceId = randomUUID();
  const result: TraceResult = {
    traceId,
    contacts,
    caseEntries: Number(caseCount!.n),
    days: input.days,
    windowMinutes: input.windowMinutes,
    at: now,
  };
  await ctx.db.transaction(async (tx) => {
    await tx.query(
      `INSERT INTO traces (id, at_ms, account_id, account_name, case_person_id, reason, days, window_minutes, contact_count, result)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10::text::jsonb)`,
      [
        traceId,
        now,
        actor.accountId,
        actor.name,
        personId,
        reason,
        input.days,
        input.windowMinutes,
        contacts.length,
        JSON.stringify(result),
      ],
    );
    await recordAudit(
      tx,
      actor,
      'trace.run',
      traceId,
      { reason, days: input.days, windowMinutes: input.windowMinutes, caseEntries: result.caseEntries, contacts: contacts.length },
      now,
    );
  });
  return result;
}

/** Overlaps grouped by the person each cid belongs to (cids this server did not issue have no person and are left out). */
async function groupByPerson(db: Queryable, overlaps: readonly OverlapRow[], casePersonId: string | null): Promise<TraceContact[]> {
  if (overlaps.length === 0) return [];
  const cids = [...new Set(overlaps.map((o) => o.cid))];
  const owners = await db.query<{ cid: string; person_id: string; masked_name: string }>(
    `SELECT c.cid, p.id AS person_id, p.masked_name FROM issued_codes c
       JOIN holder_applications a ON a.id = c.application_id JOIN persons p ON p.id = a.person_id
      WHERE c.cid IN (SELECT json_array_elements_text($1::text::json))`,
    [JSON.stringify(cids)],
  );
  const checkpoints = await db.query<{ id: string; name: string }>(
    'SELECT id, name FROM checkpoints WHERE id IN (SELECT (json_array_elements_text($1::text::json))::uuid)',
    [JSON.stringify([...new Set(overlaps.map((o) => o.checkpoint_id))])],
  );
  const nameOf = new Map(checkpoints.map((c) => [c.id, c.name]));
  const ownerOf = new Map(owners.map((o) => [o.cid, o]));
  const byPerson = new Map<string, TraceContact>();
  for (const o of [...overlaps].sort((a, b) => Number(a.at) - Number(b.at) || Number(a.case_at) - Number(b.case_at))) {
    const owner = ownerOf.get(o.cid);
    if (!owner || owner.person_id === casePersonId) continue;
    let contact = byPerson.get(owner.person_id);
    if (!contact) {
      contact = { personId: owner.person_id, maskedName: owner.masked_name, cids: [], overlaps: [] };
      byPerson.set(owner.person_id, contact);
    }
    if (!contact.cids.includes(o.cid)) contact.cids.push(o.cid);
    contact.overlaps.push({
      checkpointId: o.checkpoint_id,
      checkpointName: nameOf.get(o.checkpoint_id) ?? '',
      at: Number(o.at),
      caseAt: Number(o.case_at),
    });
  }
  return [...byPerson.values()];
}

/** A stored trace, or 404 (unknown, or deleted with the entries it came from). */
export async function storedTrace(db: Queryable, id: string): Promise<TraceResult> {
  const [row] = await db.query<{ result: TraceResult }>('SELECT result FROM traces WHERE id = $1', [id]);
  if (!row) throw new HttpError(404, 'no such trace (traces are kept as long as the entries they come from)');
  return row.result;
}

/**
 * The status changes a trace proposes: for each chosen contact the colour (default yellow)
 * with reason close_contact, until `untilDays` after their last overlap, and where and when
 * that overlap was (the holder sees "close contact, North Gate, 12-03 10:40").
 */
export function traceChanges(
  trace: TraceResult,
  choice: { personIds?: readonly string[]; colour?: Colour; reason?: StatusReason; untilDays?: number },
): PersonStatusChange[] {
  const chosen = choice.personIds ? new Set(choice.personIds) : null;
  if (chosen) {
    const known = new Set(trace.contacts.map((c) => c.personId));
    const stray = [...chosen].find((id) => !known.has(id));
    if (stray) throw new HttpError(400, `person ${stray} is not a contact of this trace`, { field: 'personIds' });
  }
  const untilDays = choice.untilDays ?? 14;
  return trace.contacts
    .filter((c) => !chosen || chosen.has(c.personId))
    .map((c) => {
      const last = c.overlaps.reduce((a, b) => (b.at > a.at ? b : a));
      return {
        personId: c.personId,
        status: {
          colour: choice.colour ?? 'yellow',
          reason: choice.reason ?? 'close_contact',
          until: Math.floor(last.at / 1000) + untilDays * 86_400,
          detail: { checkpointName: last.checkpointName, at: last.at },
        },
      };
    });
}

/** Deletes traces older than the entry retention (they would outlive the entries they came from). */
export async function purgeTracesBefore(db: Queryable, cutoffMs: number): Promise<number> {
  const rows = await db.query('DELETE FROM traces WHERE at_ms < $1 RETURNING id', [cutoffMs]);
  return rows.length;
}
