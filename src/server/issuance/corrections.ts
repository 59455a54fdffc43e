/**
 * "This is wrong" (issue 14; the 纠错 interface of GB/T 38963-2020): a holder contests the
 * status shown for their application's person with a short text; it enters the review
 * queue as a correction; a reviewer answers keep or change with a reply the holder sees. A
 * change goes through the person's status (and the second-reviewer rule for red).
 */
import { randomUUID } from 'node:crypto';
import type { StatusReason } from '../../core/index.ts';
import type { HolderCorrection } from '../../core/api/holder.ts';
import type { CorrectionAnswer, CorrectionList, CorrectionView, StatusProposal } from '../../core/api/review.ts';
import { recordAudit } from '../admin/audit-log.ts';
import type { ServerContext } from '../context.ts';
import type { Queryable } from '../db/db.ts';
import { HttpError } from '../http/errors.ts';
import { applyPersonStatuses } from '../status/person-status.ts';
import type { ApplicationRow } from './application-store.ts';
import type { Reviewer } from './current-reviewer.ts';
import { issuanceSettings } from './issuance-settings.ts';
import { statusView } from './review-views.ts';
import { getPerson, statusOf } from './person-store.ts';
import { needsSecondReviewer } from '../../core/index.ts';
import { propose } from './status-proposals.ts';

interface CorrectionRow {
  id: string;
  application_id: string;
  person_id: string;
  text: string;
  created_ms: number;
  state: 'open' | 'kept' | 'changed';
  reply: string | null;
  answered_by: string | null;
  answered_ms: number | null;
}
const COLUMNS = 'id, application_id, person_id, text, created_ms, state, reply, answered_by, answered_ms';

const holderViewOf = (r: CorrectionRow): HolderCorrection => ({
  id: r.id,
  text: r.text,
  createdAt: Number(r.created_ms),
  state: r.state,
  ...(r.reply ? { reply: r.reply } : {}),
  ...(r.answered_ms !== null ? { answeredAt: Number(r.answered_ms) } : {}),
});

/** A holder's request; one open request per application at a time (409 for a second). */
export async function requestCorrection(ctx: ServerContext, row: ApplicationRow, text: string): Promise<HolderCorrection> {
  const words = text.trim();
  if (words === '') throw new HttpError(400, 'say what is wrong', { field: 'text' });
  if (row.state !== 'approved' || !row.person_id) throw new HttpError(409, 'only the status of an approved application can be contested');
  const now = ctx.now();
  const stored = await ctx.db.transaction(async (tx) => {
    await tx.query('SELECT id FROM holder_applications WHERE id = $1 FOR UPDATE', [row.id]);
    const [open] = await tx.query("SELECT 1 FROM corrections WHERE application_id = $1 AND state = 'open'", [row.id]);
    if (open) throw new HttpError(409, 'a request of yours is waiting for a reviewer already');
    const [created] = await tx.query<CorrectionRow>(
      `INSERT INTO corrections (id, application_id, person_id, text, created_ms) VALUES ($1, $2, $3, $4, $5) RETURNING ${COLUMNS}`,
      [randomUUID(), row.id, row.person_id, words, now],
    );
    return created!;
  });
  return holderViewOf(stored);
}

/** The holder's requests with the replies, newest first. */
export async function correctionsOfApplication(db: Queryable, applicationId: string): Promise<HolderCorrection[]> {
  const rows = await db.query<CorrectionRow>(
    `SELECT ${COLUMNS} FROM corrections WHERE application_id = $1 ORDER BY created_ms DESC LIMIT 50`,
    [applicationId],
  );
  return rows.map(holderViewOf);
}

