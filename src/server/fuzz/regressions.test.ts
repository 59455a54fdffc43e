/**
 * One regression test per 5xx the route fuzz suite (route-fuzz.test.ts) found, on both engines.
 */
import { describe, expect, it } from 'vitest';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';

const cluster = usePostgres();

describe.each(DB_KINDS)('5xx found by the fuzz suite (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);

  // Was 500: the NUL reached PostgreSQL ("invalid byte sequence" / "unsupported Unicode escape").
  it.each(['%00', 'a%00b', '%ED%A0%80', '%F0%9F%92%A5'])('GET /api/admin/status/%s is a 4xx', async (cid) => {
    const response = await h().admin('GET', `/api/admin/status/${cid}`);
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });

  // Was 500: PostgreSQL cannot store a NUL in text ("invalid byte sequence for encoding UTF8: 0x00").
  it.each([{ name: 'East\u0000gate' }, { name: 'East gate', site: 'a\u0000' }])(
    'POST /api/admin/checkpoints %j is a 400 and creates nothing',
    async (body) => {
      const before = await h().count('checkpoints');
      const response = await h().admin('POST', '/api/admin/checkpoints', body);
      expect(response.statusCode).toBe(400);
      expect(await h().count('checkpoints')).toBe(before);
    },
  );

  it('PATCH /api/admin/checkpoints/:id with a NUL in the name is a 400 and changes nothing', async () => {
    const { checkpoint } = (await h().admin('POST', '/api/admin/checkpoints', { name: 'West gate' })).json() as {
      checkpoint: { id: string };
    };
    const response = await h().admin('PATCH', `/api/admin/checkpoints/${checkpoint.id}`, { name: 'West\u0000gate' });
    expect(response.statusCode).toBe(400);
    const [row] = await h().ctx.db.query<{ name: string }>('SELECT name FROM checkpoints WHERE id = $1', [checkpoint.id]);
    expect(row!.name).toBe('West gate');
  });

  // Was 500: a part number beyond 32 bits overflowed the integer column ("out of range for type integer").
  it.each(['1/2147483648', '885354902/444898524358', '1/999999999999999'])('GET /api/status/snapshot/%s is a 4xx', async (path) => {
    const response = await h().app.inject({ method: 'GET', url: `/api/status/snapshot/${path}` });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });
});
