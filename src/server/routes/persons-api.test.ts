// Persons (issue 14) on PGlite and PostgreSQL: one status per person that every code shows,
// each laundering path closed (renewal across an `until`, re-application after red, operator
// bulk on a revoked cid or a reviewed person, paper code, family agent), the second-reviewer
// rule, corrections, the holder's status and scans, input rules, the queue's pages, and a
// contact trace on seeded entries whose contacts are known.
import { randomUUID } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { b64uEncode, type EntryUpload } from '../../core/index.ts';
import { routeUrl } from '../../core/api/api-client.ts';
import type { StatusChangeResponse } from '../../core/api/admin-status.ts';
import type { ApplicationCreated, ApplicationView, HolderCorrectionList, HolderScanList, HolderStatus } from '../../core/api/holder.ts';
import type {
  ApplicationList,
  CorrectionList,
  PaperCode,
  PersonView,
  ProposalList,
  ProposalPending,
  ReviewApplication,
} from '../../core/api/review.ts';
import type { TraceResult } from '../../core/api/traces.ts';
import { accountWith } from '../test-support/console-account.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { applicationBody, applyWith, holderCall, newHolder, newIdNumber, scanHolderCode, scanText } from '../test-support/holder-client.ts';

const cluster = usePostgres();
const clear = { symptoms: false, travel: false, contact: false };
const DAY = 86_400;

async function approvedHolder(h: Harness, overrides: Parameters<typeof applicationBody>[1] = {}) {
  const holder = newHolder();
  const created = (await applyWith(h, applicationBody(holder, overrides))).json() as ApplicationCreated;
  expect(created.application.state).toBe('approved');
  return { holder, credential: created.credential, application: created.application };
}

const personOf = async (h: Harness, applicationId: string) =>
  ((await h.admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: applicationId }))).json() as ReviewApplication).personId!;

