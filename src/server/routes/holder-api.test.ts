// The holder API on PGlite and PostgreSQL: apply (rules decide the clear case, a credential
// stored hashed), read, renew; bad input is a 4xx and writes nothing; rate limit per address.
import { routeUrl } from '../../core/api/api-client.ts';
import { describe, expect, it } from 'vitest';
import { b64uEncode, sealEnvelope } from '../../core/index.ts';
import type { ApplicationCreated, ApplicationView } from '../../core/api/holder.ts';
import { nodeSigner } from '../keys/node-signer.ts';
import { ADMIN_PASSWORD, DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { applicationBody, applyWith, holderCall, newHolder, scanHolderCode } from '../test-support/holder-client.ts';
import { tokenHash } from '../secrets.ts';

const cluster = usePostgres();
const DAY = 86_400;

/** An admin call with a fresh session (the harness's own expires when a test moves the clock by days). */
async function adminNow(h: Harness, method: 'GET' | 'POST', url: string, payload?: object) {
  const login = await h.app.inject({
    method: 'POST',
    url: '/api/admin/login',
    remoteAddress: '203.0.113.9',
    payload: { password: ADMIN_PASSWORD },
  });
  const cookie = String(login.headers['set-cookie']).split(';')[0]!;
  return h.app.inject({ method, url, headers: { cookie }, ...(payload ? { payload } : {}) });
}

async function counts(h: Harness) {
  return {
    applications: await h.count('holder_applications'),
    codes: await h.count('issued_codes'),
    decisions: await h.count('application_decisions'),
  };
}

describe.each(DB_KINDS)('holder API (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } } });

  it('a clear declaration is approved by the rules at once: a holder-bound code the scanner admits, a credential stored only hashed', async () => {
    const holder = newHolder();
    const response = await applyWith(h(), applicationBody(holder, { idNumber: '440301199001011234' }));
    expect(response.statusCode).toBe(201);
    expect(response.headers['cache-control']).toBe('no-store');
    const { credential, application } = response.json() as ApplicationCreated;
    expect(credential).toMatch(/^[A-Za-z0-9_-]{43}$/);
    expect(application).toMatchObject({
      state: 'approved',
      decidedBy: 'rule',
      currentStatus: 'green',
      code: { colour: 'green', maskedName: '张*明', hint: '1234' },
    });
    const code = application.code!;
    expect(code.expiresAt - code.issuedAt).toBe(7 * DAY);
    expect(code.issuedAt).toBe(Math.floor(h().clock.now / 1000));

    const now = Math.floor(h().clock.now / 1000);
    const verdict = await scanHolderCode(h(), code.bytes, holder, now);
    expect(verdict).toMatchObject({
      reason: 'ok',
      cid: code.cid,
      holder: { name: '张*明', hint: '1234', region: 440300, holderBound: true, printedStatus: 'green' },
    });
    // Someone else's key cannot present it.
    expect((await scanHolderCode(h(), code.bytes, newHolder(), now)).reason).toBe('bad_holder_proof');

    const [row] = await h().ctx.db.query<{ credential_hash: string; full_name: string; id_number: string }>(
      'SELECT credential_hash, full_name, id_number FROM holder_applications WHERE id = $1',
      [application.id],
    );
    expect(row).toEqual({ credential_hash: tokenHash(credential), full_name: '张三明', id_number: '440301199001011234' });
    const stored = await h().ctx.db.query('SELECT 1 FROM holder_applications WHERE credential_hash = $1', [credential]);
    expect(stored).toHaveLength(0);
  });

  it('anything declared waits for a reviewer, with no code', async () => {
    const response = await applyWith(
      h(),
      applicationBody(newHolder(), {
        declaration: { symptoms: false, travel: true, contact: false },
        name: 'John Smith',
        idType: 'passport',
        idNumber: 'E12345678',
      }),
    );
    expect(response.statusCode).toBe(201);
    const { application } = response.json() as ApplicationCreated;
    expect(application.state).toBe('pending');
    expect(application.code).toBeUndefined();
    expect(application.decidedBy).toBeUndefined();
  });

  it.each([
    ['a NUL in the name', { name: 'Zhang\u0000San' }, 'name'],
    ['a lone surrogate in the name', { name: 'Zhang \ud800' }, 'name'],
    ['a control character in the ID number', { idNumber: '4403\u00070001' }, 'idNumber'],
    ['a name of only spaces', { name: '   ' }, 'name'],
    ['an ID number under 4 characters', { idNumber: '123' }, 'idNumber'],
    ['an ID number of spaces around 3 characters', { idNumber: '  123  ' }, 'idNumber'],
    ['an unknown ID type', { idType: 'driving_licence' }, 'idType'],
    ['a region as a string', { region: '440305' }, 'region'],
    ['a region out of range', { region: 999999 }, 'region'],
    ['a fractional region', { region: 440305.5 }, 'region'],
    ['a holder key of 31 bytes', { holderKey: b64uEncode(new Uint8Array(31)) }, 'holderKey'],
    ['a holder key with non-zero padding bits', { holderKey: `${'A'.repeat(42)}B` }, 'holderKey'],
    ['a holder key that is not base64url', { holderKey: '+'.repeat(43) }, 'holderKey'],
    ['a declaration without contact', { declaration: { symptoms: false, travel: false } }, 'declaration.contact'],
    ['a declaration answer as a string', { declaration: { symptoms: 'no', travel: false, contact: false } }, 'declaration.symptoms'],
    ['an extra declaration field', { declaration: { symptoms: false, travel: false, contact: false, fever: false } }, 'declaration.fever'],
    ['an unknown relation', { relation: 'neighbour' }, 'relation'],
    ['a language tag of 17 characters', { language: 'x'.repeat(17) }, 'language'],
    ['a phone of 21 characters', { phone: '1'.repeat(21) }, 'phone'],
    ['a name of 65 characters', { name: 'A'.repeat(65) }, 'name'],
    ['an unknown field', { admin: true }, 'admin'],
  ])('refuses %s with a 400 naming the field, and writes nothing', async (_label, overrides, field) => {
    const before = await counts(h());
    const response = await applyWith(h(), { ...applicationBody(newHolder()), ...overrides });
    expect(response.statusCode).toBe(400);
    expect(response.json()).toMatchObject({ error: expect.any(String), field });
    expect(await counts(h())).toEqual(before);
  });

  it('refuses a missing field, a non-JSON body and an oversized body with a 4xx, writing nothing', async () => {
    const before = await counts(h());
    const { name: _dropped, ...noName } = applicationBody(newHolder());
    expect((await applyWith(h(), noName)).statusCode).toBe(400);
    const notJson = await h().app.inject({
      method: 'POST',
      url: routeUrl('POST /api/holder/applications'),
      headers: { 'content-type': 'application/json' },
      payload: '{"name": ',
    });
    expect(notJson.statusCode).toBe(400);
    const big = await h().app.inject({
      method: 'POST',
      url: routeUrl('POST /api/holder/applications'),
      headers: { 'content-type': 'application/json' },
      payload: JSON.stringify({ ...applicationBody(newHolder()), phone: 'x'.repeat(20_000) }),
    });
    expect(big.statusCode).toBe(413);
    expect(await counts(h())).toEqual(before);
  });

  it('reads an application only with its own credential', async () => {
    const a = (await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated;
    const b = (await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated;
    const url = routeUrl('GET /api/holder/applications/:id', { id: a.application.id });
    const mine = await holderCall(h(), 'GET', url, a.credential);
    expect(mine.statusCode).toBe(200);
    expect(mine.json()).toEqual(a.application);
    expect((await holderCall(h(), 'GET', url, null)).statusCode).toBe(401);
    expect((await holderCall(h(), 'GET', url, b.credential)).statusCode).toBe(401);
    expect((await holderCall(h(), 'GET', url, 'A'.repeat(43))).statusCode).toBe(401);
    expect(
      (
        await holderCall(
          h(),
          'GET',
          routeUrl('GET /api/holder/applications/:id', { id: '00000000-0000-4000-8000-000000000000' }),
          a.credential,
        )
      ).statusCode,
    ).toBe(401);
    expect(
      (await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: 'not-a-uuid' }), a.credential)).statusCode,
    ).toBe(400);
  });

  it('renews: the same code while it is young, a new one past half its validity, the current colour after a status change, none once revoked or expired', async () => {
    const holder = newHolder();
    const { credential, application } = (await applyWith(h(), applicationBody(holder))).json() as ApplicationCreated;
    const renewUrl = routeUrl('POST /api/holder/applications/:id/renew', { id: application.id });
    const renewNow = async () => holderCall(h(), 'POST', renewUrl, credential);

    const early = await renewNow();
    expect(early.statusCode).toBe(200);
    expect((early.json() as ApplicationView).code!.cid).toBe(application.code!.cid);
    expect((await holderCall(h(), 'POST', renewUrl, null)).statusCode).toBe(401);

    h().clock.advance(4 * DAY * 1000);
    const later = (await renewNow()).json() as ApplicationView;
    expect(later.code!.cid).not.toBe(application.code!.cid);
    expect(later.code!.expiresAt).toBe(Math.floor(h().clock.now / 1000) + 7 * DAY);
    expect((await scanHolderCode(h(), later.code!.bytes, holder, Math.floor(h().clock.now / 1000))).reason).toBe('ok');
    // The old code stays valid until it expires.
    expect((await scanHolderCode(h(), application.code!.bytes, holder, Math.floor(h().clock.now / 1000))).reason).toBe('ok');

    // A status change to yellow: the holder sees it, and the next renewal prints yellow.
    expect((await adminNow(h(), 'POST', '/api/admin/status', { changes: [{ cid: later.code!.cid, status: 'yellow' }] })).statusCode).toBe(
      200,
    );
    const seen = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(seen.currentStatus).toBe('yellow');
    const yellow = (await renewNow()).json() as ApplicationView;
    expect(yellow.code).toMatchObject({ colour: 'yellow' });
    expect(yellow.currentStatus).toBe('yellow');
    expect((await scanHolderCode(h(), yellow.code!.bytes, holder, Math.floor(h().clock.now / 1000))).reason).toBe('status_yellow');

    expect((await adminNow(h(), 'POST', '/api/admin/status', { changes: [{ cid: yellow.code!.cid, status: 'revoked' }] })).statusCode).toBe(
      200,
    );
    expect(
      (
        (
          await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
        ).json() as ApplicationView
      ).currentStatus,
    ).toBe('revoked');
    const before = await counts(h());
    expect((await renewNow()).statusCode).toBe(409);

    const other = (await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated;
    h().clock.advance(8 * DAY * 1000);
    expect(
      (await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: other.application.id }), other.credential))
        .statusCode,
    ).toBe(409);
    expect(await counts(h())).toEqual({
      ...before,
      applications: before.applications + 1,
      codes: before.codes + 1,
      decisions: before.decisions + 1,
    });
  });

  it('a pending application is not renewed', async () => {
    const { credential, application } = (
      await applyWith(h(), applicationBody(newHolder(), { declaration: { symptoms: true, travel: false, contact: false } }))
    ).json() as ApplicationCreated;
    expect(
      (await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)).statusCode,
    ).toBe(409);
  });
});

