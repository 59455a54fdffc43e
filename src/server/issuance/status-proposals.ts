/**
 * The second-reviewer rule (issue 14): a change to red, and a change of more persons than
 * the configured threshold, waits as a proposal until a reviewer other than its proposer
 * confirms it; it then takes effect as one signed delta. The rule is on by default; an
 * admin switches it in the review settings (audited). Proposals name persons by id (the
 * console shows masked names), never by name or ID number.
 */
import { randomUUID } from 'node:crypto';
import type { Colour, StatusReason } from '../../core/index.ts';
import type { StatusProposal } from '../../core/api/review.ts';
import { accountNameOf } from '../admin/account-name.ts';
import { recordAudit } from '../admin/audit-log.ts';
import type { ServerContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import { applyPersonStatuses, type PersonStatusChange } from '../status/person-status.ts';
import type { Reviewer } from './current-reviewer.ts';
import type { PersonRow } from './person-store.ts';

/** What confirming a proposal does. */
export type ProposalPayload =
  | { kind: 'person' | 'bulk' | 'trace'; changes: PersonStatusChange[]; source: string; traceId?: string }
  | { kind: 'approve'; applicationId: string; colour: Colour; reason: StatusReason; reasonText?: string }
  | { kind: 'correction'; correctionId: string; reply: string; changes: PersonStatusChange[]; source: string };

interface ProposalRow {
  id: string;
  kind: string;
  payload: ProposalPayload;
  persons: number;
  to_red: boolean;
  proposed_by: string;
  proposed_by_name: string;
  proposed_ms: number;
  state: 'pending' | 'confirmed' | 'rejected';
  decided_by: string | null;
  decided_ms: number | null;
  decided_by_name?: string | null;
}
const COLUMNS = 'id, kind, payload, persons, to_red, proposed_by, proposed_by_name, proposed_ms, state, decided_by, decided_ms';
/** COLUMNS with the deciding account's display name (the console names accounts, never shows their ids). */
const NAMED_COLUMNS = `${COLUMNS}, ${accountNameOf('decided_by')} AS decided_by_name`;

function colourOf(payload: ProposalPayload): { colour: Colour; reason: StatusReason } {
  if (payload.kind === 'approve') return { colour: payload.colour, reason: payload.reason };
  const first = payload.changes[0]?.status;
  return { colour: first?.colour ?? 'yellow', reason: first?.reason ?? 'other' };
}

/** The people a proposal's card names: the applicant, or the first 20 of its changes. */
const SAMPLE = 20;

/** A page of proposals as the console shows them: the masked names in two queries for the page, not one per proposal. */
async function viewsOf(db: Queryable, rows: readonly ProposalRow[]): Promise<StatusProposal[]> {
  const applications = rows.flatMap((row) => (row.payload.kind === 'approve' ? [row.payload.applicationId] : []));
  const people = rows.flatMap((row) => (row.payload.kind === 'approve' ? [] : row.payload.changes.slice(0, SAMPLE).map((c) => c.personId)));
  const [applicants, names] = await Promise.all([
    applications.length === 0
      ? []
      : db.query<{ application_id: string; id: string; masked_name: string }>(
          `SELECT a.id AS application_id, p.id, p.masked_name FROM persons p JOIN holder_applications a ON a.person_id = p.id
            WHERE a.id IN (SELECT (json_array_elements_text($1::text::json))::uuid)`,
          [JSON.stringify(applications)],
        ),
    people.length === 0
      ? []
      : db.query<{ id: string; masked_name: string }>(
          'SELECT id, masked_name FROM persons WHERE id IN (SELECT (json_array_elements_text($1::text::json))::uuid)',
          [JSON.stringify([...new Set(people)])],
        ),
  ]);
  const applicant = new Map(applicants.map((a) => [a.application_id, { personId: a.id, maskedName: a.masked_name }]));
  const maskedName = new Map(names.map((n) => [n.id, n.masked_name]));
  return rows.map((row) => {
    let sample: StatusProposal['sample'];
    if (row.payload.kind === 'approve') {
      const found = applicant.get(row.payload.applicationId);
      sample = found ? [found] : [];
    } else {
      sample = row.payload.changes.slice(0, SAMPLE).map((c) => ({
        personId: c.personId,
        maskedName: maskedName.get(c.personId) ?? '',
        ...(c.status.until !== undefined ? { until: c.status.until } : {}),
      }));
    }
    return viewOf(row, sample);
  });
}

async function viewOne(db: Queryable, row: ProposalRow): Promise<StatusProposal> {
  return (await viewsOf(db, [row]))[0]!;
}

function viewOf(row: ProposalRow, sample: StatusProposal['sample']): StatusProposal {
  const { colour, reason } = colourOf(row.payload);
  return {
    id: row.id,
    kind: row.kind,
    state: row.state,
    persons: row.persons,
    toRed: row.to_red,
    colour,
    reason,
    sample,
    proposedBy: row.proposed_by,
    proposedByName: row.proposed_by_name,
    proposedAt: Number(row.proposed_ms),
    ...(row.decided_by ? { decidedBy: row.decided_by } : {}),
    ...(row.decided_by_name ? { decidedByName: row.decided_by_name } : {}),
    ...(row.decided_ms !== null ? { decidedAt: Number(row.decided_ms) } : {}),
  };
}

/** Stores a proposal (audited) and returns it as the console shows it. */
export async function propose(
  ctx: ServerContext,
  payload: ProposalPayload,
  persons: readonly Pick<PersonRow, 'id' | 'masked_name'>[] | number,
  proposer: Reviewer,
): Promise<StatusProposal> {
  const id = randomUUID();
  const now = ctx.now();
  const count = typeof persons === 'number' ? persons : persons.length;
  const toRed = payload.kind === 'approve' ? payload.colour === 'red' : payload.changes.some((c) => c.status.colour === 'red');
  const row = await ctx.db.transaction(async (tx) => {
    const [stored] = await tx.query<ProposalRow>(
      `INSERT INTO status_proposals (id, kind, payload, persons, to_red, proposed_by, proposed_by_name, proposed_ms)
       VALUES ($1, $2, $3::text::jsonb, $4, $5, $6, $7, $8) RETURNING ${COLUMNS}`,
      [id, payload.kind, JSON.stringify(payload), count, toRed, proposer.actor.accountId, proposer.actor.name, now],
    );
    const target = typeof persons !== 'number' && persons.length === 1 ? persons[0]!.masked_name : `${count} persons`;
    await recordAudit(
      tx,
      proposer.actor,
      'person.status_proposed',
      target,
      { proposal: id, kind: payload.kind, persons: count, toRed, ...colourOf(payload) },
      now,
    );
    return stored!;
  });
  return viewOne(ctx.db, row);
}

export async function listProposals(db: Queryable, state: 'pending' | 'confirmed' | 'rejected'): Promise<StatusProposal[]> {
  const rows = await db.query<ProposalRow>(
    `SELECT ${NAMED_COLUMNS} FROM status_proposals WHERE state = $1
      ORDER BY proposed_ms ${state === 'pending' ? 'ASC' : 'DESC'}, id LIMIT 200`,
    [state],
  );
  return viewsOf(db, rows);
}

async function pendingProposal(db: Queryable, id: string, decider: Reviewer, ownAllowed = false): Promise<ProposalRow> {
  const [row] = await db.query<ProposalRow>(`SELECT ${COLUMNS} FROM status_proposals WHERE id = $1`, [id]);
  if (!row) throw new HttpError(404, 'no such proposal');
  if (row.state !== 'pending') throw new HttpError(409, `this proposal was already ${row.state}`);
  if (!ownAllowed && row.proposed_by === decider.actor.accountId)
    throw new HttpError(409, 'a second reviewer (another account) must confirm or reject this change');
  return row;
}

/** Marks a pending proposal decided inside a change's transaction (409 when someone decided first). */
async function markDecided(tx: Queryable, id: string, state: 'confirmed' | 'rejected', decider: Reviewer, nowMs: number): Promise<void> {
  const [marked] = await tx.query(
    "UPDATE status_proposals SET state = $2, decided_by = $3, decided_ms = $4 WHERE id = $1 AND state = 'pending' RETURNING id",
    [id, state, decider.actor.accountId, nowMs],
  );
  if (!marked) throw new HttpError(409, 'this proposal was decided meanwhile');
}

/**
 * A second reviewer confirms: the change takes effect as one signed delta, recorded as set by
 * the proposer and confirmed by the confirmer. `approveConfirmed` runs an approval (issuance.ts).
 */
export async function confirmProposal(
  ctx: ServerContext,
  id: string,
  confirmer: Reviewer,
  approveConfirmed: (applicationId: string, colour: Colour, reason: StatusReason, reasonText: string | undefined) => Promise<void>,
  answerCorrection: (tx: Queryable, correctionId: string, reply: string) => Promise<void>,
  /** A reviewer's own change that the rule does not hold (a trace's yellow): it takes effect through the same path. */
  ownAllowed = false,
): Promise<StatusProposal> {
  const row = await pendingProposal(ctx.db, id, confirmer, ownAllowed);
  const now = ctx.now();
  const payload = row.payload;
  if (payload.kind === 'approve') {
    await ctx.db.transaction((tx) => markDecided(tx, id, 'confirmed', confirmer, now));
    await approveConfirmed(payload.applicationId, payload.colour, payload.reason, payload.reasonText);
  } else {
    await applyPersonStatuses(
      ctx,
      payload.changes,
      {
        source: payload.source,
        actor: confirmer.actor,
        setBy: row.proposed_by,
        confirmedBy: confirmer.actor.accountId,
        reviewed: true,
        auditAction: 'person.status_confirmed',
        auditDetails: { proposal: id, proposedBy: row.proposed_by },
      },
      {
        inTx: async (tx) => {
          await markDecided(tx, id, 'confirmed', confirmer, now);
          if (payload.kind === 'correction') await answerCorrection(tx, payload.correctionId, payload.reply);
        },
      },
    );
  }
  const [after] = await ctx.db.query<ProposalRow>(`SELECT ${NAMED_COLUMNS} FROM status_proposals WHERE id = $1`, [id]);
  return viewOne(ctx.db, after!);
}

/** A second reviewer rejects: nothing changes but the proposal's state (audited). */
export async function rejectProposal(ctx: ServerContext, id: string, decider: Reviewer): Promise<StatusProposal> {
  await pendingProposal(ctx.db, id, decider);
  const now = ctx.now();
  await ctx.db.transaction(async (tx) => {
    await markDecided(tx, id, 'rejected', decider, now);
    await recordAudit(tx, decider.actor, 'person.status_rejected', id, { proposal: id }, now);
  });
  const [after] = await ctx.db.query<ProposalRow>(`SELECT ${NAMED_COLUMNS} FROM status_proposals WHERE id = $1`, [id]);
  return viewOne(ctx.db, after!);
}
