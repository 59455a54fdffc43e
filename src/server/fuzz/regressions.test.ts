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

  // Was 500: a part number beyond 32 bits overflowed the integer column ("out of range for type integer").
  it.each(['1/2147483648', '885354902/444898524358', '1/999999999999999'])('GET /api/status/snapshot/%s is a 4xx', async (path) => {
    const response = await h().app.inject({ method: 'GET', url: `/api/status/snapshot/${path}` });
    expect(response.statusCode).toBeGreaterThanOrEqual(400);
    expect(response.statusCode).toBeLessThan(500);
  });
});
