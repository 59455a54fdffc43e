import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import type { EntryUpload } from '../../core/index.ts';
import { DB_KINDS, useHarness, usePostgres } from '../test-support/harness.ts';

const entry = (over: Partial<EntryUpload> = {}): EntryUpload => ({
  id: randomUUID(),
  time: Date.now(),
  checkpoint: 'North gate',
  direction: 'in',
  reason: 'ok',
  decision: 'admit',
  cid: 'AAECAwQFBgcICQoLDA0ODw',
  kid: 'AAECAwQFBgc',
  ...over,
});

const cluster = usePostgres();

describe.each(DB_KINDS)('enrollment, devices and entries (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { enrollmentTtlMs: 60_000 } });

  const post = (credential: string | null, payload: unknown, headers: Record<string, string> = {}) =>
    h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { ...(credential ? { authorization: `Bearer ${credential}` } : {}), 'content-type': 'application/json', ...headers },
      payload: typeof payload === 'string' ? payload : JSON.stringify(payload),
    });

  it('enrolls with a one-time token from the checkpoint QR, and never twice', async () => {
    const created = await h().admin('POST', '/api/admin/checkpoints', {
      name: '东门 East gate',
      site: 'Campus',
      policy: { yellow: 'refuse', warnAfter: 3600, staleAfter: 7200 },
    });
    expect(created.statusCode).toBe(201);
    const checkpoint = created.json().checkpoint;
    const offer = await h().admin('POST', `/api/admin/checkpoints/${checkpoint.id}/enrollment`);
    expect(offer.statusCode).toBe(201);
    const { text, svg, token } = offer.json();
    const { parseEnrollmentText } = await import('../../core/index.ts');
    expect(parseEnrollmentText(text)).toMatchObject({ ok: true, offer: { token, checkpoint: '东门 East gate', url: 'http://localhost' } });
    expect(svg).toMatch(/^<svg/);

    const devicesBefore = await h().count('devices');
    const first = await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName: 'tablet' } });
    expect(first.statusCode).toBe(201);
    expect(first.json()).toMatchObject({
      checkpoint: {
        id: checkpoint.id,
        name: '东门 East gate',
        site: 'Campus',
        policy: { yellow: 'refuse', expiredTrust: 'admit', warnAfter: 3600, staleAfter: 7200 },
      },
    });
    expect(first.json().credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    const again = await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token } });
    expect(again.statusCode).toBe(401);
    expect(again.json().error).toMatch(/enrollment token/);
    expect(await h().count('devices')).toBe(devicesBefore + 1);

    // The credential is stored only as a hash.
    const [row] = await h().ctx.db.query<{ credential_hash: string }>('SELECT credential_hash FROM devices WHERE id = $1', [
      first.json().deviceId,
    ]);
    expect(row!.credential_hash).not.toContain(first.json().credential);
    expect(row!.credential_hash).toMatch(/^[0-9a-f]{64}$/);

    const me = await h().app.inject({
      method: 'GET',
      url: '/api/checkpoint',
      headers: { authorization: `Bearer ${first.json().credential}` },
    });
    expect(me.statusCode).toBe(200);
    expect(me.json()).toMatchObject({
      checkpoint: { id: checkpoint.id, name: '东门 East gate', site: 'Campus' },
      policy: { yellow: 'refuse' },
      serverTime: h().clock.now,
    });
  });

  it('refuses unknown, malformed and expired enrollment tokens, writing nothing', async () => {
    const devices = await h().count('devices');
    expect((await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token: 'A'.repeat(43) } })).statusCode).toBe(401);
    expect((await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token: 12 } })).statusCode).toBe(400);
    expect(
      (await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token: 'A'.repeat(43), name: 'x' } })).statusCode,
    ).toBe(400);
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/devices/enroll',
          headers: { 'content-type': 'application/json' },
          payload: '{"token":',
        })
      ).statusCode,
    ).toBe(400);
    const created = await h().admin('POST', '/api/admin/checkpoints', { name: 'Late gate' });
    const { token } = (await h().admin('POST', `/api/admin/checkpoints/${created.json().checkpoint.id}/enrollment`)).json();
    h().clock.advance(61_000);
    const late = await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token } });
    expect(late.statusCode).toBe(401);
    expect(await h().count('devices')).toBe(devices);
  });

  it('stores a batch and acknowledges every id with the server time', async () => {
    const { credential, deviceId, checkpointId } = await h().enroll();
    const batch = [
      entry(),
      entry({
        reason: 'status_yellow',
        decision: 'refer',
        override: { decision: 'admit', reason: 'supervisor', at: h().clock.now - 5 },
        clockNote: 'clock 3 min behind',
      }),
      entry({ reason: 'not_a_health_code', decision: 'refuse', cid: undefined, kid: undefined }),
    ];
    const before = await h().count('entries');
    const response = await post(credential, { entries: batch });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ acknowledged: batch.map((e) => e.id), serverTime: h().clock.now });
    expect(await h().count('entries')).toBe(before + 3);
    const rows = await h().ctx.db.query<Record<string, unknown>>('SELECT * FROM entries WHERE id = $1', [batch[1]!.id]);
    expect(rows[0]).toMatchObject({
      device_id: deviceId,
      checkpoint_id: checkpointId,
      checkpoint_label: 'North gate',
      reason: 'status_yellow',
      decision: 'refer',
      override: { decision: 'admit', reason: 'supervisor', at: h().clock.now - 5 },
      clock_note: 'clock 3 min behind',
      time_ms: batch[1]!.time,
    });
    const [device] = await h().ctx.db.query<{ last_seen_ms: number }>('SELECT last_seen_ms FROM devices WHERE id = $1', [deviceId]);
    expect(device!.last_seen_ms).toBe(h().clock.now);
  });

  it('never duplicates on retry, in any letter case, or within a batch', async () => {
    const { credential } = await h().enroll();
    const batch = Array.from({ length: 50 }, () => entry());
    const before = await h().count('entries');
    expect((await post(credential, { entries: batch })).statusCode).toBe(200);
    const retry = await post(credential, { entries: batch });
    expect(retry.statusCode).toBe(200);
    expect(retry.json().acknowledged).toEqual(batch.map((e) => e.id));
    const upper = batch.slice(0, 5).map((e) => ({ ...e, id: e.id.toUpperCase() }));
    const fresh = Array.from({ length: 10 }, () => entry());
    const mixed = await post(credential, { entries: [...upper, ...fresh, fresh[0]!] });
    expect(mixed.json().acknowledged).toEqual([...upper.map((e) => e.id), ...fresh.map((e) => e.id)]);
    expect(await h().count('entries')).toBe(before + 60);
  });

  it('records a guard override made after the first upload, newest first, and nothing else', async () => {
    const { credential } = await h().enroll();
    const overrideOf = async (id: string) =>
      (await h().ctx.db.query<{ override: unknown }>('SELECT override FROM entries WHERE id = $1', [id]))[0]!.override;
    const first = entry({ reason: 'status_red', decision: 'refuse' });
    const other = entry();
    const before = await h().count('entries');
    expect((await post(credential, { entries: [first, other] })).statusCode).toBe(200);
    expect(await overrideOf(first.id)).toBeNull();

    // The guard admits anyway after the upload; the device re-sends the entry with it.
    const admitted = { decision: 'admit' as const, reason: 'supervisor approved', at: first.time + 60_000 };
    const resend = await post(credential, { entries: [{ ...first, override: admitted }, other] });
    expect(resend.json().acknowledged).toEqual([first.id, other.id]);
    expect(await overrideOf(first.id)).toEqual(admitted);

    // Retries, an older override, or the entry without one leave the newest in place; the
    // entry's other fields are never rewritten by a re-send.
    const older = { decision: 'refuse' as const, reason: 'changed mind', at: first.time + 1 };
    for (const again of [
      { ...first, override: admitted },
      { ...first, override: older },
      first,
      { ...first, id: first.id.toUpperCase(), override: older, reason: 'ok' as const, decision: 'admit' as const },
    ]) {
      expect((await post(credential, { entries: [again] })).statusCode).toBe(200);
    }
    expect(await overrideOf(first.id)).toEqual(admitted);
    const [row] = await h().ctx.db.query<{ reason: string; decision: string }>('SELECT reason, decision FROM entries WHERE id = $1', [
      first.id,
    ]);
    expect(row).toEqual({ reason: 'status_red', decision: 'refuse' });

    // A newer one replaces it; a batch naming the entry twice keeps its newest override.
    const newer = { decision: 'refuse' as const, reason: 'wrong person', at: first.time + 120_000 };
    const newest = { decision: 'admit' as const, reason: 'id checked', at: first.time + 180_000 };
    const twice = await post(credential, {
      entries: [
        { ...first, override: newest },
        { ...first, override: newer },
      ],
    });
    expect(twice.json().acknowledged).toEqual([first.id]);
    expect(await overrideOf(first.id)).toEqual(newest);
    expect(await h().count('entries')).toBe(before + 2);
  });

  it('never lets another device amend an entry it did not upload', async () => {
    const mine = await h().enroll('Gate one');
    const theirs = await h().enroll('Gate two');
    const scan = entry({ reason: 'status_yellow', decision: 'refer' });
    expect((await post(mine.credential, { entries: [scan] })).statusCode).toBe(200);
    const forged = await post(theirs.credential, {
      entries: [{ ...scan, override: { decision: 'admit', reason: 'forged', at: scan.time + 1 } }],
    });
    expect(forged.statusCode).toBe(200);
    const [row] = await h().ctx.db.query<{ override: unknown; device_id: string }>(
      'SELECT override, device_id FROM entries WHERE id = $1',
      [scan.id],
    );
    expect(row).toEqual({ override: null, device_id: mine.deviceId });
  });

  it.each([
    ['malformed JSON', '{"entries": [', 400],
    ['a JSON array', '[]', 400],
    ['entries not an array', { entries: { id: 1 } }, 400],
    ['a string time', { entries: [entry(), { ...entry(), time: '1764190000' }] }, 400],
    ['a name in an entry', { entries: [entry(), { ...entry(), name: '张三' }] }, 400],
    ['an unknown reason', { entries: [{ ...entry(), reason: 'fine' }] }, 400],
    ['too many entries', { entries: Array.from({ length: 1001 }, () => entry()) }, 400],
  ])('refuses %s with a clear 4xx and writes nothing', async (_label, payload, status) => {
    const { credential } = await h().enroll();
    const before = await h().count('entries');
    const response = await post(credential, payload);
    expect(response.statusCode).toBe(status);
    expect(typeof response.json().error).toBe('string');
    expect(response.json().error.length).toBeGreaterThan(5);
    expect(await h().count('entries')).toBe(before);
  });

  it('names the refused entry and field of a refused batch', async () => {
    const { credential } = await h().enroll();
    const response = await post(credential, { entries: [entry(), { ...entry(), direction: 'up', cid: 5 }] });
    // The schema check stops at the first problem (Ajv allErrors off: bounded work per request).
    expect(response.json().problems).toEqual([{ index: 1, field: 'direction', problem: 'invalid' }]);
    expect(response.json().field).toBe('entries.1.direction');
    const unknown = await post(credential, { entries: [{ ...entry(), name: '张三' }] });
    expect(unknown.json().problems).toEqual([{ index: 0, field: 'name', problem: 'unknown_field' }]);
    const missing = await post(credential, { entries: [entry(), entry(), { ...entry(), override: { decision: 'admit', reason: 'x' } }] });
    expect(missing.json().problems).toEqual([{ index: 2, field: 'override.at', problem: 'missing' }]);
  });

  // Issue 8: NUL and lone surrogates were a 500 ("unsupported Unicode escape sequence") on
  // both engines, and blocked the device's batch for ever.
  it.each([
    ['a NUL in the checkpoint label', { checkpoint: 'North\u0000gate' }, 'checkpoint'],
    ['a lone surrogate in the clock note', { clockNote: 'clock \ud800 off' }, 'clockNote'],
    [
      'a lone low surrogate in an override reason',
      { override: { decision: 'admit', reason: 'ok \udc00', at: Date.now() } },
      'override.reason',
    ],
    ['a control character in the checkpoint label', { checkpoint: 'bell\u0007' }, 'checkpoint'],
    ['a time before 2020', { time: Date.UTC(2019, 11, 31) }, 'time'],
    ['a time of 9007199254740991', { time: 9007199254740991 }, 'time'],
    ['an override at before 2020', { override: { decision: 'admit', reason: 'x', at: 5 } }, 'override.at'],
  ])('refuses %s with 400 naming the field, writing nothing', async (_label, over, field) => {
    const { credential } = await h().enroll();
    const before = await h().count('entries');
    const response = await post(credential, { entries: [entry(), entry(over as Partial<EntryUpload>)] });
    expect(response.statusCode).toBe(400);
    expect(response.json().problems).toEqual([{ index: 1, field, problem: 'invalid' }]);
    expect(await h().count('entries')).toBe(before);
  });

  it('refuses times more than a day after the server clock, and takes them up to that', async () => {
    const { credential } = await h().enroll();
    const before = await h().count('entries');
    const now = h().clock.now;
    const ahead = await post(credential, {
      entries: [
        entry({ time: now + 86_400_001 }),
        entry(),
        entry({ override: { decision: 'refuse', reason: 'x', at: now + 2 * 86_400_000 } }),
      ],
    });
    expect(ahead.statusCode).toBe(400);
    expect(ahead.json().problems).toEqual([
      { index: 0, field: 'time', problem: 'invalid' },
      { index: 2, field: 'override.at', problem: 'invalid' },
    ]);
    expect(await h().count('entries')).toBe(before);
    const edge = await post(credential, { entries: [entry({ time: now + 86_400_000 }), entry({ time: Date.UTC(2020, 0, 1) })] });
    expect(edge.statusCode).toBe(200);
  });

  it('takes text with emoji and CJK (surrogate pairs are not lone surrogates)', async () => {
    const { credential } = await h().enroll();
    const response = await post(credential, { entries: [entry({ checkpoint: '东门 🚪', clockNote: '时钟慢 3 分钟 ⏰' })] });
    expect(response.statusCode).toBe(200);
  });

  it('refuses a device name with NUL or a lone surrogate (400), and the token still enrolls after', async () => {
    const created = await h().admin('POST', '/api/admin/checkpoints', { name: 'Name gate' });
    const { token } = (await h().admin('POST', `/api/admin/checkpoints/${created.json().checkpoint.id}/enrollment`)).json();
    const devices = await h().count('devices');
    for (const deviceName of ['tab\u0000let', 'tab\ud83dlet', 'x'.repeat(101)]) {
      const refused = await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().field).toBe('deviceName');
    }
    expect(await h().count('devices')).toBe(devices);
    expect(
      (await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName: 'tablet 📱' } })).statusCode,
    ).toBe(201);
  });

  it('refuses device names that are bidirectional controls or invisible only, at enrollment and rename', async () => {
    const created = await h().admin('POST', '/api/admin/checkpoints', { name: 'Bidi gate' });
    const { token } = (await h().admin('POST', `/api/admin/checkpoints/${created.json().checkpoint.id}/enrollment`)).json();
    const devices = await h().count('devices');
    for (const deviceName of ['phone \u202egnp.exe', '\u200b\u2060', '\u200b \u200d']) {
      const refused = await h().app.inject({ method: 'POST', url: '/api/devices/enroll', payload: { token, deviceName } });
      expect(refused.statusCode).toBe(400);
      expect(refused.json()).toMatchObject({ field: 'deviceName', error: expect.stringMatching(/device name/) });
    }
    expect(await h().count('devices')).toBe(devices);
    const { deviceId } = await h().enroll('Rename gate');
    const renamed = await h().admin('PATCH', `/api/admin/devices/${deviceId}`, { name: '\u200b' });
    expect(renamed.statusCode).toBe(400);
    expect(renamed.json().field).toBe('name');
    const ok = await h().admin('PATCH', `/api/admin/devices/${deviceId}`, { name: '  东门 手机 2 ' });
    expect(ok.json().device.name).toBe('东门 手机 2');
  });

  it("lets a device rename itself with the console's rule, audited with the device as the actor", async () => {
    const { deviceId, credential, checkpointId } = await h().enroll('Self gate');
    const rename = (name: unknown, auth = credential) =>
      h().app.inject({
        method: 'PATCH',
        url: '/api/device',
        headers: { authorization: `Bearer ${auth}` },
        payload: { name },
      });
    const stored = async () =>
      ((await h().admin('GET', '/api/admin/devices')).json().devices as { id: string; name: string }[]).find((d) => d.id === deviceId)!
        .name;
    const audits = () =>
      h().ctx.db.query<{ account_id: string | null; account_name: string; action: string; target: string; client: string }>(
        "SELECT account_id, account_name, action, target, client FROM audit_log WHERE action = 'device.rename' AND target = $1 ORDER BY id",
        [deviceId],
      );

    const renamed = await rename('  东门 手机 7 ');
    expect(renamed.statusCode).toBe(200);
    expect(renamed.json()).toEqual({ deviceId, name: '东门 手机 7' });
    expect(await stored()).toBe('东门 手机 7');
    expect(await audits()).toEqual([
      { account_id: null, account_name: `device ${deviceId}`, action: 'device.rename', target: deviceId, client: '127.0.0.1' },
    ]);
    // The phone learns its name (and a rename in the console) with its checkpoint.
    const me = await h().app.inject({ method: 'GET', url: '/api/checkpoint', headers: { authorization: `Bearer ${credential}` } });
    expect(me.json()).toMatchObject({ checkpoint: { id: checkpointId }, deviceName: '东门 手机 7' });

    // Names need not be unique (as in the console): a second device may take the same one.
    const other = await h().enroll('Self gate');
    expect((await rename('东门 手机 7', other.credential)).json()).toEqual({ deviceId: other.deviceId, name: '东门 手机 7' });

    // Bad names: a 400 naming the field (and the rule, where the schema did not refuse it first); nothing changes.
    const auditCount = (await audits()).length;
    for (const [name, problem] of [
      ['tab\u0000let', undefined],
      ['tab\ud83dlet', undefined],
      ['x'.repeat(101), undefined],
      [42, undefined],
      ['phone \u202egnp.exe', 'bidi_control'],
      ['\u200b\u2060', 'invisible'],
      ['\u200b \u200d', 'invisible'],
    ] as const) {
      const refused = await rename(name);
      expect(refused.statusCode, JSON.stringify(name)).toBe(400);
      expect(refused.json()).toMatchObject({ error: expect.any(String), field: 'name', ...(problem ? { problem } : {}) });
    }
    const extra = await h().app.inject({
      method: 'PATCH',
      url: '/api/device',
      headers: { authorization: `Bearer ${credential}` },
      payload: { name: 'ok', checkpointId },
    });
    expect(extra.statusCode).toBe(400);
    expect(await stored()).toBe('东门 手机 7');
    expect((await audits()).length).toBe(auditCount);

    // A blank name clears it, as in the console.
    expect((await rename('   ')).json().name).toBe('');

    // No credential, an unknown one, a revoked device: 401, nothing changes.
    expect((await h().app.inject({ method: 'PATCH', url: '/api/device', payload: { name: 'x' } })).statusCode).toBe(401);
    expect((await rename('x', 'A'.repeat(43))).statusCode).toBe(401);
    expect((await h().admin('POST', `/api/admin/devices/${deviceId}/revoke`)).statusCode).toBe(200);
    const revoked = await rename('after revoke');
    expect(revoked.statusCode).toBe(401);
    expect(revoked.headers['www-authenticate']).toBe('Bearer');
    expect(await stored()).toBe('');
  });

  it('previews an enrollment without spending it: the checkpoint and one more than its devices', async () => {
    const { checkpointId } = await h().enroll('Preview gate');
    const { token } = (await h().admin('POST', `/api/admin/checkpoints/${checkpointId}/enrollment`)).json();
    const preview = () => h().app.inject({ method: 'POST', url: '/api/devices/enroll/preview', payload: { token } });
    const first = await preview();
    expect(first.statusCode).toBe(200);
    expect(first.json()).toEqual({ checkpoint: { id: checkpointId, name: 'Preview gate' }, deviceNumber: 2 });
    expect((await preview()).json().deviceNumber).toBe(2);
    const enrolled = await h().app.inject({
      method: 'POST',
      url: '/api/devices/enroll',
      payload: { token, deviceName: 'Preview gate phone 2' },
    });
    expect(enrolled.statusCode).toBe(201);
    expect((await preview()).statusCode).toBe(401);
  });

  it('stores scans made before enrollment with no checkpoint: in entries, statistics and overrides', async () => {
    const { credential, checkpointId } = await h().enroll('Before gate');
    const early = entry({ checkpoint: '', beforeEnrollment: true, reason: 'status_red', decision: 'refuse', time: h().clock.now - 60_000 });
    const late = entry({ time: h().clock.now - 1000 });
    expect((await post(credential, { entries: [early, late] })).statusCode).toBe(200);
    const rows = await h().ctx.db.query<{ id: string; checkpoint_id: string | null }>(
      'SELECT id::text, checkpoint_id::text FROM entries WHERE id = ANY($1::uuid[]) ORDER BY time_ms',
      [[early.id, late.id]],
    );
    expect(rows).toEqual([
      { id: early.id, checkpoint_id: null },
      { id: late.id, checkpoint_id: checkpointId },
    ]);
    // The guard overrides it later: the rollups move it between counts under no checkpoint.
    const override = { decision: 'admit' as const, reason: 'supervisor', at: h().clock.now };
    expect((await post(credential, { entries: [{ ...early, override }] })).statusCode).toBe(200);
    const listed = await h().admin('GET', `/api/admin/entries?cid=${early.cid}`);
    expect(listed.json().entries.find((e: { id: string }) => e.id === early.id)).toMatchObject({
      checkpointId: null,
      checkpointName: null,
    });
    // Whole hours: the statistics read the rollups, not the entries.
    const hour = 3_600_000;
    const from = Math.floor(h().clock.now / hour) * hour - hour;
    const stats = await h().admin('GET', `/api/admin/stats?from=${from}&to=${from + 3 * hour}`);
    expect(stats.statusCode).toBe(200);
    const byCheckpoint = stats.json().byCheckpoint as {
      checkpointId: string | null;
      scans: number;
      admitted: number;
      overridden: number;
    }[];
    expect(byCheckpoint.find((c) => c.checkpointId === null)).toMatchObject({ scans: 1, admitted: 1, overridden: 1 });
    expect(byCheckpoint.find((c) => c.checkpointId === checkpointId)).toMatchObject({ scans: 1 });
  });

  it("stores an 'other' override's note, and refuses one that prints as nothing or reorders text", async () => {
    const { credential } = await h().enroll('Note gate');
    const at = h().clock.now;
    for (const note of ['\u200b', 'a\u202eb', '']) {
      const refused = await post(credential, { entries: [entry({ override: { decision: 'refuse', reason: 'other', note, at } })] });
      expect(refused.statusCode).toBe(400);
      expect(refused.json().error).toMatch(/override[./]note/);
    }
    const noted = entry({ override: { decision: 'refuse', reason: 'other', note: '家属来接 family pick-up', at } });
    expect((await post(credential, { entries: [noted] })).statusCode).toBe(200);
    const listed = await h().admin('GET', `/api/admin/entries?cid=${noted.cid}`);
    const stored = listed.json().entries.find((e: { id: string }) => e.id === noted.id);
    expect(stored.override).toEqual({ decision: 'refuse', reason: 'other', note: '家属来接 family pick-up', at });
    const csv = await h().admin('GET', `/api/admin/entries.csv?cid=${noted.cid}`);
    expect(csv.body).toContain(',other,家属来接 family pick-up,');
  });

  it('refuses a 10 MB body with 413 and writes nothing', async () => {
    const { credential } = await h().enroll();
    const before = await h().count('entries');
    const big = JSON.stringify({ entries: [entry({ clockNote: 'x'.repeat(10 * 1024 * 1024) })] });
    const response = await post(credential, big);
    expect(response.statusCode).toBe(413);
    expect(response.json().error).toMatch(/too large/i);
    expect(await h().count('entries')).toBe(before);
  });

  it('refuses a body that is not JSON with 415', async () => {
    const { credential } = await h().enroll();
    const response = await post(credential, 'entries=1', { 'content-type': 'application/x-www-form-urlencoded' });
    expect(response.statusCode).toBe(415);
    expect(response.json().error).toBeTruthy();
  });

  it('refuses uploads without a credential, with an unknown one, or from a revoked device (401, nothing written)', async () => {
    const { credential, deviceId } = await h().enroll();
    const before = await h().count('entries');
    for (const auth of [null, 'A'.repeat(43), 'not a token']) {
      const response = await post(auth, { entries: [entry()] });
      expect(response.statusCode).toBe(401);
      expect(response.headers['www-authenticate']).toBe('Bearer');
    }
    expect((await h().app.inject({ method: 'GET', url: '/api/checkpoint', headers: { authorization: 'Basic abc' } })).statusCode).toBe(401);
    expect((await post(credential, { entries: [entry()] })).statusCode).toBe(200);
    const revoked = await h().admin('POST', `/api/admin/devices/${deviceId}/revoke`);
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json().device.revokedMs).toBe(h().clock.now);
    const after = await post(credential, { entries: [entry()] });
    expect(after.statusCode).toBe(401);
    expect(
      (await h().app.inject({ method: 'GET', url: '/api/checkpoint', headers: { authorization: `Bearer ${credential}` } })).statusCode,
    ).toBe(401);
    expect(await h().count('entries')).toBe(before + 1);
    const devices = (await h().admin('GET', '/api/admin/devices')).json().devices as { id: string; revokedMs: number | null }[];
    expect(devices.find((d) => d.id === deviceId)!.revokedMs).not.toBeNull();
  });
});
