/**
 * Accounts and roles on PGlite and PostgreSQL: each role is refused (403) what it may not
 * do and allowed what it may; every change leaves one audit row (who, what, from where) in
 * its own transaction; the audit log refuses UPDATE and DELETE; a database from before the
 * accounts keeps its one password as the account `admin`; text with NUL or lone surrogates
 * is a 400 that writes nothing; checkpoint names are unique per site.
 */
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import type { Role } from '../../core/roles.ts';
import { parseEnrollmentText } from '../../core/index.ts';

const linkOf = (text: string): string => {
  const parsed = parseEnrollmentText(text);
  if (!parsed.ok) throw new Error(parsed.detail);
  return parsed.offer.url;
};
import { hashPassword } from '../admin/password.ts';
import { loadMigrations, migrate } from '../db/migrate.ts';
import { ADMIN_PASSWORD, DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { freshPgliteDb } from '../test-support/fresh-pglite.ts';

const cluster = usePostgres();

async function signIn(
  h: Harness,
  name: string,
  password: string,
  remoteAddress = '10.1.0.1',
): Promise<(method: 'GET' | 'POST' | 'PATCH', url: string, payload?: unknown) => Promise<LightMyRequestResponse>> {
  const login = await h.app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress, payload: { name, password } });
  if (login.statusCode !== 200) throw new Error(`sign-in as ${name}: ${login.statusCode} ${login.body}`);
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  return (method, url, payload) =>
    h.app.inject({ method, url, remoteAddress, headers: { cookie }, ...(payload === undefined ? {} : { payload: payload as object }) });
}

async function auditRows(
  h: Harness,
): Promise<{ account_name: string; action: string; target: string; details: Record<string, unknown>; client: string }[]> {
  return h.ctx.db.query('SELECT account_name, action, target, details, client FROM audit_log ORDER BY id');
}

