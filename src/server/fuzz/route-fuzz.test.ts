/**
 * Fuzzes every route the app registers (discovered from the app's own route table, so
 * routes added later are fuzzed without being listed here) with generated path parameters,
 * queries, headers and bodies: from each route's schema where it has one, plus hostile values.
 * Signed in as the administrator and as an enrolled device, so the authenticated routes are
 * reached. Asserts: never a 5xx, never a crash, and a 4xx writes nothing (every table's row
 * count and content checksum are the same before and after).
 *
 * FUZZ_RUNS (default 15) sets the cases per route; FUZZ_SEED replays a run; FUZZ_VERBOSE=1
 * prints the status codes each route answered (to see that the fuzzing gets past sign-in).
 */
import { randomUUID } from 'node:crypto';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import type { LightMyRequestResponse } from 'fastify';
import { ADMIN_PASSWORD, DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import type { RouteInfo } from '../http/route-table.ts';
import { encodeAny, fromSchema, hostileValue, HOSTILE_STRINGS, rawBody } from './arbitraries.ts';

const RUNS = Number(process.env.FUZZ_RUNS ?? 15);
const SEED = process.env.FUZZ_SEED === undefined ? undefined : Number(process.env.FUZZ_SEED);
const cluster = usePostgres();

/** Row count and an order-independent checksum of every table: what "nothing written" is compared on. */
async function fingerprint(h: Harness): Promise<string> {
  const tables = await h.ctx.db.query<{ table_name: string }>(
    "SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE' ORDER BY table_name",
  );
  const sql = tables
    .map(
      (t) =>
        `SELECT '${t.table_name}' AS t, count(*)::bigint AS n, coalesce(sum(hashtext(x::text)::bigint), 0)::bigint AS h FROM "${t.table_name}" x`,
    )
    .join(' UNION ALL ');
  const rows = await h.ctx.db.query<{ t: string; n: number; h: number }>(sql);
  return rows.map((r) => `${r.t}:${r.n}:${r.h}`).join(' ');
}

interface Fixtures {
  cookie: string;
  credential: string;
  checkpointId: string;
  deviceId: string;
}

interface Case {
  path: Record<string, string>;
  query: [string, string][];
  headers: Record<string, string>;
  body: { kind: 'none' } | { kind: 'json'; value: unknown } | { kind: 'raw'; text: string };
  auth: { cookie: 'valid' | 'garbage' | 'none'; bearer: 'valid' | 'garbage' | 'none' };
}

const pathValue = (f: () => Fixtures): fc.Arbitrary<string> =>
  fc
    .oneof(
      fc.constant('@checkpoint'),
      fc.constant('@device'),
      fc.uuid(),
      fc.constantFrom(
        '1',
        '2',
        '1',
        '2',
        '0',
        '00',
        '999999999999999',
        '9999999999999999999',
        '-1',
        '1.5',
        '%00',
        '%ED%A0%80',
        '%zz',
        '..%2F..%2Fetc',
        'AAECAwQFBgcICQoLDA0ODw',
      ),
      fc.constantFrom(...HOSTILE_STRINGS).map((s) => encodeAny(s.slice(0, 300))),
    )
    .map((v) => (v === '@checkpoint' ? f().checkpointId : v === '@device' ? f().deviceId : v));

const QUERY_NAMES = [
  'from',
  'to',
  'limit',
  'cursor',
  'checkpoint',
  'cid',
  'decision',
  'reason',
  'overridden',
  'tz',
  'q',
  '__proto__',
  'constructor',
];

const asText = (v: unknown): string => (typeof v === 'string' ? v : (JSON.stringify(v) ?? ''));

function queryArbitrary(schema: unknown): fc.Arbitrary<[string, string][]> {
  const props = schema && typeof schema === 'object' ? ((schema as { properties?: Record<string, unknown> }).properties ?? {}) : {};
  const names = [...new Set([...Object.keys(props), ...QUERY_NAMES])];
  const value = fc.oneof(
    fc.constantFrom(
      '1',
      '0',
      '-1',
      '1764190000000',
      '99999999999999999999',
      '1e3',
      'true',
      'false',
      '',
      'admit',
      'ok',
      '840',
      '-841',
      `1.${'a'.repeat(36)}`,
    ),
    fc.constantFrom(...HOSTILE_STRINGS).map((s) => s.slice(0, 200)),
    fc.uuid(),
    fc.string({ maxLength: 20 }),
  );
  const random = fc.array(fc.tuple(fc.constantFrom(...names), value), { maxLength: 4 });
  if (Object.keys(props).length === 0) return random;
  // As the schema describes it (to reach the handler), or anything.
  const described = fromSchema(schema).map((q) =>
    q && typeof q === 'object' && !Array.isArray(q) ? Object.entries(q).map(([k, v]) => [k, asText(v)] as [string, string]) : [],
  );
  return fc.oneof(described, random);
}

function caseArbitrary(route: RouteInfo, f: () => Fixtures): fc.Arbitrary<Case> {
  const params = [...route.url.matchAll(/:([A-Za-z0-9_]+)|\*/g)].map((m) => m[1] ?? '*');
  const schema = route.schema as { body?: unknown; querystring?: unknown; params?: { properties?: Record<string, unknown> } } | undefined;
  const described = (name: string) => schema?.params?.properties?.[name];
  const path = fc.record(
    Object.fromEntries(
      params.map((p) => [
        p,
        p === '*'
          ? fc.constantFrom('', 'index.html', 'assets/app-1234.js', 'assets/x.js', '..%2F..%2Fpackage.json', '%00', 'admin', 'sw.js')
          : described(p)
            ? fc.oneof(
                fromSchema(described(p)).map((v) => encodeAny(asText(v))),
                pathValue(f),
              )
            : pathValue(f),
      ]),
    ),
  );
  const takesBody = !['GET', 'HEAD', 'OPTIONS'].includes(route.method);
  const body: fc.Arbitrary<Case['body']> = takesBody
    ? fc.oneof(
        {
          weight: 6,
          arbitrary: (schema?.body
            ? fromSchema(schema.body)
            : fc.oneof(
                hostileValue,
                fc.dictionary(fc.constantFrom('name', 'token', 'password', 'entries', 'changes', 'status', 'policy'), hostileValue),
              )
          ).map((value) => ({ kind: 'json' as const, value })),
        },
        { weight: 1, arbitrary: rawBody.map((text) => ({ kind: 'raw' as const, text })) },
        { weight: 1, arbitrary: fc.constant({ kind: 'none' as const }) },
      )
    : fc.constant({ kind: 'none' as const });
  // Mostly what the server's own pages send (so requests get past the cross-site guard and
  // reach the handlers), sometimes what an attacker or a broken client sends.
  const often = <T>(usual: T, ...odd: T[]) =>
    fc.oneof({ weight: 5, arbitrary: fc.constant(usual) }, { weight: 1, arbitrary: fc.constantFrom(...odd) });
  const headers = fc
    .record({
      'content-type': often(
        'application/json',
        'application/json; charset=utf-8',
        'text/plain',
        'application/x-www-form-urlencoded',
        'application/json; charset=utf-16',
        'multipart/form-data; boundary=x',
      ),
      origin: often<string | null>(null, 'http://evil.example', 'null', 'http://localhost'),
      'sec-fetch-site': often<string | null>(null, 'same-origin', 'cross-site', 'none'),
      'if-none-match': often<string | null>(null, '*', '"x"', 'W/"h1-1-1-0"'),
      'accept-encoding': often<string | null>(null, 'gzip', 'br', 'identity', '*'),
      'x-forwarded-host': often<string | null>(null, 'evil.example', ''),
    })
    .map((h) => Object.fromEntries(Object.entries(h).filter(([, v]) => v !== null)) as Record<string, string>);
  const auth = fc.record({
    cookie: often<'valid' | 'garbage' | 'none'>('valid', 'garbage', 'none'),
    bearer: often<'valid' | 'garbage' | 'none'>('valid', 'garbage', 'none'),
  });
  return fc.record({ path, query: queryArbitrary(schema?.querystring), headers, body, auth });
}

function urlOf(route: RouteInfo, c: Case): string {
  let url = route.url.replace(/:([A-Za-z0-9_]+)/g, (_m, name: string) => c.path[name] ?? 'x').replace('*', c.path['*'] ?? '');
  if (url === '') url = '/';
  const query = c.query.map(([k, v]) => `${encodeAny(k)}=${encodeAny(v)}`).join('&');
  return query ? `${url}?${query}` : url;
}

async function send(h: Harness, route: RouteInfo, c: Case, f: Fixtures): Promise<LightMyRequestResponse> {
  const headers: Record<string, string> = { ...c.headers };
  if (c.auth.cookie === 'valid') headers.cookie = f.cookie;
  if (c.auth.cookie === 'garbage') headers.cookie = 'gc_admin=AAAA; gc_admin=\u00ff';
  if (c.auth.bearer === 'valid') headers.authorization = `Bearer ${f.credential}`;
  if (c.auth.bearer === 'garbage') headers.authorization = `Bearer ${'A'.repeat(43)}`;
  let payload: string | undefined;
  if (c.body.kind === 'json') payload = JSON.stringify(c.body.value) ?? 'null';
  if (c.body.kind === 'raw') payload = c.body.text;
  if (payload === undefined) delete headers['content-type'];
  return h.app.inject({ method: route.method as 'GET', url: urlOf(route, c), headers, ...(payload === undefined ? {} : { payload }) });
}

/** A checkpoint and a device enrolled there, as the signed-in administrator `cookie`. */
async function enroll(h: Harness, cookie: string): Promise<Omit<Fixtures, 'cookie'>> {
  const call = (url: string, payload?: object) =>
    h.app.inject({ method: 'POST', url, headers: { cookie }, ...(payload ? { payload } : {}) });
  const checkpointId = (await call('/api/admin/checkpoints', { name: `Fuzz gate ${randomUUID().slice(0, 8)}` })).json().checkpoint
    .id as string;
  const { token } = (await call(`/api/admin/checkpoints/${checkpointId}/enrollment`)).json() as { token: string };
  const enrolled = await h.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName: 'fuzz phone' } });
  if (enrolled.statusCode !== 201) throw new Error(`cannot enroll again: ${enrolled.statusCode} ${enrolled.body}`);
  const { deviceId, credential } = enrolled.json() as { deviceId: string; credential: string };
  return { checkpointId, deviceId, credential };
}

