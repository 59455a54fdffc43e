// The review API on PGlite and PostgreSQL: rules the authority edits, the queue, approve
// with a colour, reject with a reason, revoke, paper codes, role checks; refusals write nothing.
import { beforeAll, describe, expect, it } from 'vitest';
import { routeUrl } from '../../core/api/api-client.ts';
import type { Role } from '../../core/index.ts';
import type { ApplicationCreated, ApplicationView } from '../../core/api/holder.ts';
import type { ApplicationList, PaperCode, ReviewApplication, ReviewSettings } from '../../core/api/review.ts';
import type { StoredAuditRow } from '../admin/audit-log.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { applicationBody, applyWith, holderCall, newHolder, scanHolderCode, scanText } from '../test-support/holder-client.ts';

const cluster = usePostgres();
const DAY = 86_400;
const declared = (item: 'symptoms' | 'travel' | 'contact') => ({ symptoms: false, travel: false, contact: false, [item]: true });

async function counts(h: Harness) {
  const [audit] = await h.ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM audit_log');
  return {
    applications: await h.count('holder_applications'),
    codes: await h.count('issued_codes'),
    decisions: await h.count('application_decisions'),
    status: await h.count('status_changes'),
    audit: audit!.n,
  };
}

async function auditAfter(h: Harness, id: number): Promise<Omit<StoredAuditRow, 'at_ms'>[]> {
  return h.ctx.db.query('SELECT id, account_id, account_name, action, target, details, client FROM audit_log WHERE id > $1 ORDER BY id', [
    id,
  ]);
}
async function lastAuditId(h: Harness): Promise<number> {
  const [row] = await h.ctx.db.query<{ id: number | null }>('SELECT max(id)::int AS id FROM audit_log');
  return row!.id ?? 0;
}

async function pendingApplication(h: Harness, overrides = {}) {
  const holder = newHolder();
  const created = (
    await applyWith(h, applicationBody(holder, { declaration: declared('symptoms'), ...overrides }))
  ).json() as ApplicationCreated;
  expect(created.application.state).toBe('pending');
  return { holder, ...created };
}

/**
 * `text` without what is random or clock-made in it (uuids, the given cids, ISO times, Unix
 * times in s or ms), so a check that a short secret ("9876", an ID number's last four) is
 * absent cannot fail by chance on an id that happens to hold those digits.
 */
function withoutRandomIds(text: string, cids: readonly string[]): string {
  let out = text;
  for (const cid of cids) out = out.replaceAll(cid, '');
  return out
    .replace(/[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}/gi, '')
    .replace(/\d{4}-\d\d-\d\dT[\d:.]+Z/g, '')
    .replace(/\b(\d{10}|\d{13})\b/g, '');
}