/** Corrections for the console: open ones oldest first (or answered newest first), the open count and the oldest's time. */
export async function listCorrections(ctx: ServerContext, state: 'open' | 'answered', limit: number): Promise<CorrectionList> {
  const nowSeconds = Math.floor(ctx.now() / 1000);
  const rows = await ctx.db.query<CorrectionRow & { masked_name: string }>(
    `SELECT ${COLUMNS.split(', ')
      .map((c) => `c.${c}`)
      .join(', ')}, p.masked_name FROM corrections c JOIN persons p ON p.id = c.person_id
      WHERE ${state === 'open' ? "c.state = 'open'" : "c.state <> 'open'"}
      ORDER BY c.created_ms ${state === 'open' ? 'ASC' : 'DESC'}, c.id LIMIT $1`,
    [limit],
  );
  const [summary] = await ctx.db.query<{ n: number; oldest: number | null }>(
    "SELECT count(*)::bigint AS n, min(created_ms) AS oldest FROM corrections WHERE state = 'open'",
  );
  const corrections: CorrectionView[] = [];
  for (const r of rows) {
    const person = await getPerson(ctx.db, r.person_id);
    const status = person ? await statusOf(ctx.db, person, nowSeconds) : null;
    corrections.push({
      id: r.id,
      applicationId: r.application_id,
      personId: r.person_id,
      maskedName: r.masked_name,
      text: r.text,
      createdAt: Number(r.created_ms),
      state: r.state,
      status: status ? statusView(status.inForce) : { colour: 'green', source: 'none', since: 0 },
      ...(r.reply ? { reply: r.reply } : {}),
      ...(r.answered_by ? { answeredBy: r.answered_by } : {}),
      ...(r.answered_ms !== null ? { answeredAt: Number(r.answered_ms) } : {}),
    });
  }
  return { corrections, open: Number(summary!.n), oldestOpenAt: summary!.oldest === null ? null : Number(summary!.oldest) };
}

/** Marks a correction answered inside a change's transaction (409 when it was answered meanwhile). */
async function markAnswered(
  tx: Queryable,
  id: string,
  state: 'kept' | 'changed',
  reply: string,
  by: string | null,
  nowMs: number,
): Promise<void> {
  const [done] = await tx.query(
    "UPDATE corrections SET state = $2, reply = $3, answered_by = $4, answered_ms = $5 WHERE id = $1 AND state = 'open' RETURNING id",
    [id, state, reply, by, nowMs],
  );
  if (!done) throw new HttpError(409, 'this correction was answered meanwhile');
}

/** For a confirmed proposal: the correction is answered "changed" in the change's transaction. */
export function answerChangedInTx(ctx: ServerContext, confirmerId: string | null) {
  return (tx: Queryable, correctionId: string, reply: string) => markAnswered(tx, correctionId, 'changed', reply, confirmerId, ctx.now());
}

/** A reviewer answers: keep (the reply only) or change (a new status for the person, then the reply). */
export async function answerCorrection(
  ctx: ServerContext,
  id: string,
  answer: CorrectionAnswer,
  reviewer: Reviewer,
): Promise<{ proposal: StatusProposal } | null> {
  const [row] = await ctx.db.query<CorrectionRow>(`SELECT ${COLUMNS} FROM corrections WHERE id = $1`, [id]);
  if (!row) throw new HttpError(404, 'no such correction');
  if (row.state !== 'open') throw new HttpError(409, `this correction was answered already (${row.state})`);
  const reply = answer.reply.trim();
  if (reply === '') throw new HttpError(400, 'the holder needs a reply', { field: 'reply' });
  const now = ctx.now();
  if (answer.decision === 'keep') {
    await ctx.db.transaction(async (tx) => {
      await markAnswered(tx, id, 'kept', reply, reviewer.actor.accountId, now);
      await recordAudit(tx, reviewer.actor, 'correction.answer', id, { decision: 'keep', personId: row.person_id }, now);
    });
    return null;
  }
  if (!answer.colour) throw new HttpError(400, 'a change needs the new colour', { field: 'colour' });
  const reason: StatusReason = answer.reason ?? 'correction';
  const status = { colour: answer.colour, reason, ...(answer.until !== undefined ? { until: answer.until } : {}) };
  const settings = await issuanceSettings(ctx.db);
  const person = await getPerson(ctx.db, row.person_id);
  if (!person) throw new HttpError(404, 'no such person');
  const changes = [{ personId: row.person_id, status }];
  if (needsSecondReviewer(settings.secondReviewer, { toRed: answer.colour === 'red', persons: 1 }))
    return {
      proposal: await propose(ctx, { kind: 'correction', correctionId: id, reply, changes, source: 'correction' }, [person], reviewer),
    };
  await applyPersonStatuses(
    ctx,
    changes,
    { source: 'correction', actor: reviewer.actor, reviewed: true, auditDetails: { correction: id } },
    {
      inTx: async (tx) => {
        await markAnswered(tx, id, 'changed', reply, reviewer.actor.accountId, now);
        await recordAudit(tx, reviewer.actor, 'correction.answer', id, { decision: 'change', personId: row.person_id }, now);
      },
    },
  );
  return null;
}