/** Signs in again and enrolls again when a fuzzed request signed out or revoked the fixtures. */
async function refresh(h: Harness, f: Fixtures): Promise<void> {
  const session = await h.app.inject({ method: 'GET', url: '/api/admin/session', headers: { cookie: f.cookie } });
  if (session.statusCode === 401) {
    const login = await h.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password: ADMIN_PASSWORD } });
    if (login.statusCode !== 200) throw new Error(`cannot sign in again: ${login.statusCode} ${login.body}`);
    f.cookie = String(login.headers['set-cookie']).split(';')[0]!;
  }
  const device = await h.app.inject({ method: 'GET', url: '/api/checkpoint', headers: { authorization: `Bearer ${f.credential}` } });
  if (device.statusCode !== 200) Object.assign(f, await enroll(h, f.cookie));
}

/** A small built app, so the static routes serve files instead of their "not built yet" page. */
function fakeDist(): string {
  const dir = mkdtempSync(join(tmpdir(), 'gatecheck-fuzz-dist-'));
  mkdirSync(join(dir, 'assets'));
  for (const [name, text] of Object.entries({
    'index.html': '<!doctype html><title>app</title>',
    'admin.html': '<!doctype html><title>console</title>',
    'sw.js': '',
    'manifest.webmanifest': '{}',
    'assets/app-1234.js': 'export {}',
  }))
    writeFileSync(join(dir, name), text);
  return dir;
}