describe.each(DB_KINDS)('accounts, roles and the audit log (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null);
  const passwords: Partial<Record<Role, string>> = {};

  it('lets an admin add accounts (a generated password shown once), and no two of one name', async () => {
    for (const role of ['viewer', 'reviewer', 'operator'] as const) {
      const created = await h().admin('POST', '/api/admin/accounts', { name: `${role}1`, role });
      expect(created.statusCode, created.body).toBe(201);
      expect(created.json().account).toMatchObject({ name: `${role}1`, role, disabledMs: null });
      passwords[role] = created.json().password;
      expect(passwords[role]).toMatch(/^[A-Za-z0-9_-]{24}$/);
    }
    expect((await h().admin('POST', '/api/admin/accounts', { name: 'viewer1', role: 'admin' })).statusCode).toBe(409);
    for (const name of ['', 'has space', 'a\u0000b', '\ud800', 'x'.repeat(41)])
      expect((await h().admin('POST', '/api/admin/accounts', { name, role: 'viewer' })).statusCode, name).toBe(400);
    expect((await h().admin('POST', '/api/admin/accounts', { name: 'short', role: 'viewer', password: 'too short' })).statusCode).toBe(400);
    const list = (await h().admin('GET', '/api/admin/accounts')).json().accounts as { name: string; role: string }[];
    expect(list.map((a) => `${a.name}:${a.role}`)).toEqual(['admin:admin', 'operator1:operator', 'reviewer1:reviewer', 'viewer1:viewer']);
  });

  it('refuses each role (403) what it may not do, and allows what it may', async () => {
    const { checkpointId, deviceId } = await h().enroll('Role gate');
    const cid = 'AAECAwQFBgcICQoLDA0ODw';
    const writes = [
      ['POST', '/api/admin/checkpoints', { name: `made by {role}` }, 'operate'],
      ['PATCH', `/api/admin/checkpoints/${checkpointId}`, { site: 'changed' }, 'operate'],
      ['POST', `/api/admin/checkpoints/${checkpointId}/enrollment`, undefined, 'operate'],
      ['PATCH', `/api/admin/devices/${deviceId}`, { name: 'renamed' }, 'operate'],
      ['POST', '/api/admin/status/preview', { changes: [{ cid, status: 'red' }] }, 'operate'],
      ['POST', '/api/admin/codes', { status: 'green' }, 'operate'],
      ['POST', '/api/admin/trust', {}, 'administer'],
      ['GET', '/api/admin/accounts', undefined, 'administer'],
      ['POST', '/api/admin/accounts', { name: 'made-by-{role}', role: 'viewer' }, 'administer'],
      ['GET', '/api/admin/audit', undefined, 'administer'],
      ['GET', '/api/admin/audit.csv', undefined, 'administer'],
    ] as const;
    const reads = [
      '/api/admin/checkpoints',
      '/api/admin/devices',
      '/api/admin/entries',
      '/api/admin/stats',
      '/api/admin/status/batches',
      '/api/admin/session',
    ];
    for (const role of ['viewer', 'reviewer', 'operator'] as const) {
      const call = await signIn(h(), `${role}1`, passwords[role]!, `10.1.0.${role.length}`);
      for (const url of reads) expect((await call('GET', url)).statusCode, `${role} GET ${url}`).toBe(200);
      for (const [method, url, body, needs] of writes) {
        const payload = body && JSON.parse(JSON.stringify(body).replaceAll('{role}', role));
        const response = await call(method, url, payload);
        const allowed = needs === 'operate' ? role === 'operator' : false;
        if (allowed) expect(response.statusCode, `${role} ${method} ${url}: ${response.body}`).toBeLessThan(300);
        else expect([response.statusCode, response.json().permission], `${role} ${method} ${url}`).toEqual([403, needs]);
      }
    }
    // The permission is checked before the body: a viewer learns nothing from a malformed request either.
    const viewer = await signIn(h(), 'viewer1', passwords.viewer!, '10.1.0.21');
    expect((await viewer('POST', '/api/admin/checkpoints', { name: 7 })).statusCode).toBe(403);
    expect((await viewer('POST', '/api/admin/status', { changes: 'nonsense' })).statusCode).toBe(403);
    // A sign-in name with NUL or a lone surrogate is a 400, never a database error.
    for (const name of ['admin\u0000', '\ud800'])
      expect(
        (await h().app.inject({ method: 'POST', url: '/api/admin/login', remoteAddress: '10.1.0.22', payload: { name, password: 'x' } }))
          .statusCode,
      ).toBe(400);
    const session = await (await signIn(h(), 'viewer1', passwords.viewer!, '10.1.0.20'))('GET', '/api/admin/session');
    expect(session.json()).toMatchObject({ name: 'viewer1', role: 'viewer', permissions: ['read'] });
  });

  it('records every change with who, what and from where, in the change’s transaction, and never lets a row change', async () => {
    const before = (await auditRows(h())).length;
    const call = await signIn(h(), 'operator1', passwords.operator!, '10.1.0.99');
    const created = await call('POST', '/api/admin/checkpoints', { name: 'Audit gate', site: 'Depot 9' });
    expect(created.statusCode).toBe(201);
    const id = created.json().checkpoint.id;
    // A refused change (a name taken at the site) writes no audit row either.
    expect((await call('POST', '/api/admin/checkpoints', { name: 'audit GATE', site: 'Depot 9' })).statusCode).toBe(409);
    expect((await call('POST', '/api/admin/checkpoints', { name: 'Audit gate', site: 'Depot 10' })).statusCode).toBe(201);
    const rows = (await auditRows(h())).slice(before);
    expect(rows.map((r) => [r.account_name, r.action, r.client])).toEqual([
      ['operator1', 'session.sign_in', '10.1.0.99'],
      ['operator1', 'checkpoint.create', '10.1.0.99'],
      ['operator1', 'checkpoint.create', '10.1.0.99'],
    ]);
    expect(rows[1]!.target).toBe(id);
    expect(JSON.stringify(rows)).not.toContain('Audit gate'); // ids, not names
    await expect(h().ctx.db.query("UPDATE audit_log SET account_name = 'someone else'")).rejects.toThrow(/append-only/);
    await expect(h().ctx.db.query('DELETE FROM audit_log')).rejects.toThrow(/append-only/);
    const page = (await h().admin('GET', '/api/admin/audit?limit=2')).json();
    expect(page.rows).toHaveLength(2);
    expect(page.rows[0].id).toBeGreaterThan(page.rows[1].id);
    // The stored rows keep ids; the page names the checkpoint when it is read.
    const named = (await h().admin('GET', '/api/admin/audit?limit=5')).json().rows as {
      action: string;
      target: string;
      targetName?: string;
    }[];
    expect(named.find((r) => r.action === 'checkpoint.create' && r.target === id)?.targetName).toBe('Audit gate');
    expect(named.find((r) => r.action === 'session.sign_in')?.targetName).toBeUndefined();
    const older = (await h().admin('GET', `/api/admin/audit?limit=2&before=${page.next}`)).json();
    expect(older.rows[0].id).toBeLessThan(page.rows[1].id);
    const csv = await h().admin('GET', '/api/admin/audit.csv');
    expect(csv.headers['content-type']).toMatch(/text\/csv/);
    expect(csv.body.split('\r\n')[0]).toBe('\ufeffid,time,account,action,target,details,client');
    expect(csv.body).toContain(',operator1,checkpoint.create,');
  });

  it('changes roles and disables accounts (their sessions end), but never the last admin', async () => {
    const accounts = (await h().admin('GET', '/api/admin/accounts')).json().accounts as { id: string; name: string }[];
    const id = (name: string) => accounts.find((a) => a.name === name)!.id;
    const viewer = await signIn(h(), 'viewer1', passwords.viewer!, '10.1.0.30');
    expect((await h().admin('PATCH', `/api/admin/accounts/${id('viewer1')}`, { role: 'operator' })).statusCode).toBe(200);
    // The role is read per request: the open session now operates.
    expect(
      (await viewer('POST', '/api/admin/status/preview', { changes: [{ cid: 'AAECAwQFBgcICQoLDA0ODw', status: 'red' }] })).statusCode,
    ).toBe(200);
    expect((await h().admin('PATCH', `/api/admin/accounts/${id('viewer1')}`, { disabled: true })).statusCode).toBe(200);
    expect((await viewer('GET', '/api/admin/session')).statusCode).toBe(401);
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/admin/login',
          remoteAddress: '10.1.0.31',
          payload: { name: 'viewer1', password: passwords.viewer },
        })
      ).statusCode,
    ).toBe(401);
    expect((await h().admin('PATCH', `/api/admin/accounts/${id('admin')}`, { role: 'viewer' })).json().problem).toBe('last_admin');
    expect((await h().admin('PATCH', `/api/admin/accounts/${id('admin')}`, { disabled: true })).statusCode).toBe(409);
    const reset = await h().admin('POST', `/api/admin/accounts/${id('operator1')}/password`, {});
    expect(reset.json().password).toMatch(/^[A-Za-z0-9_-]{24}$/);
    expect(
      (
        await h().app.inject({
          method: 'POST',
          url: '/api/admin/login',
          remoteAddress: '10.1.0.32',
          payload: { name: 'operator1', password: passwords.operator },
        })
      ).statusCode,
    ).toBe(401);
    await signIn(h(), 'operator1', reset.json().password, '10.1.0.33');
    const actions = (await auditRows(h())).map((r) => r.action);
    expect(actions).toEqual(expect.arrayContaining(['account.role', 'account.disable', 'account.password']));
  });

  it('answers 400 for NUL, lone surrogates and controls in checkpoint names, sites and device names, writing nothing', async () => {
    const { checkpointId, deviceId } = await h().enroll('Text gate');
    const checkpoints = await h().count('checkpoints');
    const audits = (await auditRows(h())).length;
    for (const bad of ['North\u0000gate', 'gate\ud800', '\udc00', 'tab\there', 'bell\u0007']) {
      expect((await h().admin('POST', '/api/admin/checkpoints', { name: bad })).statusCode, JSON.stringify(bad)).toBe(400);
      expect((await h().admin('POST', '/api/admin/checkpoints', { name: 'ok', site: bad })).statusCode).toBe(400);
      expect((await h().admin('PATCH', `/api/admin/checkpoints/${checkpointId}`, { name: bad })).statusCode).toBe(400);
      expect((await h().admin('PATCH', `/api/admin/devices/${deviceId}`, { name: bad })).statusCode).toBe(400);
    }
    expect(await h().count('checkpoints')).toBe(checkpoints);
    expect((await auditRows(h())).length).toBe(audits);
    // A proper pair (an emoji) and Chinese are fine.
    expect((await h().admin('POST', '/api/admin/checkpoints', { name: '北门 🚪', site: '三号仓' })).statusCode).toBe(201);
    const renamed = await h().admin('PATCH', `/api/admin/devices/${deviceId}`, { name: ' Gate 1 phone ' });
    expect(renamed.json().device.name).toBe('Gate 1 phone');
  });
});