describe.each(DB_KINDS)('holder API limits and issuer (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, {
    settings: { holderApplyLimit: { max: 2, windowMs: 3600_000 }, trustProxy: true },
  });

  it('rate-limits applications per client address; a refused one writes nothing', async () => {
    expect((await applyWith(h(), applicationBody(newHolder()), '198.51.100.1')).statusCode).toBe(201);
    expect((await applyWith(h(), applicationBody(newHolder()), '198.51.100.1')).statusCode).toBe(201);
    const before = await counts(h());
    const limited = await applyWith(h(), applicationBody(newHolder()), '198.51.100.1');
    expect(limited.statusCode).toBe(429);
    expect(limited.json()).toHaveProperty('error');
    expect(await counts(h())).toEqual(before);
    expect((await applyWith(h(), applicationBody(newHolder()), '198.51.100.2')).statusCode).toBe(201);
  });

  it('behind a trusted proxy (--trust-proxy), each forwarded client address has its own limit', async () => {
    const viaProxy = (client: string) =>
      h().app.inject({
        method: 'POST',
        url: routeUrl('POST /api/holder/applications'),
        remoteAddress: '10.0.0.1',
        headers: { 'x-forwarded-for': client },
        payload: applicationBody(newHolder()),
      });
    for (const client of ['203.0.113.10', '203.0.113.10', '203.0.113.11', '203.0.113.11'])
      expect((await viaProxy(client)).statusCode, client).toBe(201);
    expect((await viaProxy('203.0.113.10')).statusCode).toBe(429);
    expect((await viaProxy('203.0.113.12')).statusCode).toBe(201);
  });

  it('stops issuing (503, nothing written) once the published trust bundle no longer lists the issuer key', async () => {
    const bundle = await h().trustBundle();
    const root = nodeSigner(h().rootSeed);
    const keys = bundle.keys.filter((k) => k.use === 'status').map((k) => ({ ...k, publicKey: b64uEncode(k.publicKey) }));
    const envelope = await sealEnvelope(
      { type: 'gc1-trust', seq: bundle.seq + 1, issuedAt: bundle.issuedAt + 1, expiresAt: bundle.expiresAt, keys },
      root,
    );
    expect((await h().admin('POST', '/api/admin/trust', envelope)).statusCode).toBe(200);
    const before = await counts(h());
    const refused = await applyWith(h(), applicationBody(newHolder()), '198.51.100.3');
    expect(refused.statusCode).toBe(503);
    expect(refused.json().error).toMatch(/does not list the issuer key/);
    expect(await counts(h())).toEqual(before);
  });
});
