/**
 * What an operator sees of a running server: /metrics (who may read it, what it counts) and
 * the first administrator's password kept in DIR/admin-password.txt until it is changed.
 */
import { randomUUID } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { openServer, type OpenedServer } from '../open-server.ts';
import { freshPgliteDb } from '../test-support/fresh-pglite.ts';

const base = mkdtempSync(join(tmpdir(), 'gatecheck-observe-'));
const dataDir = join(base, 'data');
const TOKEN = 'metrics-token-0123456789';
let opened: OpenedServer;
let cookie = '';

beforeAll(async () => {
  opened = await openServer({ dataDir, demo: true, db: await freshPgliteDb(), distDir: null, metricsToken: TOKEN });
  const password = opened.firstRun.adminPassword!;
  const login = await opened.app.inject({ method: 'POST', url: '/api/admin/login', payload: { password } });
  cookie = String(login.headers['set-cookie']).split(';')[0]!;
});
afterAll(async () => {
  await opened?.app.close();
  rmSync(base, { recursive: true, force: true });
});

const metrics = (headers: Record<string, string> = {}, remoteAddress = '127.0.0.1') =>
  opened.app.inject({ method: 'GET', url: '/metrics', headers, remoteAddress });

/** The value of one sample line (`name{labels} value`), or null when absent. */
function sample(text: string, series: string): number | null {
  const line = text.split('\n').find((l) => l.startsWith(`${series} `));
  return line ? Number(line.slice(series.length + 1)) : null;
}

describe('/metrics', () => {
  it('answers this machine and a bearer of the token; never a request through a proxy or from elsewhere without it', async () => {
    const local = await metrics();
    expect(local.statusCode).toBe(200);
    expect(local.headers['content-type']).toMatch(/^text\/plain; version=0\.0\.4/);
    expect((await metrics({ 'x-forwarded-for': '203.0.113.9' })).statusCode).toBe(401);
    expect((await metrics({}, '203.0.113.9')).statusCode).toBe(401);
    expect((await metrics({ authorization: 'Bearer wrong-token-0123456789' }, '203.0.113.9')).statusCode).toBe(401);
    expect((await metrics({ authorization: `Bearer ${TOKEN}` }, '203.0.113.9')).statusCode).toBe(200);
  });

  it('counts entries received and refused, uploads by device, and reads the status chain and queues', async () => {
    const checkpoint = await opened.app.inject({
      method: 'POST',
      url: '/api/admin/checkpoints',
      headers: { cookie },
      payload: { name: 'Metrics gate', site: 'A' },
    });
    const id = checkpoint.json().checkpoint.id as string;
    const { token } = (
      await opened.app.inject({ method: 'POST', url: `/api/admin/checkpoints/${id}/enrollment`, headers: { cookie } })
    ).json();
    const enrolled = (await opened.app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token } })).json();
    const auth = { authorization: `Bearer ${enrolled.credential}` };
    const entry = () => ({
      id: randomUUID(),
      time: Date.now(),
      checkpoint: 'Metrics gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
    });
    const ok = await opened.app.inject({ method: 'POST', url: '/api/entries', headers: auth, payload: { entries: [entry(), entry()] } });
    expect(ok.statusCode).toBe(200);
    const bad = await opened.app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: auth,
      payload: { entries: [entry(), { ...entry(), time: Date.now() + 3 * 86_400_000 }] },
    });
    expect(bad.statusCode).toBe(400);

    const text = (await metrics()).body;
    expect(sample(text, 'gatecheck_entries_received_total')).toBe(2);
    expect(sample(text, 'gatecheck_entries_refused_total')).toBe(2);
    expect(sample(text, `gatecheck_uploads_total{device="${enrolled.deviceId}",outcome="acknowledged"}`)).toBe(1);
    expect(sample(text, `gatecheck_uploads_total{device="${enrolled.deviceId}",outcome="refused"}`)).toBe(1);
    expect(sample(text, 'gatecheck_devices_enrolled')).toBe(1);
    expect(sample(text, 'gatecheck_devices_silent_over_a_day')).toBe(0);
    // The demo's revoked code moved the chain from 1 to 2.
    expect(sample(text, 'gatecheck_status_head_seq')).toBe(2);
    expect(sample(text, 'gatecheck_status_last_publish_timestamp_seconds')).toBeGreaterThan(0);
    expect(sample(text, 'gatecheck_review_queue_size')).toBe(0);
    expect(sample(text, 'gatecheck_issuance_applications{state="pending"}')).toBe(0);
    expect(text).toMatch(/^gatecheck_http_request_duration_seconds_count\{method="POST",route="\/api\/entries",status="2xx"\} 1$/m);
    // Route patterns, never raw paths: no ids in labels.
    expect(text).not.toContain(id);
  });
});

describe('the first administrator password file', () => {
  it('is written owner-only with the generated password, and deleted once that password is changed', async () => {
    const file = opened.firstRun.passwordFile!;
    expect(file).toBe(join(dataDir, 'admin-password.txt'));
    expect(statSync(file).mode & 0o777).toBe(0o600);
    expect(readFileSync(file, 'utf8')).toBe(`admin ${opened.firstRun.adminPassword}\n`);
    const accounts = (await opened.app.inject({ method: 'GET', url: '/api/admin/accounts', headers: { cookie } })).json();
    const admin = (accounts.accounts as { id: string; name: string }[]).find((a) => a.name === 'admin')!;
    // Another account's change leaves it.
    await opened.app.inject({
      method: 'POST',
      url: '/api/admin/accounts',
      headers: { cookie },
      payload: { name: 'viewer1', role: 'viewer' },
    });
    expect(existsSync(file)).toBe(true);
    const changed = await opened.app.inject({
      method: 'POST',
      url: `/api/admin/accounts/${admin.id}/password`,
      headers: { cookie },
      payload: { password: 'a new password of the operator' },
    });
    expect(changed.statusCode).toBe(200);
    expect(existsSync(file)).toBe(false);
  });
});