describe.each(DB_KINDS)('a database from before accounts (%s)', (kind) => {
  it('keeps its one password as the account named admin', async () => {
    const db =
      kind === 'pglite'
        ? await freshPgliteDb()
        : await (await import('../db/postgres-db.ts')).openPostgres(
            await (await cluster()).createDatabase(`before_accounts_${Date.now()}`),
          );
    try {
      const shipped = loadMigrations();
      await migrate(db, shipped.slice(0, 2));
      await db.query('INSERT INTO admin (id, password_hash, created_ms) VALUES (1, $1, 5)', [await hashPassword(ADMIN_PASSWORD)]);
      await db.query(
        "INSERT INTO checkpoints (id, name, site, policy, created_ms) VALUES ('00000000-0000-4000-8000-000000000001', 'North gate', 'A', '{}', 1), ('00000000-0000-4000-8000-000000000002', 'north gate', 'A', '{}', 2)",
      );
      await migrate(db, shipped);
      const { checkSignIn } = await import('../admin/accounts.ts');
      expect(await checkSignIn(db, 'admin', ADMIN_PASSWORD)).toMatchObject({ name: 'admin', role: 'admin' });
      expect(await checkSignIn(db, 'admin', `${ADMIN_PASSWORD}\u0000`)).toBeNull();
      expect((await db.query<{ name: string }>('SELECT name FROM checkpoints ORDER BY created_ms')).map((r) => r.name)).toEqual([
        'North gate',
        'north gate (2)',
      ]);
    } finally {
      await db.close();
    }
  });
});