describe.each(DB_KINDS)('persons (%s)', (kind) => {
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, { settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } } });
  const now = () => Math.floor(h().clock.now / 1000);

  it('a change to red waits for a second reviewer: not the proposer, then it takes effect on every code of the person', async () => {
    const { holder, credential, application } = await approvedHolder(h());
    const personId = await personOf(h(), application.id);
    const proposed = await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: personId }), {
      colour: 'red',
      reason: 'confirmed_case',
    });
    expect(proposed.statusCode).toBe(202);
    const { proposal } = proposed.json() as ProposalPending;
    expect(proposal).toMatchObject({ state: 'pending', persons: 1, toRed: true, colour: 'red', sample: [{ personId }] });
    // Nothing changed yet; the proposer cannot confirm their own change.
    expect((await scanHolderCode(h(), application.code!.bytes, holder, now())).reason).toBe('ok');
    expect((await h().admin('POST', routeUrl('POST /api/admin/review/proposals/:id/confirm', { id: proposal.id }))).statusCode).toBe(409);
    const second = await accountWith(h(), 'reviewer');
    // The rules and the second-reviewer rule are an admin's settings, not a reviewer's.
    expect((await second('PATCH', routeUrl('GET /api/admin/review/settings'), { secondReviewer: { enabled: false } })).statusCode).toBe(
      403,
    );
    expect((await second('PATCH', routeUrl('GET /api/admin/review/settings'), { rules: { symptoms: 'green' } })).statusCode).toBe(403);
    const confirmed = await second('POST', routeUrl('POST /api/admin/review/proposals/:id/confirm', { id: proposal.id }));
    expect(confirmed.statusCode).toBe(200);
    expect(confirmed.json()).toMatchObject({ state: 'confirmed' });
    expect((await scanHolderCode(h(), application.code!.bytes, holder, now())).reason).toBe('status_red');
    const status = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id/status', { id: application.id }), credential)
    ).json() as HolderStatus;
    expect(status).toMatchObject({ colour: 'red', reason: 'confirmed_case', baseColour: 'red', correctionOpen: false });
    const person = (await h().admin('GET', routeUrl('GET /api/admin/review/persons/:id', { id: personId }))).json() as PersonView;
    expect(person.history.map((s) => s.colour)).toEqual(['green', 'red']);
    expect(person.history[1]!.confirmedBy).toBeDefined();
    expect(person.history[1]!.setBy).not.toBe(person.history[1]!.confirmedBy);
    // The console names the accounts (issue 14 item 7), resolved in the same query as the page.
    expect(person.history[1]).toMatchObject({ setByName: 'admin', confirmedByName: expect.stringMatching(/^reviewer-/) });
    const decided = (await h().admin('GET', `${routeUrl('GET /api/admin/review/proposals')}?state=confirmed`)).json() as ProposalList;
    expect(decided.proposals.find((p) => p.id === proposal.id)).toMatchObject({
      proposedByName: 'admin',
      decidedByName: expect.stringMatching(/^reviewer-/),
    });
  });

  it("the pending list names each proposal's own people (one query for the page)", async () => {
    const people = await Promise.all([approvedHolder(h()), approvedHolder(h())]);
    const ids = await Promise.all(people.map((p) => personOf(h(), p.application.id)));
    const proposed = [];
    for (const personId of ids) {
      const reply = await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: personId }), {
        colour: 'red',
        reason: 'confirmed_case',
      });
      proposed.push((reply.json() as ProposalPending).proposal.id);
    }
    const pending = (await h().admin('GET', `${routeUrl('GET /api/admin/review/proposals')}?state=pending`)).json() as ProposalList;
    const shown = proposed.map((id) => pending.proposals.find((p) => p.id === id));
    expect(shown.map((p) => p?.sample.map((s) => s.personId))).toEqual(ids.map((id) => [id]));
    for (const proposal of shown) expect(proposal!.sample[0]!.maskedName).toMatch(/\S/);
    // Decided, so the other tests see no pending change of theirs.
    for (const id of proposed) await h().admin('POST', routeUrl('POST /api/admin/review/proposals/:id/reject', { id }));
  });

  it('re-applying after red (same ID, same key, clear declaration) waits for a reviewer as a duplicate; approving it supersedes the older code', async () => {
    await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { secondReviewer: { enabled: false } });
    try {
      const idNumber = newIdNumber();
      const { holder, application } = await approvedHolder(h(), { idNumber });
      const personId = await personOf(h(), application.id);
      expect(
        (
          await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: personId }), {
            colour: 'red',
            reason: 'declared_symptoms',
          })
        ).statusCode,
      ).toBe(200);
      const again = (await applyWith(h(), applicationBody(holder, { idNumber, declaration: clear }))).json() as ApplicationCreated;
      expect(again.application).toMatchObject({ state: 'pending' });
      expect(again.application.code).toBeUndefined();
      const queued = (
        await h().admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: again.application.id }))
      ).json() as ReviewApplication;
      expect(queued).toMatchObject({ duplicate: true, personId, person: { status: { colour: 'red' } } });
      expect(queued.person!.applications.map((a) => a.id)).toEqual([application.id, again.application.id]);
      // Green would wash the red: it needs an explicit confirmation.
      expect(
        (
          await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: again.application.id }), {
            colour: 'green',
          })
        ).statusCode,
      ).toBe(409);
      const approved = await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/approve', { id: again.application.id }), {
        colour: 'red',
      });
      expect(approved.statusCode).toBe(200);
      expect((approved.json() as ReviewApplication).code!.colour).toBe('red');
      expect(approved.json() as ReviewApplication).toMatchObject({ reviewerName: 'admin' });
      expect((approved.json() as ReviewApplication).decisions.at(-1)).toMatchObject({ action: 'approve', reviewerName: 'admin' });
      expect((await scanHolderCode(h(), application.code!.bytes, holder, now())).reason).toBe('revoked');
    } finally {
      await h().admin('PATCH', routeUrl('GET /api/admin/review/settings'), { secondReviewer: { enabled: true } });
    }
  });

  it('an operator’s bulk status refuses a revoked cid and a reviewed person’s cid, line by line; nothing un-revokes', async () => {
    const operator = await accountWith(h(), 'operator');
    const revoked = await approvedHolder(h());
    expect(
      (
        await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: revoked.application.id }), {
          reason: 'phone lost',
        })
      ).statusCode,
    ).toBe(200);
    const reviewed = await approvedHolder(h());
    const reviewedPerson = await personOf(h(), reviewed.application.id);
    expect(
      (
        await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: reviewedPerson }), {
          colour: 'yellow',
          reason: 'travel_risk_area',
        })
      ).statusCode,
    ).toBe(200);
    const plain = b64uEncode(new Uint8Array(16).fill(7));
    const response = await operator('POST', '/api/admin/status', {
      changes: [
        { cid: revoked.application.code!.cid, status: 'green' },
        { cid: reviewed.application.code!.cid, status: 'green', until: now() + 60 },
        { cid: plain, status: 'yellow' },
      ],
    });
    expect(response.statusCode).toBe(200);
    const result = response.json() as StatusChangeResponse;
    expect(result.changed).toBe(1);
    expect(result.refused!.map((r) => [r.cid, r.why])).toEqual([
      [revoked.application.code!.cid, 'revoked'],
      [reviewed.application.code!.cid, 'reviewed_person'],
    ]);
    expect((await scanHolderCode(h(), revoked.application.code!.bytes, revoked.holder, now())).reason).toBe('revoked');
    expect((await scanHolderCode(h(), reviewed.application.code!.bytes, reviewed.holder, now())).reason).toBe('status_yellow');
    // Not even an admin un-revokes.
    const admin = (
      await h().admin('POST', '/api/admin/status', { changes: [{ cid: revoked.application.code!.cid, status: 'green' }] })
    ).json() as StatusChangeResponse;
    expect(admin.refused).toEqual([expect.objectContaining({ why: 'revoked' })]);
  });

  it('a status change by cid applies to the whole person: a paper code and the holder code show it, with its until', async () => {
    const { holder, application } = await approvedHolder(h());
    const paper = (
      await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: application.id }))
    ).json() as PaperCode;
    const until = now() + 120;
    const result = (
      await h().admin('POST', '/api/admin/status', {
        changes: [{ cid: application.code!.cid, status: 'yellow', until }],
        reason: 'close_contact',
      })
    ).json() as StatusChangeResponse;
    expect(result.changed).toBe(1);
    expect((await scanText(h(), paper.text, now())).reason).toBe('status_yellow');
    expect((await scanHolderCode(h(), application.code!.bytes, holder, now())).reason).toBe('status_yellow');
    // A paper code printed now prints the base (green) and lists the yellow until it lapses.
    const later = (
      await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/paper-code', { id: application.id }))
    ).json() as PaperCode;
    expect(later.colour).toBe('green');
    expect((await scanText(h(), later.text, now())).reason).toBe('status_yellow');
    h().clock.advance(121_000);
    expect((await scanText(h(), later.text, now())).reason).toBe('ok');
    expect((await scanText(h(), paper.text, now())).reason).toBe('ok');
  });

  it('a family agent applying four times for one member gets one application approved, the rest wait as duplicates', async () => {
    const agent = newHolder();
    const idNumber = newIdNumber();
    const replies: ApplicationView[] = [];
    for (let i = 0; i < 4; i++)
      replies.push(
        ((await applyWith(h(), applicationBody(agent, { idNumber, relation: 'parent', name: '李四' }))).json() as ApplicationCreated)
          .application,
      );
    expect(replies.map((a) => a.state)).toEqual(['approved', 'pending', 'pending', 'pending']);
    const list = (await h().admin('GET', `${routeUrl('GET /api/admin/review/applications')}?limit=200`)).json() as ApplicationList;
    expect(list.applications.filter((a) => replies.some((r) => r.id === a.id)).every((a) => a.duplicate)).toBe(true);
  });

  it('refuses a name of invisible characters, bidi controls, and a holder key of small order; writes nothing', async () => {
    const before = await h().count('holder_applications');
    for (const [overrides, field] of [
      [{ name: '\u200b\u2060\u200b' }, 'name'],
      [{ name: '\u202e张三' }, 'name'],
      [{ idNumber: '4403\u202e01199001011234' }, 'idNumber'],
      [{ holderKey: b64uEncode(new Uint8Array(32)) }, 'holderKey'],
      [{ holderKey: b64uEncode(Uint8Array.from([1, ...new Array(31).fill(0)])) }, 'holderKey'],
    ] as const) {
      const response = await applyWith(h(), applicationBody(newHolder(), overrides));
      expect(response.statusCode, JSON.stringify(overrides)).toBe(400);
      expect(response.json().field).toBe(field);
    }
    expect(await h().count('holder_applications')).toBe(before);
  });

  it('a holder contests a status; the console lists it with the oldest’s age; the reviewer’s reply reaches the holder', async () => {
    const { credential, application } = await approvedHolder(h());
    const asked = await h().app.inject({
      method: 'POST',
      url: routeUrl('GET /api/holder/applications/:id/corrections', { id: application.id }),
      headers: { authorization: `Bearer ${credential}` },
      payload: { text: 'I was never there' },
    });
    expect(asked.statusCode).toBe(201);
    const open = (await h().admin('GET', routeUrl('GET /api/admin/review/corrections'))).json() as CorrectionList;
    const mine = open.corrections.find((c) => c.applicationId === application.id)!;
    expect(mine).toMatchObject({ text: 'I was never there', state: 'open', status: { colour: 'green' } });
    expect(open.open).toBeGreaterThanOrEqual(1);
    expect(open.oldestOpenAt).toBeLessThanOrEqual(mine.createdAt);
    const answered = await h().admin('POST', routeUrl('POST /api/admin/review/corrections/:id/answer', { id: mine.id }), {
      decision: 'keep',
      reply: 'The record stands.',
    });
    expect(answered.statusCode).toBe(200);
    const seen = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id/corrections', { id: application.id }), credential)
    ).json() as HolderCorrectionList;
    expect(seen.corrections[0]).toMatchObject({ state: 'kept', reply: 'The record stands.' });
    // Another application's credential reads nothing of it.
    const other = await approvedHolder(h());
    expect(
      (await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id/corrections', { id: application.id }), other.credential))
        .statusCode,
    ).toBe(401);
  });

  it('pages the queue without a limit of 100: every pending application once, oldest first', async () => {
    for (let i = 0; i < 5; i++) await applyWith(h(), applicationBody(newHolder(), { declaration: { ...clear, symptoms: true } }));
    const seen: string[] = [];
    let after: string | null = null;
    do {
      const page = (
        await h().admin(
          'GET',
          `${routeUrl('GET /api/admin/review/applications')}?limit=2${after ? `&after=${encodeURIComponent(after)}` : ''}`,
        )
      ).json() as ApplicationList;
      expect(page.applications.length).toBeLessThanOrEqual(2);
      seen.push(...page.applications.map((a) => a.id));
      after = page.next;
    } while (after);
    const all = (await h().admin('GET', `${routeUrl('GET /api/admin/review/applications')}?limit=200`)).json() as ApplicationList;
    expect(seen).toEqual(all.applications.map((a) => a.id));
    expect(new Set(seen).size).toBe(all.total);
  });

  it('traces the contacts of a case from seeded entries, exactly; the proposed yellow reaches the contacts’ codes and the holder sees where', async () => {
    const north = await h().enroll('North Gate');
    const east = await h().enroll('East Gate');
    const case_ = await approvedHolder(h());
    const near = await approvedHolder(h());
    const nearToo = await approvedHolder(h());
    const far = await approvedHolder(h());
    const elsewhere = await approvedHolder(h());
    const t0 = h().clock.now - 3 * DAY * 1000;
    const at = (minutes: number) => t0 + minutes * 60_000;
    const entry = (cid: string, time: number): EntryUpload => ({
      id: randomUUID(),
      time,
      checkpoint: 'gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid,
      kid: 'AAECAwQFBgc',
    });
    const upload = (credential: string, entries: EntryUpload[]) =>
      h().app.inject({ method: 'POST', url: '/api/entries', headers: { authorization: `Bearer ${credential}` }, payload: { entries } });
    expect(
      (
        await upload(north.credential, [
          entry(case_.application.code!.cid, at(0)),
          entry(near.application.code!.cid, at(10)), // within 15 minutes
          entry(nearToo.application.code!.cid, at(-14)),
          entry(far.application.code!.cid, at(16)), // outside the window
        ])
      ).statusCode,
    ).toBe(200);
    expect((await upload(east.credential, [entry(elsewhere.application.code!.cid, at(1))])).statusCode).toBe(200);
    const tracer = await accountWith(h(), 'tracer');
    expect(
      (await tracer('POST', routeUrl('POST /api/admin/traces'), { cid: case_.application.code!.cid, days: 14, windowMinutes: 15 }))
        .statusCode,
    ).toBe(400);
    const traced = await tracer('POST', routeUrl('POST /api/admin/traces'), {
      cid: case_.application.code!.cid,
      days: 14,
      windowMinutes: 15,
      reason: 'confirmed case 2026-12-07',
    });
    expect(traced.statusCode).toBe(200);
    const trace = traced.json() as TraceResult;
    const byPerson = new Map(trace.contacts.map((c) => [c.cids[0], c]));
    expect([...byPerson.keys()].sort()).toEqual([near.application.code!.cid, nearToo.application.code!.cid].sort());
    expect(byPerson.get(near.application.code!.cid)!.overlaps).toEqual([
      { checkpointId: north.checkpointId, checkpointName: 'North Gate', at: at(10), caseAt: at(0) },
    ]);
    expect(byPerson.get(near.application.code!.cid)!.maskedName).toBe('张*明');
    const [audited] = await h().ctx.db.query<{ details: { reason: string; contacts: number } }>(
      "SELECT details FROM audit_log WHERE action = 'trace.run' ORDER BY id DESC LIMIT 1",
    );
    expect(audited!.details).toMatchObject({ reason: 'confirmed case 2026-12-07', contacts: 2 });
    // A tracer proposes; a reviewer confirms; one delta; the holder sees where and when.
    const proposed = await tracer('POST', routeUrl('POST /api/admin/traces/:id/proposal', { id: trace.traceId }), {});
    expect(proposed.statusCode).toBe(202);
    const { proposal } = proposed.json() as ProposalPending;
    expect(proposal).toMatchObject({ persons: 2, colour: 'yellow', reason: 'close_contact' });
    const head = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json() as { seq: number };
    expect((await h().admin('POST', routeUrl('POST /api/admin/review/proposals/:id/confirm', { id: proposal.id }))).statusCode).toBe(200);
    const after = (await h().app.inject({ method: 'GET', url: '/api/status/head' })).json() as { seq: number };
    expect(after.seq - head.seq).toBe(2);
    expect((await scanHolderCode(h(), near.application.code!.bytes, near.holder, now())).reason).toBe('status_yellow');
    expect((await scanHolderCode(h(), far.application.code!.bytes, far.holder, now())).reason).toBe('ok');
    const status = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id/status', { id: near.application.id }), near.credential)
    ).json() as HolderStatus;
    expect(status).toMatchObject({
      colour: 'yellow',
      reason: 'close_contact',
      baseColour: 'green',
      until: Math.floor(at(10) / 1000) + 14 * DAY,
      detail: { checkpointName: 'North Gate', at: at(10) },
    });
    // The holder sees their own scans, nobody else's.
    const scans = (
      await holderCall(h(), 'GET', routeUrl('GET /api/holder/applications/:id/scans', { id: near.application.id }), near.credential)
    ).json() as HolderScanList;
    expect(scans.scans).toEqual([
      { cid: near.application.code!.cid, checkpointName: 'North Gate', at: at(10), result: 'ok', decision: 'admit' },
    ]);
    // An operator may not trace.
    const operator = await accountWith(h(), 'operator');
    expect((await operator('POST', routeUrl('POST /api/admin/traces'), { cid: case_.application.code!.cid, reason: 'x' })).statusCode).toBe(
      403,
    );
  });

  // Last: it moves the clock days ahead (past the admin session).
  it('renewal across an until: the temporary colour lapses to the base on every code, the renewed one too', async () => {
    const { holder, credential, application } = await approvedHolder(h());
    const personId = await personOf(h(), application.id);
    // The base becomes yellow (not red: no second reviewer needed), then a temporary green for 60 s.
    expect(
      (
        await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: personId }), {
          colour: 'yellow',
          reason: 'test_result',
        })
      ).statusCode,
    ).toBe(200);
    const until = now() + 60;
    const temp = await h().admin('POST', routeUrl('POST /api/admin/review/persons/:id/status', { id: personId }), {
      colour: 'green',
      until,
      reason: 'test_result',
    });
    expect(temp.statusCode).toBe(200);
    // The first code printed green cannot show "green until, then yellow": it is superseded.
    expect((await scanHolderCode(h(), application.code!.bytes, holder, now())).reason).toBe('revoked');
    const renewed = (
      await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(renewed.code!.colour).toBe('yellow');
    expect(renewed.code!.cid).not.toBe(application.code!.cid);
    expect((await scanHolderCode(h(), renewed.code!.bytes, holder, now())).reason).toBe('ok');
    h().clock.advance(61_000);
    expect((await scanHolderCode(h(), renewed.code!.bytes, holder, now())).reason).toBe('status_yellow');
    // Renewing after the until prints the base again, never the lapsed green.
    h().clock.advance(4 * DAY * 1000);
    const again = (
      await holderCall(h(), 'POST', routeUrl('POST /api/holder/applications/:id/renew', { id: application.id }), credential)
    ).json() as ApplicationView;
    expect(again.code!.colour).toBe('yellow');
    expect(again.status).toMatchObject({ colour: 'yellow', baseColour: 'yellow' });
  });
});
