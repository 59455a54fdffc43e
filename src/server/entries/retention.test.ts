import { randomUUID } from 'node:crypto';
import Fastify from 'fastify';
import { describe, expect, it } from 'vitest';
import type { EntryUpload } from '../../core/index.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';
import { purgeEntriesBefore, scheduleEntryRetention } from './retention.ts';

const DAY = 24 * 3600_000;
const cluster = usePostgres();

describe.each(DB_KINDS)('entry retention (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);

  async function upload(times: number[]): Promise<string[]> {
    const { credential } = await h().enroll(`Gate ${randomUUID().slice(0, 8)}`);
    const entries: EntryUpload[] = times.map((time) => ({
      id: randomUUID(),
      time,
      checkpoint: 'Gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
    }));
    const response = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${credential}` },
      payload: { entries },
    });
    expect(response.statusCode).toBe(200);
    return entries.map((e) => e.id);
  }

  async function present(ids: string[]): Promise<number> {
    const [row] = await h().ctx.db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries WHERE id = ANY($1::uuid[])', [ids]);
    return Number(row!.n);
  }

  it('deletes only entries scanned before the cut-off', async () => {
    const now = h().clock.now;
    const old = await upload([now - 40 * DAY, now - 31 * DAY]);
    const recent = await upload([now - 29 * DAY, now - 1000]);
    expect(await purgeEntriesBefore(h().ctx.db, now - 30 * DAY)).toBe(2);
    expect(await present(old)).toBe(0);
    expect(await present(recent)).toBe(2);
    expect(await purgeEntriesBefore(h().ctx.db, now - 30 * DAY)).toBe(0);
  });

  it('purges when the server becomes ready, only when the operator set a retention', async () => {
    const now = h().clock.now;
    const old = await upload([now - 10 * DAY]);
    const keepAll = Fastify();
    scheduleEntryRetention(keepAll, h().ctx);
    await keepAll.ready();
    await keepAll.close();
    expect(await present(old)).toBe(1);

    const keepWeek = Fastify();
    scheduleEntryRetention(keepWeek, { ...h().ctx, settings: { ...h().ctx.settings, entryRetentionDays: 7 } });
    await keepWeek.ready();
    await keepWeek.close();
    expect(await present(old)).toBe(0);
  });
});