describe.each(DB_KINDS)('review API (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } } });
  let adminId = '';
  // These tests are about one reviewer's decisions; the second-reviewer rule has its own (persons-api.test.ts).
  beforeAll(async () => {
    adminId = (await h().ctx.db.query<{ id: string }>("SELECT id FROM admin_accounts WHERE name = 'admin'"))[0]!.id;
    expect((await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { secondReviewer: { enabled: false } })).statusCode).toBe(
      200,
    );
  });
  const nowSeconds = () => Math.floor(h().clock.now / 1000);

  it('keeps every review route behind sign-in', async () => {
    for (const [method, url] of [
      ['GET', routeUrl('GET /api/admin/review/applications')],
      ['GET', routeUrl('GET /api/admin/review/settings')],
      ['PATCH', routeUrl('GET /api/admin/review/settings')],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: '00000000-0000-4000-8000-000000000000' })],
    ] as const) {
      expect((await h().app.inject({ method, url, payload: method === 'GET' ? undefined : {} })).statusCode, `${method} ${url}`).toBe(401);
    }
  });

  it('rules the authority edits decide clear cases at once: contact → yellow, travel → queue, and the validity it sets', async () => {
    const defaults = (await h().admin('GET', routeUrl('GET /api/admin/review/settings'))).json() as ReviewSettings;
    expect(defaults).toMatchObject({ rules: { nothing: 'green', symptoms: 'queue', travel: 'queue', contact: 'queue' }, validityDays: 7 });
    const changed = await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { contact: 'yellow' }, validityDays: 3 });
    expect(changed.statusCode).toBe(200);
    expect(changed.json()).toMatchObject({
      rules: { nothing: 'green', symptoms: 'queue', travel: 'queue', contact: 'yellow' },
      validityDays: 3,
      updatedBy: adminId,
    });

    const holder = newHolder();
    const contact = (await applyWith(h(), applicationBody(holder, { declaration: declared('contact') }))).json() as ApplicationCreated;
    expect(contact.application).toMatchObject({ state: 'approved', decidedBy: 'rule', code: { colour: 'yellow' } });
    expect(contact.application.code!.expiresAt - contact.application.code!.issuedAt).toBe(3 * DAY);
    expect((await scanHolderCode(h(), contact.application.code!.bytes, holder, nowSeconds())).reason).toBe('status_yellow');
    const travel = (await applyWith(h(), applicationBody(newHolder(), { declaration: declared('travel') }))).json() as ApplicationCreated;
    expect(travel.application.state).toBe('pending');
    const both = (
      await applyWith(h(), applicationBody(newHolder(), { declaration: { symptoms: false, travel: true, contact: true } }))
    ).json() as ApplicationCreated;
    expect(both.application.state).toBe('pending');

    const reviewed = (
      await h().admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: contact.application.id }))
    ).json() as ReviewApplication;
    expect(reviewed).toMatchObject({
      ruleOutcome: 'yellow',
      decidedBy: 'rule',
      reviewer: 'rule',
      decisions: [{ action: 'rule_approve', colour: 'yellow', reviewer: 'rule' }],
    });

    expect(
      (await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { contact: 'queue' }, validityDays: 7 })).statusCode,
    ).toBe(200);
  });

  it.each([
    ['an unknown outcome', { rules: { contact: 'approve' } }],
    ['an unknown rule', { rules: { fever: 'queue' } }],
    ['a validity of 0 days', { validityDays: 0 }],
    ['a validity of 366 days', { validityDays: 366 }],
    ['a validity as a string', { validityDays: '7' }],
    ['a fractional validity', { validityDays: 1.5 }],
    ['an unknown field', { queue: true }],
  ])('refuses settings with %s and changes nothing', async (_label, body) => {
    const before = (await h().admin('GET', routeUrl('GET /api/admin/review/settings'))).json();
    expect((await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), body)).statusCode).toBe(400);
    expect((await h().admin('GET', routeUrl('GET /api/admin/review/settings'))).json()).toEqual(before);
  });

  it('lists the queue oldest first with the personal data a reviewer needs', async () => {
    const first = await pendingApplication(h(), { name: 'Oldest Applicant' });
    h().clock.advance(1000);
    const second = await pendingApplication(h(), {
      name: 'Newer Applicant',
      idType: 'passport',
      idNumber: 'E7654321',
      relation: 'parent',
      language: 'en',
    });
    const list = (await h().admin('GET', routeUrl('GET /api/admin/review/applications'))).json() as ApplicationList;
    const ids = list.applications.map((a) => a.id);
    expect(ids.indexOf(first.application.id)).toBeLessThan(ids.indexOf(second.application.id));
    expect(list.total).toBeGreaterThanOrEqual(2);
    expect(list.applications.find((a) => a.id === second.application.id)).toMatchObject({
      state: 'pending',
      fullName: 'Newer Applicant',
      idType: 'passport',
      idNumber: 'E7654321',
      region: 440305,
      phone: '13800000000',
      declaration: declared('symptoms'),
      relation: 'parent',
      language: 'en',
      ruleOutcome: 'queue',
      decisions: [],
    });
    expect((await h().admin('GET', `${routeUrl('GET /api/admin/review/applications')}?limit=1`)).json().applications).toHaveLength(1);
    for (const query of ['limit=0', 'limit=201', 'limit=abc', 'state=done', 'other=1']) {
      expect((await h().admin('GET', `${routeUrl('GET /api/admin/review/applications')}?${query}`)).statusCode, query).toBe(400);
    }
    expect(
      (await h().admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: '00000000-0000-4000-8000-000000000000' })))
        .statusCode,
    ).toBe(404);
    expect((await h().admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: 'nope' }))).statusCode).toBe(400);
  });

  it('a reviewer approves with a colour: the code is signed at once, the decision recorded with the reviewer, and only once', async () => {
    const { holder, credential, application } = await pendingApplication(h());
    for (const body of [{}, { colour: 'blue' }, { colour: 'green', note: 'x' }]) {
      const before = await counts(h());
      expect(
        (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), body)).statusCode,
      ).toBe(400);
      expect(await counts(h())).toEqual(before);
    }
    const approved = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), {
      colour: 'red',
    });
    expect(approved.statusCode).toBe(200);
    expect(approved.json()).toMatchObject({
      state: 'approved',
      decidedBy: 'reviewer',
      decidedColour: 'red',
      reviewer: adminId,
      code: { colour: 'red', kind: 'holder', maskedName: '张*明' },
      decisions: [{ action: 'approve', colour: 'red', reviewer: adminId }],
    });

    const view = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(view).toMatchObject({ state: 'approved', decidedBy: 'reviewer', currentStatus: 'red', code: { colour: 'red' } });
    expect((await scanHolderCode(h(), view.code!.bytes, holder, nowSeconds())).reason).toBe('status_red');

    const before = await counts(h());
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'green' }))
        .statusCode,
    ).toBe(409);
    expect(
      (
        await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), {
          reason: 'changed my mind',
        })
      ).statusCode,
    ).toBe(409);
    expect(
      (
        await h().admin(
          'POST',
          routeUrl('POST /api/admin/review/applications/:id/approve', { id: '00000000-0000-4000-8000-000000000000' }),
          { colour: 'green' },
        )
      ).statusCode,
    ).toBe(404);
    expect(await counts(h())).toEqual(before);
  });

  it('two reviewers deciding the same application at once: one decision stands, one code is issued, the other gets 409', async () => {
    const { application } = await pendingApplication(h());
    const before = await counts(h());
    const replies = await Promise.all([
      h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'green' }),
      h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'red' }),
      h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), { reason: 'no' }),
    ]);
    expect(replies.map((r) => r.statusCode).sort()).toEqual([200, 409, 409]);
    const after = await counts(h());
    expect(after.decisions - before.decisions).toBe(1);
    expect(after.codes - before.codes).toBe(replies.some((r) => r.statusCode === 200 && r.json().state === 'approved') ? 1 : 0);
  });

  it('two renewals at once past half the validity sign one new code', async () => {
    const { credential, application } = (await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated;
    h().clock.advance(4 * DAY * 1000);
    const before = await counts(h());
    const replies = await Promise.all(
      [0, 1, 2].map(() => holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)),
    );
    expect(replies.map((r) => r.statusCode)).toEqual([200, 200, 200]);
    expect((await counts(h())).codes - before.codes).toBe(1);
    const latest = (
      (
        await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
      ).json() as ApplicationView
    ).code!.cid;
    expect(latest).not.toBe(application.code!.cid);
    h().clock.advance(-4 * DAY * 1000);
  });

  it('a reviewer rejects with a reason the holder sees; an empty or unsafe reason is refused', async () => {
    const { credential, application } = await pendingApplication(h());
    for (const reason of ['', '   \n ', 'bad\u0000reason', 'x'.repeat(501)]) {
      const before = await counts(h());
      expect(
        (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), { reason }))
          .statusCode,
        JSON.stringify(reason),
      ).toBe(400);
      expect(await counts(h())).toEqual(before);
    }
    const rejected = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), {
      reason: '请携带证件到社区复核\nPlease bring your ID to the office',
    });
    expect(rejected.statusCode).toBe(200);
    expect(rejected.json()).toMatchObject({ state: 'rejected', reviewer: adminId, decisions: [{ action: 'reject', reviewer: adminId }] });
    const view = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(view).toMatchObject({
      state: 'rejected',
      decidedBy: 'reviewer',
      rejectReason: '请携带证件到社区复核\nPlease bring your ID to the office',
    });
    expect(view.code).toBeUndefined();
    expect(
      (await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)).statusCode,
    ).toBe(409);
  });

  it('revoking an approved application revokes its codes through the status list; the holder sees it; renewal stops', async () => {
    const holder = newHolder();
    const { credential, application } = (await applyWith(h(), applicationBody(holder))).json() as ApplicationCreated;
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: application.id }), { reason: '' }))
        .statusCode,
    ).toBe(400);
    const revoked = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: application.id }), {
      reason: 'phone lost',
    });
    expect(revoked.statusCode).toBe(200);
    expect(revoked.json()).toMatchObject({
      state: 'revoked',
      decisions: [{ action: 'rule_approve' }, { action: 'revoke', reason: 'phone lost', reviewer: adminId }],
    });
    expect((await scanHolderCode(h(), application.code!.bytes, holder, nowSeconds())).reason).toBe('revoked');
    expect(
      (
        await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
      ).json() as ApplicationView,
    ).toMatchObject({
      state: 'revoked',
      currentStatus: 'revoked',
    });
    expect(
      (await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)).statusCode,
    ).toBe(409);
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: application.id }), { reason: 'again' }))
        .statusCode,
    ).toBe(409);
  });

  it('a colour change reaches every unexpired code of the application (its paper code too); the holder sees it; renewals print it', async () => {
    const holder = newHolder();
    const { credential, application } = (await applyWith(h(), applicationBody(holder))).json() as ApplicationCreated;
    const paper = (
      await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: application.id }))
    ).json() as PaperCode;
    for (const body of [{}, { colour: 'revoked' }, { colour: 'purple' }]) {
      const before = await counts(h());
      expect(
        (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: application.id }), body)).statusCode,
      ).toBe(400);
      expect(await counts(h())).toEqual(before);
    }
    const changed = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: application.id }), {
      colour: 'red',
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().decisions.at(-1)).toMatchObject({ action: 'status', colour: 'red', reviewer: adminId });
    expect(changed.json()).toMatchObject({ code: { colour: 'green' }, currentStatus: 'red' });
    const now = nowSeconds();
    expect((await scanHolderCode(h(), application.code!.bytes, holder, now)).reason).toBe('status_red');
    expect((await scanText(h(), paper.text, now)).reason).toBe('status_red');
    const seen = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(seen.currentStatus).toBe('red');
    const reprinted = (
      (
        await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)
      ).json() as ApplicationView
    ).code!;
    expect(reprinted).toMatchObject({ colour: 'red' });
    expect(reprinted.cid).not.toBe(application.code!.cid);
    expect((await scanHolderCode(h(), reprinted.bytes, holder, now)).reason).toBe('status_red');
    const pending = await pendingApplication(h());
    expect(
      (
        await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: pending.application.id }), {
          colour: 'red',
        })
      ).statusCode,
    ).toBe(409);
  });

  it('prints a static paper code for an approved application, in its current colour; none for a pending one', async () => {
    const { application } = (
      await applyWith(h(), applicationBody(newHolder(), { name: 'Wang Xiaoming', relation: 'parent' }))
    ).json() as ApplicationCreated;
    const printed = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: application.id }));
    expect(printed.statusCode).toBe(201);
    const paper = printed.json() as PaperCode;
    expect(paper).toMatchObject({ colour: 'green', maskedName: 'W*** X*******', hint: '1234', region: 440300 });
    expect(paper.svg).toMatch(/^<svg/);
    expect(paper.expiresAt - paper.issuedAt).toBe(7 * DAY);
    const verdict = await scanText(h(), paper.text, nowSeconds());
    expect(verdict).toMatchObject({ reason: 'ok', cid: paper.cid, holder: { holderBound: false, name: 'W*** X*******' } });
    const reviewed = (
      await h().admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: application.id }))
    ).json() as ReviewApplication;
    expect(reviewed.decisions.at(-1)).toMatchObject({ action: 'paper_code', colour: 'green', reviewer: adminId });

    const pending = await pendingApplication(h());
    const before = await counts(h());
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: pending.application.id }))).statusCode,
    ).toBe(409);
    expect(await counts(h())).toEqual(before);
  });

  it('the scan log keeps the code id only: an entry for an issued code carries no name or ID number', async () => {
    const { application } = (
      await applyWith(h(), applicationBody(newHolder(), { name: '李小华', idNumber: '110101200001019876' }))
    ).json() as ApplicationCreated;
    await h().admitScan('Privacy gate', application.code!.cid);
    const csv = (await h().admin('GET', `/api/admin/entries.csv?cid=${encodeURIComponent(application.code!.cid)}`)).body;
    expect(csv).toContain(application.code!.cid);
    expect(withoutRandomIds(csv, [application.code!.cid])).not.toMatch(/李小华|李\*华|9876|110101/);
  });

  it('checks the acting role: review for application data and decisions, operate for paper codes; records the account id', async () => {
    const { application } = await pendingApplication(h());
    const approvedApp = ((await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated).application;
    // A signed-in account of each role, calling from its own address.
    const as = async (role: Role) => {
      const name = `someone-${role}`;
      const created = await h().admin('POST', '/api/admin/accounts', { name, role });
      const remoteAddress = '10.9.9.9';
      const login = await h().app.inject({
        method: 'POST',
        url: '/api/admin/login',
        remoteAddress,
        payload: { name, password: created.json().password },
      });
      const cookie = String(login.headers['set-cookie']).split(';')[0]!;
      const accountId: string = created.json().account.id;
      return {
        accountId,
        inject: (call: { method: 'GET' | 'POST' | 'PATCH'; url: string; payload?: object }) =>
          h().app.inject({ ...call, remoteAddress, headers: { cookie } }),
        close: async () => {},
      };
    };
    const calls = [
      ['GET', routeUrl('GET /api/admin/review/applications'), undefined],
      ['GET', routeUrl('GET /api/admin/review/applications/:id', { id: application.id }), undefined],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'green' }],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), { reason: 'no' }],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: approvedApp.id }), { reason: 'no' }],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: approvedApp.id }), { colour: 'red' }],
      ['GET', routeUrl('GET /api/admin/review/settings'), undefined],
      ['PATCH', routeUrl('GET /api/admin/review/settings'), { validityDays: 1 }],
    ] as const;
    const accounts = { viewer: await as('viewer'), operator: await as('operator'), reviewer: await as('reviewer') };
    const before = await counts(h());
    for (const role of ['viewer', 'operator'] as const) {
      const app = accounts[role];
      for (const [method, url, payload] of calls) {
        expect((await app.inject({ method, url, ...(payload ? { payload } : {}) })).statusCode, `${role} ${method} ${url}`).toBe(403);
      }
      await app.close();
    }
    const reviewer = accounts.reviewer;
    expect(
      (
        await reviewer.inject({
          method: 'POST',
          url: routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: approvedApp.id }),
        })
      ).statusCode,
    ).toBe(403);
    expect(await counts(h())).toEqual(before);
    const approved = await reviewer.inject({
      method: 'POST',
      url: routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }),
      payload: { colour: 'green', confirmGreener: true },
    });
    expect(approved.json()).toMatchObject({
      state: 'approved',
      reviewer: reviewer.accountId,
      decisions: [{ action: 'approve', reviewer: reviewer.accountId }],
    });
    const [audited] = await h().ctx.db.query<{ account_name: string; action: string; client: string }>(
      'SELECT account_name, action, client FROM audit_log ORDER BY id DESC LIMIT 1',
    );
    expect(audited).toEqual({ account_name: 'someone-reviewer', action: 'application.approve', client: '10.9.9.9' });
    await reviewer.close();
    const operator = accounts.operator;
    expect(
      (
        await operator.inject({
          method: 'POST',
          url: routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: approvedApp.id }),
        })
      ).statusCode,
    ).toBe(201);
    await operator.close();
  });

  it('writes one audit row per review change (who, what, which application, colours and cids), never the applicant’s personal data', async () => {
    const name = '欧阳审计';
    const idNumber = '110101199001017777';
    const phone = '13912345678';
    const reason = 'Reason naming 欧阳审计 and 110101199001017777';
    const queued = await pendingApplication(h(), { name, idNumber, phone });
    const toReject = await pendingApplication(h(), { name, idNumber, phone });
    const start = await lastAuditId(h());

    const approved = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: queued.application.id }), {
      colour: 'yellow',
    });
    expect(approved.statusCode).toBe(200);
    const approvedCid = (approved.json() as ReviewApplication).code!.cid;
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: toReject.application.id }), { reason }))
        .statusCode,
    ).toBe(200);
    const paper = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: queued.application.id }));
    expect(paper.statusCode).toBe(201);
    const paperCid = (paper.json() as PaperCode).cid;
    const recoloured = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: queued.application.id }), {
      colour: 'red',
    });
    expect(recoloured.statusCode).toBe(200);
    expect(
      (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: queued.application.id }), { reason }))
        .statusCode,
    ).toBe(200);
    expect(
      (await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { travel: 'yellow' }, validityDays: 5 })).statusCode,
    ).toBe(200);

    const rows = await auditAfter(h(), start);
    // A person's status changes are audited under the person's masked name (never the full name).
    expect(rows.map((r) => [r.account_name, r.action, r.target])).toEqual([
      ['admin', 'person.status', '欧**计'],
      ['admin', 'application.approve', queued.application.id],
      ['admin', 'application.reject', toReject.application.id],
      ['admin', 'application.paper_code', queued.application.id],
      ['admin', 'person.status', '欧**计'],
      ['admin', 'application.revoke', queued.application.id],
      ['admin', 'review.settings', 'review settings'],
    ]);
    const personId = (approved.json() as ReviewApplication).personId;
    const [adminAccount] = await h().ctx.db.query<{ id: string }>("SELECT id FROM admin_accounts WHERE name = 'admin'");
    for (const row of rows) expect([row.account_id, row.client]).toEqual([adminAccount!.id, '127.0.0.1']);
    expect(rows.map((r) => r.details)).toEqual([
      { persons: 1, personIds: [personId], colour: 'yellow', reason: 'declared_symptoms', source: 'review', superseded: 0 },
      { colour: 'yellow', cid: approvedCid, personId, superseded: [] },
      { reasonGiven: true },
      { colour: 'yellow', cid: paperCid },
      {
        persons: 1,
        personIds: [personId],
        colour: 'red',
        reason: 'other',
        source: 'review',
        superseded: 0,
        from: expect.any(Number),
        to: expect.any(Number),
      },
      { cids: expect.arrayContaining([approvedCid, paperCid]), from: expect.any(Number), to: expect.any(Number) },
      {
        changed: ['travel', 'validityDays'],
        rules: { nothing: 'green', symptoms: 'queue', travel: 'yellow', contact: 'queue' },
        validityDays: 5,
        secondReviewer: { enabled: false, bulkThreshold: 100 },
      },
    ]);
    const text = withoutRandomIds(JSON.stringify(rows), [approvedCid, paperCid]);
    for (const secret of [name, '欧阳', idNumber, '7777', phone, 'Reason naming', 'symptoms":true'])
      expect(text, secret).not.toContain(secret);
    // …and the console's page of the log (and its CSV) says the same.
    const page = (await h().admin('GET', '/api/admin/audit?limit=7')).json() as { rows: { action: string }[] };
    expect(page.rows.map((r) => r.action)).toEqual([
      'review.settings',
      'application.revoke',
      'person.status',
      'application.paper_code',
      'application.reject',
      'application.approve',
      'person.status',
    ]);
    const csv = (await h().admin('GET', '/api/admin/audit.csv')).body;
    expect(csv).toContain(`,admin,application.approve,${queued.application.id},`);
    expect(csv).not.toMatch(/欧阳|110101199001017777|13912345678/);
    expect(
      (await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { travel: 'queue' }, validityDays: 7 })).statusCode,
    ).toBe(200);
  });

  it('a refused or failed review change writes no audit row (bad body, wrong state, unknown id, no permission, no issuer key)', async () => {
    const { application } = await pendingApplication(h());
    const approvedApp = ((await applyWith(h(), applicationBody(newHolder()))).json() as ApplicationCreated).application;
    const unknown = '00000000-0000-4000-8000-000000000000';
    const before = await counts(h());
    const refused = [
      ['POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'blue' }, 400],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: application.id }), { reason: '  ' }, 400],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: application.id }), { reason: 'not approved yet' }, 409],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: application.id }), { colour: 'red' }, 409],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: application.id }), undefined, 409],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: approvedApp.id }), { colour: 'green' }, 409],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: approvedApp.id }), { reason: 'too late' }, 409],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: unknown }), { colour: 'green' }, 404],
      ['POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: unknown }), { reason: 'who?' }, 404],
      ['PATCH', routeUrl('GET /api/admin/review/settings'), { validityDays: 0 }, 400],
    ] as const;
    for (const [method, url, body, status] of refused)
      expect((await h().admin(method, url, body)).statusCode, `${method} ${url}`).toBe(status);
    expect(await counts(h())).toEqual(before);

    // A server that cannot sign (its issuer key gone) refuses approval and paper codes with 503, writing nothing.
    const keys = h().ctx.keys as { issuer: unknown };
    const issuer = keys.issuer;
    keys.issuer = null;
    try {
      expect(
        (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: application.id }), { colour: 'green' }))
          .statusCode,
      ).toBe(503);
      expect(
        (await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: approvedApp.id }))).statusCode,
      ).toBe(503);
    } finally {
      keys.issuer = issuer;
    }
    expect(await counts(h())).toEqual(before);
  });

  it('a revocation and a colour change at once: the one that loses is refused whole (no delta, no decision, no audit row), so a colour never un-revokes a code', async () => {
    for (let round = 0; round < 3; round++) {
      const holder = newHolder();
      const { application } = (await applyWith(h(), applicationBody(holder))).json() as ApplicationCreated;
      const before = await counts(h());
      const [revoked, recoloured] = await Promise.all([
        h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: application.id }), { reason: 'phone lost' }),
        h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/status', { id: application.id }), { colour: 'green' }),
      ]);
      expect(revoked.statusCode, revoked.body).toBe(200);
      const after = await counts(h());
      const won = recoloured.statusCode === 200 ? 2 : 1;
      if (won === 1) expect(recoloured.statusCode, recoloured.body).toBe(409);
      expect([after.decisions - before.decisions, after.audit - before.audit, after.status - before.status]).toEqual([won, won, won]);
      expect((await scanHolderCode(h(), application.code!.bytes, holder, nowSeconds())).reason).toBe('revoked');
    }
  });
});
