// Application retention on PGlite and PostgreSQL: application data goes a set time after its
// last code expires (or after rejection, or after submission when never decided); entries never.
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { ApplicationCreated } from '../../core/api/holder.ts';
import { routeUrl } from '../../core/api/api-client.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { applicationBody, applyWith, newHolder } from '../test-support/holder-client.ts';
import { purgeApplicationsBefore, scheduleApplicationRetention } from './application-retention.ts';

const cluster = usePostgres();
const DAY_MS = 24 * 3600_000;

async function present(h: Harness, ids: string[]): Promise<{ applications: number; codes: number; decisions: number }> {
  const n = async (sql: string) => Number((await h.ctx.db.query<{ n: number }>(sql, [ids]))[0]!.n);
  return {
    applications: await n('SELECT count(*)::bigint AS n FROM holder_applications WHERE id = ANY($1::uuid[])'),
    codes: await n('SELECT count(*)::bigint AS n FROM issued_codes WHERE application_id = ANY($1::uuid[])'),
    decisions: await n('SELECT count(*)::bigint AS n FROM application_decisions WHERE application_id = ANY($1::uuid[])'),
  };
}

describe.each(DB_KINDS)('application retention (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } } });

  it('deletes application data 30 days after the last code expires, a rejected one 30 days after the decision; never entries', async () => {
    const keep = h().ctx.settings.applicationRetentionDays;
    expect(keep).toBe(30);
    const approved = ((await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated).application;
    const rejected = (
      (
        await applyWith(h(), applicationBody(newHolder(), { declaration: { symptoms: true, travel: false, contact: false } }))
      ).json() as ApplicationCreated
    ).application;
    const pending = (
      (
        await applyWith(h(), applicationBody(newHolder(), { declaration: { symptoms: false, travel: true, contact: false } }))
      ).json() as ApplicationCreated
    ).application;
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: rejected.id }), { reason: 'incomplete' }))
        .statusCode,
    ).toBe(200);

    // A scan of the approved code, uploaded by a gate: it must outlive the application.
    const entryId = await h().admitScan('Retention gate', approved.code!.cid);

    const expiresMs = approved.code!.expiresAt * 1000;
    const all = [approved.id, rejected.id, pending.id];
    expect(await purgeApplicationsBefore(h().ctx.db, h().clock.now - keep * DAY_MS)).toBe(0);
    expect((await present(h(), all)).applications).toBe(3);

    // 31 days on: the rejected and the never-decided application are due; the approved one's code expires in 7 days, +30.
    const at31 = h().clock.now + 31 * DAY_MS;
    expect(await purgeApplicationsBefore(h().ctx.db, at31 - keep * DAY_MS)).toBe(2);
    expect(await present(h(), [rejected.id, pending.id])).toEqual({ applications: 0, codes: 0, decisions: 0 });
    expect((await present(h(), [approved.id])).applications).toBe(1);

    // A day before the approved one is due it stays; after, it goes with its codes and decisions.
    expect(await purgeApplicationsBefore(h().ctx.db, expiresMs + (keep - 1) * DAY_MS - keep * DAY_MS)).toBe(0);
    expect(await purgeApplicationsBefore(h().ctx.db, expiresMs + 1)).toBe(1);
    expect(await present(h(), [approved.id])).toEqual({ applications: 0, codes: 0, decisions: 0 });

    const [kept] = await h().ctx.db.query<{ cid: string }>('SELECT cid FROM entries WHERE id = $1', [entryId]);
    expect(kept).toEqual({ cid: approved.code!.cid });
  });

  it('purges when the server becomes ready, with the configured period', async () => {
    const old = (
      (
        await applyWith(h(), applicationBody(newHolder(), { declaration: { symptoms: true, travel: false, contact: false } }))
      ).json() as ApplicationCreated
    ).application;
    const later = Fastify();
    scheduleApplicationRetention(later, { ...h().ctx, now: () => h().clock.now + 31 * DAY_MS });
    await later.ready();
    await later.close();
    expect((await present(h(), [old.id])).applications).toBe(0);
  });
});