describe('session cookie, enrollment origin and statistics revalidation', () => {
  const h = useHarness('pglite', null, { settings: { publicUrl: 'https://gates.example.org' } });

  it('marks the cookie Secure exactly when --public-url is https, and writes enrollment links from it, never from Host', async () => {
    const login = await h().app.inject({
      method: 'POST',
      url: '/api/admin/login',
      remoteAddress: '10.2.0.1',
      headers: { host: 'evil.example' },
      payload: { password: ADMIN_PASSWORD },
    });
    expect(String(login.headers['set-cookie'])).toMatch(/; Secure/);
    const { checkpointId } = await h().enroll('Origin gate');
    const offer = await h().app.inject({
      method: 'POST',
      url: `/api/admin/checkpoints/${checkpointId}/enrollment`,
      headers: { cookie: h().adminCookie, host: 'evil.example' },
    });
    expect(offer.statusCode).toBe(201);
    expect(linkOf(offer.json().text)).toBe('https://gates.example.org');
  });

  it('answers a statistics poll with 304 while its ETag still holds', async () => {
    const first = await h().admin('GET', '/api/admin/stats?from=0&to=86400000');
    expect(first.statusCode).toBe(200);
    const etag = String(first.headers.etag);
    expect(etag).toMatch(/^"s[A-Za-z0-9_-]{22}"$/);
    const again = await h().app.inject({
      method: 'GET',
      url: '/api/admin/stats?from=0&to=86400000',
      headers: { cookie: h().adminCookie, 'if-none-match': etag },
    });
    expect([again.statusCode, again.body]).toEqual([304, '']);
    const other = await h().app.inject({
      method: 'GET',
      url: '/api/admin/stats?from=0&to=172800000',
      headers: { cookie: h().adminCookie, 'if-none-match': etag },
    });
    expect(other.statusCode).toBe(200);
  });
});

describe('a server without --public-url', () => {
  const h = useHarness('pglite', null);
  it('sends no Secure cookie over plain HTTP and ignores the Host header for enrollment links', async () => {
    const login = await h().app.inject({
      method: 'POST',
      url: '/api/admin/login',
      remoteAddress: '10.3.0.1',
      payload: { password: ADMIN_PASSWORD },
    });
    expect(String(login.headers['set-cookie'])).not.toMatch(/Secure/);
    const { checkpointId } = await h().enroll('Host gate');
    const offer = await h().app.inject({
      method: 'POST',
      url: `/api/admin/checkpoints/${checkpointId}/enrollment`,
      headers: { cookie: h().adminCookie, host: 'evil.example' },
    });
    expect(linkOf(offer.json().text)).not.toContain('evil.example');
  });
});