describe.each(DB_KINDS)('every route under fuzzed requests (%s)', (kind) => {
  // A long sign-in window: fuzzed wrong passwords must not lock the fuzzer's own sign-in out.
  const harness = useHarness(kind, kind === 'postgres' ? cluster : null, {
    distDir: fakeDist(),
    settings: { loginAttempts: { max: 1_000_000, windowMs: 60_000 } },
  });

  it(
    'answers every generated request below 500, and a 4xx writes nothing',
    async () => {
      const h = harness();
      const fixtures: Fixtures = { cookie: h.adminCookie, ...(await enroll(h, h.adminCookie)) };
      // Something to read: entries, a status change.
      await h.app.inject({
        method: 'POST',
        url: '/api/entries',
        headers: { authorization: `Bearer ${fixtures.credential}` },
        payload: {
          entries: [
            {
              id: randomUUID(),
              time: h.clock.now,
              checkpoint: 'Fuzz gate',
              direction: 'in',
              reason: 'ok',
              decision: 'admit',
              cid: 'AAECAwQFBgcICQoLDA0ODw',
            },
          ],
        },
      });
      const routes = h.app.routeTable
        .filter((r) => r.method !== 'HEAD' || !h.app.routeTable.some((g) => g.method === 'GET' && g.url === r.url))
        .concat(h.app.routeTable.filter((r) => r.method === 'HEAD').slice(0, 1));
      expect(routes.length).toBeGreaterThan(15);
      const failures: string[] = [];
      const statuses = new Map<string, Map<number, number>>();
      // The tables as the last refused request left them: the next case's "before" without
      // reading them again (most generated requests are refused). Unknown after anything
      // else: a GET that succeeds may write (an audited trace), and so does refresh().
      let known: string | null = null;
      for (const route of routes) {
        try {
          await fc.assert(
            fc.asyncProperty(
              caseArbitrary(route, () => fixtures),
              async (c) => {
                const before = known ?? (await fingerprint(h));
                known = null;
                const response = await send(h, route, c, fixtures);
                const seen = statuses.get(`${route.method} ${route.url}`) ?? new Map<number, number>();
                seen.set(response.statusCode, (seen.get(response.statusCode) ?? 0) + 1);
                statuses.set(`${route.method} ${route.url}`, seen);
                if (response.statusCode >= 500)
                  throw new Error(`${route.method} ${urlOf(route, c)} -> ${response.statusCode} ${response.body.slice(0, 300)}`);
                if (response.statusCode >= 400) {
                  const after = await fingerprint(h);
                  if (after !== before)
                    throw new Error(`${route.method} ${urlOf(route, c)} -> ${response.statusCode} but wrote: ${before} => ${after}`);
                  known = after;
                } else if (route.method !== 'GET') await refresh(h, fixtures);
              },
            ),
            { numRuns: RUNS, ...(SEED === undefined ? {} : { seed: SEED }), endOnFailure: true },
          );
        } catch (error) {
          const message = (error as Error).message;
          const cause = (error as Error & { cause?: unknown }).cause;
          const got = cause instanceof Error ? cause.message : (/Got error: (.*)/.exec(message)?.[1] ?? message.split('\n')[0]);
          const seed = /seed: (-?\d+), path: "([^"]*)"/.exec(message);
          failures.push(`${route.method} ${route.url}: ${got}${seed ? ` (FUZZ_SEED=${seed[1]} path ${seed[2]})` : ''}`);
        }
      }
      if (process.env.FUZZ_VERBOSE)
        for (const [route, seen] of statuses)
          console.log(
            `${kind} ${route}: ${[...seen]
              .sort(([a], [b]) => a - b)
              .map(([code, n]) => `${code}x${n}`)
              .join(' ')}`,
          );
      expect(failures).toEqual([]);
    },
    Math.max(240_000, RUNS * 16_000),
  );
});
