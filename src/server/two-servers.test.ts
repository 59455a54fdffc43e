/**
 * Two `gatecheck serve` processes (bin/gatecheck.js) on one PostgreSQL, behind nothing but
 * different ports: devices enrolled on either, uploads through both (the same batches on
 * both at once, too) stored exactly once, status changes published on both at the same
 * time forming one unbroken, verifiable delta chain, and a session from either valid on
 * both.
 */
import { randomBytes, randomUUID } from 'node:crypto';
import { cpSync, mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  b64uEncode,
  MemoryStatusList,
  openStatusList,
  openTrustBundle,
  tweetnaclEd25519,
  type EntryUpload,
  type Envelope,
} from '../core/index.ts';
import { openPostgres } from './db/postgres-db.ts';
import type { Db } from './db/db.ts';
import { usePostgres } from './test-support/harness.ts';
import { demoKeysFolder, spawnServer, type ServerProcess } from './test-support/server-process.ts';

const PASSWORD = 'two servers password';
const cluster = usePostgres();

const entry = (over: Partial<EntryUpload> = {}): EntryUpload => ({
  id: randomUUID(),
  time: Date.now(),
  checkpoint: 'Gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: b64uEncode(randomBytes(16)),
  ...over,
});

describe('two servers on one PostgreSQL', () => {
  let root = '';
  let db: Db;
  const servers: ServerProcess[] = [];
  const cookies: string[] = [];

  const call = async (server: ServerProcess, method: string, path: string, body?: unknown, headers: Record<string, string> = {}) => {
    const response = await fetch(server.url + path, {
      method,
      headers: { ...(body === undefined ? {} : { 'content-type': 'application/json' }), ...headers },
      ...(body === undefined ? {} : { body: JSON.stringify(body) }),
    });
    const text = await response.text();
    return { status: response.status, json: text ? JSON.parse(text) : null, headers: response.headers };
  };
  const admin = (i: number, method: string, path: string, body?: unknown) => call(servers[i]!, method, path, body, { cookie: cookies[i]! });

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'gatecheck-two-'));
    const databaseUrl = await (await cluster()).createDatabase(`two_${process.pid}`);
    const env = { GATECHECK_ADMIN_PASSWORD: PASSWORD, DATABASE_URL: databaseUrl };
    // One keyset and trust bundle (the demo's, made as keygen and trust would; --demo itself is
    // refused with DATABASE_URL); the second server gets the same keys (it signs with the same
    // status key) and trust file, as an operator copies them.
    servers.push(await spawnServer(await demoKeysFolder(join(root, 'a')), env, 60_000, []));
    mkdirSync(join(root, 'b'), { mode: 0o700 });
    cpSync(join(root, 'a', 'keys'), join(root, 'b', 'keys'), { recursive: true });
    cpSync(join(root, 'a', 'trust.json'), join(root, 'b', 'trust.json'));
    servers.push(await spawnServer(join(root, 'b'), env, 60_000, []));
    db = await openPostgres(databaseUrl, 2);
    for (const server of servers) {
      const login = await call(server, 'POST', '/api/admin/login', { password: PASSWORD });
      expect(login.status).toBe(200);
      cookies.push(login.headers.get('set-cookie')!.split(';')[0]!);
    }
  }, 120_000);

  afterAll(async () => {
    await db?.close();
    for (const server of servers) {
      server.child.kill('SIGTERM');
      await server.exited;
    }
    rmSync(root, { recursive: true, force: true });
  });

  it('accepts a session signed in on either server on both', async () => {
    for (const cookie of cookies) {
      for (const server of servers) expect((await call(server, 'GET', '/api/admin/session', undefined, { cookie })).status).toBe(200);
    }
    const out = await call(servers[0]!, 'POST', '/api/admin/logout', {}, { cookie: cookies[0]! });
    expect(out.status).toBeLessThan(300);
    expect((await call(servers[1]!, 'GET', '/api/admin/session', undefined, { cookie: cookies[0]! })).status).toBe(401);
    const again = await call(servers[1]!, 'POST', '/api/admin/login', { password: PASSWORD });
    cookies[0] = again.headers.get('set-cookie')!.split(';')[0]!;
    expect((await call(servers[0]!, 'GET', '/api/admin/session', undefined, { cookie: cookies[0] })).status).toBe(200);
  });

  it('stores every entry once with devices split across the servers, the same batches sent to both at once', async () => {
    // A checkpoint made on one server, its devices enrolled through both.
    const { json: created } = await admin(0, 'POST', '/api/admin/checkpoints', { name: 'Shared gate' });
    const credentials: string[] = [];
    for (const i of [0, 1, 1, 0]) {
      const { json: offer } = await admin(i === 0 ? 1 : 0, 'POST', `/api/admin/checkpoints/${created.checkpoint.id}/enrollment`, {});
      const enrolled = await call(servers[i]!, 'POST', '/api/devices/enroll', { token: offer.token });
      expect(enrolled.status).toBe(201);
      credentials.push(enrolled.json.credential);
    }
    const before = Number((await db.query<{ n: number }>('SELECT count(*)::bigint AS n FROM entries'))[0]!.n);
    const sent = new Set<string>();
    // Each device uploads 6 batches of 100; every batch goes to its own server, and half of
    // them to the other server at the same moment too (a retry that took another route).
    await Promise.all(
      credentials.map(async (credential, d) => {
        for (let b = 0; b < 6; b++) {
          const batch = Array.from({ length: 100 }, () =>
            entry({ reason: b % 2 ? 'status_yellow' : 'ok', decision: b % 2 ? 'refer' : 'admit' }),
          );
          for (const e of batch) sent.add(e.id);
          const targets = b % 2 === 0 ? [d % 2, 1 - (d % 2)] : [d % 2];
          const replies = await Promise.all(
            targets.map((i) => call(servers[i]!, 'POST', '/api/entries', { entries: batch }, { authorization: `Bearer ${credential}` })),
          );
          for (const reply of replies) {
            expect(reply.status).toBe(200);
            expect(reply.json.acknowledged).toHaveLength(100);
          }
        }
      }),
    );
    const [counts] = await db.query<{ n: number; ids: number }>(
      'SELECT count(*)::bigint AS n, count(DISTINCT id)::bigint AS ids FROM entries',
    );
    expect(counts!.n - before).toBe(sent.size);
    expect(counts!.ids).toBe(counts!.n);
    const [rolled] = await db.query<{ n: number }>('SELECT sum(scans)::bigint AS n FROM entry_hourly');
    expect(rolled!.n).toBe(counts!.n);

    // A guard's override re-sent through the other server is recorded once and counted.
    const [one] = await db.query<{ id: string; device_id: string }>(
      "SELECT id::text, device_id::text FROM entries WHERE reason = 'status_yellow' LIMIT 1",
    );
    const statsBefore = (await admin(0, 'GET', `/api/admin/stats?from=${Date.now() - 3600_000}&to=${Date.now() + 3600_000}`)).json;
    const [stored] = await db.query<{ time_ms: number }>('SELECT time_ms FROM entries WHERE id = $1', [one!.id]);
    // Devices were enrolled one after the other, in the order of `credentials`.
    const devices = await db.query<{ id: string }>('SELECT id::text FROM devices WHERE checkpoint_id = $1 ORDER BY created_ms', [
      created.checkpoint.id,
    ]);
    const ownerIndex = devices.findIndex((d) => d.id === one!.device_id);
    expect(ownerIndex).toBeGreaterThanOrEqual(0);
    const override = {
      id: one!.id,
      time: stored!.time_ms,
      checkpoint: 'Gate',
      direction: 'in',
      reason: 'status_yellow',
      decision: 'refer',
      override: { decision: 'refuse', reason: 'supervisor', at: Date.now() },
    };
    const replies = await Promise.all(
      servers.map((s) => call(s, 'POST', '/api/entries', { entries: [override] }, { authorization: `Bearer ${credentials[ownerIndex]}` })),
    );
    for (const reply of replies) expect(reply.status).toBe(200);
    const statsAfter = (await admin(1, 'GET', `/api/admin/stats?from=${Date.now() - 3600_000}&to=${Date.now() + 3600_000}`)).json;
    expect(statsAfter.totals.scans).toBe(statsBefore.totals.scans);
    expect(statsAfter.totals.referred).toBe(statsBefore.totals.referred - 1);
    expect(statsAfter.totals.refused).toBe(statsBefore.totals.refused + 1);
  });

  it('publishes status changes made on both servers at the same time as one unbroken chain', async () => {
    const { json: head } = await call(servers[0]!, 'GET', '/api/status/head');
    const published: { from: number; to: number; issuedAt: number }[] = [];
    for (let round = 0; round < 8; round++) {
      const replies = await Promise.all(
        servers.map((_, i) =>
          admin(i, 'POST', '/api/admin/status', {
            changes: Array.from({ length: 1 + ((round + i) % 3) }, () => ({
              cid: b64uEncode(randomBytes(16)),
              status: i ? 'red' : 'yellow',
            })),
          }),
        ),
      );
      for (const reply of replies) {
        expect(reply.status).toBe(200);
        published.push(reply.json);
      }
    }
    // Every delta starts where another ended: one chain, no fork, no gap.
    published.sort((a, b) => a.from - b.from);
    expect(published[0]!.from).toBe(head.seq);
    for (let i = 1; i < published.length; i++) {
      expect(published[i]!.from).toBe(published[i - 1]!.to);
      expect(published[i]!.issuedAt).toBeGreaterThanOrEqual(published[i - 1]!.issuedAt);
    }
    const end = published[published.length - 1]!.to;

    // Both servers serve the same chain, and it verifies and applies on a device's list.
    const { json: trustJson } = await call(servers[1]!, 'GET', '/api/trust');
    const { json: config } = await call(servers[1]!, 'GET', '/config.json');
    const trust = await openTrustBundle(trustJson, new Uint8Array(Buffer.from(config.rootKey, 'base64url')), tweetnaclEd25519);
    if (!trust.ok) throw new Error(trust.detail);
    const chains = await Promise.all(servers.map((s) => call(s, 'GET', `/api/status/deltas?from=${head.seq}`)));
    expect(chains[0]!.json).toEqual(chains[1]!.json);
    const list = new MemoryStatusList();
    list.apply({ authority: 'home', from: 0, to: head.seq, issuedAt: 0, part: 1, parts: 1, entries: [] });
    for (const envelope of chains[0]!.json.envelopes as Envelope[]) {
      const opened = await openStatusList(envelope, trust.bundle, tweetnaclEd25519);
      if (!opened.ok) throw new Error(opened.detail);
      list.apply(opened.document);
    }
    expect(list.seq).toBe(end);
    for (const server of servers) expect((await call(server, 'GET', '/api/status/head')).json.seq).toBe(end);
    const seqs = await db.query<{ seq: number }>('SELECT seq FROM status_changes WHERE seq > $1 ORDER BY seq', [head.seq]);
    expect(seqs.map((r) => r.seq)).toEqual(Array.from({ length: end - head.seq }, (_, i) => head.seq + 1 + i));
  });
});
