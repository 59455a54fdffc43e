/**
 * The one place a person's status reaches the status list (issue 14). Every unexpired code
 * ever issued to the person (holder-bound, renewed, re-applied, paper, on any device) shows
 * the person's status: a status without `until` is listed as it is; a temporary one is
 * listed with its `until`, after which scanners fall back to the code's printed colour, so
 * it is listed only on codes printed in the person's base colour; any other code is revoked
 * as superseded (its application stays approved and renewal signs a code in the base
 * colour). A new code is always printed in the base colour, with the temporary status
 * listed for it in the transaction that stores it. No other path prints or lists a colour
 * for a person's code.
 */
import type { Colour, StatusEntryWithCid } from '../../core/index.ts';
import type { AuditAction } from '../../core/api/admin-accounts.ts';
import { recordAudit, type Actor } from '../admin/audit-log.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import type { ServerContext } from '../context.ts';
import {
  getPerson,
  insertStatus,
  isLive,
  statusOf,
  unexpiredCodesOfPerson,
  type NewStatus,
  type PersonCodeRow,
  type PersonRow,
} from '../issuance/person-store.ts';
import type { PublishedDelta } from './status-publisher.ts';

const seconds = (ms: number) => Math.floor(ms / 1000);

/** The list entries that make `codes` show `status`, given the person's base colour; and the codes it supersedes. */
export function entriesForCodes(
  codes: readonly PersonCodeRow[],
  status: { colour: Colour; until?: number },
  baseColour: Colour,
): { entries: StatusEntryWithCid[]; superseded: string[] } {
  const entries: StatusEntryWithCid[] = [];
  const superseded: string[] = [];
  for (const code of codes.filter(isLive)) {
    if (status.until === undefined) entries.push({ cid: code.cid, status: status.colour });
    else if (code.colour === baseColour) entries.push({ cid: code.cid, status: status.colour, until: status.until });
    else {
      entries.push({ cid: code.cid, status: 'revoked' });
      superseded.push(code.cid);
    }
  }
  return { entries, superseded };
}

export interface PersonStatusChange {
  personId: string;
  status: NewStatus;
}

export interface PersonStatusMeta {
  /** review | bulk | trace | correction | duplicate | rule */
  source: string;
  actor: Actor;
  /** The account that set the status when not the actor (the proposer of a confirmed proposal). */
  setBy?: string | null;
  /** Set when a second reviewer confirmed the change. */
  confirmedBy?: string | null;
  /** A reviewer's (or admin's) decision: the persons count as reviewed from now on. */
  reviewed: boolean;
  auditAction?: AuditAction;
  auditDetails?: Record<string, unknown>;
}

interface Planned {
  change: PersonStatusChange;
  person: PersonRow;
  liveCids: string[];
}

/**
 * Gives each person their new status and publishes what their codes must show as ONE
 * signed delta (with `extra.entries`, e.g. a bulk request's other lines), with the status
 * rows, superseded codes, audit row and `extra.inTx` in its transaction. A code issued or
 * a status set meanwhile for one of the persons rolls it all back (409).
 */
export async function applyPersonStatuses(
  ctx: ServerContext,
  changes: readonly PersonStatusChange[],
  meta: PersonStatusMeta,
  extra: {
    entries?: readonly StatusEntryWithCid[];
    revokedCids?: readonly string[];
    inTx?: (tx: Queryable, delta: PublishedDelta | null) => Promise<void>;
  } = {},
): Promise<PublishedDelta | null> {
  const nowMs = ctx.now();
  const nowSeconds = seconds(nowMs);
  const planned: Planned[] = [];
  const entries: StatusEntryWithCid[] = [];
  const superseded: string[] = [];
  for (const change of changes) {
    if (change.status.until !== undefined && change.status.until < nowSeconds)
      throw new HttpError(400, 'until must be in the future', { field: 'until' });
    const person = await getPerson(ctx.db, change.personId);
    if (!person) throw new HttpError(404, 'no such person');
    const status = await statusOf(ctx.db, person, nowSeconds);
    const baseColour = change.status.until === undefined ? change.status.colour : (status?.base.colour ?? change.status.colour);
    const codes = await unexpiredCodesOfPerson(ctx.db, person.id, nowSeconds);
    const planFor = entriesForCodes(codes, change.status, baseColour);
    entries.push(...planFor.entries);
    superseded.push(...planFor.superseded);
    planned.push({ change, person, liveCids: codes.filter(isLive).map((c) => c.cid) });
  }
  entries.push(...(extra.entries ?? []));
  const inTx = async (tx: Queryable, delta: PublishedDelta | null) => {
    for (const p of planned) {
      const locked = await getPerson(tx, p.person.id, true);
      if (!locked) throw new HttpError(404, 'no such person');
      const live = (await unexpiredCodesOfPerson(tx, p.person.id, nowSeconds)).filter(isLive).map((c) => c.cid);
      if (Number(locked.status_id) !== Number(p.person.status_id) || live.sort().join() !== [...p.liveCids].sort().join())
        throw new HttpError(409, "the person's codes or status changed meanwhile; try again");
      await insertStatus(
        tx,
        p.person.id,
        p.change.status,
        { source: meta.source, setBy: meta.setBy ?? meta.actor.accountId, confirmedBy: meta.confirmedBy ?? null, reviewed: meta.reviewed },
        nowMs,
      );
    }
    if (superseded.length > 0)
      await tx.query('UPDATE issued_codes SET superseded_ms = $2 WHERE cid IN (SELECT json_array_elements_text($1::text::json))', [
        JSON.stringify(superseded),
        nowMs,
      ]);
    if (extra.revokedCids && extra.revokedCids.length > 0)
      await tx.query(
        'UPDATE issued_codes SET revoked_ms = $2 WHERE revoked_ms IS NULL AND cid IN (SELECT json_array_elements_text($1::text::json))',
        [JSON.stringify(extra.revokedCids), nowMs],
      );
    if (planned.length > 0) {
      const first = planned[0]!;
      await recordAudit(
        tx,
        meta.actor,
        meta.auditAction ?? 'person.status',
        planned.length === 1 ? first.person.masked_name : `${planned.length} persons`,
        {
          persons: planned.length,
          personIds: planned.slice(0, 100).map((p) => p.person.id),
          colour: first.change.status.colour,
          ...(first.change.status.reason ? { reason: first.change.status.reason } : {}),
          ...(first.change.status.until !== undefined ? { until: first.change.status.until } : {}),
          source: meta.source,
          ...(meta.confirmedBy ? { confirmedBy: meta.confirmedBy } : {}),
          superseded: superseded.length,
          ...(delta ? { from: delta.from, to: delta.to } : {}),
          ...meta.auditDetails,
        },
        nowMs,
      );
    }
    if (extra.inTx) await extra.inTx(tx, delta);
  };
  if (entries.length > 0) return ctx.status.publish(entries, inTx);
  await ctx.db.transaction((tx) => inTx(tx, null));
  return null;
}

/** What a new code of a person prints (the base colour) and what the list adds for it (a temporary status in force). */
export async function newCodeColour(
  ctx: ServerContext,
  person: PersonRow,
): Promise<{ printed: Colour; temporary: { colour: Colour; until: number } | null; statusId: number | null }> {
  const status = await statusOf(ctx.db, person, seconds(ctx.now()));
  if (!status) throw new HttpError(409, 'this person has no status yet');
  const temporary =
    status.inForce === status.current && status.current.until !== null
      ? { colour: status.current.colour, until: Number(status.current.until) }
      : null;
  return { printed: status.base.colour, temporary, statusId: person.status_id };
}

/**
 * Stores a new code of a person: in one transaction with its list entry when a temporary
 * status is in force, after checking the person's status is still the one it was printed
 * for (409 otherwise: the caller signs again).
 */
export async function storePersonCode(
  ctx: ServerContext,
  personId: string,
  planned: { statusId: number | null; temporary: { colour: Colour; until: number } | null; cid: string },
  inTx: (tx: Queryable) => Promise<void>,
): Promise<void> {
  const body = async (tx: Queryable) => {
    const locked = await getPerson(tx, personId, true);
    if (!locked || Number(locked.status_id) !== Number(planned.statusId))
      throw new HttpError(409, "the person's status changed meanwhile; try again");
    await inTx(tx);
  };
  if (planned.temporary)
    await ctx.status.publish([{ cid: planned.cid, status: planned.temporary.colour, until: planned.temporary.until }], (tx) => body(tx));
  else await ctx.db.transaction(body);
}
